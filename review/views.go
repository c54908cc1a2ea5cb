package review

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/overlay"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/tables"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"sev": func(s string) string { return findtext.Severity(normalize.Severity(s), findtext.ZH) },
}).ParseFS(templateFS, "templates/*.html"))

// indexView is `/`.
type indexView struct {
	Out  string
	Docs []indexDoc
}

type indexDoc struct {
	pipeline.DocResult
	Link                             bool
	Errors, Warnings, Rounding, Info int
	Pending                          int
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	docs, err := s.documents()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	v := indexView{Out: s.Out}
	for _, d := range docs {
		v.Docs = append(v.Docs, indexDoc{DocResult: d, Link: d.Status != pipeline.StatusFailed,
			Errors: d.Findings["error"], Warnings: d.Findings["warning"], Rounding: d.Findings["rounding"], Info: d.Findings["info"],
			Pending: len(s.pending(d.DocID))})
	}
	render(w, "index.html", v)
}

func render(w http.ResponseWriter, name string, v any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := templates.ExecuteTemplate(w, name, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// docView is `/doc/<id>`.
type docView struct {
	ID, Source, Issuer, Kind string
	Year, Pages, DPI         int
	FirstPage                int
	Tables                   []tableView
	Findings                 []findingView
	Problems                 []tables.Problem
	Pending                  []corrections.Correction
	CanApply                 bool
}

type tableView struct {
	Seq               int
	Title, Unit, Kind string
	Pages             []int
	Header            [][]headCell
	Rows              []rowView
	Empty             bool
	Notes             []string
}

type headCell struct {
	Text             string
	ColSpan, RowSpan int
}

type rowView struct {
	Seq   int
	Kind  string
	Cells []cellView
}

type cellView struct {
	Ref, Text, Class, Title, Kind, Box string
	Amount                             bool
	Page                               int
}

type findingView struct {
	N                                 int
	Severity, Rule, RuleName, Message string
	About, Reviewed, Refs, Page, Box  string
	First                             string
	Printed, Expected                 string
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	jd, _, err := s.load(id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	doc := jd.Document
	v := docView{ID: id, Source: jd.SourceFile, Issuer: doc.Issuer, Kind: doc.DocKind, Year: doc.Year, Pages: doc.Pages,
		DPI: s.DPI, Problems: doc.Problems, Pending: s.pending(id), CanApply: s.Apply != nil, FirstPage: 1}
	marks := overlay.CellMarks(doc)
	notes := cellNotes(doc)
	for _, t := range doc.Tables {
		v.Tables = append(v.Tables, tableOf(t, marks, notes))
	}
	if len(doc.Tables) > 0 && len(doc.Tables[0].Pages) > 0 {
		v.FirstPage = doc.Tables[0].Pages[0]
	}
	titles := findtext.TitlesOf(doc)
	order := make([]int, len(doc.Findings))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return findtext.Rank(doc.Findings[a].Severity) - findtext.Rank(doc.Findings[b].Severity)
	})
	for _, i := range order {
		f := doc.Findings[i]
		fv := findingView{N: i + 1, Severity: string(f.Severity), Rule: string(f.Rule), RuleName: findtext.RuleName(string(f.Rule), findtext.ZH),
			Message: findtext.Message(f, titles, findtext.ZH), About: findtext.About(f, findtext.ZH), Printed: f.Printed, Expected: f.Expected}
		if f.Review != nil {
			fv.Reviewed = f.Review.By + " " + f.Review.At + " " + f.Review.Why
		}
		var refs []string
		for _, ref := range f.Refs {
			refs = append(refs, refID(ref.Table, ref.Row, ref.Column))
		}
		fv.Refs = strings.Join(refs, " ")
		if len(f.Refs) > 0 {
			fv.First = refs[0]
			fv.Page = strconv.Itoa(f.Refs[0].Page)
			fv.Box = boxText(f.Refs[0].Box.X0, f.Refs[0].Box.Y0, f.Refs[0].Box.X1, f.Refs[0].Box.Y1)
		}
		v.Findings = append(v.Findings, fv)
	}
	render(w, "doc.html", v)
}

func refID(t, r, c int) string { return fmt.Sprintf("%d.%d.%d", t, r, c) }

func boxText(x0, y0, x1, y1 float64) string {
	return fmt.Sprintf("%.1f,%.1f,%.1f,%.1f", x0, y0, x1, y1)
}

var markClass = map[overlay.Mark]string{
	overlay.MarkRepaired: "repaired", overlay.MarkLowConf: "lowconf", overlay.MarkCorrected: "corrected", overlay.MarkFinding: "finding",
}

// cellNotes are the tooltips of cells: their repairs and doubts.
func cellNotes(doc *normalize.Document) map[overlay.Ref][]string {
	out := map[overlay.Ref][]string{}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			for ci, v := range r.Values {
				at := overlay.Ref{Table: t.Seq, Row: r.Seq, Column: ci}
				for _, rp := range v.Repairs {
					out[at] = append(out[at], fmt.Sprintf("%s：%s → %s（%s）", rp.Kind, rp.Before, rp.After, rp.Evidence))
				}
				if v.LowConfidence {
					out[at] = append(out[at], fmt.Sprintf("OCR 置信度低（%.2f），原文“%s”", v.Confidence, v.Raw))
				}
			}
		}
	}
	return out
}

