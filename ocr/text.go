package ocr

import (
	"regexp"
	"strings"
	"unicode"
)

// cleanText tidies a text line read by the text model:
//   - runs of bracket look-alikes that Tesseract produces for a full-width bracket
//     (`《〈《室)`) collapse into one bracket;
//   - ASCII punctuation next to CJK becomes the full-width form these documents print
//     (`编制部门:` → `编制部门：`, `(室)` → `（室）`);
//   - `文出` becomes `支出`: 支 read as 文 is chi_sim's most frequent confusion on these
//     fonts and 文出 is not a Chinese word, while 支出 ends most subject names.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isOpenLike(r) || isCloseLike(r) {
			open := isOpenLike(r)
			j := i
			for j+1 < len(rs) && (isOpenLike(rs[j+1]) || isCloseLike(rs[j+1])) && isOpenLike(rs[j+1]) == open {
				j++
			}
			run := rs[i : j+1]
			if len(run) == 1 && keepBracket(rs, i) {
				out = append(out, r)
				i = j
				continue
			}
			if open {
				out = append(out, '(')
			} else {
				out = append(out, ')')
			}
			i = j
			continue
		}
		out = append(out, r)
	}
	// Full-width punctuation in CJK context.
	for i, r := range out {
		fw, ok := fullWidth[r]
		if !ok {
			continue
		}
		prevCJK := i > 0 && unicode.Is(unicode.Han, out[i-1])
		nextCJK := i+1 < len(out) && unicode.Is(unicode.Han, out[i+1])
		if prevCJK || nextCJK || (r == '(' || r == ')') && hasHan(out) {
			out[i] = fw
		}
	}
	// 一 is a single flat stroke: read as a hyphen, a dash or a quote mark before a Chinese
	// character it is 一 (一般, 一、), unless it follows a digit (a range, a code).
	for i, r := range out {
		if (r == '-' || r == '－' || r == '—' || r == '_' || r == '“' || r == '"') &&
			i+1 < len(out) && unicode.Is(unicode.Han, out[i+1]) &&
			(i == 0 || !unicode.IsDigit(out[i-1]) || out[i+1] == '般') &&
			(i == 0 || out[i-1] != r) && (i+1 >= len(out) || out[i+1] != r) {
			out[i] = '一'
		}
	}
	t := string(out)
	t = strings.ReplaceAll(t, "文出", "支出")
	// A doubled full stop after a list number ("5..单位资金") is a speck beside the dot.
	t = doubledDot.ReplaceAllString(t, "$1.")
	return t
}

// keepBracket tells a bracket printed as such from a look-alike of a round one: square
// brackets ("昌州财预[2024]61号") stay, and so does a 《 closed by 》 (a title in prose),
// but a 《 closed by ) is chi_sim's reading of （.
func keepBracket(rs []rune, i int) bool {
	switch rs[i] {
	case '[', ']', '【', '】':
		return true
	case '《':
		for _, r := range rs[i+1:] {
			switch r {
			case '》':
				return true
			case ')', '）':
				return false
			}
		}
		return true
	case '》':
		return true
	}
	return false
}

var doubledDot = regexp.MustCompile(`^(\d+)\.\.`)

var fullWidth = map[rune]rune{':': '：', ',': '，', ';': '；', '(': '（', ')': '）', '?': '？', '!': '！'}

func isOpenLike(r rune) bool {
	return r == '(' || r == '（' || r == '〈' || r == '《' || r == '{' || r == '【' || r == '['
}
func isCloseLike(r rune) bool {
	return r == ')' || r == '）' || r == '〉' || r == '》' || r == '}' || r == '】' || r == ']'
}

func hasHan(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
