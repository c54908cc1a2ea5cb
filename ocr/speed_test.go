package ocr

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

// BenchmarkOCRPhases reads the scanned fixtures' pages (the tuning documents of
// the scan hold-out rule, never the held-out ones) with one worker, prints where the time
// goes per phase, and times plain `tesseract --psm 6 -l chi_sim` on the same page images in
// the same run: the ratio is the figure of issue 11 (docs/BENCH.md "OCR speed, issue 11").
//
//	OMP_THREAD_LIMIT=1 go test ./ocr -run '^$' -bench '^BenchmarkOCRPhases$' -benchtime 1x -v
//
// (OCR_PROFILE=v also logs each number line the digits model read but not alone.)
func BenchmarkOCRPhases(b *testing.B) {
	t := b
	needTool(t, "pdfimages")
	needTool(t, "tesseract")
	e := newEngine(t)
	dir := t.TempDir()
	type page struct {
		scan string
		n    int
	}
	var pages []page
	for _, fs := range fixtureScans {
		for _, n := range fs.pages {
			pages = append(pages, page{filepath.Join(fixturesDir, "pdf", fs.doc+"-"+fs.variant+".pdf"), n})
		}
	}
	var extracted []*extract.Page
	for _, p := range pages {
		extracted = append(extracted, extractedPage(t, p.scan, p.n, extract.VerdictImage))
	}
	rejected := map[string]int{}
	debugFast = func(rd reading, gd []glyph, n *numberLine) {
		why := "other"
		switch d := cleanReading(rd.text); {
		case d == "":
			why = "not a number"
		case len(digitsOf(d)) != len(gd):
			why = "digit count"
		case rd.minConf < defaultSettings.FastNumberMinConf:
			why = "confidence"
		}
		if strings.HasPrefix(rd.text, "OK ") {
			why = "fast"
		} else {
			rejected[why]++
		}
		if os.Getenv("OCR_PROFILE") == "v" {
			var dims []string
			for _, g := range gd {
				dims = append(dims, fmt.Sprintf("%.2f/%.2f", float64(g.r.Dx())/float64(g.r.Dy()), float64(g.r.Dy())/float64(n.bd.Dy())))
			}
			t.Logf("%s: %q %.2f glyphs %s h %d %v", why, rd.text, rd.minConf, glyphPattern(n.glyphs), n.bd.Dy(), dims)
		}
	}
	defer func() { debugFast = nil }()
	profile = newPhaseProfile()
	defer func() { profile = nil }()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime(t)
	for range b.N {
		for i, p := range pages {
			if err := e.Recognize(p.scan, clonePage(extracted[i])); err != nil {
				t.Fatal(err)
			}
		}
	}
	ours, oursCPU := time.Since(start), cpuTime(t)-cpu0
	b.StopTimer()
	done := phase("other")
	done()
	t.Logf("phases (one worker, %d pages):\n%s", len(pages), profile.report(len(pages)))
	t.Logf("lines the digits model read but not alone (readNumberFirst), why: %v", rejected)

	var tess, tessCPU time.Duration
	for i, p := range pages {
		prefix := filepath.Join(dir, fmt.Sprintf("p%d", i))
		if out, err := exec.Command("pdfimages", "-png", "-f", strconv.Itoa(p.n), "-l", strconv.Itoa(p.n), p.scan, prefix).CombinedOutput(); err != nil {
			t.Fatalf("pdfimages: %v: %s", err, out)
		}
		img := prefix + "-000.png"
		cmd := exec.Command("tesseract", img, "-", "-l", "chi_sim", "--psm", "6")
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		s := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("tesseract: %v: %s", err, out)
		}
		tess += time.Since(s)
		tessCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	n := float64(len(pages))
	ours, oursCPU = ours/time.Duration(b.N), oursCPU/time.Duration(b.N)
	// On a loaded machine wall time follows the load; CPU time much less so.
	t.Logf("wall: ours %.2f s/page, plain tesseract %.2f s/page, ratio %.2f", ours.Seconds()/n, tess.Seconds()/n, ours.Seconds()/tess.Seconds())
	t.Logf("cpu:  ours %.2f s/page, plain tesseract %.2f s/page, ratio %.2f", oursCPU.Seconds()/n, tessCPU.Seconds()/n, oursCPU.Seconds()/tessCPU.Seconds())
	b.ReportMetric(oursCPU.Seconds()/n, "cpu-s/page")
	b.ReportMetric(oursCPU.Seconds()/tessCPU.Seconds(), "cpu-ratio-to-tesseract")
}

// cpuTime is the CPU time (user and system) the test process has used so far.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
