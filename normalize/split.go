package normalize

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// reading is one way to read a cell's numeric fragments as a number.
type reading struct {
	amount Amount
	text   string // the fragments as joined for this reading
	how    string // "join" (all fragments, in order), "first", "last"
}

// cellReading is what the geometry says about a cell's amount.
type cellReading struct {
	readings []reading // candidates; readings[0] is the geometric choice
	// decided is true when the geometry (or the text alone) leaves one reading: a single
	// fragment, or fragments that can only be one wrapped number.
	decided  bool
	joined   bool             // more than one fragment went into readings[0]
	evidence string           // why readings[0] (geometry), for the Repair
	kind     rules.RepairKind // repair kind when joined: join_split_number | join_gap
	err      error            // the text is not an amount at all
}

// frag is a numeric fragment with its geometry (hasBox false for text-only cells).
type frag struct {
	text   string
	box    extract.Box
	page   int
	hasBox bool
}

// readCell parses an amount cell, joining the fragments of a wrapped or gapped number.
// Geometry first: fragments on consecutive baselines inside one cell whose continuation is
// right- or left-aligned with the first line are one wrapped number; fragments on one
// baseline whose tail cannot stand alone (`.33`) are one number with a gap. Anything else
// keeps every candidate reading for the identities to choose from.
func readCell(c tables.Cell, set *SplitSettings) cellReading {
	frags := fragmentsOf(c)
	if len(frags) == 0 {
		return cellReading{readings: []reading{{how: "join"}}, decided: true}
	}
	if len(frags) == 1 {
		a, err := ParseAmount(frags[0].text)
		if err != nil {
			return cellReading{err: err}
		}
		return cellReading{readings: []reading{{amount: a, text: frags[0].text, how: "join"}}, decided: true}
	}
	for _, f := range frags {
		if !looksNumeric(f.text) {
			// Text among the fragments: not a split number; let ParseAmount say why.
			_, err := ParseAmount(c.Text)
			if err == nil {
				err = fmt.Errorf("amount %q: not a number", c.Text)
			}
			return cellReading{err: err}
		}
	}
	lines := groupLines(frags, set)
	var join strings.Builder
	for _, l := range lines {
		for _, f := range l {
			join.WriteString(strings.TrimSpace(f.text))
		}
	}
	first, last := frags[0], frags[len(frags)-1]
	if len(lines) > 1 {
		first, last = lines[0][0], lines[len(lines)-1][len(lines[len(lines)-1])-1]
	}
	var cr cellReading
	if a, err := ParseAmount(join.String()); err == nil {
		cr.readings = append(cr.readings, reading{amount: a, text: join.String(), how: "join"})
	}
	for _, alt := range []struct {
		f   frag
		how string
	}{{first, "first"}, {last, "last"}} {
		if a, err := ParseAmount(alt.f.text); err == nil {
			dup := false
			for _, r := range cr.readings {
				if r.amount.Value.Equal(a.Value) {
					dup = true
				}
			}
			if !dup {
				cr.readings = append(cr.readings, reading{amount: a, text: alt.f.text, how: alt.how})
			}
		}
	}
	if len(cr.readings) > 0 && cr.readings[0].how != "join" && len(lines) == 2 && ocrCell(c) {
		// OCR loses the decimal point of a wrapped number (`105,800,091` / `79` for
		// 105,800,091.7 / 9): the fragments only join with it. The identities choose.
		head, tail := lineText(lines[0]), lineText(lines[1])
		if !strings.ContainsAny(head, ".") && len(tail) <= 2 && allDigits(tail) {
			if a, err := ParseAmount(head + "." + tail); err == nil {
				cr.readings = append([]reading{{amount: a, text: head + "." + tail, how: "join with the decimal point OCR lost"}}, cr.readings...)
				cr.evidence = "the fragments join only with a decimal point between them"
				cr.kind = "join_split_number"
				cr.joined = true
				return cr
			}
		}
	}
	if len(cr.readings) == 0 {
		cr.err = fmt.Errorf("amount %q: fragments do not make a number", c.Text)
		return cr
	}
	cr.joined = cr.readings[0].how == "join"
	if !cr.joined {
		cr.evidence = "the fragments do not join into one number"
		return cr
	}
	if len(lines) > 1 {
		cr.kind = "join_split_number"
		cr.decided, cr.evidence = wrapGeometry(lines, set)
	} else {
		cr.kind = "join_gap"
		cr.decided, cr.evidence = gapGeometry(lines[0], set)
	}
	return cr
}

