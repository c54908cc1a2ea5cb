package ocr

import (
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
)

// Confidence levels of numbers. Trusted readings are at or above trustedConfidence,
// doubtful ones at or below doubtfulConfidence: nothing falls between, so a consumer's
// threshold anywhere in (doubtfulConfidence, trustedConfidence] — LowConfidence here,
// normalize's own default — splits them the same way.
const (
	trustedConfidence  = 0.92
	doubtfulConfidence = 0.75
)

// numberLine is a text line of a cell read as a number, decided once the page's digit
// shapes are known (decideNumbers).
type numberLine struct {
	bd    band
	limit image.Rectangle // the cell interior
	scale float64         // crop scale the readings were made at
	// readings are the networks' readings: the text model's (ASCII-folded) first, then
	// the digits model's; spaces removed, hanging separators trimmed.
	readings []string
	ink      *bitmap // the line's ink (lenient threshold), in line-local coordinates
	glyphs   []glyph // in ink's coordinates; nil when the line did not segment
	segOK    bool
	sealed   bool        // a seal lies over the line
	origin   image.Point // raster position of ink's (0,0)
	// fallback is the text model's reading of a line it read as Chinese but whose ink cuts
	// into digit glyphs: the line is a number only if the page's digit shapes read every
	// glyph, else it is this text (nil: nothing worth keeping).
	fallback *extract.Word
	// needShapes marks such a line: without a template reading it is not a number.
	needShapes bool
	// fast marks a line read by the digits model alone (readNumberFirst): its one reading
	// is confident and matches the glyphs digit for digit. It teaches no digit shape (one
	// network's reading must not: its confusions would teach the page a 5 as a 9), and
	// unless the shapes read exactly its digits the text model reads it after all
	// (decide), so that the vote is the one every other number gets.
	fast bool
	// alts are the readings weighed for this line, with their readers (see alternatives).
	alts []extract.Alternative
	// rereadAt are the scales (factors of scale) the digits model has read the line at
	// beyond the first reading.
	rereadAt []float64
}

// offer records a reading the vote weighed (cleaned; "" and non-numbers are not readings).
func (n *numberLine) offer(text, from string) {
	if t := cleanReading(text); t != "" {
		n.alts = append(n.alts, extract.Alternative{Text: t, From: from})
	}
}

// Reader names of the alternatives (extract.Alternative.From).
const (
	fromText   = "text_model"
	fromDigits = "digits_model"
	fromShapes = "digit_shapes"
	fromVote   = "digit_vote"
)

// alternatives returns the readings of a doubtful number other than the chosen value: the
// networks' readings, the shapes', the digits model's at other scales, and a per-digit
// majority of the readings that count the most common number of digits. It reads the line
// again at the scales not read yet (Settings.NumberRereadScales: Tesseract's errors on
// these figures change with the scale, docs/ocr.md). Distinct by value, the chosen value
// left out.
func (n *numberLine) alternatives(w *worker, a *analysis, value string) ([]extract.Alternative, error) {
	for _, f := range w.settings().NumberRereadScales {
		if slices.Contains(n.rereadAt, f) {
			continue
		}
		r, err := recognizeLine(w.digits, a.lineCrop(n.bd, n.limit, n.scale*f))
		if err != nil {
			return nil, err
		}
		n.rereadAt = append(n.rereadAt, f)
		n.offer(r.text, fmt.Sprintf("%s@%gx", fromDigits, f))
	}
	if v := digitVote(append([]extract.Alternative{{Text: value}}, n.alts...)); v != "" {
		n.alts = append(n.alts, extract.Alternative{Text: v, From: fromVote})
	}
	seen := map[string]bool{normalizeNumber(value): true}
	var out []extract.Alternative
	for _, alt := range n.alts {
		k := normalizeNumber(alt.Text)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, alt)
	}
	return out, nil
}

// digitVote is the per-digit majority of the readings that have the most common digit count
// (at least three of them, a strict majority at every position); "" when there is none or it
// is one of the readings' digits already. It is written in the form of the first such
// reading (its separators).
func digitVote(rs []extract.Alternative) string {
	byLen := map[int][]string{}
	form := map[int]string{}
	for _, r := range rs {
		d := digitsOf(r.Text)
		if d == "" {
			continue
		}
		if _, ok := form[len(d)]; !ok {
			form[len(d)] = r.Text
		}
		byLen[len(d)] = append(byLen[len(d)], d)
	}
	best := 0
	for l, ds := range byLen {
		if len(ds) > len(byLen[best]) || len(ds) == len(byLen[best]) && l > best {
			best = l
		}
	}
	ds := byLen[best]
	if len(ds) < 3 {
		return ""
	}
	vote := make([]byte, best)
	for i := range best {
		var count [10]int
		for _, d := range ds {
			count[d[i]-'0']++
		}
		top := 0
		for c := range count {
			if count[c] > count[top] {
				top = c
			}
		}
		if 2*count[top] <= len(ds) {
			return ""
		}
		vote[i] = byte('0' + top)
	}
	if slices.Contains(ds, string(vote)) {
		return ""
	}
	b := []byte(form[best])
	k := 0
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = vote[k]
			k++
		}
	}
	return string(b)
}

