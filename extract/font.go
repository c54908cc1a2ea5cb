package extract

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// font is what the interpreter needs from a PDF font: how to split a string into codes, the
// advance width of each code, its Unicode text, and the vertical extent of its glyphs.
type font struct {
	name      string // BaseFont without the subset tag, GBK names decoded
	subtype   string // Type0, TrueType, Type1, Type3, ...
	composite bool

	// Composite fonts: the encoding CMap splits strings into codes and maps codes to CIDs.
	enc      *cmap  // embedded or predefined CMap; nil with identity
	identity bool   // Identity-H/V: 2-byte codes, CID = code
	encName  string // the /Encoding name (Identity-H, GBK-EUC-H, UniGB-UCS2-H, ...)
	ucs2     bool   // code bytes are UTF-16BE text (UniGB-UCS2-H, UniGB-UTF16-H)
	gbk      bool   // code bytes are GBK text (GBK-EUC-H, GB-EUC-H, ...)
	vertical bool   // -V CMaps: glyphs advance downwards
	dw       float64
	w        map[uint32]float64 // CID → width (text space units per 1 font size)
	gidUni   map[uint32]rune    // CID → Unicode from the embedded TrueType cmap (Identity-H without ToUnicode)

	// Simple fonts.
	first   int
	widths  []float64 // text space units per 1 font size
	missing float64
	simple  [256]string // code → Unicode from the font's encoding
	// simpleOK is false for codes whose encoding text cannot be trusted (no ToUnicode, and
	// the embedded font does not draw that character for it).
	simpleOK [256]bool

	toUni *cmap

	ascent, descent float64 // in text space units per 1 font size (descent negative)
	// metricsFixed is set when the descriptor's Ascent/Descent were implausible and replaced.
	metricsFixed bool
	type3        bool
	fontMatrix   [6]float64

	// problem explains why some codes have no Unicode (for page notes); empty when fine.
	problem string
}

// glyphCode is one decoded code of a shown string.
type glyphCode struct {
	text  string  // Unicode ("" when it cannot be decoded)
	width float64 // horizontal advance in text space per unit font size (before Tc/Tw)
	space bool    // a single-byte code 32: word spacing applies
	ok    bool    // text is a real Unicode mapping
}

// decode splits s into codes and calls fn for each.
func (f *font) decode(s string, fn func(glyphCode)) {
	for len(s) > 0 {
		var code uint32
		var n int
		switch {
		case !f.composite:
			code, n = uint32(s[0]), 1
		case f.identity || f.enc == nil:
			if len(s) >= 2 {
				code, n = uint32(s[0])<<8|uint32(s[1]), 2
			} else {
				code, n = uint32(s[0]), 1
			}
		default:
			code, n = f.enc.nextCode(s)
		}
		raw := s[:n]
		s = s[n:]
		g := glyphCode{space: n == 1 && code == 32}
		if f.composite {
			cid := code
			if !f.identity && f.enc != nil {
				if c, ok := f.enc.cid(n, code); ok {
					cid = c
				} else if f.gbk || f.ucs2 {
					cid = 0
				}
			}
			g.width = f.cidWidth(cid, n, raw)
			g.text, g.ok = f.toUni.lookup(n, code)
			if !g.ok {
				g.text, g.ok = f.compositeUnicode(cid, raw)
			}
		} else {
			if int(code) >= f.first && int(code)-f.first < len(f.widths) {
				g.width = f.widths[int(code)-f.first]
			} else {
				g.width = f.missing
			}
			g.text, g.ok = f.toUni.lookup(1, code)
			if !g.ok {
				g.text, g.ok = f.simple[code], f.simpleOK[code]
			}
		}
		fn(g)
	}
}

func (f *font) cidWidth(cid uint32, n int, raw string) float64 {
	if w, ok := f.w[cid]; ok && (cid != 0 || !(f.gbk || f.ucs2)) {
		return w
	}
	if cid == 0 && (f.gbk || f.ucs2) && n == 1 && f.dw >= 0.9 {
		// A predefined CJK CMap we have no CID table for: single-byte codes are the
		// half-width Latin glyphs of the Adobe-GB1 collection.
		return f.dw / 2
	}
	return f.dw
}

