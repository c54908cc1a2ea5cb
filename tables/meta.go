package tables

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/vocab"
)

var (
	// issuerRe finds the issuer (`编制部门：…`, `部门名称：…`, `单位名称：…`, `部门：…`,
	// `编制单位：…`, `资金主管部门：…`); the issuer runs up to the unit or the end.
	issuerRe = regexp.MustCompile(`(?:编制部门（单位）|编制部门\(单位\)|编制部门|编制单位|部门名称|单位名称|预算单位|主管部门|部门)\s*[：:]\s*(.*?)\s*(?:金额单位|单位\s*[：:]|$)`)
	// tableNoRe finds a printed table number at the start of a title line (vocab.TableNumberRe).
	tableNoRe = vocab.TableNumberRe
	// titleRe matches a line that reads as a table title.
	titleRe = regexp.MustCompile(`表\s*(?:[（(].*[)）])?\s*$|情况表|总表|明细表|预算表|决算表|一览表|目标表|情况$|[^表]表[（(]`)
	yearRe  = regexp.MustCompile(`(20[0-9]{2})\s*年`)
)

// absorb takes one line printed around (or inside the frame of) a table and keeps what it
// says: issuer, unit, number, title. It reports whether the line was meta.
func (m *tableMeta) absorb(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return false
	}
	meta := false
	// The unit is the first `单位：` followed by a unit: the issuer and the unit can share
	// a line, both introduced by 单位 (`编制单位：上海…办公室 单位：元`, `预算单位：西安市… 金额单位：元`,
	// `单位：苏州市生态环境局 单位：万元`).
	units := vocab.UnitRe.FindAllStringSubmatchIndex(t, -1)
	for _, loc := range units {
		if loc[2] >= 0 && m.unit == "" {
			m.unit = t[loc[2]:loc[3]]
			break
		}
	}
	if len(units) > 0 {
		meta = true
	}
	if sm := issuerRe.FindStringSubmatch(t); sm != nil && !strings.HasPrefix(compact(t), "单位：") && !strings.HasPrefix(compact(t), "单位:") {
		if v := strings.TrimSpace(sm[1]); v != "" && m.issuer == "" {
			m.issuer = compact(v)
		}
		meta = true
	} else if len(units) >= 2 && units[0][2] < 0 && m.issuer == "" {
		// `单位：苏州市生态环境局 … 单位：万元`: the first 单位 names the issuer.
		if v := compact(t[units[0][1]:units[1][0]]); v != "" {
			m.issuer = v
		}
	}
	if meta {
		return true
	}
	c := compact(t)
	if c == "万元" || c == "元" {
		if m.unit == "" {
			m.unit = c
		}
		return true
	}
	if loc := tableNoRe.FindStringSubmatchIndex(t); loc != nil {
		if m.number == "" {
			m.number = compact(t[loc[2]:loc[3]])
		}
		rest := strings.TrimSpace(t[loc[1]:])
		if rest != "" && m.title == "" {
			m.title = compact(rest)
		}
		return true
	}
	return false
}

