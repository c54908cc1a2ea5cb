package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/budgetpdf/budgetpdf/export"
)

func TestShard(t *testing.T) {
	var inputs []Input
	for i, size := range []int64{900, 10, 10, 500, 400, 300, 0, 10, 200, 100, 50} {
		inputs = append(inputs, Input{Path: string(rune('a'+i)) + ".pdf", DocID: string(rune('a' + i)), Size: size})
	}
	for _, n := range []int{1, 2, 3, 4, len(inputs), len(inputs) + 3} {
		seen := map[string]int{}
		var loads []int64
		for i := range n {
			got, err := Shard(inputs, i, n)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Shard(inputs, i, n)
			if !slices.Equal(got, again) {
				t.Errorf("n=%d shard %d: not deterministic", n, i)
			}
			var load int64
			for _, in := range got {
				seen[in.DocID]++
				load += in.Size
			}
			loads = append(loads, load)
			if !slices.IsSortedFunc(got, func(a, b Input) int { return strings.Compare(a.Path, b.Path) }) {
				t.Errorf("n=%d shard %d: not in input order", n, i)
			}
		}
		for _, in := range inputs {
			if seen[in.DocID] != 1 {
				t.Errorf("n=%d: %s in %d shards, want 1", n, in.DocID, seen[in.DocID])
			}
		}
		// Largest first to the lightest shard: no shard exceeds the mean by more than the
		// largest file.
		if n > 1 && n <= 4 {
			mean := int64(2490) / int64(n)
			for i, l := range loads {
				if l > mean+900 {
					t.Errorf("n=%d shard %d: %d bytes, mean %d", n, i, l, mean)
				}
			}
		}
	}
	for _, bad := range [][2]int{{-1, 2}, {2, 2}, {0, 0}} {
		if _, err := Shard(inputs, bad[0], bad[1]); err == nil {
			t.Errorf("Shard(%d/%d): no error", bad[0], bad[1])
		}
	}
}

func TestParseShard(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "JOB_COMPLETION_INDEX" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		arg, env string
		i, n     int
		ok       bool
	}{
		{"0/4", "", 0, 4, true},
		{"3/4", "", 3, 4, true},
		{"4", "2", 2, 4, true},
		{"1/4", "2", 1, 4, true}, // an explicit index wins
		{"4/4", "", 0, 0, false},
		{"-1/4", "", 0, 0, false},
		{"4", "", 0, 0, false}, // N alone needs JOB_COMPLETION_INDEX
		{"4", "x", 0, 0, false},
		{"a/4", "", 0, 0, false},
		{"1/0", "", 0, 0, false},
	} {
		i, n, err := ParseShard(c.arg, env(c.env))
		if (err == nil) != c.ok || c.ok && (i != c.i || n != c.n) {
			t.Errorf("ParseShard(%q, JOB_COMPLETION_INDEX=%q) = %d, %d, %v; want %d, %d, ok=%v", c.arg, c.env, i, n, err, c.i, c.n, c.ok)
		}
	}
}

// TestSharedOut runs the shards of a batch at once into one folder (as `convert --shard`
// pods or `budgetpdf worker`s do): no lock error, the same per-document outputs as one
// batch, another writer's temp files left alone, no run-level files.
func TestSharedOut(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join("..", "fixtures", "pdf", "*[a-z].pdf"))
	if len(fixtures) < 3 {
		t.Fatalf("born-digital fixtures missing: %v", fixtures)
	}
	inputs, err := Expand(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	opts := BatchOptions{Formats: export.Formats{CSV: true, JSON: true}, ToolVersion: "test", Workers: 1}

	whole := t.TempDir()
	o := opts
	o.Out = whole
	if _, err := RunBatch(context.Background(), inputs, o); err != nil {
		t.Fatal(err)
	}

	shared := t.TempDir()
	// Another writer's temp file in the shared folder, and a stale one of our own document.
	other := filepath.Join(shared, "someone-else", ".cells.csv.tmp-123")
	mine := filepath.Join(shared, inputs[0].DocID, ".cells.csv.tmp-456")
	minePq := filepath.Join(shared, "parquet", "year=2026", "doc_kind=budget", "."+inputs[0].DocID+".parquet.tmp-789")
	for _, p := range []string{other, mine, minePq} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const n = 2
	var wg sync.WaitGroup
	sums := make([]*Summary, n)
	errs := make([]error, n)
	for i := range n {
		part, err := Shard(inputs, i, n)
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Out, o.SharedOut = shared, true
		wg.Go(func() { sums[i], errs[i] = RunBatch(context.Background(), part, o) })
	}
	wg.Wait()
	converted := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("shard %d: %v", i, errs[i])
		}
		converted += sums[i].Counts[StatusConverted]
	}
	if converted != len(inputs) {
		t.Errorf("%d documents converted by the shards, want %d", converted, len(inputs))
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another writer's temp file was removed: %v", err)
	}
	for _, p := range []string{mine, minePq} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("stale temp file of a converted document left: %s", p)
		}
	}
	for _, f := range []string{RunFile, export.RunCellsFile} {
		if _, err := os.Stat(filepath.Join(shared, f)); !os.IsNotExist(err) {
			t.Errorf("shared folder has %s (run-level files are not written)", f)
		}
	}
	for _, in := range inputs {
		a, err := os.ReadFile(filepath.Join(whole, in.DocID, export.DocCellsFile))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(shared, in.DocID, export.DocCellsFile))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s: cells.csv differs between the whole batch and its shard", in.DocID)
		}
	}
}

// TestInputSource: a document read from a copy is named as submitted in every output.
func TestInputSource(t *testing.T) {
	src := filepath.Join("..", "fixtures", "pdf", "ningan-statistics-2024-final-accounts.pdf")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "download-1234.pdf")
	if err := os.WriteFile(copyPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(t.TempDir(), "download-5678.pdf")
	if err := os.WriteFile(broken, b[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := RunBatch(context.Background(), []Input{
		{Path: copyPath, DocID: "ningan", Source: "county/ningan.pdf"},
		{Path: broken, DocID: "broken", Source: "county/broken.pdf"},
	}, BatchOptions{Out: out, Formats: export.Formats{CSV: true, JSON: true}, ToolVersion: "test", SharedOut: true})
	if err != nil {
		t.Fatal(err)
	}
	ok, bad := sum.Results[0], sum.Results[1]
	if ok.Status != StatusConverted || ok.Source != "county/ningan.pdf" {
		t.Errorf("converted document: status %s, source %q", ok.Status, ok.Source)
	}
	if bad.Status != StatusFailed || bad.Source != "county/broken.pdf" || !strings.Contains(bad.Error, "county/broken.pdf") || strings.Contains(bad.Error, broken) {
		t.Errorf("failed document: status %s, source %q, error %q", bad.Status, bad.Source, bad.Error)
	}
	for _, f := range []string{export.DocCellsFile, export.JSONFile} {
		b, err := os.ReadFile(filepath.Join(out, "ningan", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "county/ningan.pdf") || strings.Contains(string(b), copyPath) {
			t.Errorf("%s does not name the document as submitted", f)
		}
	}
}
