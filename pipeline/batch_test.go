package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// corpusInputs is every real corpus PDF, every fixture PDF present, and two broken files
// (zero bytes; a real PDF cut off) that must fail alone.
func corpusInputs(t *testing.T) []Input {
	t.Helper()
	realDir := corpus.Real(t)
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "zero-bytes.pdf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(realDir, "putuo-govoffice-2025-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "truncated.pdf"), b[:len(b)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{realDir, bad}
	if m, _ := filepath.Glob(filepath.Join("..", "fixtures", "pdf", "*.pdf")); len(m) > 0 {
		args = append(args, m...)
	}
	in, err := Expand(args)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestBatchCorpus converts the whole real corpus (plus fixtures and two broken files) in
// one run, checks that every file produced complete, parseable outputs or a clear error,
// then reruns with Resume and checks that nothing is converted twice.
func TestBatchCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("converts the whole corpus")
	}
	inputs := corpusInputs(t)
	out := t.TempDir()
	opts := BatchOptions{Out: out, Workers: 2, ToolVersion: "test"}
	var events []Event
	opts.Events = func(e Event) {
		if e.Kind != EventPage {
			events = append(events, e)
		}
	}
	sum, err := RunBatch(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2*len(inputs) {
		t.Errorf("%d start/done events for %d documents", len(events), len(inputs))
	}
	totalCells := 0
	for _, r := range sum.Results {
		switch {
		case strings.HasSuffix(r.Source, "zero-bytes.pdf"), strings.HasSuffix(r.Source, "truncated.pdf"):
			if r.Status != StatusFailed || !strings.Contains(r.Error, r.Source) {
				t.Errorf("%s: status %s, error %q: want a failure naming the file", r.Source, r.Status, r.Error)
			}
			if _, err := os.Stat(filepath.Join(out, r.DocID)); err == nil {
				t.Errorf("%s: failed document left an output folder", r.Source)
			}
		case r.Status == StatusConverted || r.Status == StatusPartial:
			checkOutputs(t, out, r)
			totalCells += r.Cells
			for _, p := range r.FailedPages {
				if p.Page < 1 || !strings.Contains(p.Message, r.Source) {
					t.Errorf("%s: failed page %d message %q does not name file and page", r.Source, p.Page, p.Message)
				}
			}
		default:
			t.Errorf("%s: status %s, error %q", r.Source, r.Status, r.Error)
		}
	}
	t.Logf("%d documents, %d pages, %d cells, %v: %v", len(inputs), sum.Pages, totalCells, sum.Elapsed, sum.Counts)
	runCells := readCSVFile(t, filepath.Join(out, export.RunCellsFile))
	if len(runCells)-1 != totalCells {
		t.Errorf("cells.csv has %d rows, documents report %d", len(runCells)-1, totalCells)
	}

	// Rerun with Resume: every fully converted document is skipped, partial ones redone.
	sum2, err := RunBatch(context.Background(), inputs, BatchOptions{Out: out, Workers: 2, ToolVersion: "test", Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range sum2.Results {
		want := sum.Results[i].Status
		if want == StatusConverted {
			want = StatusSkipped
		}
		if r.Status != want {
			t.Errorf("%s: resumed status %s, want %s", r.Source, r.Status, want)
		}
	}
	runCells2 := readCSVFile(t, filepath.Join(out, export.RunCellsFile))
	if !slices.EqualFunc(runCells, runCells2, slices.Equal) {
		t.Errorf("cells.csv differs after the resumed run (%d vs %d rows)", len(runCells), len(runCells2))
	}

	// A new tool version reconverts everything.
	sum3, err := RunBatch(context.Background(), inputs[:1], BatchOptions{Out: out, ToolVersion: "test2", Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := sum3.Results[0].Status; s == StatusSkipped {
		t.Errorf("new tool version: %s skipped", inputs[0].Path)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Errorf("%s: no UTF-8 BOM", path)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// checkOutputs opens every output of a converted document and checks they agree.
func checkOutputs(t *testing.T, out string, r DocResult) {
	t.Helper()
	rec, err := ReadConversion(filepath.Join(out, r.DocID))
	if err != nil {
		t.Errorf("%s: %v", r.Source, err)
		return
	}
	if rec.SHA256 != r.SHA256 || !slices.Equal(rec.Files, r.Files) {
		t.Errorf("%s: conversion.json does not match the result", r.Source)
	}
	f, err := os.Open(filepath.Join(out, r.DocID, export.JSONFile))
	if err != nil {
		t.Errorf("%s: %v", r.Source, err)
		return
	}
	jd, err := export.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Errorf("%s: document.json: %v", r.Source, err)
		return
	}
	if len(jd.Tables) != r.Tables || jd.SHA256 != r.SHA256 {
		t.Errorf("%s: document.json has %d tables, result %d", r.Source, len(jd.Tables), r.Tables)
	}

	// Workbook: one sheet per table plus 校验 and 元数据; codes are text.
	x, err := excelize.OpenFile(filepath.Join(out, r.DocID, r.DocID+".xlsx"))
	if err != nil {
		t.Errorf("%s: workbook: %v", r.Source, err)
		return
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != r.Tables+2 || sheets[len(sheets)-2] != export.SheetFindings || sheets[len(sheets)-1] != export.SheetMeta {
		t.Errorf("%s: sheets %q for %d tables", r.Source, sheets, r.Tables)
	}

	// Table CSVs: one per table, a row for every model row that prints a code, a name or an
	// amount (lines printing only their 行次 are left out).
	for _, nt := range keyfile.Tables(jd.Document) {
		kt, err := keyfile.ReadCSV(filepath.Join(out, r.DocID, export.TablesDir, nt.File))
		if err != nil {
			t.Errorf("%s: %v", r.Source, err)
			continue
		}
		if want := printedRows(nt.Table); len(kt.Rows) != want {
			t.Errorf("%s: %s has %d rows, model %d that print something", r.Source, nt.File, len(kt.Rows), want)
		}
	}
	readCSVFile(t, filepath.Join(out, r.DocID, export.FindingsFile))
	cells := readCSVFile(t, filepath.Join(out, r.DocID, export.DocCellsFile))
	if len(cells)-1 != r.Cells {
		t.Errorf("%s: cells.csv %d rows, result %d", r.Source, len(cells)-1, r.Cells)
	}
	checkOtherCodes(t, r.Source, jd.Document, x, cells)

	// Parquet: same number of rows; Σ value per table equals the per-document cells.csv.
	rows, err := parquet.ReadFile[export.ParquetCell](filepath.Join(out, filepath.FromSlash(r.Parquet)))
	if err != nil {
		t.Errorf("%s: parquet: %v", r.Source, err)
		return
	}
	if len(rows) != r.Cells {
		t.Errorf("%s: parquet %d rows, result %d", r.Source, len(rows), r.Cells)
	}
	col := func(name string) int { return slices.Index(export.CellColumns, name) }
	for i, row := range rows {
		if i+1 >= len(cells) {
			break
		}
		c := cells[i+1]
		if c[col("value")] != row.Value || c[col("table_seq")] != strconv.Itoa(int(row.TableSeq)) ||
			c[col("code")] != row.Code || c[col("column_index")] != strconv.Itoa(int(row.ColumnIndex)) {
			t.Errorf("%s: cell %d: csv %q, parquet %+v", r.Source, i, c, row)
			break
		}
	}
}

// checkOtherCodes checks the rows of cross-classified tables (Beijing 支出总表, Xi'an 表6/8):
// in the workbook each other classification's column shows that row's code of it (a code
// column its digits, a code-name column the cell as printed), the subject's code column
// the subject code; in cells.csv every amount cell of the row lists them as scheme:code.
func checkOtherCodes(t *testing.T, src string, doc *normalize.Document, x *excelize.File, cells [][]string) {
	t.Helper()
	sheets := x.GetSheetList()
	want := map[[2]string]string{} // (table_seq, row_seq) → other_codes
	for ti, tb := range doc.Tables {
		depth := 1
		for _, c := range tb.Columns {
			depth = max(depth, len(c.Path))
			if c.Side != "" {
				depth = -1 // two-sided: rows are paired, not one per sheet row
				break
			}
		}
		for k, row := range tb.Rows {
			if len(row.OtherCodes) == 0 {
				continue
			}
			var parts []string
			for _, ref := range row.OtherCodes {
				parts = append(parts, ref.Scheme+":"+ref.Code)
			}
			want[[2]string{strconv.Itoa(tb.Seq), strconv.Itoa(row.Seq)}] = strings.Join(parts, ";")
			if depth < 0 {
				continue
			}
			sheetRow := 3 + depth + k // title, issuer/unit line, header rows, then the rows
			for _, ref := range row.OtherCodes {
				cell, _ := excelize.CoordinatesToCellName(ref.Column+1, sheetRow)
				got, err := x.GetCellValue(sheets[ti], cell)
				if err != nil {
					t.Fatal(err)
				}
				exp := ref.Code
				if tb.Columns[ref.Column].Role == tables.RoleCodeName {
					exp = row.Values[ref.Column].Raw
				}
				if strings.TrimSpace(got) != exp {
					t.Errorf("%s: table %d row %d (%s %s): %s!%s shows %q, want its %s code %q", src, tb.Seq, row.Seq, row.Code, row.Name, sheets[ti], cell, got, ref.Scheme, exp)
				}
			}
		}
	}
	if len(want) == 0 {
		return
	}
	col := func(name string) int { return slices.Index(export.CellColumns, name) }
	n := 0
	for _, c := range cells[1:] {
		w := want[[2]string{c[col("table_seq")], c[col("row_seq")]}]
		if w != "" {
			n++
		}
		if got := c[col("other_codes")]; got != w {
			t.Errorf("%s: cells.csv table %s row %s: other_codes %q, want %q", src, c[col("table_seq")], c[col("row_seq")], got, w)
			return
		}
	}
	if n == 0 {
		t.Errorf("%s: %d cross-classified rows, none of their cells in cells.csv", src, len(want))
	}
}

// printedRows counts a table's rows that print a code, a name or something in an amount cell.
func printedRows(t *normalize.Table) int {
	n := 0
	for _, r := range t.Rows {
		printed := r.Code != "" || strings.TrimSpace(r.Name) != ""
		for i, v := range r.Values {
			if i < len(t.Columns) && t.Columns[i].Role == tables.RoleAmount && (v.Present || v.Unresolved || strings.TrimSpace(v.Raw) != "") {
				printed = true
			}
		}
		if printed {
			n++
		}
	}
	return n
}
