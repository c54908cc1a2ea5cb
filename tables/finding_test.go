package tables

import (
	"slices"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// Table finding on hand-built pages: several tables on one page, tables continued over
// pages (续表, a page footer between, no repeated header), and the mixed grids (outer frame
// only, horizontal rules only) whose columns come from text alignment.

// rules says which ruling lines a hand-built table prints.
type rules int

const (
	ruleAll       rules = iota // full lattice
	ruleFrame                  // the outer frame only
	ruleRows                   // a horizontal rule under every row, no verticals
	ruleThreeLine              // top, under the header, bottom (三线表)
	ruleNone                   // no rule at all
)

// printTable prints a one-level-header table at (xs[0], y): header labels centred in their
// column, body text left-aligned and amounts right-aligned in their column, rows of height
// rowH, ruled as r says. The first column of a body row may be empty. It returns the y of
// the table's bottom edge.
func (b *pageBuilder) printTable(xs []float64, y, rowH float64, r rules, header []string, body [][]string) float64 {
	ys := []float64{y}
	put := func(row []string, yy float64, head bool) {
		for i, s := range row {
			if s == "" {
				continue
			}
			if head { // header labels centred in their column
				b.word((xs[i]+xs[i+1]-textWidth(s))/2, yy+5, s)
			} else if isAmountLike(s) && i > 0 {
				b.right(xs[i+1]-4, yy+5, s)
			} else {
				b.word(xs[i]+4, yy+5, s)
			}
		}
	}
	put(header, y, true)
	y += rowH
	ys = append(ys, y)
	for _, row := range body {
		put(row, y, false)
		y += rowH
		ys = append(ys, y)
	}
	x0, x1 := xs[0], xs[len(xs)-1]
	switch r {
	case ruleAll:
		b.grid(xs, ys)
	case ruleFrame:
		b.hrule(ys[0], x0, x1).hrule(y, x0, x1).vrule(x0, ys[0], y).vrule(x1, ys[0], y)
	case ruleRows:
		for _, yy := range ys {
			b.hrule(yy, x0, x1)
		}
	case ruleThreeLine:
		b.hrule(ys[0], x0, x1).hrule(ys[1], x0, x1).hrule(y, x0, x1)
	}
	return y
}

// footer prints a page number at the bottom centre (`- 7 -`).
func (b *pageBuilder) footer(text string) *pageBuilder {
	return b.word(410, 565, text)
}

var (
	expXs     = []float64{50, 130, 330, 430, 530, 630}
	expHeader = []string{"科目编码", "科目名称", "合计", "基本支出", "项目支出"}
	expPaths  = []string{"科目编码(code)", "科目名称(name)", "合计(amount)", "基本支出(amount)", "项目支出(amount)"}
	expRows   = [][]string{
		{"201", "一般公共服务支出", "3,741.00", "1,381.00", "2,360.00"},
		{"20101", "人大事务", "1,200.50", "1,200.50", ""},
		{"2010101", "行政运行", "1,200.50", "1,200.50", ""},
		{"205", "教育支出", "88.00", "", "88.00"},
		{"20508", "进修及培训", "88.00", "", "88.00"},
		{"2050803", "培训支出", "88.00", "", "88.00"},
		{"208", "社会保障和就业支出", "412.35", "412.35", ""},
		{"", "合计", "4,241.35", "1,793.35", "2,448.00"},
	}
)

// expenditureHead prints the meta lines of 表3 above y=100 (number, title, issuer and unit).
func (b *pageBuilder) expenditureHead() *pageBuilder {
	return b.word(380, 40, "表3").word(300, 58, "2026年部门支出总体情况表").
		word(60, 80, "编制部门：某某管理委员会").word(700, 80, "单位：万元")
}

// continuedPages prints expRows as 表3 over two pages (rows split after split), the second
// page starting with mark (`续表`, `表3（续）`, or nothing), with or without the header
// repeated; both pages carry a page-number footer.
func continuedPages(split int, mark string, repeatHeader bool, r rules) []*extract.Page {
	p1 := newPage(7).expenditureHead()
	p1.printTable(expXs, 100, 20, r, expHeader, expRows[:split])
	p1.footer("- 7 -")
	p2 := newPage(8)
	if mark != "" {
		p2.word(60, 40, mark)
	}
	rest := expRows[split:]
	if repeatHeader {
		p2.printTable(expXs, 60, 20, r, expHeader, rest)
	} else {
		// The body goes on from the top; a ruled table draws its frame from there.
		p2.printTable(expXs, 40, 20, r, expHeader, rest)
		// Drop the header words and the rule under them: the page starts with body.
		var ws []extract.Word
		for _, w := range p2.p.Words {
			if w.Y0 >= 60 || w.Text == mark {
				ws = append(ws, w)
			}
		}
		p2.p.Words = ws
		var rs []extract.Rule
		for _, ru := range p2.p.Rules {
			switch {
			case ru.Y0 == ru.Y1 && ru.Y0 < 60: // the header's top rule
			case ru.X0 == ru.X1 && ru.Y0 < 60:
				ru.Y0 = 60
				rs = append(rs, ru)
			default:
				rs = append(rs, ru)
			}
		}
		p2.p.Rules = rs
	}
	p2.footer("- 8 -")
	return []*extract.Page{p1.p, p2.p}
}

// twoTablesPage prints two tables on one page, each with its number, title, issuer and
// unit (the second's unit split over two lines), the first followed by a two-line note.
func twoTablesPage(r rules) *extract.Page {
	b := newPage(12)
	b.word(380, 30, "表7").word(280, 46, "2026年部门政府性基金预算支出表")
	b.word(60, 64, "编制部门：某某管理委员会").word(700, 64, "单位：万元")
	bottom := b.printTable(expXs, 80, 18, r, expHeader, [][]string{
		{"212", "城乡社区支出", "500.00", "", "500.00"},
		{"21208", "国有土地使用权出让收入安排的支出", "500.00", "", "500.00"},
		{"", "合计", "500.00", "", "500.00"},
	})
	b.word(60, bottom+6, "注：本表反映部门本年度政府性基金预算财政拨款支出情况，").word(60, bottom+20, "按功能分类科目列示。")
	b.word(380, bottom+50, "表8").word(270, bottom+66, "2026年部门国有资本经营预算支出表")
	b.word(60, bottom+86, "编制部门：某某管理委员会").word(700, bottom+86, "单位：").word(700, bottom+99, "万元")
	b.printTable([]float64{50, 330, 470, 630}, bottom+112, 18, r, []string{"项目", "本年拨款", "上年结转"}, [][]string{
		{"国有资本经营预算支出", "12.00", "3.50"},
		{"合计", "12.00", "3.50"},
	})
	b.footer("- 12 -")
	return b.p
}

// wantTable is what a found table must be.
type wantTable struct {
	kind          Kind
	number, title string
	unit          string
	grid          string
	pages         []int
	paths         []string
	rows          [][]string
	notes         []string
}

func TestTableFinding(t *testing.T) {
	expTable := func(grid string, pages ...int) wantTable {
		return wantTable{kind: KindExpenditure, number: "表3", title: "2026年部门支出总体情况表", unit: "万元",
			grid: grid, pages: pages, paths: expPaths, rows: expRows}
	}
	twoTables := func(grid string) []wantTable {
		return []wantTable{
			{kind: KindGovFund, number: "表7", title: "2026年部门政府性基金预算支出表", unit: "万元", grid: grid,
				pages: []int{12}, paths: expPaths, rows: [][]string{
					{"212", "城乡社区支出", "500.00", "", "500.00"},
					{"21208", "国有土地使用权出让收入安排的支出", "500.00", "", "500.00"},
					{"", "合计", "500.00", "", "500.00"},
				}, notes: []string{"注：本表反映部门本年度政府性基金预算财政拨款支出情况，按功能分类科目列示。"}},
			{kind: KindStateCapital, number: "表8", title: "2026年部门国有资本经营预算支出表", unit: "万元", grid: grid,
				pages: []int{12}, paths: []string{"项目(name)", "本年拨款(amount)", "上年结转(amount)"}, rows: [][]string{
					{"国有资本经营预算支出", "12.00", "3.50"},
					{"合计", "12.00", "3.50"},
				}},
		}
	}
	cases := []struct {
		name  string
		pages []*extract.Page
		want  []wantTable
	}{
		{"two ruled tables on one page", []*extract.Page{twoTablesPage(ruleAll)}, twoTables("lattice")},
		{"two unruled tables on one page", []*extract.Page{twoTablesPage(ruleNone)}, twoTables("stream")},
		{"续表 with the header repeated", continuedPages(5, "续表", true, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"续表 without the header repeated", continuedPages(5, "续表", false, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"表3（续） with the header repeated", continuedPages(4, "表3（续）", true, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"续表3 with the header repeated", continuedPages(4, "续表3", true, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"footer between, no mark, no header repeated", continuedPages(3, "", false, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"footer between, header repeated, no mark", continuedPages(6, "", true, ruleAll), []wantTable{expTable("lattice", 7, 8)}},
		{"unruled, footer between, no header repeated", continuedPages(5, "", false, ruleNone), []wantTable{expTable("stream", 7, 8)}},
		{"frame only, 续表", continuedPages(5, "续表", true, ruleFrame), []wantTable{expTable("mixed", 7, 8)}},
		{"mixed: outer frame only", []*extract.Page{newPage(3).expenditureHead().printTableAt(ruleFrame)}, []wantTable{expTable("mixed", 3)}},
		{"mixed: horizontal rule under every row", []*extract.Page{newPage(3).expenditureHead().printTableAt(ruleRows)}, []wantTable{expTable("mixed", 3)}},
		{"mixed: three-line table", []*extract.Page{newPage(3).expenditureHead().printTableAt(ruleThreeLine)}, []wantTable{expTable("mixed", 3)}},
		{"mixed: horizontal rules only, 续表 over a footer", continuedPages(5, "续表", true, ruleRows), []wantTable{expTable("mixed", 7, 8)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := Build("finding.pdf", c.pages)
			for _, p := range doc.Problems {
				t.Errorf("problem: %s", p.Message)
			}
			if len(doc.Tables) != len(c.want) {
				for _, tb := range doc.Tables {
					t.Logf("found %s %q pages %v grid %s rows %d", tb.Kind, tb.Title, tb.Pages, tb.Grid, len(tb.Rows))
				}
				t.Fatalf("found %d tables, want %d", len(doc.Tables), len(c.want))
			}
			for i, w := range c.want {
				checkTable(t, doc.Tables[i], w)
			}
			// Page footers and 续表 marks are neither rows nor prose.
			for _, l := range doc.Prose {
				c := compact(l.Text)
				if pageNumberRe.MatchString(c) || strings.Contains(c, "续") {
					t.Errorf("prose line %q on page %d", l.Text, l.Page)
				}
			}
		})
	}
}

// printTableAt prints expRows as one table under expenditureHead.
func (b *pageBuilder) printTableAt(r rules) *extract.Page {
	b.printTable(expXs, 100, 20, r, expHeader, expRows)
	b.footer("- 3 -")
	return b.p
}

func checkTable(t *testing.T, tb *Table, w wantTable) {
	t.Helper()
	if tb.Kind != w.kind || tb.Number != w.number || tb.Title != w.title || tb.Unit != w.unit || tb.Grid != w.grid {
		t.Errorf("table %d: kind %s number %q title %q unit %q grid %s; want %s %q %q %q %s",
			tb.Seq, tb.Kind, tb.Number, tb.Title, tb.Unit, tb.Grid, w.kind, w.number, w.title, w.unit, w.grid)
	}
	if !slices.Equal(tb.Pages, w.pages) {
		t.Errorf("table %d %q: pages %v, want %v", tb.Seq, tb.Title, tb.Pages, w.pages)
	}
	if got := paths(tb); !slices.Equal(got, w.paths) {
		t.Errorf("table %d %q: columns\n got %q\nwant %q", tb.Seq, tb.Title, got, w.paths)
	}
	if len(tb.Rows) != len(w.rows) {
		for _, r := range tb.Rows {
			t.Logf("  p%d %q", r.Page, cellTexts(r))
		}
		t.Errorf("table %d %q: %d rows, want %d", tb.Seq, tb.Title, len(tb.Rows), len(w.rows))
		return
	}
	for i, r := range tb.Rows {
		if got := cellTexts(r); !slices.Equal(got, w.rows[i]) {
			t.Errorf("table %d %q row %d (p%d): %q, want %q", tb.Seq, tb.Title, i+1, r.Page, got, w.rows[i])
		}
	}
	if w.notes != nil && !slices.Equal(tb.Notes, w.notes) {
		t.Errorf("table %d %q: notes %q, want %q", tb.Seq, tb.Title, tb.Notes, w.notes)
	}
	if w.notes == nil && len(tb.Notes) > 0 {
		t.Errorf("table %d %q: notes %q, want none", tb.Seq, tb.Title, tb.Notes)
	}
}

// textWidth is the width pageBuilder.word gives a text.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 {
			w += 5
		} else {
			w += 10
		}
	}
	return w
}

func TestStripContinued(t *testing.T) {
	cases := []struct {
		line, rest string
		mark       bool
	}{
		{"续表", "", true},
		{"续 表", "", true},
		{"续上表", "", true},
		{"（续表）", "", true},
		{"续表3", "表3", true},
		{"续表 表3", "表3", true},
		{"续表14-1", "表14-1", true},
		{"表3（续）", "表3", true},
		{"表3 (续表)", "表3", true},
		{"2026年部门支出总体情况表（续）", "2026年部门支出总体情况表", true},
		{"续表2026年部门支出总体情况表", "2026年部门支出总体情况表", true},
		{"续建项目支出情况表", "续建项目支出情况表", false},
		{"2026年部门支出总体情况表", "2026年部门支出总体情况表", false},
	}
	for _, c := range cases {
		rest, mark := stripContinued(c.line)
		if rest != c.rest || mark != c.mark {
			t.Errorf("stripContinued(%q) = %q, %v; want %q, %v", c.line, rest, mark, c.rest, c.mark)
		}
	}
}
