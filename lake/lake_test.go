package lake

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go/table"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// The documents the lake tests add: four born-digital real documents of the corpus.
var lakeDocs = []string{
	"hangzhou-police-2026-budget",
	"putuo-govoffice-2025-budget",
	"shenzhen-traffic-police-2026-budget",
	"guangzhou-petitions-2026-budget",
}

var (
	convertOnce sync.Once
	convertOut  string
	convertErr  error
)

// converted converts lakeDocs once per test binary (CSV outputs) and returns the output
// folder; each document is in OUT/<doc-id>.
func converted(t *testing.T) string {
	t.Helper()
	realDir := corpus.Real(t)
	convertOnce.Do(func() {
		convertOut, convertErr = os.MkdirTemp("", "lake-test-out-")
		if convertErr != nil {
			return
		}
		convertErr = convertInto(convertOut, realDir, lakeDocs)
	})
	if convertErr != nil {
		t.Fatal(convertErr)
	}
	return convertOut
}

func convertInto(out, dir string, docs []string) error {
	var paths []string
	for _, d := range docs {
		paths = append(paths, filepath.Join(dir, d+".pdf"))
	}
	inputs, err := pipeline.Expand(paths)
	if err != nil {
		return err
	}
	sum, err := pipeline.RunBatch(context.Background(), inputs, pipeline.BatchOptions{
		Out: out, Formats: export.Formats{CSV: true}, ToolVersion: "lake-test",
	})
	if err != nil {
		return err
	}
	for _, r := range sum.Results {
		if r.Status != pipeline.StatusConverted {
			return fmt.Errorf("%s: %s %s", r.Source, r.Status, r.Error)
		}
	}
	return nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if convertOut != "" {
		os.RemoveAll(convertOut)
	}
	os.Exit(code)
}

// csvRows reads a cells.csv as rendered rows (see render), and the exact sum of its
// value_yuan column, read as text by math/big (no code shared with the lake).
func csvRows(t *testing.T, path string) ([]string, *big.Rat) {
	t.Helper()
	header, recs := readCSV(t, path)
	yuan := slices.Index(header, "value_yuan")
	sum := new(big.Rat)
	var rows []string
	for _, r := range recs {
		if r[yuan] != "" { // empty: not money (a percentage, a count)
			v, ok := new(big.Rat).SetString(r[yuan])
			if !ok {
				t.Fatalf("%s: value_yuan %q", path, r[yuan])
			}
			sum.Add(sum, v)
			r[yuan] = v.RatString()
		}
		rows = append(rows, render(header, r))
	}
	slices.Sort(rows)
	return rows, sum
}

// render is a row as `name=value` pairs in header order: the same text for a cells.csv
// row and the lake row it became.
func render(header, row []string) string {
	var sb strings.Builder
	for i, h := range header {
		fmt.Fprintf(&sb, "%s=%s|", h, row[i])
	}
	return sb.String()
}

// lakeRows scans budget.cells (at snapshot, or the current one when 0) and renders its rows
// as csvRows does, by document, with the exact sum of value_yuan by document.
func lakeRows(t *testing.T, tbl *table.Table, snapshot int64, header []string) (map[string][]string, map[string]*big.Rat) {
	t.Helper()
	var opts []table.ScanOption
	if snapshot != 0 {
		opts = append(opts, table.WithSnapshotID(snapshot))
	}
	at, err := tbl.Scan(opts...).ToArrowTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	rows, sums := map[string][]string{}, map[string]*big.Rat{}
	tr := array.NewTableReader(at, 4096)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		cols := make([]arrow.Array, len(header))
		for i, h := range header {
			idx := rec.Schema().FieldIndices(h)
			if len(idx) != 1 {
				t.Fatalf("lake has no column %s", h)
			}
			cols[i] = rec.Column(idx[0])
		}
		doc := slices.Index(header, "doc_id")
		yuan := slices.Index(header, "value_yuan")
		for r := range int(rec.NumRows()) {
			vals := make([]string, len(header))
			for i, c := range cols {
				vals[i] = cellText(t, c, r)
			}
			id := vals[doc]
			if sums[id] == nil {
				sums[id] = new(big.Rat)
			}
			if !cols[yuan].IsNull(r) {
				d := cols[yuan].(*array.Decimal128).Value(r)
				v := new(big.Rat).SetFrac(d.BigInt(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cols[yuan].DataType().(*arrow.Decimal128Type).Scale)), nil))
				sums[id].Add(sums[id], v)
			}
			rows[id] = append(rows[id], render(header, vals))
		}
	}
	if err := tr.Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		slices.Sort(r)
	}
	return rows, sums
}

