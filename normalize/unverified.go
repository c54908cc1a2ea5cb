package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/rules"
)

// DefaultUnverifiedConfidence is the OCR confidence below which an amount that no identity
// checks is flagged `ocr_unverified` (Options.UnverifiedConfidence). It is the low-confidence
// threshold itself, so by default the band between the two is empty: measured on the bed's
// tuning grades (docs/scans.md, "scanflags"), a band up to 0.96 flagged 111 right amounts at
// t300 and caught no wrong one, every misread number there already falling below 0.90.
const DefaultUnverifiedConfidence = 0.90

// flagUnverified raises `ocr_unverified` (info, about the reading) on each amount an OCR
// table prints that no identity holding exactly confirms (none covers it, or every one it
// is part of fails or is left unchecked) and whose reading carries a doubt of its own: a
// confidence under Options.UnverifiedConfidence, other readings the OCR stage weighed, ink
// of a seal over it, or a scale its column does not print. A number an identity confirms
// needs no flag (a misread would break it), and a clean unchecked reading is not flagged
// either: flagging every unchecked OCR number would bury the doubtful ones.
// Cells already flagged (low confidence, suspect, resolved, repaired) are left to their own
// finding.
func (n *normalizer) flagUnverified(ids []*identity) {
	confirmed := map[cellKey]bool{}
	for _, id := range ids {
		if n.eval(id).st != holds {
			continue
		}
		for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
			confirmed[k] = true
		}
	}
	flagged := n.cellsWithReadingFindings()
	for ti, t := range n.doc.Tables {
		if !n.ocrTable[ti] {
			continue
		}
		for ri, r := range t.Rows {
			for ci := range r.Values {
				k := cellKey{ti, ri, ci}
				v := r.Values[ci]
				if v.Source != extract.SourceOCR || !v.Present || v.Type != TypeMoney || v.LowConfidence ||
					v.Unresolved || n.repaired[k] || confirmed[k] || flagged[k] || v.RepeatOf != 0 {
					continue
				}
				why := n.unverifiedDoubt(k, v)
				if why == "" {
					continue
				}
				n.doc.Findings = append(n.doc.Findings, Finding{Rule: rules.OCRUnverified, Severity: SeverityInfo,
					Message: fmt.Sprintf("%s (page %d): OCR read %q (%s) and no identity checks it; check it on the page image",
						n.describeCell(k), v.Page, v.Raw, why),
					Printed: v.Raw, Refs: []Ref{n.ref(k, v)}, Candidates: n.altTexts(k, v)})
			}
		}
	}
}

// unverifiedDoubt says what makes an unchecked OCR reading doubtful ("" when nothing does).
func (n *normalizer) unverifiedDoubt(k cellKey, v Value) string {
	var why []string
	if v.Confidence < n.opts.UnverifiedConfidence {
		why = append(why, fmt.Sprintf("confidence %.2f", v.Confidence))
	}
	if len(n.altTexts(k, v)) > 0 {
		why = append(why, "the OCR weighed other readings")
	}
	if v.Page != 0 {
		for _, b := range n.opts.Obscured[v.Page] {
			if overlaps(b, v.Box) {
				why = append(why, "under a seal")
				break
			}
		}
	}
	if f := n.formatOf(k); f.known && v.Amount.Scale != f.scale {
		why = append(why, fmt.Sprintf("%d decimals in a column that prints %d", v.Amount.Scale, f.scale))
	}
	return strings.Join(why, ", ")
}

// altTexts are the OCR stage's other readings of the cell that differ from what was kept.
func (n *normalizer) altTexts(k cellKey, v Value) []string {
	var out []string
	for _, a := range n.alts[k] {
		if t := strings.TrimSpace(a.Text); t != "" && t != strings.TrimSpace(v.Raw) {
			out = append(out, t)
		}
	}
	return out
}

// cellsWithReadingFindings are the cells a finding about the reading already points at first.
func (n *normalizer) cellsWithReadingFindings() map[cellKey]bool {
	out := map[cellKey]bool{}
	for _, f := range n.doc.Findings {
		if !f.AboutReading() || len(f.Refs) == 0 {
			continue
		}
		r := f.Refs[0]
		if ti := n.tableIndex(r.Table); ti >= 0 && r.Row > 0 {
			out[cellKey{ti, r.Row - 1, r.Column}] = true
		}
	}
	return out
}
