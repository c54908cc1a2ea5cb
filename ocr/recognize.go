package ocr

import (
	"fmt"
	"image"
	"math"
	"strings"
	"unicode"

	"github.com/budgetpdf/budgetpdf/extract"
)

// pageResult is everything recognised on one page, in the (possibly turned) page frame.
type pageResult struct {
	words  []extract.Word
	rules  []extract.Rule
	sealed []extract.Box // removed seal ink (sealRegions)
	turn   int           // quarter turns clockwise applied to the page frame
	notes  []string
	width  float64
	height float64
}

func (res *pageResult) apply(page *extract.Page) {
	page.Words = res.words
	page.Obscured = res.sealed
	if page.Verdict != extract.VerdictUndecodable || len(page.Rules) == 0 || res.turn != 0 {
		page.Rules = res.rules
	}
	if res.turn != 0 {
		page.Width, page.Height = res.width, res.height
		page.Rotate = (page.Rotate + 90*res.turn) % 360
	}
	page.Notes = append(page.Notes, res.notes...)
}

// frameTurn maps the upright frame of a W×H page to the frame turned clockwise by k
// quarter turns, and returns the turned frame's size.
func frameTurn(k int, w, h float64) (extract.Matrix, float64, float64) {
	switch ((k % 4) + 4) % 4 {
	case 1: // (x,y) → (H - y, x)
		return extract.Matrix{0, 1, -1, 0, h, 0}, h, w
	case 2:
		return extract.Matrix{-1, 0, 0, -1, w, h}, w, h
	case 3: // (x,y) → (y, W - x)
		return extract.Matrix{0, -1, 1, 0, 0, w}, h, w
	}
	return identity, w, h
}

// recognizePage reads every raster of a page.
func recognizePage(w *worker, page *extract.Page, rasters []raster) (*pageResult, error) {
	res := &pageResult{width: page.Width, height: page.Height}
	if res.width == 0 || res.height == 0 {
		// extract did not size the page (it should): fall back to the rasters' extent.
		for _, r := range rasters {
			b := r.toPage.Bounds(0, 0, float64(r.g.w), float64(r.g.h))
			res.width, res.height = math.Max(res.width, b.X1), math.Max(res.height, b.Y1)
		}
	}
	for i, r := range rasters {
		done := phase("prepare")
		a := prepare(r.g, r.toPage, r.dpi, true, w.settings())
		done()
		if i == 0 {
			done := phase("orientation")
			k, err := detectOrientation(w, a)
			done()
			if err != nil {
				return nil, err
			}
			if k != 0 {
				_, tw, th := frameTurn(k, res.width, res.height)
				res.turn, res.width, res.height = k, tw, th
				res.notes = append(res.notes, fmt.Sprintf("ocr: content printed rotated; page frame turned %d° clockwise to reading orientation (boxes are in the turned frame)", 90*k))
			}
		}
		if res.turn != 0 {
			// The turn is of the page as it was (before its frame was turned).
			pw, ph := res.height, res.width
			if res.turn == 2 {
				pw, ph = res.width, res.height
			}
			turn, _, _ := frameTurn(res.turn, pw, ph)
			done := phase("prepare")
			rg, inv := a.g.rotate90(res.turn)
			a = prepare(rg, inv.Mul(r.toPage).Mul(turn), r.dpi, false, w.settings())
			done()
		}
		if a.skew != 0 {
			res.notes = append(res.notes, fmt.Sprintf("ocr: %s deskewed by %.2f°", r.from, a.skew*180/math.Pi))
		}
		if a.faint {
			res.notes = append(res.notes, fmt.Sprintf("ocr: %s ruled in light grey: ruling lines found on lenient ink", r.from))
		}
		done = phase("cells")
		words, cellNums, err := readCells(w, a)
		done()
		if err != nil {
			return nil, err
		}
		done = phase("free text")
		free, freeNums, err := readFreeText(w, a)
		done()
		if err != nil {
			return nil, err
		}
		// The numbers of cells and of the free text share the page's digit shapes.
		done = phase("numbers: decide")
		numbers, err := decideNumbers(w, a, append(cellNums, freeNums...))
		done()
		if err != nil {
			return nil, err
		}
		res.words = append(res.words, words...)
		res.words = append(res.words, free...)
		res.words = append(res.words, numbers...)
		res.rules = append(res.rules, a.pageRules()...)
		res.sealed = append(res.sealed, a.sealRegions()...)
		cells := 0
		for _, tg := range a.grids {
			cells += len(tg.cells)
		}
		res.notes = append(res.notes, fmt.Sprintf("ocr: %s at %.0f dpi: %d ruled table(s), %d cells, %d words", r.from, r.dpi, len(a.grids), cells, len(words)+len(free)+len(numbers)))
		if a.secondFailed > 0 {
			res.notes = append(res.notes, fmt.Sprintf("ocr: %s: the second recogniser failed on %d text line(s), Tesseract's readings kept (first: %v)", r.from, a.secondFailed, a.secondErr))
		}
	}
	return res, nil
}

