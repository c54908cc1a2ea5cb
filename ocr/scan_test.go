package ocr

// Test material: scanned renditions of real born-digital pages, made on the fly (render
// with pdftoppm → tilt, red seal over amount cells, scanner noise, JPEG), scored against
// the page's own text layer (pdftotext -bbox). The text layer is the answer key: every
// amount, code and name the born-digital page prints must come back from its scan.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

var corpusDir = corpus.Dir("corpus/real")

func corpusFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(corpusDir, name)
	if _, err := os.Stat(p); err != nil {
		corpus.Missing(t, p, err)
	}
	return p
}

// extractedPage reads page n of path as the pipeline hands it to Recognize: extract's page,
// with the placements of its images. want, when set, is the verdict extract must give.
func extractedPage(t testing.TB, path string, n int, want extract.Verdict) *extract.Page {
	t.Helper()
	f, err := extract.Open(path)
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	defer f.Close()
	p, err := f.Page(n)
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	if want != "" && p.Verdict != want {
		t.Fatalf("%s p%d: extract's verdict is %s (%v), want %s", path, n, p.Verdict, p.Notes, want)
	}
	return p
}

// clonePage copies a page so that Recognize can fill it again.
func clonePage(p *extract.Page) *extract.Page {
	c := *p
	c.Words = slices.Clone(p.Words)
	c.Rules = slices.Clone(p.Rules)
	c.Images = slices.Clone(p.Images)
	c.Notes = slices.Clone(p.Notes)
	return &c
}

func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

// renderRGB renders one page in colour.
func renderRGB(t testing.TB, pdf string, page, dpi int) *image.RGBA {
	t.Helper()
	out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), pdf).Output()
	if err != nil {
		t.Fatalf("pdftoppm %s p%d: %v", pdf, page, err)
	}
	img, err := readPPM(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return img.(*image.RGBA)
}

// scanStyle is how a page is degraded.
type scanStyle struct {
	dpi     int
	tiltDeg float64
	noise   float64 // Gaussian sigma per channel
	quality int     // JPEG quality
	seal    bool
	seed    int64
}

var (
	scan300 = scanStyle{dpi: 300, tiltDeg: 1.1, noise: 6, quality: 80, seal: true, seed: 1}
	scan200 = scanStyle{dpi: 200, tiltDeg: -1.7, noise: 10, quality: 65, seal: true, seed: 2}
)

// degrade turns a clean rendering into a scan: tilted, sealed, noisy, JPEG-compressed.
// It returns the JPEG bytes.
func degrade(src *image.RGBA, st scanStyle) []byte {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	rng := rand.New(rand.NewSource(st.seed))
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	a := st.tiltDeg * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	cx, cy := float64(w)/2, float64(h)/2
	// Seal: a red ring with a star and strokes, centred over the amount columns.
	sx, sy, sr := float64(w)*0.58, float64(h)*0.42, float64(st.dpi)*0.75
	sealAt := func(x, y float64) bool {
		d := math.Hypot(x-sx, y-sy)
		if d > sr*0.9 && d < sr {
			return true
		}
		// five-pointed star outline approximated by a small disc ring and rays
		if d < sr*0.2 {
			return true
		}
		ang := math.Atan2(y-sy, x-sx)
		if d > sr*0.45 && d < sr*0.8 && math.Mod(ang+4*math.Pi, math.Pi/9) < 0.05 {
			return true // the seal's text ring
		}
		return false
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// content turned by the tilt about the centre: sample the source inversely
			fx, fy := float64(x)+0.5-cx, float64(y)+0.5-cy
			ux, uy := c*fx+s*fy+cx-0.5, -s*fx+c*fy+cy-0.5
			r, g, b := sampleRGB(src, ux, uy)
			if st.seal && sealAt(float64(x), float64(y)) {
				// red ink multiplies the page
				r, g, b = r*0.92, g*0.25, b*0.25
			}
			n := rng.NormFloat64() * st.noise
			out.Pix[y*out.Stride+4*x] = clamp8(r + n)
			out.Pix[y*out.Stride+4*x+1] = clamp8(g + n)
			out.Pix[y*out.Stride+4*x+2] = clamp8(b + n)
			out.Pix[y*out.Stride+4*x+3] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: st.quality}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func clamp8(v float64) uint8 { return uint8(math.Max(0, math.Min(255, math.Round(v)))) }

func sampleRGB(img *image.RGBA, x, y float64) (float64, float64, float64) {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	var r, g, b float64
	for _, p := range [4]struct {
		dx, dy int
		w      float64
	}{{0, 0, (1 - fx) * (1 - fy)}, {1, 0, fx * (1 - fy)}, {0, 1, (1 - fx) * fy}, {1, 1, fx * fy}} {
		xx, yy := x0+p.dx, y0+p.dy
		var c color.RGBA = color.RGBA{255, 255, 255, 255}
		if xx >= 0 && yy >= 0 && xx < img.Rect.Dx() && yy < img.Rect.Dy() {
			i := yy*img.Stride + 4*xx
			c = color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 255}
		}
		r += float64(c.R) * p.w
		g += float64(c.G) * p.w
		b += float64(c.B) * p.w
	}
	return r, g, b
}

