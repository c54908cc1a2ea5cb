package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/tables"
)

// reportUnlabelled lists the item rows that print amounts and no label at all: no code, no
// name, no word in any other label column (label_path). The row is exported as printed,
// but a reader cannot tell what it counts and no identity can place it, so it is named
// rather than left silent (xian-sasac 表1 prints a 0.00 on a line of its own under 上年结转).
// Run after the hierarchy, which fills LabelPath.
func (n *normalizer) reportUnlabelled() {
	for ti, t := range n.doc.Tables {
		for ri, r := range t.Rows {
			if r.Kind != RowItem || r.RepeatOf != 0 || r.Code != "" || r.Name != "" || r.LabelPath != "" {
				continue
			}
			first := -1
			for ci, v := range r.Values {
				if v.Present && v.Type == TypeMoney {
					first = ci
					break
				}
			}
			if first < 0 {
				continue
			}
			v := r.Values[first]
			refs := []Ref{n.ref(cellKey{ti, ri, first}, v)}
			msg := fmt.Sprintf("table %d row %d (p.%d): amounts printed without any label (first: %s %s)", t.Seq, r.Seq, r.Page, strings.Join(t.Columns[first].Path, "/"), v.Raw)
			if n.ocrTable[ti] {
				// On a scan the label is likelier lost than unprinted (a line of the row
				// above read apart, a label under a seal): its numbers may stand in the
				// wrong columns, so every amount cell of the row is named, blank ones too.
				for ci := range r.Values {
					if ci != first && ci < len(t.Columns) && t.Columns[ci].Role == tables.RoleAmount {
						refs = append(refs, n.ref(cellKey{ti, ri, ci}, r.Values[ci]))
					}
				}
				msg += "; read from a scan, the row's label may have been lost and its numbers may stand in other columns: check the page image"
			}
			n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unlabelled_row", Severity: SeverityInfo,
				Message: msg, Printed: v.Raw, Refs: refs})
		}
	}
}
