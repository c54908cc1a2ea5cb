package extract

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Word building. Glyphs come in content order, which producers choose freely: WPS places
// every glyph with its own Td, FangZheng draws one amount as overlapping runs, ONLYOFFICE
// interleaves cells. So words are built from geometry only: glyphs are grouped into lines
// by baseline (per writing direction), sorted along the line, and joined while the gap
// between them is small. Content order only breaks ties.

const (
	// wordGap: a gap wider than this fraction of the font size separates words. pdftotext
	// uses 0.1 for its first cut and then merges close words; 0.15 lands on the same words
	// for the corpus while keeping table cells (gaps of several ems) apart.
	wordGap = 0.15
	// lineTol: baselines closer than this fraction of the font size are the same line.
	lineTol = 0.3
	// dupTol: a glyph repeating the previous glyph within this fraction of the font size is
	// a duplicate (fake bold, or the same run drawn twice) and is dropped.
	dupTol = 0.1
)

type frameGlyph struct {
	*glyph
	u0, u1 float64 // extent along the writing direction
	v      float64 // baseline position across it (grows "down" in the text's own frame)
}

// toFrame maps upright coordinates into the frame of direction dir, where text runs to +u.
func toFrame(dir int, x, y float64) (u, v float64) {
	switch dir {
	case 1:
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}

func isSpaceText(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u3000' && r != '\u00a0' && r != '\u200b' {
			return false
		}
	}
	return true
}

// buildWords groups glyphs into words, in reading order (lines top to bottom, left to right).
// Vertical ruling lines separate words on horizontal lines: a cell border between two glyphs
// is a word break however close they are (FangZheng tables leave 4 pt between amounts of
// adjacent columns, and their digits' advances overlap the border).
// builtWord is a word and how its box was corrected (see boxFix*).
type builtWord struct {
	Word
	fixed uint8
}

// Box corrections, recorded per word so tests can tell deliberate differences from pdftotext.
const (
	boxFixMetrics uint8 = 1 << iota // height from corrected font metrics (font.fixMetrics)
	boxFixAdvance                   // right end from the glyph pitch, not a bogus advance
)

func buildWords(glyphs []glyph, pageW, pageH float64, rules []Rule) (words []builtWord, dropped int) {
	var vrules []Rule
	for _, r := range rules {
		if !r.Horizontal() {
			vrules = append(vrules, r)
		}
	}
	sort.Slice(vrules, func(i, j int) bool { return vrules[i].X0 < vrules[j].X0 })
	var byDir [4][]frameGlyph
	for i := range glyphs {
		g := &glyphs[i]
		// Text entirely outside the page is clipped away by every viewer.
		if g.box.X1 < 0 || g.box.Y1 < 0 || g.box.X0 > pageW || g.box.Y0 > pageH {
			dropped++
			continue
		}
		u0, v := toFrame(g.dir, g.ox, g.oy)
		u1, _ := toFrame(g.dir, g.ex, g.ey)
		if u1 < u0 {
			u0, u1 = u1, u0
		}
		byDir[g.dir] = append(byDir[g.dir], frameGlyph{glyph: g, u0: u0, u1: u1, v: v})
	}
	type line struct {
		v      float64
		glyphs []frameGlyph
		dir    int
	}
	var lines []line
	for dir, gs := range byDir {
		if len(gs) == 0 {
			continue
		}
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].v < gs[j].v })
		var cur *line
		for _, g := range gs {
			tol := lineTol * math.Max(g.size, 1)
			if cur != nil && g.v-cur.v <= tol {
				cur.glyphs = append(cur.glyphs, g)
				continue
			}
			lines = append(lines, line{v: g.v, dir: dir})
			cur = &lines[len(lines)-1]
			cur.glyphs = append(cur.glyphs, g)
		}
	}
	// Reading order: upright lines top to bottom, then the other directions; words left to
	// right within a line. Lines are the baseline clusters, so words of one visual line stay
	// together even when their fonts put the baselines a little apart.
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if (a.dir == 0) != (b.dir == 0) {
			return a.dir == 0
		}
		if a.dir != b.dir {
			return a.dir < b.dir
		}
		return a.v < b.v
	})
	for li := range lines {
		ln := &lines[li]
		sort.SliceStable(ln.glyphs, func(i, j int) bool {
			a, b := ln.glyphs[i], ln.glyphs[j]
			if a.u0 != b.u0 {
				return a.u0 < b.u0
			}
			return a.seq < b.seq
		})
		var vr []Rule
		if ln.dir == 0 {
			vr = vrules
		}
		words = appendLineWords(words, ln.glyphs, ln.dir, vr)
	}
	return words, dropped
}

