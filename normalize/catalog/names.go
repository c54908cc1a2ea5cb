// Package catalog is the subject-code catalog (政府收支分类科目) budgetpdf checks codes and maps
// names against: the functional classification (支出功能分类 类/款/项) and the department-budget
// economic classification (部门预算支出经济分类 类/款).
//
// The embedded part (catalog.csv) is built by ./gen from ../shared/catalog (codes attested in
// real documents, each with its sources) plus the pairs printed in the seed and the corpus;
// every name variant carries the documents that print it. A user grows it with the official
// catalog file (`budgetpdf catalog import`) and with pairs learned from converted documents
// (`budgetpdf catalog learn`); both live in the user's data directory (see Dir).
package catalog

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PrintedName is a name cell as the key stores it: the printed text with the spaces that
// line wraps (and justified layouts) put inside it removed.
func PrintedName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// ordinalPrefix matches list markers in front of names: `一、`, `（一）`, `1.`, `1、`, `其中：`.
var ordinalPrefix = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：]?)`)

// NameKey is the form names are compared in: NFKC (全角→半角), brackets unified, 其它→其他,
// spaces and list markers removed, the trailing (类)/(款)/(项) markers of prose paths dropped.
// The printed name is kept separately; NameKey is never shown as the name.
func NameKey(s string) string {
	s = norm.NFKC.String(s)
	s = PrintedName(s)
	for {
		// A marker starts with one of these runes; most names do not (NameKey runs per row
		// in several passes, the regexp is the slow part).
		if r, _ := utf8.DecodeRuneInString(s); !strings.ContainsRune("一二三四五六七八九十(（0123456789其", r) {
			break
		}
		loc := ordinalPrefix.FindStringIndex(s)
		if loc == nil || loc[1] == 0 {
			break
		}
		s = s[loc[1]:]
	}
	s = keyReplacer.Replace(s)
	return strings.TrimRight(s, ":：;；,，。、")
}

var keyReplacer = strings.NewReplacer(
	"其它", "其他",
	"[", "(", "]", ")", "【", "(", "】", ")", "〔", "(", "〕", ")",
	"“", "", "”", "", "\"", "", "'", "", "‘", "", "’", "",
	"(类)", "", "(款)", "", "(项)", "",
)
