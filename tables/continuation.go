package tables

import (
	"strings"
	"unicode"

	"github.com/budgetpdf/budgetpdf/internal/editdist"
)

// joinParts groups page parts into logical tables: a part continues the table before it
// when it is marked 续表, or repeats its title, or has no title of its own, starts its page
// while the previous part ended the page before, and has compatible columns.
func joinParts(parts []*pageTable, set *Settings) []*tableParts {
	var out []*tableParts
	for _, pt := range parts {
		if n := len(out); n > 0 && continues(out[n-1], pt, set) {
			h := out[n-1].headerPart()
			if len(pt.paths) > 0 && len(h.paths) > 0 && !samePaths(pt.paths, h.paths) && !((pt.ocr || h.ocr) && (similarPaths(pt.paths, h.paths, set) || repeatedHeader(pt, h, set))) {
				// What looked like a header is the top of the continued body.
				pt.readAsBody()
			}
			out[n-1].parts = append(out[n-1].parts, pt)
			continue
		}
		out = append(out, &tableParts{parts: []*pageTable{pt}})
	}
	return out
}

// repeatedHeader reports whether an OCR continuation page's header rows are the header
// printed again even though they read unlike the first page's (a seal over one of them:
// `项OG` there, `收AL` here): as many columns, header words in most cells, and no amount in
// any; the top of a continued body that passed for a header has amounts or item names.
func repeatedHeader(pt, h *pageTable, set *Settings) bool {
	if !pt.ocr || len(pt.cols) != len(h.cols) {
		return false
	}
	seen := map[*gcell]bool{}
	var cells []*gcell
	for _, level := range pt.headerLevels {
		for _, cl := range level {
			if cl == nil || seen[cl] || strings.TrimSpace(cl.text) == "" {
				continue
			}
			seen[cl] = true
			if isAmountLike(cl.text) {
				return false
			}
			cells = append(cells, cl)
		}
	}
	return len(cells) > 0 && isHeaderVocab(cells, set.HeaderVocabShare)
}

func continues(tp *tableParts, pt *pageTable, set *Settings) bool {
	last := tp.last()
	if pt.page != last.page+1 || !pt.firstOnPage || !last.lastOnPage {
		return false
	}
	if pt.meta.continued {
		return true
	}
	f := tp.first()
	if pt.meta.title != "" || pt.meta.number != "" {
		sameNumber := pt.meta.number == "" || f.meta.number == "" || pt.meta.number == f.meta.number
		same := sameNumber && (pt.meta.title != "" && compact(pt.meta.title) == compact(f.meta.title) ||
			pt.meta.number != "" && pt.meta.number == f.meta.number && pt.meta.title == "" ||
			(pt.ocr || f.ocr) && similarTitle(pt.meta.title, f.meta.title))
		if !same {
			return false
		}
	}
	h := tp.headerPart()
	if len(pt.paths) > 0 && len(h.paths) > 0 && (samePaths(pt.paths, h.paths) || (pt.ocr || h.ocr) && similarPaths(pt.paths, h.paths, set)) {
		return true
	}
	if len(pt.cols) == len(h.cols) {
		return true
	}
	// Different column counts: continuation when most column edges line up.
	return edgesMatch(h, pt, set.EdgeTolPt) >= set.EdgeMatchShare
}

// similarTitle reports whether two OCR readings of a repeated title are one title: the same
// Han characters, whatever OCR made of seal ink or the table number around them (`4i支出总表`,
// `3支出总表`, `Pee支出总表` for 3 支出总表). A different title differs in its Han words
// (按功能分类 / 按经济分类), so it still starts a table of its own.
func similarTitle(a, b string) bool {
	ha, hb := hanOnly(a), hanOnly(b)
	return ha != "" && ha == hb
}

func hanOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func samePaths(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "/") != strings.Join(b[i], "/") {
			return false
		}
	}
	return true
}

// similarPaths reports whether two OCR readings of a header are the same header: as many
// columns, and at least 80 % of them read alike (edit similarity ≥ 0.6 — `国有资本经营` /
// `国有资本经营预算`, `科目编码/类` / `科目编码/E`, a level lost under a seal). A repeated
// header that is not recognised is read as body and its lines become rows of header text.
func similarPaths(a, b [][]string, set *Settings) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	alike := 0
	for i := range a {
		if pathSimilarity(a[i], b[i]) >= set.PathSimilarity {
			alike++
		}
	}
	return float64(alike)/float64(len(a)) >= set.PathAlikeShare
}

func pathSimilarity(a, b []string) float64 {
	x, y := []rune(strings.Join(a, "/")), []rune(strings.Join(b, "/"))
	if len(x) == 0 && len(y) == 0 {
		return 1
	}
	return 1 - float64(editdist.Levenshtein(x, y))/float64(max(len(x), len(y)))
}

func edgesMatch(a, b *pageTable, tol float64) float64 {
	hits := 0
	for _, x := range b.g.xs {
		for _, y := range a.g.xs {
			if x-y < tol && y-x < tol {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(b.g.xs))
}
