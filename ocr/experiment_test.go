//go:build ocrdebug

// Debugging aids and reader experiments, not tests: run with -tags ocrdebug (docs/ocr.md).

package ocr

import (
	"bufio"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// Experiments on line crops dumped by TestFixtureScans (OCR_DUMP_DIR=dir): how the readers
// compare on the same crops, without re-running the page analysis. These measured the
// choices in docs/ocr.md (PSM 7 for digits, the CJK-only second opinion).

type dumpedLine struct {
	file, want, kind, got string
	h                     int
	em, dpi               float64
	g                     *gray
}

func loadDump(t *testing.T, dir string, filter func(dumpedLine) bool) []dumpedLine {
	f, err := os.Open(filepath.Join(dir, "lines.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []dumpedLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 7 {
			continue
		}
		h, _ := strconv.Atoi(p[4])
		em, _ := strconv.ParseFloat(p[5], 64)
		dpi, _ := strconv.ParseFloat(p[6], 64)
		l := dumpedLine{file: p[0], want: p[1], kind: p[2], got: p[3], h: h, em: em, dpi: dpi}
		if !filter(l) {
			continue
		}
		pf, err := os.Open(filepath.Join(dir, p[0]))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(pf)
		pf.Close()
		if err != nil {
			t.Fatal(err)
		}
		gi := img.(*image.Gray)
		g := newGray(gi.Rect.Dx(), gi.Rect.Dy())
		for y := 0; y < g.h; y++ {
			copy(g.pix[y*g.w:(y+1)*g.w], gi.Pix[y*gi.Stride:])
		}
		l.g = g
		out = append(out, l)
	}
	return out
}

func experimentTessdata(t *testing.T) string {
	dir, err := findTessdata("", []string{"eng", "chi_sim"})
	if err != nil {
		t.Skip(err)
	}
	return dir
}

// TestExperimentDigits compares ways of reading number lines on crops dumped by
// TestFixtureScans (OCR_DUMP_DIR). A development aid: skipped unless OCR_EXPERIMENT is set.
func TestExperimentDigits(t *testing.T) {
	dir := os.Getenv("OCR_EXPERIMENT")
	if dir == "" {
		t.Skip("OCR_EXPERIMENT not set")
	}
	lines := loadDump(t, dir, func(l dumpedLine) bool {
		w := strings.TrimSpace(l.want)
		return w != "" && numberPattern(w) && w != "-"
	})
	t.Logf("%d number lines", len(lines))
	w, err := newWorker(experimentTessdata(t), []string{"chi_sim", "eng"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	plainEng := gosseract.NewClient()
	defer plainEng.Close()
	plainEng.SetLanguage("eng")
	chiDigits := gosseract.NewClient()
	defer chiDigits.Close()
	chiDigits.SetLanguage("chi_sim", "eng")
	chiDigits.SetVariable(gosseract.TESSEDIT_CHAR_WHITELIST, digitChars)

	prep := func(l dumpedLine, target float64) *gray {
		f := target / float64(max(l.h, int(0.75*l.em)))
		f = max(0.5, min(4, f))
		return l.g.resize(f).pad(12)
	}
	type strategy struct {
		name string
		run  func(l dumpedLine) string
	}
	read := func(c *gosseract.Client, psm gosseract.PageSegMode, target float64) func(l dumpedLine) string {
		return func(l dumpedLine) string {
			r, err := recognize(c, prep(l, target), psm)
			if err != nil {
				t.Fatal(err)
			}
			return trimSeparators(asciiDigits(strings.ReplaceAll(r.text, " ", "")))
		}
	}
	strategies := []strategy{
		{"current", func(l dumpedLine) string { return l.got }},
		{"digits psm13 h40", read(w.digits, gosseract.PSM_RAW_LINE, 40)},
		{"digits psm7 h40", read(w.digits, gosseract.PSM_SINGLE_LINE, 40)},
		{"digits psm7 h30", read(w.digits, gosseract.PSM_SINGLE_LINE, 30)},
		{"digits psm7 h55", read(w.digits, gosseract.PSM_SINGLE_LINE, 55)},
		{"digits psm13 h55", read(w.digits, gosseract.PSM_RAW_LINE, 55)},
		{"text psm7 h40", read(w.text, gosseract.PSM_SINGLE_LINE, 40)},
		{"text psm7 h30", read(w.text, gosseract.PSM_SINGLE_LINE, 30)},
		{"text psm7 h55", read(w.text, gosseract.PSM_SINGLE_LINE, 55)},
		{"eng psm7 h40", read(plainEng, gosseract.PSM_SINGLE_LINE, 40)},
		{"chiDigits psm7 h40", read(chiDigits, gosseract.PSM_SINGLE_LINE, 40)},
		{"chiDigits psm13 h40", read(chiDigits, gosseract.PSM_RAW_LINE, 40)},
	}
	if only := os.Getenv("OCR_EXPERIMENT_ONLY"); only != "" {
		var keep []strategy
		for _, s := range strategies {
			if strings.Contains(s.name, only) || s.name == "current" {
				keep = append(keep, s)
			}
		}
		strategies = keep
	}
	results := make([][]string, len(strategies))
	for si, s := range strategies {
		ok := 0
		for _, l := range lines {
			got := s.run(l)
			results[si] = append(results[si], got)
			if normalizeNumber(got) == normalizeNumber(l.want) {
				ok++
			}
		}
		t.Logf("%-22s %d/%d", s.name, ok, len(lines))
	}
	// How often are the strategies wrong together?
	for si := 1; si < len(strategies); si++ {
		for sj := si + 1; sj < len(strategies); sj++ {
			both, agreeWrong := 0, 0
			for i, l := range lines {
				a, b := normalizeNumber(results[si][i]), normalizeNumber(results[sj][i])
				if a != normalizeNumber(l.want) && b != normalizeNumber(l.want) {
					both++
					if a == b {
						agreeWrong++
					}
				}
			}
			if os.Getenv("OCR_EXPERIMENT_PAIRS") != "" {
				t.Logf("%s × %s: both wrong %d, agreeing on the same wrong value %d", strategies[si].name, strategies[sj].name, both, agreeWrong)
			}
		}
	}
	if os.Getenv("OCR_EXPERIMENT_MISSES") != "" {
		for i, l := range lines {
			var row []string
			bad := false
			for si := range strategies {
				row = append(row, results[si][i])
				if normalizeNumber(results[si][i]) != normalizeNumber(l.want) {
					bad = true
				}
			}
			if bad {
				t.Logf("%s want %q: %q", l.file, l.want, row)
			}
		}
	}
}

// TestExperimentText compares ways of reading Chinese text lines on dumped crops.
func TestExperimentText(t *testing.T) {
	dir := os.Getenv("OCR_EXPERIMENT")
	if dir == "" {
		t.Skip("OCR_EXPERIMENT not set")
	}
	lines := loadDump(t, dir, func(l dumpedLine) bool {
		return hasHan([]rune(l.want)) && !strings.ContainsAny(l.want, " ") && strings.Contains(l.want, os.Getenv("OCR_EXPERIMENT_HAS"))
	})
	if n, _ := strconv.Atoi(os.Getenv("OCR_EXPERIMENT_N")); n > 0 && n < len(lines) {
		step := len(lines) / n
		var sub []dumpedLine
		for i := 0; i < len(lines); i += step {
			sub = append(sub, lines[i])
		}
		lines = sub
	}
	t.Logf("%d text lines", len(lines))
	w, err := newWorker(experimentTessdata(t), []string{"chi_sim", "eng"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	chiOnly := gosseract.NewClient()
	defer chiOnly.Close()
	chiOnly.SetTessdataPrefix(experimentTessdata(t))
	chiOnly.SetLanguage("chi_sim")
	prep := func(l dumpedLine, target float64) *gray {
		f := target / float64(max(l.h, int(0.75*l.em)))
		f = max(0.5, min(4, f))
		return l.g.resize(f).pad(12)
	}
	read := func(c *gosseract.Client, psm gosseract.PageSegMode, target float64) func(l dumpedLine) string {
		return func(l dumpedLine) string {
			r, err := recognize(c, prep(l, target), psm)
			if err != nil {
				t.Fatal(err)
			}
			return cleanText(r.text)
		}
	}
	strategies := []struct {
		name string
		run  func(l dumpedLine) string
	}{
		{"current", func(l dumpedLine) string { return cleanText(l.got) }},
		{"text psm7 h40", read(w.text, gosseract.PSM_SINGLE_LINE, 40)},
		{"text psm7 h30", read(w.text, gosseract.PSM_SINGLE_LINE, 30)},
		{"text psm7 h50", read(w.text, gosseract.PSM_SINGLE_LINE, 50)},
		{"text psm7 h64", read(w.text, gosseract.PSM_SINGLE_LINE, 64)},
		{"chi psm7 h40", read(chiOnly, gosseract.PSM_SINGLE_LINE, 40)},
		{"chi psm7 h50", read(chiOnly, gosseract.PSM_SINGLE_LINE, 50)},
		{"chi psm13 h40", read(chiOnly, gosseract.PSM_RAW_LINE, 40)},
	}
	if only := os.Getenv("OCR_EXPERIMENT_ONLY"); only != "" {
		keep := strategies[:0]
		for _, s := range strategies {
			if strings.Contains(only, s.name) {
				keep = append(keep, s)
			}
		}
		strategies = keep
	}
	res := make([][]string, len(strategies))
	for si, s := range strategies {
		ok := 0
		for _, l := range lines {
			got := s.run(l)
			res[si] = append(res[si], got)
			if export_KeyName(got) == export_KeyName(l.want) {
				ok++
			} else if os.Getenv("OCR_EXPERIMENT_MISSES") == s.name {
				t.Logf("%s want %q got %q", l.file, l.want, got)
			}
		}
		t.Logf("%-16s %d/%d", s.name, ok, len(lines))
	}
	if len(strategies) >= 3 {
		oracle, vote := 0, 0
		for i, l := range lines {
			want := export_KeyName(l.want)
			any := false
			cnt := map[string]int{}
			for si := range strategies {
				g := export_KeyName(res[si][i])
				cnt[g]++
				any = any || g == want
			}
			if any {
				oracle++
			}
			best, bc := export_KeyName(res[1][i]), 0
			for si := range strategies {
				g := export_KeyName(res[si][i])
				if cnt[g] > bc {
					best, bc = g, cnt[g]
				}
			}
			if best == want {
				vote++
			} else if os.Getenv("OCR_EXPERIMENT_MISSES") == "vote" {
				var all []string
				for si := range strategies {
					all = append(all, res[si][i])
				}
				t.Logf("%s want %q got %q", l.file, l.want, all)
			}
		}
		t.Logf("oracle %d, vote %d", oracle, vote)
	}
}

// export_KeyName compares names as the scorer does: without spaces, brackets folded.
func export_KeyName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t':
			return -1
		case '(':
			return '（'
		case ')':
			return '）'
		}
		return r
	}, s)
	return s
}
