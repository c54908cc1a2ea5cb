package normalize

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/tables"
)

// ocrDoc builds a scanned expenditure table as the tables stage delivers OCR tables: grid
// "ocr", every cell one OCR fragment with its confidence. A cell is written "text" (OCR,
// confidence 0.99), "text@0.6" (OCR at that confidence) or "text#" (text layer); "" is a
// blank cell.
func ocrDoc(rows [][]string) *tables.Document {
	cols := []tables.Column{
		{Path: []string{"科目编码", "类"}, Role: tables.RoleLei}, {Path: []string{"科目编码", "款"}, Role: tables.RoleKuan},
		{Path: []string{"科目编码", "项"}, Role: tables.RoleXiang}, {Path: []string{"科目名称"}, Role: tables.RoleName},
		{Path: []string{"合计"}, Role: tables.RoleAmount}, {Path: []string{"基本支出"}, Role: tables.RoleAmount}, {Path: []string{"项目支出"}, Role: tables.RoleAmount},
	}
	for i := range cols {
		cols[i].X0, cols[i].X1 = float64(50+80*i), float64(130+80*i)
	}
	t := &tables.Table{Seq: 1, Kind: tables.KindGPBExpenditure, Title: "一般公共预算支出情况表", Unit: "万元", Pages: []int{3}, Columns: cols, Grid: "ocr"}
	for ri, cells := range rows {
		y := float64(100 + 20*ri)
		r := tables.Row{Page: 3, Cells: make([]tables.Cell, len(cols))}
		for ci, txt := range cells {
			if txt == "" {
				continue
			}
			src, conf := extract.SourceOCR, 0.99
			if strings.HasSuffix(txt, "#") {
				txt, src, conf = strings.TrimSuffix(txt, "#"), extract.SourceText, 1
			} else if at := strings.LastIndex(txt, "@"); at > 0 {
				conf, _ = strconv.ParseFloat(txt[at+1:], 64)
				txt = txt[:at]
			}
			box := extract.Box{X0: cols[ci].X0 + 5, Y0: y, X1: cols[ci].X1 - 5, Y1: y + 9}
			r.Cells[ci] = tables.Cell{Text: txt, Fragments: []tables.Fragment{{Text: txt, Page: 3, Box: box, Source: src, Confidence: conf}}}
		}
		t.Rows = append(t.Rows, r)
	}
	return &tables.Document{File: "scan.pdf", Pages: 3, DocKind: "budget", Tables: []*tables.Table{t}}
}

// baseRows is a consistent table: every row, 款 and 类 and the total add up.
func baseRows() [][]string {
	return [][]string{
		{"201", "", "", "一般公共服务支出", "120", "100", "20"},
		{"201", "03", "", "政府办公厅（室）及相关机构事务", "120", "100", "20"},
		{"201", "03", "01", "行政运行", "100", "100", ""},
		{"201", "03", "02", "一般行政管理事务", "20", "", "20"},
		{"", "", "", "合计", "120", "100", "20"},
	}
}

// cellOf finds the value of a row (by code) and column (by path).
func cellOf(t *testing.T, doc *Document, code, col string) Value {
	t.Helper()
	tb := doc.Tables[0]
	for _, r := range tb.Rows {
		if r.Code == code || code == "合计" && r.Name == "合计" {
			for ci, c := range tb.Columns {
				if strings.Join(c.Path, "/") == col {
					return r.Values[ci]
				}
			}
		}
	}
	t.Fatalf("no cell %s %s", code, col)
	return Value{}
}

