package ocr

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestProsePageLines reads the prose page 36 of the changji scan200 fixture (no table:
// two sections of narrative and a numbered list) and holds every printed line below
// y≈381 pt — where a speck under a line once snowballed the row profile into one band, so
// 21 lines came out as a single 363 pt word — to its born-digital twin's line: one OCR
// word per printed line, its box where the twin prints it.
func TestProsePageLines(t *testing.T) {
	needTool(t, "pdftotext")
	born := filepath.Join(fixturesDir, "pdf", "changji-hitech-zone-2026-budget.pdf")
	scan := filepath.Join(fixturesDir, "pdf", "changji-hitech-zone-2026-budget-scan200.pdf")
	if _, err := os.Stat(scan); err != nil {
		t.Skipf("scanned fixture missing: %v", err)
	}
	const page, below = 36, 381.0
	var key []keyWord // the twin prints one word per line on this page
	for _, kw := range textLayer(t, born, page) {
		if kw.box.Y0 > below {
			key = append(key, kw)
		}
	}
	if len(key) < 20 {
		t.Fatalf("twin p%d: %d lines below y=%.0f, want the page's 21", page, len(key), below)
	}
	p := extractedPage(t, scan, page, extract.VerdictImage)
	if err := newEngine(t).Recognize(scan, p); err != nil {
		t.Fatal(err)
	}
	var got []extract.Word
	for _, w := range p.Words {
		if h := w.Y1 - w.Y0; h > 20 {
			t.Errorf("word %q is %.0f pt tall (%.0f–%.0f): lines merged", w.Text, h, w.Y0, w.Y1)
		}
		if w.Y0 > below {
			got = append(got, w)
		}
	}
	if len(got) != len(key) {
		t.Errorf("%d OCR words below y=%.0f, want one per printed line: %d", len(got), below, len(key))
	}
	// Each printed line: one word whose box matches the twin's: centre line within 3.5 pt,
	// ends within 9 pt (the OCR box is the ink, the twin's the glyphs' advance boxes: a
	// full-width （ at the start or 。； at the end is blank over half its 10.5 pt).
	matched := map[int]bool{}
	for _, kw := range key {
		found := -1
		for i, w := range got {
			if math.Abs((w.Y0+w.Y1)/2-(kw.box.Y0+kw.box.Y1)/2) < 3.5 && math.Abs(w.X0-kw.box.X0) < 9 &&
				math.Abs(w.X1-kw.box.X1) < 9 {
				found = i
				break
			}
		}
		if found < 0 || matched[found] {
			t.Errorf("printed line %q at (%.0f,%.0f)-(%.0f,%.0f): no OCR word of its own there", kw.text, kw.box.X0, kw.box.Y0, kw.box.X1, kw.box.Y1)
			continue
		}
		matched[found] = true
	}
	// The figures normalize checks against the tables, and a heading that opens a section.
	for _, want := range []string{
		"项目支出32559万元，比上年预算减少15146万元",
		"15、债务发行费用支出（类）4万元，占0.01%",
		"8、城乡社区支出（类）22786万元，占64.30%",
		"六、关于昌吉高新区管委会2026年一般公共预算基本支出情况说明",
	} {
		t.Run(want, func(t *testing.T) {
			for _, w := range got {
				if strings.Contains(strings.ReplaceAll(w.Text, " ", ""), want) {
					if w.Confidence < LowConfidence {
						t.Errorf("%q read with confidence %.2f", w.Text, w.Confidence)
					}
					return
				}
			}
			t.Errorf("no line reads %q", want)
		})
	}
}
