package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(corpusDir, name)
	if _, err := os.Stat(p); err != nil {
		corpus.Missing(t, p, err)
	}
	return p
}

// tablePage reports whether a page carries a ruled table.
func tablePage(p *Page) bool {
	h, v := 0, 0
	for _, r := range p.Rules {
		if r.Horizontal() {
			h++
		} else {
			v++
		}
	}
	return h >= 3 && v >= 3
}

var (
	amountRe   = regexp.MustCompile(`^-?\d{1,3}(,\d{3})*\.\d{2}$`)
	numericRe  = regexp.MustCompile(`^[-\d,.]+$`)
	plainIntRe = regexp.MustCompile(`^\d+$`)
)

// crossesRule reports whether a vertical rule runs through the inside of a word's box.
func crossesRule(w Word, rules []Rule) bool { return crossesRuleBy(w, rules, 1) }

// crossesRuleBy reports whether a vertical rule runs at least margin points inside both
// ends of a word's box. Over the whole corpus a margin of 2 pt: a glyph is wider than that,
// and a FangZheng word's last glyph box may end 1.3 pt past the border its ink stays
// left of (chongqing p28 `(%)`).
func crossesRuleBy(w Word, rules []Rule, margin float64) bool {
	for _, r := range rules {
		if r.Horizontal() {
			continue
		}
		if r.X0 > w.X0+margin && r.X0 < w.X1-margin && r.Y0 < w.Y1-1 && r.Y1 > w.Y0+1 {
			return true
		}
	}
	return false
}

// cellOf returns the ruled cell around a word: the nearest rules left, right, above, below.
func cellOf(w Word, rules []Rule) Box {
	c := Box{X0: math.Inf(-1), Y0: math.Inf(-1), X1: math.Inf(1), Y1: math.Inf(1)}
	cx, cy := (w.X0+w.X1)/2, (w.Y0+w.Y1)/2
	for _, r := range rules {
		if r.Horizontal() {
			if r.X0 > cx || r.X1 < cx {
				continue
			}
			if r.Y0 <= w.Y0+1 {
				c.Y0 = math.Max(c.Y0, r.Y0)
			}
			if r.Y0 >= w.Y1-1 {
				c.Y1 = math.Min(c.Y1, r.Y0)
			}
			continue
		}
		if r.Y0 > cy || r.Y1 < cy {
			continue
		}
		if r.X0 <= w.X0+1 {
			c.X0 = math.Max(c.X0, r.X0)
		}
		if r.X0 >= w.X1-1 {
			c.X1 = math.Min(c.X1, r.X0)
		}
	}
	return c
}

