package extract

import (
	"math"
	"sort"
	"unicode"
)

// buildPage turns what the interpreter collected into the Page contract.
func buildPage(p *Page, in *interp) {
	p.Rules = mergeRules(clipRules(in.rules, p.Width, p.Height))
	words, dropped := buildWords(in.glyphs, p.Width, p.Height, p.Rules)
	p.Words = make([]Word, len(words))
	for i, w := range words {
		p.Words[i] = w.Word
		if w.fixed != 0 {
			if p.boxFixes == nil {
				p.boxFixes = map[int]uint8{}
			}
			p.boxFixes[i] = w.fixed
		}
	}
	if dropped > 0 {
		in.note("%d glyphs outside the page dropped", dropped)
	}
	if n := len(in.clipped); n > 0 {
		in.note("%d glyphs clipped away (drawn outside the clipping path or the page)", n)
		p.clipped = make([]clippedGlyph, 0, n)
		for _, g := range in.clipped {
			p.clipped = append(p.clipped, clippedGlyph{text: g.text, ox: g.ox, oy: g.oy})
		}
	}
	for _, im := range in.images {
		im.X0, im.Y0, im.X1, im.Y1 = round2(im.X0), round2(im.Y0), round2(im.X1), round2(im.Y1)
		p.Images = append(p.Images, im)
	}
	p.Verdict = verdict(p, in)
	p.Notes = in.notesList()
}

const (
	ruleJoinTol  = 1.0 // collinear segments whose ends are this close (pt) are one rule
	ruleAlignTol = 0.5 // segments this close across their axis are collinear
)

func clipRules(rs []Rule, w, h float64) []Rule {
	out := rs[:0]
	for _, r := range rs {
		r.X0, r.X1 = math.Max(r.X0, 0), math.Min(r.X1, w)
		r.Y0, r.Y1 = math.Max(r.Y0, 0), math.Min(r.Y1, h)
		if r.X1 < r.X0 || r.Y1 < r.Y0 {
			continue
		}
		if r.Y0 == r.Y1 && r.X1-r.X0 < minRuleLength || r.X0 == r.X1 && r.Y1-r.Y0 < minRuleLength {
			continue
		}
		out = append(out, r)
	}
	return out
}

// mergeRules joins collinear, touching or overlapping segments (WPS draws every cell border
// separately, often twice) into maximal rules. Horizontal rules come first, top to bottom.
func mergeRules(rs []Rule) []Rule {
	var hs, vs []Rule
	for _, r := range rs {
		if r.Y0 == r.Y1 {
			hs = append(hs, r)
		} else {
			// Vertical rules are merged in a transposed frame.
			vs = append(vs, Rule{X0: r.Y0, Y0: r.X0, X1: r.Y1, Y1: r.X1, Width: r.Width})
		}
	}
	out := mergeHorizontal(hs)
	for _, r := range mergeHorizontal(vs) {
		out = append(out, Rule{X0: r.Y0, Y0: r.X0, X1: r.Y1, Y1: r.X1, Width: r.Width})
	}
	for i := range out {
		out[i].X0, out[i].Y0, out[i].X1, out[i].Y1 = round2(out[i].X0), round2(out[i].Y0), round2(out[i].X1), round2(out[i].Y1)
		out[i].Width = round2(out[i].Width)
	}
	return out
}

func mergeHorizontal(rs []Rule) []Rule {
	if len(rs) == 0 {
		return nil
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Y0 != rs[j].Y0 {
			return rs[i].Y0 < rs[j].Y0
		}
		return rs[i].X0 < rs[j].X0
	})
	// Cluster by y, then merge intervals along x within each cluster.
	var out []Rule
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].Y0-rs[j-1].Y0 <= ruleAlignTol && rs[j].Y0-rs[i].Y0 <= 2*ruleAlignTol {
			j++
		}
		group := append([]Rule(nil), rs[i:j]...)
		sort.Slice(group, func(a, b int) bool { return group[a].X0 < group[b].X0 })
		cur := group[0]
		sumY, sumL := cur.Y0*(cur.X1-cur.X0+1e-9), cur.X1-cur.X0+1e-9
		for _, r := range group[1:] {
			if r.X0 <= cur.X1+ruleJoinTol {
				cur.X1 = math.Max(cur.X1, r.X1)
				cur.Width = math.Max(cur.Width, r.Width)
				l := r.X1 - r.X0 + 1e-9
				sumY += r.Y0 * l
				sumL += l
				continue
			}
			cur.Y0, cur.Y1 = sumY/sumL, sumY/sumL
			out = append(out, cur)
			cur = r
			sumY, sumL = cur.Y0*(cur.X1-cur.X0+1e-9), cur.X1-cur.X0+1e-9
		}
		cur.Y0, cur.Y1 = sumY/sumL, sumY/sumL
		out = append(out, cur)
		i = j
	}
	return out
}

// Verdict thresholds.
const (
	// A page is undecodable when at least this share of its visible glyphs has no sensible
	// Unicode (and at least minBadGlyphs of them): the OCR stage should read it instead.
	badShare     = 0.05
	minBadGlyphs = 3
	// A page without text is scanned when images cover this share of it.
	imageCover = 0.3
)

func verdict(p *Page, in *interp) Verdict {
	total, bad, invisible := 0, 0, 0
	for i := range in.glyphs {
		g := &in.glyphs[i]
		if isSpaceText(g.text) {
			continue
		}
		if g.inv {
			invisible++
			continue
		}
		total++
		if !g.ok || !sensible(g.text) {
			bad++
		}
	}
	imgArea := 0.0
	for _, im := range p.Images {
		w := math.Min(im.X1, p.Width) - math.Max(im.X0, 0)
		h := math.Min(im.Y1, p.Height) - math.Max(im.Y0, 0)
		if w > 0 && h > 0 {
			imgArea += w * h
		}
	}
	cover := imgArea / (p.Width * p.Height)
	switch {
	case total == 0 && invisible > 0 && cover >= imageCover:
		in.note("only invisible text (an OCR layer) over a page image")
		return VerdictText
	case total == 0 && cover >= imageCover:
		in.note("no text layer; images cover %.0f%% of the page", math.Min(cover, 1)*100)
		return VerdictImage
	case total == 0:
		return VerdictEmpty
	case bad >= minBadGlyphs && float64(bad) >= badShare*float64(total):
		in.note("%d of %d glyphs have no sensible Unicode", bad, total)
		return VerdictUndecodable
	case bad > 0:
		in.note("%d of %d glyphs have no sensible Unicode (below the undecodable threshold)", bad, total)
	}
	return VerdictText
}

// sensible reports whether decoded text is something a disclosure can contain: not the
// replacement character, private-use code points or control characters.
func sensible(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r == unicode.ReplacementChar:
			return false
		case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000:
			return false
		case unicode.IsControl(r):
			return false
		}
	}
	return true
}
