package normalize

import (
	"fmt"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/rules"
)

// IndexObscured collects the pages' obscured regions (extract.Page.Obscured) by page number.
func IndexObscured(pages []*extract.Page) map[int][]extract.Box {
	var ix map[int][]extract.Box
	for _, p := range pages {
		if p == nil || len(p.Obscured) == 0 {
			continue
		}
		if ix == nil {
			ix = map[int][]extract.Box{}
		}
		ix[p.Number] = append(ix[p.Number], p.Obscured...)
	}
	return ix
}

// flagObscured reports a blank amount cell of a scanned table that lies under a region the
// OCR stage could not read through (a seal): blank there means "nothing was read", not
// "printed blank", and no identity may pin the number down (a column without totals, a
// table of one row), so the cell is flagged whatever the identities later say. No value is
// guessed.
func (n *normalizer) flagObscured(k cellKey, v Value) {
	if v.Page == 0 || v.Box == (extract.Box{}) {
		return
	}
	for _, b := range n.opts.Obscured[v.Page] {
		if !overlaps(b, v.Box) {
			continue
		}
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: rules.OCRObscured, Severity: SeverityWarning,
			Message: fmt.Sprintf("table %d row %d: blank amount cell under a seal (page %d): the printed number may be lost; check the page image",
				n.doc.Tables[k.table].Seq, k.row+1, v.Page),
			Refs: []Ref{n.ref(k, v)}})
		return
	}
}

// overlaps reports whether two boxes share some area.
func overlaps(a, b extract.Box) bool {
	return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1
}
