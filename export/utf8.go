package export

import (
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/internal/safetext"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
)

// ValidUTF8 makes every text of doc valid UTF-8 before it is written (a damaged font or text
// layer can yield bytes that are not): each bad sequence becomes U+FFFD. Where the text is a
// cell's (a value as printed, a row's name or code) the change is recorded as an
// `invalid_utf8` repair on that value or row, with the bytes as they were (escaped) before,
// so the repair is visible in every output like any other. It returns how many texts it
// changed; a document read cleanly is left untouched.
func ValidUTF8(doc *normalize.Document) int {
	n := 0
	fix := func(s *string) bool {
		if utf8.ValidString(*s) {
			return false
		}
		*s = safetext.UTF8(*s)
		n++
		return true
	}
	repair := func(before, after string) normalize.Repair {
		return normalize.Repair{Kind: rules.InvalidUTF8, Before: safetext.Terminal(before), After: after,
			Evidence: "the PDF's text here is not valid UTF-8; each bad byte sequence is written as U+FFFD"}
	}
	fix(&doc.File)
	fix(&doc.Issuer)
	fix(&doc.DocKind)
	for _, t := range doc.Tables {
		fix(&t.Title)
		fix(&t.Number)
		fix(&t.Unit)
		for i := range t.Notes {
			fix(&t.Notes[i])
		}
		for i := range t.Columns {
			c := &t.Columns[i]
			fix(&c.Side)
			for j := range c.Path {
				fix(&c.Path[j])
			}
		}
		for _, r := range t.Rows {
			fix(&r.Side)
			for _, s := range []*string{&r.Name, &r.Code, &r.CodeRaw} {
				before := *s
				if fix(s) {
					r.Repairs = append(r.Repairs, repair(before, *s))
				}
			}
			fix(&r.NameKey)
			fix(&r.MappedCode)
			for i := range r.OtherCodes {
				oc := &r.OtherCodes[i]
				fix(&oc.Code)
				fix(&oc.Name)
				fix(&oc.Raw)
			}
			for i := range r.Values {
				v := &r.Values[i]
				before := v.Raw
				if fix(&v.Raw) {
					v.Repairs = append(v.Repairs, repair(before, v.Raw))
				}
				fix(&v.Unit)
				fix(&v.Source)
			}
			for i := range r.Repairs {
				fixRepair(&r.Repairs[i], fix)
			}
			for i := range r.Values {
				for j := range r.Values[i].Repairs {
					fixRepair(&r.Values[i].Repairs[j], fix)
				}
			}
		}
	}
	for i := range doc.Findings {
		f := &doc.Findings[i]
		fix(&f.Message)
		fix(&f.Expected)
		fix(&f.Printed)
		for j := range f.Refs {
			fix(&f.Refs[j].Code)
			fix(&f.Refs[j].Name)
			fix(&f.Refs[j].Path)
		}
		if f.Review != nil {
			fix(&f.Review.By)
			fix(&f.Review.Why)
		}
	}
	for i := range doc.Problems {
		p := &doc.Problems[i]
		for _, s := range []*string{&p.File, &p.Stage, &p.Error, &p.Stack, &p.Message} {
			fix(s)
		}
	}
	return n
}

// fixRepair leaves Before of an invalid_utf8 repair alone (it is already escaped text).
func fixRepair(r *normalize.Repair, fix func(*string) bool) {
	fix(&r.Before)
	fix(&r.After)
	fix(&r.Evidence)
}
