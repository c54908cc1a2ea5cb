package tables

import "github.com/budgetpdf/budgetpdf/extract"

// Build finds and rebuilds the tables of one document from its pages (text-layer and OCR
// words alike). Pages must be in order; nil entries are pages that failed earlier.
func Build(file string, pages []*extract.Page) *Document {
	return &Document{File: file, Pages: len(pages)}
}
