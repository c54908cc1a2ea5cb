package extract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// The corpus tests compare this package with poppler's pdftotext on every real disclosure
// in ../shared/corpus/real. They skip (saying why) when pdftotext is absent; a missing
// corpus is a skip locally and a failure under CI (internal/corpus).

var corpusDir = corpus.Dir("corpus/real")

func corpusFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.pdf"))
	if len(files) == 0 {
		corpus.Missing(t, corpusDir, os.ErrNotExist)
	}
	sort.Strings(files)
	return files
}

func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (apt-get install poppler-utils)", name)
	}
}

// popplerPage is what pdftotext -bbox reads on one page.
type popplerPage struct {
	Width, Height float64
	Words         []popplerWord
}

type popplerWord struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

var popplerCache sync.Map // path → []popplerPage

// popplerBBox runs pdftotext -bbox once per file.
func popplerBBox(t testing.TB, path string) []popplerPage {
	t.Helper()
	if v, ok := popplerCache.Load(path); ok {
		return v.([]popplerPage)
	}
	out, err := exec.Command("pdftotext", "-q", "-enc", "UTF-8", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	var pages []popplerPage
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(n string) float64 {
			for _, a := range se.Attr {
				if a.Name.Local == n {
					var v float64
					fmt.Sscan(a.Value, &v)
					return v
				}
			}
			return 0
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, popplerPage{Width: attr("width"), Height: attr("height")})
		case "word":
			var text string
			if err := dec.DecodeElement(&text, &se); err == nil && len(pages) > 0 {
				p := &pages[len(pages)-1]
				p.Words = append(p.Words, popplerWord{Text: text, XMin: attr("xMin"), YMin: attr("yMin"), XMax: attr("xMax"), YMax: attr("yMax")})
			}
		}
	}
	popplerCache.Store(path, pages)
	return pages
}

// numberToken is a number pdftotext reads as one token: 3+ digits with separators/decimals.
var numberToken = regexp.MustCompile(`^[-−]?\d[\d,]*(\.\d+)?$`)

func isAmountToken(s string) bool {
	if !numberToken.MatchString(s) {
		return false
	}
	d := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d++
		}
	}
	return d >= 3
}

func charCounts(texts []string) map[rune]int {
	m := map[rune]int{}
	for _, s := range texts {
		for _, r := range s {
			if !unicode.IsSpace(r) {
				m[r]++
			}
		}
	}
	return m
}

// commonChars returns Σ min over the two multisets and the larger total.
func commonChars(a, b map[rune]int) (common, total int) {
	ta, tb := 0, 0
	for r, n := range a {
		ta += n
		common += min(n, b[r])
	}
	for _, n := range b {
		tb += n
	}
	return common, max(ta, tb)
}

type fileFigures struct {
	name                  string
	textPages, pages      int
	common, total         int
	numbers, numbersFound int
	numbersJoined         int // pdftotext split them; this package's word is their concatenation
	numbersClipped        int // clipped away: pdftotext reads them, the page does not show them
	missingNumbers        []string
	worstPage             int
	worstShare            float64
	boxWords, boxAgree    int
	boxFixed              int // words whose font metrics were corrected: not compared
	boxWorst              float64
	verdicts              map[Verdict]int
	extractErrors         []string
	clipped               int
	charDiff              map[int]string // page → a short description of the differences
}

