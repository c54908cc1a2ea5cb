package normalize

import (
	"os"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/tables"
)

// The seed dump (../shared/seed) is a tab-separated text rendering of a real county budget.
// seedDocument rebuilds the tables stage's output for its tables by hand: one column per tab
// position, wrapped numbers (`1204` over `5`) as two fragments of one cell on consecutive
// baselines, right-aligned, exactly as the tables stage delivers them.

var seedPath = corpus.Dir("seed/changji-hitech-zone-2026-budget.txt")

type seedCol struct {
	path []string
	role tables.Role
	side string
}

type seedTable struct {
	number string
	kind   tables.Kind
	title  string
	cols   []seedCol
	// first data line (prefix match) and the line that ends the table (prefix match).
	start, end string
}

func lcol(role tables.Role, path ...string) seedCol { return seedCol{path: path, role: role} }
func amt(path ...string) seedCol                    { return seedCol{path: path, role: tables.RoleAmount} }

var codeCols = []seedCol{lcol(tables.RoleLei, "科目编码", "类"), lcol(tables.RoleKuan, "科目编码", "款"), lcol(tables.RoleXiang, "科目编码", "项"), lcol(tables.RoleName, "科目名称")}

var seedTables = []seedTable{
	{number: "表1", kind: tables.KindSummary, title: "高新区管委会收支总体情况表", start: "一、本年收入", end: "表 2",
		cols: []seedCol{{[]string{"项目"}, tables.RoleName, "收入"}, {[]string{"预算数"}, tables.RoleAmount, "收入"}, {[]string{"功能分类"}, tables.RoleName, "支出"}, {[]string{"预算数"}, tables.RoleAmount, "支出"}}},
	{number: "表2", kind: tables.KindIncome, title: "高新区管委会收入总体情况表", start: "201\t\t\t一般公共服务支出", end: "表 3",
		cols: append(append([]seedCol{}, codeCols...), amt("总计"), amt("财政拨款（补助）", "财政拨款（补助）小计"), amt("财政拨款（补助）", "一般公共预算"),
			amt("财政拨款（补助）", "上级一般公共预算安排的转移支付"), amt("财政拨款（补助）", "政府性基金预算"), amt("财政拨款（补助）", "上级政府性基金安排的转移支付"),
			amt("财政拨款（补助）", "国有资本经营预算"), amt("财政拨款（补助）", "上级国有资本经营预算安排的转移支付"), lcol(tables.RoleText, "（空）"),
			amt("非财政拨款结转结余", "财政专户（教育收费）"), amt("非财政拨款结转结余", "单位资金"))},
	{number: "表3", kind: tables.KindExpenditure, title: "高新区管委会支出总体情况表", start: "201\t\t\t一般公共服务支出", end: "表 4",
		cols: append(append([]seedCol{}, codeCols...), amt("合计"), amt("基本支出"), amt("项目支出"))},
	{number: "表4", kind: tables.KindFiscalSummary, title: "财政拨款收支预算总体情况表", start: "一、财政拨款（补助）", end: "表 5",
		cols: []seedCol{{[]string{"项目"}, tables.RoleName, "收入"}, {[]string{"合计"}, tables.RoleAmount, "收入"}, {[]string{"功能分类"}, tables.RoleName, "支出"},
			{[]string{"合计"}, tables.RoleAmount, "支出"}, {[]string{"一般公共预算"}, tables.RoleAmount, "支出"}, {[]string{"政府性基金预算"}, tables.RoleAmount, "支出"}, {[]string{"国有资本经营预算"}, tables.RoleAmount, "支出"}}},
	{number: "表5", kind: tables.KindGPBExpenditure, title: "一般公共预算支出情况表", start: "201\t\t\t一般公共服务支出", end: "表 6",
		cols: append(append([]seedCol{}, codeCols...), amt("合计"), amt("基本支出"), amt("项目支出"))},
	{number: "表6", kind: tables.KindGPBBasic, title: "一般公共预算基本支出情况表", start: "301\t\t工资福利支出", end: "表 7",
		cols: []seedCol{lcol(tables.RoleLei, "科目编码", "类"), lcol(tables.RoleKuan, "科目编码", "款"), lcol(tables.RoleName, "科目名称"), amt("合计"), amt("人员经费"), amt("公用经费")}},
	{number: "表8", kind: tables.KindGovFund, title: "政府性基金预算支出情况表", start: "212\t\t\t城乡社区支出", end: "表 9",
		cols: append(append([]seedCol{}, codeCols...), amt("合计"), amt("基本支出", "人员经费"), amt("基本支出", "公用经费"), amt("项目支出"))},
	{number: "表10", kind: tables.KindThreePublic, title: "财政拨款“三公”经费支出情况表", start: "合计\t79.74", end: "表 11",
		cols: []seedCol{lcol(tables.RoleName, "“三公”经费支出内容"), amt("合计"), amt("一般公共预算"), amt("政府性基金"), amt("国有资本经营预算")}},
}

