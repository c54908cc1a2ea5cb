package normalize

import "github.com/budgetpdf/budgetpdf/rules"

// AboutReading reports whether the finding is about this pipeline's reading (OCR confidence,
// a split number it could not resolve, a cell it could not parse, an uncertain name mapping, a
// unit it could not determine) rather than about the source document (rules.Rule.About).
// Users see both; the scorer counts the first kind as flags on cells, never as false alarms
// about the source.
func (f Finding) AboutReading() bool { return rules.AboutOf(f.Rule) == rules.AboutReading }
