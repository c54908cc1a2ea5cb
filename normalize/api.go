package normalize

import "github.com/budgetpdf/budgetpdf/tables"

// Options configure normalization.
type Options struct{}

// Normalize types, repairs, maps and checks the tables of one document.
func Normalize(doc *tables.Document, opts Options) *Document {
	return &Document{File: doc.File, Pages: doc.Pages, DocKind: doc.DocKind, Issuer: doc.Issuer, Year: doc.Year, Problems: doc.Problems}
}