// TestAmountsAreWholeTokens: on every table page of the two files with tricky amounts, every
// numeric word is a whole amount, a code/integer, or one half of an amount wrapped inside
// its cell (upper part, then the rest directly below in the same cell); no amount straddles
// a cell border.
func TestAmountsAreWholeTokens(t *testing.T) {
	cases := []struct {
		file        string
		minAmounts  int // at least this many whole amounts on table pages
		wantWrapped []string
	}{
		{"hangzhou-police-2026-budget.pdf", 300, []string{"370,219.25", "293,191.86", "299,901.02", "262,703.20", "260,448.73", "18,536.88", "12,437.3|6"}},
		{"chongqing-econinfo-2026-budget.pdf", 300, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := Open(corpusFile(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			amounts, tables := 0, 0
			wrapped := map[string]bool{}
			// A fragment in the last row of a page may continue at the top of the next page.
			type pending struct {
				page int
				w    Word
			}
			var carried []pending
			for n := 1; n <= f.NumPages(); n++ {
				p, err := f.Page(n)
				if err != nil {
					t.Fatal(err)
				}
				if !tablePage(p) {
					for _, c := range carried {
						t.Errorf("page %d: numeric word %q at (%.1f, %.1f) is neither a whole amount nor a wrapped part", c.page, c.w.Text, c.w.X0, c.w.Y0)
					}
					carried = nil
					continue
				}
				tables++
				used := map[int]bool{}
				topY := math.Inf(1)
				for _, r := range p.Rules {
					if r.Horizontal() {
						topY = math.Min(topY, r.Y0)
					}
				}
				for _, c := range carried {
					found := false
					for j, b := range p.Words {
						if plainIntRe.MatchString(b.Text) && b.X1 > c.w.X0 && b.X0 < c.w.X1+1 && b.Y1 < topY+3*b.Size && amountRe.MatchString(c.w.Text+b.Text) {
							used[j] = true
							wrapped[c.w.Text+"|"+b.Text] = true
							amounts++
							found = true
							break
						}
					}
					if !found {
						t.Errorf("page %d: numeric word %q at (%.1f, %.1f) is neither a whole amount nor a wrapped part", c.page, c.w.Text, c.w.X0, c.w.Y0)
					}
				}
				carried = nil
				for i, w := range p.Words {
					if !numericRe.MatchString(w.Text) || !strings.ContainsAny(w.Text, "0123456789") {
						continue
					}
					if crossesRule(w, p.Rules) {
						t.Errorf("page %d: %q at %.1f..%.1f straddles a vertical rule", n, w.Text, w.X0, w.X1)
					}
					switch {
					case amountRe.MatchString(w.Text):
						amounts++
						continue
					case used[i]:
						continue
					case plainIntRe.MatchString(w.Text) && !strings.Contains(w.Text, ","):
						continue // codes, column numbers
					}
					// A fragment: its continuation must be directly below, in the same cell.
					cell := cellOf(w, p.Rules)
					found := false
					for j, b := range p.Words {
						if j == i || !plainIntRe.MatchString(b.Text) {
							continue
						}
						if b.Baseline <= w.Baseline || b.X0 < cell.X0 || b.X1 > cell.X1 || b.Y1 > cell.Y1+1 {
							continue
						}
						if amountRe.MatchString(w.Text + b.Text) {
							used[j] = true
							wrapped[w.Text+b.Text] = true
							amounts++
							found = true
							break
						}
					}
					if !found {
						carried = append(carried, pending{n, w})
					}
				}
			}
			for _, c := range carried {
				t.Errorf("page %d: numeric word %q at (%.1f, %.1f) is neither a whole amount nor a wrapped part", c.page, c.w.Text, c.w.X0, c.w.Y0)
			}
			t.Logf("%s: %d table pages, %d amounts as whole tokens, %d of them wrapped in their cell", c.file, tables, amounts, len(wrapped))
			if amounts < c.minAmounts {
				t.Errorf("only %d amounts found on table pages, want at least %d", amounts, c.minAmounts)
			}
			for _, a := range c.wantWrapped {
				if !wrapped[a] {
					t.Errorf("wrapped amount %s not found as two tokens in one cell", a)
				}
			}
		})
	}
}

// renderedLines counts the distinct horizontal and vertical lines pdftoppm draws on a page:
// rows (columns) of the grey image with a dark run at least minLen points long.
func renderedLines(t *testing.T, path string, page int, minLen float64) (hs, vs []float64) {
	t.Helper()
	const dpi = 100
	dir := t.TempDir()
	out := filepath.Join(dir, "p")
	cmd := exec.Command("pdftoppm", "-gray", "-r", fmt.Sprint(dpi), "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-singlefile", path, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, b)
	}
	data, err := os.ReadFile(out + ".pgm")
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(bytes.NewReader(data))
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil || magic != "P5" {
		t.Fatalf("not a P5 PGM: %v", err)
	}
	r.ReadByte()
	pix := make([]byte, w*h)
	if _, err := io.ReadFull(r, pix); err != nil {
		t.Fatal(err)
	}
	scale := 72.0 / dpi
	minPx := int(minLen / scale)
	dark := func(x, y int) bool { return pix[y*w+x] < 160 }
	var rows, cols []int
	for y := 0; y < h; y++ {
		run := 0
		for x := 0; x < w; x++ {
			if dark(x, y) {
				run++
				if run >= minPx {
					rows = append(rows, y)
					break
				}
			} else {
				run = 0
			}
		}
	}
	for x := 0; x < w; x++ {
		run := 0
		for y := 0; y < h; y++ {
			if dark(x, y) {
				run++
				if run >= minPx {
					cols = append(cols, x)
					break
				}
			} else {
				run = 0
			}
		}
	}
	return clusterPx(rows, scale), clusterPx(cols, scale)
}

