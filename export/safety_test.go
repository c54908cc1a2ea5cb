package export

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// hostileDoc is the sample with names a spreadsheet would run as formulas, a negative
// amount, and text whose bytes are not UTF-8 (a damaged text layer).
func hostileDoc(t *testing.T) *normalize.Document {
	doc := sampleDoc(t)
	gpb := doc.Tables[1]
	names := []string{"=1+1", "@SUM(1,2)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=2", "'=3", "bad\xff\xfename"}
	for i, n := range names {
		gpb.Rows[i].Name = n
	}
	// 事业运行 合计 printed as a negative amount: a number, not a formula.
	gpb.Rows[4].Values[4] = exporttest.Val(t, "-12.50", "元", 4, 300, 160)
	// A value whose printed bytes are damaged.
	gpb.Rows[3].Values[4].Raw = "9,829,500.35\xc3"
	gpb.Title = "=HYPERLINK(\"http://x\",\"表\")"
	doc.Findings = append(doc.Findings, normalize.Finding{Rule: rules.HierarchySum, Severity: normalize.SeverityError,
		Message: "=cmd bad\xff", Printed: "-12.50", Expected: "-3+4",
		Refs: []normalize.Ref{{Table: 2, Row: 1, Column: 4, Name: "@evil", Path: "-x", Page: 4}}})
	doc.Problems = append(doc.Problems, tables.Problem{Page: 9, Message: "p. 9: unsupported filter /\x1b]0;x\a\xffDecode"})
	return doc
}

func TestCSVFormulaAndUTF8(t *testing.T) {
	out := t.TempDir()
	doc := hostileDoc(t)
	meta := sampleMeta()
	meta.SourceFile = "in/=evil\xff.pdf"
	if _, err := WriteDocument(out, doc, meta, AllFormats); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, meta.DocID)
	read := func(p string) [][]string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Errorf("%s is not valid UTF-8", p)
		}
		return readCSV(t, b)
	}
	table := read(filepath.Join(dir, TablesDir, "02_gpb_expenditure.csv"))
	cells := read(filepath.Join(dir, DocCellsFile))
	findings := read(filepath.Join(dir, FindingsFile))
	col := func(header []string, name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, header)
		return -1
	}
	// Table CSV: name column by row; cells.csv: name and value of the rows of table 2.
	cases := []struct {
		row                  int    // 1-based row of table 2
		name, keyName, value string // keyName: the table CSV's name (spaces, tabs, wraps removed)
	}{
		{1, "'=1+1", "'=1+1", "12502950.35"},
		{2, "'@SUM(1,2)", "'@SUM(1,2)", "12029500.35"},
		{3, "'+cmd|' /C calc'!A0", "'+cmd|'/Ccalc'!A0", "12029500.35"},
		{4, "'-2+3", "'-2+3", "9829500.35"},
		{5, "'\t=1", "'=1", "-12.50"}, // the negative amount stays a number
		{6, "'\r=2", "'=2", "473450.00"},
		{7, "''=3", "''=3", "473450.00"},
		{8, "bad\uFFFDname", "bad\uFFFDname", "473450.00"},
	}
	for _, c := range cases {
		if got := table[c.row][col(table[0], "name")]; got != c.keyName {
			t.Errorf("table row %d name %q, want %q", c.row, got, c.keyName)
		}
		if got := table[c.row][col(table[0], "合计")]; got != c.value {
			t.Errorf("table row %d 合计 %q, want %q", c.row, got, c.value)
		}
		found := false
		for _, r := range cells[1:] {
			if r[col(cells[0], "table_seq")] == "2" && r[col(cells[0], "row_seq")] == itoaNonZero(c.row) && r[col(cells[0], "column_index")] == "4" {
				found = true
				if r[col(cells[0], "name")] != c.name || r[col(cells[0], "value")] != c.value {
					t.Errorf("cells.csv row %d: name %q value %q, want %q %q", c.row, r[col(cells[0], "name")], r[col(cells[0], "value")], c.name, c.value)
				}
				if r[col(cells[0], "table_title")] != `'=HYPERLINK("http://x","表")` || r[col(cells[0], "source_file")] != "in/=evil\uFFFD.pdf" {
					t.Errorf("cells.csv title %q source %q", r[col(cells[0], "table_title")], r[col(cells[0], "source_file")])
				}
			}
		}
		if !found {
			t.Errorf("cells.csv has no cell for table 2 row %d column 4", c.row)
		}
	}
	// The damaged value's repair is visible in its cell's repairs.
	for _, r := range cells[1:] {
		if r[col(cells[0], "table_seq")] == "2" && r[col(cells[0], "row_seq")] == "4" && r[col(cells[0], "column_index")] == "4" {
			if !strings.Contains(r[col(cells[0], "repairs")], `"invalid_utf8"`) || !strings.Contains(r[col(cells[0], "repairs")], `9,829,500.35\\xc3`) {
				t.Errorf("damaged cell's repairs %q", r[col(cells[0], "repairs")])
			}
		}
	}
	// findings.csv: the added finding (text escaped, a printed number kept, an expression quoted).
	var hit []string
	for _, r := range findings[1:] {
		if r[col(findings[0], "name")] == "'@evil" {
			hit = r
		}
	}
	if hit == nil {
		t.Fatalf("finding not written: %q", findings)
	}
	for name, want := range map[string]string{"printed": "-12.50", "expected": "'-3+4", "column_path": "'-x", "detail": "'=cmd bad\uFFFD", "table_title": `'=HYPERLINK("http://x","表")`} {
		if got := hit[col(findings[0], name)]; got != want {
			t.Errorf("findings.csv %s %q, want %q", name, got, want)
		}
	}

	// xlsx: shared strings, so a formula-looking name is a text cell, never a formula.
	f, err := excelize.OpenFile(filepath.Join(dir, meta.DocID+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	formulas, texts := 0, 0
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, row := range rows {
			for c, v := range row {
				if v != "=1+1" && v != "@SUM(1,2)" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					formulas++
				}
				if ty, _ := f.GetCellType(sh, ref); ty == excelize.CellTypeSharedString || ty == excelize.CellTypeInlineString {
					texts++
				}
			}
		}
	}
	if formulas != 0 || texts < 2 {
		t.Errorf("xlsx: %d formula cells, %d text cells with the hostile names", formulas, texts)
	}
	// Every part of the workbook, document.json and the Parquet strings are valid UTF-8.
	z, err := zip.OpenReader(filepath.Join(dir, meta.DocID+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, zf := range z.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !utf8.Valid(b) {
			t.Errorf("xlsx part %s is not valid UTF-8", zf.Name)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, JSONFile)); !utf8.Valid(b) || !strings.Contains(string(b), "bad\uFFFDname") {
		t.Error("document.json: invalid UTF-8 or the repaired name missing")
	}
	rows, err := parquet.ReadFile[ParquetCell](filepath.Join(out, ParquetDir, ParquetPartition(doc), meta.DocID+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !utf8.ValidString(r.Name) || !utf8.ValidString(r.SourceFile) || !utf8.ValidString(r.TableTitle) {
			t.Errorf("parquet row %d/%d: invalid UTF-8", r.TableSeq, r.RowSeq)
		}
	}
}
