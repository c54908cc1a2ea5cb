//go:build !noocr

package ocr

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/otiai10/gosseract/v2"
)

// digitChars is what amount and code cells may contain.
const digitChars = "0123456789.,-"

// findTessdata returns the folder holding the traineddata files: the option, then
// TESSDATA_PREFIX (the folder itself or its parent), then the Debian/Ubuntu and Homebrew
// locations. Every language in langs must be there.
func findTessdata(opt string, langs []string) (string, error) {
	var cands []string
	if opt != "" {
		cands = append(cands, opt)
	} else {
		if p := os.Getenv("TESSDATA_PREFIX"); p != "" {
			cands = append(cands, p, filepath.Join(p, "tessdata"))
		}
		cands = append(cands,
			"/usr/share/tesseract-ocr/5/tessdata",
			"/usr/share/tesseract-ocr/4.00/tessdata",
			"/usr/share/tessdata",
			"/usr/local/share/tessdata",
			"/opt/homebrew/share/tessdata",
		)
	}
	var tried []string
	for _, dir := range cands {
		if _, err := os.Stat(filepath.Join(dir, "eng.traineddata")); err != nil {
			if _, err2 := os.Stat(dir); err2 == nil {
				tried = append(tried, dir)
			}
			continue
		}
		for _, l := range langs {
			if _, err := os.Stat(filepath.Join(dir, l+".traineddata")); err != nil {
				return "", fmt.Errorf("ocr: language %q missing: no %s.traineddata in %s (Debian: apt-get install tesseract-ocr-%s)",
					l, l, dir, strings.ReplaceAll(l, "_", "-"))
			}
		}
		return dir, nil
	}
	if len(tried) > 0 {
		return "", fmt.Errorf("ocr: no eng.traineddata in %s (set TESSDATA_PREFIX to the tessdata folder)", strings.Join(tried, ", "))
	}
	return "", errors.New("ocr: Tesseract language data not found (install tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-eng or set TESSDATA_PREFIX)")
}

// worker is one set of Tesseract clients, used by one goroutine at a time: a digits client
// (eng, whitelist, single line) for amount and code cells and a text client (chi_sim+eng)
// for everything else. Languages are fixed per client because changing them re-initialises
// Tesseract (0.1–0.9 s).
type worker struct {
	digits *gosseract.Client
	text   *gosseract.Client
	// cjk is a client of the text languages without eng, created on first use: the second
	// opinion for lines the text client reads as Latin letters or not at all.
	cjk      *gosseract.Client
	cjkLangs []string
	tessdata string
	set      *Settings // the engine's (nil: DefaultSettings)
	// second is the engine's optional second recogniser of text lines (nil: none).
	second LineRecognizer
}

// cjkClient returns the CJK-only client (nil when the text languages are all Latin, or it
// cannot be created).
func (w *worker) cjkClient() *gosseract.Client {
	if w.cjk != nil || len(w.cjkLangs) == 0 {
		return w.cjk
	}
	c := gosseract.NewClient()
	if err := c.SetTessdataPrefix(w.tessdata); err != nil {
		c.Close()
		w.cjkLangs = nil
		return nil
	}
	c.Trim = true
	c.SetLanguage(w.cjkLangs...)
	c.SetVariable("debug_file", os.DevNull)
	w.settings().tesseractVariables(c)
	w.cjk = c
	return c
}

func newWorker(tessdata string, textLangs []string, set *Settings) (*worker, error) {
	w := &worker{tessdata: tessdata, set: set}
	d := gosseract.NewClient()
	t := gosseract.NewClient()
	for _, c := range []*gosseract.Client{d, t} {
		if err := c.SetTessdataPrefix(tessdata); err != nil {
			d.Close()
			t.Close()
			return nil, err
		}
		c.Trim = true
	}
	d.SetLanguage("eng")
	d.SetVariable(gosseract.TESSEDIT_CHAR_WHITELIST, digitChars)
	t.SetLanguage(textLangs...)
	for _, c := range []*gosseract.Client{d, t} {
		c.SetVariable("debug_file", os.DevNull)
		w.settings().tesseractVariables(c)
	}
	var cjk []string
	for _, l := range textLangs {
		if l != "eng" {
			cjk = append(cjk, l)
		}
	}
	if len(cjk) == len(textLangs) {
		cjk = nil // no Latin model to leave out: the second opinion would be the same client
	}
	w.digits, w.text, w.cjkLangs = d, t, cjk
	return w, nil
}

// tesseractVariables sets the Settings that are Tesseract variables on a client.
func (s *Settings) tesseractVariables(c *gosseract.Client) {
	invert := "0"
	if s.InvertLines {
		invert = "1"
	}
	c.SetVariable("tessedit_do_invert", invert)
}

func (w *worker) close() {
	w.digits.Close()
	w.text.Close()
	if w.cjk != nil {
		w.cjk.Close()
	}
}

// recognizeLine reads a crop as one text line (PSM 7) and returns its characters.
func recognizeLine(c *gosseract.Client, g *gray) (reading, error) {
	return recognize(c, g, gosseract.PSM_SINGLE_LINE)
}

// recognizeChar reads a crop as one character (PSM 10): single-character cells and the
// last character of a wrapped name, which line mode often returns empty.
func recognizeChar(c *gosseract.Client, g *gray) (reading, error) {
	return recognize(c, g, gosseract.PSM_SINGLE_CHAR)
}

func recognize(c *gosseract.Client, g *gray, psm gosseract.PageSegMode) (reading, error) {
	start := time.Now()
	if err := c.SetImageFromBytes(g.pgm()); err != nil {
		return reading{}, err
	}
	c.SetPageSegMode(psm)
	boxes, err := c.GetBoundingBoxes(gosseract.RIL_SYMBOL)
	tessCall(time.Since(start))
	if err != nil {
		return reading{}, err
	}
	var r reading
	for _, b := range boxes {
		t := strings.TrimSpace(b.Word)
		if t == "" {
			continue
		}
		r.syms = append(r.syms, symbol{text: t, box: b.Box, conf: b.Confidence / 100})
	}
	r.text = joinSymbols(r.syms)
	if len(r.syms) > 0 {
		r.minConf = 1
		var sum float64
		for _, s := range r.syms {
			r.minConf = math.Min(r.minConf, s.conf)
			sum += s.conf
		}
		r.meanConf = sum / float64(len(r.syms))
	}
	return r, nil
}

// joinSymbols concatenates characters, putting a space where the gap between two Latin or
// digit characters is wider than half the line's typical character height (CJK text has
// no spaces).
func joinSymbols(syms []symbol) string {
	if len(syms) == 0 {
		return ""
	}
	hs := make([]int, len(syms))
	for i, s := range syms {
		hs[i] = s.box.Dy()
	}
	slices.Sort(hs)
	h := float64(hs[len(hs)/2])
	var sb strings.Builder
	for i, s := range syms {
		if i > 0 {
			p := syms[i-1]
			gap := float64(s.box.Min.X - p.box.Max.X)
			if gap > 0.6*h && isASCII(p.text) && isASCII(s.text) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(s.text)
	}
	return sb.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// warmUp initialises both clients (loading the models) on a blank image, so the cost is
// paid once per client and a broken installation fails early.
func (w *worker) warmUp() error {
	blank := newGray(32, 32)
	for i := range blank.pix {
		blank.pix[i] = 255
	}
	for _, c := range []*gosseract.Client{w.digits, w.text} {
		if _, err := recognize(c, blank, gosseract.PSM_SINGLE_LINE); err != nil {
			return err
		}
	}
	return nil
}