// cellText renders one lake value the way cells.csv prints it.
func cellText(t *testing.T, c arrow.Array, i int) string {
	if c.IsNull(i) {
		return ""
	}
	switch c := c.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Int32:
		return strconv.Itoa(int(c.Value(i)))
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10)
	case *array.Float64:
		return strconv.FormatFloat(c.Value(i), 'f', -1, 64)
	case *array.Boolean:
		return strconv.FormatBool(c.Value(i))
	case *array.Decimal128:
		scale := c.DataType().(*arrow.Decimal128Type).Scale
		return new(big.Rat).SetFrac(c.Value(i).BigInt(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)).RatString()
	case *array.Struct: // bbox, printed with two decimals
		var p []string
		for f := range c.NumField() {
			p = append(p, strconv.FormatFloat(c.Field(f).(*array.Float64).Value(i), 'f', 2, 64))
		}
		return strings.Join(p, ",")
	}
	t.Fatalf("no rendering for %s", c.DataType())
	return ""
}

// readCSV reads a whole CSV file: its header (BOM removed) and rows.
func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", path)
	}
	recs[0][0] = strings.TrimPrefix(recs[0][0], "\ufeff")
	return recs[0], recs[1:]
}

// countRows is the number of data rows of a CSV file.
func countRows(t *testing.T, path string) int {
	t.Helper()
	_, rows := readCSV(t, path)
	return len(rows)
}

// checkCells asserts that budget.cells at snapshot holds exactly the cells of docs: every
// row equal, column by column, to its cells.csv row, no other row, and the value_yuan sums
// per document equal to the last digit.
func checkCells(t *testing.T, l *Lake, out string, snapshot int64, docs []string) {
	t.Helper()
	tbl, err := l.Table(context.Background(), CellsTable)
	if err != nil {
		t.Fatal(err)
	}
	got, gotSums := lakeRows(t, tbl, snapshot, export.CellColumns)
	for _, d := range docs {
		want, wantSum := csvRows(t, filepath.Join(out, d, CellsFile))
		if len(want) == 0 {
			t.Fatalf("%s: no cells to check", d)
		}
		if !slices.Equal(got[d], want) {
			t.Errorf("snapshot %d, %s: the lake has %d rows, cells.csv %d (or they differ)", snapshot, d, len(got[d]), len(want))
			for i := range min(len(got[d]), len(want)) {
				if got[d][i] != want[i] {
					t.Errorf("first difference:\n lake %s\n csv  %s", got[d][i], want[i])
					break
				}
			}
		}
		if gotSums[d] == nil || gotSums[d].Cmp(wantSum) != 0 {
			t.Errorf("snapshot %d, %s: Σ value_yuan lake %v, cells.csv %s", snapshot, d, gotSums[d], wantSum.FloatString(12))
		}
		delete(got, d)
	}
	for d, rows := range got {
		t.Errorf("snapshot %d: %d rows of %s, which should not be there", snapshot, len(rows), d)
	}
}

