package ocr

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

// benchPages are the table pages whose scans the benchmark reads.
var benchPages = []scanCase{
	{"putuo-govoffice-2025-budget.pdf", 8},
	{"putuo-govoffice-2025-budget.pdf", 9},
	{"putuo-govoffice-2025-budget.pdf", 10},
	{"putuo-govoffice-2025-budget.pdf", 11},
}

// TestWriteBenchScans writes the benchmark's scanned document for scripts/bench.d/40-ocr.sh:
// OCR_BENCH_DIR/scan300.pdf (one scanned page per bench page) and the same page images as
// PNG files for plain Tesseract. Skipped unless OCR_BENCH_DIR is set.
func TestWriteBenchScans(t *testing.T) {
	dir := os.Getenv("OCR_BENCH_DIR")
	if dir == "" {
		t.Skip("OCR_BENCH_DIR not set (used by scripts/bench.d/40-ocr.sh)")
	}
	needTool(t, "pdftoppm")
	for _, st := range []struct {
		name  string
		style scanStyle
	}{{"scan300", scan300}, {"scan200", scan200}} {
		var pages []scanPage
		for i, c := range benchPages {
			src := renderRGB(t, corpusFile(t, c.file), c.page, st.style.dpi)
			style := st.style
			style.seed += int64(i)
			jpg := degrade(src, style)
			pages = append(pages, scanPage{jpg, src.Rect.Dx(), src.Rect.Dy(), float64(style.dpi), 0})
			img, err := jpeg.Decode(bytes.NewReader(jpg))
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-p%d.png", st.name, i+1)))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		if err := os.WriteFile(filepath.Join(dir, st.name+".pdf"), imagesPDF(pages), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkRecognizeScan measures Engine.Recognize on one scanned table page (300 dpi,
// tilted, sealed, JPEG): the OCR stage alone, per page.
func BenchmarkRecognizeScan(b *testing.B) {
	needTool(b, "pdftoppm")
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	c := benchPages[1]
	src := renderRGB(b, corpusFile(b, c.file), c.page, scan300.dpi)
	path := filepath.Join(b.TempDir(), "scan.pdf")
	if err := os.WriteFile(path, imagePDF(degrade(src, scan300), src.Rect.Dx(), src.Rect.Dy(), 300, 0), 0o644); err != nil {
		b.Fatal(err)
	}
	scanned := extractedPage(b, path, 1, extract.VerdictImage)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		page := clonePage(scanned)
		if err := e.Recognize(path, page); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/page")
}

// BenchmarkRecognizeWorkers reads 4 scanned pages with 1 and 2 pages in parallel (clients
// created before timing, as a long conversion amortises them): the --workers speed-up of
// the OCR stage alone.
func BenchmarkRecognizeWorkers(b *testing.B) {
	needTool(b, "pdftoppm")
	var pages []scanPage
	for i, c := range benchPages {
		src := renderRGB(b, corpusFile(b, c.file), c.page, scan300.dpi)
		st := scan300
		st.seed += int64(i)
		pages = append(pages, scanPage{degrade(src, st), src.Rect.Dx(), src.Rect.Dy(), 300, 0})
	}
	path := filepath.Join(b.TempDir(), "scan.pdf")
	if err := os.WriteFile(path, imagesPDF(pages), 0o644); err != nil {
		b.Fatal(err)
	}
	var scanned []*extract.Page
	for n := 1; n <= len(pages); n++ {
		scanned = append(scanned, extractedPage(b, path, n, extract.VerdictImage))
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			e, err := New(Options{Workers: workers})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			var ws []*worker
			for range workers {
				w, err := e.acquire()
				if err != nil {
					b.Fatal(err)
				}
				ws = append(ws, w)
			}
			for _, w := range ws {
				e.release(w)
			}
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				next := make(chan int)
				errs := make(chan error, len(pages))
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for n := range next {
							p := clonePage(scanned[n-1])
							if err := e.Recognize(path, p); err != nil {
								errs <- err
							}
						}
					})
				}
				for n := 1; n <= len(pages); n++ {
					next <- n
				}
				close(next)
				wg.Wait()
				close(errs)
				for err := range errs {
					b.Fatal(err)
				}
			}
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N*len(pages)), "s/page")
		})
	}
}