// tableOf lays a table out as printed: the header's levels with merged cells, then rows.
func tableOf(t *normalize.Table, marks map[overlay.Ref]overlay.Mark, notes map[overlay.Ref][]string) tableView {
	tv := tableView{Seq: t.Seq, Title: t.Title, Unit: t.Unit, Kind: string(t.Kind), Pages: t.Pages, Empty: t.Empty, Notes: t.Notes}
	depth := 0
	for _, c := range t.Columns {
		depth = max(depth, len(c.Path))
	}
	for level := 0; level < depth; level++ {
		var row []headCell
		for i := 0; i < len(t.Columns); {
			p := t.Columns[i].Path
			if len(p) <= level {
				i++
				continue
			}
			span := 1
			for i+span < len(t.Columns) {
				q := t.Columns[i+span].Path
				if len(q) <= level || !slices.Equal(q[:level+1], p[:level+1]) || len(p)-1 == level || len(q)-1 == level {
					break
				}
				span++
			}
			rs := 1
			if len(p)-1 == level {
				rs = depth - level
			}
			row = append(row, headCell{Text: p[level], ColSpan: span, RowSpan: rs})
			i += span
		}
		tv.Header = append(tv.Header, row)
	}
	for _, r := range t.Rows {
		rv := rowView{Seq: r.Seq, Kind: string(r.Kind)}
		for ci, v := range r.Values {
			at := overlay.Ref{Table: t.Seq, Row: r.Seq, Column: ci}
			amount := ci < len(t.Columns) && t.Columns[ci].Role == tables.RoleAmount
			cv := cellView{Ref: refID(t.Seq, r.Seq, ci), Text: v.Raw, Amount: amount, Page: v.Page, Class: markClass[marks[at]],
				Title: strings.Join(notes[at], "\n"), Kind: "label"}
			if cv.Class != "corrected" && slices.ContainsFunc(v.Repairs, func(rp normalize.Repair) bool { return rp.Kind == corrections.RepairKind }) {
				cv.Class += " corrected" // a corrected cell a finding is still about shows both
			}
			if amount {
				cv.Kind = "value"
				if v.Present {
					cv.Text = v.Amount.String()
				}
			}
			if cv.Page == 0 {
				cv.Page = r.Page
			}
			if v.Box.X1 > v.Box.X0 {
				cv.Box = boxText(v.Box.X0, v.Box.Y0, v.Box.X1, v.Box.Y1)
			}
			rv.Cells = append(rv.Cells, cv)
		}
		tv.Rows = append(tv.Rows, rv)
	}
	return tv
}

// correctionFrom reads a correction from the form. The cell's current text and row label
// are taken from the document (and the corrections not yet applied), never from the form,
// so a correction always records what the reviewer saw.
func (s *Server) correctionFrom(r *http.Request, jd *export.JSONDocument) (corrections.Correction, error) {
	atoi := func(name string) (int, error) {
		n, err := strconv.Atoi(r.FormValue(name))
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a number", name, r.FormValue(name))
		}
		return n, nil
	}
	c := corrections.Correction{Kind: corrections.Kind(r.FormValue("kind")), New: strings.TrimSpace(r.FormValue("new")),
		Why: r.FormValue("why"), Rule: r.FormValue("rule"), By: s.User}
	var err error
	if c.Table, err = atoi("table"); err != nil {
		return c, err
	}
	if c.Column, err = atoi("column"); err != nil {
		return c, err
	}
	if c.Kind != corrections.KindUnit && c.Kind != corrections.KindType {
		if c.Row, err = atoi("row"); err != nil {
			return c, err
		}
	}
	var t *normalize.Table
	for _, x := range jd.Tables {
		if x.Seq == c.Table {
			t = x
		}
	}
	if t == nil {
		return c, fmt.Errorf("no table %d", c.Table)
	}
	if c.Kind != corrections.KindDismiss {
		c.Rule = "" // the finding the reviewer came from; only a dismissal is about it
	}
	switch c.Kind {
	case corrections.KindValue, corrections.KindLabel:
		if c.Row < 1 || c.Row > len(t.Rows) || c.Column < 0 || c.Column >= len(t.Rows[c.Row-1].Values) {
			return c, fmt.Errorf("table %d has no cell %d.%d", c.Table, c.Row, c.Column)
		}
		row := t.Rows[c.Row-1]
		c.Old, c.RowLabel = row.Values[c.Column].Raw, corrections.RowLabelOf(t, row)
	case corrections.KindUnit:
		c.Old = t.Unit
	case corrections.KindType:
		if c.Column < 0 || c.Column >= len(t.Columns) {
			return c, fmt.Errorf("table %d has no column %d", c.Table, c.Column)
		}
		c.Old = string(t.Columns[c.Column].Role)
	case corrections.KindDismiss:
		c.New = ""
		if c.Rule == "" {
			return c, fmt.Errorf("dismiss: which finding (rule)?")
		}
	default:
		return c, fmt.Errorf("unknown correction kind %q", c.Kind)
	}
	// A correction made before the last one on the same cell was applied reads that one's
	// value, as the conversion will.
	for _, p := range s.pending(jd.DocID) {
		if p.Kind == c.Kind && p.Table == c.Table && p.Row == c.Row && p.Column == c.Column && c.Kind != corrections.KindDismiss {
			c.Old = p.New
		}
	}
	return c, nil
}
