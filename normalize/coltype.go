package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Column types. A number in a disclosure is not always money: 三公 tables count vehicles and
// people, 绩效 forms print scores (分值, 得分), percentages (执行率) and targets (指标值 `12` with
// 小时 in the next column), procurement tables print quantities. Each value gets a type, and
// only money has a value in 元 (Value.Yuan); summing a percent or a score with money is what
// the identities must never do. Decisions:
//   - What a number is comes from its labels, the most specific first: the cell itself (`95%`,
//     `12小时`), the column's header, a label printed inside the table above it in the same
//     column (a form's `年初预算数 | 分值 | 执行率 | 得分` line), the row's own label
//     (`资金金额（万元）`, `公务用车保有量（辆）`) and unit column (计量单位), then the table.
//   - A money unit comes from the column header (`金额（万元）`), that in-table label, the row's
//     label, then the table's header line (`单位：万元`). A money amount whose unit none of these
//     prints has no value in 元 and a unit_unknown finding: never a unit guessed from the other
//     tables of the document (a 绩效 form printed in 元 beside 万元 tables is common).
//   - In a 绩效 table a number is money only when a label says so (资金, 金额, 预算数, 拨款 …);
//     otherwise it is an indicator value, with the unit its row prints.
//   - An indicator is a target, not money spent: `≤1517.95 万元` is an indicator with unit 万元
//     and no value in 元. Money in a rate (`单价：元/克`) keeps the rate as its unit and has its
//     value in 元 per that unit (the unit column says so: never add it to amounts).

// ValueType says what a value measures.
type ValueType string

const (
	TypeMoney     ValueType = "money"     // an amount of money; Unit 元/万元/亿元/千元, "" when unknown
	TypePercent   ValueType = "percent"   // 增减(%), 执行率, 得分率
	TypeCount     ValueType = "count"     // a count or quantity: 人, 辆, 个, 次, 平方米 …
	TypeScore     ValueType = "score"     // 分值, 得分, 权重 of 绩效 forms
	TypeIndicator ValueType = "indicator" // a 绩效 target or result (指标值, 目标值, 实际完成值)
	TypeDate      ValueType = "date"
	TypeCode      ValueType = "code"
	TypeText      ValueType = "text"
)

// typing is what a label says about the numbers it labels; typ "" when it says nothing.
type typing struct {
	typ  ValueType
	unit string
	// money: the label names money (金额, 预算数, 资金, 支出 …) without saying its unit.
	money bool
}

// moneyUnits are the units an amount of money is printed in, with the power of ten to 元.
var moneyUnits = map[string]int{"元": 0, "千元": 3, "万元": 4, "亿元": 8}

var (
	// moneyUnitRe: a money unit standing as a unit: alone, in brackets, after a colon or a
	// number (`（万元）`, `单位:元`, `万元`, `(元/平方米/月)`), not inside a word (`元旦`).
	moneyUnitRe = regexp.MustCompile(`(?:^|[(:\d])\s*(亿元|千元|万元|元)((?:/[^()/\s]{1,4}){0,3})\s*(?:\)|$)`)
	// bracketUnitRe: a money unit in brackets, the only form a row's label gives one in
	// (`资金金额（万元）`); bare words of a row are the text of its indicators (`≤5万元/分钟`).
	bracketUnitRe = regexp.MustCompile(`\((亿元|千元|万元|元)((?:/[^()/\s]{1,4}){0,3})\)`)
	// countUnitRe: a count unit in brackets (`车辆数（辆）`, `(人)`).
	countUnitRe = regexp.MustCompile(`\((人次|人|辆|台|个|次|家|项|处|套|件|张|册|万平方米|平方米|亩|公里|千米|米|吨|户|名|所|座|份|场|期|篇|条|批次|批|天|日|小时|个月|月|年)\)`)
	countWords  = []struct{ word, unit string }{{"人次", "人次"}, {"人数", "人"}, {"编制数", "人"}, {"车辆数", "辆"}, {"户数", "户"}, {"批次", "批次"}, {"数量", ""}}
	pointsRe    = regexp.MustCompile(`\(\d+分\)`)
	scoreRe     = regexp.MustCompile(`分值|评分|满分|权重|总分|得分$|得分\(`)
	percentRe   = regexp.MustCompile(`率$|率\(|比例|占比|比重|百分比|增长率|增幅`)
	indicatorRe = regexp.MustCompile(`指标值|目标值|完成值|实际值|绩效目标值`)
	dateRe      = regexp.MustCompile(`时间|日期|年月|期限`)
	codeRe      = regexp.MustCompile(`编码|代码|序号|行次|编号`)
	textRe      = regexp.MustCompile(`备注|说明|原因|内容|描述|概况`)
	moneyWordRe = regexp.MustCompile(`金额|资金|预算|决算|执行数|经费|拨款|支出|收入|合计|总计|小计|费|结转|结余|总额|补助|收支`)
	// unitSuffixRe: a number printed with its unit (`123人`, `4次`, `12小时`, `3.5万元`).
	unitSuffixRe = regexp.MustCompile(`^\s*([-+]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(人次|人|辆|台|个|次|家|项|处|套|件|张|册|万平方米|平方米|亩|公里|千米|米|吨|户|名|所|座|份|场|期|篇|条|批次|批|天|日|小时|个月|月|年|亿元|千元|万元|元)\s*$`)
	labelFolder  = strings.NewReplacer("（", "(", "）", ")", "：", ":", "％", "%", " ", "", "\u3000", "")
)

