package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestCorrectionSurvivesResume: a correction stored beside a converted document makes
// --resume reconvert it (and only when the corrections change), and the corrected value,
// marked as a correction, is in every format: the workbook, the table CSV, findings.csv,
// the document's and the run's cells.csv, document.json and the Parquet file.
func TestCorrectionSurvivesResume(t *testing.T) {
	in, err := Expand([]string{"../fixtures/sample/changji-hitech-zone-2026-budget.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opts := BatchOptions{Out: out, Resume: true, ToolVersion: "test"}
	run := func(want Status) DocResult {
		t.Helper()
		sum, err := RunBatch(context.Background(), in, opts)
		if err != nil {
			t.Fatal(err)
		}
		if r := sum.Results[0]; r.Status != want {
			t.Fatalf("status %s (%s), want %s", r.Status, r.Error, want)
		}
		return sum.Results[0]
	}
	run(StatusConverted)
	run(StatusSkipped)

	id := in[0].DocID
	fix := corrections.Correction{Kind: corrections.KindValue, Table: 3, Row: 61, Column: 4, RowLabel: "行政单位医疗",
		Old: "55", New: "56", Why: "基本支出 56 + 项目支出 0", By: "tester"}
	if _, err := corrections.Add(corrections.Path(filepath.Join(out, id)), id, "", fix, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := run(StatusConverted)
	if r.CorrectionsSHA256 == "" {
		t.Errorf("conversion.json does not record the corrections it applied")
	}
	run(StatusSkipped)
	checkCorrected(t, out, r, "56", true)

	// Without the corrections file the next resume reconverts the document as printed.
	if err := os.Remove(corrections.Path(filepath.Join(out, id))); err != nil {
		t.Fatal(err)
	}
	r = run(StatusConverted)
	checkCorrected(t, out, r, "55", false)
}

// checkCorrected looks for table 3 row 61 column 4 of the sample in every output.
func checkCorrected(t *testing.T, out string, r DocResult, want string, marked bool) {
	t.Helper()
	dir := filepath.Join(out, r.DocID)
	f, err := os.Open(filepath.Join(dir, export.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	jd, err := export.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	v := jd.Tables[2].Rows[60].Values[4]
	if v.Amount.String() != want || hasCorrection(v.Repairs) != marked {
		t.Errorf("document.json: %s repairs %+v; want %s marked %v", v.Amount, v.Repairs, want, marked)
	}

	// Table CSV: the row of code 2101101.
	var csvFile string
	for _, nt := range keyfile.Tables(jd.Document) {
		if nt.Table.Seq == 3 {
			csvFile = nt.File
		}
	}
	kt, err := keyfile.ReadCSV(filepath.Join(dir, export.TablesDir, csvFile))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	codeCol, totalCol := slices.Index(kt.Header, "code"), slices.Index(kt.Header, "合计")
	for _, row := range kt.Rows {
		if row[codeCol] == "2101101" {
			found = true
			if got := row[totalCol]; got != want {
				t.Errorf("%s: 2101101 合计 %q, want %s", csvFile, got, want)
			}
		}
	}
	if !found {
		t.Errorf("%s: no row 2101101", csvFile)
	}

	// cells.csv, the document's and the run's.
	col := func(name string) int { return slices.Index(export.CellColumns, name) }
	for _, p := range []string{filepath.Join(dir, export.DocCellsFile), filepath.Join(out, export.RunCellsFile)} {
		n := 0
		for _, c := range readCSVFile(t, p)[1:] {
			if c[col("table_seq")] == "3" && c[col("row_seq")] == "61" && c[col("column_index")] == "4" {
				n++
				if c[col("value")] != want || strings.Contains(c[col("repairs")], `"correction"`) != marked {
					t.Errorf("%s: value %s repairs %s; want %s marked %v", p, c[col("value")], c[col("repairs")], want, marked)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d rows for the cell", p, n)
		}
	}

	// findings.csv lists the correction.
	applied := false
	for _, c := range readCSVFile(t, filepath.Join(dir, export.FindingsFile))[1:] {
		applied = applied || c[2] == string(corrections.RuleApplied)
	}
	if applied != marked {
		t.Errorf("findings.csv lists the correction: %v, want %v", applied, marked)
	}

	// Parquet.
	rows, err := parquet.ReadFile[export.ParquetCell](filepath.Join(out, filepath.FromSlash(r.Parquet)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range rows {
		if c.TableSeq == 3 && c.RowSeq == 61 && c.ColumnIndex == 4 {
			n++
			if c.Value != want || strings.Contains(c.Repairs, `"correction"`) != marked {
				t.Errorf("parquet: value %s repairs %s; want %s marked %v", c.Value, c.Repairs, want, marked)
			}
		}
	}
	if n != 1 {
		t.Errorf("parquet: %d rows for the cell", n)
	}

	// Workbook: table 3's sheet shows the value; a correction has a comment saying so.
	x, err := excelize.OpenFile(filepath.Join(dir, r.DocID+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetList()[2]
	rowsX, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	cell := ""
	for i, row := range rowsX {
		if slices.Contains(row, "行政单位医疗") && len(row) > 4 {
			cell, _ = excelize.CoordinatesToCellName(5, i+1)
			if row[4] != want {
				t.Errorf("workbook %s: 行政单位医疗 合计 %q, want %s", sheet, row[4], want)
			}
			break
		}
	}
	comments, err := x.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	commented := false
	for _, c := range comments {
		if c.Cell == cell {
			for _, p := range c.Paragraph {
				commented = commented || strings.Contains(p.Text, "tester")
			}
		}
	}
	if cell == "" || commented != marked {
		t.Errorf("workbook %s: cell %q comment naming the reviewer: %v, want %v", sheet, cell, commented, marked)
	}
}

func hasCorrection(rs []normalize.Repair) bool {
	for _, r := range rs {
		if r.Kind == corrections.RepairKind {
			return true
		}
	}
	return false
}