// numberInk is the grey level under which a pixel of the clean raster counts as ink when a
// number is cut into glyphs: more lenient than the page binarisation, so that the thin
// hairlines of serif figures keep each glyph in one piece (measured on the scanned
// fixtures: at 150, zeros fell apart into two arcs; above 200, specks and JPEG fringes
// join neighbouring glyphs).
const numberInk = 170

// faintInk is the lighter threshold at which the hairlines of a glyph still show
// (segmentNumber joins the pieces they connect).
const faintInk = 215

// newNumberLine cuts the line's ink into glyphs.
func newNumberLine(a *analysis, bd band, limit image.Rectangle, scale float64, readings []string) *numberLine {
	r := bd.Inset(-2).Intersect(limit)
	if r.Empty() {
		r = bd
	}
	ink, faint := newBitmap(r.Dx(), r.Dy()), newBitmap(r.Dx(), r.Dy())
	for y := 0; y < r.Dy(); y++ {
		row := a.clean.pix[(y+r.Min.Y)*a.clean.w+r.Min.X : (y+r.Min.Y)*a.clean.w+r.Max.X]
		for x, v := range row {
			ink.ink[y*ink.w+x] = v < numberInk
			faint.ink[y*ink.w+x] = v < faintInk
		}
	}
	n := &numberLine{bd: bd, limit: limit, scale: scale, readings: readings, ink: ink, origin: r.Min,
		sealed: a.g.sealShare(bd.Inset(-2)) > 0.002}
	n.glyphs, n.segOK = segmentNumber(ink, faint, image.Rect(0, 0, ink.w, ink.h))
	return n
}

// digitsOf keeps the digits of a reading.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// cleanReading makes a network's reading comparable: folded to ASCII, spaces removed,
// hanging separators trimmed; "" when it is not a number.
func cleanReading(s string) string {
	t := trimSeparators(strings.ReplaceAll(asciiDigits(s), " ", ""))
	if !numberPattern(t) {
		return ""
	}
	return t
}

// glyphDigits returns the digit glyphs of the line.
func (n *numberLine) glyphDigits() []glyph {
	var out []glyph
	for _, g := range n.glyphs {
		if g.kind == glyphDigit {
			out = append(out, g)
		}
	}
	return out
}

// unanimous is the reading every network agrees on ("" when they differ or only one read
// a number).
func (n *numberLine) unanimous() string {
	if len(n.readings) < 2 || n.readings[0] == "" {
		return ""
	}
	for _, r := range n.readings[1:] {
		if normalizeNumber(r) != normalizeNumber(n.readings[0]) {
			return ""
		}
	}
	return n.readings[0]
}

// learnDigits builds the page's digit shapes from the numbers all networks agree on whose
// glyphs match their digits one to one, then drops the examples that look more like another
// digit than like their own (a misreading both networks share must not teach a shape).
func learnDigits(nums []*numberLine) *digitBank {
	bank := &digitBank{}
	for src, n := range nums {
		u := n.unanimous()
		if u == "" || !n.segOK {
			continue
		}
		gd := n.glyphDigits()
		ds := digitsOf(u)
		if len(gd) != len(ds) || len(ds) == 0 {
			continue
		}
		for i, g := range gd {
			bank.learn(glyphFeature(n.ink, g.r), int(ds[i]-'0'), src)
		}
	}
	bank.edit()
	return bank
}