func TestOCRReview(t *testing.T) {
	type cellWant struct {
		code, col string
		value     string // amount after review ("" = not present)
		low       bool   // LowConfidence after review
		repair    string // kind of the last repair, "" for none
	}
	cases := []struct {
		name   string
		edit   func(rows [][]string) [][]string // changes to baseRows
		cells  []cellWant
		rules  []string // findings of severity warning/error (and ocr_identity_fix), "rule printed expected"
		source int      // error findings (source inconsistencies) expected
	}{
		{
			name:  "a low-confidence value an identity holds with is confirmed",
			edit:  func(r [][]string) [][]string { r[2][4] = "100@0.6"; return r },
			cells: []cellWant{{"2010301", "合计", "100", false, "ocr_confirmed"}},
		},
		{
			name:  "a misread the identities determine is repaired",
			edit:  func(r [][]string) [][]string { r[2][4] = "180@0.6"; return r }, // 1 read as 8: row and 款 say 100
			cells: []cellWant{{"2010301", "合计", "100", false, "ocr_resolved"}},
			rules: []string{"ocr_resolved 180 100"},
		},
		{
			name:  "a minus sign OCR read confidently is doubted and the identities repair it",
			edit:  func(r [][]string) [][]string { r[3][6] = "-20"; return r },
			cells: []cellWant{{"2010302", "项目支出", "20", false, "ocr_resolved"}},
			rules: []string{"ocr_resolved -20 20"},
		},
		{
			name:  "an implausible reading is suspect, not repaired",
			edit:  func(r [][]string) [][]string { r[2][4] = "7@0.6"; return r },
			cells: []cellWant{{"2010301", "合计", "7", true, ""}},
			rules: []string{"ocr_suspect 7 100"},
		},
		{
			name: "two doubtful readings that agree with each other: both suspect, no value guessed",
			edit: func(r [][]string) [][]string { r[3][4], r[3][6] = "26@0.6", "26@0.6"; return r },
			cells: []cellWant{
				{"2010302", "合计", "26", true, ""},
				{"2010302", "项目支出", "26", true, ""},
			},
			rules: []string{"ocr_suspect 26 ", "ocr_suspect 26 "},
		},
		{
			name:  "a number OCR missed: two identities say what the blank holds; no number invented",
			edit:  func(r [][]string) [][]string { r[1][4] = ""; return r },
			cells: []cellWant{{"20103", "合计", "", false, ""}},
			rules: []string{"ocr_suspect  120"},
		},
		{
			name:   "a confident reading the identities contradict is the source's",
			edit:   func(r [][]string) [][]string { r[2][4] = "90"; return r },
			cells:  []cellWant{{"2010301", "合计", "90", false, ""}},
			source: 1,
		},
		{
			name: "low-confidence values no identity can confirm stay flagged",
			edit: func(r [][]string) [][]string {
				return [][]string{{"201", "03", "01", "行政运行", "100@0.6", "100@0.6", ""}} // one row: only 合计 = 基本, both doubtful
			},
			cells: []cellWant{{"2010301", "合计", "100", true, ""}, {"2010301", "基本支出", "100", true, ""}},
			rules: []string{"low_confidence 100 ", "low_confidence 100 "},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := c.edit(baseRows())
			doc := Normalize(ocrDoc(rows), Options{})
			for _, p := range doc.Problems {
				t.Fatalf("problem: %s", p.Message)
			}
			for _, w := range c.cells {
				v := cellOf(t, doc, w.code, w.col)
				got := ""
				if v.Present {
					got = v.Amount.String()
				}
				last := ""
				if len(v.Repairs) > 0 {
					last = string(v.Repairs[len(v.Repairs)-1].Kind)
				}
				if got != w.value || v.LowConfidence != w.low || last != w.repair {
					t.Errorf("%s %s = %q low %v repair %q, want %q low %v repair %q (repairs %+v)", w.code, w.col, got, v.LowConfidence, last, w.value, w.low, w.repair, v.Repairs)
				}
			}
			var rules []string
			errors := 0
			for _, f := range doc.Findings {
				switch {
				case f.Severity == SeverityError:
					errors++
				case f.Severity == SeverityWarning || f.Rule == "ocr_identity_fix" || f.Rule == "ocr_resolved":
					rules = append(rules, fmt.Sprintf("%s %s %s", f.Rule, f.Printed, f.Expected))
					if f.Rule == "ocr_suspect" && (len(f.Refs) == 0 || f.Refs[0].Page != 3 || f.Refs[0].Box == (extract.Box{})) {
						t.Errorf("ocr_suspect without the image location: %+v", f.Refs)
					}
				}
				if f.Severity == SeverityError && f.AboutReading() {
					t.Errorf("a finding about the reading is an error: %s", f.Message)
				}
			}
			if strings.Join(rules, "|") != strings.Join(c.rules, "|") {
				t.Errorf("reading findings %q, want %q", rules, c.rules)
			}
			if errors < c.source || c.source == 0 && errors > 0 {
				t.Errorf("%d source errors, want %d", errors, c.source)
				for _, f := range doc.Findings {
					t.Log(f.Severity, f.Rule, f.Message)
				}
			}
		})
	}
}