// pageRules maps the ruling lines to page rules.
func (a *analysis) pageRules() []extract.Rule {
	s := math.Sqrt(math.Abs(a.toPage[0]*a.toPage[3] - a.toPage[1]*a.toPage[2]))
	var out []extract.Rule
	for _, h := range a.rl.h {
		x0, y0 := a.toPage.Apply(float64(h.x0), h.center())
		x1, y1 := a.toPage.Apply(float64(h.x1), h.center())
		out = append(out, axisRule(x0, y0, x1, y1, float64(h.thick())*s))
	}
	for _, v := range a.rl.v {
		x0, y0 := a.toPage.Apply(v.center(), float64(v.x0))
		x1, y1 := a.toPage.Apply(v.center(), float64(v.x1))
		out = append(out, axisRule(x0, y0, x1, y1, float64(v.thick())*s))
	}
	return out
}

// axisRule makes an exactly horizontal or vertical rule from two mapped end points.
func axisRule(x0, y0, x1, y1, width float64) extract.Rule {
	if math.Abs(x1-x0) >= math.Abs(y1-y0) {
		y := (y0 + y1) / 2
		return extract.Rule{X0: math.Min(x0, x1), Y0: y, X1: math.Max(x0, x1), Y1: y, Width: width}
	}
	x := (x0 + x1) / 2
	return extract.Rule{X0: x, Y0: math.Min(y0, y1), X1: x, Y1: math.Max(y0, y1), Width: width}
}

