package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lakeProgram builds budgetpdf-lake for the test and points BUDGETPDF_LAKE at it.
func lakeProgram(t *testing.T) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "budgetpdf-lake")
	cmd := exec.Command("go", "build", "-o", bin, "../budgetpdf-lake")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build budgetpdf-lake: %v\n%s", err, out)
	}
	t.Setenv("BUDGETPDF_LAKE", bin)
}

// lakeInfo runs `budgetpdf lake info --json LOCATION`.
func lakeInfo(t *testing.T, loc string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lake", "info", "--json", loc}, &stdout, &stderr); code != exitOK {
		t.Fatalf("lake info: exit %d\n%s", code, stderr.String())
	}
	var info map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil {
		t.Fatalf("lake info --json: %v\n%s", err, stdout.String())
	}
	return info
}

// TestConvertLake: convert --lake adds every converted document to the lake (budget.cells
// holds OUT/cells.csv's rows, once, however often convert runs); --resume leaves the lake
// alone; a lake that cannot be used stops convert before any document, and --lake without
// CSV outputs is a usage error.
func TestConvertLake(t *testing.T) {
	needCorpus(t)
	lakeProgram(t)
	in := batchDir(t, map[string]string{
		"a.pdf": "putuo-govoffice-2025-budget.pdf",
		"b.pdf": "putuo-wanli-2024-budget.pdf",
	})
	out, loc := t.TempDir(), filepath.Join(t.TempDir(), "lake")
	convert := func(extra ...string) int {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"convert", in, "-o", out, "--format", "csv", "--lake", loc, "-q"}, extra...), &stdout, &stderr)
		if code != exitOK {
			t.Logf("convert %v: exit %d\n%s", extra, code, stderr.String())
		}
		return code
	}
	cellsCSV := func() int {
		f, err := os.Open(filepath.Join(out, "cells.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return len(recs) - 1
	}
	tables := func(info map[string]any) map[string]map[string]any {
		m := map[string]map[string]any{}
		for _, tb := range info["tables"].([]any) {
			tb := tb.(map[string]any)
			m[tb["name"].(string)] = tb
		}
		return m
	}
	for i, extra := range [][]string{nil, nil, {"--resume"}} {
		if code := convert(extra...); code != exitOK {
			t.Fatalf("run %d: exit %d", i+1, code)
		}
		info := lakeInfo(t, loc)
		tb := tables(info)
		if got, want := int(tb["budget.cells"]["records"].(float64)), cellsCSV(); got != want {
			t.Errorf("run %d %v: budget.cells has %d records, OUT/cells.csv %d rows", i+1, extra, got, want)
		}
		if n := info["documents"].(float64); n != 2 {
			t.Errorf("run %d: %v documents in the lake, want 2", i+1, n)
		}
		// Two documents per run that writes; --resume writes nothing.
		wantSnaps := 2 * min(i+1, 2)
		if n := len(tb["budget.cells"]["snapshots"].([]any)); n != wantSnaps {
			t.Errorf("run %d %v: budget.cells has %d snapshots, want %d", i+1, extra, n, wantSnaps)
		}
	}

	var stderr bytes.Buffer
	if code := run([]string{"convert", in, "-o", t.TempDir(), "--format", "xlsx", "--lake", loc}, &bytes.Buffer{}, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "csv") {
		t.Errorf("--lake with --format xlsx: exit %d, %q; want a usage error about csv", code, stderr.String())
	}
	// A lake that cannot be opened stops convert before any document.
	for _, c := range []struct {
		name, lake, program, want string
	}{
		{"an S3 lake without a catalog", "s3://bucket/lake", "", "SQL catalog"},
		{"no budgetpdf-lake", loc, filepath.Join(t.TempDir(), "missing"), "missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.program != "" {
				t.Setenv("BUDGETPDF_LAKE", c.program)
			}
			fresh := t.TempDir()
			var stderr bytes.Buffer
			// The run could not proceed: exit 3 (README, exit status), not 1 (documents failed).
			if code := run([]string{"convert", in, "-o", fresh, "--lake", c.lake, "-q"}, &bytes.Buffer{}, &stderr); code != exitRun || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, %q; want 3 and a message saying %q", code, stderr.String(), c.want)
			}
			if entries, _ := os.ReadDir(fresh); len(entries) > 0 {
				t.Errorf("convert wrote %d entries before finding the lake unusable", len(entries))
			}
		})
	}
}

// TestWorkerLake: `budgetpdf worker --lake` adds each document it converts to the lake
// (the queue's AfterDocument seam): after the queue drains, budget.cells holds every
// document's cells.csv rows.
func TestWorkerLake(t *testing.T) {
	needCorpus(t)
	if testing.Short() {
		t.Skip("builds the binaries and runs a worker process")
	}
	bin := buildBinary(t)
	lakeProgram(t)
	srv := startNATS(t)
	in := batchDir(t, map[string]string{
		"a.pdf": "putuo-govoffice-2025-budget.pdf",
		"b.pdf": "putuo-wanli-2024-budget.pdf",
	})
	out, loc := filepath.Join(t.TempDir(), "out"), filepath.Join(t.TempDir(), "lake")
	budgetpdf := func(args ...string) {
		t.Helper()
		if o, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("budgetpdf %s: %v\n%s", strings.Join(args, " "), err, o)
		}
	}
	budgetpdf("submit", "--nats", srv.url, "--queue", srv.name, in)
	w := exec.Command(bin, "worker", "--nats", srv.url, "--queue", srv.name, "-o", out, "--workers", "1", "--no-ocr", "-q", "--lake", loc)
	var werr bytes.Buffer
	w.Stderr = &werr
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	budgetpdf("status", "--nats", srv.url, "--queue", srv.name, "--wait", "--timeout", "3m")
	w.Process.Signal(os.Interrupt)
	if err := w.Wait(); err != nil {
		t.Fatalf("worker: %v\n%s", err, werr.String())
	}
	var want int
	for _, d := range []string{"a", "b"} {
		b, err := os.ReadFile(filepath.Join(out, d, "cells.csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want += len(recs) - 1
	}
	info := lakeInfo(t, loc)
	var got float64
	for _, tb := range info["tables"].([]any) {
		if tb := tb.(map[string]any); tb["name"] == "budget.cells" {
			got = tb["records"].(float64)
		}
	}
	if int(got) != want || info["documents"].(float64) != 2 {
		t.Errorf("lake after the worker: %v cells (want %d), %v documents (want 2)\n%s", got, want, info["documents"], werr.String())
	}
}
