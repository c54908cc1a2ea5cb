package lake

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	"github.com/apache/iceberg-go/table"

	"github.com/budgetpdf/budgetpdf/internal/safetext"
)

// Files of a converted document's folder that the lake reads (see docs/OUTPUT.md).
const (
	ConversionFile = "conversion.json"
	CellsFile      = "cells.csv"
	FindingsFile   = "findings.csv"
)

// conversion is what the lake reads of conversion.json (pipeline.DocResult's JSON form;
// the lake does not import the pipeline, so a worker binary can add documents without it).
type conversion struct {
	DocID       string            `json:"doc_id"`
	Source      string            `json:"source_file"`
	Status      string            `json:"status"`
	SHA256      string            `json:"source_sha256"`
	Pages       int               `json:"pages"`
	FailedPages []json.RawMessage `json:"failed_pages"`
	Tables      int               `json:"tables"`
	Cells       int64             `json:"cells"`
	Findings    map[string]int    `json:"findings"`
	Year        int               `json:"year"`
	DocKind     string            `json:"doc_kind"`
	Issuer      string            `json:"issuer"`
	ToolVersion string            `json:"tool_version"`
	ConvertedAt string            `json:"converted_at"`
	Seconds     float64           `json:"seconds"`
}

// docState is what Resume compares: a documents row.
type docState struct {
	SHA256, ToolVersion string
	ConvertedAt         time.Time
}

// documentColumns are budget.documents' columns.
var documentColumns = []string{
	"doc_id", "source_file", "source_sha256", "issuer", "year", "doc_kind", "status",
	"pages", "failed_pages", "tables", "cells",
	"findings_error", "findings_warning", "findings_rounding", "findings_info",
	"tool_version", "converted_at", "seconds", "added_at",
}

// findingsPrefix are the columns budget.findings puts before findings.csv's: the document
// a finding is about, and its partition.
var findingsPrefix = []string{"doc_id", "source_sha256", "year", "doc_kind"}

// Added is what AddDocument did.
type Added struct {
	DocID    string
	Skipped  bool  // Resume: the lake already held this conversion
	Cells    int64 // rows written to budget.cells
	Findings int64 // rows written to budget.findings
	// Snapshot is budget.cells' snapshot that holds the document.
	Snapshot int64
	Seconds  float64
}

// batchRows is how many rows go into one Arrow record batch.
const batchRows = 8192

// AddDocument adds the converted document in dir (OUT/<doc-id>: conversion.json,
// cells.csv, findings.csv), replacing any earlier version of it: one overwrite snapshot
// per table, filtered on doc_id.
func (l *Lake) AddDocument(ctx context.Context, dir string) (Added, error) {
	start := time.Now()
	rec, err := readConversion(dir)
	if err != nil {
		return Added{}, err
	}
	a := Added{DocID: rec.DocID}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.opts.Resume {
		cur, err := l.isCurrent(ctx, rec)
		if err != nil {
			return a, err
		}
		if cur {
			a.Skipped = true
			a.Seconds = time.Since(start).Seconds()
			return a, nil
		}
	}
	props := iceberg.Properties{
		"budgetpdf.doc_id":        rec.DocID,
		"budgetpdf.source_sha256": rec.SHA256,
		"budgetpdf.tool_version":  rec.ToolVersion,
	}

	cells, err := openCSV(filepath.Join(dir, CellsFile), nil)
	if err != nil {
		return a, err
	}
	defer cells.Close()
	if a.Snapshot, a.Cells, err = l.replace(ctx, CellsTable, cells, rec.DocID, props, rec.Cells); err != nil {
		return a, err
	}

	prefix := []string{rec.DocID, rec.SHA256, itoaNonZero(rec.Year), rec.DocKind}
	findings, err := openCSV(filepath.Join(dir, FindingsFile), &csvPrefix{findingsPrefix, prefix})
	if err != nil {
		return a, err
	}
	defer findings.Close()
	if _, a.Findings, err = l.replace(ctx, FindingsTable, findings, rec.DocID, props, -1); err != nil {
		return a, err
	}

	// Last: the documents row says the document's cells and findings are complete.
	row := documentRow(rec, time.Now())
	if _, _, err := l.replace(ctx, DocumentsTable, &rowsSource{path: filepath.Join(dir, ConversionFile), header: documentColumns, rows: [][]string{row}}, rec.DocID, props, 1); err != nil {
		return a, err
	}
	if l.docs != nil {
		l.docs[rec.DocID] = stateOf(rec)
	}
	a.Seconds = time.Since(start).Seconds()
	return a, nil
}