// word builds a page word from a raster box.
func (a *analysis) word(text string, r image.Rectangle, conf float64) extract.Word {
	b := a.toPage.Bounds(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
	return extract.Word{
		Text: text, X0: b.X0, Y0: b.Y0, X1: b.X1, Y1: b.Y1,
		Font: "ocr", Size: math.Round((b.Y1-b.Y0)*10) / 10,
		Source: extract.SourceOCR, Confidence: math.Round(conf*1000) / 1000,
	}
}

// lineCrop cuts a text line out of the clean raster with a margin, scaled by factor
// (scaleFor: so that its text is about Settings.TargetHeight pixels high).
func (a *analysis) lineCrop(bd band, limit image.Rectangle, factor float64) *gray {
	m := max(2, int(a.dpi/75))
	r := bd.Inset(-m).Intersect(limit)
	if r.Empty() {
		r = bd
	}
	c := a.clean.crop(r)
	if factor != 1 {
		c = c.resize(factor)
	}
	return c.pad(12)
}

// scaleFor is the factor that brings text h pixels high to the target height.
func (s *Settings) scaleFor(h int) float64 {
	if h <= 0 {
		return 1
	}
	return math.Max(s.MinScale, math.Min(s.MaxScale, s.TargetHeight/float64(h)))
}

// readCells reads every text line of every cell. Lines of text become words at once;
// numbers are returned undecided: they are decided together with the page's other numbers
// (decideNumbers), when the page's own digit shapes are known.
func readCells(w *worker, a *analysis) ([]extract.Word, []*numberLine, error) {
	em := a.emHeight()
	var out []extract.Word
	var nums []*numberLine
	for _, tg := range a.grids {
		for _, c := range tg.cells {
			in := a.interior(c)
			if in.Empty() {
				continue
			}
			first := len(out)
			for _, bd := range textBands(a.b, in, em) {
				if inkCount(a.b, bd) < speckArea(a.dpi)*3 {
					continue
				}
				if float64(bd.Dy()) < 0.5*em && !dashShape(bd, em) {
					// Lower than any digit or glyph: seal remnants, a stroke of a line the
					// ruling missed. A dash ("no amount") is the one short mark kept.
					continue
				}
				if err := readLineInto(w, a, bd, in, em, &out, &nums); err != nil {
					return nil, nil, err
				}
			}
			fixWrap(out[first:])
		}
	}
	return out, nums, nil
}

// fixWrap repairs cleanText's 文出 → 支出 across a line break inside a cell: a name
// wrapped after 支 ("…彩票公益金支 / 出") is read "…文 / 出".
func fixWrap(ws []extract.Word) {
	for i := 0; i+1 < len(ws); i++ {
		if t := ws[i].Text; strings.HasSuffix(t, "文") && strings.HasPrefix(ws[i+1].Text, "出") {
			ws[i].Text = strings.TrimSuffix(t, "文") + "支"
		}
	}
}

// digitsReading is the digits model's reading of a line crop: rd when readNumberFirst has
// read it already, else one reading now.
func digitsReading(w *worker, crop *gray, rd *reading) (*reading, error) {
	if rd != nil {
		return rd, nil
	}
	done := phase("line: digits model")
	r, err := recognizeLine(w.digits, crop)
	done()
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// readLine recognises one text line of a cell: the text model first (lines with Chinese
// characters are text), then, for lines without, the digits model; a line that reads as a
// number is returned as a numberLine to be decided with the page's other numbers.
func readLine(w *worker, a *analysis, bd band, limit image.Rectangle, em float64) (*extract.Word, *numberLine, error) {
	f := w.settings().scaleFor(int(math.Max(float64(bd.Dy()), 0.75*em)))
	crop := a.lineCrop(bd, limit, f)
	n, rd, err := readNumberFirst(w, a, bd, limit, f, em, crop)
	if err != nil || n != nil {
		return nil, n, err
	}
	done := phase("line: text model")
	rt, err := recognizeLine(w.text, crop)
	done()
	if err != nil {
		return nil, nil, err
	}
	if latinGarbage(rt.text) {
		// chi_sim+eng sometimes reads a Chinese line as Latin letters; another scale
		// usually reads it as what it is.
		for _, g := range w.settings().LatinRescales {
			done := phase("line: latin rescales")
			alt, err := recognizeLine(w.text, a.lineCrop(bd, limit, f*g))
			done()
			if err != nil {
				return nil, nil, err
			}
			if hasHan([]rune(alt.text)) && alt.meanConf > 0.6 {
				rt = alt
				break
			}
		}
	}
	if han := hanCount(rt.text); han == 0 || han <= 1 && strings.ContainsAny(rt.text, "0123456789") {
		// Single-line mode (PSM 7): measured on the scanned fixtures' number lines it reads
		// 98% exactly where raw-line mode (PSM 13) drops leading 0s and 1s (71%).
		if rd, err = digitsReading(w, crop, rd); err != nil {
			return nil, nil, err
		}
		t3, d := cleanReading(rt.text), cleanReading(rd.text)
		if han == 1 && t3 == "" {
			// One Chinese character in a number the digits model reads cleanly is a speck
			// or a blot misread ("了75,225.04"): the rest is the text model's vote.
			if t := cleanReading(withoutHan(rt.text)); t != "" && normalizeNumber(t) == normalizeNumber(d) {
				t3, han = t, 0
			}
		}
		n := newNumberLine(a, bd, limit, f, []string{t3, d})
		_, shapeOK := numberShape(*rd, bd, em)
		isNumber := han == 0 && (shapeOK || t3 != "" && strings.ContainsAny(t3, "0123456789") && rt.meanConf >= 0.6)
		if isNumber {
			return nil, n, nil
		}
		// The ink decides where the networks garble a number ("与52" and "902" for 5952):
		// a line that cuts cleanly into digit glyphs is a number if the page's digit shapes
		// read every glyph (decided with the page's other numbers); else it is text.
		if n.segOK && len(n.glyphDigits()) > 0 {
			n.needShapes = true
			fb, err := readText(w, a, bd, limit, f, em, rt)
			if err != nil {
				return nil, nil, err
			}
			n.fallback = fb
			return nil, n, nil
		}
	} else if n := newNumberLine(a, bd, limit, f, nil); han <= 2 && n.segOK && len(n.glyphDigits()) > 0 {
		// The text model read Chinese ("和|/二" for 2175) where the ink cuts into digit
		// glyphs: the digits model reads it too, and the page's digit shapes decide at the
		// end — a number only if every glyph is a digit the page taught, else the text.
		if rd, err = digitsReading(w, crop, rd); err != nil {
			return nil, nil, err
		}
		n.readings, n.needShapes = []string{"", cleanReading(rd.text)}, true
		if n.fallback, err = readText(w, a, bd, limit, f, em, rt); err != nil {
			return nil, nil, err
		}
		return nil, n, nil
	}
	wd, err := readText(w, a, bd, limit, f, em, rt)
	return wd, nil, err
}

// readNumberFirst reads a line whose ink cuts into number glyphs with the digits model
// alone (issue 11: the text model costs about four digits readings, and most lines of these
// tables are amounts and codes). The line is a number, read once, when that reading is
// well formed, fills the ink the way digits do, has one digit per digit glyph, the sign the
// ink shows and every character at least Settings.FastNumberMinConf — and the page's
// digit shapes have enough examples of its digits: while any digit in it has fewer than
// Settings.FastNumberAfter examples from the lines before (a.taught), the line is read as
// before, by both networks, so that the shapes are learnt only from lines both agree on.
// A fast line is decided by the shapes (decide): where they read other digits or cannot
// tell, the text model reads it after all. Otherwise the reading (nil when the ink does
// not look like a number) goes back to readLine, which asks the text model as before.
func readNumberFirst(w *worker, a *analysis, bd band, limit image.Rectangle, f, em float64, crop *gray) (*numberLine, *reading, error) {
	set := w.settings()
	if set.FastNumberMinConf > 1 || !a.taughtAny(set.FastNumberAfter) {
		// Off, or no digit has enough examples yet: no line can be fast, and a digits
		// reading made now would be wasted on the Chinese lines that cut into digit-like
		// pieces (the number lines' readers make it as before).
		return nil, nil, nil
	}
	n := newNumberLine(a, bd, limit, f, nil)
	gd := n.glyphDigits()
	if !n.segOK || len(gd) == 0 {
		return nil, nil, nil
	}
	for _, g := range gd {
		// Chinese characters cut into pieces the cutter calls digits too ("单位" into
		// four); at least one of a line's is about as wide as high, where a figure of
		// these fonts is at most about 0.6 as wide: the text model reads such a line first,
		// as before, without a digits reading wasted on it.
		if 5*g.r.Dx() > 4*g.r.Dy() {
			return nil, nil, nil
		}
	}
	done := phase("line: digits model")
	rd, err := recognizeLine(w.digits, crop)
	done()
	if err != nil {
		return nil, nil, err
	}
	d := cleanReading(rd.text)
	inkMinus := n.glyphs[0].kind == glyphMinus
	if _, shapeOK := numberShape(rd, bd, em); !shapeOK || d == "" || len(digitsOf(d)) != len(gd) ||
		rd.minConf < set.FastNumberMinConf || strings.HasPrefix(d, "-") != inkMinus || !a.taughtAll(d, set.FastNumberAfter) {
		if debugFast != nil {
			debugFast(rd, gd, n)
		}
		return nil, &rd, nil
	}
	if debugFast != nil {
		debugFast(reading{text: "OK " + d, minConf: rd.minConf}, gd, n)
	}
	n.readings, n.fast = []string{d}, true
	return n, &rd, nil
}

// debugFast, when set (BenchmarkOCRPhases), sees every digits reading readNumberFirst makes:
// the accepted ones with their text prefixed "OK ".
var debugFast func(rd reading, gd []glyph, n *numberLine)

// readText makes a text word of a line the text client read as rt: a Chinese line read
// as Latin letters or not at all gets a second opinion (rescueText). nil when the line
// holds nothing worth keeping.
func readText(w *worker, a *analysis, bd band, limit image.Rectangle, f, em float64, rt reading) (*extract.Word, error) {
	if debugLine != nil {
		n := newNumberLine(a, bd, limit, 1, nil)
		debugLine(a, bd, "text", rt.text, rt, reading{text: fmt.Sprintf("glyphs %s %v", glyphPattern(n.glyphs), n.segOK)})
	}
	if rs, ok, err := secondReading(w, a, bd, limit); err != nil {
		// The optional recogniser failing on a line must not lose the page: Tesseract's
		// reading stands and the page's notes say so.
		if a.secondFailed++; a.secondErr == nil {
			a.secondErr = err
		}
	} else if ok {
		// The second recogniser's reading wins (Options.TextRecognizer); Tesseract's
		// rescues and re-readings are for its own misreadings.
		if text := cleanText(rs.text); text != "" && !isJunk(text, rs.meanConf) {
			wd := a.word(text, bd, rs.meanConf)
			return &wd, nil
		}
	}
	text := cleanText(rt.text)
	if text == "" || isJunk(text, rt.meanConf) || latinOnly(text) {
		done := phase("text: rescue")
		alt, err := rescueText(w, a, bd, limit, f, em)
		done()
		if err != nil {
			return nil, err
		}
		if alt.text != "" {
			rt, text = alt, cleanText(alt.text)
		}
	}
	if text == "" || isJunk(text, rt.meanConf) {
		return nil, nil
	}
	if hanCount(text) >= 2 && latinLetters(text) > 0 {
		// chi_sim+eng reads a Chinese glyph as Latin letters at some scales and not at
		// others ("（类）" read "(AQ)" at 1.29×, "〈类)" at 1.0× and 1.5×, changji
		// scan200 p36): another scale's reading wins when it has fewer Latin letters and
		// no fewer Chinese characters. Latin really printed reads the same at every scale.
		for _, g := range w.settings().LatinRescales {
			done := phase("text: latin rescales")
			alt, err := recognizeLine(w.text, a.lineCrop(bd, limit, f*g))
			done()
			if err != nil {
				return nil, err
			}
			at := cleanText(alt.text)
			if alt.meanConf > 0.6 && latinLetters(at) < latinLetters(text) && hanCount(at) >= hanCount(text) {
				rt, text = alt, at
				break
			}
		}
	}
	done := phase("text: reread doubtful")
	rr, ok, err := rereadDoubtful(w, a, bd, limit, f, rt, text)
	done()
	if err != nil {
		return nil, err
	}
	if ok {
		rt, text = rr, rr.text
	}
	conf := rt.meanConf
	if latinOnly(text) {
		conf = math.Min(conf, 0.5) // Latin letters in these tables are a misreading
	}
	wd := a.word(text, bd, conf)
	return &wd, nil
}

// latinOnly is a reading of Latin letters (and punctuation) without any Chinese character
// or digit: in these tables a misread Chinese line ("KA" for 大气, "HH:" for 其中：).
func latinOnly(t string) bool {
	letters := 0
	for _, r := range t {
		switch {
		case unicode.Is(unicode.Han, r), unicode.IsDigit(r):
			return false
		case r < 0x80 && unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 2
}

// latinLetters counts the ASCII letters of a reading.
func latinLetters(t string) int {
	n := 0
	for _, r := range t {
		if r < 0x80 && unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// rescueText reads a line the text client read as Latin garbage or not at all with the
// CJK-only client (line mode at two scales; a lone glyph in character mode) and returns
// the first reading with Chinese read confidently, or an empty reading.
func rescueText(w *worker, a *analysis, bd band, limit image.Rectangle, f, em float64) (reading, error) {
	c := w.cjkClient()
	if c == nil || inkCount(a.b, bd) < speckArea(a.dpi)*10 || float64(bd.Dy()) < 0.6*em {
		return reading{}, nil
	}
	tries := []struct {
		scale float64
		char  bool
	}{{f, false}, {f * 1.25, false}}
	if float64(bd.Dx()) <= 1.4*em {
		tries = append([]struct {
			scale float64
			char  bool
		}{{f, true}}, tries...)
	}
	for _, tr := range tries {
		crop := a.lineCrop(bd, limit, tr.scale)
		var r reading
		var err error
		if tr.char {
			r, err = recognizeChar(c, crop)
		} else {
			r, err = recognizeLine(c, crop)
		}
		if err != nil {
			return reading{}, err
		}
		if hasHan([]rune(r.text)) && r.meanConf > 0.6 {
			return r, nil
		}
	}
	return reading{}, nil
}

// withoutHan drops the Chinese characters of a reading.
func withoutHan(t string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) {
			return -1
		}
		return r
	}, t)
}

// hanCount counts the Chinese characters of a reading.
func hanCount(t string) int {
	n := 0
	for _, r := range t {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// latinGarbage is a reading of three or more Latin letters and no Chinese: in these
// documents' table cells and titles that is almost always a misread Chinese line.
func latinGarbage(t string) bool {
	letters := 0
	for _, r := range t {
		if unicode.Is(unicode.Han, r) {
			return false
		}
		if r < 0x80 && unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}

// dashShape is the shape of a printed dash: short, flat, no wider than two glyphs.
func dashShape(bd band, em float64) bool {
	return bd.Dx() <= int(2*em) && bd.Dy()*2 < bd.Dx()
}

// isJunk tells seal remnants, specks and stray marks read as text from real text: a
// line without any Chinese character that Tesseract reads with little confidence, or one
// of punctuation only.
func isJunk(text string, conf float64) bool {
	han, alnum := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			alnum++
		}
	}
	switch {
	case han > 0:
		return conf < 0.45
	case alnum == 0:
		return text != "-" && text != "—" && text != "－"
	default:
		return conf < 0.80
	}
}

// debugLine, when set (tests), sees every line decision.
var debugLine func(a *analysis, bd band, kind, text string, r1, r2 reading)

// trimSeparators drops separators hanging at either end of a reading ("560," — a speck or
// the cell's edge read as a comma); a leading minus stays.
func trimSeparators(t string) string {
	t = strings.TrimRight(t, ".,")
	if strings.HasPrefix(t, "-") {
		return "-" + strings.TrimLeft(t[1:], ".,")
	}
	return strings.TrimLeft(t, ".,")
}

// asciiDigits folds the text model's forms of digits and separators (full-width, O for 0,
// l/I/| for 1, ，for ,) to ASCII so its reading can vote on a number.
func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == 'O' || r == 'o':
			r = '0'
		case r == 'l' || r == 'I' || r == '|':
			r = '1'
		case r == '，' || r == '、':
			r = ','
		case r == '。' || r == '．':
			r = '.'
		case r == '－' || r == '—' || r == '–':
			r = '-'
		case r == ' ':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// numberShape decides whether a digits reading is a number printed in the cell: it must
// look like one and its characters must fill the line's ink the way digits do (CJK text
// read through a digits whitelist comes out as too few, too wide "digits").
func numberShape(rd reading, bd band, em float64) (string, bool) {
	t := trimSeparators(strings.ReplaceAll(rd.text, " ", ""))
	if t == "" || rd.meanConf < 0.45 {
		return "", false
	}
	if !numberPattern(t) {
		return "", false
	}
	// Digits are about half as wide as they are high, separators and a sign narrower; CJK
	// glyphs are square.
	digits, width := 0, 0.0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
			width++
		case r == '-':
			width += 0.7
		default:
			width += 0.5
		}
	}
	if digits == 0 {
		return t, t == "-" // a lone dash is "no amount"
	}
	perChar := float64(bd.Dx()) / width / math.Max(1, float64(bd.Dy()))
	if perChar > 1.1 {
		return "", false
	}
	return t, true
}

// numberPattern accepts the printed forms of amounts and codes: optional sign, digits with
// or without thousands separators, optional decimals.
func numberPattern(t string) bool {
	if t == "-" {
		return true
	}
	s := strings.TrimPrefix(t, "-")
	if s == "" {
		return false
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if hasDot && (frac == "" || strings.ContainsAny(frac, ".,-")) {
		return false
	}
	if intPart == "" || strings.Contains(intPart, "-") {
		return false
	}
	for _, g := range strings.Split(intPart, ",") {
		if g == "" {
			return false
		}
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == ',') })
}

// shapeConfidence caps the confidence of numbers whose printed form is irregular: wrong
// thousands grouping, or a separator where a decimal point should be — the typical
// signature of a misread.
func shapeConfidence(t string) float64 {
	s := strings.TrimPrefix(t, "-")
	intPart, _, _ := strings.Cut(s, ".")
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) > 3 {
			return 0.5
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0.5
			}
		}
	}
	return 1
}

