package normalize

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Prose claims checked against the tables. Only figures attached to a subject path, a subject
// name or a total keyword are read; figures after 比上年/增加/减少 (changes) are not claims
// about this year's tables.
//
// The narrative is read by section (`五、关于…一般公共预算当年拨款情况说明`): a claim in a
// section about one table must match that table (表8's 550 when the 政府性基金 section says
// 753, even if 表3 prints 753). Outside a recognised section a claim is reported only when no
// table prints the figure where it points: prose quotes many columns (合计, 基本支出, 一般公共
// 预算 …) and a lenient match keeps a correct document clean.
var (
	// `一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：562 万元`
	pathClaim = regexp.MustCompile(`(?:[\p{Han}（）()、]+[（(]类[)）])(?:[\p{Han}（）()、]+?[（(]款[)）])?(?:[\p{Han}（）()、]+?[（(]项[)）])?`)
	// A figure with its unit.
	figure = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	// Figures that are not this document's table figures: a final account quotes the
	// initial budget (`年初预算为1560.05万元，支出决算为1511.89万元`).
	budgetWord = regexp.MustCompile(`(年初预算|调整预算|预算数|预算为|预算是)[为是:：]?$`)
	// `“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元`
	dashClaim = regexp.MustCompile(`[“"]?([\p{Han}（）()]+(?:-[\p{Han}（）()]+){1,2})[”"]?\s*(?:科目|项目)?[^0-9万元]{0,12}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	// Totals: `收支总预算58822万元`, `支出预算 58822 万元`, `基本支出 2840 万元`.
	totalClaim = regexp.MustCompile(`(?:^|[，。；：:、,]|其中)(收支总预算|收入预算|支出预算|基本支出|项目支出|人员经费|公用经费|“三公”经费(?:预算)?数?为?|一般公共预算拨款合计)\s*[:：为是]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	// Subject names in lists: `基本工资435万元、津贴补贴250万元`.
	nameClaim  = regexp.MustCompile(`(?:^|[，。；：:、,])([\p{Han}（）()]{2,20}?)(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	changeWord = regexp.MustCompile(`(比上年|上年|增加|减少|增长|下降|增减)$`)
	pathPart   = regexp.MustCompile(`([\p{Han}（）()、]+?)[（(](类|款|项)[)）]`)
	levelMark  = regexp.MustCompile(`[（(]?(类|款|项)[)）]`)
	// A section heading: `五、关于昌吉高新区管委会2026年一般公共预算当年拨款情况说明`.
	sectionHead = regexp.MustCompile(`^\s*[一二三四五六七八九十]+[、.．].{0,60}(说明|情况)`)
)

// proseClaim is one figure the narrative states.
type proseClaim struct {
	line    tables.ProseLine
	text    string // the matched text
	names   []string
	total   string // keyword for totals
	subject string // a single subject name (nameClaim)
	value   money.Decimal
	unit    string
	section []tables.Kind // the tables the section the claim sits in is about
	before  string        // the paragraph's text before the claim (column words: 公用经费…)
}

// paragraph is running text joined over line wraps, with the line it starts on.
type paragraph struct {
	first   tables.ProseLine
	text    string
	section []tables.Kind
}

// paragraphs joins wrapped prose lines (a claim is often cut by a line end: `收支总预算` /
// `58822万元`) and tags each paragraph with the section it belongs to.
func paragraphs(lines []tables.ProseLine) []paragraph {
	var out []paragraph
	var cur *paragraph
	var section []tables.Kind
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, l := range lines {
		text := strings.ReplaceAll(strings.TrimSpace(l.Text), " ", "")
		if text == "" {
			continue
		}
		if sectionHead.MatchString(text) {
			flush()
			section = sectionKinds(text)
		}
		if cur == nil || cur.first.Page != l.Page && strings.HasSuffix(cur.text, "。") {
			flush()
			cur = &paragraph{first: l, section: section}
		}
		cur.text += text
		if strings.HasSuffix(text, "。") || strings.HasSuffix(text, "：") || sectionHead.MatchString(text) {
			flush()
		}
	}
	flush()
	return out
}

// sectionKinds names the tables a section heading is about (nil when it is about none in
// particular).
func sectionKinds(head string) []tables.Kind {
	switch {
	case strings.Contains(head, "三公"):
		return []tables.Kind{tables.KindThreePublic}
	case strings.Contains(head, "机关运行"):
		return []tables.Kind{tables.KindAdminRunning}
	case strings.Contains(head, "政府采购"):
		return []tables.Kind{tables.KindProcurement}
	case strings.Contains(head, "基本支出") && strings.Contains(head, "一般公共预算"):
		return []tables.Kind{tables.KindGPBBasic, tables.KindGPBExpenditure}
	case strings.Contains(head, "一般公共预算"):
		return []tables.Kind{tables.KindGPBExpenditure, tables.KindGPBBasic, tables.KindGPBProject}
	case strings.Contains(head, "政府性基金"):
		return []tables.Kind{tables.KindGovFund}
	case strings.Contains(head, "国有资本经营"):
		return []tables.Kind{tables.KindStateCapital}
	case strings.Contains(head, "财政拨款收支"):
		return []tables.Kind{tables.KindFiscalSummary}
	case strings.Contains(head, "收支"):
		return []tables.Kind{tables.KindSummary, tables.KindIncome, tables.KindExpenditure}
	case strings.Contains(head, "收入"):
		return []tables.Kind{tables.KindIncome, tables.KindSummary}
	case strings.Contains(head, "支出"):
		return []tables.Kind{tables.KindExpenditure, tables.KindSummary}
	}
	return nil
}

func (n *normalizer) proseChecks() {
	for _, p := range paragraphs(n.src.Prose) {
		text := p.text
		claimed := map[int]bool{} // figure offsets already read by a stronger pattern
		paths := pathClaim.FindAllStringIndex(text, -1)
		for pi, m := range paths {
			// The path's figure is the first one of its sentence that is this year's
			// table figure (not a change, not the initial budget of a final account).
			end := len(text)
			if k := strings.Index(text[m[1]:], "。"); k >= 0 {
				end = m[1] + k
			}
			if pi+1 < len(paths) && paths[pi+1][0] < end {
				end = paths[pi+1][0]
			}
			var names []string
			for _, pp := range pathPart.FindAllStringSubmatch(text[m[0]:m[1]], -1) {
				names = append(names, pp[1])
			}
			for _, f := range figure.FindAllStringSubmatchIndex(text[m[1]:end], -1) {
				at := m[1] + f[2]
				claimed[at] = true
				if changeBefore(text, at) || n.src.DocKind == "final" && budgetBefore(text, at) {
					continue
				}
				if levelMark.MatchString(text[m[1]:at]) {
					// More of the path follows what was read (a segment OCR garbled:
					// `调出资金GH）…（项）`): the figure is not the read path's.
					break
				}
				if k := unopenedClose(text[m[1]:at]); k >= 0 {
					// A level mark OCR garbled (`运营i）支出753万元` for `运营（项）支出`): the
					// words before it are the path's next level; without them (nothing
					// Chinese left) the figure is not the read path's.
					seg := strings.TrimRightFunc(text[m[1]:m[1]+k], func(r rune) bool { return !unicode.Is(unicode.Han, r) })
					if utf8.RuneCountInString(seg) < 2 || len(names) >= 3 {
						break
					}
					names = append(names, seg)
				}
				n.checkClaim(proseClaim{line: p.first, text: text[m[0] : m[1]+f[1]], names: names, value: parseProse(text[at : m[1]+f[3]]), unit: text[m[1]+f[4] : m[1]+f[5]], section: p.section, before: text[:m[0]]})
				break
			}
		}
		for _, m := range dashClaim.FindAllStringSubmatchIndex(text, -1) {
			if claimed[m[4]] {
				continue
			}
			claimed[m[4]] = true
			if changeBefore(text, m[4]) {
				continue
			}
			n.checkClaim(proseClaim{line: p.first, text: text[m[0]:m[1]], names: strings.Split(text[m[2]:m[3]], "-"), value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]], section: p.section})
		}
		for _, m := range totalClaim.FindAllStringSubmatchIndex(text, -1) {
			if claimed[m[4]] {
				continue
			}
			claimed[m[4]] = true
			n.checkClaim(proseClaim{line: p.first, text: text[m[2]:m[1]], total: text[m[2]:m[3]], value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]], section: p.section, before: text[:m[2]]})
		}
		if p.section == nil {
			continue // a bare subject name is only read where the section says which table
		}
		for _, m := range nameClaim.FindAllStringSubmatchIndex(text, -1) {
			if claimed[m[4]] || changeBefore(text, m[4]) {
				continue
			}
			n.checkClaim(proseClaim{line: p.first, text: text[m[2]:m[1]], subject: text[m[2]:m[3]], value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]], section: p.section, before: text[:m[2]]})
		}
	}
}

// unopenedClose returns the byte offset of the first closing bracket with no opening one
// before it (what is left of a level mark `（项）` whose other characters OCR misread), -1
// when every closing bracket is matched.
func unopenedClose(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// changeBefore reports a figure introduced by a change word (比上年预算减少 31589 万元).
func changeBefore(text string, at int) bool {
	start := max(0, at-12)
	for start < at && !isRuneStart(text[start]) {
		start++
	}
	return changeWord.MatchString(text[start:at])
}

// budgetBefore reports a figure introduced as the budget (in a final account).
func budgetBefore(text string, at int) bool {
	start := max(0, at-15)
	for start < at && !isRuneStart(text[start]) {
		start++
	}
	return budgetWord.MatchString(text[start:at])
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func parseProse(s string) money.Decimal {
	a, err := ParseAmount(s)
	if err != nil {
		return money.Decimal{Coef: -1}
	}
	return a.Value
}

// checkClaim compares one claim with the tables.
func (n *normalizer) checkClaim(c proseClaim) {
	if c.value.Sign() < 0 {
		return
	}
	yuan := c.value
	if c.unit == "万元" {
		y, err := c.value.Shift(4)
		if err != nil {
			return
		}
		yuan = y
	}
	var cands []cellKey
	what := ""
	switch {
	case c.total != "":
		cands, what = n.totalCandidates(c.total)
	case c.subject != "":
		code := n.subjectCode(c.subject, c.section)
		if code == "" {
			return
		}
		what = code
		cands = n.codeCandidates(code)
	default:
		code := n.pathCode(c.names)
		if code == "" {
			return
		}
		what = code
		cands = n.codeCandidates(code)
	}
	// In a section about some tables the claim is about those tables.
	inSection := filterKinds(n.doc, cands, c.section)
	strict := len(inSection) > 0
	all := cands
	if strict {
		cands = inSection
	} else if c.subject != "" {
		return
	}
	if len(cands) == 0 {
		return
	}
	// The prose figure may be rounded to fewer decimals than the table prints.
	ulp := money.Ulp(c.value.Scale)
	if c.unit == "万元" {
		ulp, _ = ulp.Shift(4)
	}
	half := money.Decimal{Coef: ulp.Coef * 5, Scale: ulp.Scale + 1}
	var printed []string
	best, bestDiff, bestMention := -1, money.Decimal{}, -1
	for i, k := range cands {
		v, p, u, _ := n.amountOf(k)
		if !p || !yuanUnit(u) {
			continue
		}
		d, err := v.Sub(yuan)
		if err != nil {
			continue
		}
		if d.Abs().Cmp(half) <= 0 {
			return
		}
		// Closest figure first; between equal ones, the column the text named last
		// (`公用经费147万元，主要包括：…公务用车运行维护费54元` → 公用经费).
		path := n.doc.Tables[k.table].Columns[k.col].Path
		mention := -1
		if len(path) > 0 {
			mention = strings.LastIndex(c.before, catalog.NameKey(path[len(path)-1]))
		}
		if cmp := d.Abs().Cmp(bestDiff); best < 0 || cmp < 0 || cmp == 0 && mention > bestMention {
			best, bestDiff, bestMention = i, d.Abs(), mention
		}
		val := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
		printed = append(printed, fmt.Sprintf("table %d %s %s", n.doc.Tables[k.table].Seq, strings.Join(n.doc.Tables[k.table].Columns[k.col].Path, "/"), val.Amount.String()))
	}
	if best < 0 {
		return
	}
	// The claim is compared with the closest figure printed where it points.
	k := cands[best]
	val := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	// Express the claim in the table's unit: `54元` against a 万元 table is 0.0054.
	claimed := c.value
	shift := 0
	switch {
	case c.unit == "元" && val.Unit == "万元":
		shift = -4
	case c.unit == "万元" && val.Unit == "元":
		shift = 4
	}
	if s, err := c.value.Shift(shift); err == nil && shift != 0 {
		claimed = s.Normalize(0)
	}
	if len(printed) > 6 {
		printed = append(printed[:6], "…")
	}
	where := "no table prints it there"
	sev := SeverityWarning
	if strict {
		where = "the tables of its section print otherwise"
		// A 尾差 between the tables themselves: another table prints the prose figure and
		// the section's table differs by one unit of the last printed digit.
		if other := n.printedAnywhere(all, yuan, half); other != "" && bestDiff.Cmp(ulp) <= 0 {
			sev = SeverityRounding
			where += " by a rounding difference (" + other + " prints the prose figure)"
		}
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "prose_figure", Severity: sev,
		Message:  fmt.Sprintf("page %d: the narrative says %q (%s) but %s (%s)", c.line.Page, c.text, what, where, strings.Join(printed, "; ")),
		Printed:  claimed.String(),
		Expected: val.Amount.String(),
		Refs:     []Ref{n.ref(k, val), {Table: 0, Row: 0, Column: -1, Page: c.line.Page, Box: c.line.Box, Name: c.text}}})
}

// printedAnywhere names a cell among cands that prints value (in 元, within tol), or "".
func (n *normalizer) printedAnywhere(cands []cellKey, value, tol money.Decimal) string {
	for _, k := range cands {
		v, p, u, _ := n.amountOf(k)
		if !p || !yuanUnit(u) {
			continue
		}
		if d, err := v.Sub(value); err == nil && d.Abs().Cmp(tol) <= 0 {
			return n.describeCell(k)
		}
	}
	return ""
}

// codeCandidates lists the amount cells of every row carrying code (printed, or mapped
// with confidence).
func (n *normalizer) codeCandidates(code string) []cellKey {
	var cands []cellKey
	for ti, t := range n.doc.Tables {
		for ri, r := range t.Rows {
			if r.Code != code && !(r.Code == "" && r.MappedCode == code && r.MappingConfidence >= n.opts.MappingThreshold) {
				continue
			}
			for _, ci := range amountColumns(t, r.Side) {
				cands = append(cands, cellKey{ti, ri, ci})
			}
		}
	}
	return cands
}

// filterKinds keeps the cells of tables of the given kinds.
func filterKinds(doc *Document, cands []cellKey, kinds []tables.Kind) []cellKey {
	var out []cellKey
	for _, k := range cands {
		if kindIn(doc.Tables[k.table].Kind, kinds) {
			out = append(out, k)
		}
	}
	return out
}

// pathCode maps a subject path (类, 款, 项 names) to a code, level by level, each step
// constrained by the previous one; "" unless every step is confident.
func (n *normalizer) pathCode(names []string) string {
	// The document's own code/name pairs first: its tables print the subjects its prose
	// names, including those the catalog does not know yet.
	own := map[[2]string]string{}
	for _, t := range n.doc.Tables {
		for _, r := range t.Rows {
			if r.CodeScheme == SchemeFunctional && r.NameKey != "" {
				own[[2]string{parentCode(r.Code), r.NameKey}] = r.Code
			}
		}
	}
	parent := ""
	for i, name := range names {
		if c, ok := own[[2]string{parent, catalog.NameKey(name)}]; ok && len(c) == 3+2*i {
			parent = c
			continue
		}
		q := mapping.Query{Level: i + 1, Parent: parent, Scheme: catalog.Functional}
		best := n.mapper.Best(name, q)
		if best.Code == "" || best.Confidence < n.opts.MappingThreshold {
			return ""
		}
		parent = best.Code
	}
	return parent
}

// subjectCode maps a bare subject name of a section's list (`津贴补贴`) to a code: only an
// exact, unambiguous name counts, in the scheme of the section's tables.
func (n *normalizer) subjectCode(name string, section []tables.Kind) string {
	// A subject the section's own tables print under that exact name.
	key, code := catalog.NameKey(name), ""
	for _, t := range n.doc.Tables {
		if !kindIn(t.Kind, section) {
			continue
		}
		for _, r := range t.Rows {
			if r.Code != "" && r.NameKey == key {
				if code != "" && code != r.Code {
					return "" // two subjects print this name
				}
				code = r.Code
			}
		}
	}
	if code != "" {
		return code
	}
	if len(n.cat.ByKey(key)) == 0 {
		return "" // only a known name counts: skip the fuzzy search
	}
	// Every scheme of the section's tables: a 一般公共预算 section is about functional
	// tables and the economic 基本支出 table, and names subjects of both (`津贴补贴`).
	for _, scheme := range sectionSchemes(section) {
		best := n.mapper.Best(name, mapping.Query{Scheme: scheme})
		if best.Code == "" || !best.Exact || best.Confidence < n.opts.MappingThreshold {
			continue
		}
		if code != "" && code != best.Code {
			return "" // the name is a subject in two schemes: ambiguous
		}
		code = best.Code
	}
	return code
}

// sectionSchemes lists the classifications of a section's tables, in the section's order,
// each once (functional alone when none of its tables has subjects).
func sectionSchemes(section []tables.Kind) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range section {
		s := catalog.Functional
		if k == tables.KindGPBBasic {
			s = catalog.Economic
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = append(out, catalog.Functional)
	}
	return out
}

// totalCandidates lists the table cells a total keyword can refer to.
func (n *normalizer) totalCandidates(kw string) ([]cellKey, string) {
	var out []cellKey
	addTotals := func(kinds []tables.Kind, cols ...string) {
		for ti, t := range n.doc.Tables {
			match := false
			for _, k := range kinds {
				match = match || t.Kind == k
			}
			if !match {
				continue
			}
			for ri, r := range t.Rows {
				if r.Kind != RowTotal && r.Kind != RowSubtotal {
					continue
				}
				for _, ci := range amountColumns(t, r.Side) {
					p := catalog.NameKey(strings.Join(t.Columns[ci].Path, ""))
					ok := len(cols) == 0
					for _, c := range cols {
						ok = ok || strings.Contains(p, c)
					}
					if ok {
						out = append(out, cellKey{ti, ri, ci})
					}
				}
			}
		}
	}
	switch {
	case strings.HasPrefix(kw, "收支总预算"), strings.HasPrefix(kw, "收入预算"), strings.HasPrefix(kw, "支出预算"):
		addTotals([]tables.Kind{tables.KindSummary, tables.KindIncome, tables.KindExpenditure})
	case kw == "基本支出":
		addTotals([]tables.Kind{tables.KindExpenditure, tables.KindGPBExpenditure, tables.KindGPBBasic, tables.KindGovFund, tables.KindStateCapital}, "基本", "合计")
	case kw == "项目支出":
		addTotals([]tables.Kind{tables.KindExpenditure, tables.KindGPBExpenditure, tables.KindGPBProject, tables.KindGovFund, tables.KindStateCapital}, "项目")
	case kw == "人员经费", kw == "公用经费":
		addTotals([]tables.Kind{tables.KindExpenditure, tables.KindGPBExpenditure, tables.KindGPBBasic}, kw)
	case strings.HasPrefix(kw, "“三公”"):
		addTotals([]tables.Kind{tables.KindThreePublic})
		for ti, t := range n.doc.Tables {
			if t.Kind != tables.KindThreePublic {
				continue
			}
			for ri, r := range t.Rows {
				if r.Kind == RowTotal || strings.Contains(r.NameKey, "合计") {
					for _, ci := range amountColumns(t, r.Side) {
						out = append(out, cellKey{ti, ri, ci})
					}
				}
			}
		}
	case kw == "一般公共预算拨款合计":
		addTotals([]tables.Kind{tables.KindGPBExpenditure, tables.KindFiscalSummary, tables.KindSummary})
	}
	return out, kw
}

func kindIn(k tables.Kind, kinds []tables.Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
