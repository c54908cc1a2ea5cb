package overlay

import (
	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// FromDocument gathers the layers of one page: the words and rules of the extracted page
// (nil for none: a scanned page's words come from OCR, which serve does not run again), and
// from the normalized document the table regions, grid and amount cells on that page, each
// marked by what happened to it.
func FromDocument(doc *normalize.Document, page *extract.Page, n int) Layers {
	var l Layers
	if page != nil {
		l.Width, l.Height = page.Width, page.Height
		for _, w := range page.Words {
			l.Words = append(l.Words, extract.Box{X0: w.X0, Y0: w.Y0, X1: w.X1, Y1: w.Y1})
		}
		l.Rules = page.Rules
	}
	if doc == nil {
		return l
	}
	marks := CellMarks(doc)
	for _, t := range doc.Tables {
		for _, reg := range t.Regions {
			if reg.Page != n {
				continue
			}
			top := reg.Box.Y1
			for _, r := range t.Rows {
				if r.Page == n && r.Box.Y1 > r.Box.Y0 && r.Box.Y0 < top {
					top = r.Box.Y0
				}
			}
			l.addRegion(reg.Box, t.Columns, top)
		}
		for _, r := range t.Rows {
			for ci, v := range r.Values {
				if v.Page != n || v.Box.X1 <= v.Box.X0 {
					continue
				}
				l.Cells = append(l.Cells, Cell{Box: v.Box, Mark: marks[Ref{t.Seq, r.Seq, ci}]})
			}
		}
	}
	return l
}

// Ref addresses a cell: table seq, row seq, column index.
type Ref struct{ Table, Row, Column int }

// CellMarks says how each marked cell of the document is drawn: a finding (error or
// warning, not dismissed) about it first, then a reviewer's correction, a low-confidence
// reading, a repair.
func CellMarks(doc *normalize.Document) map[Ref]Mark {
	m := map[Ref]Mark{}
	set := func(r Ref, k Mark) {
		if k > m[r] {
			m[r] = k
		}
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			for ci, v := range r.Values {
				at := Ref{t.Seq, r.Seq, ci}
				for _, rp := range v.Repairs {
					if rp.Kind == corrections.RepairKind {
						set(at, MarkCorrected)
					} else {
						set(at, MarkRepaired)
					}
				}
				if v.LowConfidence || v.Unresolved {
					set(at, MarkLowConf)
				}
			}
		}
	}
	for _, f := range doc.Findings {
		if len(f.Refs) == 0 || f.Review != nil || f.Severity != normalize.SeverityError && f.Severity != normalize.SeverityWarning {
			continue
		}
		r := f.Refs[0]
		set(Ref{r.Table, r.Row, r.Column}, MarkFinding)
	}
	return m
}

// FromTables gathers the layers of one page from the tables stage's output, for debugging
// that stage (`budgetpdf inspect --png`): the page's words and rules, each table's region,
// its column bounds and header split, and every cell (the union of its fragments' boxes).
func FromTables(doc *tables.Document, page *extract.Page, n int) Layers {
	l := FromDocument(nil, page, n)
	if doc == nil {
		return l
	}
	for _, t := range doc.Tables {
		for _, reg := range t.Regions {
			if reg.Page != n {
				continue
			}
			top := reg.Box.Y1
			for _, r := range t.Rows {
				for _, c := range r.Cells {
					for _, f := range c.Fragments {
						if f.Page == n && f.Box.Y0 < top {
							top = f.Box.Y0
						}
					}
				}
			}
			l.addRegion(reg.Box, t.Columns, top)
		}
		for _, r := range t.Rows {
			for _, c := range r.Cells {
				var b extract.Box
				for _, f := range c.Fragments {
					if f.Page != n {
						continue
					}
					if b == (extract.Box{}) {
						b = f.Box
					} else {
						b = extract.Box{X0: min(b.X0, f.Box.X0), Y0: min(b.Y0, f.Box.Y0), X1: max(b.X1, f.Box.X1), Y1: max(b.Y1, f.Box.Y1)}
					}
				}
				if b.X1 > b.X0 {
					l.Cells = append(l.Cells, Cell{Box: b, Mark: MarkCell})
				}
			}
		}
	}
	return l
}

// addRegion draws a table region: its box, its columns' bounds across it, and the header
// split at top (the first body line) when it falls inside.
func (l *Layers) addRegion(box extract.Box, cols []tables.Column, top float64) {
	l.Regions = append(l.Regions, box)
	for i, c := range cols {
		if c.X1 <= c.X0 {
			continue
		}
		l.Columns = append(l.Columns, Line{X0: c.X0, Y0: box.Y0, X1: c.X0, Y1: box.Y1})
		if i == len(cols)-1 {
			l.Columns = append(l.Columns, Line{X0: c.X1, Y0: box.Y0, X1: c.X1, Y1: box.Y1})
		}
	}
	if top > box.Y0 && top < box.Y1 {
		l.HeaderSplits = append(l.HeaderSplits, Line{X0: box.X0, Y0: top, X1: box.X1, Y1: top})
	}
}