// normalizeNumber compares two readings without the separators.
func normalizeNumber(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, " ", ""), ",", "")
}

// readFreeText reads the ink outside ruled tables (titles, 编制部门, 单位, notes, prose, and
// whole tables printed without ruling lines): text lines are found by the row profile,
// split at wide gaps into runs, runs taller than a line (a wrapped label beside one-line
// ones) into their lines, and adjacent numbers into one run each (freeSegments). Each run
// is read like a cell line (readLine): numbers are returned undecided, to be voted with
// the page's other numbers. Word boxes come from this segmentation, not from Tesseract's
// layout analysis, which read these pages worse; the tables stage aligns them.
// readLineInto reads one band with readLine and files the result: a number line for the
// page's digit vote, or a word.
func readLineInto(w *worker, a *analysis, bd, clip image.Rectangle, em float64, out *[]extract.Word, nums *[]*numberLine) error {
	wd, num, err := readLine(w, a, bd, clip, em)
	switch {
	case err != nil:
		return err
	case num != nil:
		a.noteTaught(num)
		*nums = append(*nums, num)
	case wd != nil:
		*out = append(*out, *wd)
	}
	return nil
}

func readFreeText(w *worker, a *analysis) ([]extract.Word, []*numberLine, error) {
	bm := a.b.clone()
	pad := max(3, int(a.dpi/60))
	for _, tg := range a.grids {
		r := tg.bounds.Inset(-pad).Intersect(image.Rect(0, 0, bm.w, bm.h))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			clear(bm.ink[y*bm.w+r.Min.X : y*bm.w+r.Max.X])
		}
	}
	em := a.emHeight()
	var out []extract.Word
	var nums []*numberLine
	full := image.Rect(0, 0, bm.w, bm.h)
	segs, err := a.freeSegments(w, bm, em)
	if err != nil {
		return nil, nil, err
	}
	for _, seg := range segs {
		if inkCount(bm, seg) < speckArea(a.dpi)*4 || seg.Dy() < 4 {
			continue
		}
		if err := readLineInto(w, a, seg, full, em, &out, &nums); err != nil {
			return nil, nil, err
		}
	}
	return out, nums, nil
}