var gbkDecoder = simplifiedchinese.GBK.NewDecoder()

func (f *font) compositeUnicode(cid uint32, raw string) (string, bool) {
	switch {
	case f.ucs2:
		if len(raw) >= 2 {
			return utf16BE(raw), true
		}
		return string(rune(raw[0])), raw[0] >= 0x20 && raw[0] < 0x7f
	case f.gbk:
		if len(raw) == 1 {
			if raw[0] >= 0x20 && raw[0] < 0x7f {
				return raw, true
			}
			return "", false
		}
		out, err := gbkDecoder.String(raw)
		if err != nil || out == "" || strings.ContainsRune(out, utf8.RuneError) {
			return "", false
		}
		return out, true
	case f.gidUni != nil:
		if r, ok := f.gidUni[cid]; ok {
			return string(r), true
		}
	}
	return "", false
}

func loadFont(v pdf.Value) (f *font, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("font %s: malformed: %v", v.Key("BaseFont").Name(), r)
		}
	}()
	f = &font{subtype: v.Key("Subtype").Name(), ascent: 0.95, descent: -0.35, fontMatrix: [6]float64{0.001, 0, 0, 0.001, 0, 0}}
	f.name = displayFontName(v.Key("BaseFont").Name())
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if data, err := readStream(tu); err == nil {
			f.toUni = parseCMap(data)
		} else {
			f.problem = "unreadable ToUnicode: " + err.Error()
		}
	}
	var desc pdf.Value
	if f.subtype == "Type0" {
		f.composite = true
		df := v.Key("DescendantFonts").Index(0)
		if f.name == "" {
			f.name = displayFontName(df.Key("BaseFont").Name())
		}
		desc = df.Key("FontDescriptor")
		f.loadCIDWidths(df)
		f.loadEncodingCMap(v.Key("Encoding"), df)
	} else {
		desc = v.Key("FontDescriptor")
		f.loadSimple(v, desc)
	}
	f.loadMetrics(v, desc)
	if f.name == "" {
		f.name = f.subtype
	}
	return f, nil
}

// displayFontName drops the subset tag (ABCDEF+) and decodes GBK-named fonts (宋体).
func displayFontName(n string) string {
	if i := strings.IndexByte(n, '+'); i == 6 {
		n = n[7:]
	}
	if !utf8.ValidString(n) {
		if s, err := gbkDecoder.String(n); err == nil && utf8.ValidString(s) {
			return s
		}
		return strings.ToValidUTF8(n, "?")
	}
	return n
}

