package catalog

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestRowsFormulaText: a catalog name or source a spreadsheet would run as a formula is
// written quoted ('=…) and read back as it was.
func TestRowsFormulaText(t *testing.T) {
	cases := []struct {
		name string
		row  Row
		want string // in the CSV
	}{
		{"formula name", Row{Scheme: Functional, Code: "2010101", Name: "=1+1", Kind: "official", Count: 1}, "'=1+1"},
		{"at sign source", Row{Scheme: Functional, Code: "201", Name: "一般公共服务支出", Sources: []string{"@SUM(1,2).xlsx"}}, `"'@SUM(1,2).xlsx"`},
		{"plain", Row{Scheme: Functional, Code: "201", Name: "一般公共服务支出"}, "一般公共服务支出"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteRows(&b, []Row{c.row}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), ","+c.want) {
				t.Errorf("CSV %q lacks %q", b.String(), c.want)
			}
			rows, err := ReadRows(&b)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || !reflect.DeepEqual(rows[0], c.row) {
				t.Errorf("read back %+v, want %+v", rows, c.row)
			}
		})
	}
}