// templateReading reads the line's digits by their shapes. ok is false when the bank cannot
// tell every digit with confidence (the line did not segment, a glyph is far from every
// known shape, or nearly as close to two digits).
//
// tight reports whether every glyph lies within twice the typical spread of its digit's
// prints or far closer to it than to any other digit: a glyph cut in two (the arcs of a
// faint 0) still resembles a 1, but loosely.
func (n *numberLine) templateReading(bank *digitBank, src int) (reading string, ok, tight bool) {
	if !n.segOK || !bank.usable() {
		return "", false, false
	}
	gd := n.glyphDigits()
	if len(gd) == 0 {
		return "", false, false
	}
	tight = true
	var sb strings.Builder
	for _, g := range gd {
		f := glyphFeature(n.ink, g.r)
		d, d1, d2 := bank.classify(&f, src)
		if d < 0 || d1 > bank.maxDist || d2 < 1.5*math.Max(d1, bank.typical/4) {
			if debugTemplate != nil {
				debugTemplate(fmt.Sprintf("glyph %v: %d d1 %.1f d2 %.1f max %.1f typ %.1f", g.r, d, d1, d2, bank.maxDist, bank.typical))
			}
			return "", false, false
		}
		tight = tight && (d1 <= 2*bank.typical || d2 >= 5*d1)
		sb.WriteByte(byte('0' + d))
	}
	return sb.String(), true, tight
}

var debugTemplate func(string)

// decideNumbers gives every number line of a page its value and confidence, with the
// page's digit shapes as a third vote. w reads a line once more where the networks
// disagree and the shapes cannot tell.
func decideNumbers(w *worker, a *analysis, nums []*numberLine) ([]extract.Word, error) {
	bank := learnDigits(nums)
	var out []extract.Word
	for i, n := range nums {
		value, conf, err := n.decide(w, a, bank, i)
		if err != nil {
			return nil, err
		}
		if debugLine != nil {
			g, ok, _ := n.templateReading(bank, i)
			debugLine(a, n.bd, fmt.Sprintf("num %.2f", conf), value, reading{text: strings.Join(n.readings, " | ")},
				reading{text: fmt.Sprintf("glyphs %s %v template %s %v", glyphPattern(n.glyphs), n.segOK, g, ok)})
		}
		if value == "" {
			if n.fallback != nil {
				out = append(out, *n.fallback)
			}
			continue
		}
		word := a.word(value, n.box(), conf)
		if conf < trustedConfidence && digitsOf(value) != "" {
			done := phase("numbers: alternatives")
			word.Alternatives, err = n.alternatives(w, a, value)
			done()
			if err != nil {
				return nil, err
			}
		}
		out = append(out, word)
	}
	return out, nil
}

