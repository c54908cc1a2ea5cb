// Package ocr recognises scanned and undecodable pages with Tesseract (gosseract) and fills
// them with words in extract's page model (Source "ocr", with confidences), so the tables
// stage reads them exactly like text-layer pages.
package ocr

import (
	"errors"

	"github.com/budgetpdf/budgetpdf/extract"
)

// Options configure the engine.
type Options struct {
	Lang     string // Tesseract languages for text cells; default "chi_sim+eng"
	Tessdata string // tessdata folder; default TESSDATA_PREFIX or the Debian location
	Workers  int    // Tesseract clients in the pool (pages OCRed in parallel)
}

// Engine owns a pool of Tesseract clients.
type Engine struct{ opts Options }

// New starts an engine; it fails clearly when Tesseract or a language is missing.
func New(opts Options) (*Engine, error) { return nil, errors.New("ocr: not implemented yet") }

// Close releases the clients.
func (e *Engine) Close() error { return nil }

// Recognize fills page (verdict image or undecodable) with OCR words and the ruling lines
// found in the image. path is the PDF the page belongs to (image bytes are read from it).
func (e *Engine) Recognize(path string, page *extract.Page) error {
	return errors.New("ocr: not implemented yet")
}