func readConversion(dir string) (*conversion, error) {
	p := filepath.Join(dir, ConversionFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("lake: %w (not a converted document's folder, or its conversion did not finish)", err)
	}
	var rec conversion
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("lake: %s: %w", p, err)
	}
	if rec.DocID == "" {
		return nil, fmt.Errorf("lake: %s: no doc_id", p)
	}
	if rec.Status != "converted" && rec.Status != "partial" && rec.Status != "no_tables" {
		return nil, fmt.Errorf("lake: %s: status %q, not a converted document", p, rec.Status)
	}
	return &rec, nil
}

func stateOf(rec *conversion) docState {
	t, _ := time.Parse(time.RFC3339Nano, rec.ConvertedAt)
	return docState{SHA256: rec.SHA256, ToolVersion: rec.ToolVersion, ConvertedAt: t.Truncate(time.Microsecond)}
}

// isCurrent reports whether the documents table holds this very conversion.
func (l *Lake) isCurrent(ctx context.Context, rec *conversion) (bool, error) {
	if l.docs == nil {
		docs, err := l.readDocStates(ctx)
		if err != nil {
			return false, err
		}
		l.docs = docs
	}
	s, ok := l.docs[rec.DocID]
	want := stateOf(rec)
	return ok && s.SHA256 == want.SHA256 && s.ToolVersion == want.ToolVersion && s.ConvertedAt.Equal(want.ConvertedAt), nil
}

// readDocStates reads budget.documents (one small row per document).
func (l *Lake) readDocStates(ctx context.Context) (map[string]docState, error) {
	out := map[string]docState{}
	tbl, err := l.Table(ctx, DocumentsTable)
	if errors.Is(err, catalog.ErrNoSuchTable) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	docs, err := readDocuments(ctx, tbl)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		out[d.DocID] = docState{SHA256: d.SHA256, ToolVersion: d.ToolVersion, ConvertedAt: d.ConvertedAt}
	}
	return out, nil
}

// documentRow is rec as a budget.documents row, in documentColumns order.
func documentRow(rec *conversion, now time.Time) []string {
	sev := func(s string) string { return strconv.Itoa(rec.Findings[s]) }
	return []string{
		rec.DocID, rec.Source, rec.SHA256, rec.Issuer, itoaNonZero(rec.Year), rec.DocKind, rec.Status,
		strconv.Itoa(rec.Pages), strconv.Itoa(len(rec.FailedPages)), strconv.Itoa(rec.Tables), strconv.FormatInt(rec.Cells, 10),
		sev("error"), sev("warning"), sev("rounding"), sev("info"),
		rec.ToolVersion, rec.ConvertedAt, strconv.FormatFloat(rec.Seconds, 'f', -1, 64), now.UTC().Format(time.RFC3339Nano),
	}
}

// source is a header and rows of text (a CSV file, or rows made here).
type source interface {
	Header() []string
	Next() ([]string, error) // io.EOF at the end
	Line() string            // where the last row came from, for errors
	Path() string            // the file
}