// collectMeta reads the lines just above a table (title, number, issuer, unit) and just
// below it (notes, empty marks). above is top to bottom and ends at the table; below starts
// at the table.
func collectMeta(above, below []*line, top float64, set *Settings) tableMeta {
	var m tableMeta
	// Walk upwards from the table: meta lines, then the title (one or two lines), then stop
	// (at the number line, a part heading, prose, or a wide gap).
	var titleLines []string
	edge := top
	for i := len(above) - 1; i >= 0; i-- {
		l := above[i]
		t := l.text()
		c := compact(t)
		if c == "" {
			continue
		}
		if edge-l.y1 > set.TitleMaxGapPt {
			break
		}
		if ocrDebris(l, c, set) {
			continue
		}
		// A continuation mark (`续表`, `续表3`, `表3（续）`, `…情况表（续表）`) says the table goes
		// on from the page before; what is left of the line is read as usual.
		if rest, ok := stripContinued(t); ok {
			m.continued = true
			if compact(rest) == "" {
				edge = l.y0
				m.used = append(m.used, l)
				continue
			}
			t, c = rest, compact(rest)
		}
		if m.number != "" && (len(titleLines) > 0 || !titleRe.MatchString(c)) {
			break
		}
		edge = l.y0
		if m.absorb(t) {
			m.used = append(m.used, l)
			if m.title != "" && len(titleLines) == 0 {
				// number and title on one line: done unless the title continues above.
				titleLines = append(titleLines, m.title)
				m.title = ""
			}
			continue
		}
		if yearOnlyRe.MatchString(c) {
			if sm := yearRe.FindStringSubmatch(c); sm != nil && m.year == 0 {
				m.year, _ = strconv.Atoi(sm[1])
			}
			m.used = append(m.used, l)
			continue
		}
		if len(titleLines) < 2 && len([]rune(c)) <= set.TitleMaxRunes && (titleRe.MatchString(c) || len(titleLines) == 1 && len([]rune(c)) <= set.TitleLineRunes && !strings.ContainsAny(c, "，。；")) {
			// A heading of a document part (`第二部分 …`) or prose is not the title, nor is a
			// document line over a complete title (`上海市XX局2024年度部门决算表` over
			// `收入支出决算总表`).
			if strings.HasPrefix(c, "第") && strings.Contains(c, "部分") {
				break
			}
			if len(titleLines) == 1 && completeTitleRe.MatchString(titleLines[0]) && completeTitleRe.MatchString(c) {
				break
			}
			titleLines = append([]string{c}, titleLines...)
			m.used = append(m.used, l)
			continue
		}
		break
	}
	m.title = strings.Join(titleLines, "")
	// Below: notes (`注：…`, continuing lines) and empty marks.
	inNote := false
	for _, l := range below {
		c := compact(l.text())
		switch {
		case pageNumberRe.MatchString(c):
			return m // the page footer ends what belongs to the table
		case strings.HasPrefix(c, "注") || strings.HasPrefix(c, "说明：") || strings.HasPrefix(c, "备注"):
			m.notes = append(m.notes, c)
			m.used = append(m.used, l)
			inNote = true
		case isEmptyMark(c) && len([]rune(c)) <= set.NoteMarkMaxRunes:
			m.notes = append(m.notes, c)
			m.used = append(m.used, l)
		case inNote && len(m.notes) > 0 && !titleRe.MatchString(c) && !tableNoRe.MatchString(c):
			m.notes[len(m.notes)-1] += c
			m.used = append(m.used, l)
		default:
			return m
		}
	}
	return m
}

// ocrDebris reports a line OCR read from seal ink or specks between a table and its title
// (`和`, `‘和` under a seal over the 部门名称 line, `P e e` over the title): no digit (a
// lone `3` is the table number) and a few characters or no Han one. On a text layer every
// line is print, never debris.
func ocrDebris(l *line, c string, set *Settings) bool {
	for _, w := range l.words {
		if w.src.Source != extract.SourceOCR {
			return false
		}
	}
	return !strings.ContainsAny(c, "0123456789") && (len([]rune(c)) <= set.OCRDebrisMaxRunes || !hasHan(c))
}

// completeTitleRe matches a line that is a whole table title on its own.
var completeTitleRe = regexp.MustCompile(`表\s*(?:[（(][^()（）]*[)）])?$`)

var yearOnlyRe = regexp.MustCompile(`^[（(]?20[0-9]{2}年度?[)）]?$`)

var (
	continuedPrefixRe = regexp.MustCompile(`^\s*(?:续\s*上\s*表|续\s*表|续)\s*(表)?`)
	continuedSuffixRe = regexp.MustCompile(`\s*[（(]\s*续\s*(?:上\s*)?表?\s*[)）]\s*$`)
	continuedNumberRe = regexp.MustCompile(`^[0-9０-９一二三四五六七八九十]{1,2}(?:[^0-9０-９年]|$)`)
)

// stripContinued removes a continuation mark from a line printed above a table: a leading
// `续表` / `续上表` (`续表3` keeps its number: `表3`) or a trailing `（续）` / `（续表）`. It
// reports whether there was one.
func stripContinued(t string) (string, bool) {
	if loc := continuedSuffixRe.FindStringIndex(t); loc != nil {
		return strings.TrimSpace(t[:loc[0]]), true
	}
	loc := continuedPrefixRe.FindStringSubmatchIndex(t)
	if loc == nil {
		return t, false
	}
	rest := strings.TrimSpace(t[loc[1]:])
	switch {
	case loc[2] >= 0: // 续表 表3: the number follows
		return "表" + rest, true
	case continuedNumberRe.MatchString(rest) && !strings.HasPrefix(compact(t), "续上"): // 续表3
		return "表" + rest, true
	case strings.HasPrefix(compact(t), "续表") || strings.HasPrefix(compact(t), "续上表"):
		return rest, true
	}
	return t, false // a line starting with 续 that is no mark (`续建项目…`)
}