// labelTyping reads a label (a header path, an in-table label). A percent sign, a money unit
// or a score in points anywhere in a header path decides; otherwise the last level says what
// the column holds (`项目/功能分类科目编码/合计` is a 合计), and failing that the whole path.
func labelTyping(label string) typing {
	s := labelFolder.Replace(foldWidth(label))
	if s == "" {
		return typing{}
	}
	switch {
	case strings.Contains(s, "%"):
		return typing{typ: TypePercent, unit: "%"}
	case pointsRe.MatchString(s):
		return typing{typ: TypeScore, unit: "分"}
	}
	if m := moneyUnitRe.FindStringSubmatch(s); m != nil {
		return typing{typ: TypeMoney, unit: m[1] + m[2], money: true}
	}
	last := s[strings.LastIndex(s, "/")+1:]
	if t := wordTyping(last); t.typ != "" || t.money {
		return t
	}
	return wordTyping(s)
}

// wordTyping reads the words of a label.
func wordTyping(s string) typing {
	if scoreRe.MatchString(s) && !strings.Contains(s, "得分率") {
		return typing{typ: TypeScore, unit: "分"}
	}
	if percentRe.MatchString(s) {
		return typing{typ: TypePercent, unit: "%"}
	}
	if m := countUnitRe.FindStringSubmatch(s); m != nil {
		return typing{typ: TypeCount, unit: m[1]}
	}
	for _, w := range countWords {
		if strings.Contains(s, w.word) {
			return typing{typ: TypeCount, unit: w.unit}
		}
	}
	switch {
	case indicatorRe.MatchString(s):
		return typing{typ: TypeIndicator}
	case codeRe.MatchString(s):
		return typing{typ: TypeCode}
	case dateRe.MatchString(s):
		return typing{typ: TypeDate}
	case textRe.MatchString(s):
		return typing{typ: TypeText}
	}
	return typing{money: moneyWordRe.MatchString(s)}
}

// rowLabelTyping reads a row's own label: only a unit it prints counts (`资金金额（万元）`,
// `公务用车保有量（辆）`, `(%)`), never the words of a subject's or an indicator's name
// (`培训合格率` names what the row's 分值 scores).
func rowLabelTyping(label string) typing {
	s := labelFolder.Replace(foldWidth(label))
	switch {
	case strings.Contains(s, "(%)"):
		return typing{typ: TypePercent, unit: "%"}
	case strings.Contains(s, "人数"):
		return typing{typ: TypeCount, unit: "人"}
	case strings.Contains(s, "车辆数"):
		return typing{typ: TypeCount, unit: "辆"}
	}
	if m := bracketUnitRe.FindStringSubmatch(s); m != nil {
		return typing{typ: TypeMoney, unit: m[1] + m[2], money: true}
	}
	if m := countUnitRe.FindStringSubmatch(s); m != nil {
		return typing{typ: TypeCount, unit: m[1]}
	}
	return typing{}
}

