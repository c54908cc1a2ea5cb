//go:build !noocr

package ocr

import (
	"image"
	"image/png"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/ocr/paddle"
)

// BenchmarkLineRecognizers: the cost of one text line read by Tesseract's text client (as
// readLine crops it: scaled to Settings.TargetHeight, padded) and by PP-OCRv4 (the line at
// its own scale), on the two line crops of ocr/paddle/testdata (a 200-dpi tuning scan).
// The PP-OCRv4 half runs only when BUDGETPDF_PADDLE_DIR names the fetched model
// (docs/ocr.md "Second recogniser (PP-OCRv4)"); run with OMP_THREAD_LIMIT=1, as the
// pipeline runs Tesseract.
func BenchmarkLineRecognizers(b *testing.B) {
	var lines []*gray
	for _, f := range []string{"paddle/testdata/line-caizheng.png", "paddle/testdata/line-seal.png"} {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, toGray(img))
	}
	b.Run("tesseract", func(b *testing.B) {
		dir, err := findTessdata("", []string{"eng", "chi_sim"})
		if err != nil {
			b.Fatal(err)
		}
		w, err := newWorker(dir, []string{"chi_sim", "eng"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer w.close()
		set := DefaultSettings()
		defer reportCPU(b)()
		for i := 0; b.Loop(); i++ {
			g := lines[i%len(lines)]
			if _, err := recognizeLine(w.text, g.resize(set.scaleFor(g.h)).pad(12)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pp-ocrv4", func(b *testing.B) {
		dir := os.Getenv("BUDGETPDF_PADDLE_DIR")
		if dir == "" {
			b.Skip("set BUDGETPDF_PADDLE_DIR to the folder of the fetched model to measure PP-OCRv4")
		}
		rec, err := paddle.OpenSpec(paddle.SpecPrefix + dir)
		if err != nil {
			b.Fatal(err)
		}
		defer rec.Close()
		imgs := make([]*image.Gray, len(lines))
		for i, g := range lines {
			imgs[i] = g.image()
		}
		defer reportCPU(b)()
		for i := 0; b.Loop(); i++ {
			if _, err := rec.Read(imgs[i%len(imgs)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports the process's CPU seconds per operation from now to the call of the
// function it returns (wall time on a shared machine says little).
func reportCPU(b *testing.B) func() {
	start := cpuNow()
	return func() { b.ReportMetric((cpuNow()-start)/float64(b.N), "cpu-s/line") }
}

func cpuNow() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
