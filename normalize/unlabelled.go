package normalize

import (
	"fmt"
	"strings"
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
			n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unlabelled_row", Severity: SeverityInfo,
				Message: fmt.Sprintf("table %d row %d (p.%d): amounts printed without any label (first: %s %s)", t.Seq, r.Seq, r.Page, strings.Join(t.Columns[first].Path, "/"), v.Raw),
				Printed: v.Raw,
				Refs:    []Ref{n.ref(cellKey{ti, ri, first}, v)}})
		}
	}
}
