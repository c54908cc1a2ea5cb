package normalize

import (
	"os"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/tables"
)

// TestSubjectCodeSchemes: a bare subject name of the narrative (`津贴补贴 250 万元`) that no
// table of its section prints under that name is mapped in every scheme of the section's
// tables. The seed's 五、…一般公共预算当年拨款情况说明 is about functional tables and the
// economic 表6: once only the section's first table chose the scheme, so an economic subject
// was never found there (staticcheck SA4004: a loop that always broke after one pass).
func TestSubjectCodeSchemes(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		corpus.Missing(t, seedPath, err)
	}
	heading := func(prefix string) []tables.Kind {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, prefix) {
				return sectionKinds(strings.ReplaceAll(l, " ", ""))
			}
		}
		t.Fatalf("seed: no heading starts with %q", prefix)
		return nil
	}
	const (
		grant = "五、关于昌吉高新区管委会" // 一般公共预算当年拨款: functional first
		basic = "六、关于昌吉高新区管委会" // 一般公共预算基本支出: economic first
		fund  = "八、关于昌吉高新区管委会" // 政府性基金: functional only
	)
	for _, tc := range []struct {
		name, heading, subject string
		dropBasic              bool // leave 表6 out: the name is then found in the catalog only
		want                   string
	}{
		{"当年拨款, 表6 prints it", grant, "津贴补贴", false, "30102"},
		{"当年拨款, catalog only: economic", grant, "津贴补贴", true, "30102"},
		{"当年拨款, catalog only: functional", grant, "住房保障支出", true, "221"},
		{"基本支出, catalog only", basic, "津贴补贴", true, "30102"},
		{"政府性基金, an economic name", fund, "津贴补贴", true, ""},
		{"unknown name", grant, "增资预留", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := seedDocument(t)
			if tc.dropBasic {
				var keep []*tables.Table
				for _, tb := range src.Tables {
					if tb.Kind != tables.KindGPBBasic {
						keep = append(keep, tb)
					}
				}
				src.Tables = keep
			}
			n, err := newNormalizer(src, &Document{File: src.File}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range src.Tables {
				n.table(tb)
			}
			if got := n.subjectCode(tc.subject, heading(tc.heading)); got != tc.want {
				t.Errorf("subjectCode(%s) = %q, want %q", tc.subject, got, tc.want)
			}
		})
	}
}
