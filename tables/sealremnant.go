package tables

import (
	"unicode"

	"github.com/budgetpdf/budgetpdf/extract"
)

// sealRemnant reports whether an OCR word is what is left of a seal's strokes rather than
// print: it lies in a region where the OCR stage removed seal ink (extract.Page.Obscured),
// holds no letter (Chinese or Latin), at most one digit and some mark no number or label prints
// (`~°7`, read from a seal's ring over an empty amount column). Such a word would be the
// only body text of a blank column and make it a text column, and a two-sided table with a
// text column at its right edge loses its halves (sideGroups). A lone digit or a dash under
// a seal may be print and is kept.
func sealRemnant(w extract.Word, obscured []extract.Box) bool {
	if len(obscured) == 0 || w.Source != extract.SourceOCR {
		return false
	}
	if !underSeal(w, obscured) {
		return false
	}
	digits, odd := 0, false
	for _, r := range w.Text {
		switch {
		case unicode.IsLetter(r):
			return false // Han, or Latin letters Tesseract writes for a character it cannot read

		case r >= '0' && r <= '9':
			digits++
		case unicode.IsSpace(r) || r == '.' || r == ',' || r == '-' || r == '—' || r == '－' || r == '%':
		default:
			odd = true
		}
	}
	return odd && digits <= 1
}

// underSeal reports whether an OCR word lies where the OCR stage removed seal ink.
func underSeal(w extract.Word, obscured []extract.Box) bool {
	if w.Source != extract.SourceOCR {
		return false
	}
	cx, cy := (w.X0+w.X1)/2, (w.Y0+w.Y1)/2
	for _, b := range obscured {
		if cx >= b.X0 && cx <= b.X1 && cy >= b.Y0 && cy <= b.Y1 {
			return true
		}
	}
	return false
}

// sealedNumber reports a cell whose every word is an OCR reading under a seal: a number
// there may be the seal's strokes (`86` read over the 项目 label of a header row).
func sealedNumber(cl *gcell) bool {
	if len(cl.words) == 0 {
		return false
	}
	for _, w := range cl.words {
		if !w.sealed {
			return false
		}
	}
	return true
}
