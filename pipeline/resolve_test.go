package pipeline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/tables"
)

// TestResolveDegradedReading (issue 11): a real scanned fixture page (ningan scan200 p11,
// 基本支出决算表, 万元 with two decimals) OCRed here, then one cell's reading degraded at the
// words level the way harsh scans misread: the point and separators lost, a digit dropped, a
// digit confused with the right reading among the OCR's alternatives. The cell is the 类 row
// 301's 决算数: its hierarchy (301 = Σ its 款) and the side's total both check it. Each
// degraded reading must come back as the printed value with an `ocr_resolved` repair that
// keeps the original reading; a page that offers two equally good candidates stays flagged.
func TestResolveDegradedReading(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs a full scanned page")
	}
	path := filepath.Join("..", "fixtures", "pdf", "ningan-statistics-2024-final-accounts-scan200.pdf")
	eng, err := ocr.New(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("Tesseract with chi_sim is not installed here: %v", err)
	}
	defer eng.Close()
	f, err := extract.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const pageNo = 11
	page, err := f.Page(pageNo)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Recognize(path, page); err != nil {
		t.Fatalf("page %d: %v", pageNo, err)
	}
	run := func(p *extract.Page) *normalize.Document {
		pages := make([]*extract.Page, pageNo)
		pages[pageNo-1] = p
		tdoc := tables.Build(filepath.Base(path), pages)
		return normalize.Normalize(tdoc, normalize.Options{Alternatives: normalize.IndexAlternatives(pages)})
	}
	find := func(doc *normalize.Document) normalize.Value {
		for _, tb := range doc.Tables {
			for _, r := range tb.Rows {
				if r.Code != "301" {
					continue
				}
				for ci, c := range tb.Columns {
					if c.Role == tables.RoleAmount && r.Values[ci].Present {
						return r.Values[ci]
					}
				}
			}
		}
		t.Fatalf("no row 301 with an amount on page %d", pageNo)
		return normalize.Value{}
	}
	clean := find(run(page))
	if clean.Amount.String() != "820.68" || clean.Source != extract.SourceOCR {
		t.Fatalf("301 reads %s (%s), want 820.68 from OCR", clean.Amount, clean.Source)
	}
	word := -1
	for i, w := range page.Words {
		if w.Box() == clean.Box {
			word = i
		}
	}
	if word < 0 {
		t.Fatalf("no OCR word at 301's box %+v", clean.Box)
	}
	cases := []struct {
		name string
		text string
		conf float64
		alts []extract.Alternative
		want string // the value after review; "820.68" resolved
		from string // the candidate's origin named in the repair ("" when not resolved)
	}{
		{"point and separators lost", "82068", 0.6, nil, "820.68", "format"},
		{"a digit dropped", "80.68", 0.6, nil, "820.68", "edit"},
		{"a digit confused, the right reading among the alternatives", "320.68", 0.6,
			[]extract.Alternative{{Text: "820.68", From: "digits_model@1.7x"}, {Text: "32068", From: "text_model"}}, "820.68", "ocr:digits_model@1.7x"},
		// Single-digit edits of a confident reading would rewrite the source's own typos.
		{"a confident reading is not edited", "320.68", 0.99, nil, "320.68", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := *page
			p.Words = append([]extract.Word(nil), page.Words...)
			p.Words[word].Text, p.Words[word].Confidence, p.Words[word].Alternatives = c.text, c.conf, c.alts
			doc := run(&p)
			v := find(doc)
			if v.Amount.String() != c.want {
				t.Fatalf("301 = %s, want %s (repairs %+v)", v.Amount, c.want, v.Repairs)
			}
			var resolved *normalize.Finding
			for i, fd := range doc.Findings {
				if fd.Rule == "ocr_resolved" {
					resolved = &doc.Findings[i]
				}
			}
			if c.from == "" {
				if resolved != nil || len(v.Repairs) > 0 {
					t.Errorf("resolved %+v, repairs %+v: want the reading kept", resolved, v.Repairs)
				}
				return
			}
			if len(v.Repairs) == 0 {
				t.Fatalf("no repair on the resolved value")
			}
			rp := v.Repairs[len(v.Repairs)-1]
			if rp.Kind != "ocr_resolved" || rp.Before != c.text || rp.After != c.want || !strings.Contains(rp.Evidence, "(from "+c.from+")") {
				t.Errorf("repair %+v, want ocr_resolved %s → %s from %s", rp, c.text, c.want, c.from)
			}
			if v.LowConfidence {
				t.Errorf("the resolved value is still low-confidence")
			}
			if resolved == nil || resolved.Printed != c.text || resolved.Expected != c.want || len(resolved.Refs) < 3 {
				t.Errorf("finding %+v, want ocr_resolved %s → %s with the cells of its identities", resolved, c.text, c.want)
			}
		})
	}
}