// isUnitColumn reports a column that prints each row's unit of measure (计量单位, 度量单位).
func isUnitColumn(c tables.Column) bool {
	if len(c.Path) == 0 {
		return false
	}
	switch labelFolder.Replace(c.Path[len(c.Path)-1]) {
	case "计量单位", "度量单位", "绩效度量单位", "指标单位", "单位":
		return true
	}
	return false
}

// tableTyper types the values of one table.
type tableTyper struct {
	t        *tables.Table
	unit     string   // the table's printed unit
	cols     []typing // each column's header typing
	unitCols []int    // columns printing each row's unit
	// sub holds, per column, the last label printed inside the table in that column (a
	// form's `年初预算数 | 分值 | 执行率 | 得分` line), per side; subUnit the money unit the
	// last such line printing one gave (`预算金额（万元）` over `总额 | 财政拨款`).
	sub     map[string][]string
	subUnit map[string]string
}

func newTableTyper(t *tables.Table, unit string) *tableTyper {
	tt := &tableTyper{t: t, unit: unit, cols: make([]typing, len(t.Columns)), sub: map[string][]string{}, subUnit: map[string]string{}}
	for i, c := range t.Columns {
		switch c.Role {
		case tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode, tables.RoleLine:
			tt.cols[i] = typing{typ: TypeCode}
		case tables.RoleName, tables.RoleCodeName:
			tt.cols[i] = typing{typ: TypeText}
		default:
			tt.cols[i] = labelTyping(strings.Join(c.Path, "/"))
		}
		if c.Role != tables.RoleAmount && isUnitColumn(c) {
			tt.unitCols = append(tt.unitCols, i)
		}
	}
	return tt
}

// observe records the labels a row prints in amount columns (text without a digit), for the
// rows below it. A row whose amount columns hold no number is a line of labels inside the
// table: a money unit any of its cells prints (`预算金额（万元）`, even in a text column the
// label spans) holds for the amounts below it.
func (tt *tableTyper) observe(r tables.Row) {
	sub := tt.sub[r.Side]
	if sub == nil {
		sub = make([]string, len(tt.t.Columns))
		tt.sub[r.Side] = sub
	}
	numbers := false
	for i, c := range tt.t.Columns {
		if c.Role != tables.RoleAmount {
			continue
		}
		s := cellText(r, i)
		if s == "" || isDash(foldWidth(s)) {
			continue
		}
		if strings.ContainsAny(foldWidth(s), "0123456789") {
			numbers = true
			continue
		}
		sub[i] = s
	}
	if numbers {
		return
	}
	for i := range tt.t.Columns {
		if lt := labelTyping(cellText(r, i)); lt.typ == TypeMoney {
			tt.subUnit[r.Side] = lt.unit
			return
		}
	}
}

// rowContext is what a row says about the numbers it holds.
type rowContext struct {
	label typing // from the row's label cells
	unit  string // the row's unit column (计量单位), "" when none
}

func (tt *tableTyper) rowContext(r tables.Row) rowContext {
	var rc rowContext
	var label []string
	for i, c := range tt.t.Columns {
		if c.Role == tables.RoleAmount {
			continue
		}
		s := cellText(r, i)
		if s == "" {
			continue
		}
		if containsInt(tt.unitCols, i) {
			if u := labelFolder.Replace(s); rc.unit == "" && isUnitWord(u) {
				rc.unit = u
			}
			continue
		}
		if c.Role == tables.RoleName || c.Role == tables.RoleText || c.Role == tables.RoleCodeName {
			label = append(label, s)
		}
	}
	rc.label = rowLabelTyping(strings.Join(label, " "))
	return rc
}