// replace writes src's rows as doc's rows of budget.<name>: one overwrite snapshot that
// deletes the rows whose doc_id is doc and adds these. When want ≥ 0, src must have that
// many rows (checked before anything is committed). It returns the snapshot and the
// number of rows written.
func (l *Lake) replace(ctx context.Context, name string, src source, doc string, props iceberg.Properties, want int64) (int64, int64, error) {
	header := src.Header()
	tbl, err := l.ensureTable(ctx, name, header)
	if err != nil {
		return 0, 0, err
	}
	asc, err := table.SchemaToArrowSchema(tbl.Schema(), nil, true, false)
	if err != nil {
		return 0, 0, fmt.Errorf("lake: %s.%s: %w", Namespace, name, err)
	}
	// Where each table column is in the rows (-1: not there, NULL).
	from := make([]int, len(asc.Fields()))
	for j, f := range asc.Fields() {
		from[j] = slices.Index(header, f.Name)
	}
	docCol := slices.Index(header, "doc_id")
	if docCol < 0 {
		return 0, 0, fmt.Errorf("%s: no doc_id column", src.Line())
	}

	b := array.NewRecordBuilder(memory.NewGoAllocator(), asc)
	defer b.Release()
	var batches []arrow.RecordBatch
	defer func() {
		for _, r := range batches {
			r.Release()
		}
	}()
	var n, inBatch int64
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		if len(row) != len(header) {
			return 0, 0, fmt.Errorf("%s: %d fields, the header has %d", src.Line(), len(row), len(header))
		}
		if row[docCol] != doc {
			// The overwrite filter would not find this row again: refuse it.
			return 0, 0, fmt.Errorf("%s: doc_id %q in the folder of %q", src.Line(), row[docCol], doc)
		}
		for j, i := range from {
			if i < 0 {
				b.Field(j).AppendNull()
				continue
			}
			if err := appendText(b.Field(j), row[i]); err != nil {
				return 0, 0, fmt.Errorf("%s: column %s: %q: %w", src.Line(), header[i], row[i], err)
			}
		}
		n++
		if inBatch++; inBatch == batchRows {
			batches = append(batches, b.NewRecordBatch())
			inBatch = 0
		}
	}
	if inBatch > 0 {
		batches = append(batches, b.NewRecordBatch())
	}
	if want >= 0 && n != want {
		return 0, 0, fmt.Errorf("%s: %d rows, but %s says %d: the folder is not one conversion", src.Path(), n, ConversionFile, want)
	}
	rdr, err := array.NewRecordReader(asc, batches)
	if err != nil {
		return 0, 0, fmt.Errorf("lake: %s.%s: %w", Namespace, name, err)
	}
	defer rdr.Release()
	tx := tbl.NewTransaction()
	filter := iceberg.EqualTo(iceberg.Reference("doc_id"), doc)
	if err := tx.Overwrite(ctx, rdr, props, table.WithOverwriteFilter(filter)); err != nil {
		return 0, 0, fmt.Errorf("lake: %s.%s: replacing %s: %w", Namespace, name, doc, err)
	}
	tbl, err = tx.Commit(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("lake: %s.%s: committing %s: %w", Namespace, name, doc, err)
	}
	snap := tbl.CurrentSnapshot().SnapshotID
	if err := compact(ctx, tbl); err != nil {
		return 0, 0, fmt.Errorf("lake: %s.%s: %w", Namespace, name, err)
	}
	return snap, n, nil
}

// manifestLimit is how many manifests a table's snapshot may list before compact merges
// them. Each overwrite adds one, and each overwrite reads them all to find the document's
// files: unmerged, adding the n-th document costs O(n) small reads (measured in
// docs/lake.md).
const manifestLimit = 16

// compact merges the current snapshot's manifests when there are more than manifestLimit
// (a "replace" snapshot: the same data files, fewer manifest files).
func compact(ctx context.Context, tbl *table.Table) error {
	fs, err := tbl.FS(ctx)
	if err != nil {
		return err
	}
	ms, err := tbl.CurrentSnapshot().Manifests(fs)
	if err != nil || len(ms) <= manifestLimit {
		return err
	}
	tx := tbl.NewTransaction()
	res, err := tx.RewriteManifests(ctx)
	if err != nil {
		return fmt.Errorf("merging %d manifests: %w", len(ms), err)
	}
	if res.IsNoOp() {
		return nil
	}
	if _, err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("merging %d manifests: %w", len(ms), err)
	}
	return nil
}

// ensureTable loads budget.<name>, creating it with header's columns, or adding the
// columns of header it lacks (schema evolution: earlier snapshots keep their schema and
// read the new columns as NULL).
func (l *Lake) ensureTable(ctx context.Context, name string, header []string) (*table.Table, error) {
	tbl, err := l.Table(ctx, name)
	if errors.Is(err, catalog.ErrNoSuchTable) {
		tbl, err = l.createTable(ctx, name, header)
	}
	if err != nil {
		return nil, fmt.Errorf("lake: %s.%s: %w", Namespace, name, err)
	}
	var missing []string
	for _, h := range header {
		if _, ok := tbl.Schema().FindFieldByName(h); !ok {
			missing = append(missing, h)
		}
	}
	if len(missing) == 0 {
		return tbl, nil
	}
	tx := tbl.NewTransaction()
	us := tx.UpdateSchema(true, false)
	for _, m := range missing {
		us.AddColumn([]string{m}, newSchema([]string{m}).Field(0).Type, "", false, nil)
	}
	if err := us.Commit(); err != nil {
		return nil, fmt.Errorf("lake: %s.%s: adding columns %s: %w", Namespace, name, strings.Join(missing, ", "), err)
	}
	if tbl, err = tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("lake: %s.%s: adding columns %s: %w", Namespace, name, strings.Join(missing, ", "), err)
	}
	return tbl, nil
}

