package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/export/exporttest"
)

func crossMeta() Meta {
	return Meta{DocID: "xian-2022", SourceFile: "testdata/cross.pdf", ToolVersion: "test", ConvertedAt: "2026-01-02T03:04:05Z"}
}

// TestXLSXCodeColumns checks that every code column shows its own codes: the subject code,
// a cross-classified row's other classification, a unit number, 类/款/项 digits.
func TestXLSXCodeColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, exporttest.CrossClassified(t), crossMeta()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	cases := []struct {
		name  string
		sheet int // table index
		cell  string
		want  string
	}{
		{"subject code", 0, "B6", "30101"},
		{"government economic code, not the subject's", 0, "D6", "50101"},
		{"same subject, other government code", 0, "D8", "50905"},
		{"same subject, first government code", 0, "D7", "50101"},
		{"no other code printed stays blank", 0, "D5", ""},
		{"other code's name as printed", 0, "E8", "离退休费"},
		{"code-name subject as printed", 1, "A4", "2050803-培训支出"},
		{"code-name government economic", 1, "B5", "50502-商品和服务支出"},
		{"code-name department economic", 1, "C5", "30216-培训费"},
		{"unit number, not a subject", 2, "B5", "271"},
		{"unit number with leading digits kept", 2, "B6", "271001"},
		{"total row has no unit number", 2, "B4", ""},
		{"three 科目编码 columns are 类", 3, "A5", "201"},
		{"three 科目编码 columns are 款", 3, "B5", "03"},
		{"three 科目编码 columns are 项", 3, "C5", "01"},
		{"a 类 row leaves 款 blank", 3, "B4", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := f.GetCellValue(sheets[c.sheet], c.cell)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("%s!%s = %q, want %q", sheets[c.sheet], c.cell, got, c.want)
			}
			if got == "" {
				return
			}
			// Codes are text: a number would lose 03's zero and sort as a number.
			typ, err := f.GetCellType(sheets[c.sheet], c.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeSharedString {
				t.Errorf("type %v, want text", typ)
			}
		})
	}
}

// TestOtherCodes checks the other classifications in the long form (cells.csv, Parquet)
// and in document.json.
func TestOtherCodes(t *testing.T) {
	doc := exporttest.CrossClassified(t)
	out := t.TempDir()
	w, err := WriteDocument(out, doc, crossMeta(), AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSVFile(t, filepath.Join(out, "xian-2022", DocCellsFile))
	// Columns are only ever added at the end: other_codes keeps the place it was added at.
	if !slices.Equal(recs[0], CellColumns) || slices.Index(recs[0], "other_codes") != 29 {
		t.Fatalf("header %q: other_codes must stay the 30th column", recs[0])
	}
	rows, err := parquet.ReadFile[ParquetCell](filepath.Join(out, w.Parquet))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs)-1 {
		t.Fatalf("parquet %d rows, csv %d", len(rows), len(recs)-1)
	}
	idx := func(name string) int { return slices.Index(CellColumns, name) }
	cases := []struct {
		table, row, path string
		want             string
	}{
		{"1", "3", "合计", "economic_gov:50101"},
		{"1", "5", "人员经费支出", "economic_gov:50905"},
		{"1", "2", "合计", ""},
		{"1", "1", "合计", ""},
		{"2", "1", "合计", "economic_gov:50203;economic:30216"},
		{"2", "2", "合计", "economic_gov:50502;economic:30216"},
		{"3", "2", "合计", ""},
	}
	for _, c := range cases {
		found := false
		for i, r := range recs[1:] {
			if r[idx("table_seq")] != c.table || r[idx("row_seq")] != c.row || r[idx("column_path")] != c.path {
				continue
			}
			found = true
			if got := r[idx("other_codes")]; got != c.want {
				t.Errorf("cells.csv table %s row %s %s: other_codes %q, want %q", c.table, c.row, c.path, got, c.want)
			}
			if got := rows[i].OtherCodes; got != c.want {
				t.Errorf("parquet table %s row %s %s: other_codes %q, want %q", c.table, c.row, c.path, got, c.want)
			}
		}
		if !found {
			t.Errorf("no cell table %s row %s %s", c.table, c.row, c.path)
		}
	}

	jd := readJSONFile(t, filepath.Join(out, "xian-2022", JSONFile))
	got := jd.Tables[1].Rows[1].OtherCodes
	if want := doc.Tables[1].Rows[1].OtherCodes; !slices.Equal(got, want) {
		t.Errorf("document.json other_codes %+v, want %+v", got, want)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readCSV(t, b)
}

func readJSONFile(t *testing.T, path string) *JSONDocument {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}