// cellType types one value of an amount column: its type and unit.
func (tt *tableTyper) cellType(r tables.Row, rc rowContext, col int, text string) (ValueType, string) {
	s := labelFolder.Replace(foldWidth(text))
	ct := tt.cols[col]
	var st typing
	if sub := tt.sub[r.Side]; sub != nil && sub[col] != "" {
		st = labelTyping(sub[col])
	}
	// The label nearest the number decides its kind: an in-table label, else the header.
	lt := ct
	if st.typ != "" || st.money {
		lt = st
	}
	if ct.typ == TypeMoney && lt.typ == "" {
		lt = ct
	}
	switch {
	case strings.HasSuffix(s, "%"):
		return TypePercent, "%"
	case lt.typ == TypeText || lt.typ == TypeCode || lt.typ == TypeDate:
		return lt.typ, ""
	case lt.typ != "" && lt.typ != TypeMoney:
		return lt.typ, tt.unitOf(lt, rc, s)
	}
	money := lt.typ == TypeMoney || lt.money || ct.money || rc.label.typ == TypeMoney
	if !money && rc.label.typ != "" {
		return rc.label.typ, rc.label.unit
	}
	if !money && tt.t.Kind == tables.KindPerformance {
		return TypeIndicator, tt.unitOf(typing{typ: TypeIndicator}, rc, s)
	}
	if m := unitSuffixRe.FindStringSubmatch(s); m != nil {
		if _, ok := moneyUnits[m[2]]; !ok {
			return TypeCount, m[2]
		}
		return TypeMoney, m[2]
	}
	// Money: the unit of the nearest label that prints one.
	for _, u := range []string{ct.unit, st.unit, tt.subUnit[r.Side], rc.label.unit} {
		if _, ok := moneyUnits[strings.SplitN(u, "/", 2)[0]]; ok && u != "" {
			return TypeMoney, u
		}
	}
	return TypeMoney, tt.unit
}

// unitOf is the unit of a non-money value: the cell's own suffix (`123人`), the label's, the
// row's unit column, or the row label's.
func (tt *tableTyper) unitOf(lt typing, rc rowContext, s string) string {
	if m := unitSuffixRe.FindStringSubmatch(s); m != nil {
		return m[2]
	}
	switch {
	case lt.unit != "":
		return lt.unit
	case rc.unit != "":
		return rc.unit
	}
	return rc.label.unit
}

// isUnitWord reports a unit cell's text that reads as a unit (`件`, `万元/年/条`, `%`), not a
// sentence that ran into the column.
func isUnitWord(s string) bool {
	return s != "" && len([]rune(s)) <= 8 && !strings.ContainsAny(s, "0123456789≥≤<>=，。；;,")
}

// yuanOf converts an amount of money to 元 (a rate's numerator: `万元/年` gives 元 a year, `元/克`
// the price in 元); ok is false for any other type and for an unknown unit.
func yuanOf(t ValueType, unit string, a money.Decimal) (money.Decimal, bool) {
	if t != TypeMoney {
		return money.Decimal{}, false
	}
	num, _, _ := strings.Cut(unit, "/")
	shift, ok := moneyUnits[num]
	if !ok {
		return money.Decimal{}, false
	}
	y, err := a.Shift(shift)
	if err != nil {
		return money.Decimal{}, false
	}
	return y, true
}

// unitSuffix splits a number printed with its unit (`123人`); ok is false otherwise.
func unitSuffix(text string) (number, unit string, ok bool) {
	m := unitSuffixRe.FindStringSubmatch(labelFolder.Replace(foldWidth(text)))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// reportUnknownUnits reports, once per column of a table, the money values whose unit no
// label prints.
func (n *normalizer) reportUnknownUnits(ti int) {
	t := n.doc.Tables[ti]
	counts := map[int]int{}
	first := map[int]cellKey{}
	for ri, r := range t.Rows {
		for ci, v := range r.Values {
			if v.Present && v.Type == TypeMoney && v.Unit == "" {
				if counts[ci] == 0 {
					first[ci] = cellKey{ti, ri, ci}
				}
				counts[ci]++
			}
		}
	}
	for _, ci := range sortedKeys(counts) {
		k := first[ci]
		v := t.Rows[k.row].Values[ci]
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unit_unknown", Severity: SeverityWarning,
			Message: fmt.Sprintf("table %d column %s: %d amounts and no unit printed for them (header line, column header or row): no value in 元", t.Seq, strings.Join(t.Columns[ci].Path, "/"), counts[ci]),
			Refs:    []Ref{n.ref(k, v)}})
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