// freeSegments cuts the ink of bm into the runs read as one line each.
func (a *analysis) freeSegments(w *worker, bm *bitmap, em float64) ([]band, error) {
	var out []band
	for _, line := range textBands(bm, image.Rect(0, 0, bm.w, bm.h), em) {
		// Runs are split at gaps wider than 1.5 band heights (a title's larger characters
		// are spaced wider). A band holding wrapped labels beside one-line ones is taller
		// than a line, so its labels stay in one run; cutting at the line height instead
		// split "单位：万元" at its colon on the Changsha scan.
		for _, run := range splitRuns(bm, line, 1.5*math.Max(float64(line.Dy()), 0.8*em)) {
			// A line band spans the page: where one column wraps its label over two lines
			// beside one-line labels, the band (and the run cut from it) holds both lines.
			for _, sub := range textBands(bm, run, em) {
				parts, err := a.splitNumbers(w, bm, sub, em)
				if err != nil {
					return nil, err
				}
				out = append(out, parts...)
			}
		}
	}
	return out, nil
}

// splitNumbers cuts a run where two numbers stand side by side: in a table without
// rules, right-aligned amounts of neighbouring columns can come within a few points of
// each other ("82,096,797.42 82,096,797.42"), closer than any gap that separates columns
// of text. A gap of a third of a line height is such a boundary when the ink on both sides
// cuts into number glyphs, the left piece ending in a digit and the right one starting
// with a digit or a minus: the gap before or after a comma or a decimal point (as wide in
// some fonts) stays inside its number. Chinese glyphs can cut into digit-like pieces too
// ("单位：万元"), so a piece is a number only if the text client reads no Chinese in it.
func (a *analysis) splitNumbers(w *worker, bm *bitmap, run band, em float64) ([]band, error) {
	pieces := splitRuns(bm, run, 0.3*em)
	if len(pieces) < 2 {
		return []band{run}, nil
	}
	full := image.Rect(0, 0, bm.w, bm.h)
	type ends struct{ ok, endsDigit, startsNumber bool }
	es := make([]ends, len(pieces))
	for i, p := range pieces {
		n := newNumberLine(a, p, full, 1, nil)
		if !n.segOK || len(n.glyphs) == 0 || len(n.glyphDigits()) == 0 {
			continue
		}
		first, last := n.glyphs[0].kind, n.glyphs[len(n.glyphs)-1].kind
		es[i] = ends{true, last == glyphDigit, first == glyphDigit || first == glyphMinus}
	}
	noHan := make([]int, len(pieces)) // 0 unknown, 1 no Chinese read, -1 Chinese read
	latinOnlyPiece := func(i int) (bool, error) {
		if noHan[i] == 0 {
			p := pieces[i]
			defer phase("free: split numbers")()
			rt, err := recognizeLine(w.text, a.lineCrop(p, full, w.settings().scaleFor(int(math.Max(float64(p.Dy()), 0.75*em)))))
			if err != nil {
				return false, err
			}
			noHan[i] = 1
			if hanCount(rt.text) > 0 {
				noHan[i] = -1
			}
		}
		return noHan[i] == 1, nil
	}
	out := []band{pieces[0]}
	for i := 1; i < len(pieces); i++ {
		split := es[i-1].ok && es[i].ok && es[i-1].endsDigit && es[i].startsNumber
		if split {
			l, err := latinOnlyPiece(i - 1)
			if err != nil {
				return nil, err
			}
			r, err := latinOnlyPiece(i)
			if err != nil {
				return nil, err
			}
			split = l && r
		}
		if split {
			out = append(out, pieces[i])
			continue
		}
		out[len(out)-1] = out[len(out)-1].Union(pieces[i])
	}
	return out, nil
}

