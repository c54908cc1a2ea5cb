package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/tables"
)

// flagMissingUpperLevels raises `ocr_header_doubt` on each amount column of an OCR table
// whose header path is a proper suffix of another column's: the sub-labels were read (小计,
// 中央, 省级) but the banner printed above them was not (Changsha's 全年应安排资金合计, its
// text band merged with a seal's ring), so the column sits under a label the table uses
// for another group and nothing tells which group it is. Every cell of the column is named,
// as in flagLostLabels. Text-layer tables print what they print and are left alone.
func (n *normalizer) flagMissingUpperLevels() {
	for ti, nt := range n.doc.Tables {
		if !n.ocrTable[ti] {
			continue
		}
		for ci, c := range nt.Columns {
			if c.Role != tables.RoleAmount || len(c.Path) == 0 {
				continue
			}
			deeper := ""
			for cj, o := range nt.Columns {
				if cj != ci && len(o.Path) > len(c.Path) && headerPathHasSuffix(o.Path, c.Path) {
					deeper = strings.Join(o.Path, "/")
					break
				}
			}
			if deeper == "" {
				continue
			}
			var refs []Ref
			for ri, r := range nt.Rows {
				if ci < len(r.Values) {
					refs = append(refs, n.ref(cellKey{ti, ri, ci}, r.Values[ci]))
				}
			}
			if len(refs) == 0 {
				continue
			}
			path := strings.Join(c.Path, "/")
			n.doc.Findings = append(n.doc.Findings, Finding{Rule: "ocr_header_doubt", Severity: SeverityWarning,
				Message: fmt.Sprintf("table %d column %d: the header reads only %q, as under another banner of the table (%q): the label printed above it was not read (a seal or a lost line on the scan); which group the column belongs to is not known, check the page image",
					nt.Seq, ci+1, path, deeper),
				Printed: path, Refs: refs})
		}
	}
}

// headerPathHasSuffix reports whether path ends with the segments of suffix (compared
// without spaces).
func headerPathHasSuffix(path, suffix []string) bool {
	off := len(path) - len(suffix)
	if off < 0 {
		return false
	}
	for i, s := range suffix {
		if compactHeader(path[off+i]) != compactHeader(s) {
			return false
		}
	}
	return true
}