// seedDocument builds the tables.Document of the seed's tables.
func seedDocument(t testing.TB) *tables.Document {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		corpus.Missing(t, seedPath, err)
	}
	lines := strings.Split(string(b), "\n")
	doc := &tables.Document{File: "seed/changji-hitech-zone-2026-budget.txt", Pages: 40, DocKind: "budget", Year: 2026}
	for i, st := range seedTables {
		doc.Tables = append(doc.Tables, seedTableOf(t, lines, st, i+1))
	}
	// The narrative: every line after the tables, as prose.
	inProse := false
	for _, l := range lines {
		if strings.HasPrefix(l, "第三部分") {
			inProse = true
		}
		if inProse && strings.TrimSpace(l) != "" {
			doc.Prose = append(doc.Prose, tables.ProseLine{Page: 30, Text: l})
		}
	}
	return doc
}

func seedTableOf(t testing.TB, lines []string, st seedTable, seq int) *tables.Table {
	tb := &tables.Table{Seq: seq, Kind: st.kind, Title: st.title, Number: st.number, Unit: "万元", Pages: []int{seq + 3}, Grid: "lattice"}
	for i, c := range st.cols {
		tb.Columns = append(tb.Columns, tables.Column{Path: c.path, Role: c.role, Side: c.side, X0: float64(100 * i), X1: float64(100*i + 90)})
	}
	i := 0
	marker := "表 " + strings.TrimPrefix(st.number, "表")
	for i < len(lines) && strings.TrimSpace(lines[i]) != marker {
		i++
	}
	for i < len(lines) && !strings.HasPrefix(lines[i], st.start) {
		i++
	}
	if i == len(lines) {
		t.Fatalf("%s: start line %q not found", st.number, st.start)
	}
	y := 100.0
	page := seq + 3
	for ; i < len(lines) && !strings.HasPrefix(lines[i], st.end); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			continue
		}
		cells := strings.Split(line, "\t")
		y += 20
		// A continuation line: only short fragments in cells, nothing in the first columns.
		if len(tb.Rows) > 0 && strings.TrimSpace(cells[0]) == "" && isContinuation(cells, st) {
			prev := tb.Rows
			cont := &prev[len(prev)-1]
			for ci, txt := range cells {
				txt = strings.TrimSpace(txt)
				if txt == "" || ci >= len(cont.Cells) {
					continue
				}
				c := &cont.Cells[ci]
				last := c.Fragments[len(c.Fragments)-1]
				f := tables.Fragment{Text: txt, Page: page, Box: rightAligned(ci, last.Box.Y1+1, txt), Source: extract.SourceText, Confidence: 1}
				c.Fragments = append(c.Fragments, f)
				if looksNumeric(txt) {
					c.Text += " " + txt
				} else {
					c.Text += txt
				}
			}
			continue
		}
		byside := map[string]*tables.Row{}
		for ci, col := range st.cols {
			side := col.side
			r := byside[side]
			if r == nil {
				r = &tables.Row{Side: side, Page: page, Cells: make([]tables.Cell, len(st.cols))}
				byside[side] = r
			}
			if ci >= len(cells) {
				continue
			}
			txt := strings.TrimSpace(cells[ci])
			if txt == "" {
				continue
			}
			box := rightAligned(ci, y, txt)
			if col.role != tables.RoleAmount {
				box = leftAligned(ci, y, txt)
			}
			r.Cells[ci] = tables.Cell{Text: txt, Fragments: []tables.Fragment{{Text: txt, Page: page, Box: box, Source: extract.SourceText, Confidence: 1}}}
		}
		for _, side := range []string{"", "收入", "支出"} {
			r := byside[side]
			if r == nil {
				continue
			}
			empty := true
			for _, c := range r.Cells {
				if c.Text != "" {
					empty = false
				}
			}
			if !empty {
				tb.Rows = append(tb.Rows, *r)
			}
		}
	}
	return tb
}

// isContinuation reports a line holding only the tails of wrapped cells of the line above.
func isContinuation(cells []string, st seedTable) bool {
	n := 0
	for ci, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if ci < len(st.cols) && (st.cols[ci].role == tables.RoleLei || st.cols[ci].role == tables.RoleKuan || st.cols[ci].role == tables.RoleXiang) {
			return false
		}
		if len([]rune(c)) > 3 {
			return false
		}
		n++
	}
	return n > 0
}

func leftAligned(col int, y float64, txt string) extract.Box {
	x0 := float64(100*col + 2)
	return extract.Box{X0: x0, Y0: y, X1: x0 + 10*float64(len([]rune(txt))), Y1: y + 10}
}

func rightAligned(col int, y float64, txt string) extract.Box {
	x1 := float64(100*col + 88)
	return extract.Box{X0: x1 - 5.5*float64(len([]rune(txt))), Y0: y, X1: x1, Y1: y + 10}
}
