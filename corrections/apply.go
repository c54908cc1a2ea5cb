package corrections

import (
	"fmt"
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Finding rules this package adds to a document.
const (
	RuleApplied    = rules.Correction           // info: a reviewer's correction was applied here
	RuleNotApplied = rules.CorrectionNotApplied // warning: the cell no longer reads as when it was corrected
)

// Applied is what ApplyTables did, for Mark to record after normalize.
type Applied struct {
	set  *Set
	done []bool   // per correction: applied to the tables
	why  []string // per correction not applied: why
}

type cellAt struct{ table, row, col int } // seqs and column index

// ApplyTables applies the cell, label, unit and type corrections to the tables stage's
// output, in the order they were made, each only where the cell still reads as it did
// when it was corrected. It returns what it did; a nil Set applies nothing.
func (s *Set) ApplyTables(doc *tables.Document) *Applied {
	a := &Applied{set: s}
	if s == nil {
		return a
	}
	a.done = make([]bool, len(s.Corrections))
	a.why = make([]string, len(s.Corrections))
	for i, c := range s.Corrections {
		if c.Kind == KindDismiss {
			continue
		}
		if err := apply(doc, c); err != nil {
			a.why[i] = err.Error()
			continue
		}
		a.done[i] = true
	}
	return a
}

func tableOf(doc *tables.Document, seq int) *tables.Table {
	for _, t := range doc.Tables {
		if t.Seq == seq {
			return t
		}
	}
	return nil
}

func apply(doc *tables.Document, c Correction) error {
	t := tableOf(doc, c.Table)
	if t == nil {
		return fmt.Errorf("the document has no table %d", c.Table)
	}
	switch c.Kind {
	case KindUnit:
		if t.Unit != "" && t.Unit != c.Old {
			return fmt.Errorf("table %d's unit reads %q, not %q", c.Table, t.Unit, c.Old)
		}
		t.Unit = c.New
		return nil
	case KindType:
		if c.Column >= len(t.Columns) {
			return fmt.Errorf("table %d has no column %d", c.Table, c.Column)
		}
		if string(t.Columns[c.Column].Role) != c.Old {
			return fmt.Errorf("table %d column %d is %q, not %q", c.Table, c.Column, t.Columns[c.Column].Role, c.Old)
		}
		t.Columns[c.Column].Role = tables.Role(c.New)
		return nil
	}
	if c.Row > len(t.Rows) || c.Column >= len(t.Columns) || c.Column >= len(t.Rows[c.Row-1].Cells) {
		return fmt.Errorf("table %d has no cell at row %d, column %d", c.Table, c.Row, c.Column)
	}
	r := &t.Rows[c.Row-1]
	amount := t.Columns[c.Column].Role == tables.RoleAmount
	if amount != (c.Kind == KindValue) {
		return fmt.Errorf("table %d column %d holds %s, not what a %s correction changes", c.Table, c.Column, t.Columns[c.Column].Role, c.Kind)
	}
	if c.RowLabel != "" && RowLabel(t, *r) != c.RowLabel {
		return fmt.Errorf("table %d row %d is now %q, not %q", c.Table, c.Row, RowLabel(t, *r), c.RowLabel)
	}
	cell := &r.Cells[c.Column]
	if strings.TrimSpace(cell.Text) != strings.TrimSpace(c.Old) {
		return fmt.Errorf("table %d row %d column %d now reads %q, not %q", c.Table, c.Row, c.Column, cell.Text, c.Old)
	}
	setCell(cell, *r, t.Columns[c.Column], c.New)
	return nil
}

// setCell replaces a cell's text with one fragment where the cell was printed (or, for a
// blank cell, where its column crosses the row), keeping its source: a corrected OCR cell
// is still a cell of a scanned page, now read with certainty.
func setCell(cell *tables.Cell, r tables.Row, col tables.Column, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		cell.Text, cell.Fragments = "", nil
		return
	}
	f := tables.Fragment{Text: text, Page: r.Page, Source: extract.SourceText, Confidence: 1}
	for i, g := range cell.Fragments {
		if i == 0 {
			f.Page, f.Source = g.Page, g.Source
		}
		if g.Page == f.Page {
			f.Box = union(f.Box, g.Box)
		}
	}
	if f.Box == (extract.Box{}) {
		for _, o := range r.Cells {
			for _, g := range o.Fragments {
				if g.Page == r.Page {
					f.Box = union(f.Box, g.Box)
					if f.Source == extract.SourceText {
						f.Source = g.Source
					}
				}
			}
		}
		f.Box.X0, f.Box.X1 = col.X0, col.X1
	}
	cell.Text, cell.Fragments = text, []tables.Fragment{f}
}

func union(a, b extract.Box) extract.Box {
	if a == (extract.Box{}) {
		return b
	}
	if b == (extract.Box{}) {
		return a
	}
	return extract.Box{X0: min(a.X0, b.X0), Y0: min(a.Y0, b.Y0), X1: max(a.X1, b.X1), Y1: max(a.Y1, b.Y1)}
}

// RowLabel is how a row is recognised again: the text of its first name column (or, when
// it has none, its first code column).
func RowLabel(t *tables.Table, r tables.Row) string {
	for _, roles := range [][]tables.Role{{tables.RoleName, tables.RoleCodeName}, {tables.RoleCode, tables.RoleLei}} {
		for i, col := range t.Columns {
			if slices.Contains(roles, col.Role) && i < len(r.Cells) && r.Cells[i].Text != "" {
				return strings.TrimSpace(r.Cells[i].Text)
			}
		}
	}
	return ""
}

