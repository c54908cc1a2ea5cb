package normalize

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
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
		if f.Rule == rule {
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

// TestCodeNameMismatch: a printed code whose printed name is exactly another code's name is
// a `code_name_mismatch` warning naming both codes; a matching row, or a name that is only
// unusual for its code, is not.
func TestCodeNameMismatch(t *testing.T) {
	for _, tc := range []struct {
		name, code, printedName string
		wantOther               string // "" = no finding
	}{
		{"行政单位医疗 printed under 事业单位医疗's code", "2101102", "行政单位医疗", "2101101"},
		{"matching row", "2101101", "行政单位医疗", ""},
		{"其它 for 其他 is the same name", "2101199", "其它行政事业单位医疗支出", ""},
		{"an unusual name that is no other code's", "2101101", "机关单位医疗保险", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := Normalize(textDoc([][]string{
				{"210", "", "", "卫生健康支出", "100", "100", ""},
				{"210", "11", "", "行政事业单位医疗", "100", "100", ""},
				{"210", "11", tc.code[5:], tc.printedName, "100", "100", ""},
				{"", "", "", "合计", "100", "100", ""},
			}), Options{})
			fs := findingsOf(doc, "code_name_mismatch")
			if tc.wantOther == "" {
				if len(fs) != 0 {
					t.Errorf("false code_name_mismatch: %+v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("code_name_mismatch findings %+v, want 1", fs)
			}
			f := fs[0]
			if f.Severity != SeverityWarning || f.Printed != tc.code || f.Expected != tc.wantOther || f.Refs[0].Code != tc.code || f.Refs[0].Name != tc.printedName {
				t.Errorf("finding %+v: want printed %s expected %s about row %s %s", f, tc.code, tc.wantOther, tc.code, tc.printedName)
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