// box is where the number is printed: its glyphs without hanging separators and stray
// marks (a speck beside a number must not widen its box into the next cell), or the line
// when it did not segment.
func (n *numberLine) box() image.Rectangle {
	if !n.segOK {
		return n.bd
	}
	lo, hi := -1, -1
	for i, g := range n.glyphs {
		if g.kind == glyphDigit {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	if lo < 0 {
		return n.bd
	}
	if lo == 1 && n.glyphs[0].kind == glyphMinus {
		lo = 0
	}
	r := n.glyphs[lo].r
	for _, g := range n.glyphs[lo : hi+1] {
		r = r.Union(g.r)
	}
	return r.Add(n.origin)
}

// decide votes one number between the networks' readings and the template reading:
//   - the shapes and two networks agree: 0.99; the shapes and one network: 0.95;
//   - the shapes disagree with every network: the shapes' reading, doubtful (0.6): the
//     networks' common confusions (5→9, 6→0) are exactly what the shapes catch;
//   - the shapes cannot tell: a third reading (digits model at another scale); all three
//     agree: trustedConfidence; two of three: 0.7; none: 0.45.
//
// Then the caps: irregular thousands groups 0.5, a glyph count that differs from the digits
// read 0.55 (a digit dropped or invented), a sign no network read as the ink shows it 0.6,
// a seal over the line doubtfulConfidence.
func (n *numberLine) decide(w *worker, a *analysis, bank *digitBank, src int) (string, float64, error) {
	if n.fast {
		if g, ok, _ := n.templateReading(bank, src); !ok || g != digitsOf(n.readings[0]) {
			if err := n.readText(w, a); err != nil {
				return "", 0, err
			}
		}
	}
	var rs []string
	for i, r := range n.readings {
		if r != "" {
			rs = append(rs, r)
		}
		from := fromDigits
		if i == 0 && !n.fast {
			from = fromText
		}
		n.offer(r, from)
	}
	var value string
	var conf float64
	g, gok, tight := n.templateReading(bank, src)
	if g != "" && len(g) == len(n.glyphDigits()) {
		n.offer(n.composeFromGlyphs(g, rs), fromShapes)
	}
	if gok && !tight && !n.needShapes && !slices.ContainsFunc(rs, func(r string) bool { return len(digitsOf(r)) == len(g) }) {
		// The shapes count other digits than every network, and some glyph matches its
		// digit only loosely: a glyph cut in two (a faint 0 read as 11) rather than a
		// digit the networks dropped. The networks decide, doubtfully (the glyph-count cap
		// below).
		gok = false
	}
	if gok {
		if n.sealed && !slices.ContainsFunc(rs, func(r string) bool { return digitsOf(r) != "" }) {
			// Under a seal, ink no network reads as a digit is a seal stroke that happens
			// to look like a 1. (Elsewhere a lone 1 is exactly what the networks miss.)
			return "", 0, nil
		}
		var agree []string
		for _, r := range rs {
			if digitsOf(r) == g {
				agree = append(agree, r)
			}
		}
		switch {
		case len(agree) == 0:
			value, conf = n.composeFromGlyphs(g, rs), 0.6
		case len(agree) == 1:
			value, conf = n.pickStructure(agree, g), 0.95
		default:
			value, conf = n.pickStructure(agree, g), 0.99
		}
		if value == "" {
			return "", 0, nil
		}
	} else if n.needShapes {
		// The networks read no number and the shapes cannot tell: one more reading, at
		// another scale, must find as many digits as the ink has glyphs.
		extra, err := n.readAt(w, a, w.settings().ThirdReadingScale)
		if err != nil {
			return "", 0, err
		}
		e := cleanReading(extra.text)
		if e == "" || len(digitsOf(e)) != len(n.glyphDigits()) {
			return "", 0, nil
		}
		value, conf = e, 0.6
	} else {
		if len(rs) == 0 {
			return "", 0, nil
		}
		if u := n.unanimous(); u != "" && digitsOf(u) == "" {
			return u, trustedConfidence, nil // a dash: "no amount"
		}
		extra, err := n.readAt(w, a, w.settings().ThirdReadingScale)
		if err != nil {
			return "", 0, err
		}
		all := append(slices.Clone(rs), cleanReading(extra.text))
		value, conf = majority(all)
		if value == "" || n.sealed && conf < 0.5 && len(digitsOf(value)) <= 2 {
			// Under a seal, a digit or two only one reading of three sees is a seal
			// stroke read as a digit.
			return "", 0, nil
		}
	}
	conf = math.Min(conf, shapeConfidence(value))
	if n.segOK {
		if len(n.glyphDigits()) != len(digitsOf(value)) {
			conf = math.Min(conf, 0.55)
		}
		// The sign: a speck before a number read as a minus by one network, and a minus
		// the networks lost (faint, small), are both common; the ink tells them apart. A
		// minus every network reads stands even where the ink cut shows none (too faint
		// for it), but doubtfully.
		inkMinus := len(n.glyphs) > 0 && n.glyphs[0].kind == glyphMinus
		readMinus := len(rs) >= 2 && !slices.ContainsFunc(rs, func(r string) bool { return !strings.HasPrefix(r, "-") })
		value = strings.TrimPrefix(value, "-")
		switch {
		case inkMinus:
			value = "-" + value
			if !slices.ContainsFunc(rs, func(r string) bool { return strings.HasPrefix(r, "-") }) {
				conf = math.Min(conf, 0.6)
			}
		case readMinus:
			value = "-" + value
			conf = math.Min(conf, doubtfulConfidence)
		}
	}
	if n.sealed {
		// A seal sits on this number: its strokes may have taken parts of digits with
		// them, identically for every reader. Identities must confirm it.
		conf = math.Min(conf, doubtfulConfidence)
	}
	return value, conf, nil
}

// readText gives a line the digits model read alone (fast) the text model's reading too,
// as readLine would have: the vote is then the one of every other number.
func (n *numberLine) readText(w *worker, a *analysis) error {
	done := phase("numbers: text model after all")
	rt, err := recognizeLine(w.text, a.lineCrop(n.bd, n.limit, n.scale))
	done()
	if err != nil {
		return err
	}
	d := n.readings[0]
	t3 := cleanReading(rt.text)
	if hanCount(rt.text) == 1 && t3 == "" {
		// As readLine: one Chinese character in a number is a speck or blot misread.
		if t := cleanReading(withoutHan(rt.text)); t != "" && normalizeNumber(t) == normalizeNumber(d) {
			t3 = t
		}
	}
	n.readings, n.fast = []string{t3, d}, false
	return nil
}

// readAt reads the line once more with the digits model at factor f of its scale and
// offers the reading.
func (n *numberLine) readAt(w *worker, a *analysis, f float64) (reading, error) {
	done := phase("numbers: third reading")
	r, err := recognizeLine(w.digits, a.lineCrop(n.bd, n.limit, n.scale*f))
	done()
	if err != nil {
		return reading{}, err
	}
	n.rereadAt = append(n.rereadAt, f)
	n.offer(r.text, fmt.Sprintf("%s@%gx", fromDigits, f))
	return r, nil
}

// majority votes among readings (the text model's first, then the digits model's): the
// value most of them agree on and the confidence the vote gives it.
func majority(all []string) (string, float64) {
	count := map[string]int{}
	first := map[string]string{}
	valid := 0
	for _, r := range all {
		if r == "" {
			continue
		}
		valid++
		k := normalizeNumber(r)
		count[k]++
		if _, ok := first[k]; !ok || shapeConfidence(r) > shapeConfidence(first[k]) {
			first[k] = r
		}
	}
	best, bc := "", 0
	// Ties go to the digits model (the later readings): on these fonts it reads figures
	// better than the text model.
	for i := len(all) - 1; i >= 0; i-- {
		if all[i] == "" {
			continue
		}
		if c := count[normalizeNumber(all[i])]; c > bc {
			best, bc = first[normalizeNumber(all[i])], c
		}
	}
	switch {
	case bc >= 3 || bc >= 2 && bc == valid:
		return best, trustedConfidence
	case bc == 2:
		return best, 0.7
	case bc == 1:
		return best, 0.45
	}
	return "", 0
}

// glyphValue writes the line as its glyphs show it, the digits given: separators and sign
// from the ink, hanging separators dropped. "" when that is not a well-formed number.
func (n *numberLine) glyphValue(digits string) string {
	var sb strings.Builder
	k := 0
	for _, g := range n.glyphs {
		switch g.kind {
		case glyphDigit:
			if k >= len(digits) {
				return ""
			}
			sb.WriteByte(digits[k])
			k++
		case glyphDot:
			sb.WriteByte('.')
		case glyphComma:
			sb.WriteByte(',')
		case glyphMinus:
			if sb.Len() == 0 {
				sb.WriteByte('-') // a sign; a dash elsewhere is a stray mark
			}
		}
	}
	v := trimSeparators(sb.String())
	if k != len(digits) || !numberPattern(v) {
		return ""
	}
	return v
}

// pickStructure chooses, among readings whose digits are right, the one whose separators
// the ink confirms; when every reading's grouping is irregular and the glyphs show a
// regular one ("1811,916.18" read, "1,811,916.18" printed), the glyphs' form.
func (n *numberLine) pickStructure(agree []string, digits string) string {
	gv := n.glyphValue(digits)
	for _, r := range agree {
		if gv != "" && r == gv {
			return r
		}
	}
	for _, r := range agree {
		if shapeConfidence(r) == 1 {
			return r
		}
	}
	if gv != "" && shapeConfidence(gv) == 1 {
		return gv
	}
	return agree[0]
}

// composeFromGlyphs writes the template's digits when no network read them: in the
// glyphs' form, or in the form of a reading with as many digits.
func (n *numberLine) composeFromGlyphs(digits string, rs []string) string {
	if gv := n.glyphValue(digits); gv != "" {
		return gv
	}
	for _, r := range rs {
		if len(digitsOf(r)) != len(digits) {
			continue
		}
		b := []byte(r)
		k := 0
		for i, c := range b {
			if c >= '0' && c <= '9' {
				b[i] = digits[k]
				k++
			}
		}
		return string(b)
	}
	return digits
}

// noteTaught counts the examples learnDigits will take from n, the next number line of the
// page (the same test and cap as learnDigits and digitBank.learn).
func (a *analysis) noteTaught(n *numberLine) {
	u := n.unanimous()
	if u == "" || !n.segOK {
		return
	}
	ds := digitsOf(u)
	if len(n.glyphDigits()) != len(ds) || len(ds) == 0 {
		return
	}
	for _, c := range ds {
		if d := c - '0'; a.taught[d] < bankPerDigit {
			a.taught[d]++
		}
	}
}

// taughtAll reports whether the page's digit shapes have at least enough examples of every
// digit of t.
func (a *analysis) taughtAll(t string, enough int) bool {
	for _, c := range digitsOf(t) {
		if a.taught[c-'0'] < enough {
			return false
		}
	}
	return true
}

// taughtAny reports whether some digit has at least enough examples.
func (a *analysis) taughtAny(enough int) bool {
	for _, c := range a.taught {
		if c >= enough {
			return true
		}
	}
	return false
}