// fragmentsOf returns the cell's fragments, or its space-separated words when the tables
// stage gave no geometry.
func fragmentsOf(c tables.Cell) []frag {
	var out []frag
	for _, f := range c.Fragments {
		for _, w := range strings.Fields(f.Text) {
			out = append(out, frag{text: w, box: f.Box, page: f.Page, hasBox: true})
		}
		// A fragment holding several words ("25180591 .33") keeps one box for all of them;
		// they are on one baseline by construction.
	}
	if len(out) > 0 {
		return out
	}
	for _, w := range strings.Fields(c.Text) {
		out = append(out, frag{text: w})
	}
	return out
}

// groupLines groups fragments by baseline (vertical overlap), top to bottom, left to right.
func groupLines(frags []frag, set *SplitSettings) [][]frag {
	if !frags[0].hasBox {
		// No geometry: the text order is all we have; each word is its own "line" candidate.
		out := make([][]frag, len(frags))
		for i, f := range frags {
			out[i] = []frag{f}
		}
		return out
	}
	fs := append([]frag(nil), frags...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].page != fs[j].page {
			return fs[i].page < fs[j].page
		}
		return fs[i].box.Y0 < fs[j].box.Y0
	})
	var lines [][]frag
	for _, f := range fs {
		n := len(lines)
		if n > 0 {
			prev := lines[n-1][0]
			if prev.page == f.page && sameBaseline(prev.box, f.box, set) {
				lines[n-1] = append(lines[n-1], f)
				continue
			}
		}
		lines = append(lines, []frag{f})
	}
	for _, l := range lines {
		sort.SliceStable(l, func(i, j int) bool { return l[i].box.X0 < l[j].box.X0 })
	}
	return lines
}

func sameBaseline(a, b extract.Box, set *SplitSettings) bool {
	ha, hb := a.Y1-a.Y0, b.Y1-b.Y0
	overlap := math.Min(a.Y1, b.Y1) - math.Max(a.Y0, b.Y0)
	return overlap > set.BaselineOverlap*math.Min(ha, hb)
}

// wrapGeometry decides whether lines are one number wrapped inside its cell.
func wrapGeometry(lines [][]frag, set *SplitSettings) (bool, string) {
	if !lines[0][0].hasBox {
		return false, "numeric fragments without positions"
	}
	for i := 1; i < len(lines); i++ {
		a, b := lineBox(lines[i-1]), lineBox(lines[i])
		h := a.Y1 - a.Y0
		if lines[i][0].page != lines[i-1][0].page {
			return false, "fragments on different pages"
		}
		gap := b.Y0 - a.Y1
		// Cells centre their content vertically: a wrapped number's two lines straddle the
		// row's baseline, so the continuation can sit up to about a line below.
		if gap > set.WrapMaxGapLines*h || gap < -set.WrapMaxOverlapLines*h {
			return false, fmt.Sprintf("continuation %.1fpt below the line above (line height %.1fpt)", gap, h)
		}
		tol := math.Max(set.AlignMinTolPt, set.AlignTolLines*h)
		rightAligned := math.Abs(a.X1-b.X1) <= tol
		leftAligned := math.Abs(a.X0-b.X0) <= tol
		inside := b.X0 >= a.X0-tol && b.X1 <= a.X1+tol
		if !rightAligned && !leftAligned && !inside {
			return false, "continuation not aligned with the line above"
		}
		if len([]rune(lineText(lines[i]))) > len([]rune(lineText(lines[i-1]))) {
			return false, "continuation longer than the line it continues"
		}
	}
	align := "right-aligned"
	a, b := lineBox(lines[0]), lineBox(lines[len(lines)-1])
	if math.Abs(a.X1-b.X1) > math.Max(set.AlignMinTolPt, set.AlignTolLines*(a.Y1-a.Y0)) {
		align = "aligned"
	}
	return true, fmt.Sprintf("fragments on consecutive baselines of one cell, %s continuation", align)
}

