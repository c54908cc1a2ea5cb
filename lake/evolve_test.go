package lake

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"

	"github.com/budgetpdf/budgetpdf/export"
)

// copyDoc copies a converted document's folder (the files the lake reads) into a new
// folder and returns it.
func copyDoc(t *testing.T, out, doc string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), doc)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{ConversionFile, CellsFile, FindingsFile} {
		b, err := os.ReadFile(filepath.Join(out, doc, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// editCSV rewrites a CSV file (keeping the BOM) through edit.
func editCSV(t *testing.T, path string, edit func(header []string, rows [][]string) ([]string, [][]string)) {
	t.Helper()
	header, rows := readCSV(t, path)
	header, rows = edit(header, rows)
	var sb strings.Builder
	sb.WriteString("\ufeff")
	w := csv.NewWriter(&sb)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editConversion rewrites fields of a conversion.json.
func editConversion(t *testing.T, dir string, set map[string]any) {
	t.Helper()
	p := filepath.Join(dir, ConversionFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		m[k] = v
	}
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLakeSchemaEvolution: a cells.csv with columns the table lacks (as later versions of
// convert append) adds them to budget.cells, typed by name; rows of earlier documents read
// them as NULL, and the snapshot before the change still reads as it was.
func TestLakeSchemaEvolution(t *testing.T) {
	out := converted(t)
	ctx := context.Background()
	l := openLake(t, Options{Location: t.TempDir()})
	a, b := lakeDocs[0], lakeDocs[1]
	added, err := l.AddDocument(ctx, filepath.Join(out, a))
	if err != nil {
		t.Fatal(err)
	}
	before := added.Snapshot

	// Columns cells.csv does not have yet (those other branches announced, while they are
	// not there, and one nobody knows, which becomes a string), each with a value per row.
	type newCol struct {
		name string
		typ  iceberg.Type
		val  func(i int) string
	}
	var cols []newCol
	for _, c := range []newCol{
		{"level", iceberg.PrimitiveTypes.Int32, func(i int) string { return strconv.Itoa(i%3 + 1) }},
		{"is_leaf", iceberg.PrimitiveTypes.Bool, func(i int) string { return strconv.FormatBool(i%2 == 0) }},
		{"zz_lake_test_note", iceberg.PrimitiveTypes.String, func(i int) string { return "n" + strconv.Itoa(i) }},
	} {
		if !slices.Contains(export.CellColumns, c.name) {
			cols = append(cols, c)
		}
	}
	newer := copyDoc(t, out, b)
	editCSV(t, filepath.Join(newer, CellsFile), func(h []string, rows [][]string) ([]string, [][]string) {
		for i := range rows {
			for _, c := range cols {
				rows[i] = append(rows[i], c.val(i))
			}
		}
		for _, c := range cols {
			h = append(h, c.name)
		}
		return h, rows
	})
	if _, err := l.AddDocument(ctx, newer); err != nil {
		t.Fatal(err)
	}

	tbl, err := l.Table(ctx, CellsTable)
	if err != nil {
		t.Fatal(err)
	}
	header := slices.Clone(export.CellColumns)
	nulls := "|"
	for _, c := range cols {
		f, ok := tbl.Schema().FindFieldByName(c.name)
		if !ok || !f.Type.Equals(c.typ) {
			t.Errorf("budget.cells column %s: %v (found %v), want %s", c.name, f.Type, ok, c.typ)
		}
		header = append(header, c.name)
		nulls += c.name + "=|"
	}
	got, _ := lakeRows(t, tbl, 0, header)
	want, _ := csvRows(t, filepath.Join(newer, CellsFile))
	if !slices.Equal(got[b], want) {
		t.Errorf("%s with the new columns: the lake's %d rows differ from its cells.csv's %d", b, len(got[b]), len(want))
	}
	for _, r := range got[a] {
		if !strings.HasSuffix(r, nulls) {
			t.Fatalf("%s (added before the columns existed) reads %s", a, r)
		}
	}
	if len(got[a]) == 0 {
		t.Errorf("%s is gone", a)
	}
	// The snapshot before the evolution reads as before.
	checkCells(t, l, out, before, []string{a})
}

// TestLakeResume: with Resume, a document the lake holds (same doc_id, content hash, tool
// version and conversion time) is skipped, also by a lake opened later; a re-conversion
// (a new converted_at) replaces it.
func TestLakeResume(t *testing.T) {
	out := converted(t)
	ctx := context.Background()
	loc := t.TempDir()
	l := openLake(t, Options{Location: loc, Resume: true})
	doc := copyDoc(t, out, lakeDocs[1])
	first, err := l.AddDocument(ctx, doc)
	if err != nil || first.Skipped {
		t.Fatalf("first add: %+v, %v", first, err)
	}
	snapshots := func() int {
		tbl, err := l.Table(ctx, CellsTable)
		if err != nil {
			t.Fatal(err)
		}
		return len(tbl.Metadata().Snapshots())
	}
	n := snapshots()
	if again, err := l.AddDocument(ctx, doc); err != nil || !again.Skipped {
		t.Errorf("same conversion again: %+v, %v; want skipped", again, err)
	}
	l2 := openLake(t, Options{Location: loc, Resume: true})
	if again, err := l2.AddDocument(ctx, doc); err != nil || !again.Skipped {
		t.Errorf("same conversion, lake opened again: %+v, %v; want skipped", again, err)
	}
	if s := snapshots(); s != n {
		t.Errorf("skipped adds made snapshots: %d, was %d", s, n)
	}

	editConversion(t, doc, map[string]any{"converted_at": "2031-01-02T03:04:05Z"})
	re, err := l.AddDocument(ctx, doc)
	if err != nil || re.Skipped {
		t.Fatalf("re-converted document: %+v, %v; want replaced", re, err)
	}
	if c := recordCount(t, l, CellsTable); c != first.Cells {
		t.Errorf("after the replacement budget.cells has %d rows, want %d", c, first.Cells)
	}
	if s := snapshots(); s != n+1 {
		t.Errorf("a replacement made %d snapshots of budget.cells, want 1", s-n)
	}
}

// TestLakeRefuses: a folder that is not one complete conversion, or a value the lake's
// type cannot hold exactly, is an error naming the file (and line and column), and
// budget.cells is left as it was.
func TestLakeRefuses(t *testing.T) {
	out := converted(t)
	ctx := context.Background()
	l := openLake(t, Options{Location: t.TempDir()})
	good := lakeDocs[1]
	if _, err := l.AddDocument(ctx, filepath.Join(out, good)); err != nil {
		t.Fatal(err)
	}
	tbl, err := l.Table(ctx, CellsTable)
	if err != nil {
		t.Fatal(err)
	}
	snap := tbl.CurrentSnapshot().SnapshotID

	setField := func(col, val string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			editCSV(t, filepath.Join(dir, CellsFile), func(h []string, rows [][]string) ([]string, [][]string) {
				rows[2][slices.Index(h, col)] = val
				return h, rows
			})
		}
	}
	for _, c := range []struct {
		name  string
		spoil func(*testing.T, string)
		want  []string
	}{
		{"no conversion.json", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, ConversionFile)) }, []string{ConversionFile}},
		{"failed conversion", func(t *testing.T, dir string) { editConversion(t, dir, map[string]any{"status": "failed"}) }, []string{ConversionFile, "failed"}},
		{"no cells.csv", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, CellsFile)) }, []string{CellsFile}},
		{"a row missing", func(t *testing.T, dir string) {
			editCSV(t, filepath.Join(dir, CellsFile), func(h []string, rows [][]string) ([]string, [][]string) { return h, rows[1:] })
		}, []string{CellsFile, "conversion.json says"}},
		{"another document's row", setField("doc_id", "someone-else"), []string{CellsFile + ":4", "someone-else"}},
		{"an amount that is not one", setField("value_yuan", "12,045"), []string{CellsFile + ":4", "value_yuan", "12,045"}},
		{"more decimals than DECIMAL(38,12)", setField("value_yuan", "1.0000000000001"), []string{CellsFile + ":4", "value_yuan"}},
		{"a page that is not a number", setField("page", "p3"), []string{CellsFile + ":4", "page"}},
		{"a box of three numbers", setField("bbox", "1,2,3"), []string{CellsFile + ":4", "bbox"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDoc(t, out, good)
			c.spoil(t, dir)
			_, err := l.AddDocument(ctx, dir)
			if err == nil {
				t.Fatal("added")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			tbl, err := l.Table(ctx, CellsTable)
			if err != nil {
				t.Fatal(err)
			}
			if s := tbl.CurrentSnapshot().SnapshotID; s != snap {
				t.Errorf("budget.cells changed (snapshot %d, was %d)", s, snap)
			}
		})
	}
	checkCells(t, l, out, 0, []string{good})
}

