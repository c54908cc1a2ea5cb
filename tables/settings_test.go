package tables

import (
	"fmt"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestSettingsReachTheStage: BuildWith reads its thresholds from Settings, not from
// literals: the defaults give Build's result, and a lattice threshold raised above the
// table's width turns the ruled table of expenditurePage into something else.
func TestSettingsReachTheStage(t *testing.T) {
	def := BuildWith("exp.pdf", []*extract.Page{expenditurePage()}, DefaultSettings())
	if len(def.Tables) != 1 || def.Tables[0].Grid != "lattice" {
		t.Fatalf("defaults: got %d tables (%+v), want the one lattice table", len(def.Tables), def.Tables)
	}
	wide := DefaultSettings()
	wide.LatticeMinWidthPt = 1000 // the table is 550 pt wide
	got := BuildWith("exp.pdf", []*extract.Page{expenditurePage()}, wide)
	if len(got.Tables) == 1 && got.Tables[0].Grid == "lattice" {
		t.Errorf("LatticeMinWidthPt 1000: the 550 pt table is still read as a lattice")
	}
}

// readout is what a test page's tables say: grid, number, title, unit, issuer, column
// paths and row texts, one table a line.
func readout(doc *Document) string {
	var b strings.Builder
	for _, tb := range doc.Tables {
		fmt.Fprintf(&b, "%s %q %q %q %q %q", tb.Grid, tb.Number, tb.Title, tb.Unit, tb.Issuer, paths(tb))
		for _, r := range tb.Rows {
			fmt.Fprintf(&b, " %q", cellTexts(r))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// crossingPage is a ruled table whose first row prints two cells' numbers as one word over
// the rule at x 250 (`244,895.02192,446.79`, 5 pt a glyph, the rule 6 glyphs in, where the
// left piece `244,89` is no number: the nearest cut that leaves two numbers is 2 glyphs
// further, `244,895.` / `02192,446.79`), and whose second row has an amount overflowing
// its cell by 1.5 pt.
func crossingPage() *extract.Page {
	b := newPage(1)
	b.grid([]float64{50, 150, 250, 350}, []float64{100, 120, 140, 160})
	b.word(60, 105, "项目").word(160, 105, "合计").word(260, 105, "一般公共预算")
	b.word(60, 125, "基本支出").word(220, 125, "244,895.02192,446.79")
	b.word(60, 145, "项目支出").right(251.5, 145, "12.00").right(345, 145, "3.00")
	return b.p
}

// TestSettingsChangeOutcomes: each threshold moved out of the code into Settings (issue
// 17) still decides what it decided: the default reads the test page as before, and the
// setting moved past what the page prints changes the reading in the way it names.
func TestSettingsChangeOutcomes(t *testing.T) {
	first := func(d *Document) *Table {
		if len(d.Tables) == 0 {
			return nil
		}
		return d.Tables[0]
	}
	if got := readout(BuildWith("p.pdf", []*extract.Page{crossingPage()}, DefaultSettings())); !strings.Contains(got, `["基本支出" "244,895." "02192,446.79"] ["项目支出" "12.00" "3.00"]`) {
		t.Fatalf("crossingPage with the defaults:\n%s", got)
	}
	for _, tc := range []struct {
		name string
		page func() *extract.Page
		set  func(*Settings)
		// want reports whether the reading shows the changed setting's effect.
		want func(*Document) bool
	}{
		{"RuleMinLenPt above every rule: no ruled table", expenditurePage,
			func(s *Settings) { s.RuleMinLenPt = 600 },
			func(d *Document) bool { tb := first(d); return tb == nil || tb.Grid != "lattice" }},
		{"RuleSameLinePt of a row height: row rules fuse", expenditurePage,
			func(s *Settings) { s.RuleSameLinePt = 45 },
			func(d *Document) bool { tb := first(d); return tb == nil || len(tb.Rows) != 3 }},
		{"TurnedShare 0: the upright page is read turned", expenditurePage,
			func(s *Settings) { s.TurnedMinWords, s.TurnedShare = 0, 0 },
			func(d *Document) bool { tb := first(d); return tb == nil || tb.Number != "表3" && len(tb.Rows) != 3 }},
		{"TitleMaxGapPt under the gap above the unit line: no title or number", expenditurePage,
			func(s *Settings) { s.TitleMaxGapPt = 5 },
			func(d *Document) bool {
				tb := first(d)
				return tb != nil && tb.Title == "" && tb.Number == "" && tb.Unit == "万元"
			}},
		{"TitleMaxRunes under the title's length: no title", expenditurePage,
			func(s *Settings) { s.TitleMaxRunes = 10 },
			func(d *Document) bool { tb := first(d); return tb != nil && tb.Title == "" && tb.Unit == "万元" }},
		{"FragmentMaxDigits 0: the wrapped `5` under 370,219.2 is no longer its tail", expenditurePage,
			func(s *Settings) { s.FragmentMaxDigits = 0 },
			func(d *Document) bool {
				tb := first(d)
				return tb == nil || len(tb.Rows) != 3 || len(tb.Rows[1].Cells) < 5 || tb.Rows[1].Cells[4].Text != "370,219.2 5"
			}},
		{"CutSearchGlyphs 1: the word over the rule is not cut 2 glyphs from it", crossingPage,
			func(s *Settings) { s.CutSearchGlyphs = 1 },
			func(d *Document) bool { return !strings.Contains(readout(d), `"244,895." "02192,446.79"`) }},
		{"CrossColumnPt over the word's reach left of the rule: the word is not cut", crossingPage,
			func(s *Settings) { s.CrossColumnPt = 45 },
			func(d *Document) bool { return !strings.Contains(readout(d), `"244,895." "02192,446.79"`) }},
		{"AnchorInsetPt 0: the overflowing amount goes to the column its right end is in", crossingPage,
			func(s *Settings) { s.AnchorInsetPt = 0 },
			func(d *Document) bool {
				r := readout(d)
				return strings.Contains(r, `"244,895." "02192,446.79"`) && !strings.Contains(r, `["项目支出" "12.00" "3.00"]`)
			}},
		{"GapColumnSizes of a page width: the unruled table has no columns", streamPage,
			func(s *Settings) { s.GapColumnSizes = 100 },
			func(d *Document) bool { tb := first(d); return tb == nil || len(tb.Columns) < 5 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			def := BuildWith("p.pdf", []*extract.Page{tc.page()}, DefaultSettings())
			if tc.want(def) {
				t.Fatalf("defaults already read the page so:\n%s", readout(def))
			}
			set := DefaultSettings()
			tc.set(&set)
			got := BuildWith("p.pdf", []*extract.Page{tc.page()}, set)
			if !tc.want(got) {
				t.Errorf("the setting changed nothing it should:\n%s", readout(got))
			}
		})
	}
}

// TestSimilarPathsSettings: the OCR header match reads its two thresholds from Settings.
func TestSimilarPathsSettings(t *testing.T) {
	a := [][]string{{"科目编码", "类"}, {"科目名称"}, {"总计"}, {"财政拨款（补助）", "国有资本经营预算"}, {"备注"}}
	b := [][]string{{"科目编码", "E"}, {"科目名称"}, {"总计"}, {"Mi款（补助）", "国有资本经营预算"}, {"备注"}}
	for _, tc := range []struct {
		name string
		set  func(*Settings)
		want bool
	}{
		{"defaults", func(*Settings) {}, true},
		{"PathSimilarity 1: misread characters make another header", func(s *Settings) { s.PathSimilarity = 1 }, false},
		{"PathAlikeShare 0.6 with PathSimilarity 1: three exact of five suffice", func(s *Settings) { s.PathSimilarity, s.PathAlikeShare = 1, 0.6 }, true},
	} {
		set := DefaultSettings()
		tc.set(&set)
		if got := similarPaths(a, b, &set); got != tc.want {
			t.Errorf("%s: similarPaths = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCoverAndRoleSettings: the cover's line joining and the column roles read from the
// body take their thresholds from Settings.
func TestCoverAndRoleSettings(t *testing.T) {
	twoLines := coverLines(20, 10, "上海市普陀区规划和自然", "资源局", "2024 年度部门决算")
	body := []string{"201", "202", "203", "一般公共服务", "教育"} // 3 codes of 5
	for _, tc := range []struct {
		name             string
		set              func(*Settings)
		issuer           string
		roleLeftOfNames  Role
		roleRightOfNames Role
	}{
		{"defaults", func(*Settings) {}, "上海市普陀区规划和自然资源局", RoleText, RoleText},
		{"CoverGapLines under the 10 pt gap of 20 pt lines: the name's lines stay apart",
			func(s *Settings) { s.CoverGapLines = 0.4 }, "", RoleText, RoleText},
		{"CoverLineRunes under the first line's length: only its last line joins",
			func(s *Settings) { s.CoverLineRunes = 5 }, "资源局", RoleText, RoleText},
		{"ColumnRoleShare 0.6: three codes of five make a code column left of the names, an amount column right of them",
			func(s *Settings) { s.ColumnRoleShare = 0.6 }, "上海市普陀区规划和自然资源局", RoleCode, RoleAmount},
	} {
		set := DefaultSettings()
		tc.set(&set)
		if got := coverIssuer(twoLines, &set); got != tc.issuer {
			t.Errorf("%s: coverIssuer = %q, want %q", tc.name, got, tc.issuer)
		}
		if got := roleOf("列", "列", body, true, &set); got != tc.roleLeftOfNames {
			t.Errorf("%s: role left of the names = %v, want %v", tc.name, got, tc.roleLeftOfNames)
		}
		if got := roleOf("列", "列", body, false, &set); got != tc.roleRightOfNames {
			t.Errorf("%s: role right of the names = %v, want %v", tc.name, got, tc.roleRightOfNames)
		}
	}
}