func (f *font) loadCIDWidths(df pdf.Value) {
	f.dw = 1.0
	if d := df.Key("DW"); d.Kind() == pdf.Integer || d.Kind() == pdf.Real {
		f.dw = d.Float64() / 1000
	}
	w := df.Key("W")
	f.w = map[uint32]float64{}
	n := w.Len()
	for i := 0; i < n; {
		first := w.Index(i)
		if i+1 >= n {
			break
		}
		second := w.Index(i + 1)
		if second.Kind() == pdf.Array {
			c := uint32(first.Int64())
			for j := 0; j < second.Len() && len(f.w) < maxCMapEntries; j++ {
				f.w[c+uint32(j)] = second.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		lo, hi := first.Int64(), second.Int64()
		width := w.Index(i+2).Float64() / 1000
		if lo >= 0 && hi >= lo && hi-lo < maxCMapEntries {
			for c := lo; c <= hi && len(f.w) < maxCMapEntries; c++ {
				f.w[uint32(c)] = width
			}
		}
		i += 3
	}
}

func (f *font) loadEncodingCMap(enc, df pdf.Value) {
	switch enc.Kind() {
	case pdf.Name:
		f.encName = enc.Name()
		f.vertical = strings.HasSuffix(f.encName, "-V")
		switch {
		case f.encName == "Identity-H" || f.encName == "Identity-V":
			f.identity = true
		case strings.HasPrefix(f.encName, "UniGB-UCS2") || strings.HasPrefix(f.encName, "UniGB-UTF16") ||
			strings.HasPrefix(f.encName, "UniCNS-UCS2") || strings.HasPrefix(f.encName, "UniCNS-UTF16") ||
			strings.HasPrefix(f.encName, "UniJIS-UCS2") || strings.HasPrefix(f.encName, "UniJIS-UTF16") ||
			strings.HasPrefix(f.encName, "UniKS-UCS2") || strings.HasPrefix(f.encName, "UniKS-UTF16"):
			f.ucs2 = true
			f.enc = &cmap{space: []codespace{{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xff, 0xff}}}}
			if strings.Contains(f.encName, "UTF16") {
				// UTF-16 CMaps read a surrogate pair as one 4-byte code (one glyph).
				f.enc.space = append([]codespace{{n: 4, lo: [4]byte{0xd8, 0, 0xdc, 0}, hi: [4]byte{0xdb, 0xff, 0xdf, 0xff}}}, f.enc.space...)
			}
		case strings.HasPrefix(f.encName, "GBK-EUC") || strings.HasPrefix(f.encName, "GB-EUC") ||
			strings.HasPrefix(f.encName, "GBpc-EUC") || strings.HasPrefix(f.encName, "GBK2K") || strings.HasPrefix(f.encName, "GBKp-EUC"):
			f.gbk = true
			f.enc = &cmap{space: []codespace{
				{n: 1, lo: [4]byte{0x00}, hi: [4]byte{0x80}},
				{n: 2, lo: [4]byte{0x81, 0x40}, hi: [4]byte{0xfe, 0xfe}},
			}}
		default:
			f.identity = true
			if f.toUni == nil {
				f.problem = "predefined CMap " + f.encName + " is not supported"
			}
		}
	case pdf.Stream:
		data, err := readStream(enc)
		if err != nil {
			f.identity = true
			f.problem = "unreadable encoding CMap: " + err.Error()
			break
		}
		f.enc = parseCMap(data)
		f.encName = enc.Key("CMapName").Name()
		f.vertical = enc.Key("WMode").Int64() == 1
		if !f.enc.hasSpace() {
			f.enc.space = []codespace{{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xff, 0xff}}}
		}
	default:
		f.identity = true
	}
	if f.identity && f.toUni == nil {
		f.loadTrueTypeCmap(df)
	}
	if f.toUni == nil && !f.ucs2 && !f.gbk && f.gidUni == nil && f.problem == "" {
		f.problem = "composite font " + f.name + " (" + f.encName + ") has no ToUnicode"
	}
}

// loadSimple reads a simple font's widths and encoding.
func (f *font) loadSimple(v, desc pdf.Value) {
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	scale := 0.001
	if f.subtype == "Type3" {
		f.type3 = true
		fm := v.Key("FontMatrix")
		for i := 0; i < 6 && i < fm.Len(); i++ {
			f.fontMatrix[i] = fm.Index(i).Float64()
		}
		scale = f.fontMatrix[0]
	}
	n := min(ws.Len(), 256)
	f.widths = make([]float64, n)
	for i := 0; i < n; i++ {
		f.widths[i] = ws.Index(i).Float64() * scale
	}
	f.missing = desc.Key("MissingWidth").Float64() * scale
	if n == 0 && !f.type3 {
		f.first = 0
		f.widths = standardWidths(f.name)
	}

	flags := desc.Key("Flags").Int64()
	symbolic := flags&4 != 0
	enc := v.Key("Encoding")
	base := ""
	switch enc.Kind() {
	case pdf.Name:
		base = enc.Name()
	case pdf.Dict:
		base = enc.Key("BaseEncoding").Name()
	}
	switch base {
	case "WinAnsiEncoding":
		fillSimple(&f.simple, charmap.Windows1252)
	case "MacRomanEncoding":
		fillSimple(&f.simple, charmap.Macintosh)
	default:
		fillStandard(&f.simple)
	}
	for i := range f.simpleOK {
		f.simpleOK[i] = f.simple[i] != ""
	}
	if enc.Kind() == pdf.Dict {
		f.applyDifferences(v, enc.Key("Differences"))
	}
	if f.toUni != nil {
		return
	}
	switch {
	case f.type3 && enc.Kind() != pdf.Dict:
		f.simpleOK = [256]bool{}
		f.problem = "Type3 font " + f.name + " without ToUnicode"
	case symbolic && base == "" && enc.Kind() != pdf.Dict && desc.Key("FontFile2").Kind() != pdf.Stream:
		f.simpleOK = [256]bool{}
		f.problem = "symbolic font " + f.name + " without ToUnicode"
	default:
		f.verifyEmbedded(desc)
	}
}