// ruleBetween reports whether a vertical rule separates two consecutive glyphs of an upright
// line: it lies between the middle of prev and the first quarter of g, across their height.
func ruleBetween(vr []Rule, prev, g frameGlyph) bool {
	if len(vr) == 0 {
		return false
	}
	lo := (prev.u0 + math.Min(prev.u1, g.u0)) / 2
	hi := g.u0 + (g.u1-g.u0)/4
	if hi <= lo {
		return false
	}
	y := (g.box.Y0 + g.box.Y1) / 2
	i := sort.Search(len(vr), func(i int) bool { return vr[i].X0 > lo })
	for ; i < len(vr) && vr[i].X0 < hi; i++ {
		if vr[i].Y0-1 <= y && y <= vr[i].Y1+1 {
			return true
		}
	}
	return false
}

func appendLineWords(words []builtWord, gs []frameGlyph, dir int, vr []Rule) []builtWord {
	lineStart := len(words)
	var cur []frameGlyph
	flush := func() {
		if len(cur) > 0 {
			w, fixed := makeWord(cur, dir)
			words = append(words, builtWord{w, fixed})
			cur = cur[:0]
		}
	}
	for _, g := range gs {
		if isSpaceText(g.text) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			size := math.Max(math.Max(prev.size, g.size), 1)
			// Fake bold and repeated runs: the same character again at (nearly) the same place.
			if g.text == prev.text && math.Abs(g.u0-prev.u0) < dupTol*size && math.Abs(g.v-prev.v) < dupTol*size {
				continue
			}
			// The gap is measured from the previous glyph's advance; an overlap is not a break
			// as long as the origins keep advancing (FangZheng draws an amount as runs whose
			// advances overlap: 244,895 then .02 starting inside it).
			gap := g.u0 - prev.u1
			switch {
			case gap > wordGap*size:
				flush()
			case g.font != prev.font && isCJKText(g.text) != isCJKText(prev.text):
				// A change of font between Chinese and Latin text (FangZheng and Word set
				// digits in a Latin font): the amount inside the prose is its own word.
				flush()
			case ruleBetween(vr, prev, g):
				flush()
			}
		}
		cur = append(cur, g)
	}
	flush()
	if dir == 0 {
		words = joinDecimals(words, lineStart, vr)
	}
	return words
}

var (
	intPartRe  = regexp.MustCompile(`^-?\d[\d,]*$`)
	fractionRe = regexp.MustCompile(`^\.\d{1,6}$`)
)

