// Package vocab holds the domain words of Chinese budget disclosures that several stages
// recognise: total and subtotal labels, the funding sources, the two sides of a 收支 table,
// and the patterns of a printed unit and a table number. One copy, so that a new spelling
// reaches every stage (issue 17).
//
// The stages do not all ask the same question, so "is this a total?" has several answers
// here, each a named function that says what it is for and why it differs. Every function
// takes a label already normalised by its caller (spaces removed; the caller's own
// normalisation is part of its behaviour and stays with it).
package vocab

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The sides of a two-sided (收支) table, and the labels a side is named by when no banner
// names it.
const (
	Income      = "收入"
	Expenditure = "支出"
)

// FundingSources are the three fiscal funding sources a 财政拨款 table breaks its amounts
// down by, in the order the tables print them: 一般公共预算, 政府性基金, 国有资本经营.
var FundingSources = []string{"一般公共预算", "政府性基金", "国有资本经营"}

// EndsInTotal reports a label that ends in 合计, 小计 or 总计: the widest reading of a
// total, right for a header label (the answer-key checker's column sums) and for the tables
// stage, which only uses it to tell a total line from an item line.
func EndsInTotal(key string) bool {
	return strings.HasSuffix(key, "合计") || strings.HasSuffix(key, "小计") || strings.HasSuffix(key, "总计")
}

// EndsInSubtotal reports a row label ending in 合计 or 小计 (not 总计: a 总计 row is a
// grand total, IsGrandTotal), normalize's test for a subtotal row.
func EndsInSubtotal(key string) bool {
	return strings.HasSuffix(key, "合计") || strings.HasSuffix(key, "小计")
}

// grandTotals are the row labels normalize reads as the whole table's total.
var grandTotals = map[string]bool{"合计": true, "总计": true, "收入总计": true, "支出总计": true, "收支总计": true, "总合计": true, "本表合计": true}

// IsGrandTotal reports a row label that names the whole table's (or side's) total. Exact
// words only: `一般公共预算支出合计` is a subtotal of a part, not the table's total.
func IsGrandTotal(key string) bool { return grandTotals[key] }

// IsOutlineTotal reports a total line's name in a numbered outline or a row list (`合计`,
// `收入总计`, `本年支出合计`, `当年收入小计`), markers removed: at most 8 characters, since
// long names ending in 合计 are items (`…经费合计` lists are rare but exist), and never a
// 其中 part line.
func IsOutlineTotal(key string) bool {
	return EndsInTotal(key) && utf8.RuneCountInString(key) <= 8 && !strings.HasPrefix(key, "其中")
}

// totalColumns are the column headers that are totals whatever their length.
var totalColumns = map[string]bool{"合计": true, "总计": true, "小计": true}

// IsTotalColumn reports an amount column header that sums its sibling columns: any label
// ending in 小计, and labels ending in 合计 or 总计 of at most 6 characters (longer ones,
// such as `一般公共预算拨款合计`, head a part of the table rather than summing their
// neighbours).
func IsTotalColumn(key string) bool {
	return totalColumns[key] || strings.HasSuffix(key, "小计") ||
		(strings.HasSuffix(key, "合计") || strings.HasSuffix(key, "总计")) && utf8.RuneCountInString(key) <= 6
}

// IsGeneratedTotal reports the total labels the fixture generator prints (and so must lay
// out as totals in its spreadsheets): a closed list, since it only has to recognise its
// own words.
func IsGeneratedTotal(key string) bool {
	switch key {
	case "合计", "总计", "收入总计", "支出总计", "收入合计", "支出合计":
		return true
	}
	return false
}

var (
	// UnitRe finds the printed unit of a table (`单位：万元`, `金额单位：元`, `单位:万元`), or
	// the unit of a price list (`单价：元/克`); group 1 is the unit, empty when the label is
	// printed without one.
	UnitRe = regexp.MustCompile(`(?:单位|单价)\s*[：:]\s*((?:万元|元|亿元|千元)(?:/[^\s/，,;；)）]+)*)?`)
	// MoneyUnitLineRe finds a printed money unit only (`单位：万元`, `单位: 元`, `金额单位：元`,
	// the issuer and the unit on one line); group 1 is the unit. Narrower than UnitRe: the
	// wild-document report counts amounts, so a price-list unit is not one of its units.
	MoneyUnitLineRe = regexp.MustCompile(`单位\s*[:：]\s*(万元|千元|亿元|元)`)
	// TableNumberRe finds a printed table number at the start of a title line (`表3`,
	// `表 1-2`, `续表3`, `预算03表`, `公开5表`, `决算1表`); group 1 is the number as printed.
	TableNumberRe = regexp.MustCompile(`^(?:续表\s*)?(表\s*[0-9０-９一二三四五六七八九十]+(?:\s*[-－—]\s*[0-9]+)?|预算\s*[0-9]+\s*表|预算表\s*[0-9]+|公开\s*[0-9]+\s*表|决算\s*[0-9]+\s*表)\s*[：:.．、]?\s*`)
)