// verifyEmbedded checks, for a simple font without ToUnicode, that each code's character
// (from the encoding) is really what the embedded TrueType font draws: the font's Unicode
// cmap must map that character to a glyph. Word 2010 embeds CJK TrueType subsets with
// WinAnsi encoding; where they draw digits through the Unicode cmap the text is right, but a
// code reaching its glyph only through a symbol cmap (or a GBK byte read as Latin-1) is not.
func (f *font) verifyEmbedded(desc pdf.Value) {
	ff := desc.Key("FontFile2")
	if ff.Kind() != pdf.Stream {
		return
	}
	data, err := readStream(ff)
	if err != nil {
		return
	}
	fnt, err := sfnt.Parse(data)
	if err != nil {
		return
	}
	var buf sfnt.Buffer
	bad := 0
	for c := range f.simple {
		if !f.simpleOK[c] || c == ' ' {
			continue
		}
		if c < f.first || c-f.first >= len(f.widths) || f.widths[c-f.first] == 0 {
			continue // code not used by this subset
		}
		r, _ := utf8.DecodeRuneInString(f.simple[c])
		gi, err := fnt.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			f.simpleOK[c] = false
			bad++
		}
	}
	if bad > 0 {
		f.problem = fmt.Sprintf("font %s draws %d codes whose glyphs its encoding does not name (no ToUnicode)", f.name, bad)
	}
}

func fillSimple(t *[256]string, cm *charmap.Charmap) {
	for i := 0x20; i < 256; i++ {
		r := cm.DecodeByte(byte(i))
		if r == utf8.RuneError || r == 0x7f {
			continue
		}
		t[i] = string(r)
	}
}

// fillStandard fills Adobe StandardEncoding (ASCII with typographic quotes) for the printable
// range; the upper half maps only the characters that occur in practice.
func fillStandard(t *[256]string) {
	for i := 0x20; i < 0x7f; i++ {
		t[i] = string(rune(i))
	}
	t[0x27] = "’"
	t[0x60] = "‘"
	for code, r := range map[byte]rune{0xa1: '¡', 0xa2: '¢', 0xa3: '£', 0xa5: '¥', 0xa7: '§', 0xa9: '\'', 0xaa: '“', 0xab: '«', 0xae: 'ﬁ', 0xaf: 'ﬂ',
		0xb1: '–', 0xb2: '†', 0xb3: '‡', 0xb4: '·', 0xb6: '¶', 0xb7: '•', 0xb8: '‚', 0xb9: '„', 0xba: '”', 0xbb: '»', 0xbc: '…', 0xbd: '‰', 0xd0: '—'} {
		t[code] = string(r)
	}
}

func (f *font) applyDifferences(v, diffs pdf.Value) {
	code := 0
	var libEnc pdf.TextEncoding
	for i := 0; i < diffs.Len(); i++ {
		d := diffs.Index(i)
		switch d.Kind() {
		case pdf.Integer:
			code = int(d.Int64())
		case pdf.Name:
			if code >= 0 && code < 256 {
				if r, ok := glyphNameRune(d.Name()); ok {
					f.simple[code] = string(r)
				} else {
					// ledongthuc/pdf carries the full Adobe glyph list; ask it for this code.
					if libEnc == nil {
						lf := pdf.Font{V: v}
						libEnc = lf.Encoder()
					}
					s := libEnc.Decode(string([]byte{byte(code)}))
					if r, _ := utf8.DecodeRuneInString(s); s != "" && r != rune(code) && r != utf8.RuneError {
						f.simple[code] = s
					} else {
						f.simple[code] = ""
					}
				}
			}
			code++
		}
	}
}

