package ocr

import (
	"image"
	"slices"

	"github.com/otiai10/gosseract/v2"
)

// detectOrientation finds how many clockwise quarter turns make the raster's text upright
// (tables printed rotated on an upright page, scans fed sideways). Tesseract reads a few
// ink-dense patches in each orientation; the one it reads most confidently wins. Upright
// pages usually pass on the first try.
func detectOrientation(w *worker, a *analysis) (int, error) {
	patches := orientationPatches(a, 6)
	if len(patches) == 0 {
		return 0, nil
	}
	score := func(k int) (float64, error) {
		var sum float64
		n := 0
		for _, p := range patches {
			g, _ := p.rotate90(k)
			rd, err := recognize(w.text, g.pad(16), gosseract.PSM_SINGLE_BLOCK)
			if err != nil {
				return 0, err
			}
			for _, s := range rd.syms {
				sum += s.conf
				n++
			}
		}
		if n < 4 {
			return 0, nil
		}
		return sum / float64(n), nil
	}
	s0, err := score(0)
	if err != nil || s0 >= 0.80 {
		return 0, err
	}
	best, bestScore := 0, s0
	for _, k := range []int{1, 3, 2} {
		s, err := score(k)
		if err != nil {
			return 0, err
		}
		if s > bestScore+0.05 {
			best, bestScore = k, s
		}
	}
	return best, nil
}

// orientationPatches picks square patches about 0.8 inch wide with the most text ink
// (ruling lines already erased).
func orientationPatches(a *analysis, n int) []*gray {
	side := int(a.dpi * 0.8)
	if side < 16 || a.b.w < side || a.b.h < side {
		return nil
	}
	type cand struct {
		r   image.Rectangle
		ink int
	}
	var cs []cand
	for y := 0; y+side <= a.b.h; y += side / 2 {
		for x := 0; x+side <= a.b.w; x += side / 2 {
			r := image.Rect(x, y, x+side, y+side)
			k := inkCount(a.b, r)
			frac := float64(k) / float64(side*side)
			if frac > 0.02 && frac < 0.35 {
				cs = append(cs, cand{r, k})
			}
		}
	}
	slices.SortFunc(cs, func(p, q cand) int { return q.ink - p.ink })
	var out []*gray
	var taken []image.Rectangle
	for _, c := range cs {
		if len(out) == n {
			break
		}
		overlap := false
		for _, t := range taken {
			if t.Overlaps(c.r) {
				overlap = true
				break
			}
		}
		if overlap {
			continue
		}
		taken = append(taken, c.r)
		out = append(out, a.clean.crop(c.r))
	}
	return out
}
