package tables

import (
	"regexp"
	"strconv"
	"strings"
)

// rowCells returns the cells that start in atomic row r, left to right.
func (g *grid) rowCells(r int) []*gcell {
	var out []*gcell
	for c := 0; c < g.ncols(); c++ {
		cl := g.owner[r][c]
		if cl.r0 == r && cl.c0 == c {
			out = append(out, cl)
		}
	}
	return out
}

// isSeqRow reports whether a row holds column numbers (`栏次 1 2 3`, `** 1 2 … 17`,
// `甲 乙 1 2`): part of the header, never a path level or a data row.
func isSeqRow(cells []*gcell) bool {
	var nums []int
	garbled := 0
	label := false
	for _, cl := range cells {
		t := compact(cl.text)
		if t == "" {
			continue
		}
		if n, err := strconv.Atoi(t); err == nil && n >= 0 && n < 100 {
			nums = append(nums, n)
			continue
		}
		if strings.Trim(t, "\uFFFD") == "" && len([]rune(t)) <= 2 {
			// Undecodable digits: a short number where column numbers go; order unknown.
			garbled++
			continue
		}
		switch t {
		case "栏次", "行次", "**", "*", "甲", "乙", "丙", "丁", "—", "-":
			label = true
			continue
		}
		return false
	}
	if garbled > 0 {
		return len(nums)+garbled >= 2 && garbled*2 >= len(nums)+garbled
	}
	if len(nums) < 2 && !(label && len(nums) >= 1) {
		return false
	}
	for i := 1; i < len(nums); i++ {
		if nums[i] != nums[i-1]+1 {
			return false
		}
	}
	return true
}

var yearInTextRe = regexp.MustCompile(`(?:19|20)[0-9]{2}\s*年`)

// titleInGridRe matches text that is a table's title or meta line printed inside its frame.
var titleInGridRe = regexp.MustCompile(`表$|单位[：:]|编制(部门|单位)|部门名称|单位名称`)

// isDataRow reports whether a row belongs to the body: it holds an amount (not a column
// number), or its first text is a subject code, an enumerated item (`一、`, `（一）`, `1.`),
// or a total line (`合计` with nothing but amounts beside it).
func isDataRow(cells []*gcell) bool {
	// A number read under a seal among header labels is the seal's strokes (`86 | 预算数 |
	// 支出功能分科目（按大类） | 预算数`: the seal sits on the row's 项目): the row is read
	// without it.
	if sealedHeaderRow(cells) {
		var kept []*gcell
		for _, cl := range cells {
			if !sealedNumber(cl) {
				kept = append(kept, cl)
			}
		}
		cells = kept
	}
	var texts []string
	for _, cl := range cells {
		if t := strings.TrimSpace(cl.text); t != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) == 0 {
		return false
	}
	if isSeqRow(cells) {
		return false
	}
	for _, t := range texts {
		// A year in a header label (`2024年“三公”经费预算数`) is not an amount, nor is a
		// digit inside other text (OCR noise under a seal: `1 ii`): a cell counts when all
		// of it reads as numbers.
		if isNumericText(yearInTextRe.ReplaceAllString(t, "")) {
			return true
		}
	}
	first := texts[0]
	if codeRe.MatchString(strings.Fields(first)[0]) || isCodeName(first) || enumRe.MatchString(first) {
		return true
	}
	if isTotalName(first) || strings.HasPrefix(compact(first), "其中") {
		for _, t := range texts[1:] {
			if hasHan(t) {
				return false
			}
		}
		return true
	}
	return false
}

// headerSplit finds where the header ends: meta rows first (a title or unit line printed
// inside the frame), then header rows up to the first data row. Column-number rows inside
// the header are reported so they are left out of column paths.
func (g *grid) headerSplit() (meta, body int, seq map[int]bool) {
	seq = map[int]bool{}
	nr := g.nrows()
	r := 0
	for ; r < nr; r++ {
		cells := nonEmpty(g.rowCells(r))
		if len(cells) == 0 {
			if r == meta {
				meta++
			}
			continue
		}
		if len(cells) == 1 && cells[0].c1-cells[0].c0+1 >= max(1, int(g.set.TitleRowSpan*float64(g.ncols()))) && titleInGridRe.MatchString(compact(cells[0].text)) && r == meta {
			meta++
			continue
		}
		break
	}
	if g.form {
		return meta, meta, seq
	}
	body = nr
	indicators := false
	if k := g.indicatorRow(meta); k >= 0 && !g.formAbove(meta, k) {
		// An indicator table: its header ends with the indicator row (see performance.go).
		body = k + 1
		r = nr
		indicators = true
	}
	for ; r < nr; r++ {
		cells := g.rowCells(r)
		if isSeqRow(cells) {
			seq[r] = true
			continue
		}
		if isDataRow(cells) {
			body = r
			break
		}
	}
	// A header with no data row under it: the rows after the last row holding header
	// words are the (empty or text-only) body. Without that guess an empty table's header
	// would swallow its item lines; keep it simple: a table with no data row has a header
	// only when its first rows hold header vocabulary.
	if body == nr {
		body = meta
		for r := meta; r < nr; r++ {
			cells := nonEmpty(g.rowCells(r))
			if len(cells) == 0 || seq[r] {
				body = r + 1
				continue
			}
			if !isHeaderVocab(cells, g.set.HeaderVocabShare) {
				break
			}
			body = r + 1
		}
	}
	// The header ends where its vertically merged cells end.
	for changed := true; changed; {
		changed = false
		for r := meta; r < body; r++ {
			for c := 0; c < g.ncols(); c++ {
				cl := g.owner[r][c]
				if indicators && cl.r1-body >= 2 {
					continue // the label running down the indicator rows (`绩效指标`)
				}
				if cl.r1 >= body && cl.r0 < body && cl.text != "" && cl.r1 < nr-1 {
					body = cl.r1 + 1
					changed = true
				}
			}
		}
	}
	return meta, body, seq
}

// sealedHeaderRow reports whether a row holds a number read under a seal and, besides
// such numbers, at least two cells, all header vocabulary and none a number.
func sealedHeaderRow(cells []*gcell) bool {
	var rest []*gcell
	sealed := false
	for _, cl := range nonEmpty(cells) {
		if sealedNumber(cl) && isNumericText(cl.text) {
			sealed = true
			continue
		}
		if isNumericText(cl.text) {
			return false
		}
		rest = append(rest, cl)
	}
	return sealed && len(rest) >= 2 && isHeaderVocab(rest, 1)
}

func nonEmpty(cells []*gcell) []*gcell {
	var out []*gcell
	for _, c := range cells {
		if strings.TrimSpace(c.text) != "" {
			out = append(out, c)
		}
	}
	return out
}

// headerWords are words that header cells are made of.
var headerWords = []string{"项目", "科目", "编码", "名称", "合计", "小计", "总计", "预算", "决算", "金额", "收入", "支出",
	"经费", "类", "款", "项", "栏次", "行次", "本年", "上年", "结转", "结余", "数", "费", "单位", "资金", "拨款"}

// isHeaderVocab reports whether at least share of cells use a header word.
func isHeaderVocab(cells []*gcell, share float64) bool {
	hits := 0
	for _, cl := range cells {
		t := compact(cl.text)
		for _, w := range headerWords {
			if strings.Contains(t, w) {
				hits++
				break
			}
		}
	}
	return float64(hits) >= share*float64(len(cells))
}