// compareFile extracts every page and compares it with pdftotext -bbox.
func compareFile(t testing.TB, path string) fileFigures {
	ff := fileFigures{name: filepath.Base(path), verdicts: map[Verdict]int{}, worstShare: 1, charDiff: map[int]string{}}
	pp := popplerBBox(t, path)
	f, err := Open(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer f.Close()
	ff.pages = f.NumPages()
	if len(pp) != ff.pages {
		t.Errorf("%s: %d pages, pdftotext reads %d", ff.name, ff.pages, len(pp))
	}
	for n := 1; n <= ff.pages && n <= len(pp); n++ {
		p, err := f.Page(n)
		if err != nil {
			ff.extractErrors = append(ff.extractErrors, err.Error())
			continue
		}
		ff.verdicts[p.Verdict]++
		if p.Verdict != VerdictText {
			continue
		}
		ff.textPages++
		ours := make([]string, len(p.Words))
		words := map[string]int{}
		for i, w := range p.Words {
			ours[i] = w.Text
			words[w.Text]++
		}
		var theirs []string
		for _, w := range pp[n-1].Words {
			theirs = append(theirs, w.Text)
		}
		// pdftotext ignores clipping paths; text this package drops as clipped counts on
		// its side too (what is clipped is checked by the golden tests).
		// pdftotext drops only glyphs whose origin is off the page.
		for _, g := range p.clipped {
			if g.ox >= 0 && g.ox <= p.Width && g.oy >= 0 && g.oy <= p.Height {
				ours = append(ours, g.text)
				ff.clipped++
			}
		}
		a, b := charCounts(ours), charCounts(theirs)
		c, tot := commonChars(a, b)
		ff.common += c
		ff.total += tot
		if tot > 0 {
			share := float64(c) / float64(tot)
			if share < ff.worstShare {
				ff.worstShare, ff.worstPage = share, n
			}
			if c < tot {
				ff.charDiff[n] = diffDescription(a, b)
			}
		}
		joined := joinedFragments(p.Words, pp[n-1].Words)
		var clippedText strings.Builder
		for _, g := range p.clipped {
			clippedText.WriteString(g.text)
		}
		for i, w := range pp[n-1].Words {
			if isAmountToken(w.Text) {
				ff.numbers++
				switch {
				case words[w.Text] > 0:
					ff.numbersFound++
				case joined[i]:
					ff.numbersFound++
					ff.numbersJoined++
				case strings.Contains(clippedText.String(), w.Text):
					// Drawn outside the clipping path: invisible, so not a word (pdftotext
					// ignores clipping).
					ff.numbersFound++
					ff.numbersClipped++
				case len(ff.missingNumbers) < 40:
					ff.missingNumbers = append(ff.missingNumbers, fmt.Sprintf("p%d %q", n, w.Text))
				}
			}
		}
		// Words whose boxes were corrected differ from pdftotext's on purpose in the corrected
		// edges: corrected font metrics change the height, a corrected advance the right end.
		byFix := map[uint8][]Word{}
		for i, w := range p.Words {
			byFix[p.boxFixes[i]] = append(byFix[p.boxFixes[i]], w)
		}
		var agree, total int
		var worst float64
		for fix, ws := range byFix {
			a, tot, wo := compareBoxes(ws, pp[n-1].Words, fix)
			agree, total, worst = agree+a, total+tot, math.Max(worst, wo)
			if fix != 0 {
				ff.boxFixed += tot
			}
		}
		ff.boxAgree += agree
		ff.boxWords += total
		ff.boxWorst = math.Max(ff.boxWorst, worst)
	}
	return ff
}

// joinedFragments marks the pdftotext amount tokens that are pieces of one of our amount
// words: the word contains the token's text and spans its box on the same line. pdftotext
// splits amounts drawn as overlapping runs (244,895 + .02) and, with bogus advances, glues
// the rest to the next column (.02192,446); the golden tests pin those pages down.
func joinedFragments(ours []Word, theirs []popplerWord) map[int]bool {
	out := map[int]bool{}
	for i, t := range theirs {
		if !isAmountToken(t.Text) {
			continue
		}
		for _, w := range ours {
			if isAmountToken(w.Text) && len(w.Text) > len(t.Text) && strings.Contains(w.Text, t.Text) &&
				w.Y0 < t.YMax && t.YMin < w.Y1 && t.XMin >= w.X0-1 && t.XMax <= w.X1+1 {
				out[i] = true
				break
			}
		}
	}
	return out
}

// diffDescription lists characters one side has more of than the other.
func diffDescription(ours, theirs map[rune]int) string {
	var more, less []string
	for r, n := range ours {
		if d := n - theirs[r]; d > 0 {
			more = append(more, fmt.Sprintf("%q×%d", r, d))
		}
	}
	for r, n := range theirs {
		if d := n - ours[r]; d > 0 {
			less = append(less, fmt.Sprintf("%q×%d", r, d))
		}
	}
	sort.Strings(more)
	sort.Strings(less)
	if len(more) > 8 {
		more = append(more[:8], "…")
	}
	if len(less) > 8 {
		less = append(less[:8], "…")
	}
	return fmt.Sprintf("only ours: %s; only pdftotext: %s", strings.Join(more, " "), strings.Join(less, " "))
}

// compareBoxes matches words with the same text (in order of appearance) and measures how far
// their boxes are apart. A word agrees when every edge is within 1 pt.
func compareBoxes(ours []Word, theirs []popplerWord, fix uint8) (agree, total int, worst float64) {
	byText := map[string][]Word{}
	for _, w := range ours {
		byText[w.Text] = append(byText[w.Text], w)
	}
	for _, pw := range theirs {
		cands := byText[pw.Text]
		if len(cands) == 0 {
			continue
		}
		best, bi := math.Inf(1), -1
		for i, w := range cands {
			d := math.Abs(w.X0 - pw.XMin)
			if fix&boxFixAdvance == 0 {
				d = math.Max(d, math.Abs(w.X1-pw.XMax))
			}
			if fix&boxFixMetrics != 0 {
				// Same line: the vertical ranges overlap.
				if w.Y0 >= pw.YMax || pw.YMin >= w.Y1 {
					continue
				}
			} else {
				d = math.Max(d, math.Max(math.Abs(w.Y0-pw.YMin), math.Abs(w.Y1-pw.YMax)))
			}
			if d < best {
				best, bi = d, i
			}
		}
		if best > 20 { // a different occurrence of the same text
			continue
		}
		cands[bi] = cands[len(cands)-1]
		byText[pw.Text] = cands[:len(cands)-1]
		total++
		if best <= 1 {
			agree++
		}
		worst = math.Max(worst, best)
	}
	return agree, total, worst
}

// Floors the corpus must meet (the "must show" items).
const (
	minCharShare   = 0.999
	minNumberShare = 1.0
	minBoxShare    = 0.99
)

func TestCorpusAgainstPdftotext(t *testing.T) {
	files := corpusFiles(t)
	needTool(t, "pdftotext")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ff := compareFile(t, path)
			for _, e := range ff.extractErrors {
				t.Errorf("extract error: %s", e)
			}
			share := 1.0
			if ff.total > 0 {
				share = float64(ff.common) / float64(ff.total)
			}
			numShare := 1.0
			if ff.numbers > 0 {
				numShare = float64(ff.numbersFound) / float64(ff.numbers)
			}
			boxShare := 1.0
			if ff.boxWords > 0 {
				boxShare = float64(ff.boxAgree) / float64(ff.boxWords)
			}
			t.Logf("%s: %d pages (%v); text pages %d (%d glyphs clipped on the page): chars in common %d/%d = %.4f%% (worst page %d: %.2f%%); numbers %d/%d (%d inside a longer word of ours, %d clipped); boxes within 1pt %d/%d = %.2f%% (worst %.2f pt; of them %d with corrected boxes, compared on the uncorrected edges)",
				ff.name, ff.pages, ff.verdicts, ff.textPages, ff.clipped, ff.common, ff.total, 100*share, ff.worstPage, 100*ff.worstShare,
				ff.numbersFound, ff.numbers, ff.numbersJoined, ff.numbersClipped, ff.boxAgree, ff.boxWords, 100*boxShare, ff.boxWorst, ff.boxFixed)
			pages := make([]int, 0, len(ff.charDiff))
			for n := range ff.charDiff {
				pages = append(pages, n)
			}
			sort.Ints(pages)
			for i, n := range pages {
				if i >= 5 {
					t.Logf("  … %d more pages differ", len(pages)-i)
					break
				}
				t.Logf("  page %d: %s", n, ff.charDiff[n])
			}
			if len(ff.missingNumbers) > 0 {
				t.Logf("  numbers not found as words: %s", strings.Join(ff.missingNumbers, ", "))
			}
			if share < minCharShare {
				t.Errorf("characters in common with pdftotext %.4f%% < %.1f%%", 100*share, 100*minCharShare)
			}
			if numShare < minNumberShare {
				t.Errorf("numbers found as whole words %d/%d", ff.numbersFound, ff.numbers)
			}
			if boxShare < minBoxShare {
				t.Errorf("word boxes within 1 pt of pdftotext %.2f%% < %.0f%%", 100*boxShare, 100*minBoxShare)
			}
		})
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
