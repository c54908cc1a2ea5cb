package normalize

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// textDoc is ocrDoc's table as a born-digital page delivers it (text layer, confidence 1).
// A cell "13|0" is a number printed in two fragments far apart vertically inside its cell
// (40pt, more than a line): the geometry cannot tell a wrap from two readings.
func textDoc(rows [][]string) *tables.Document {
	doc := ocrDoc(rows)
	t := doc.Tables[0]
	t.Grid = ""
	for ri := range t.Rows {
		for ci := range t.Rows[ri].Cells {
			c := &t.Rows[ri].Cells[ci]
			if len(c.Fragments) == 0 {
				continue
			}
			f := c.Fragments[0]
			f.Source, f.Confidence = extract.SourceText, 1
			parts := strings.Split(c.Text, "|")
			c.Text = strings.Join(parts, " ")
			c.Fragments = nil
			for i, p := range parts {
				g := f
				g.Text = p
				g.Box.Y0 += float64(40 * i)
				g.Box.Y1 += float64(40 * i)
				g.Box.X0 = g.Box.X1 - float64(6*len(p))
				c.Fragments = append(c.Fragments, g)
			}
		}
	}
	return doc
}

func findingsOf(doc *Document, rule string) []Finding {
	var out []Finding
	for _, f := range doc.Findings {
		if string(f.Rule) == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestSplitReadingTie: a cell printed as `13` / `0` far apart is 130 or 13 (or 0). The
// identities choose when one reading satisfies more of them; when the readings satisfy
// equally many, the value stays the geometric reading, marked Unresolved, and an
// `unresolved_split` warning names the cell and the readings — never a silent guess.
func TestSplitReadingTie(t *testing.T) {
	for _, tc := range []struct {
		name string
		// kuan is the 款 row 20103's 合计; the 项 row 2010301 prints 合计 `13|0`, 基本支出 130.
		kuan       string
		want       string
		unresolved bool
	}{
		// 130: 合计 = 基本支出 + 项目支出 holds and 款 = Σ 项 holds.
		{"both identities pick the joined reading", "130", "130", false},
		// 130 satisfies the row identity, 13 the 款's sum: one each, a tie.
		{"row identity and hierarchy disagree: tie", "13", "130", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := Normalize(textDoc([][]string{
				{"201", "", "", "一般公共服务支出", tc.kuan, tc.kuan, ""},
				{"201", "03", "", "政府办公厅（室）及相关机构事务", tc.kuan, tc.kuan, ""},
				{"201", "03", "01", "行政运行", "13|0", "130", ""},
				{"", "", "", "合计", tc.kuan, tc.kuan, ""},
			}), Options{})
			v := cellOf(t, doc, "2010301", "合计")
			if got := v.Amount.String(); got != tc.want || v.Unresolved != tc.unresolved {
				t.Errorf("2010301 合计 = %s unresolved=%v (repairs %+v), want %s unresolved=%v", got, v.Unresolved, v.Repairs, tc.want, tc.unresolved)
			}
			fs := findingsOf(doc, "unresolved_split")
			if !tc.unresolved {
				if len(fs) != 0 {
					t.Errorf("unexpected unresolved_split: %+v", fs)
				}
				if len(v.Repairs) != 1 || v.Repairs[0].Kind != "split_reading" || v.Repairs[0].Before != "13 0" || v.Repairs[0].After != "130" {
					t.Errorf("repairs %+v, want one split_reading 13 0 → 130", v.Repairs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("unresolved_split findings: %+v, want 1", fs)
			}
			f := fs[0]
			if f.Severity != SeverityWarning || f.Printed != "13 0" || len(f.Refs) == 0 || f.Refs[0].Code != "2010301" || f.Refs[0].Path != "合计" {
				t.Errorf("finding %+v: want a warning about 2010301 合计 printing `13 0`", f)
			}
			if !strings.Contains(f.Message, "130") || !strings.Contains(f.Message, " 13 ") && !strings.Contains(f.Message, "/ 13") {
				t.Errorf("finding message %q does not name both readings", f.Message)
			}
			if !f.AboutReading() {
				t.Errorf("unresolved_split must be a finding about the reading")
			}
		})
	}
}

// TestCodeNameMismatch: a printed code whose printed name is exactly (after NameKey) the
// name of one other code of its scheme and level, and no name of its own, is a
// `code_name_mismatch` warning about the source naming both codes, whatever the
// parent-restricted mapping says (the seed's 表8 prints 23304 and 2330498 with the names of
// 23204 and 2320498: the mapping under 233 picks the row's own, similar, code). Silent: a
// matching row, 其它/其他, a second name the catalog attests for the code (23304 has two), a
// name no other code bears, a name several codes bear (其他支出), a name of a code of
// another level (the 款's name on its 项), and a short form of the code's own name.
func TestCodeNameMismatch(t *testing.T) {
	med := func(code, name string) [][]string {
		return [][]string{
			{"210", "", "", "卫生健康支出", "100", "100", ""},
			{"210", "11", "", "行政事业单位医疗", "100", "100", ""},
			{"210", "11", code[5:], name, "100", "100", ""},
			{"", "", "", "合计", "100", "100", ""},
		}
	}
	debt := func(kuanName, xiang, xiangName string) [][]string {
		return [][]string{
			{"233", "", "", "债务发行费用支出", "40", "", "40"},
			{"233", "04", "", kuanName, "40", "", "40"},
			{"233", "04", xiang, xiangName, "40", "", "40"},
			{"", "", "", "合计", "40", "", "40"},
		}
	}
	for _, tc := range []struct {
		name      string
		rows      [][]string
		wantCodes [][2]string // printed, other; nil = no finding
	}{
		{"行政单位医疗 printed under 事业单位医疗's code", med("2101102", "行政单位医疗"), [][2]string{{"2101102", "2101101"}}},
		{"seed 表8: 付息 names on 233 04 and 233 04 98", debt("地方政府专项债务付息支出", "98", "其他地方自行试点项目收益专项债券付息支出"),
			[][2]string{{"23304", "23204"}, {"2330498", "2320498"}}},
		{"matching row", med("2101101", "行政单位医疗"), nil},
		{"其它 for 其他 is the same name", med("2101199", "其它行政事业单位医疗支出"), nil},
		{"second name attested for the code (债券/债务)", debt("地方政府专项债券发行费用支出", "98", "其他地方自行试点项目收益专项债券发行费用支出"), nil},
		{"an unusual name that is no other code's", med("2101101", "机关单位医疗保险"), nil},
		{"a name many 项 bear", med("2101199", "其他支出"), nil},
		{"the 款's name on its 项", med("2101199", "行政事业单位医疗"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := Normalize(textDoc(tc.rows), Options{})
			fs := findingsOf(doc, "code_name_mismatch")
			if len(fs) != len(tc.wantCodes) {
				t.Fatalf("code_name_mismatch findings %+v, want %d", fs, len(tc.wantCodes))
			}
			for i, f := range fs {
				printed, other := tc.wantCodes[i][0], tc.wantCodes[i][1]
				if f.Severity != SeverityWarning || f.AboutReading() || f.Printed != printed || f.Expected != other || f.Refs[0].Code != printed {
					t.Errorf("finding %+v: want a warning about the source, printed %s expected %s", f, printed, other)
				}
				if !strings.Contains(f.Message, printed) || !strings.Contains(f.Message, other) || !strings.Contains(f.Message, f.Refs[0].Name) {
					t.Errorf("message %q does not name both codes and the name", f.Message)
				}
			}
		})
	}
}

// TestCodeNameOwners: the two tests behind code_name_mismatch on the embedded catalog,
// economic codes included. Jiangsu 2017 prints 30307 医疗费 (its edition's name; 医疗费 is
// 30114 since 2018): a short form of 30307's own 医疗费补助, so no mismatch.
func TestCodeNameOwners(t *testing.T) {
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code, name string
		wantOwner  string // "" = no single other owner
		wantShares bool
	}{
		{"23304", "地方政府专项债务付息支出", "23204", false},
		{"2330498", "其他地方自行试点项目收益专项债券付息支出", "2320498", false},
		{"30307", "医疗费", "30114", true},
		{"30114", "医疗费补助", "30307", true},
		{"30201", "差旅费", "30211", false},
		{"2101199", "其他支出", "", false},
		{"2101199", "行政事业单位医疗", "", true},
		{"23304", "地方政府专项债券发行费用支出", "", true},
	} {
		t.Run(tc.code+" "+tc.name, func(t *testing.T) {
			e, ok := cat.Lookup(tc.code)
			if !ok {
				t.Fatalf("%s not in the catalog", tc.code)
			}
			o, found := exactOtherOwner(cat, e, tc.name)
			got := ""
			if found {
				got = o.Code
			}
			if got != tc.wantOwner {
				t.Errorf("other owner of %q beside %s = %q, want %q", tc.name, tc.code, got, tc.wantOwner)
			}
			if s := sharesOwnName(e, tc.name); s != tc.wantShares {
				t.Errorf("sharesOwnName(%s, %q) = %v, want %v", tc.code, tc.name, s, tc.wantShares)
			}
		})
	}
}

// TestProseDashPath: a prose path written with dashes (`卫生健康支出-行政事业单位医疗-行政单位医疗`)
// maps level by level to 2101101, from the catalog alone or from the document's own rows,
// and a figure that differs from the table's is reported on that row.
func TestProseDashPath(t *testing.T) {
	base := func() *tables.Document {
		return textDoc([][]string{
			{"210", "", "", "卫生健康支出", "78.29", "78.29", ""},
			{"210", "11", "", "行政事业单位医疗", "78.29", "78.29", ""},
			{"210", "11", "01", "行政单位医疗", "78.29", "78.29", ""},
			{"", "", "", "合计", "78.29", "78.29", ""},
		})
	}
	empty := &tables.Document{File: "x.pdf"}
	n, err := newNormalizer(empty, &Document{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := []string{"卫生健康支出", "行政事业单位医疗", "行政单位医疗"}
	if got := n.pathCode(path); got != "2101101" {
		t.Errorf("pathCode(%v) from the catalog = %q, want 2101101", path, got)
	}
	for _, tc := range []struct {
		name, prose string
		wantFinding bool
	}{
		// Putuo govoffice 2025 prints this sentence (its table says 78.29).
		{"figure agrees", "“卫生健康支出-行政事业单位医疗-行政单位医疗”科目78.29万元，主要用于行政单位基本医疗保险费缴费经费。", false},
		{"figure differs", "“卫生健康支出-行政事业单位医疗-行政单位医疗”科目87.29万元，主要用于行政单位基本医疗保险费缴费经费。", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := base()
			src.Prose = []tables.ProseLine{{Page: 2, Text: tc.prose, Box: extract.Box{X0: 50, Y0: 100, X1: 500, Y1: 110}}}
			doc := Normalize(src, Options{})
			fs := findingsOf(doc, "prose_figure")
			if !tc.wantFinding {
				if len(fs) != 0 {
					t.Errorf("false prose_figure: %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("prose_figure findings %+v, want 1", fs)
			}
			f := fs[0]
			if f.Refs[0].Code != "2101101" || f.Printed != "87.29" || f.Expected != "78.29" {
				t.Errorf("finding %+v: want about 2101101, printed 87.29, expected 78.29", f)
			}
		})
	}
}

// TestProsePathGarbledMark: a path whose level mark OCR garbled (`运营i）` for `运营（项）`,
// the Changji scan's page 37) is a claim about the next level (the 项 2121401), not about the
// path read up to the last clean mark (the 款 21214: reading it so reported a figure that is
// right). A wrong figure is still reported either way; a garbled mark with no words before
// it makes no claim.
func TestProsePathGarbledMark(t *testing.T) {
	for _, tc := range []struct {
		name, prose string
		wantFinding bool
	}{
		{"clean and right", "1.城乡社区支出（类）污水处理费安排支出（款）污水处理设施建设和运营（项）支出753万元，与上年相比下降0万元。", false},
		{"clean and wrong", "1.城乡社区支出（类）污水处理费安排支出（款）污水处理设施建设和运营（项）支出757万元，与上年相比下降0万元。", true},
		{"项 mark garbled, figure right for the 项", "1.城乡社区支出（类）污水处理费安排支出（款）污水处理设施建设和运营i）支出753万元，与上年相比下降0万元。", false},
		{"项 mark garbled, figure wrong", "1.城乡社区支出（类）污水处理费安排支出（款）污水处理设施建设和运营i）支出757万元，与上年相比下降0万元。", true},
		{"项 mark garbled to nothing readable", "1.城乡社区支出（类）污水处理费安排支出（款）ii）支出757万元。", false},
		{"bracketed words are no garbled mark", "1.城乡社区支出（类）污水处理费安排支出（款）污水处理设施建设和运营（项）支出（含结转）757万元。", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := textDoc([][]string{
				{"212", "", "", "城乡社区支出", "1453", "800", "653"},
				{"212", "14", "", "污水处理费安排支出", "1453", "800", "653"},
				{"212", "14", "01", "污水处理设施建设和运营", "753", "300", "453"},
				{"212", "14", "02", "代征手续费", "700", "500", "200"},
				{"", "", "", "合计", "1453", "800", "653"},
			})
			src.Prose = []tables.ProseLine{{Page: 37, Text: tc.prose, Box: extract.Box{X0: 50, Y0: 100, X1: 500, Y1: 110}}}
			fs := findingsOf(Normalize(src, Options{}), "prose_figure")
			if got := len(fs) > 0; got != tc.wantFinding {
				t.Errorf("prose_figure findings %+v, want any: %v", fs, tc.wantFinding)
			}
		})
	}
}

// TestSnapHeaderSegment: OCR'd header labels snap to the attested label only when it is
// clearly the closest, with as many characters; correct readings the vocabulary lacks, and
// readings too garbled to tell, stay as read.
func TestSnapHeaderSegment(t *testing.T) {
	for _, tc := range []struct {
		reading, want string // want "" = not snapped
	}{
		{"三公”经费预算数", "“三公”经费预算数"}, // opening quote lost (Shanghai scan200 p15)
		{"因公出国（境）芒", "因公出国（境）费"},  // 费 misread
		{"因公出国（境）Be", "因公出国（境）费"}, // a character Tesseract could not read
		{"公务接待赞", "公务接待费"},
		{"“三公”经费预算数", ""},   // already a label
		{"非财政拨款", ""},       // a label the vocabulary lacks, not 财政拨款 misread
		{"上年一三公”经费预算数", ""}, // a character more than “三公”经费预算数
		{"公乞过守冯", ""},       // too garbled to tell
		{"Boscawean", ""},
		{"5", ""},
	} {
		h, ok := snapHeaderSegment(tc.reading)
		got := ""
		if ok {
			got = h.label
		}
		if got != tc.want {
			t.Errorf("snapHeaderSegment(%q) = %q (%+v), want %q", tc.reading, got, h, tc.want)
		}
	}
}

// TestOCRHeaderSnapOnlyOCR: header snaps happen on OCR tables only, each as an info
// ocr_header_snap finding naming the reading and the label; a text-layer table keeps its
// header as printed.
func TestOCRHeaderSnapOnlyOCR(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *tables.Document
		want string
	}{
		{"ocr", ocrDoc(baseRows()), "基本支出"},
		{"text layer", textDoc(baseRows()), "基本支文"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.doc.Tables[0].Columns[5].Path = []string{"基本支文"}
			doc := Normalize(tc.doc, Options{})
			if got := strings.Join(doc.Tables[0].Columns[5].Path, "/"); got != tc.want {
				t.Errorf("header %q, want %q", got, tc.want)
			}
			if src := tc.doc.Tables[0].Columns[5].Path[0]; src != "基本支文" {
				t.Errorf("the tables stage's column was changed to %q", src)
			}
			fs := findingsOf(doc, "ocr_header_snap")
			if tc.want == "基本支文" {
				if len(fs) != 0 {
					t.Errorf("snap on a text-layer table: %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != SeverityInfo || fs[0].Printed != "基本支文" || fs[0].Expected != "基本支出" || fs[0].Refs[0].Column != 5 || !fs[0].AboutReading() {
				t.Errorf("findings %+v, want one info ocr_header_snap 基本支文 → 基本支出 on column 5", fs)
			}
		})
	}
}

// TestDoubtfulHeader: OCR'd header segments that are no known label are flagged when they do
// not look like a printed label (the Changsha scan's seal cell read 塌息及奖补”）), and left
// alone when they do.
func TestDoubtfulHeader(t *testing.T) {
	for _, tc := range []struct {
		seg  string
		want string
	}{
		{"塌", "is one character"},
		{"塌息及奖补”）", "closes a bracket it never opens"},
		{"已预拨下达资金（湘财金指【2024]18号、湘财金指〔2023]25号）", "pairs brackets of two shapes"},
		{"as", "holds Latin letters"},
		{"支出功能科目列“2130804创业担保贷款贴息及奖补", "has unpaired quotes"},
		{"已预拨下达资金（湘财金指〔2024〕18号、湘财金指〔2023〕25号）", ""},
		{"创业担保贷款贴息资金（支出功能科目列“2130804创业担保贷款贴息及奖补”）", ""},
		{"--一一一一一一一一一一一、一般公共预算拨款收入17,921.44", "holds an amount (a body line read into the header)"},
		{"一=一一一一一一一一-一一一", "holds a run of strokes (a rule line read as 一)"},
		{"2026年预算数", ""},
		{"表一", ""},
		{"此次下达资金", ""},
		{"合计", ""},
		{"小计", ""},
	} {
		if got := doubtfulHeader(tc.seg); got != tc.want {
			t.Errorf("doubtfulHeader(%q) = %q, want %q", tc.seg, got, tc.want)
		}
	}
}

// TestSnapHeaderTieBrokenByTable: a reading one edit from two labels (次算数: 决算数 and
// 预算数, a seal over the first character; Ningan's 基本支出表 at 200 dpi) snaps to the one
// the same table prints in another column, and to neither when the table prints both or
// none; a tie-break still needs the similarity threshold.
func TestSnapHeaderTieBrokenByTable(t *testing.T) {
	key := func(labels ...string) map[string]bool {
		m := map[string]bool{}
		for _, l := range labels {
			m[catalog.NameKey(l)] = true
		}
		return m
	}
	for _, tc := range []struct {
		reading string
		inTable map[string]bool
		want    string // "" = not snapped
	}{
		{"次算数", key("决算数"), "决算数"},
		{"次算数", key("预算数"), "预算数"},
		{"次算数", nil, ""},                     // a tie, nothing to break it
		{"次算数", key("决算数", "预算数"), ""},       // the table prints both
		{"次算数", key("合计", "项目"), ""},         // the table prints neither
		{"因公出国（境）芒", key("决算数"), "因公出国（境）费"}, // no tie: the closest label as before
		{"次算公", key("决算数"), ""},              // two characters off: below the threshold
	} {
		h, ok := snapHeaderSegmentIn(tc.reading, tc.inTable)
		got := ""
		if ok {
			got = h.label
		}
		if got != tc.want {
			t.Errorf("snapHeaderSegmentIn(%q, %v) = %q (%+v), want %q", tc.reading, tc.inTable, got, h, tc.want)
		}
	}
}

// lostLabelDoc is a two-sided 收支总表 whose amount columns are headed leafPath (the label
// under the side banner; "" when the scan lost it and only the banner is left).
func lostLabelDoc(leaf string, ocr bool) *tables.Document {
	path := func(side string) []string {
		if leaf == "" {
			return []string{side}
		}
		return []string{leaf}
	}
	cols := []tables.Column{
		{Path: []string{"项目"}, Role: tables.RoleName, Side: "收入", X0: 50, X1: 200},
		{Path: path("收入"), Role: tables.RoleAmount, Side: "收入", X0: 200, X1: 280},
		{Path: []string{"项目"}, Role: tables.RoleName, Side: "支出", X0: 280, X1: 430},
		{Path: path("支出"), Role: tables.RoleAmount, Side: "支出", X0: 430, X1: 510},
	}
	src, conf, grid := extract.SourceOCR, 0.99, "ocr"
	if !ocr {
		src, conf, grid = extract.SourceText, 1, ""
	}
	t := &tables.Table{Seq: 1, Kind: tables.KindSummary, Title: "财务收支预算总表", Unit: "元", Pages: []int{1}, Columns: cols, Grid: grid}
	for ri, r := range [][3]string{{"收入", "一、财政拨款收入", "100.00"}, {"收入", "收入总计", "100.00"}, {"支出", "一般公共服务支出", "100.00"}, {"支出", "支出总计", "100.00"}} {
		y := float64(100 + 20*ri)
		row := tables.Row{Page: 1, Side: r[0], Cells: make([]tables.Cell, len(cols))}
		at := 0
		if r[0] == "支出" {
			at = 2
		}
		for k, txt := range r[1:] {
			c := cols[at+k]
			box := extract.Box{X0: c.X0 + 5, Y0: y, X1: c.X1 - 5, Y1: y + 9}
			row.Cells[at+k] = tables.Cell{Text: txt, Fragments: []tables.Fragment{{Text: txt, Page: 1, Box: box, Source: src, Confidence: conf}}}
		}
		t.Rows = append(t.Rows, row)
	}
	return &tables.Document{File: "scan.pdf", Pages: 1, DocKind: "budget", Tables: []*tables.Table{t}}
}

// TestLostLabelFlagged: a scanned two-sided table whose amount columns carry only their
// side's banner (Shanghai's 收支总表 at 150 dpi lost the 项目 | 预算数 header line) gets one
// ocr_header_doubt per such column naming every row; a label read, or a text layer, none.
func TestLostLabelFlagged(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *tables.Document
		want int // findings
	}{
		{"scan, label lost", lostLabelDoc("", true), 2},
		{"scan, label read", lostLabelDoc("预算数", true), 0},
		{"text layer", lostLabelDoc("", false), 0},
	} {
		doc := Normalize(tc.doc, Options{})
		var fs []Finding
		for _, f := range findingsOf(doc, "ocr_header_doubt") {
			if strings.Contains(f.Message, "no label was read under the banner") {
				fs = append(fs, f)
			}
		}
		if len(fs) != tc.want {
			t.Fatalf("%s: %d lost-label findings, want %d: %+v", tc.name, len(fs), tc.want, fs)
		}
		for _, f := range fs {
			if len(f.Refs) != 4 || !f.AboutReading() || f.Severity != SeverityWarning {
				t.Errorf("%s: %+v, want a warning about the reading naming the 4 rows", tc.name, f)
			}
		}
	}
}

// groupHeaderDoc is a one-sided table of two column groups (小计 | 中央 under each banner);
// the second group's banner is secondBanner ("" when the scan lost it).
func groupHeaderDoc(secondBanner string, ocr bool) *tables.Document {
	under := func(banner, leaf string) []string {
		if banner == "" {
			return []string{leaf}
		}
		return []string{banner, leaf}
	}
	cols := []tables.Column{
		{Path: []string{"单位"}, Role: tables.RoleName, X0: 50, X1: 200},
		{Path: under("年度安排合计", "小计"), Role: tables.RoleAmount, X0: 200, X1: 260},
		{Path: under("年度安排合计", "中央"), Role: tables.RoleAmount, X0: 260, X1: 320},
		{Path: under(secondBanner, "小计"), Role: tables.RoleAmount, X0: 320, X1: 380},
		{Path: under(secondBanner, "中央"), Role: tables.RoleAmount, X0: 380, X1: 440},
	}
	src, conf, grid := extract.SourceOCR, 0.99, "ocr"
	if !ocr {
		src, conf, grid = extract.SourceText, 1, ""
	}
	t := &tables.Table{Seq: 1, Kind: tables.KindOther, Title: "资金分配表", Unit: "万元", Pages: []int{1}, Columns: cols, Grid: grid}
	for ri, r := range [][5]string{{"市本级", "3", "3", "5", "5"}, {"芙蓉区", "2", "2", "4", "4"}} {
		y := float64(100 + 20*ri)
		row := tables.Row{Page: 1, Cells: make([]tables.Cell, len(cols))}
		for ci, txt := range r {
			c := cols[ci]
			box := extract.Box{X0: c.X0 + 5, Y0: y, X1: c.X1 - 5, Y1: y + 9}
			row.Cells[ci] = tables.Cell{Text: txt, Fragments: []tables.Fragment{{Text: txt, Page: 1, Box: box, Source: src, Confidence: conf}}}
		}
		t.Rows = append(t.Rows, row)
	}
	return &tables.Document{File: "scan.pdf", Pages: 1, DocKind: "budget", Tables: []*tables.Table{t}}
}

// TestMissingUpperLevelFlagged: on a scan, columns headed only by sub-labels another group
// prints under its banner (the banner above them lost) get ocr_header_doubt naming every
// row; both banners read, or a text layer, none.
func TestMissingUpperLevelFlagged(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *tables.Document
		want int // findings
	}{
		{"scan, banner lost", groupHeaderDoc("", true), 2},
		{"scan, banner read", groupHeaderDoc("全年应安排资金合计", true), 0},
		{"text layer", groupHeaderDoc("", false), 0},
	} {
		doc := Normalize(tc.doc, Options{})
		var fs []Finding
		for _, f := range findingsOf(doc, "ocr_header_doubt") {
			if strings.Contains(f.Message, "the label printed above it was not read") {
				fs = append(fs, f)
			}
		}
		if len(fs) != tc.want {
			t.Fatalf("%s: %d missing-level findings, want %d: %+v", tc.name, len(fs), tc.want, fs)
		}
		for _, f := range fs {
			if len(f.Refs) != 2 || !f.AboutReading() || f.Severity != SeverityWarning {
				t.Errorf("%s: %+v, want a warning about the reading naming the 2 rows", tc.name, f)
			}
		}
	}
}
