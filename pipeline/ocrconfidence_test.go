package pipeline

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/ocr"
)

// TestOCRConfidenceThresholdsAgree: normalize takes an OCR value below its threshold as
// low-confidence; package ocr calibrates its numbers so that a misread lands below
// ocr.LowConfidence. normalize cannot import the cgo package, so this test (pipeline imports
// both) keeps the two thresholds one.
func TestOCRConfidenceThresholdsAgree(t *testing.T) {
	if normalize.DefaultOCRConfidence != ocr.LowConfidence {
		t.Fatalf("normalize.DefaultOCRConfidence = %v, ocr.LowConfidence = %v: they must be equal", normalize.DefaultOCRConfidence, ocr.LowConfidence)
	}
}
