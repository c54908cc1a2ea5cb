package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Code schemes.
const (
	SchemeFunctional = "functional" // 支出功能分类: 201 / 20103 / 2010301
	SchemeEconomic   = "economic"   // 部门预算支出经济分类: 301 / 30101
	SchemeEconGov    = "economic_gov"
)

// codeLevel returns the level (1 类, 2 款, 3 项) of a well-formed code and its scheme, or
// 0 when the digits are not a code shape this project knows.
func codeLevel(code string) (level int, scheme string) {
	if code == "" || !allDigits(code) {
		return 0, ""
	}
	switch code[0] {
	case '2':
		switch len(code) {
		case 3:
			return 1, SchemeFunctional
		case 5:
			return 2, SchemeFunctional
		case 7:
			return 3, SchemeFunctional
		}
	case '3':
		switch len(code) {
		case 3:
			return 1, SchemeEconomic
		case 5:
			return 2, SchemeEconomic
		case 7:
			// Regional third level under a 款 (Chongqing: 3010201 规范性津补贴 under 30102).
			return 3, SchemeEconomic
		}
	case '5':
		switch len(code) {
		case 3:
			return 1, SchemeEconGov
		case 5:
			return 2, SchemeEconGov
		}
	}
	return 0, ""
}

// parentCode is the code one level up ("" for a 类).
func parentCode(code string) string {
	switch len(code) {
	case 5:
		return code[:3]
	case 7:
		return code[:5]
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitsOf keeps the ASCII digits of a code cell (full-width folded; spaces, brackets and
// dots dropped): `201 03 01`, `[2010301]`, `２０１` all give their digits.
func digitsOf(s string) string {
	s = foldWidth(s)
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// codeCellOK reports whether a code cell holds only a code (digits, spaces, brackets).
func codeCellOK(s string) bool {
	s = foldWidth(s)
	for _, r := range s {
		if !(r >= '0' && r <= '9' || unicode.IsSpace(r) || strings.ContainsRune("[]()【】.-", r)) {
			return false
		}
	}
	return true
}

// leadingCode matches a code printed at the start of a name cell: `201 一般公共服务支出`,
// `2080505-机关事业单位基本养老保险缴费支出`, `[201]一般公共服务支出`, `201 03 01 行政运行`.
var leadingCode = regexp.MustCompile(`^[\[【(（]?\s*((?:\d{3}(?:\s?\d{2}){0,2}))\s*[\]】)）]?\s*[-－—_:：、.]?\s*(.*)$`)

// splitCodeName splits a cell that carries a code before the name. It returns ok=false when
// the cell does not start with a code-shaped number or nothing name-like follows it (a
// cell "2025" in a prose line is not a code).
//
// The code is read on the width-folded text, the name is kept as printed: `30213-维修（护）费`
// names 维修（护）费, full-width brackets and all (foldWidth maps rune to rune, so the name
// starts at the same rune in both).
func splitCodeName(text string) (code, name string, ok bool) {
	printed := strings.TrimSpace(text)
	t := foldWidth(printed)
	m := leadingCode.FindStringSubmatchIndex(t)
	if m == nil {
		return "", "", false
	}
	code = strings.ReplaceAll(t[m[2]:m[3]], " ", "")
	name = strings.TrimSpace(string([]rune(printed)[utf8.RuneCountInString(t[:m[4]]):]))
	if lvl, _ := codeLevel(code); lvl == 0 {
		return "", "", false
	}
	if name == "" || !startsWithHan(name) {
		return "", "", false
	}
	return code, name, true
}

func startsWithHan(s string) bool {
	for _, r := range s {
		return unicode.Is(unicode.Han, r) || r == '(' || r == '（'
	}
	return false
}

// codeParts are the printed 类/款/项 cells of one row.
type codeParts struct {
	lei, kuan, xiang string // digits only
	raw              string // as printed, joined with spaces
}

// assembleCtx carries the codes of the rows above, for tables that print only the lower
// digits on child rows (seed 表6: `02 津贴补贴` under 301).
type assembleCtx struct {
	lei, kuan string
	// lastMarker is the ordinal of the last bracketed Chinese list marker (`（二）`) of the
	// side, for OCR readings of the next one (see fixOCRMarker).
	lastMarker int
}

// codeIssue is a malformed code found while assembling.
type codeIssue struct {
	printed    string
	candidates []string // repairs that fit the hierarchy of the rows above, best first
	padOnly    bool     // the only problem is a dropped leading zero (`301 2` for 30102)
	reason     string
}

// assemble joins the three cells into a code, inheriting blank 类/款 cells from the rows
// above. A cell of the wrong width is a malformed code: the caller decides on a repair with
// the catalog and the name (see resolveCodeIssue).
func (c *assembleCtx) assemble(p codeParts) (code string, issue *codeIssue) {
	lei, kuan, xiang := p.lei, p.kuan, p.xiang
	if lei == "" && kuan == "" && xiang == "" {
		return "", nil
	}
	// A whole code typed into the 类 cell (`2010301` with blank 款/项) is a single code.
	if kuan == "" && xiang == "" && (len(lei) == 5 || len(lei) == 7) {
		if lvl, _ := codeLevel(lei); lvl > 0 {
			c.remember(lei)
			return lei, nil
		}
	}
	inheritedLei := false
	if lei == "" {
		lei = c.lei
		inheritedLei = true
	}
	if kuan == "" && xiang != "" {
		kuan = c.kuan
	}
	ok := len(lei) == 3 && (kuan == "" || len(kuan) == 2) && (xiang == "" || len(xiang) == 2)
	if ok {
		code = lei + kuan + xiang
		if lvl, _ := codeLevel(code); lvl > 0 {
			c.remember(code)
			return code, nil
		}
	}
	issue = &codeIssue{printed: p.raw}
	// Candidate repairs. A 1-digit 款/项 lost its leading zero (`301 2` → 30102, Excel number
	// formatting); a 4-digit 类 that starts with the 类 of the row above carries a stray digit
	// (`2085 05 02` under 208 → 2080502).
	fixKuan, fixXiang := kuan, xiang
	pad := true
	if len(fixKuan) == 1 {
		fixKuan = "0" + fixKuan
	} else if fixKuan != "" && len(fixKuan) != 2 {
		pad = false
	}
	if len(fixXiang) == 1 {
		fixXiang = "0" + fixXiang
	} else if fixXiang != "" && len(fixXiang) != 2 {
		pad = false
	}
	var leis []string
	switch {
	case len(lei) == 3:
		leis = []string{lei}
	case len(lei) > 3:
		pad = false
		if c.lei != "" && strings.HasPrefix(lei, c.lei) {
			leis = append(leis, c.lei)
		}
		if lei[:3] != c.lei {
			leis = append(leis, lei[:3])
		}
	case inheritedLei && lei == "":
		issue.reason = "款/项 digits with no 类 above them"
		return "", issue
	default:
		pad = false
		if c.lei != "" {
			leis = append(leis, c.lei)
		}
	}
	for _, l := range leis {
		cand := l + fixKuan + fixXiang
		if lvl, _ := codeLevel(cand); lvl > 0 {
			issue.candidates = append(issue.candidates, cand)
		}
	}
	issue.padOnly = pad && len(issue.candidates) > 0
	issue.reason = "类/款/项 cells of the wrong width"
	return "", issue
}

// remember records an accepted code as context for the rows below.
func (c *assembleCtx) remember(code string) {
	if len(code) >= 3 {
		c.lei = code[:3]
	}
	if len(code) >= 5 {
		c.kuan = code[3:5]
	} else {
		c.kuan = ""
	}
}

// singleCode reads a one-column code cell (`2010301`, `201 03 01`, `[201]`). Economic codes
// printed without the 款's leading zero (`3012` for 30102) are malformed; candidates follow
// the context as in assemble.
func (c *assembleCtx) singleCode(text string) (code string, issue *codeIssue) {
	d := digitsOf(text)
	if d == "" {
		return "", nil
	}
	if lvl, _ := codeLevel(d); lvl > 0 {
		c.remember(d)
		return d, nil
	}
	issue = &codeIssue{printed: strings.TrimSpace(text), reason: "code of the wrong width"}
	if len(d) == 4 || len(d) == 6 {
		// A dropped leading zero in the last part: 3012 → 30102, 201031 → 2010301.
		cand := d[:len(d)-1] + "0" + d[len(d)-1:]
		if lvl, _ := codeLevel(cand); lvl > 0 {
			issue.candidates = append(issue.candidates, cand)
			issue.padOnly = true
		}
	}
	return "", issue
}