func recordCount(t *testing.T, l *Lake, name string) int64 {
	t.Helper()
	tbl, err := l.Table(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	at, err := tbl.Scan().ToArrowTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	return at.NumRows()
}

// scenario is the must-show sequence on an open lake: three documents, the same
// three again, a fourth; then time travel to the first snapshot.
func scenario(t *testing.T, l *Lake, out string) {
	ctx := context.Background()
	first, rest := lakeDocs[:3], lakeDocs[3]
	var firstSnap int64
	for i, d := range first {
		a, err := l.AddDocument(ctx, filepath.Join(out, d))
		if err != nil {
			t.Fatal(err)
		}
		if a.Cells != int64(countRows(t, filepath.Join(out, d, CellsFile))) {
			t.Errorf("%s: added %d cells, cells.csv has %d", d, a.Cells, countRows(t, filepath.Join(out, d, CellsFile)))
		}
		if i == 0 {
			firstSnap = a.Snapshot
		}
		t.Logf("%s: %d cells, %d finding rows in %.2fs", d, a.Cells, a.Findings, a.Seconds)
	}
	checkCells(t, l, out, 0, first)
	n3 := recordCount(t, l, CellsTable)
	f3 := recordCount(t, l, FindingsTable)

	for _, d := range first {
		if _, err := l.AddDocument(ctx, filepath.Join(out, d)); err != nil {
			t.Fatal(err)
		}
	}
	if n := recordCount(t, l, CellsTable); n != n3 {
		t.Errorf("the same three documents again: %d cells, was %d", n, n3)
	}
	if n := recordCount(t, l, FindingsTable); n != f3 {
		t.Errorf("the same three documents again: %d finding rows, was %d", n, f3)
	}
	checkCells(t, l, out, 0, first)

	if _, err := l.AddDocument(ctx, filepath.Join(out, rest)); err != nil {
		t.Fatal(err)
	}
	if n, want := recordCount(t, l, CellsTable), n3+int64(countRows(t, filepath.Join(out, rest, CellsFile))); n != want {
		t.Errorf("a fourth document: %d cells, want %d", n, want)
	}
	checkCells(t, l, out, 0, lakeDocs)
	if n := recordCount(t, l, DocumentsTable); n != int64(len(lakeDocs)) {
		t.Errorf("budget.documents has %d rows, want %d", n, len(lakeDocs))
	}
	var wantFindings int64
	for _, d := range lakeDocs {
		wantFindings += int64(countRows(t, filepath.Join(out, d, FindingsFile)))
	}
	if n := recordCount(t, l, FindingsTable); n != wantFindings {
		t.Errorf("budget.findings has %d rows, the findings.csv files %d", n, wantFindings)
	}

	// Time travel: the first snapshot holds the first document only.
	checkCells(t, l, out, firstSnap, first[:1])
}

// openLake opens a lake for the test and closes it after.
func openLake(t *testing.T, opts Options) *Lake {
	t.Helper()
	l, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestLakeLocal(t *testing.T) {
	out := converted(t)
	l := openLake(t, Options{Location: t.TempDir()})
	scenario(t, l, out)

	// What `lake info` shows: every commit, by document, and the last documents written.
	info, err := l.Describe(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Tables) != 3 {
		t.Fatalf("%d tables, want 3", len(info.Tables))
	}
	cells := info.Tables[0]
	var wantDocs []string
	wantDocs = append(append(append(wantDocs, lakeDocs[:3]...), lakeDocs[:3]...), lakeDocs[3])
	var gotDocs []string
	for _, s := range cells.Snapshots {
		gotDocs = append(gotDocs, s.DocID)
	}
	if cells.Name != "budget.cells" || !slices.Equal(gotDocs, wantDocs) {
		t.Errorf("%s snapshots by document: %v, want %v", cells.Name, gotDocs, wantDocs)
	}
	last := cells.Snapshots[len(cells.Snapshots)-1]
	if !last.Current || last.Records != cells.Records || cells.Records != recordCount(t, l, CellsTable) {
		t.Errorf("current snapshot %+v, table records %d, scanned %d", last, cells.Records, recordCount(t, l, CellsTable))
	}
	if again := cells.Snapshots[3]; again.Added != again.Deleted || again.Added == 0 {
		t.Errorf("re-adding %s: %d records added, %d deleted; want the same, non-zero", again.DocID, again.Added, again.Deleted)
	}
	if _, err := os.Stat(strings.TrimPrefix(cells.Metadata, "file://")); err != nil || !strings.HasSuffix(cells.Metadata, ".metadata.json") {
		t.Errorf("current metadata file %q: %v", cells.Metadata, err)
	}
	if !slices.Equal(cells.Partition, []string{"year", "doc_kind"}) {
		t.Errorf("budget.cells partitioned by %v", cells.Partition)
	}
	if info.Documents != len(lakeDocs) || len(info.Latest) != 2 || info.Latest[0].DocID != lakeDocs[3] || info.Latest[1].DocID != lakeDocs[2] {
		t.Errorf("documents %d, latest %+v", info.Documents, info.Latest)
	}
}
