package extract

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// glyph is one shown character code, positioned in the upright page frame.
type glyph struct {
	text     string
	box      Box
	ox, oy   float64 // origin (start of the advance on the baseline)
	ex, ey   float64 // end of the advance
	size     float64 // font size as drawn (points in the upright frame)
	font     *font
	dir      int // 0 left→right, 1 top→bottom, 2 right→left (upside down), 3 bottom→top
	seq      int // content order
	ok       bool
	inv      bool // rendering mode 3 or 7
	vertical bool // vertical writing mode font
}

type gstate struct {
	ctm       Matrix
	lineWidth float64
	font      *font
	fontSize  float64
	tc, tw    float64
	th        float64 // horizontal scaling, 1 = 100%
	tl, ts    float64
	tr        int
	strokeW   bool // stroke colour is white
	fillW     bool // fill colour is white
	strokeCS  int  // components of the stroke colour space (1 gray, 3 rgb, 4 cmyk, 0 other)
	fillCS    int
	// clip is the bounding box of the clipping region (upright frame). Non-rectangular clips
	// are approximated by their bounding box, so nothing visible is ever dropped.
	clip Box
}

type pathSeg struct {
	x0, y0, x1, y1 float64
	curve          bool
}

type subpath struct {
	segs           []pathSeg
	sx, sy         float64 // start point
	cx, cy         float64 // current point
	closed, isRect bool
}

// resources caches what a resource dictionary resolves to, because ledongthuc/pdf re-reads
// an indirect object from the file (and re-inflates its object stream) at every access.
type resources struct {
	v        pdf.Value
	ref      objRef
	fontDict *pdf.Value // the /Font dictionary, resolved once
	fonts    map[string]*font
	xobjects map[string]pdf.Value
	gstates  map[string]*extGState
}

// extGState is what the interpreter uses from an ExtGState dictionary.
type extGState struct {
	lineWidth  *float64
	font       *font
	fontSize   float64
	hasFontSet bool
}

type interp struct {
	file  *File
	gs    gstate
	stack []gstate
	tm    Matrix
	tlm   Matrix

	path []subpath

	glyphs  []glyph
	clipped []glyph // glyphs drawn entirely outside the clipping region (invisible)
	rules   []Rule
	// pendingClip is set by W/W*: the path becomes a clip when it is next painted.
	pendingClip bool
	images      []Image
	notes       map[string]int

	formDepth int
	formStack []objRef
	ops       []operand

	// Page budgets (limits.go): operators executed, content bytes decoded, forms read once.
	opCount      int
	formDraws    int
	contentBytes int64
	forms        map[objRef][]byte
	stop         error // a budget ran out: the page fails with it
}

const (
	maxFormDepth   = 12
	maxOperands    = 1 << 16
	maxGlyphs      = 1 << 18 // a dense A3 table page shows ≈ 40000; each glyph costs ≈ 300 bytes
	maxPathSegs    = 1 << 22
	maxRuleThick   = 3.0 // thicker filled rectangles are shading, not rules
	minRuleLength  = 1.0
	straightSlopeT = 0.02 // a segment is horizontal/vertical when off-axis by < 2%
)

func (in *interp) note(format string, args ...any) {
	if in.notes == nil {
		in.notes = map[string]int{}
	}
	in.notes[fmt.Sprintf(format, args...)]++
}

func newResources(v pdf.Value) *resources {
	return &resources{v: v, ref: refOf(v), fonts: map[string]*font{}, xobjects: map[string]pdf.Value{}, gstates: map[string]*extGState{}}
}

// run interprets one content stream with the given resources.
func (in *interp) run(data []byte, res *resources) {
	l := &lexer{data: data}
	ops := in.ops[:0]
	for in.stop == nil {
		t := l.next()
		if t.kind == tokEOF {
			break
		}
		if t.kind == tokOp {
			if in.opCount++; in.opCount > maxPageOps {
				in.stop = limitErr("operators per page", "the page draws more than %d operators", maxPageOps)
				break
			}
		}
		if t.kind != tokOp {
			if len(ops) < maxOperands {
				ops = append(ops, t)
			}
			continue
		}
		if t.str == "BI" {
			d := l.inlineImage()
			in.inlineImage(d)
			ops = ops[:0]
			continue
		}
		in.op(t.str, ops, res)
		ops = ops[:0]
	}
	in.ops = ops
}