func TestOCRRowNamesAndCodes(t *testing.T) {
	cases := []struct {
		name     string
		row      []string // 类, 款, 项, name
		before   [][]string
		code     string
		wantName string
		repairs  string // kinds, comma-separated
	}{
		{name: "室 read as 38, code confident", row: []string{"201", "03", "", "政府办公厅（38）及相关机构事务"}, before: [][]string{{"201", "", "", "一般公共服务支出"}},
			code: "20103", wantName: "政府办公厅（室）及相关机构事务", repairs: "ocr_name_snap"},
		{name: "支 read as 文", row: []string{"201", "", "", "一般公共服务文出"}, code: "201", wantName: "一般公共服务支出", repairs: "ocr_name_snap"},
		{name: "stray mark after the name", row: []string{"221", "02", "01", "住房公积金|"}, before: [][]string{{"221", "", "", "住房保障支出"}, {"221", "02", "", "住房改革支出"}},
			code: "2210201", wantName: "住房公积金", repairs: "ocr_name_snap"},
		{name: "unread characters as Latin letters", row: []string{"201", "", "", "一役公共服FH"}, code: "201", wantName: "一般公共服务支出", repairs: "ocr_name_snap"},
		{name: "a name printed short is kept", row: []string{"215", "", "", "资源勘探工业信息等支"}, code: "215", wantName: "资源勘探工业信息等支"},
		{name: "a name printed short with a confused last character", row: []string{"215", "", "", "资源勘探工业信息等文"}, code: "215", wantName: "资源勘探工业信息等支", repairs: "ocr_name_snap"},
		{name: "another code's catalog name is a code/name mismatch, never snapped", row: []string{"233", "04", "", "地方政府专项债务付息支出"}, before: [][]string{{"233", "", "", "债务发行费用支出"}},
			code: "23304", wantName: "地方政府专项债务付息支出"},
		{name: "a misread of another code's name is that name (mismatch kept for the code/name check)", row: []string{"233", "04", "", "地方政府专项债务付县支出"}, before: [][]string{{"233", "", "", "债务发行费用支出"}},
			code: "23304", wantName: "地方政府专项债务付息支出", repairs: "ocr_name_snap"},
		{name: "a full-width colon after a name", row: []string{"201", "05", "99", "其他统计信息事务支出："}, before: [][]string{{"201", "", "", "一般公共服务支出"}, {"201", "05", "", "统计信息事务"}},
			code: "2010599", wantName: "其他统计信息事务支出", repairs: "ocr_name_snap"},
		{name: "a name OCR could not read at all, code known", row: []string{"211", "03", "01", "KA"}, before: [][]string{{"211", "", "", "节能环保支出"}, {"211", "03", "", "污染防治"}},
			code: "2110301", wantName: "大气", repairs: "ocr_name_snap"},
		{name: "a 类 OCR read short (2 for 229): not the 类 above, the name's", row: []string{"2", "", "", "其他支出"}, before: [][]string{{"224", "", "", "灾害防治及应急管理支出"}},
			code: "229", wantName: "其他支出", repairs: "code_from_name"},
		{name: "a clean reading Tesseract was sure of is the print (行政运费 typo)", row: []string{"201", "36", "01", "行政运费@0.995"}, before: [][]string{{"201", "", "", "一般公共服务支出"}, {"201", "36", "", "其他共产党事务支出"}},
			code: "2013601", wantName: "行政运费"},
		{name: "unreadable 类 cell: the code from the name", row: []string{"已", "", "", "农林水支出"}, before: [][]string{{"212", "", "", "城乡社区支出"}},
			code: "213", wantName: "农林水支出", repairs: "code_from_name"},
		{name: "stray mark in the 项 cell of a 款 row", row: []string{"232", "04", "i’", "地方政府专项债务付息支出"}, before: [][]string{{"232", "", "", "债务付息支出"}, {"232", "03", "", "地方政府一般债务付息支出"}},
			code: "23204", wantName: "地方政府专项债务付息支出"},
		{name: "comma inside a 类 cell", row: []string{"22,1", "02", "01", "住房公积金"}, before: [][]string{{"221", "", "", "住房保障支出"}, {"221", "02", "", "住房改革支出"}},
			code: "2210201", wantName: "住房公积金"},
		{name: "blank code between coded rows, the name of a 款 of the 类 above", row: []string{"", "", "", "地方政府专项债务付息支出"}, before: [][]string{{"232", "", "", "债务付息支出"}, {"232", "03", "01", "地方政府一般债券付息支出"}},
			code: "23204", wantName: "地方政府专项债务付息支出", repairs: "code_from_name"},
		{name: "a code the catalog lacks whose name is a sibling's: 99 read as 37", row: []string{"211", "01", "37", "其他环境保护管理事务支出"}, before: [][]string{{"211", "", "", "节能环保支出"}, {"211", "01", "", "环境保护管理事务"}},
			code: "2110199", wantName: "其他环境保护管理事务支出", repairs: "code_from_name"},
		{name: "text-layer rows are never changed", row: []string{"201#", "03#", "", "政府办公厅（38）及相关机构事务#"}, before: [][]string{{"201#", "", "", "一般公共服务支出#"}},
			code: "20103", wantName: "政府办公厅（38）及相关机构事务"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rows [][]string
			for _, b := range c.before {
				rows = append(rows, append(append([]string{}, b...), "", "", ""))
			}
			rows = append(rows, append(append([]string{}, c.row...), "", "", ""))
			doc := Normalize(ocrDoc(rows), Options{})
			r := doc.Tables[0].Rows[len(rows)-1]
			var kinds []string
			for _, rp := range r.Repairs {
				kinds = append(kinds, string(rp.Kind))
			}
			if r.Code != c.code || r.Name != c.wantName || strings.Join(kinds, ",") != c.repairs {
				t.Errorf("code %q name %q repairs %q, want %q %q %q (%+v)", r.Code, r.Name, strings.Join(kinds, ","), c.code, c.wantName, c.repairs, r.Repairs)
			}
		})
	}
}