// imagePDF writes a one-page PDF showing a JPEG full-page, the way scanners do; rotate sets
// /Rotate and the image is drawn so the page still reads upright.
func imagePDF(jpg []byte, pxW, pxH int, dpi float64, rotate int) []byte {
	return imagesPDF([]scanPage{{jpg, pxW, pxH, dpi, rotate}})
}

// scanPage is one page of a scanned PDF.
type scanPage struct {
	jpg      []byte
	pxW, pxH int
	dpi      float64
	rotate   int
}

// imagesPDF writes a PDF with one JPEG per page.
func imagesPDF(pages []scanPage) []byte {
	var b bytes.Buffer
	offs := map[int]int{}
	b.WriteString("%PDF-1.4\n")
	n := len(pages)
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", 3+3*i)
	}
	offs[1] = b.Len()
	b.WriteString("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	offs[2] = b.Len()
	fmt.Fprintf(&b, "2 0 obj << /Type /Pages /Kids [%s] /Count %d >> endobj\n", kids, n)
	for i, p := range pages {
		pg, ct, im := 3+3*i, 4+3*i, 5+3*i
		w, h := float64(p.pxW)*72/p.dpi, float64(p.pxH)*72/p.dpi
		mw, mh := w, h
		cm := fmt.Sprintf("%.4f 0 0 %.4f 0 0 cm", w, h)
		if p.rotate == 90 {
			// Unrotated box is turned: [0 0 h w]; the image is drawn turned counter-clockwise
			// so that the page, shown turned clockwise, reads upright.
			mw, mh = h, w
			cm = fmt.Sprintf("0 %.4f %.4f 0 %.4f 0 cm", w, -h, h)
		}
		content := "q " + cm + " /Im0 Do Q"
		offs[pg] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 %.4f %.4f] /Rotate %d /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >> endobj\n", pg, mw, mh, p.rotate, im, ct)
		offs[ct] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", ct, len(content), content)
		offs[im] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj << /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >> stream\n", im, p.pxW, p.pxH, len(p.jpg))
		b.Write(p.jpg)
		b.WriteString("\nendstream endobj\n")
	}
	size := 3 + 3*n
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", size)
	for i := 1; i < size; i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[i])
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", size, xref)
	return b.Bytes()
}

// keyWord is one word of the born-digital page's text layer.
type keyWord struct {
	text string
	box  extract.Box
}

