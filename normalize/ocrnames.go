package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/editdist"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// Names and codes read by OCR.
//
// Tesseract confuses a few characters systematically in subject names (支→文, 机→矶, （→〈,
// 室→`38`, 二→`=`) and now and then cannot read a code cell at all (`已` for 213). For rows
// read by OCR — never for text-layer rows — the catalog fixes them:
//   - a row whose code is known (read with confidence, and in the catalog) gets its name
//     snapped to the closest of that code's catalog names (or of their prefixes, for names the
//     document prints cut short) when the printed reading is close to it (edit similarity
//     ≥ snapSimilarity): repair `ocr_name_snap`;
//   - a row of a coded table whose code cells are unreadable (or blank between coded rows)
//     gets the code whose catalog name its name is, among the codes the rows above leave
//     possible (the level of the unreadable cell, under the 类/款 above): exactly, or
//     unambiguously close (similarity ≥ codeSimilarity, the runner-up at least 0.15 behind):
//     repair `code_from_name` (and `ocr_name_snap` when the name was not exact);
//   - list markers read as `（=）`, `（-）` are `（二）`, `（一）`.
//
// Every change is a Repair on the row with the reading before, the result and why.
const (
	snapSimilarity = 0.6
	codeSimilarity = 0.75
)

// rowFromOCR reports whether a row's cells were read by OCR.
func rowFromOCR(r tables.Row) bool {
	for _, c := range r.Cells {
		for _, f := range c.Fragments {
			if f.Source == extract.SourceOCR {
				return true
			}
		}
	}
	return false
}

// cellsConfidence is the lowest confidence of the fragments of some cells (1 without any).
func cellsConfidence(r tables.Row, cols []int) float64 {
	conf := 1.0
	for _, c := range cols {
		if c < 0 || c >= len(r.Cells) {
			continue
		}
		for _, f := range r.Cells[c].Fragments {
			if f.Confidence > 0 && f.Confidence < conf {
				conf = f.Confidence
			}
		}
	}
	return conf
}

// ocrCodeCell cleans an OCR code cell: stray marks around or inside the digits (`22,1`,
// `03’`) are dropped when digits remain; a cell of marks and letters without a digit is a
// blank cell with noise (`i’` where nothing is printed). Chinese text stays, to be read as a
// garbled code (`已` for 213).
func ocrCodeCell(txt string) string {
	hasDigit, hasHan := false, false
	for _, c := range txt {
		switch {
		case c >= '0' && c <= '9' || c >= '０' && c <= '９':
			hasDigit = true
		case c >= 0x4e00 && c <= 0x9fff:
			hasHan = true
		}
	}
	switch {
	case hasHan:
		return txt
	case hasDigit:
		return digitsOf(txt)
	}
	return ""
}

// ocrMarker matches list markers whose numeral OCR misread inside brackets: 二 and 三 read
// as `=`, 一 as `-`.
var ocrMarker = regexp.MustCompile(`^([(（])([=＝≡\-－—])([)）])`)

// cnMarker reads a bracketed Chinese ordinal marker (`（二）`).
var cnMarker = regexp.MustCompile(`^[(（]([一二三四五六七八九十])[)）]`)

const cnDigits = "一二三四五六七八九十"

// fixOCRMarker restores a misread bracketed ordinal from the one before it in the same list
// (`（一）` … `（=）` is `（二）`, the next `（=）` `（三）`): a dash is 一, `=` the next of 二
// and 三. last is the ordinal of the list's previous marker (0 when none).
func fixOCRMarker(name string, last int) string {
	m := ocrMarker.FindStringSubmatchIndex(name)
	if m == nil {
		return name
	}
	num := name[m[4]:m[5]]
	want := 1
	if !strings.ContainsAny(num, "-－—") {
		want = last + 1
		if want < 2 || want > 3 {
			return name
		}
	}
	return name[:m[4]] + string([]rune(cnDigits)[want-1]) + name[m[5]:]
}

// markerOrdinal is the ordinal of a name's bracketed Chinese marker, 0 when none.
func markerOrdinal(name string) int {
	m := cnMarker.FindStringSubmatch(name)
	if m == nil {
		return 0
	}
	return strings.Index(cnDigits, m[1])/3 + 1
}

// ocrPartOf matches `其中：` read as Latin letters before a bracketed marker (`HH: （1）`).
var ocrPartOf = regexp.MustCompile(`^[A-Za-z]{1,3}\s*[:：]\s*([(（])`)