// TestLakeCompacts: past manifestLimit documents the manifests are merged, and the data
// stays exactly the same: every copy's rows, once, after a re-add too.
func TestLakeCompacts(t *testing.T) {
	out := converted(t)
	ctx := context.Background()
	l := openLake(t, Options{Location: t.TempDir()})
	src := lakeDocs[1]
	perDoc := int64(countRows(t, filepath.Join(out, src, CellsFile)))
	const copies = manifestLimit + 4
	var dirs []string
	for i := range copies {
		id := src + "-copy" + strconv.Itoa(i)
		dir := filepath.Join(t.TempDir(), id)
		if err := os.Rename(copyDoc(t, out, src), dir); err != nil {
			t.Fatal(err)
		}
		editCSV(t, filepath.Join(dir, CellsFile), func(h []string, rows [][]string) ([]string, [][]string) {
			for _, r := range rows {
				r[slices.Index(h, "doc_id")] = id
			}
			return h, rows
		})
		editConversion(t, dir, map[string]any{"doc_id": id})
		dirs = append(dirs, dir)
	}
	for _, d := range append(dirs, dirs[3]) {
		if _, err := l.AddDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	// budget.documents is not partitioned: each document's overwrite adds a manifest.
	var replaces int
	for _, name := range []string{CellsTable, FindingsTable, DocumentsTable} {
		tbl, err := l.Table(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := tbl.FS(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := tbl.CurrentSnapshot().Manifests(fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > manifestLimit {
			t.Errorf("%s: %d manifests after %d documents, want at most %d", name, len(ms), copies, manifestLimit)
		}
		for _, s := range tbl.Metadata().Snapshots() {
			if s.Summary != nil && s.Summary.Operation == table.OpReplace {
				replaces++
			}
		}
	}
	if replaces == 0 {
		t.Error("no table had its manifests merged (no replace snapshot)")
	}
	tbl, err := l.Table(ctx, CellsTable)
	if err != nil {
		t.Fatal(err)
	}
	// Re-adding one copy touched its own rows only (no other copy's file rewritten, which
	// doc_id bounds cut to 16 characters would cause: the copies share a long prefix).
	var last *table.Snapshot
	for _, s := range tbl.Metadata().Snapshots() {
		if s.Summary != nil && s.Summary.Operation == table.OpOverwrite {
			last = &s
		}
	}
	if p := last.Summary.Properties; p["deleted-records"] != strconv.FormatInt(perDoc, 10) || p["added-records"] != strconv.FormatInt(perDoc, 10) {
		t.Errorf("re-adding one copy of %d cells deleted %s and added %s records", perDoc, p["deleted-records"], p["added-records"])
	}
	if n := recordCount(t, l, CellsTable); n != copies*perDoc {
		t.Errorf("budget.cells has %d rows, want %d copies × %d", n, copies, perDoc)
	}
	got, _ := lakeRows(t, tbl, 0, export.CellColumns)
	for i, d := range dirs {
		want, _ := csvRows(t, filepath.Join(d, CellsFile))
		if id := filepath.Base(d); !slices.Equal(got[id], want) {
			t.Errorf("copy %d: the lake's %d rows differ from its cells.csv's %d", i, len(got[id]), len(want))
		}
	}
}

// TestLakeNoTables: a document that converted but holds no table (status no_tables, a
// cells.csv with only its header) gets its documents row and no cells; re-adding it after
// an ordinary document leaves that document's cells alone.
func TestLakeNoTables(t *testing.T) {
	out := converted(t)
	ctx := context.Background()
	l := openLake(t, Options{Location: t.TempDir()})
	full, err := l.AddDocument(ctx, filepath.Join(out, lakeDocs[0]))
	if err != nil {
		t.Fatal(err)
	}
	doc := copyDoc(t, out, lakeDocs[1])
	editCSV(t, filepath.Join(doc, CellsFile), func(h []string, _ [][]string) ([]string, [][]string) { return h, nil })
	editCSV(t, filepath.Join(doc, FindingsFile), func(h []string, _ [][]string) ([]string, [][]string) { return h, nil })
	editConversion(t, doc, map[string]any{"status": "no_tables", "tables": 0, "cells": 0, "findings": nil})
	for range 2 {
		added, err := l.AddDocument(ctx, doc)
		if err != nil {
			t.Fatalf("no_tables document: %v", err)
		}
		if added.Cells != 0 {
			t.Errorf("no_tables document wrote %d cells", added.Cells)
		}
	}
	if c := recordCount(t, l, CellsTable); c != full.Cells {
		t.Errorf("budget.cells holds %d rows, want the first document's %d", c, full.Cells)
	}
	if c := recordCount(t, l, DocumentsTable); c != 2 {
		t.Errorf("budget.documents holds %d rows, want 2", c)
	}
}