// textLayer reads a page's words with pdftotext -bbox (the answer key for its scan).
func textLayer(t testing.TB, pdf string, page int) []keyWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	type xw struct {
		XMin float64 `xml:"xMin,attr"`
		YMin float64 `xml:"yMin,attr"`
		XMax float64 `xml:"xMax,attr"`
		YMax float64 `xml:"yMax,attr"`
		Text string  `xml:",chardata"`
	}
	var doc struct {
		Words []xw `xml:"body>doc>page>word"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	var ws []keyWord
	for _, w := range doc.Words {
		ws = append(ws, keyWord{strings.TrimSpace(w.Text), extract.Box{X0: w.XMin, Y0: w.YMin, X1: w.XMax, Y1: w.YMax}})
	}
	return ws
}

// wordKind classifies a key word the way the issue counts them.
func wordKind(s string) string {
	hasDigit, hasCJK, other := false, false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r == ',' || r == '.' || r == '-':
		case unicode.Is(unicode.Han, r):
			hasCJK = true
		default:
			other = true
		}
	}
	switch {
	case hasCJK:
		return "name"
	case strings.HasSuffix(s, ".") || strings.HasSuffix(s, "、"):
		return "other" // a list marker such as "1."
	case hasDigit && !other && (strings.ContainsAny(s, ".,") || len(s) > 7):
		return "amount"
	case hasDigit && !other:
		return "code"
	}
	return "other"
}

// joinSpacedWords joins the words pdftotext splits at a letter-spaced gap ("合 计",
// "表 5"): the OCR reads them as one line, as the tables stage reads them as one cell. Only
// narrow gaps between Chinese words (half the line height: cells are farther apart) and a
// number after 表 are joined.
func joinSpacedWords(key []keyWord) []keyWord {
	var out []keyWord
	for _, k := range key {
		if n := len(out); n > 0 {
			p := &out[n-1]
			h := math.Max(p.box.Y1-p.box.Y0, k.box.Y1-k.box.Y0)
			sameLine := math.Abs((p.box.Y0+p.box.Y1)/2-(k.box.Y0+k.box.Y1)/2) < 0.3*h
			gap := k.box.X0 - p.box.X1
			spaced := wordKind(p.text) == "name" && wordKind(k.text) == "name" && gap < 0.5*h ||
				p.text == "表" && gap < h // "表 5": a table's number
			if sameLine && gap >= 0 && spaced {
				p.text += k.text
				p.box.X1, p.box.Y0, p.box.Y1 = k.box.X1, math.Min(p.box.Y0, k.box.Y0), math.Max(p.box.Y1, k.box.Y1)
				continue
			}
		}
		out = append(out, k)
	}
	return out
}

// codeBeforeName reports whether a digits-only key word stands left of a name on its line,
// where subject codes are printed (amounts stand right of the name).
func codeBeforeName(k keyWord, key []keyWord) bool {
	for _, o := range key {
		if o.box.X0 >= k.box.X1 && o.box.Y0 < k.box.Y1 && o.box.Y1 > k.box.Y0 && wordKind(o.text) == "name" {
			return true
		}
	}
	return false
}

var listMarker = regexp.MustCompile(`^\d+[.，,、]?`)

// score is the accuracy of one page's OCR against its text layer.
type score struct {
	n, exact       map[string]int
	silentWrong    int // amounts read wrong with confidence ≥ LowConfidence
	flaggedWrong   int // amounts read wrong and marked low-confidence
	flaggedRight   int // amounts read right but marked low-confidence
	missingAmounts int
	errors         []string
}

func newScore() *score { return &score{n: map[string]int{}, exact: map[string]int{}} }

func (s *score) add(o *score) {
	for k, v := range o.n {
		s.n[k] += v
	}
	for k, v := range o.exact {
		s.exact[k] += v
	}
	s.silentWrong += o.silentWrong
	s.flaggedWrong += o.flaggedWrong
	s.flaggedRight += o.flaggedRight
	s.missingAmounts += o.missingAmounts
	s.errors = append(s.errors, o.errors...)
}

func (s *score) rate(kind string) float64 {
	if s.n[kind] == 0 {
		return math.NaN()
	}
	return float64(s.exact[kind]) / float64(s.n[kind])
}

func (s *score) String() string {
	return fmt.Sprintf("amounts %d/%d (%.2f%%), codes %d/%d (%.2f%%), names %d/%d (%.2f%%); wrong amounts: %d silent, %d flagged; right amounts flagged: %d; missing amounts: %d",
		s.exact["amount"], s.n["amount"], 100*s.rate("amount"), s.exact["code"], s.n["code"], 100*s.rate("code"),
		s.exact["name"], s.n["name"], 100*s.rate("name"), s.silentWrong, s.flaggedWrong, s.flaggedRight, s.missingAmounts)
}

// scoreWords matches each key word to the OCR word(s) whose centre lies inside it (boxes
// may move a little with the tilt) and compares the texts without spaces. Words of other
// kinds (punctuation, Latin) are not scored. Only words inside ruled cells (the key page's
// table region) count, as the figures are about table cells.
func scoreWords(key []keyWord, got []extract.Word, region extract.Box) *score {
	s := newScore()
	key = joinSpacedWords(key)
	for _, k := range key {
		kind := wordKind(k.text)
		if kind == "code" && !codeBeforeName(k, key) {
			kind = "amount" // a plain integer right of the row's name: an amount in 万元
		}
		if kind == "other" {
			continue
		}
		cx, cy := (k.box.X0+k.box.X1)/2, (k.box.Y0+k.box.Y1)/2
		if cx < region.X0 || cx > region.X1 || cy < region.Y0 || cy > region.Y1 {
			continue
		}
		s.n[kind]++
		var match []extract.Word
		for _, g := range got {
			gx, gy := (g.X0+g.X1)/2, (g.Y0+g.Y1)/2
			if gy >= k.box.Y0-3 && gy <= k.box.Y1+3 && gx >= k.box.X0-4 && gx <= k.box.X1+4 {
				match = append(match, g)
			}
		}
		if len(match) == 0 && kind == "code" {
			// A code printed in the name cell ("201 一般公共服务支出") is read as one line
			// with the name: it is right when that line starts with it.
			for _, g := range got {
				if cx >= g.X0 && cx <= g.X1 && cy >= g.Y0 && cy <= g.Y1 && strings.HasPrefix(g.Text, k.text) {
					match = append(match, extract.Word{Text: k.text, Confidence: g.Confidence})
				}
			}
		}
		text, conf := "", 1.0
		for _, g := range match {
			text += g.Text
			conf = math.Min(conf, g.Confidence)
		}
		want := strings.ReplaceAll(k.text, " ", "")
		have := strings.ReplaceAll(text, " ", "")
		if kind == "name" {
			// pdftotext splits a list marker ("1." of "1.一般公共预算资金") into a word of
			// its own; the OCR line keeps it.
			if m := listMarker.FindString(have); m != "" && !strings.HasPrefix(want, m) {
				have = have[len(m):]
			}
		}
		ok := want == have
		if ok {
			s.exact[kind]++
		}
		if kind != "amount" {
			if !ok {
				s.errors = append(s.errors, fmt.Sprintf("%s %q read %q", kind, want, have))
			}
			continue
		}
		low := len(match) > 0 && conf < LowConfidence
		switch {
		case len(match) == 0:
			s.missingAmounts++
			s.errors = append(s.errors, fmt.Sprintf("amount %q missing", want))
		case !ok && low:
			s.flaggedWrong++
			s.errors = append(s.errors, fmt.Sprintf("amount %q read %q (flagged, conf %.2f)", want, have, conf))
		case !ok:
			s.silentWrong++
			s.errors = append(s.errors, fmt.Sprintf("amount %q read %q SILENT conf %.2f", want, have, conf))
		case low:
			s.flaggedRight++
		}
	}
	return s
}
