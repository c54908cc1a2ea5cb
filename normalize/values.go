package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/tables"
)

// value types one amount cell.
func (n *normalizer) value(k cellKey, cell tables.Cell, typ ValueType, unit string, page int, kind tables.Kind, signed bool) Value {
	v := Value{Raw: cell.Text, Type: typ, Unit: unit, Page: page, Box: cellBox(cell, page), Source: extract.SourceText, Confidence: 1}
	for i, f := range cell.Fragments {
		if i == 0 && f.Page != 0 {
			v.Page = f.Page
		}
		if f.Source == extract.SourceOCR {
			v.Source = extract.SourceOCR
		}
		if f.Confidence > 0 && f.Confidence < v.Confidence {
			v.Confidence = f.Confidence
		}
	}
	if strings.TrimSpace(cell.Text) == "" {
		return v
	}
	cr := readCell(cell, n.split)
	if cr.err != nil && typ != TypeMoney {
		// A number printed with its unit (`123人`, `12小时`) in a count or indicator column.
		if num, _, ok := unitSuffix(cell.Text); ok {
			if a, err := ParseAmount(num); err == nil {
				cr = cellReading{readings: []reading{{amount: a, text: num, how: "number and unit"}}, decided: true}
			}
		}
	}
	if cr.err != nil {
		if typ == TypeIndicator || typ == TypeText || typ == TypeDate || typ == TypeCode {
			return v // text by the column's type (`≥95%`, `有效`, `2026年全年`): not a number to read
		}
		// Words without a digit (`优`, `指标值`, a header line) in an amount column are text
		// the column also holds (绩效 tables grade with words): noted, not a warning. A
		// cell with digits that do not make a number is.
		sev := SeverityWarning
		if !strings.ContainsAny(foldWidth(cell.Text), "0123456789") || kind == tables.KindPerformance {
			sev = SeverityInfo
		}
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unparsed_amount", Severity: sev,
			Message: fmt.Sprintf("%s: page %d: cell %q is not an amount: %v", n.src.File, v.Page, cell.Text, cr.err),
			Printed: cell.Text, Refs: []Ref{n.ref(k, v)}})
		return v
	}
	r := cr.readings[0]
	n.setAmount(&v, r.amount)
	if f := r.amount.Format; f != "" {
		n.formats = append(n.formats, formatSeen{k, f})
	}
	if cr.joined {
		v.Repairs = append(v.Repairs, Repair{Kind: cr.kind, Before: cell.Text, After: v.Amount.String(), Evidence: cr.evidence})
		n.repaired[k] = true
	}
	if !cr.decided && len(cr.readings) > 1 {
		n.pending = append(n.pending, &pendingCell{key: k, readings: cr.readings, raw: cell.Text, evidence: cr.evidence})
	}
	// Cleared by the identity review when an identity holds exactly with the value. A minus
	// sign read by OCR is doubted whatever its confidence: budget amounts are rarely
	// negative, and a rule stroke or a seal's edge before a number reads as one.
	if v.Source == extract.SourceOCR && (v.Confidence < n.opts.OCRConfidence || v.Amount.Sign() < 0 && !signed) {
		v.LowConfidence = true
	}
	return v
}

// signedColumn reports a column whose header announces negative amounts (`结算追补…（负数为扣减
// 结余资金）`, 增减, 差额): a minus sign there is expected, not a doubt.
func signedColumn(c tables.Column) bool {
	p := strings.Join(c.Path, "")
	for _, w := range []string{"负数", "扣减", "增减", "差额", "减少", "调减"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// setAmount stores a reading and, for money in a known unit, its value in 元.
func (n *normalizer) setAmount(v *Value, a Amount) {
	v.Present = a.Present
	v.Amount = a.Value
	if a.Percent {
		v.Type, v.Unit = TypePercent, "%"
	}
	v.Yuan = nil
	if y, ok := yuanOf(v.Type, v.Unit, a.Value); ok && a.Present {
		v.Yuan = &y
	}
}

// blankCellBox is where a blank cell sits: its column's extent across the row's text.
func blankCellBox(r tables.Row, col tables.Column) extract.Box {
	var b extract.Box
	for _, c := range r.Cells {
		for _, f := range c.Fragments {
			if f.Page == r.Page {
				b = unionBox(b, f.Box)
			}
		}
	}
	if b == (extract.Box{}) || col.X1 <= col.X0 {
		return b // columns are measured on the table's first page; continuation pages of a scan line up closely
	}
	return extract.Box{X0: col.X0, Y0: b.Y0, X1: col.X1, Y1: b.Y1}
}

func cellBox(c tables.Cell, page int) extract.Box {
	var b extract.Box
	for _, f := range c.Fragments {
		if f.Page == page || page == 0 {
			b = unionBox(b, f.Box)
		}
	}
	return b
}

// ref points at a value.
func (n *normalizer) ref(k cellKey, v Value) Ref {
	t := n.doc.Tables[k.table]
	r := Ref{Table: t.Seq, Row: k.row + 1, Column: k.col, Page: v.Page, Box: v.Box}
	if k.row < len(t.Rows) {
		row := t.Rows[k.row]
		r.Code, r.Name = row.Code, row.Name
		if r.Page == 0 {
			r.Page = row.Page
		}
	}
	if k.col >= 0 && k.col < len(t.Columns) {
		r.Path = strings.Join(t.Columns[k.col].Path, "/")
	}
	return r
}
