package tables

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/vocab"
)

// isCJK reports whether r is a Han character or CJK/full-width punctuation: text made of these
// is printed without spaces, so words and wrapped lines are joined without one.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK punctuation
		(r >= 0xff00 && r <= 0xffef) || // full-width forms
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}

// joinWords joins texts printed on one line: no space where either side is CJK (the gap is
// only the producer's glyph placement), one space between Latin/digit runs (`25180591 .33`
// keeps the gap so normalize sees and records it).
func joinWords(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if p == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if !isCJK(last) && !isCJK(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// compact removes all white space (the key form of header text and names).
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

var (
	// numberRe matches a printed amount or a fragment of one: optional sign or parentheses,
	// digits with optional thousands separators and decimals, optional trailing %.
	// U+FFFD counts as a digit: producers whose digit glyphs do not decode (no ToUnicode)
	// still print amounts where amounts go, and the structure depends on seeing them.
	numberRe = regexp.MustCompile(`^[-+−－]?[(（]?[0-9０-９\x{FFFD}][0-9０-９\x{FFFD},，]*(?:[.．][0-9０-９\x{FFFD}]*)?[)）]?%?$|^[.．][0-9\x{FFFD}]+$`)
	// codeRe matches a subject code printed alone (类 `201`, 款 `20103`, 项 `2010301`, economic
	// `30101`, child digits `02`), or bracketed `[30227]`.
	codeRe = regexp.MustCompile(`^\[?[0-9]{2,9}\]?$`)
	// codeNameRe matches a cell holding a code and a name (`2080505-机关事业单位…`,
	// `[30227]委托业务费`, `201 一般公共服务支出`, `30101 基本工资`).
	codeNameRe = regexp.MustCompile(`^\[?[0-9]{3,9}\]?\s*[-－—:：]?\s*\p{Han}`)
	// enumRe matches an enumerated item name (`一、`, `（一）`, `1.`, `1、`, `(1)`).
	enumRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]{1,2}[、.．](?:[^0-9]|$))`)
	// dashRe matches the printed "no amount" marks.
	dashRe = regexp.MustCompile(`^[-—–－―─]+$`)
)

// isNumeric reports whether s reads as an amount or a fragment of one (`370,219.2`, `5`,
// `.33`, `-12.00`, `(3.5)`, `12%`).
func isNumeric(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && numberRe.MatchString(s)
}

// isAmountLike reports whether s is an amount or a dash (the contents of an amount cell).
func isAmountLike(s string) bool {
	s = strings.TrimSpace(s)
	return isNumeric(s) || dashRe.MatchString(s)
}

// isNumericText reports whether every space-separated part of s is numeric.
func isNumericText(s string) bool {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return false
	}
	for _, f := range fs {
		if !isNumeric(f) {
			return false
		}
	}
	return true
}

// hasDigitRun reports whether s contains an ASCII digit.
func hasDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
}

// isTotalName reports whether a name cell is a total or subtotal line (合计, 总计, 小计,
// 收入总计, 支出合计, 人员经费合计 …).
func isTotalName(s string) bool {
	return vocab.EndsInTotal(compact(s))
}

// hasHan reports whether s contains a Han character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// yearPrefixRe matches text starting with a year (`2024年…`), which is not a code.
var yearPrefixRe = regexp.MustCompile(`^(?:19|20)[0-9]{2}\s*年`)

// isCodeName reports whether s prints a code and a name together (`2080505-机关事业单位…`,
// `[30227]委托业务费`, `201 一般公共服务支出`); a leading year is not a code.
func isCodeName(s string) bool {
	return codeNameRe.MatchString(s) && !yearPrefixRe.MatchString(s)
}
