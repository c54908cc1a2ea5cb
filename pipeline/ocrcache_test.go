package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/ocr"
)

// TestOCRCache: the first run OCRs the page and keeps it; the second reads the kept page
// (marked here, so reading it again from Tesseract would show) instead of OCRing again.
func TestOCRCache(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract on a page")
	}
	page := fixtureScanPage(t)
	eng, err := ocr.New(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("Tesseract with chi_sim is not installed here: %v", err)
	}
	defer eng.Close()
	dir := filepath.Join(t.TempDir(), "ocr")
	opts := Options{OCR: eng, OCRCache: dir}
	first, problems, err := Extract(page, opts)
	if err != nil || len(problems) != 0 {
		t.Fatalf("first run: %v %+v", err, problems)
	}
	kept, err := filepath.Glob(filepath.Join(dir, "*-p1.json"))
	if err != nil || len(kept) != 1 {
		t.Fatalf("want one kept page, got %v (%v)", kept, err)
	}
	b, err := os.ReadFile(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	word := first[0].Words[0].Text
	marked := strings.Replace(string(b), `"text":"`+word+`"`, `"text":"CACHED"`, 1)
	if marked == string(b) {
		t.Fatalf("first word %q not found in the kept page", word)
	}
	if err := os.WriteFile(kept[0], []byte(marked), 0o644); err != nil {
		t.Fatal(err)
	}
	second, problems, err := Extract(page, opts)
	if err != nil || len(problems) != 0 {
		t.Fatalf("second run: %v %+v", err, problems)
	}
	if got := second[0].Words[0].Text; got != "CACHED" || len(second[0].Words) != len(first[0].Words) {
		t.Errorf("second run: first word %q, %d words; want the kept page (CACHED, %d words)", got, len(second[0].Words), len(first[0].Words))
	}
}