// splitRuns cuts a text line at horizontal gaps wider than gap pixels and returns the
// runs' tight boxes.
func splitRuns(b *bitmap, line band, gap float64) []band {
	var out []band
	start, last := -1, -1
	for x := line.Min.X; x < line.Max.X; x++ {
		has := false
		for y := line.Min.Y; y < line.Max.Y; y++ {
			if b.ink[y*b.w+x] {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		if start >= 0 && float64(x-last-1) > gap {
			out = append(out, tighten(b, image.Rect(start, line.Min.Y, last+1, line.Max.Y)))
			start = -1
		}
		if start < 0 {
			start = x
		}
		last = x
	}
	if start >= 0 {
		out = append(out, tighten(b, image.Rect(start, line.Min.Y, last+1, line.Max.Y)))
	}
	return out
}

// tighten shrinks r to the ink inside it.
func tighten(b *bitmap, r image.Rectangle) image.Rectangle {
	x0, y0, x1, y1 := r.Max.X, r.Max.Y, r.Min.X, r.Min.Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if b.ink[y*b.w+x] {
				x0, x1 = min(x0, x), max(x1, x+1)
				y0, y1 = min(y0, y), max(y1, y+1)
			}
		}
	}
	if x1 <= x0 {
		return r
	}
	return image.Rect(x0, y0, x1, y1)
}