// ocrRowRepair is the outcome of reviewing an OCR row's code and name.
type ocrCodeState struct {
	garbled   bool   // a code cell holds text that is no code
	level     int    // the level of the first garbled (or first printed) code cell, 0 unknown
	codeCols  bool   // the side has code columns (so a blank code is a missing one)
	confident bool   // the code was read with confidence
	raw       string // the code cells as read
	// lei, kuan, xiang are the digits of the readable code cells.
	lei, kuan, xiang string
}

// reviewOCRRow fixes the code and name of a row read by OCR (see the comment at the top).
func (n *normalizer) reviewOCRRow(t *tables.Table, r tables.Row, nameCol int, row *Row, ctx *assembleCtx, scheme string, st ocrCodeState, code string) string {
	if fixed := fixOCRMarker(row.Name, ctx.lastMarker); fixed != row.Name {
		row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: fixed,
			Evidence: fmt.Sprintf("list marker: OCR reads 二 and 三 as `=`, 一 as `-`; the marker before it is the %d.", ctx.lastMarker)})
		row.Name, row.NameKey = fixed, catalog.NameKey(fixed)
	}
	if m := ocrPartOf.FindStringSubmatchIndex(row.Name); m != nil {
		fixed := "其中：" + row.Name[m[2]:]
		row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: fixed,
			Evidence: "Latin letters and a colon before a list marker: OCR's reading of 其中："})
		row.Name, row.NameKey = fixed, catalog.NameKey(fixed)
	}
	if o := markerOrdinal(row.Name); o > 0 {
		ctx.lastMarker = o
	}
	if fixed := trimOCRNoise(row.Name); fixed != row.Name && fixed != "" {
		row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: fixed, Evidence: "stray marks at the ends of the OCR reading (rule ends, specks)"})
		row.Name, row.NameKey = fixed, catalog.NameKey(fixed)
	}
	if scheme == "" || row.NameKey == "" || vocab.IsGrandTotal(row.NameKey) || isTotalLike(row.NameKey) {
		return code
	}
	if code != "" {
		e, known := n.cat.Lookup(code)
		switch {
		case known && st.confident:
			n.snapName(t, row, e, r, nameCol, fmt.Sprintf("the code %s was read with confidence; catalog name", code))
		case !known && parentCode(code) != "":
			// A code the catalog does not have (`2110137` for 2110199: 99 read as 37) whose
			// name is exactly the catalog name of one sibling is that sibling.
			var sibs []*catalog.Entry
			lvl, _ := codeLevel(code)
			for _, s := range n.cat.Entries() {
				if s.Parent == parentCode(code) && s.Level == lvl {
					sibs = append(sibs, s)
				}
			}
			fixed, why := "", ""
			if best, _, score, second := closestEntry(row.Name, sibs); best != nil && score == 1 && second < 1 {
				fixed, why = best.Code, fmt.Sprintf("the name %q is the catalog name of %s under %s", row.Name, best.Code, parentCode(code))
			} else if p, ok := n.cat.Lookup(parentCode(code)); ok && !strings.HasSuffix(code, "99") && otherOf(p, row.NameKey) {
				// The classification names a 99 code 其他 + its parent's name + 支出.
				fixed, why = parentCode(code)+"99", fmt.Sprintf("the name %q is 其他 + %s's name + 支出, the name of its 99 code", row.Name, p.Code)
			}
			if fixed != "" {
				row.Repairs = append(row.Repairs, Repair{Kind: "code_from_name", Before: code, After: fixed,
					Evidence: fmt.Sprintf("OCR read %s, which the catalog does not have; %s", code, why)})
				code = fixed
				ctx.remember(code)
			}
		}
		return code
	}
	if !st.codeCols || !st.garbled && (ctx.lei == "" || st.raw != "") {
		return code
	}
	// Which codes the position leaves possible: under the readable code cells (or the codes
	// above, which blank cells inherit) at the garbled cell's level, or the readable prefix
	// itself; a blank code between coded rows is a 款 under the 类 above or a 项 under its 款.
	lei, kuan := st.lei, st.kuan
	if lei == "" {
		lei = ctx.lei
		if kuan == "" && st.xiang != "" {
			kuan = ctx.kuan
		}
	}
	var cands []*catalog.Entry
	under := func(level int, parent string) {
		for _, e := range n.cat.Entries() {
			if e.Level == level && e.Parent == parent && (level > 1 || e.Scheme == scheme) {
				cands = append(cands, e)
			}
		}
	}
	self := func(code string) {
		if e, ok := n.cat.Lookup(code); ok {
			cands = append(cands, e)
		}
	}
	switch {
	case st.garbled && st.level == 1:
		under(1, "")
	case st.garbled && st.level == 2 && lei != "":
		under(2, lei)
		self(lei)
	case st.garbled && st.level == 3 && lei != "" && kuan != "":
		under(3, lei+kuan)
		self(lei + kuan)
	case !st.garbled && ctx.lei != "":
		under(2, ctx.lei)
		if ctx.kuan != "" {
			under(3, ctx.lei+ctx.kuan)
		}
	}
	best, via, score, second := closestEntry(row.Name, cands)
	if best == nil || score < 1 && (score < codeSimilarity || score-second < 0.15 || len(cands) == 1) || score == 1 && second == 1 {
		return code // not the name of one of them, or not of one alone
	}
	code = best.Code
	why := "the name is its catalog name"
	if score < 1 {
		why = fmt.Sprintf("the name is closest to its catalog name %q (similarity %.2f, next %.2f)", via, score, second)
	}
	row.Repairs = append(row.Repairs, Repair{Kind: "code_from_name", Before: st.raw, After: code,
		Evidence: fmt.Sprintf("OCR could not read the code cells (%q); among the codes the rows above leave possible, %s %s: %s", st.raw, best.Code, best.Name, why)})
	if catalog.NameKey(via) != row.NameKey {
		n.snapName(t, row, best, r, nameCol, "code "+best.Code+" from the name; catalog name")
	}
	ctx.remember(code)
	return code
}