// clusterPx merges adjacent pixel rows (one line is 1–3 px thick) into positions in points.
func clusterPx(px []int, scale float64) []float64 {
	var out []float64
	for i := 0; i < len(px); {
		j := i
		for j+1 < len(px) && px[j+1]-px[j] <= 2 {
			j++
		}
		out = append(out, float64(px[i]+px[j])/2*scale)
		i = j + 1
	}
	return out
}

// distinctRulePositions returns the distinct y of horizontal (x of vertical) rules at least
// minLen long, merging positions closer than 2 pt (what the rendering can separate).
func distinctRulePositions(rules []Rule, horizontal bool, minLen float64) []float64 {
	var pos []float64
	for _, r := range rules {
		if r.Horizontal() != horizontal {
			continue
		}
		if horizontal && r.X1-r.X0 >= minLen {
			pos = append(pos, r.Y0)
		}
		if !horizontal && r.Y1-r.Y0 >= minLen {
			pos = append(pos, r.X0)
		}
	}
	sort.Float64s(pos)
	var out []float64
	for _, p := range pos {
		if len(out) == 0 || p-out[len(out)-1] > 2 {
			out = append(out, p)
		}
	}
	return out
}

// TestPutuoGrid: on every table page of the Putuo budgets the rules extracted are the lines
// the page shows: the same number of distinct horizontal and vertical lines as in the
// rendering, each within 1.5 pt of a rendered line.
func TestPutuoGrid(t *testing.T) {
	needTool(t, "pdftoppm")
	for _, name := range []string{"putuo-govoffice-2025-budget.pdf", "putuo-commerce-2025-budget.pdf", "putuo-wanli-2024-budget.pdf"} {
		t.Run(name, func(t *testing.T) {
			path := corpusFile(t, name)
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			const minLen = 30 // pt: longer than any glyph stroke (an 18 pt title has 14 pt strokes)
			pages, hTotal, vTotal := 0, 0, 0
			for n := 1; n <= f.NumPages(); n++ {
				p, err := f.Page(n)
				if err != nil {
					t.Fatal(err)
				}
				if !tablePage(p) {
					continue
				}
				pages++
				oh := distinctRulePositions(p.Rules, true, minLen)
				ov := distinctRulePositions(p.Rules, false, minLen)
				rh, rv := renderedLines(t, path, n, minLen)
				hTotal += len(oh)
				vTotal += len(ov)
				if len(oh) != len(rh) || len(ov) != len(rv) {
					t.Errorf("page %d: extracted %d horizontal / %d vertical rules, the rendering shows %d / %d", n, len(oh), len(ov), len(rh), len(rv))
					continue
				}
				for i := range oh {
					if math.Abs(oh[i]-rh[i]) > 1.5 {
						t.Errorf("page %d: horizontal rule %d at y=%.1f, rendered at %.1f", n, i, oh[i], rh[i])
					}
				}
				for i := range ov {
					if math.Abs(ov[i]-rv[i]) > 1.5 {
						t.Errorf("page %d: vertical rule %d at x=%.1f, rendered at %.1f", n, i, ov[i], rv[i])
					}
				}
			}
			t.Logf("%s: %d table pages, %d horizontal and %d vertical distinct rules extracted", name, pages, hTotal, vTotal)
			if pages == 0 {
				t.Error("no table pages found")
			}
		})
	}
}

// TestNoWordAcrossRules: on every page of every corpus file, no word runs across a vertical
// ruling line (a cell border is a word break however close the glyphs are: FangZheng places
// adjacent cells' amounts 4 pt apart, Chongqing `244,895.02` | `192,446.79`), rules drawn as
// filled polygons (Guangzhou) included.
func TestNoWordAcrossRules(t *testing.T) {
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			words, ruled := 0, 0
			for n := 1; n <= f.NumPages(); n++ {
				p, err := f.Page(n)
				if err != nil {
					t.Errorf("page %d: %v", n, err)
					continue
				}
				if len(p.Rules) > 0 {
					ruled++
				}
				for _, w := range p.Words {
					words++
					if crossesRuleBy(w, p.Rules, 2) {
						t.Errorf("page %d: %q at %.1f..%.1f runs across a vertical rule", n, w.Text, w.X0, w.X1)
					}
				}
			}
			t.Logf("%d words on %d pages (%d with rules)", words, f.NumPages(), ruled)
		})
	}
}
