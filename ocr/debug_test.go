//go:build ocrdebug

package ocr

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestDebugPage dumps every line decision of one page, with the crop Tesseract saw, for
// finding out why a cell is misread:
//
//	OCR_DEBUG_PDF=file.pdf OCR_DEBUG_PAGE=5 OCR_DEBUG_DIR=/tmp/dbg go test -tags ocrdebug -run TestDebugPage ./ocr/
//
// A debugging aid behind the ocrdebug build tag, so it never shows up as a skipped test.
func TestDebugPage(t *testing.T) {
	pdf := os.Getenv("OCR_DEBUG_PDF")
	if pdf == "" {
		t.Skip("OCR_DEBUG_PDF not set (a debugging aid)")
	}
	n, _ := strconv.Atoi(os.Getenv("OCR_DEBUG_PAGE"))
	dir := os.Getenv("OCR_DEBUG_DIR")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e := newEngine(t)
	var mu sync.Mutex
	seq := 0
	debugLine = func(a *analysis, bd band, kind, text string, r1, r2 reading) {
		mu.Lock()
		defer mu.Unlock()
		seq++
		if seq == 1 && dir != "" {
			writePNG(t, filepath.Join(dir, "page.png"), a.g.resize(0.5))
		}
		b := a.toPage.Bounds(float64(bd.Min.X), float64(bd.Min.Y), float64(bd.Max.X), float64(bd.Max.Y))
		t.Logf("%04d (%.0f,%.0f)-(%.0f,%.0f) px %v %s %q  d=%q(%.2f) t=%q(%.2f)", seq, b.X0, b.Y0, b.X1, b.Y1, bd, kind, text, r1.text, r1.minConf, r2.text, r2.meanConf)
		if dir != "" {
			writePNG(t, filepath.Join(dir, fmt.Sprintf("%04d.png", seq)), a.lineCrop(bd, image.Rect(0, 0, a.clean.w, a.clean.h), defaultSettings.scaleFor(bd.Dy())))
		}
	}
	debugTemplate = func(s string) { t.Log("   template: " + s) }
	debugVotes = func(votes []vote, won string, ok bool) {
		var sb strings.Builder
		for _, v := range votes {
			fmt.Fprintf(&sb, " %s(%.2f)", string(v.text), v.weight)
		}
		t.Logf("votes%s -> %q %v", sb.String(), won, ok)
	}
	defer func() { debugLine, debugTemplate, debugVotes = nil, nil, nil }()
	page := extractedPage(t, pdf, n, "")
	page.Verdict = extract.VerdictImage
	if os.Getenv("OCR_DEBUG_UNDECODABLE") != "" {
		page.Verdict = extract.VerdictUndecodable
	}
	if err := e.Recognize(pdf, page); err != nil {
		t.Fatal(err)
	}
	for _, nt := range page.Notes {
		t.Log(nt)
	}
	var sb strings.Builder
	for _, w := range page.Words {
		fmt.Fprintf(&sb, "%.1f %.1f %.1f %.1f %.3f %s\n", w.X0, w.Y0, w.X1, w.Y1, w.Confidence, w.Text)
	}
	if dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