func TestFixOCRMarker(t *testing.T) {
	cases := []struct {
		name string
		last int
		want string
	}{
		{"（=）政府性基金预算拨款", 1, "（二）政府性基金预算拨款"},
		{"（=）国有资本经营预算拨款", 2, "（三）国有资本经营预算拨款"},
		{"(=)政府性基金", 0, "(=)政府性基金"}, // no list before it: which numeral is unknown
		{"（-）一般公共预算拨款", 0, "（一）一般公共预算拨款"},
		{"（二）政府性基金预算拨款", 1, "（二）政府性基金预算拨款"},
		{"=、一般公共预算", 1, "=、一般公共预算"},
	}
	for _, c := range cases {
		if got := fixOCRMarker(c.name, c.last); got != c.want {
			t.Errorf("fixOCRMarker(%q, %d) = %q, want %q", c.name, c.last, got, c.want)
		}
	}
}

func TestPlausibleMisread(t *testing.T) {
	cases := []struct {
		got, want string
		ok        bool
	}{
		{"180", "100", true},         // one digit
		{"5679", "5979", true},       // one digit
		{"-5979", "5979", true},      // the sign
		{"1234", "1243", true},       // two digits swapped
		{"12345", "1345", true},      // one digit more
		{"345", "1345", true},        // one digit fewer
		{"7", "100", false},          // nothing alike
		{"98765", "12345", false},    // all different
		{"1204.50", "1204.5", false}, // another scale is another reading, not a misread
		{"28016724.00", "28016724.00", true},
	}
	for _, c := range cases {
		if got := plausibleMisread(money.MustParse(c.got), money.MustParse(c.want)); got != c.ok {
			t.Errorf("plausibleMisread(%s, %s) = %v, want %v", c.got, c.want, got, c.ok)
		}
	}
}

func TestOCRCodeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"22,1", "221"}, {"03’", "03"}, {"i’", ""}, {"|", ""}, {"已", "已"}, {"201", "201"}, {"", ""},
	} {
		if got := ocrCodeCell(c.in); got != c.want {
			t.Errorf("ocrCodeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOCRDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"一般公共服务支出", "一般公共服务支出", 0},
		{"一役公共服务支出", "一般公共服务支出", 1},
		{"一役公共服FH", "一般公共服务支出", 3},   // 役 1, F and H half each, 出 1
		{"政府办公厅(38)", "政府办公厅(室)", 1}, // 3 for 室 half, 8 dropped half
	} {
		if got := ocrDistance([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("ocrDistance(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestOCRMalformedCodeIsReading: a code OCR read with a digit lost is repaired from the
// hierarchy as in text, but the finding is info: a misreading, not a misprint of the source.
func TestOCRMalformedCodeIsReading(t *testing.T) {
	rows := [][]string{
		{"221", "", "", "住房保障支出", "", "", ""},
		{"221", "02", "", "住房改革支出", "", "", ""},
		{"22", "02", "01", "住房公积金", "", "", ""},
	}
	doc := Normalize(ocrDoc(rows), Options{})
	r := doc.Tables[0].Rows[2]
	if r.Code != "2210201" {
		t.Fatalf("code %q, want 2210201 (repaired from the hierarchy)", r.Code)
	}
	found := false
	for _, f := range doc.Findings {
		if f.Rule == "malformed_code" {
			found = true
			if f.Severity != SeverityInfo {
				t.Errorf("malformed_code on an OCR row is %s, want info: %s", f.Severity, f.Message)
			}
		}
	}
	if !found {
		t.Errorf("no malformed_code finding")
	}
}