// joinDecimals joins an amount's decimal part drawn a little apart from its integer part
// (xian-sasac: "25180591" then ".33" 0.34 em to the right) on one upright line: same font
// and size, same baseline, a gap under 0.6 em and no ruling line between them.
func joinDecimals(words []builtWord, from int, vr []Rule) []builtWord {
	out := words[:from]
	for _, w := range words[from:] {
		if n := len(out); n > from {
			prev := &out[n-1]
			gap := w.X0 - prev.X1
			if intPartRe.MatchString(prev.Text) && fractionRe.MatchString(w.Text) && prev.Font == w.Font &&
				math.Abs(prev.Size-w.Size) < 0.01 && math.Abs(prev.Baseline-w.Baseline) < 0.1*w.Size &&
				gap < 0.6*w.Size && !ruleCrosses(vr, prev.X1, w.X0, (w.Y0+w.Y1)/2) {
				prev.Text += w.Text
				prev.X1 = w.X1
				prev.Y0, prev.Y1 = math.Min(prev.Y0, w.Y0), math.Max(prev.Y1, w.Y1)
				prev.fixed |= w.fixed
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// ruleCrosses reports whether a vertical rule lies between x0 and x1 at height y.
func ruleCrosses(vr []Rule, x0, x1, y float64) bool {
	i := sort.Search(len(vr), func(i int) bool { return vr[i].X0 >= x0 })
	for ; i < len(vr) && vr[i].X0 <= x1; i++ {
		if vr[i].Y0-1 <= y && y <= vr[i].Y1+1 {
			return true
		}
	}
	return false
}

// isCJKText reports whether s starts with a Han character or CJK/fullwidth punctuation.
func isCJKText(s string) bool {
	for _, r := range s {
		return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
	}
	return false
}

func makeWord(gs []frameGlyph, dir int) (Word, uint8) {
	var sb strings.Builder
	// The word's font is the one most of its glyphs use; its vertical extent comes from
	// those glyphs (a bracket from a font with a huge ascent does not make the word tall).
	counts := map[*font]int{}
	var dom *font
	for _, g := range gs {
		counts[g.font]++
		if dom == nil || counts[g.font] > counts[dom] {
			dom = g.font
		}
	}
	// A glyph whose advance reaches well past where the next glyph of the same font starts
	// (1.5×) has a bogus advance (a CID font whose /W leaves digits at the 1000-unit default
	// while the producer places each glyph itself): its box ends at the next glyph's origin,
	// and the word's last glyph, after such a glyph, ends one such pitch after its origin.
	// The drawn digit does not reach into the next cell.
	var fix uint8
	if dom.metricsFixed {
		fix |= boxFixMetrics
	}
	ends := make([]float64, len(gs)) // corrected end along the line; 0 = none
	lastPitch := 0.0
	for i := range gs {
		g := gs[i]
		if i+1 < len(gs) {
			next := gs[i+1]
			pitch := next.u0 - g.u0
			if next.font == g.font && pitch > 0 && g.u1-g.u0 > 1.5*pitch {
				ends[i], lastPitch = g.u0+pitch, pitch
			} else {
				lastPitch = 0
			}
			continue
		}
		if lastPitch > 0 && g.u1-g.u0 > 1.5*lastPitch {
			ends[i] = g.u0 + lastPitch
		}
	}
	var b Box
	first := true
	inv := true
	maxSize := 0.0
	for i, g := range gs {
		t := g.text
		if !g.ok {
			t = "\uFFFD"
		}
		sb.WriteString(t)
		gb := g.box
		if ends[i] > 0 && dir == 0 {
			gb.X1 = math.Min(gb.X1, ends[i])
			fix |= boxFixAdvance
		}
		if g.font != dom {
			// Along the line the glyph counts; across it only the dominant font does.
			if dir == 0 || dir == 2 {
				gb.Y0, gb.Y1 = math.Inf(1), math.Inf(-1)
			} else {
				gb.X0, gb.X1 = math.Inf(1), math.Inf(-1)
			}
		}
		if first {
			b = gb
			first = false
		} else {
			b.X0, b.Y0 = math.Min(b.X0, gb.X0), math.Min(b.Y0, gb.Y0)
			b.X1, b.Y1 = math.Max(b.X1, gb.X1), math.Max(b.Y1, gb.Y1)
		}
		inv = inv && g.inv
		maxSize = math.Max(maxSize, g.size)
	}
	lead := gs[0]
	for _, g := range gs {
		if g.font == dom {
			lead = g
			break
		}
	}
	baseline := lead.oy
	if dir == 1 || dir == 3 {
		baseline = lead.ox
	}
	return Word{
		Text: sb.String(), X0: round2(b.X0), Y0: round2(b.Y0), X1: round2(b.X1), Y1: round2(b.Y1),
		Font: dom.name, Size: round2(maxSize), Source: SourceText, Confidence: 1,
		Baseline: round2(baseline), Invisible: inv, Vertical: dir == 1 || dir == 3 || lead.vertical,
	}, fix
}

// round2 keeps coordinates to 1/100 pt: far below any layout tolerance, and JSON stays short.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
