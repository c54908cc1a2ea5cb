package tables

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
)

// docMeta reads budget vs final accounts, year and issuer from the tables and the prose
// (the year also from year lines printed under table titles, when nothing else says it).
func docMeta(doc *Document, titleYears []int, set *Settings) (kind string, year int, issuer string) {
	var titles []string
	for _, t := range doc.Tables {
		titles = append(titles, t.Title)
	}
	var early []string
	for _, l := range doc.Prose {
		if l.Page <= set.CoverPages {
			early = append(early, compact(l.Text))
		}
	}
	all := strings.Join(append(early, titles...), "|")
	fin, bud := strings.Count(all, "决算"), strings.Count(all, "预算")
	switch {
	case fin > 0 && fin*3 >= bud:
		kind = "final"
	case bud > 0:
		kind = "budget"
	}
	for _, s := range append(early, titles...) {
		if m := yearRe.FindStringSubmatch(s); m != nil {
			year, _ = strconv.Atoi(m[1])
			break
		}
	}
	if year == 0 && len(titleYears) > 0 {
		year = titleYears[0]
	}
	counts := map[string]int{}
	for _, t := range doc.Tables {
		if t.Issuer != "" {
			counts[t.Issuer]++
		}
	}
	if len(counts) == 0 {
		for _, s := range early {
			if m := issuerRe.FindStringSubmatch(s); m != nil && m[1] != "" {
				counts[compact(m[1])]++
				break
			}
		}
	}
	if len(counts) == 0 {
		if s := coverIssuer(doc.Prose, set); s != "" {
			counts[s]++
		}
	}
	type kv struct {
		k string
		n int
	}
	var kvs []kv
	for k, n := range counts {
		kvs = append(kvs, kv{k, n})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].n > kvs[j].n || kvs[i].n == kvs[j].n && kvs[i].k < kvs[j].k })
	if len(kvs) > 0 {
		issuer = kvs[0].k
	}
	return kind, year, issuer
}

// coverDocRe reads the cover's document line, its lines joined: the issuer stands before the
// year (`国家信访局2024年度部门决算`) or between the year and the document word
// (`2026年度苏州市生态环境局单位预算公开`, `2026` / `福州市医疗保障局` / `部门预算`).
var coverDocRe = regexp.MustCompile(`^(.*?)20[0-9]{2}\s*(?:年度?)?(.*?)(?:部门|单位)?(?:综合)?(?:预算|决算)`)

// partHeadingRe matches a heading of a document part or a contents entry (`第二部分 2026年度
// 部门预算报表`, `一、收支总表`): such a line names a part, never the issuer.
var partHeadingRe = regexp.MustCompile(`^(?:第[一二三四五六七八九十0-9]+部分|[一二三四五六七八九十]+[、.．]|目录)`)

// coverIssuer reads the issuer from the cover page: the document line (the first line that
// says 预算 or 决算 and is not a part heading), with the lines of the same title block above
// it (same height, no wider gap than a line) joined when the cover prints it over several
// lines (`上海市普陀区规划和自然` / `资源局` / `2024 年度部门决算`).
func coverIssuer(prose []ProseLine, set *Settings) string {
	var first []ProseLine
	for _, l := range prose {
		if l.Page == prose[0].Page {
			first = append(first, l)
		}
	}
	for i, l := range first {
		c := compact(l.Text)
		if !strings.Contains(c, "预算") && !strings.Contains(c, "决算") || partHeadingRe.MatchString(c) {
			continue
		}
		text, below := c, l.Box
		for j := i - 1; j >= 0 && j >= i-set.CoverMaxLines; j-- {
			p := first[j]
			if !coverLine(compact(p.Text), set) || !sameBlock(p.Box, below, set) {
				break
			}
			text, below = compact(p.Text)+text, p.Box
		}
		m := coverDocRe.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		name := m[1]
		if name == "" {
			name = m[2]
		}
		name = strings.TrimPrefix(name, "年度")
		if name != "" && !partHeadingRe.MatchString(name) {
			return name
		}
	}
	return ""
}

// sameBlock reports whether line a, printed above line b, belongs to the same title block:
// heights alike and a gap of about a line's height at most (Settings.CoverHeightShare,
// CoverOverlapLines, CoverGapLines).
func sameBlock(a, b extract.Box, set *Settings) bool {
	ha, hb := a.Y1-a.Y0, b.Y1-b.Y0
	if ha <= 0 || hb <= 0 || math.Abs(ha-hb) > set.CoverHeightShare*max(ha, hb) {
		return false
	}
	gap := b.Y0 - a.Y1
	return gap > -set.CoverOverlapLines*hb && gap <= set.CoverGapLines*max(ha, hb)
}

// coverLine reports a line that can be part of the cover's document line: short, no
// punctuation, not a part heading.
func coverLine(s string, set *Settings) bool {
	return s != "" && len([]rune(s)) <= set.CoverLineRunes && !strings.ContainsAny(s, "：:，。、") && !partHeadingRe.MatchString(s)
}
