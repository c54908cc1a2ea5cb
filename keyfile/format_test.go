package keyfile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestKeyTextColumns: a table's text columns (ManifestTable.Text) round-trip through
// Write and Read row for row, a key without them reads as before, and a text CSV whose
// rows do not match the table's is refused with both file names.
func TestKeyTextColumns(t *testing.T) {
	table := Table{Header: []string{"code", "name", "预算金额"}, Rows: [][]string{{"", "合计", "21069995"}, {"2101505", "DRGs国家试点工作经费", "150000"}}}
	text := Table{Header: []string{"单位编码", "采购目录"}, Rows: [][]string{{"", ""}, {"", "A020199其他计算机设备及软件"}}}
	tests := []struct {
		name    string
		text    *Table
		corrupt func(dir string) error
		wantErr string
	}{
		{name: "no text columns"},
		{name: "text columns", text: &text},
		{name: "rows do not match", text: &text, corrupt: func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "01_procurement.text.csv"), []byte("单位编码,采购目录\n,\n"), 0o644)
		}, wantErr: "01_procurement.text.csv has 1 rows, 01_procurement.csv has 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := &Key{Dir: filepath.Join(t.TempDir(), "doc"), Manifest: Manifest{Document: "doc", Source: "doc.pdf",
				Tables: []ManifestTable{{File: "01_procurement.csv", Title: "政府采购", Kind: "procurement", Unit: "元", Rows: 2}}},
				Tables: map[string]Table{"01_procurement.csv": table}}
			if tc.text != nil {
				k.Manifest.Tables[0].Text = "01_procurement.text.csv"
				k.Texts = map[string]Table{"01_procurement.csv": *tc.text}
			}
			if err := Write(k); err != nil {
				t.Fatal(err)
			}
			if tc.corrupt != nil {
				if err := tc.corrupt(k.Dir); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Read(k.Dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Tables, k.Tables) || !reflect.DeepEqual(got.Texts, k.Texts) {
				t.Errorf("read back tables %v texts %v, want %v %v", got.Tables, got.Texts, k.Tables, k.Texts)
			}
		})
	}
}