// createTable creates budget.<name> with header's columns, partitioned by year and
// doc_kind when it has them (cells, findings): a query for one year reads that year's files.
func (l *Lake) createTable(ctx context.Context, name string, header []string) (*table.Table, error) {
	if dup := duplicate(header); dup != "" {
		return nil, fmt.Errorf("column %s twice in the header", dup)
	}
	sc := newSchema(header)
	opts := []catalog.CreateTableOpt{catalog.WithProperties(iceberg.Properties{
		"write.parquet.compression-codec": "zstd",
		"budgetpdf.layout":                "docs/OUTPUT.md",
		// Whole doc_id bounds in the file statistics: the default truncate(16) makes
		// changji-hitech-zone-2025-budget and …-2026-budget look alike, and every overwrite
		// would rewrite the other document's files instead of leaving them alone.
		table.MetricsModeColumnConfPrefix + ".doc_id": "full",
	})}
	if name != DocumentsTable {
		var fields []iceberg.PartitionField
		for _, p := range []string{"year", "doc_kind"} {
			if f, ok := sc.FindFieldByName(p); ok {
				fields = append(fields, iceberg.PartitionField{SourceIDs: []int{f.ID}, FieldID: 1000 + len(fields), Name: p, Transform: iceberg.IdentityTransform{}})
			}
		}
		spec := iceberg.NewPartitionSpec(fields...)
		opts = append(opts, catalog.WithPartitionSpec(&spec))
	}
	tbl, err := l.cat.CreateTable(ctx, ident(name), sc, opts...)
	if errors.Is(err, catalog.ErrTableAlreadyExists) {
		return l.Table(ctx, name) // another process created it first
	}
	return tbl, err
}

func duplicate(names []string) string {
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return n
		}
		seen[n] = true
	}
	return ""
}

// csvSource reads a CSV file with a header (UTF-8, optional BOM), optionally with fixed
// columns put before every row.
type csvSource struct {
	path   string
	f      *os.File
	r      *csv.Reader
	header []string
	prefix *csvPrefix
	line   int
}

// csvPrefix are columns (and their values) put before each row of a CSV.
type csvPrefix struct {
	names, values []string
}

func openCSV(path string, prefix *csvPrefix) (*csvSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	s := &csvSource{path: path, f: f, r: csv.NewReader(f), prefix: prefix}
	s.r.ReuseRecord = true
	h, err := s.r.Read()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lake: %s: header: %w", path, err)
	}
	h = slices.Clone(h)
	if len(h) > 0 {
		h[0] = strings.TrimPrefix(h[0], "\ufeff")
	}
	if prefix != nil {
		h = append(slices.Clone(prefix.names), h...)
	}
	s.header = h
	s.line = 1
	return s, nil
}

func (s *csvSource) Header() []string { return s.header }
func (s *csvSource) Line() string     { return fmt.Sprintf("%s:%d", s.path, s.line) }
func (s *csvSource) Path() string     { return s.path }
func (s *csvSource) Close() error     { return s.f.Close() }

func (s *csvSource) Next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, err
		}
		return nil, fmt.Errorf("lake: %s: %w", s.path, err)
	}
	s.line, _ = s.r.FieldPos(0)
	// Our CSVs quote text a spreadsheet would run as a formula ('=1+1): the lake stores
	// the text itself. Numbers never start with ', so every field can be undone.
	for i := range rec {
		rec[i] = safetext.CSVUnescape(rec[i])
	}
	if s.prefix != nil {
		rec = append(append(make([]string, 0, len(s.prefix.values)+len(rec)), s.prefix.values...), rec...)
	}
	return rec, nil
}

// rowsSource is rows made in memory.
type rowsSource struct {
	path   string
	header []string
	rows   [][]string
	i      int
}

func (s *rowsSource) Header() []string { return s.header }
func (s *rowsSource) Line() string     { return s.path }
func (s *rowsSource) Path() string     { return s.path }

func (s *rowsSource) Next() ([]string, error) {
	if s.i == len(s.rows) {
		return nil, io.EOF
	}
	s.i++
	return s.rows[s.i-1], nil
}

func itoaNonZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