func num(ops []operand, i int) float64 {
	if i >= 0 && i < len(ops) && ops[i].kind == tokNum {
		return ops[i].num
	}
	return 0
}

// nums returns the last n operands as numbers, or false when they are not all numbers.
func nums(ops []operand, n int) ([]float64, bool) {
	if len(ops) < n {
		return nil, false
	}
	ops = ops[len(ops)-n:]
	out := make([]float64, n)
	for i, o := range ops {
		if o.kind != tokNum {
			return nil, false
		}
		out[i] = o.num
	}
	return out, true
}

func (in *interp) op(op string, ops []operand, res *resources) {
	gs := &in.gs
	switch op {
	// Graphics state.
	case "q":
		if len(in.stack) < 1024 {
			in.stack = append(in.stack, *gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(ops, 6); ok {
			m := Matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.Mul(gs.ctm)
			if m.valid() {
				gs.ctm = m
			}
		}
	case "w":
		if v, ok := nums(ops, 1); ok {
			gs.lineWidth = math.Abs(v[0])
		}
	case "gs":
		if len(ops) > 0 && ops[len(ops)-1].kind == tokName {
			in.extGState(ops[len(ops)-1].str, res)
		}
	// Colour: only whether it is white matters (white strokes and fills are not rules).
	case "G":
		gs.strokeW, gs.strokeCS = num(ops, len(ops)-1) >= 0.999, 1
	case "g":
		gs.fillW, gs.fillCS = num(ops, len(ops)-1) >= 0.999, 1
	case "RG":
		if v, ok := nums(ops, 3); ok {
			gs.strokeW, gs.strokeCS = v[0] >= 0.999 && v[1] >= 0.999 && v[2] >= 0.999, 3
		}
	case "rg":
		if v, ok := nums(ops, 3); ok {
			gs.fillW, gs.fillCS = v[0] >= 0.999 && v[1] >= 0.999 && v[2] >= 0.999, 3
		}
	case "K":
		if v, ok := nums(ops, 4); ok {
			gs.strokeW, gs.strokeCS = v[0] <= 0.001 && v[1] <= 0.001 && v[2] <= 0.001 && v[3] <= 0.001, 4
		}
	case "k":
		if v, ok := nums(ops, 4); ok {
			gs.fillW, gs.fillCS = v[0] <= 0.001 && v[1] <= 0.001 && v[2] <= 0.001 && v[3] <= 0.001, 4
		}
	case "CS":
		gs.strokeW, gs.strokeCS = false, csComponents(ops)
	case "cs":
		gs.fillW, gs.fillCS = false, csComponents(ops)
	case "SC", "SCN":
		gs.strokeW = isWhiteColor(gs.strokeCS, ops)
	case "sc", "scn":
		gs.fillW = isWhiteColor(gs.fillCS, ops)

	// Paths.
	case "m":
		if v, ok := nums(ops, 2); ok {
			x, y := gs.ctm.Apply(v[0], v[1])
			in.path = append(in.path, subpath{sx: x, sy: y, cx: x, cy: y})
		}
	case "l":
		if v, ok := nums(ops, 2); ok {
			x, y := gs.ctm.Apply(v[0], v[1])
			in.lineTo(x, y, false)
		}
	case "c":
		if v, ok := nums(ops, 6); ok {
			x, y := gs.ctm.Apply(v[4], v[5])
			in.lineTo(x, y, true)
		}
	case "v", "y":
		if v, ok := nums(ops, 4); ok {
			x, y := gs.ctm.Apply(v[2], v[3])
			in.lineTo(x, y, true)
		}
	case "h":
		in.closePath()
	case "re":
		if v, ok := nums(ops, 4); ok {
			x, y, w, h := v[0], v[1], v[2], v[3]
			p := subpath{isRect: true, closed: true}
			pts := [5][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, {x, y}}
			for i := range pts {
				pts[i][0], pts[i][1] = gs.ctm.Apply(pts[i][0], pts[i][1])
			}
			p.sx, p.sy = pts[0][0], pts[0][1]
			for i := 0; i < 4; i++ {
				p.segs = append(p.segs, pathSeg{x0: pts[i][0], y0: pts[i][1], x1: pts[i+1][0], y1: pts[i+1][1]})
			}
			p.cx, p.cy = p.sx, p.sy
			if len(in.path) < maxPathSegs {
				in.path = append(in.path, p)
			}
		}
	case "S":
		in.paint(true, false)
	case "s":
		in.closePath()
		in.paint(true, false)
	case "f", "F", "f*":
		in.paint(false, true)
	case "B", "B*":
		in.paint(true, true)
	case "b", "b*":
		in.closePath()
		in.paint(true, true)
	case "n":
		in.applyClip()
		in.path = in.path[:0]
	case "W", "W*":
		// The clip takes effect at the painting operator that follows (normally n); a
		// clipping path is not a rule.
		in.pendingClip = true

	// Text.
	case "BT":
		in.tm, in.tlm = identity, identity
	case "ET":
	case "Tc":
		gs.tc = num(ops, len(ops)-1)
	case "Tw":
		gs.tw = num(ops, len(ops)-1)
	case "Tz":
		gs.th = num(ops, len(ops)-1) / 100
	case "TL":
		gs.tl = num(ops, len(ops)-1)
	case "Ts":
		gs.ts = num(ops, len(ops)-1)
	case "Tr":
		gs.tr = int(num(ops, len(ops)-1))
	case "Tf":
		if len(ops) >= 2 && ops[len(ops)-2].kind == tokName {
			gs.font = in.font(ops[len(ops)-2].str, res)
			gs.fontSize = num(ops, len(ops)-1)
		}
	case "Td":
		if v, ok := nums(ops, 2); ok {
			in.tlm = Matrix{1, 0, 0, 1, v[0], v[1]}.Mul(in.tlm)
			in.tm = in.tlm
		}
	case "TD":
		if v, ok := nums(ops, 2); ok {
			gs.tl = -v[1]
			in.tlm = Matrix{1, 0, 0, 1, v[0], v[1]}.Mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := nums(ops, 6); ok {
			m := Matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			if m.valid() {
				in.tm, in.tlm = m, m
			}
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(ops) > 0 && ops[len(ops)-1].kind == tokString {
			in.show(ops[len(ops)-1].str)
		}
	case "'":
		in.nextLine()
		if len(ops) > 0 && ops[len(ops)-1].kind == tokString {
			in.show(ops[len(ops)-1].str)
		}
	case "\"":
		if len(ops) >= 3 {
			gs.tw = num(ops, len(ops)-3)
			gs.tc = num(ops, len(ops)-2)
		}
		in.nextLine()
		if len(ops) > 0 && ops[len(ops)-1].kind == tokString {
			in.show(ops[len(ops)-1].str)
		}
	case "TJ":
		if len(ops) > 0 && ops[len(ops)-1].kind == tokArray {
			for _, e := range ops[len(ops)-1].arr {
				switch e.kind {
				case tokString:
					in.show(e.str)
				case tokNum:
					in.kern(e.num)
				}
			}
		}

	// XObjects.
	case "Do":
		if len(ops) > 0 && ops[len(ops)-1].kind == tokName {
			in.doXObject(ops[len(ops)-1].str, res)
		}
	case "d0", "d1":
		// Only inside Type3 glyph procedures, which are not executed.
	}
}

func csComponents(ops []operand) int {
	if len(ops) == 0 || ops[len(ops)-1].kind != tokName {
		return 0
	}
	switch ops[len(ops)-1].str {
	case "DeviceGray", "CalGray", "G":
		return 1
	case "DeviceRGB", "CalRGB", "RGB":
		return 3
	case "DeviceCMYK", "CMYK":
		return 4
	}
	return 0
}

func isWhiteColor(cs int, ops []operand) bool {
	v, ok := nums(ops, cs)
	if !ok || cs == 0 {
		return false
	}
	switch cs {
	case 1:
		return v[0] >= 0.999
	case 3:
		return v[0] >= 0.999 && v[1] >= 0.999 && v[2] >= 0.999
	case 4:
		return v[0] <= 0.001 && v[1] <= 0.001 && v[2] <= 0.001 && v[3] <= 0.001
	}
	return false
}

func (in *interp) lineTo(x, y float64, curve bool) {
	if len(in.path) == 0 {
		in.path = append(in.path, subpath{sx: x, sy: y, cx: x, cy: y})
		return
	}
	p := &in.path[len(in.path)-1]
	if len(p.segs) >= maxPathSegs {
		return
	}
	p.segs = append(p.segs, pathSeg{x0: p.cx, y0: p.cy, x1: x, y1: y, curve: curve})
	p.cx, p.cy = x, y
	p.isRect = false
}

func (in *interp) closePath() {
	if len(in.path) == 0 {
		return
	}
	p := &in.path[len(in.path)-1]
	if p.closed {
		return
	}
	if p.cx != p.sx || p.cy != p.sy {
		p.segs = append(p.segs, pathSeg{x0: p.cx, y0: p.cy, x1: p.sx, y1: p.sy})
	}
	p.closed = true
	p.cx, p.cy = p.sx, p.sy
}

// paint turns the current path into ruling segments: straight horizontal/vertical strokes,
// and filled rectangles thin enough to be lines.
func (in *interp) paint(stroke, fill bool) {
	defer func() {
		in.applyClip()
		in.path = in.path[:0]
	}()
	lw := in.gs.lineWidth * in.gs.ctm.scale()
	for i := range in.path {
		p := &in.path[i]
		if fill && !in.gs.fillW {
			x0, y0, x1, y1, ok := rectOf(p)
			if !ok {
				x0, y0, x1, y1, ok = thinPolygon(p)
			}
			if ok {
				w, h := x1-x0, y1-y0
				switch {
				case h <= maxRuleThick && w > h && w >= minRuleLength:
					in.addRule(Rule{X0: x0, Y0: (y0 + y1) / 2, X1: x1, Y1: (y0 + y1) / 2, Width: h})
					continue
				case w <= maxRuleThick && h > w && h >= minRuleLength:
					in.addRule(Rule{X0: (x0 + x1) / 2, Y0: y0, X1: (x0 + x1) / 2, Y1: y1, Width: w})
					continue
				}
			}
		}
		if stroke && !in.gs.strokeW {
			for _, s := range p.segs {
				if s.curve {
					continue
				}
				in.strokeSeg(s, lw)
			}
		}
	}
}

func (in *interp) strokeSeg(s pathSeg, lw float64) {
	dx, dy := s.x1-s.x0, s.y1-s.y0
	switch {
	case math.Abs(dy) <= straightSlopeT*math.Abs(dx) && math.Abs(dx) >= minRuleLength:
		y := (s.y0 + s.y1) / 2
		in.addRule(Rule{X0: math.Min(s.x0, s.x1), Y0: y, X1: math.Max(s.x0, s.x1), Y1: y, Width: lw})
	case math.Abs(dx) <= straightSlopeT*math.Abs(dy) && math.Abs(dy) >= minRuleLength:
		x := (s.x0 + s.x1) / 2
		in.addRule(Rule{X0: x, Y0: math.Min(s.y0, s.y1), X1: x, Y1: math.Max(s.y0, s.y1), Width: lw})
	}
}

func (in *interp) addRule(r Rule) {
	c := in.gs.clip
	const tol = 1.0
	if r.Y0 == r.Y1 {
		if r.Y0 < c.Y0-tol || r.Y0 > c.Y1+tol {
			return
		}
		r.X0, r.X1 = math.Max(r.X0, c.X0), math.Min(r.X1, c.X1)
		if r.X1-r.X0 < minRuleLength {
			return
		}
	} else {
		if r.X0 < c.X0-tol || r.X0 > c.X1+tol {
			return
		}
		r.Y0, r.Y1 = math.Max(r.Y0, c.Y0), math.Min(r.Y1, c.Y1)
		if r.Y1-r.Y0 < minRuleLength {
			return
		}
	}
	if len(in.rules) < maxPathSegs {
		in.rules = append(in.rules, r)
	}
}

// applyClip intersects the clip with the current path's bounding box after W/W*.
func (in *interp) applyClip() {
	if !in.pendingClip {
		return
	}
	in.pendingClip = false
	b := Box{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, p := range in.path {
		pts := [][2]float64{{p.sx, p.sy}}
		for _, s := range p.segs {
			pts = append(pts, [2]float64{s.x1, s.y1})
		}
		for _, q := range pts {
			b.X0, b.X1 = math.Min(b.X0, q[0]), math.Max(b.X1, q[0])
			b.Y0, b.Y1 = math.Min(b.Y0, q[1]), math.Max(b.Y1, q[1])
		}
	}
	if math.IsInf(b.X0, 0) {
		return // an empty clipping path: leave the clip alone rather than hide everything
	}
	c := &in.gs.clip
	c.X0, c.Y0 = math.Max(c.X0, b.X0), math.Max(c.Y0, b.Y0)
	c.X1, c.Y1 = math.Min(c.X1, b.X1), math.Min(c.Y1, b.Y1)
}

// visible reports whether a glyph box is inside the clip: its centre must be.
func (in *interp) visible(b Box) bool {
	c := in.gs.clip
	cx, cy := (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
	return cx >= c.X0 && cx <= c.X1 && cy >= c.Y0 && cy <= c.Y1
}

// rectOf recognises an axis-aligned rectangle (from re, or four straight segments).
func rectOf(p *subpath) (x0, y0, x1, y1 float64, ok bool) {
	if len(p.segs) < 3 || len(p.segs) > 5 {
		return
	}
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for _, s := range p.segs {
		if s.curve {
			return 0, 0, 0, 0, false
		}
		if math.Abs(s.x1-s.x0) > 0.01 && math.Abs(s.y1-s.y0) > 0.01 {
			return 0, 0, 0, 0, false // diagonal
		}
		x0, x1 = math.Min(x0, math.Min(s.x0, s.x1)), math.Max(x1, math.Max(s.x0, s.x1))
		y0, y1 = math.Min(y0, math.Min(s.y0, s.y1)), math.Max(y1, math.Max(s.y0, s.y1))
	}
	return x0, y0, x1, y1, true
}

// thinPolygon recognises a filled polygon drawn as a line: a few straight segments whose
// bounding box is at most maxRuleThick thick, with an axis-parallel edge running (nearly)
// its whole length. Some producers (Guangzhou's template) draw every cell border as such a
// quadrilateral with mitred ends (`798 42.41 m 42 42.41 l 42 43.16 l 797.25 43.16 l h f`),
// which is not a rectangle.
func thinPolygon(p *subpath) (x0, y0, x1, y1 float64, ok bool) {
	if len(p.segs) < 3 || len(p.segs) > 8 {
		return
	}
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for _, s := range p.segs {
		if s.curve {
			return 0, 0, 0, 0, false
		}
		x0, x1 = math.Min(x0, math.Min(s.x0, s.x1)), math.Max(x1, math.Max(s.x0, s.x1))
		y0, y1 = math.Min(y0, math.Min(s.y0, s.y1)), math.Max(y1, math.Max(s.y0, s.y1))
	}
	w, h := x1-x0, y1-y0
	if math.Min(w, h) > maxRuleThick {
		return 0, 0, 0, 0, false
	}
	long := math.Max(w, h)
	for _, s := range p.segs {
		dx, dy := math.Abs(s.x1-s.x0), math.Abs(s.y1-s.y0)
		if w >= h && dy <= straightSlopeT*dx && dx >= 0.8*long || h > w && dx <= straightSlopeT*dy && dy >= 0.8*long {
			return x0, y0, x1, y1, true
		}
	}
	return 0, 0, 0, 0, false
}

func (in *interp) nextLine() {
	in.tlm = Matrix{1, 0, 0, 1, 0, -in.gs.tl}.Mul(in.tlm)
	in.tm = in.tlm
}

func (in *interp) kern(k float64) {
	gs := &in.gs
	if gs.font != nil && gs.font.vertical {
		in.tm = Matrix{1, 0, 0, 1, 0, -k / 1000 * gs.fontSize}.Mul(in.tm)
		return
	}
	in.tm = Matrix{1, 0, 0, 1, -k / 1000 * gs.fontSize * gs.th, 0}.Mul(in.tm)
}

// show draws a string with the current font.
func (in *interp) show(s string) {
	gs := &in.gs
	f := gs.font
	if f == nil {
		f = missingFont
		in.note("text drawn without a font")
	}
	if f.problem != "" {
		in.note("%s", f.problem)
	}
	if f.type3 {
		in.note("Type3 font %s (glyph procedures not interpreted)", f.name)
	}
	fs, th := gs.fontSize, gs.th
	inv := gs.tr == 3 || gs.tr == 7
	f.decode(s, func(g glyphCode) {
		if len(in.glyphs)+len(in.clipped) >= maxGlyphs {
			if in.stop == nil {
				in.stop = limitErr("glyphs per page", "the page shows more than %d characters", maxGlyphs)
			}
			return
		}
		if f.vertical {
			in.showVertical(f, g, fs, inv)
			return
		}
		adv := (g.width*fs + gs.tc)
		if g.space {
			adv += gs.tw
		}
		adv *= th
		trm := Matrix{1, 0, 0, 1, 0, gs.ts}.Mul(in.tm).Mul(gs.ctm)
		// Box: the glyph's own advance by ascent..descent; character and word spacing are
		// space between glyphs, not part of them (as pdftotext).
		boxW := g.width * fs * th
		asc, desc := f.ascent*fs, f.descent*fs
		ox, oy := trm.Apply(0, 0)
		ex, ey := trm.Apply(boxW, 0)
		bx := trm.Bounds(0, desc, boxW, asc)
		dx, dy := trm.applyDelta(1, 0)
		ux, uy := trm.applyDelta(0, 1)
		size := math.Hypot(ux, uy) * fs
		in.addGlyph(glyph{
			text: g.text, box: bx, ox: ox, oy: oy, ex: ex, ey: ey, size: size, font: f,
			dir: direction(dx, dy), seq: len(in.glyphs), ok: g.ok, inv: inv,
		})
		in.tm = Matrix{1, 0, 0, 1, adv, 0}.Mul(in.tm)
	})
}

func (in *interp) showVertical(f *font, g glyphCode, fs float64, inv bool) {
	gs := &in.gs
	// Vertical writing: glyphs hang below the origin, centred horizontally; advance down.
	adv := fs + gs.tc
	if g.space {
		adv += gs.tw
	}
	trm := in.tm.Mul(gs.ctm)
	half := g.width * fs / 2
	bx := trm.Bounds(-half, -adv, half, 0)
	ox, oy := trm.Apply(0, 0)
	ex, ey := trm.Apply(0, -adv)
	dx, dy := trm.applyDelta(0, -1)
	size := math.Hypot(trm[0], trm[1]) * fs
	in.addGlyph(glyph{
		text: g.text, box: bx, ox: ox, oy: oy, ex: ex, ey: ey, size: size, font: f,
		dir: direction(dx, dy), seq: len(in.glyphs), ok: g.ok, inv: inv, vertical: true,
	})
	in.tm = Matrix{1, 0, 0, 1, 0, -adv}.Mul(in.tm)
}

func (in *interp) addGlyph(g glyph) {
	if !in.visible(g.box) {
		in.clipped = append(in.clipped, g) // bounded with in.glyphs by maxGlyphs
		return
	}
	in.glyphs = append(in.glyphs, g)
}

func direction(dx, dy float64) int {
	if math.Abs(dx) >= math.Abs(dy) {
		if dx >= 0 {
			return 0
		}
		return 2
	}
	if dy > 0 {
		return 1
	}
	return 3
}

// missingFont stands in when text is drawn before any Tf (or the font cannot load).
var missingFont = &font{name: "(none)", dw: 0.5, missing: 0.5, ascent: 0.95, descent: -0.35, problem: "font missing or unreadable"}

func (in *interp) font(name string, res *resources) *font {
	if f, ok := res.fonts[name]; ok {
		return f
	}
	if res.fontDict == nil {
		d := res.v.Key("Font")
		res.fontDict = &d
	}
	ref, isRef := rawRef(*res.fontDict, name)
	if isRef {
		in.file.mu.Lock()
		f, ok := in.file.byRef[ref]
		in.file.mu.Unlock()
		if ok {
			res.fonts[name] = f
			return f
		}
	}
	fv := res.fontDict.Key(name)
	var f *font
	if fv.Kind() != pdf.Dict {
		in.note("font /%s not found in resources", name)
		f = missingFont
	} else {
		f = in.file.fontFor(fv, res.ref, name, func(err error) { in.note("%v", err) })
	}
	if isRef && f != missingFont {
		in.file.mu.Lock()
		in.file.byRef[ref] = f
		in.file.mu.Unlock()
	}
	res.fonts[name] = f
	return f
}

func (in *interp) extGState(name string, res *resources) {
	e, ok := res.gstates[name]
	if !ok {
		e = &extGState{}
		g := res.v.Key("ExtGState").Key(name)
		if g.Kind() == pdf.Dict {
			if lw := g.Key("LW"); lw.Kind() == pdf.Integer || lw.Kind() == pdf.Real {
				w := math.Abs(lw.Float64())
				e.lineWidth = &w
			}
			if fa := g.Key("Font"); fa.Kind() == pdf.Array && fa.Len() == 2 {
				if fv := fa.Index(0); fv.Kind() == pdf.Dict {
					e.font = in.file.fontFor(fv, refOf(fv), "", func(err error) { in.note("%v", err) })
					e.fontSize = fa.Index(1).Float64()
					e.hasFontSet = true
				}
			}
		}
		res.gstates[name] = e
	}
	if e.lineWidth != nil {
		in.gs.lineWidth = *e.lineWidth
	}
	if e.hasFontSet {
		in.gs.font, in.gs.fontSize = e.font, e.fontSize
	}
}

func (in *interp) doXObject(name string, res *resources) {
	xo, ok := res.xobjects[name]
	if !ok {
		xo = res.v.Key("XObject").Key(name)
		res.xobjects[name] = xo
	}
	if xo.Kind() != pdf.Stream {
		in.note("XObject /%s not found", name)
		return
	}
	switch xo.Key("Subtype").Name() {
	case "Image":
		in.addImage(name, xo)
	case "Form":
		in.doForm(name, xo, res)
	}
}

func (in *interp) addImage(name string, xo pdf.Value) {
	m := in.gs.ctm
	bx := m.Bounds(0, 0, 1, 1)
	filter := ""
	switch fv := xo.Key("Filter"); fv.Kind() {
	case pdf.Name:
		filter = fv.Name()
	case pdf.Array:
		if n := fv.Len(); n > 0 {
			filter = fv.Index(n - 1).Name()
		}
	}
	ref := refOf(xo)
	in.images = append(in.images, Image{
		X0: bx.X0, Y0: bx.Y0, X1: bx.X1, Y1: bx.Y1, Name: name, ObjNum: int(ref.num), Filter: filter,
		PixelWidth: int(xo.Key("Width").Int64()), PixelHeight: int(xo.Key("Height").Int64()),
		Matrix: [6]float64(m),
	})
}

func (in *interp) inlineImage(d operand) {
	m := in.gs.ctm
	bx := m.Bounds(0, 0, 1, 1)
	get := func(keys ...string) operand {
		for _, k := range keys {
			if v, ok := d.dictGet(k); ok {
				return v
			}
		}
		return operand{}
	}
	filter := ""
	switch fv := get("Filter", "F"); fv.kind {
	case tokName:
		filter = expandInlineFilter(fv.str)
	case tokArray:
		if n := len(fv.arr); n > 0 {
			filter = expandInlineFilter(fv.arr[n-1].str)
		}
	}
	in.images = append(in.images, Image{
		X0: bx.X0, Y0: bx.Y0, X1: bx.X1, Y1: bx.Y1, Name: "(inline)", Filter: filter,
		PixelWidth: int(get("Width", "W").num), PixelHeight: int(get("Height", "H").num),
		Matrix: [6]float64(m),
	})
}

func expandInlineFilter(s string) string {
	switch s {
	case "AHx":
		return "ASCIIHexDecode"
	case "A85":
		return "ASCII85Decode"
	case "LZW":
		return "LZWDecode"
	case "Fl":
		return "FlateDecode"
	case "RL":
		return "RunLengthDecode"
	case "CCF":
		return "CCITTFaxDecode"
	case "DCT":
		return "DCTDecode"
	}
	return s
}

func (in *interp) doForm(name string, xo pdf.Value, res *resources) {
	ref := refOf(xo)
	if in.formDepth >= maxFormDepth {
		in.note("Form XObjects nested deeper than %d: /%s skipped", maxFormDepth, name)
		return
	}
	for _, r := range in.formStack {
		if r == ref && ref.num != 0 {
			in.note("Form XObject /%s draws itself: skipped", name)
			return
		}
	}
	if in.formDraws++; in.formDraws > maxFormDraws {
		in.stop = limitErr("Form XObjects drawn per page", "the page draws Form XObjects more than %d times", maxFormDraws)
		return
	}
	// A form drawn many times is decoded once (ref 0: a direct object, not shared).
	data, ok := in.forms[ref]
	if !ok || ref.num == 0 {
		var err error
		data, err = readStreamLimit(xo, maxPageContent-in.contentBytes)
		if le := (*LimitError)(nil); errors.As(err, &le) {
			in.stop = limitErr("content bytes per page", "Form XObject /%s: the page's content decodes to more than %d MiB", name, maxPageContent>>20)
			return
		}
		if err != nil {
			in.note("Form XObject /%s unreadable: %v", name, err)
			return
		}
		in.contentBytes += int64(len(data))
		if in.forms == nil {
			in.forms = map[objRef][]byte{}
		}
		in.forms[ref] = data
	}
	sub := res
	if r := xo.Key("Resources"); r.Kind() == pdf.Dict {
		sub = in.file.resourcesFor(r)
	}
	saved, savedStack := in.gs, len(in.stack)
	savedTm, savedTlm := in.tm, in.tlm
	if fm := xo.Key("Matrix"); fm.Len() == 6 {
		var m Matrix
		for i := range m {
			m[i] = fm.Index(i).Float64()
		}
		if m.valid() {
			in.gs.ctm = m.Mul(in.gs.ctm)
		}
	}
	if bb, ok := rectValue(xo.Key("BBox")); ok {
		b := in.gs.ctm.Bounds(bb[0], bb[1], bb[2], bb[3])
		c := &in.gs.clip
		c.X0, c.Y0 = math.Max(c.X0, b.X0), math.Max(c.Y0, b.Y0)
		c.X1, c.Y1 = math.Min(c.X1, b.X1), math.Min(c.Y1, b.Y1)
	}
	in.formDepth++
	in.formStack = append(in.formStack, ref)
	in.path = in.path[:0]
	in.run(data, sub)
	in.formStack = in.formStack[:len(in.formStack)-1]
	in.formDepth--
	in.gs = saved
	in.stack = in.stack[:min(savedStack, len(in.stack))]
	in.tm, in.tlm = savedTm, savedTlm
}

// notesList renders the collected notes, most frequent first in insertion-independent order.
func (in *interp) notesList() []string {
	var out []string
	for n, c := range in.notes {
		if c > 1 {
			out = append(out, fmt.Sprintf("%s (×%d)", n, c))
		} else {
			out = append(out, n)
		}
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && strings.Compare(s[j-1], s[j]) > 0; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}
