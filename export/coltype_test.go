package export

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/parquet-go/parquet-go"
)

// TestColumnTypes: cells.csv and Parquet say what each value measures; only money has a
// value in 元 — empty in CSV, NULL in Parquet for a percent, a count or money of unknown unit,
// never 0.
func TestColumnTypes(t *testing.T) {
	money := exporttest.Val(t, "13.9493", "万元", 6, 50, 200)
	pct := exporttest.Val(t, "-12.50", "%", 6, 140, 200)
	pct.Type, pct.Yuan = normalize.TypePercent, nil
	count := exporttest.Val(t, "3", "辆", 6, 230, 200)
	count.Type, count.Yuan = normalize.TypeCount, nil
	unknown := exporttest.Val(t, "8.00", "", 6, 320, 200)
	unknown.Yuan = nil
	tb := &normalize.Table{Seq: 1, Kind: tables.KindThreePublic, Title: "“三公”经费支出表", Unit: "万元", Pages: []int{6},
		Columns: []tables.Column{
			exporttest.Col(tables.RoleAmount, "", "合计"), exporttest.Col(tables.RoleAmount, "", "增减(%)"),
			exporttest.Col(tables.RoleAmount, "", "车辆数（辆）"), exporttest.Col(tables.RoleAmount, "", "其他"),
		},
		Rows: []*normalize.Row{{Seq: 1, Kind: normalize.RowItem, Page: 6, Values: []normalize.Value{money, pct, count, unknown}}},
	}
	doc := &normalize.Document{File: "t.pdf", Pages: 6, Year: 2025, DocKind: "budget", Tables: []*normalize.Table{tb}, Findings: []normalize.Finding{}}
	out := t.TempDir()
	w, err := WriteDocument(out, doc, crossMeta(), AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSVFile(t, filepath.Join(out, "xian-2022", DocCellsFile))
	idx := func(name string) int { return slices.Index(CellColumns, name) }
	want := [][3]string{{"money", "万元", "139493"}, {"percent", "%", ""}, {"count", "辆", ""}, {"money", "", ""}}
	if len(recs) != 1+len(want) {
		t.Fatalf("%d rows", len(recs))
	}
	for i, w := range want {
		r := recs[1+i]
		if got := [3]string{r[idx("column_type")], r[idx("unit")], r[idx("value_yuan")]}; got != w {
			t.Errorf("cell %d: column_type, unit, value_yuan = %q, want %q", i, got, w)
		}
	}
	rows, err := parquet.ReadFile[ParquetCell](filepath.Join(out, w.Parquet))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if (r.ValueYuan != nil) != (want[i][2] != "") || r.ColumnType != want[i][0] {
			t.Errorf("parquet cell %d: column_type %q, value_yuan set %v", i, r.ColumnType, r.ValueYuan != nil)
		}
	}
}
