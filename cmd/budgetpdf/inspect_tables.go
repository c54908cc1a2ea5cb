package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/overlay"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/tables"
)

// printTables prints the tables the tables stage finds in path (all pages when page is 0),
// as aligned text grids or, with asJSON, as the tables.Document JSON. `inspect --tables`;
// with useOCR (`--ocr`) pages without a usable text layer are OCRed first (only the page
// asked for when there is one: OCR takes seconds per page).
func printTables(w io.Writer, path string, page int, asJSON, useOCR bool) error {
	doc, _, err := buildTables(path, page, useOCR)
	if err != nil {
		return err
	}
	pageTables(doc, page)
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	fmt.Fprintf(w, "%s: %d pages, %s, issuer %q, year %d, %d tables\n", path, doc.Pages, docKindName(doc.DocKind), doc.Issuer, doc.Year, len(doc.Tables))
	for _, p := range doc.Problems {
		fmt.Fprintf(w, "problem: page %d: %s\n", p.Page, p.Message)
	}
	for _, t := range doc.Tables {
		fmt.Fprintln(w)
		writeTable(w, t)
	}
	return nil
}

// buildTables runs extract (and OCR with useOCR: only page when there is one, OCR takes
// seconds per page) and the tables stage on path.
func buildTables(path string, page int, useOCR bool) (*tables.Document, []*extract.Page, error) {
	var opts pipeline.Options
	var eng *ocr.Engine
	if useOCR {
		var err error
		if eng, err = ocr.New(ocr.Options{}); err != nil {
			return nil, nil, fmt.Errorf("inspect --ocr: the OCR engine is unavailable: %w", err)
		}
		defer eng.Close()
		if page == 0 {
			opts.OCR = eng
		}
	}
	pages, problems, err := pipeline.Extract(path, opts)
	if err != nil {
		return nil, nil, err
	}
	if page > len(pages) {
		return nil, nil, fmt.Errorf("%s: page %d: the document has %d pages", path, page, len(pages))
	}
	if eng != nil && page > 0 {
		problems = nil
		if p := pages[page-1]; p != nil && (p.Verdict == extract.VerdictImage || p.Verdict == extract.VerdictUndecodable) {
			if err := eng.Recognize(path, p); err != nil {
				problems = append(problems, problem.New(path, page, problem.OCR, err))
			}
		}
	}
	doc := tables.Build(path, pages)
	doc.Problems = append(problems, doc.Problems...)
	return doc, pages, nil
}

// pageTables keeps the tables and prose of one page (all when page is 0).
func pageTables(doc *tables.Document, page int) {
	if page > 0 {
		var keep []*tables.Table
		for _, t := range doc.Tables {
			for _, p := range t.Pages {
				if p == page {
					keep = append(keep, t)
					break
				}
			}
		}
		doc.Tables = keep
		var prose []tables.ProseLine
		for _, l := range doc.Prose {
			if l.Page == page {
				prose = append(prose, l)
			}
		}
		doc.Prose = prose
	}
}

func docKindName(k string) string {
	switch k {
	case "budget":
		return "budget (预算)"
	case "final":
		return "final accounts (决算)"
	}
	return "kind unknown"
}

// writeTable prints one table: a heading with kind, pages and unit, then the grid with the
// column paths as header (role under each) and one line per row.
func writeTable(w io.Writer, t *tables.Table) {
	unit := t.Unit
	if unit == "" {
		unit = "?"
	}
	title := t.Title
	if t.Number != "" {
		title = t.Number + " " + title
	}
	fmt.Fprintf(w, "== table %d [%s] %s | pages %s | unit %s | %s grid | %d header rows | %d rows",
		t.Seq, t.Kind, title, pageList(t.Pages), unit, t.Grid, t.HeaderRows, len(t.Rows))
	if t.Empty {
		fmt.Fprint(w, " | EMPTY")
	}
	fmt.Fprintln(w)
	if t.Issuer != "" {
		fmt.Fprintf(w, "   issuer: %s\n", t.Issuer)
	}
	twoSided := false
	for _, c := range t.Columns {
		if c.Side != "" {
			twoSided = true
		}
	}
	var grid [][]string
	head := []string{}
	roles := []string{}
	if twoSided {
		head = append(head, "side")
		roles = append(roles, "")
	}
	head = append(head, "p")
	roles = append(roles, "")
	for _, c := range t.Columns {
		h := strings.Join(c.Path, "/")
		if c.Side != "" {
			h = c.Side + ":" + h
		}
		head = append(head, h)
		roles = append(roles, "("+string(c.Role)+")")
	}
	grid = append(grid, head, roles)
	for _, r := range t.Rows {
		var line []string
		if twoSided {
			line = append(line, r.Side)
		}
		line = append(line, fmt.Sprint(r.Page))
		for _, c := range r.Cells {
			s := c.Text
			if c.Merged {
				s += "↕"
			}
			line = append(line, s)
		}
		grid = append(grid, line)
	}
	widths := make([]int, len(head))
	for _, row := range grid {
		for i, s := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], min(displayWidth(s), 40))
			}
		}
	}
	for k, row := range grid {
		var b strings.Builder
		for i, s := range row {
			if i >= len(widths) {
				break
			}
			s = clip(s, 40)
			pad := widths[i] - displayWidth(s)
			b.WriteString("| ")
			b.WriteString(s)
			b.WriteString(strings.Repeat(" ", max(pad, 0)+1))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if k == 1 {
			var sep strings.Builder
			for _, wd := range widths {
				sep.WriteString("|")
				sep.WriteString(strings.Repeat("-", wd+2))
			}
			fmt.Fprintln(w, sep.String())
		}
	}
	for _, n := range t.Notes {
		fmt.Fprintf(w, "   note: %s\n", n)
	}
}

func pageList(ps []int) string {
	if len(ps) == 0 {
		return "-"
	}
	if len(ps) == 1 {
		return fmt.Sprint(ps[0])
	}
	contiguous := true
	for i := 1; i < len(ps); i++ {
		if ps[i] != ps[i-1]+1 {
			contiguous = false
		}
	}
	if contiguous {
		return fmt.Sprintf("%d-%d", ps[0], ps[len(ps)-1])
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ",")
}

// displayWidth counts East Asian wide characters as two columns, so grids line up in a
// terminal.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff60) || r == '“' || r == '”' || r == '↕' {
		return 2
	}
	return 1
}

func clip(s string, width int) string {
	if displayWidth(s) <= width {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n+runeWidth(r) > width-1 {
			break
		}
		b.WriteRune(r)
		n += runeWidth(r)
	}
	return b.String() + "…"
}

// writeOverlayPNG draws page over its rendering what extract and the tables stage saw
// (inspect --png).
func writeOverlayPNG(out, path string, page int, useOCR bool) error {
	doc, pages, err := buildTables(path, page, useOCR)
	if err != nil {
		return err
	}
	img, err := overlay.Render(context.Background(), path, page, 150)
	if err != nil {
		return err
	}
	p := pages[page-1]
	l := overlay.FromTables(doc, p, page)
	if p == nil {
		b := img.Bounds()
		l.Width, l.Height = float64(b.Dx())*72/150, float64(b.Dy())*72/150
	}
	b, err := overlay.EncodePNG(overlay.Draw(img, l))
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(out, b)
}
