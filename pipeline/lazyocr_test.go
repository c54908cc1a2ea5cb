package pipeline

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/ocr"
)

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	return corpus.Path(t, "corpus/real/"+name)
}

// TestLazyOCR: the engine is created only when a page needs it, once per run; when it
// cannot be created, every page that needed it is a problem naming file, page and why.
func TestLazyOCR(t *testing.T) {
	born := corpusFile(t, "putuo-govoffice-2025-budget.pdf")
	scanned := corpusFile(t, "changsha-finance-2025-allocation-scanned.pdf")
	missing := errors.New("tessdata: chi_sim.traineddata not found")
	cases := []struct {
		name     string
		files    []string // extracted one after the other with the same LazyOCR
		calls    int      // times New is called
		problems []int    // problems per file
		onError  int
	}{
		{"born-digital never starts OCR", []string{born, born}, 0, []int{0, 0}, 0},
		{"scanned starts it once", []string{scanned, born, scanned}, 1, []int{6, 0, 6}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var calls, onError atomic.Int32
			lazy := &LazyOCR{
				New:     func() (*ocr.Engine, error) { calls.Add(1); return nil, missing },
				OnError: func(error) { onError.Add(1) },
			}
			defer lazy.Close()
			for i, f := range c.files {
				_, problems, err := Extract(f, Options{LazyOCR: lazy, Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				if len(problems) != c.problems[i] {
					t.Errorf("%s: %d problems, want %d", f, len(problems), c.problems[i])
				}
				for _, p := range problems {
					if p.Page < 1 || !strings.Contains(p.Message, f) || !strings.Contains(p.Message, "OCR is unavailable") || !strings.Contains(p.Message, missing.Error()) {
						t.Errorf("problem %+v: want file, page and why OCR is unavailable", p)
					}
				}
			}
			if int(calls.Load()) != c.calls || int(onError.Load()) != c.onError {
				t.Errorf("New called %d times (want %d), OnError %d (want %d)", calls.Load(), c.calls, onError.Load(), c.onError)
			}
			if lazy.Started() {
				t.Error("Started after a failed New")
			}
		})
	}
}

// TestLazyOCRConcurrent: documents in parallel reaching their first scanned page at once
// share one creation.
func TestLazyOCRConcurrent(t *testing.T) {
	var calls atomic.Int32
	lazy := &LazyOCR{New: func() (*ocr.Engine, error) { calls.Add(1); return nil, errors.New("no tesseract") }}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := lazy.Engine(); err == nil {
				t.Error("want the creation error")
			}
		})
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("New called %d times", calls.Load())
	}
	lazy.Close()
	if _, err := lazy.Engine(); err == nil {
		t.Error("Engine after Close: want an error")
	}
	(&LazyOCR{}).Close() // never created: nothing to release
}

// TestLazyOCRRecognizes runs the real engine through LazyOCR on one scanned page (page 5
// of a fixture scan, cut with pdfseparate): it is created on that page and fills it with
// OCR words.
func TestLazyOCRRecognizes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract on a page")
	}
	page := fixtureScanPage(t)
	var calls atomic.Int32
	lazy := &LazyOCR{New: func() (*ocr.Engine, error) {
		calls.Add(1)
		return ocr.New(ocr.Options{Workers: 1})
	}}
	defer lazy.Close()
	pages, problems, err := Extract(page, Options{LazyOCR: lazy})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 && strings.Contains(problems[0].Message, "OCR is unavailable") {
		t.Skipf("Tesseract with chi_sim is not installed here: %s", problems[0].Message)
	}
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	ocrWords := 0
	for _, w := range pages[0].Words {
		if w.Source == extract.SourceOCR {
			ocrWords++
		}
	}
	// The page is a table of 8 rows × 5 columns plus title and header: 90 words when this
	// was written; well under that means OCR did not really run.
	if calls.Load() != 1 || !lazy.Started() || ocrWords < 60 {
		t.Errorf("New called %d times, started %v, %d OCR words on the page", calls.Load(), lazy.Started(), ocrWords)
	}
}

// fixtureScanPage cuts page 5 of a committed fixture scan (one table page) into its own PDF.
func fixtureScanPage(t *testing.T) string {
	t.Helper()
	scanned := filepath.Join("..", "fixtures", "pdf", "shanghai-culture-2025-budget-scan200.pdf")
	if _, err := os.Stat(scanned); err != nil {
		t.Skipf("fixture scan not generated (make fixtures): %v", err)
	}
	if _, err := exec.LookPath("pdfseparate"); err != nil {
		t.Skip("pdfseparate (poppler-utils) not installed: cannot cut one page")
	}
	page := filepath.Join(t.TempDir(), "page5.pdf")
	if out, err := exec.Command("pdfseparate", "-f", "5", "-l", "5", scanned, page).CombinedOutput(); err != nil {
		t.Fatalf("pdfseparate: %v\n%s", err, out)
	}
	return page
}