// otherOf reports whether a name key is parent's "其他…支出" child (其他环境保护管理事务支出
// under 环境保护管理事务; 其他…事务支出 under …事务).
func otherOf(parent *catalog.Entry, key string) bool {
	for _, v := range parent.Variants {
		stem := strings.TrimSuffix(catalog.NameKey(v.Name), "支出")
		if key == "其他"+stem+"支出" {
			return true
		}
	}
	return false
}

// snapName replaces an OCR name by the closest catalog name of entry e when it is close
// enough and the reading looks misread (see misreadLooking).
func (n *normalizer) snapName(t *tables.Table, row *Row, e *catalog.Entry, r tables.Row, nameCol int, why string) {
	if unreadName(row.Name, e.Name) {
		row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: e.Name,
			Evidence: fmt.Sprintf("OCR read no Chinese in the name (%q, as long as the name); %s %q", row.Name, why, e.Name)})
		row.Name, row.NameKey = e.Name, catalog.NameKey(e.Name)
		return
	}
	best, via, score, _ := closestEntry(row.Name, []*catalog.Entry{e})
	if best == nil || score < snapSimilarity || catalog.NameKey(via) == row.NameKey || !n.misreadLooking(row.Name, r, nameCol) {
		return
	}
	// A reading that is some code's catalog name is a printed name (the seed prints 23304
	// with 23204's name: a code/name mismatch to report, not to hide); one that is the start
	// of the name, character for character, is the name printed short.
	if len(n.cat.ByKey(row.NameKey)) > 0 {
		return
	}
	for _, v := range e.Variants {
		if k := catalog.NameKey(v.Name); row.NameKey != "" && strings.HasPrefix(k, row.NameKey) {
			return
		}
	}
	// The print may be another code's name (the seed's 23304 row prints 23204's
	// 地方政府专项债务付息支出, read 付县): a reading clearly closer to a name of another code of
	// the same scheme and level is that name, and the code/name check reports the mismatch.
	var others []*catalog.Entry
	for _, o := range n.cat.Entries() {
		if o.Code != e.Code && o.Scheme == e.Scheme && o.Level == e.Level {
			others = append(others, o)
		}
	}
	if ob, ovia, oscore, _ := closestEntry(row.Name, others); ob != nil && oscore >= score+0.05 {
		row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: ovia,
			Evidence: fmt.Sprintf("%s %q is %.2f similar, but the reading is closer (%.2f) to %s's name %q: the document prints that name", why, via, score, oscore, ob.Code, ovia)})
		row.Name, row.NameKey = ovia, catalog.NameKey(ovia)
		return
	}
	row.Repairs = append(row.Repairs, Repair{Kind: "ocr_name_snap", Before: row.Name, After: via,
		Evidence: fmt.Sprintf("%s %q; the OCR reading is %.2f similar", why, via, score)})
	row.Name, row.NameKey = via, catalog.NameKey(via)
}

// unreadName reports a name OCR could not read at all: no Chinese character, about as long
// as the code's name (`KA` for 大气, `BxNix22oe` for 一般公共服务支出).
func unreadName(reading, name string) bool {
	for _, c := range reading {
		if c >= 0x4e00 && c <= 0x9fff {
			return false
		}
	}
	d := len([]rune(reading)) - len([]rune(name))
	return reading != "" && d >= -1 && d <= 1
}

// knownConfusions are characters Tesseract (chi_sim) reads for others in subject names:
// 文 for 支, 矶 for 机, 〈 〉 for （ ）.
const knownConfusions = "文矶〈〉《》"