func (f *font) loadMetrics(v, desc pdf.Value) {
	if f.type3 {
		// Type3 glyph space: use the FontBBox through the FontMatrix.
		bb := v.Key("FontBBox")
		if bb.Len() == 4 && f.fontMatrix[3] != 0 {
			lo, hi := bb.Index(1).Float64()*f.fontMatrix[3], bb.Index(3).Float64()*f.fontMatrix[3]
			if hi > lo && hi-lo < 3 {
				f.ascent, f.descent = hi, lo
			}
		}
		return
	}
	// Non-embedded fonts that alias a standard 14 font (Times New Roman, Arial): the AFM
	// ascender/descender, not the descriptor (as poppler: the viewer draws the built-in font).
	embedded := desc.Key("FontFile").Kind() == pdf.Stream || desc.Key("FontFile2").Kind() == pdf.Stream || desc.Key("FontFile3").Kind() == pdf.Stream
	if !f.composite && !embedded {
		if a, d, ok := standardAscent(f.name); ok {
			f.ascent, f.descent = a, d
			return
		}
	}
	// poppler's rules, so that boxes agree with pdftotext -bbox.
	if a := desc.Key("Ascent"); a.Kind() == pdf.Integer || a.Kind() == pdf.Real {
		t := a.Float64() * 0.001
		if t < 0 {
			t = -t
		}
		if t != 0 && t < 3 {
			f.ascent = t
		}
	}
	if d := desc.Key("Descent"); d.Kind() == pdf.Integer || d.Kind() == pdf.Real {
		t := d.Float64() * 0.001
		if t > 0 {
			t = -t
		}
		if t != 0 && t > -3 {
			f.descent = t
		}
	}
	f.fixMetrics()
}

// fixMetrics replaces implausible vertical metrics. ONLYOFFICE writes Ascent/Descent in the
// font's own units (FangSong 220/-36 of a 256-unit em), FangZheng fonts carry their whole
// bounding box (1333/-1033): boxes from those would be 3 pt or 32 pt tall for 13 pt text.
// A line box between 0.6 and 1.6 em is taken as it is.
func (f *font) fixMetrics() {
	h := f.ascent - f.descent
	switch {
	case h < 0.6:
		// Units error: keep the proportions, scale to a usual 1.1 em line.
		k := 1.1 / h
		f.ascent, f.descent = f.ascent*k, f.descent*k
		f.metricsFixed = true
	case h > 1.6:
		f.ascent, f.descent = math.Min(f.ascent, 1.0), math.Max(f.descent, -0.35)
		f.metricsFixed = true
	}
}

// readStream returns a stream's decoded bytes. ledongthuc/pdf panics on filters it does not
// support; that becomes an error here.
func readStream(v pdf.Value) (data []byte, err error) {
	return readStreamLimit(v, maxStreamBytes)
}

// readStreamLimit reads a stream decoding at most limit bytes: more is a *LimitError (never
// a silent truncation).
func readStreamLimit(v pdf.Value, limit int64) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("stream: %v", r)
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, err = io.ReadAll(io.LimitReader(rc, max(limit, 0)+1))
	if int64(len(data)) > limit {
		return nil, limitErr("stream bytes", "stream decodes to more than %d MiB", max(limit, 0)>>20)
	}
	if err != nil && len(data) > 0 && (err == io.ErrUnexpectedEOF || strings.Contains(err.Error(), "unexpected EOF")) {
		// A truncated deflate stream: keep what decoded, as viewers do.
		err = nil
	}
	return data, err
}

// maxStreamBytes bounds one decoded stream (a content stream of a huge table page is a few
// MB, an embedded CJK font tens of MB).
const maxStreamBytes = 256 << 20
