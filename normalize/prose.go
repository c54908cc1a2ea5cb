package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Prose claims checked against the tables. Only figures attached to a subject path or to a
// total keyword are read; figures after 比上年/增加/减少 (changes) are not claims about this
// year's tables. A claim is reported only when no table prints the figure where the claim
// points: prose quotes many columns (合计, 基本支出, 一般公共预算 …) and a lenient match keeps
// a correct document clean.
var (
	// `一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：562 万元`
	pathClaim = regexp.MustCompile(`((?:[\p{Han}（）()、]+[（(]类[)）])(?:[\p{Han}（）()、]+?[（(]款[)）])?(?:[\p{Han}（）()、]+?[（(]项[)）])?)(?:[^0-9万元]|\d{4}年){0,30}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	// `“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元`
	dashClaim = regexp.MustCompile(`[“"]?([\p{Han}（）()]+(?:-[\p{Han}（）()]+){1,2})[”"]?\s*(?:科目|项目)?[^0-9万元]{0,12}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	// Totals: `收支总预算58822万元`, `支出预算 58822 万元`, `基本支出 2840 万元`.
	totalClaim = regexp.MustCompile(`(?:^|[，。；：:、,]|其中)(收支总预算|收入预算|支出预算|基本支出|项目支出|“三公”经费(?:预算)?数?为?|一般公共预算拨款合计)\s*[:：为是]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)
	changeWord = regexp.MustCompile(`(比上年|上年|增加|减少|增长|下降|增减)$`)
	pathPart   = regexp.MustCompile(`([\p{Han}（）()、]+?)[（(](类|款|项)[)）]`)
)

// proseClaim is one figure the narrative states.
type proseClaim struct {
	line  tables.ProseLine
	text  string // the matched text
	names []string
	total string // keyword for totals
	value money.Decimal
	unit  string
}

func (n *normalizer) proseChecks() {
	for _, l := range n.src.Prose {
		text := strings.ReplaceAll(l.Text, " ", "")
		for _, m := range pathClaim.FindAllStringSubmatchIndex(text, -1) {
			if changeBefore(text, m[4]) {
				continue
			}
			var names []string
			for _, p := range pathPart.FindAllStringSubmatch(text[m[2]:m[3]], -1) {
				names = append(names, p[1])
			}
			n.checkClaim(proseClaim{line: l, text: text[m[0]:m[1]], names: names, value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]]})
		}
		for _, m := range dashClaim.FindAllStringSubmatchIndex(text, -1) {
			if changeBefore(text, m[4]) {
				continue
			}
			n.checkClaim(proseClaim{line: l, text: text[m[0]:m[1]], names: strings.Split(text[m[2]:m[3]], "-"), value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]]})
		}
		for _, m := range totalClaim.FindAllStringSubmatchIndex(text, -1) {
			n.checkClaim(proseClaim{line: l, text: text[m[0]:m[1]], total: text[m[2]:m[3]], value: parseProse(text[m[4]:m[5]]), unit: text[m[6]:m[7]]})
		}
	}
}

// changeBefore reports a figure introduced by a change word (比上年预算减少 31589 万元).
func changeBefore(text string, at int) bool {
	start := max(0, at-12)
	for start < at && !isRuneStart(text[start]) {
		start++
	}
	return changeWord.MatchString(text[start:at])
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
	if c.total != "" {
		cands, what = n.totalCandidates(c.total)
	} else {
		code := n.pathCode(c.names)
		if code == "" {
			return
		}
		what = code
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
	for _, k := range cands {
		v, p, u, _ := n.amountOf(k)
		if !p || u == "" {
			continue
		}
		d, err := v.Sub(yuan)
		if err == nil && d.Abs().Cmp(half) <= 0 {
			return
		}
		val := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
		printed = append(printed, fmt.Sprintf("table %d %s %s", n.doc.Tables[k.table].Seq, strings.Join(n.doc.Tables[k.table].Columns[k.col].Path, "/"), val.Amount.String()))
	}
	if len(printed) == 0 {
		return
	}
	first := cands[0]
	ref := n.ref(first, n.doc.Tables[first.table].Rows[first.row].Values[first.col])
	if len(printed) > 6 {
		printed = append(printed[:6], "…")
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "prose_figure", Severity: SeverityWarning,
		Message:  fmt.Sprintf("page %d: the narrative says %q (%s) but no table prints %s%s there (%s)", c.line.Page, c.text, what, c.value.String(), c.unit, strings.Join(printed, "; ")),
		Printed:  c.value.String() + c.unit,
		Expected: n.doc.Tables[first.table].Rows[first.row].Values[first.col].Amount.String() + n.doc.Tables[first.table].Unit,
		Refs:     []Ref{{Table: 0, Row: 0, Column: -1, Page: c.line.Page, Box: c.line.Box, Name: c.text}, ref}})
}

// pathCode maps a subject path (类, 款, 项 names) to a code, level by level, each step
// constrained by the previous one; "" unless every step is confident.
func (n *normalizer) pathCode(names []string) string {
	parent := ""
	for i, name := range names {
		q := mapping.Query{Level: i + 1, Parent: parent, Scheme: catalog.Functional}
		best := n.mapper.Best(name, q)
		if best.Code == "" || best.Confidence < n.opts.MappingThreshold {
			return ""
		}
		parent = best.Code
	}
	return parent
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
		addTotals([]tables.Kind{tables.KindExpenditure, tables.KindGPBExpenditure, tables.KindGPBProject, tables.KindGovFund, tables.KindStateCapital}, "项目", "合计")
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
