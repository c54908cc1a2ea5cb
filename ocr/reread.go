package ocr

import (
	"image"
	"math"
)

// Re-reading doubtful Chinese text lines (issue 11: the Changsha scan's row names).
//
// Tesseract's chi_sim reads a short, thin, letter-spaced name ("芙 蓉 区", one glyph per
// em with an em of air between) differently at every scale: 芙营区, 芙蓉区, 英蕊区, 茯艺区 for
// one crop at 1×, 1.25×, 1.5×, 2×. The wrong readings scatter, the right one recurs, so a
// line read with doubt is read again as several variants and the characters are voted:
//
//   - only lines with at least two Chinese characters whose reading has mean confidence
//     below rereadBelow (the Changsha scan's wrong names read 0.84–0.97, its right ones
//     0.985–0.995; the scanned fixtures' text lines read ≥ 0.97 almost always);
//   - variants: the CJK-only client at 1, 1.25, 1.5 and 2 times the line's scale, each as
//     cut and with the air between glyphs squeezed to a fixed narrow gap (squeezeGaps:
//     wide spacing is what the network reads worst); the first reading votes too;
//   - the vote (voteChars): readings of the most common length vote per position, weighted
//     by how far their mean confidence is above 0.6; every position's winner must outweigh
//     its runner-up 1.4 times, else the first reading stays (no vote beats a split one);
//   - the result's confidence is the lowest winning share times the best confidence of a
//     reading that has every winner, so a narrowly won line stays doubtful downstream.
const rereadBelow = 0.97

// textRereadScales are the factors (of the line's own scale) the variants are read at.
var textRereadScales = []float64{1, 1.25, 1.5, 2}

// rereadDoubtful returns a better reading of a doubtful Chinese text line, or ok false.
func rereadDoubtful(w *worker, a *analysis, bd band, limit image.Rectangle, f float64, rt reading, text string) (reading, bool, error) {
	if hanCount(text) < 2 || rt.meanConf >= rereadBelow {
		return reading{}, false, nil
	}
	c := w.cjkClient()
	if c == nil {
		c = w.text
	}
	votes := []vote{{text: []rune(text), weight: rt.meanConf}}
	for _, s := range textRereadScales {
		crop := a.lineCrop(bd, limit, f*s)
		h := float64(bd.Dy()) * f * s
		for _, sq := range []bool{false, true} {
			g := crop
			if sq {
				g = crop.squeezeGaps(int(math.Round(0.15*h)), max(2, int(math.Round(0.075*h))))
			}
			r, err := recognizeLine(c, g)
			if err != nil {
				return reading{}, false, err
			}
			t := cleanText(r.text)
			if s == 1 && !sq && t == text && r.meanConf == rt.meanConf {
				continue // the first reading was this one (rescueText's): one vote, not two
			}
			if hanCount(t) > 0 {
				votes = append(votes, vote{text: []rune(t), weight: r.meanConf})
			}
		}
	}
	won, conf, ok := voteChars(votes)
	if debugVotes != nil {
		debugVotes(votes, won, ok)
	}
	if !ok || won == text {
		return reading{}, false, nil
	}
	if debugLine != nil {
		debugLine(a, bd, "reread", won, rt, reading{text: text, meanConf: conf})
	}
	return reading{text: won, minConf: conf, meanConf: conf}, true, nil
}

// vote is one reading of a line with its weight.
type vote struct {
	text   []rune
	weight float64
}

// voteChars votes the readings of the most common length position by position, each
// with weight confidence − voteFloor (a reading at 0.6 or below is noise, not a vote); ok
// is false when some position's winner does not outweigh the runner-up voteMargin times.
func voteChars(votes []vote) (string, float64, bool) {
	byLen := map[int]float64{}
	for _, v := range votes {
		byLen[len(v.text)] += max(0, v.weight-voteFloor)
	}
	n, best := 0, 0.0
	for l, wt := range byLen {
		if wt > best || wt == best && l > n {
			n, best = l, wt
		}
	}
	if n == 0 || best <= 0 {
		return "", 0, false
	}
	out := make([]rune, n)
	conf := 1.0
	for i := range n {
		tally := map[rune]float64{}
		sum := 0.0
		for _, v := range votes {
			if len(v.text) == n {
				tally[v.text[i]] += max(0, v.weight-voteFloor)
				sum += max(0, v.weight-voteFloor)
			}
		}
		var win rune
		top, second := 0.0, 0.0
		for r, wt := range tally {
			switch {
			case wt > top || wt == top && r < win:
				if win != 0 {
					second = max(second, top)
				}
				win, top = r, wt
			default:
				second = max(second, wt)
			}
		}
		if top <= 0 || top < voteMargin*second {
			return "", 0, false
		}
		out[i] = win
		conf = math.Min(conf, top/sum)
	}
	// The winners' own confidence: the best reading that has them all.
	own := 0.0
	for _, v := range votes {
		if string(v.text) == string(out) {
			own = max(own, v.weight)
		}
	}
	if own == 0 {
		own = 0.5 // every position won, no one reading had them all
	}
	return string(out), conf * own, true
}

const (
	voteFloor  = 0.6
	voteMargin = 1.4
)

// squeezeGaps shrinks every run of blank columns wider than maxGap between ink to keep
// columns (the margins stay): letter-spaced text set as a Chinese line is normally set.
func (g *gray) squeezeGaps(maxGap, keep int) *gray {
	const ink = 160
	blank := make([]bool, g.w)
	for x := 0; x < g.w; x++ {
		blank[x] = true
		for y := 0; y < g.h; y++ {
			if g.pix[y*g.w+x] < ink {
				blank[x] = false
				break
			}
		}
	}
	first, last := -1, -1
	for x, b := range blank {
		if !b {
			if first < 0 {
				first = x
			}
			last = x
		}
	}
	if first < 0 {
		return g
	}
	cols := make([]int, 0, g.w)
	for x := 0; x < g.w; {
		if !blank[x] || x < first || x > last {
			cols = append(cols, x)
			x++
			continue
		}
		e := x
		for e < g.w && blank[e] {
			e++
		}
		n := e - x
		if n > maxGap {
			n = keep
		}
		for i := range n {
			cols = append(cols, x+i)
		}
		x = e
	}
	if len(cols) == g.w {
		return g
	}
	r := newGray(len(cols), g.h)
	for y := 0; y < g.h; y++ {
		for i, x := range cols {
			r.pix[y*r.w+i] = g.pix[y*g.w+x]
		}
	}
	return r
}

// debugVotes, when set (tests), sees every vote.
var debugVotes func(votes []vote, won string, ok bool)
