//go:build !noocr

package ocr

import (
	"image"
	"slices"
	"unicode"

	"github.com/otiai10/gosseract/v2"
)

// detectOrientation finds how many clockwise quarter turns make the raster's text upright
// (tables printed rotated on an upright page, scans fed sideways).
//
// Tesseract's confidence alone cannot tell: it reads sideways Chinese as confident Latin
// garbage. So the direction of the text lines comes from geometry first — in a table most
// cells hold one line of several glyphs, so their ink is wide when the text runs
// horizontally and tall when it runs vertically. Which of the two remaining turns is
// right (90 or 270, 0 or 180) is then decided by reading a few cells both ways and keeping
// the one that yields more confidently read Chinese characters and digits.
func detectOrientation(w *worker, a *analysis) (int, error) {
	set := w.settings()
	cells := orientationSamples(a, set.OrientationSamples)
	if len(cells) == 0 {
		return 0, nil
	}
	wide, tall := 0, 0
	for _, c := range cells {
		// Only clearly elongated ink counts: one or two digits are taller than wide
		// whichever way the page is turned.
		switch {
		case c.Dx() > 2*c.Dy():
			wide++
		case c.Dy() > 2*c.Dx():
			tall++
		}
	}
	// Upright is always tried first (and accepted when it reads well): most pages are.
	var cands []int
	switch {
	case tall > 2*wide:
		cands = []int{0, 1, 3}
	case wide > 2*tall:
		cands = []int{0, 2}
	default:
		cands = []int{0, 1, 3, 2}
	}
	// Text that reads this well upright needs no second opinion (upright pages, the
	// common case, pay one pass, and only over the cells it takes) — unless the geometry
	// says the lines run vertically.
	readsWell := func(s float64, n int) bool {
		return n >= set.OrientationUprightChars && s/float64(n) >= set.OrientationUprightConf
	}
	best, bestScore := cands[0], -1.0
	for i, k := range cands {
		var enough func(float64, int) bool
		if i == 0 && len(cands) != 3 {
			enough = readsWell
		}
		s, n, err := readabilityScore(w, a, cells, k, enough)
		if err != nil {
			return 0, err
		}
		if s > bestScore {
			best, bestScore = k, s
		}
		if enough != nil && readsWell(s, n) {
			return k, nil
		}
	}
	return best, nil
}

// readabilityScore reads the sample regions turned by k and sums the confidence of the
// Chinese characters and digits read (garbage from a wrong orientation comes out as
// Latin letters and punctuation, or as few characters). With enough set, it stops after
// the first region after which enough(score, n) holds.
func readabilityScore(w *worker, a *analysis, regions []image.Rectangle, k int, enough func(float64, int) bool) (float64, int, error) {
	var score float64
	n := 0
	for _, r := range regions {
		g, _ := a.clean.crop(r.Inset(-4)).rotate90(k)
		rd, err := recognize(w.text, g.pad(16), gosseract.PSM_SINGLE_BLOCK)
		if err != nil {
			return 0, 0, err
		}
		for _, s := range rd.syms {
			for _, c := range s.text {
				if unicode.Is(unicode.Han, c) || unicode.IsDigit(c) {
					score += s.conf * s.conf
					n++
				}
			}
		}
		if enough != nil && enough(score, n) {
			break
		}
	}
	return score, n, nil
}

// orientationSamples returns the ink boxes of the table cells with the most ink (or, on
// pages without a ruled table, of the densest text patches).
func orientationSamples(a *analysis, n int) []image.Rectangle {
	type cand struct {
		r   image.Rectangle
		ink int
	}
	var cs []cand
	for _, tg := range a.grids {
		for _, c := range tg.cells {
			in := a.interior(c)
			if in.Empty() {
				continue
			}
			r := tighten(a.b, in)
			k := inkCount(a.b, r)
			if k < speckArea(a.dpi)*20 || r.Dx() > a.b.w/3 || r.Dy() > a.b.h/3 {
				continue
			}
			cs = append(cs, cand{r, k})
		}
	}
	if len(cs) < 3 {
		cs = cs[:0]
		side := int(a.dpi * 0.8)
		for y := 0; y+side <= a.b.h; y += side / 2 {
			for x := 0; x+side <= a.b.w; x += side / 2 {
				r := image.Rect(x, y, x+side, y+side)
				k := inkCount(a.b, r)
				if frac := float64(k) / float64(side*side); frac > 0.02 && frac < 0.35 {
					cs = append(cs, cand{tighten(a.b, r), k})
				}
			}
		}
	}
	slices.SortFunc(cs, func(p, q cand) int { return q.ink - p.ink })
	var out []image.Rectangle
	for _, c := range cs {
		if len(out) == n {
			break
		}
		overlap := false
		for _, t := range out {
			if t.Overlaps(c.r) {
				overlap = true
				break
			}
		}
		if !overlap {
			out = append(out, c.r)
		}
	}
	return out
}