// gapGeometry decides whether fragments on one baseline are one number with a gap.
func gapGeometry(line []frag, set *SplitSettings) (bool, string) {
	// A tail that cannot stand alone (`.33`, `,567`) or a head ending in a separator belongs
	// to the number before it whatever the gap.
	for i := 1; i < len(line); i++ {
		t, h := line[i].text, line[i-1].text
		if strings.HasPrefix(t, ".") || strings.HasPrefix(t, ",") || strings.HasSuffix(h, ".") || strings.HasSuffix(h, ",") {
			continue
		}
		if !line[i].hasBox {
			return false, "numeric fragments without positions"
		}
		a, b := line[i-1].box, line[i].box
		charW := (a.X1 - a.X0) / math.Max(1, float64(len(h)))
		if b.X0-a.X1 > set.GapMaxChars*charW {
			return false, fmt.Sprintf("gap of %.1fpt between %q and %q", b.X0-a.X1, h, t)
		}
	}
	return true, "fragments on one baseline with a gap inside the number"
}

func lineBox(l []frag) extract.Box {
	b := l[0].box
	for _, f := range l[1:] {
		b = unionBox(b, f.box)
	}
	return b
}

func lineText(l []frag) string {
	var s strings.Builder
	for _, f := range l {
		s.WriteString(f.text)
	}
	return s.String()
}

func unionBox(a, b extract.Box) extract.Box {
	if a == (extract.Box{}) {
		return b
	}
	if b == (extract.Box{}) {
		return a
	}
	return extract.Box{X0: math.Min(a.X0, b.X0), Y0: math.Min(a.Y0, b.Y0), X1: math.Max(a.X1, b.X1), Y1: math.Max(a.Y1, b.Y1)}
}

// ocrCell reports whether a cell was read by OCR.
func ocrCell(c tables.Cell) bool {
	for _, f := range c.Fragments {
		if f.Source == extract.SourceOCR {
			return true
		}
	}
	return false
}

// SplitSettings are the geometry thresholds that decide whether the fragments of a cell
// are one number printed in pieces (wrapped over two lines, or with a gap inside). Lengths
// are in line heights (Lines) or character widths (Chars) of the fragments themselves, so
// they scale with the font; AlignMinTolPt is a floor in points for very small print.
type SplitSettings struct {
	// BaselineOverlap: two fragments are on one baseline when they overlap vertically by
	// more than this share of the smaller one's height.
	BaselineOverlap float64
	// WrapMaxGapLines, WrapMaxOverlapLines: a wrapped continuation starts at most this many
	// line heights below the line above (cells centre their content, so the second line
	// can sit up to about a line below) and overlaps it by at most WrapMaxOverlapLines.
	WrapMaxGapLines     float64
	WrapMaxOverlapLines float64
	// AlignTolLines, AlignMinTolPt: a continuation is aligned with the line above (right,
	// left, or inside it) within this many line heights, at least AlignMinTolPt points.
	AlignTolLines float64
	AlignMinTolPt float64
	// GapMaxChars: fragments on one baseline are one number when the gap between them is
	// at most this many character widths of the fragment before.
	GapMaxChars float64
}

// DefaultSplitSettings are the thresholds normalize is tuned with (the eval's figures).
func DefaultSplitSettings() SplitSettings { return defaultSplit }

var defaultSplit = SplitSettings{
	BaselineOverlap:     0.5,
	WrapMaxGapLines:     1.2,
	WrapMaxOverlapLines: 0.5,
	AlignTolLines:       0.3,
	AlignMinTolPt:       2,
	GapMaxChars:         1.5,
}
