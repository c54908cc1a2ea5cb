package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestBatchArchive: the Archive hook sees every document whose outputs are complete
// (converted now — here with no table —, or skipped by Resume), after its conversion.json
// is written, and never a failed one; an Archive error fails the document with a message naming the file.
func TestBatchArchive(t *testing.T) {
	in := t.TempDir()
	for _, n := range []string{"a.pdf", "b.pdf", "c.pdf"} {
		if err := os.WriteFile(filepath.Join(in, n), []byte("%PDF-1.4 "+n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := Expand([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	convert := func(path string, _ Options) (*normalize.Document, error) {
		if strings.HasSuffix(path, "c.pdf") {
			return nil, errors.New("not a PDF")
		}
		return &normalize.Document{Pages: 1}, nil
	}
	var mu sync.Mutex
	var seen []string
	hook := func(failFor string) func(DocResult) error {
		return func(r DocResult) error {
			mu.Lock()
			seen = append(seen, r.DocID+":"+string(r.Status))
			mu.Unlock()
			if _, err := os.Stat(filepath.Join(out, r.DocID, ConversionFile)); err != nil {
				t.Errorf("%s archived before its outputs were complete: %v", r.DocID, err)
			}
			if r.DocID == failFor {
				return errors.New("lake: catalog unreachable")
			}
			return nil
		}
	}
	for _, c := range []struct {
		name    string
		resume  bool
		failFor string
		seen    []string
		status  map[string]Status
	}{
		{"first run", false, "b", []string{"a:no_tables", "b:no_tables"},
			map[string]Status{"a": StatusNoTables, "b": StatusFailed, "c": StatusFailed}},
		{"resumed", true, "", []string{"a:skipped", "b:skipped"},
			map[string]Status{"a": StatusSkipped, "b": StatusSkipped, "c": StatusFailed}},
	} {
		t.Run(c.name, func(t *testing.T) {
			seen = nil
			sum, err := RunBatch(context.Background(), inputs, BatchOptions{
				Out: out, Formats: export.Formats{CSV: true}, Workers: 2, Resume: c.resume,
				Convert: convert, Archive: hook(c.failFor),
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(seen)
			if !slices.Equal(seen, c.seen) {
				t.Errorf("archived %v, want %v", seen, c.seen)
			}
			for _, r := range sum.Results {
				if r.Status != c.status[r.DocID] {
					t.Errorf("%s: %s (%s), want %s", r.DocID, r.Status, r.Error, c.status[r.DocID])
				}
				if r.DocID == c.failFor && (!strings.Contains(r.Error, "b.pdf") || !strings.Contains(r.Error, "catalog unreachable")) {
					t.Errorf("%s: error %q should name the file and the cause", r.DocID, r.Error)
				}
			}
		})
	}
}