// misreadLooking tells a misread from a name the document prints differently from the
// catalog (the seed prints 行政运费 for 行政运行, a typo the key keeps): the reading holds
// junk (Latin letters, digits, stray punctuation), a character no catalog name uses, or a
// known confusion; or Tesseract itself was not sure (below 0.99: clean readings of printed
// names score 0.99 and more on the fixture scans, misread characters 0.96–0.98).
func (n *normalizer) misreadLooking(name string, r tables.Row, nameCol int) bool {
	alphabet := n.catalogAlphabet()
	for _, c := range name {
		switch {
		case c < 0x80 && c != '(' && c != ')':
			return true
		case strings.ContainsRune(knownConfusions, c):
			return true
		case c >= 0x4e00 && c <= 0x9fff && !alphabet[c]:
			return true
		}
	}
	return cellsConfidence(r, []int{nameCol}) < 0.99
}

// catalogAlphabet is the set of characters the catalog's names use.
func (n *normalizer) catalogAlphabet() map[rune]bool {
	if n.alphabet == nil {
		n.alphabet = map[rune]bool{}
		for _, e := range n.cat.Entries() {
			for _, v := range e.Variants {
				for _, c := range v.Name {
					n.alphabet[c] = true
				}
			}
		}
	}
	return n.alphabet
}

// closestEntry finds the entry whose name is most similar to name (edit similarity of the
// name keys, junk OCR characters costing half), also against the start of each name as
// long as the reading (documents print names cut short: 资源勘探工业信息等支) unless the
// reading ends in Latin letters or digits, which stand for characters OCR could not read
// and make its length meaningless; it returns the printed form that matched, its
// similarity and the best similarity of any other entry.
func closestEntry(name string, entries []*catalog.Entry) (best *catalog.Entry, via string, score, second float64) {
	key := []rune(ocrNameKey(name))
	if len(key) == 0 {
		return nil, "", 0, 0
	}
	last := key[len(key)-1]
	cut := !(last < 0x80 && last != ')')
	marker := listPrefix(name)
	for _, e := range entries {
		s, v := 0.0, ""
		for _, variant := range e.Variants {
			vk := []rune(catalog.NameKey(variant.Name))
			forms := []struct {
				key  []rune
				text string
			}{{vk, variant.Name}}
			if cut && len(key) < len(vk) {
				printed := []rune(catalog.PrintedName(variant.Name))
				if len(printed) > len(key) {
					forms = append(forms, struct {
						key  []rune
						text string
					}{vk[:len(key)], string(printed[:len(key)])})
				}
			}
			for _, f := range forms {
				sim := 1 - ocrDistance(key, f.key)/float64(max(len(key), len(f.key)))
				if sim > s {
					s, v = sim, f.text
				}
			}
		}
		switch {
		case s > score:
			second = max(second, score)
			best, via, score = e, marker+catalog.PrintedName(v), s
		case s > second:
			second = s
		}
	}
	return best, via, score, second
}

// trimOCRNoise drops the marks OCR reads from rule ends and specks at the ends of a name:
// ASCII punctuation and quotes (letters and digits may stand for unread characters and
// stay for the snapping to weigh).
func trimOCRNoise(name string) string {
	name = strings.TrimFunc(name, func(r rune) bool {
		return strings.ContainsRune(".,;:|_-~'`\"”“‘’，;", r)
	})
	if !strings.HasPrefix(name, "其中") {
		// A full-width colon ends a 其中： line, nothing else.
		name = strings.TrimRight(name, "：")
	}
	return name
}

// ocrNameKey is NameKey without the junk OCR adds at a name's ends (`|`, `.`, `os`, `”`).
func ocrNameKey(name string) string {
	return trimOCRNoise(catalog.NameKey(name))
}

// listPrefix is the list marker a name starts with (`一、`, `（二）`), kept when snapping.
func listPrefix(name string) string {
	if m := listMarkerPrefix.FindString(name); m != "" {
		return m
	}
	return ""
}

var listMarkerPrefix = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])`)

// ocrDistance is the edit distance from an OCR reading to a name where a Latin letter,
// digit or stray sign of the reading (what Tesseract outputs for a character it cannot
// read: `FH` for 务支, `38` for 室) costs half a substitution or deletion.
func ocrDistance(a, b []rune) float64 { return editdist.Weighted(a, b, ocrJunk, ocrJunk) }

// ocrJunk: a Latin letter, digit or sign (brackets aside) in an OCR reading of Chinese text.
func ocrJunk(r rune) bool { return r < 0x80 && r != '(' && r != ')' }