// Mark records on the normalized document what ApplyTables applied (a Repair of kind
// `correction` on each corrected value or row, an info finding per correction), marks the
// dismissed findings reviewed, drops the doubts about this tool's reading of a cell a
// reviewer has set, and reports every correction that could not be applied.
func (a *Applied) Mark(doc *normalize.Document) {
	if a == nil || a.set == nil {
		return
	}
	set := map[cellAt]bool{}
	var added []normalize.Finding
	for i, c := range a.set.Corrections {
		if c.Kind == KindDismiss {
			if !dismiss(doc, c) {
				added = append(added, normalize.Finding{Rule: RuleNotApplied, Severity: normalize.SeverityInfo,
					Message: fmt.Sprintf("reviewed finding %s on table %d row %d column %d is no longer raised", c.Rule, c.Table, c.Row, c.Column),
					Refs:    []normalize.Ref{ref(doc, c)}})
			}
			continue
		}
		if !a.done[i] {
			added = append(added, normalize.Finding{Rule: RuleNotApplied, Severity: normalize.SeverityWarning,
				Message: fmt.Sprintf("correction by %s (%s) not applied: %s", c.By, c.At, a.why[i]),
				Printed: c.Old, Expected: c.New, Refs: []normalize.Ref{ref(doc, c)}})
			continue
		}
		rep := normalize.Repair{Kind: RepairKind, Before: c.Old, After: c.New, Evidence: evidence(c)}
		t := tableBySeq(doc, c.Table)
		if t == nil {
			continue
		}
		switch c.Kind {
		case KindValue:
			if v := valueAt(t, c.Row, c.Column); v != nil {
				v.Repairs = append(v.Repairs, rep)
				v.LowConfidence, v.Unresolved = false, false
				set[cellAt{c.Table, c.Row, c.Column}] = true
			}
		case KindLabel:
			if c.Row <= len(t.Rows) {
				t.Rows[c.Row-1].Repairs = append(t.Rows[c.Row-1].Repairs, rep)
			}
		case KindUnit, KindType:
			rep.Before, rep.After = string(c.Kind)+" "+orNone(c.Old), string(c.Kind)+" "+orNone(c.New)
			for _, r := range t.Rows {
				for ci := range r.Values {
					if v := &r.Values[ci]; v.Present && (c.Kind == KindUnit || ci == c.Column) {
						v.Repairs = append(v.Repairs, rep)
					}
				}
			}
		}
		added = append(added, normalize.Finding{Rule: RuleApplied, Severity: normalize.SeverityInfo,
			Message: fmt.Sprintf("%s corrected by %s (%s): %q → %q: %s", c.Kind, c.By, c.At, c.Old, c.New, orNone(c.Why)),
			Printed: c.Old, Expected: c.New, Refs: []normalize.Ref{ref(doc, c)}})
	}
	kept := doc.Findings[:0]
	for _, f := range doc.Findings {
		if f.AboutReading() && len(f.Refs) > 0 && set[cellAt{f.Refs[0].Table, f.Refs[0].Row, f.Refs[0].Column}] {
			continue // a reviewer read this cell: the tool's doubt about it is settled
		}
		kept = append(kept, f)
	}
	doc.Findings = append(kept, added...)
}

func evidence(c Correction) string {
	return fmt.Sprintf("corrected by %s at %s: %s", c.By, c.At, orNone(c.Why))
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// dismiss marks the findings of c's rule about c's cell reviewed; false when there is none.
func dismiss(doc *normalize.Document, c Correction) bool {
	found := false
	for i := range doc.Findings {
		f := &doc.Findings[i]
		if string(f.Rule) != c.Rule || len(f.Refs) == 0 {
			continue
		}
		if r := f.Refs[0]; r.Table == c.Table && r.Row == c.Row && r.Column == c.Column {
			f.Review = &normalize.Review{By: c.By, At: c.At, Why: c.Why}
			found = true
		}
	}
	return found
}

func tableBySeq(doc *normalize.Document, seq int) *normalize.Table {
	for _, t := range doc.Tables {
		if t.Seq == seq {
			return t
		}
	}
	return nil
}

func valueAt(t *normalize.Table, row, col int) *normalize.Value {
	if row < 1 || row > len(t.Rows) || col < 0 || col >= len(t.Rows[row-1].Values) {
		return nil
	}
	return &t.Rows[row-1].Values[col]
}

// ref points a finding at the corrected cell (or table).
func ref(doc *normalize.Document, c Correction) normalize.Ref {
	r := normalize.Ref{Table: c.Table, Row: c.Row, Column: c.Column}
	t := tableBySeq(doc, c.Table)
	if t == nil {
		return r
	}
	if c.Column >= 0 && c.Column < len(t.Columns) {
		r.Path = strings.Join(t.Columns[c.Column].Path, "/")
	}
	if len(t.Pages) > 0 {
		r.Page = t.Pages[0]
	}
	if c.Row >= 1 && c.Row <= len(t.Rows) {
		row := t.Rows[c.Row-1]
		r.Code, r.Name, r.Page, r.Box = row.Code, row.Name, row.Page, row.Box
		if v := valueAt(t, c.Row, c.Column); v != nil && v.Page != 0 {
			r.Page, r.Box = v.Page, v.Box
		}
	}
	return r
}
