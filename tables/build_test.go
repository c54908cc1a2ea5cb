package tables

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// pageBuilder makes hand-built extract pages: words at positions, and ruled grids.
type pageBuilder struct{ p *extract.Page }

func newPage(n int) *pageBuilder {
	return &pageBuilder{p: &extract.Page{Number: n, Width: 842, Height: 595, Verdict: extract.VerdictText}}
}

// word puts text with its left edge at x and top at y (10 pt glyphs, CJK 10 pt wide, Latin 5).
func (b *pageBuilder) word(x, y float64, text string) *pageBuilder {
	w := 0.0
	for _, r := range text {
		if r < 0x80 {
			w += 5
		} else {
			w += 10
		}
	}
	b.p.Words = append(b.p.Words, extract.Word{Text: text, X0: x, Y0: y, X1: x + w, Y1: y + 10, Size: 10,
		Source: extract.SourceText, Confidence: 1, Baseline: y + 9})
	return b
}

// right puts text right-aligned at x1.
func (b *pageBuilder) right(x1, y float64, text string) *pageBuilder {
	w := 0.0
	for _, r := range text {
		if r < 0x80 {
			w += 5
		} else {
			w += 10
		}
	}
	return b.word(x1-w, y, text)
}

func (b *pageBuilder) hrule(y, x0, x1 float64) *pageBuilder {
	b.p.Rules = append(b.p.Rules, extract.Rule{X0: x0, Y0: y, X1: x1, Y1: y, Width: 0.5})
	return b
}

func (b *pageBuilder) vrule(x, y0, y1 float64) *pageBuilder {
	b.p.Rules = append(b.p.Rules, extract.Rule{X0: x, Y0: y0, X1: x, Y1: y1, Width: 0.5})
	return b
}

// grid rules a full lattice with the given column and row boundaries.
func (b *pageBuilder) grid(xs, ys []float64) *pageBuilder {
	for _, y := range ys {
		b.hrule(y, xs[0], xs[len(xs)-1])
	}
	for _, x := range xs {
		b.vrule(x, ys[0], ys[len(ys)-1])
	}
	return b
}

func paths(t *Table) []string {
	var out []string
	for _, c := range t.Columns {
		s := strings.Join(c.Path, "/")
		if c.Side != "" {
			s = c.Side + ":" + s
		}
		out = append(out, s+"("+string(c.Role)+")")
	}
	return out
}

func cellTexts(r Row) []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Text
	}
	return out
}

// expenditurePage is a ruled 支出总表 page: title, issuer and a unit split over two lines,
// a two-level header with a banner over the amount columns, 类/款/项 code columns, a
// name wrapped inside its cell and a number wrapped inside its cell.
func expenditurePage() *extract.Page {
	b := newPage(3)
	b.word(300, 40, "表3").word(300, 55, "2026年部门支出总体情况表")
	b.word(60, 75, "编制部门：某某管理委员会").word(700, 75, "单位：").word(700, 88, "万元")
	xs := []float64{50, 80, 110, 140, 330, 420, 510, 600}
	ys := []float64{100, 120, 140, 160, 180, 210, 230, 250}
	// Header: 科目编码 over 类/款/项 (rows 0-1 merged vertically with 科目名称 spanning
	// rows 0..2), 支出预算 over the three amount columns, leaves in rows 1..2.
	for _, y := range ys[1:] {
		b.hrule(y, xs[0], xs[len(xs)-1])
	}
	b.hrule(ys[0], xs[0], xs[len(xs)-1])
	// Header rules: row 0/1 boundary only under 科目编码 (cols 0..2) and under the banner
	// (cols 4..6); row 1/2 boundary only under nothing but 类/款/项 cells below 科目编码.
	b.p.Rules = b.p.Rules[:0]
	b.hrule(100, 50, 600)
	b.hrule(120, 50, 140).hrule(120, 330, 600)
	b.hrule(140, 50, 140)
	for _, y := range ys[3:] {
		b.hrule(y, 50, 600)
	}
	b.vrule(50, 100, 250).vrule(600, 100, 250).vrule(140, 100, 250).vrule(330, 100, 250)
	b.vrule(80, 120, 250).vrule(110, 120, 250)
	b.vrule(420, 120, 250)
	b.vrule(510, 120, 250)
	_ = xs
	b.word(70, 105, "科目编码").word(205, 120, "科目名称").word(490, 105, "支出预算")
	b.word(60, 143, "类").word(90, 143, "款").word(120, 143, "项")
	b.word(360, 125, "合 计").word(445, 125, "基本支出").word(535, 125, "项目支出")
	// Body rows.
	b.word(55, 165, "201").word(145, 165, "一般公共服务支出").right(415, 165, "3,741.00").right(505, 165, "1,381.00").right(595, 165, "2,360.00")
	// A wrapped name and a wrapped number, each inside one cell of one ruled row.
	b.word(55, 185, "201").word(85, 185, "04").word(115, 185, "99").word(145, 185, "其他发展与改革").word(145, 197, "事务支出")
	b.right(415, 185, "370,219.2").right(415, 197, "5").right(595, 185, "130.00")
	b.word(145, 215, "合计").right(415, 215, "58,822.00")
	b.word(60, 260, "注：本表反映部门本年度支出情况。")
	return b.p
}

func TestLatticeHeaderCellsAndMeta(t *testing.T) {
	doc := Build("exp.pdf", []*extract.Page{expenditurePage()})
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables, want 1: %+v", len(doc.Tables), doc.Tables)
	}
	tb := doc.Tables[0]
	if tb.Kind != KindExpenditure || tb.Number != "表3" || tb.Title != "2026年部门支出总体情况表" || tb.Unit != "万元" || tb.Issuer != "某某管理委员会" {
		t.Errorf("meta: kind %s number %q title %q unit %q issuer %q", tb.Kind, tb.Number, tb.Title, tb.Unit, tb.Issuer)
	}
	want := []string{"科目编码/类(lei)", "科目编码/款(kuan)", "科目编码/项(xiang)", "科目名称(name)", "合计(amount)", "基本支出(amount)", "项目支出(amount)"}
	if got := paths(tb); !slices.Equal(got, want) {
		t.Errorf("columns\n got %q\nwant %q", got, want)
	}
	if len(tb.Rows) != 3 {
		t.Fatalf("rows: got %d, want 3: %+v", len(tb.Rows), tb.Rows)
	}
	r := tb.Rows[1]
	if got := cellTexts(r); !slices.Equal(got, []string{"201", "04", "99", "其他发展与改革事务支出", "370,219.2 5", "", "130.00"}) {
		t.Errorf("wrapped row: %q", got)
	}
	if n := len(r.Cells[4].Fragments); n != 2 || r.Cells[4].Fragments[1].Text != "5" || r.Cells[4].Fragments[1].Box.Y0 <= r.Cells[4].Fragments[0].Box.Y0 {
		t.Errorf("wrapped number fragments: %+v", r.Cells[4].Fragments)
	}
	if len(tb.Notes) != 1 || !strings.HasPrefix(tb.Notes[0], "注：") {
		t.Errorf("notes: %q", tb.Notes)
	}
	if tb.Grid != "lattice" || tb.HeaderRows != 3 {
		t.Errorf("grid %s header rows %d", tb.Grid, tb.HeaderRows)
	}
}

// streamPage is the same kind of table printed without any rule, as the seed's text dump
// shows it: the number 12045 wrapped as `1204` / `5` and 58822 as `5882` / `2`.
func streamPage() *extract.Page {
	b := newPage(1)
	b.word(300, 30, "表2").word(260, 45, "收入总体情况表")
	b.word(60, 62, "编制部门：昌吉高新区管委会").word(700, 62, "单位：万元")
	// Header.
	b.word(60, 80, "科目编码").word(160, 80, "科目名称").word(360, 80, "合计").word(440, 80, "一般公共预算").word(540, 80, "政府性基金")
	// Body: codes at 60/90/120, name at 160, amounts right-aligned at 400/500/600.
	y := 100.0
	row := func(lei, kuan, xiang, name string, a ...string) {
		b.word(60, y, lei)
		if kuan != "" {
			b.word(90, y, kuan)
		}
		if xiang != "" {
			b.word(120, y, xiang)
		}
		b.word(160, y, name)
		for i, v := range a {
			if v != "" {
				b.right(400+float64(i)*100, y, v)
			}
		}
		y += 18
	}
	row("201", "", "", "一般公共服务支出", "3741", "3588", "")
	row("201", "01", "", "人大事务", "4", "2", "")
	row("229", "", "", "其他支出", "1204", "", "")
	b.right(400, y-6, "5") // the wrapped digit, on its own line under 1204
	y += 8
	row("229", "04", "", "其他支出", "1192", "", "1192")
	b.right(400, y-6, "3").right(600, y-6, "3")
	y += 8
	row("232", "04", "11", "国有土地使用权出让金债务付息", "305", "", "305")
	b.word(160, y-6, "支出") // a wrapped name
	y += 8
	b.word(160, y, "合计").right(400, y, "5882").right(500, y, "35422").right(600, y, "10179")
	b.right(400, y+12, "2")
	return b.p
}

func TestStreamWrappedNumbersNeverRows(t *testing.T) {
	doc := Build("stream.pdf", []*extract.Page{streamPage()})
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables, want 1", len(doc.Tables))
	}
	tb := doc.Tables[0]
	if tb.Grid != "stream" || tb.Kind != KindIncome || tb.Unit != "万元" {
		t.Errorf("grid %s kind %s unit %q", tb.Grid, tb.Kind, tb.Unit)
	}
	var names, totals []string
	for _, r := range tb.Rows {
		name := ""
		for i, c := range r.Cells {
			if tb.Columns[i].Role == RoleName {
				name = c.Text
			}
			if tb.Columns[i].Role == RoleAmount && i == firstAmount(tb) {
				totals = append(totals, c.Text)
			}
		}
		names = append(names, name)
	}
	wantNames := []string{"一般公共服务支出", "人大事务", "其他支出", "其他支出", "国有土地使用权出让金债务付息支出", "合计"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("names\n got %q\nwant %q", names, wantNames)
	}
	wantTotals := []string{"3741", "4", "1204 5", "1192 3", "305", "5882 2"}
	if !slices.Equal(totals, wantTotals) {
		t.Errorf("first amount column\n got %q\nwant %q", totals, wantTotals)
	}
}

func firstAmount(t *Table) int {
	for i, c := range t.Columns {
		if c.Role == RoleAmount {
			return i
		}
	}
	return -1
}

// summaryPage is a two-sided 收支总表 with side banners.
func summaryPage(n int, title string, withHeader bool, items [][4]string) *extract.Page {
	b := newPage(n)
	y0 := 100.0
	if title != "" {
		b.word(300, 40, title).word(60, 75, "编制部门：某局").word(700, 75, "单位：元")
	}
	xs := []float64{50, 250, 350, 550, 650}
	var ys []float64
	y := y0
	if withHeader {
		ys = append(ys, y, y+20, y+40)
		b.word(130, y+5, "本年收入").word(430, y+5, "本年支出")
		b.word(130, y+25, "项目").word(280, y+25, "预算数").word(430, y+25, "项目").word(580, y+25, "预算数")
		y += 40
	} else {
		ys = append(ys, y)
	}
	for _, it := range items {
		b.word(55, y+5, it[0]).right(345, y+5, it[1]).word(355, y+5, it[2]).right(645, y+5, it[3])
		y += 20
		ys = append(ys, y)
	}
	// The banner row has no rule between the two columns of a side.
	for i, yy := range ys {
		b.hrule(yy, 50, 650)
		_ = i
	}
	for i, x := range xs {
		top := ys[0]
		if withHeader && (i == 1 || i == 3) {
			top = ys[1]
		}
		b.vrule(x, top, ys[len(ys)-1])
	}
	return b.p
}

func TestTwoSidedContinuedOverPages(t *testing.T) {
	p1 := summaryPage(8, "2025年部门财务收支预算总表", true, [][4]string{
		{"一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "82,096,797.42"},
		{"1. 一般公共预算资金", "91,016,775.35", "二、社会保障和就业支出", "4,213,779.28"},
	})
	// The next page continues without title or header; a page number sits below.
	p2 := summaryPage(9, "", false, [][4]string{
		{"二、事业收入", "", "三、卫生健康支出", "4,706,198.65"},
		{"收入总计", "91,016,775.35", "支出总计", "91,016,775.35"},
	})
	p2.Words = append(p2.Words, extract.Word{Text: "- 9 -", X0: 400, Y0: 560, X1: 425, Y1: 570, Size: 10, Source: "text", Confidence: 1})
	doc := Build("sum.pdf", []*extract.Page{p1, p2})
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables, want 1 continued over two pages", len(doc.Tables))
	}
	tb := doc.Tables[0]
	if tb.Kind != KindSummary || len(tb.Pages) != 2 || tb.Pages[0] != 8 || tb.Pages[1] != 9 {
		t.Errorf("kind %s pages %v", tb.Kind, tb.Pages)
	}
	want := []string{"收入:项目(name)", "收入:预算数(amount)", "支出:项目(name)", "支出:预算数(amount)"}
	if got := paths(tb); !slices.Equal(got, want) {
		t.Errorf("columns\n got %q\nwant %q", got, want)
	}
	var sides []string
	for _, r := range tb.Rows {
		sides = append(sides, r.Side+":"+strings.Join(cellTexts(r), "|"))
	}
	wantRows := []string{
		"收入:一、财政拨款收入|91,016,775.35||", "收入:1. 一般公共预算资金|91,016,775.35||",
		"收入:二、事业收入|||", "收入:收入总计|91,016,775.35||",
		"支出:||一、一般公共服务支出|82,096,797.42", "支出:||二、社会保障和就业支出|4,213,779.28",
		"支出:||三、卫生健康支出|4,706,198.65", "支出:||支出总计|91,016,775.35",
	}
	if !slices.Equal(sides, wantRows) {
		t.Errorf("rows\n got %q\nwant %q", sides, wantRows)
	}
}

func TestEmptyTableAndBannerKinds(t *testing.T) {
	b := newPage(16)
	b.word(250, 40, "2025年部门政府性基金预算支出功能分类预算表").word(60, 75, "编制部门：某局").word(700, 75, "单位：元")
	b.grid([]float64{50, 300, 400, 500, 600}, []float64{100, 120, 140, 160, 180, 200})
	b.word(140, 105, "项目").word(470, 105, "政府性基金预算支出")
	b.word(100, 125, "功能分类科目名称").word(420, 125, "合计").word(505, 125, "基本支出").word(550, 125, "项目支出")
	b.word(60, 185, "合计")
	b.word(60, 210, "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。")
	doc := Build("empty.pdf", []*extract.Page{b.p})
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables", len(doc.Tables))
	}
	tb := doc.Tables[0]
	if tb.Kind != KindGovFund || !tb.Empty || len(tb.Rows) != 1 {
		t.Errorf("kind %s empty %v rows %d", tb.Kind, tb.Empty, len(tb.Rows))
	}
}

func TestKindOfTitle(t *testing.T) {
	cases := []struct {
		title string
		want  Kind
	}{
		{"2025年部门财务收支预算总表", KindSummary},
		{"收入支出决算总表", KindSummary},
		{"预算01表 收支总表", KindSummary},
		{"2026年部门收支总体情况表", KindSummary},
		{"2025年部门收入预算总表", KindIncome},
		{"收入决算表", KindIncome},
		{"本年支出总体情况表", KindExpenditure},
		{"支出决算表", KindExpenditure},
		{"2025年部门财政拨款收支预算总表", KindFiscalSummary},
		{"财政拨款收入支出决算总表", KindFiscalSummary},
		{"2025年部门一般公共预算支出功能分类预算表", KindGPBExpenditure},
		{"一般公共预算财政拨款支出决算表", KindGPBExpenditure},
		{"一般公共预算支出情况表（按功能分类科目）", KindGPBExpenditure},
		{"2025年部门一般公共预算基本支出部门预算经济分类预算表", KindGPBBasic},
		{"一般公共预算财政拨款基本支出决算表", KindGPBBasic},
		{"一般公共预算项目支出情况表（按经济分类科目）", KindGPBProject},
		// The economic classification of all 一般公共预算 spending (Shenzhen 表8, Xi'an 表6).
		{"一般公共预算支出表（按经济分类）", KindGPBBasic},
		{"2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）", KindGPBBasic},
		{"一般公共预算支出表（按功能分类）", KindGPBExpenditure},
		{"2025年部门政府性基金预算支出功能分类预算表", KindGovFund},
		{"政府性基金预算财政拨款收入支出决算表", KindGovFund},
		{"2022年部门综合预算政府性基金收支表（不含上年结转）", KindGovFund},
		{"国有资本经营预算财政拨款支出决算表", KindStateCapital},
		{"2025年部门“三公”经费和机关运行经费预算表", KindThreePublic},
		{"财政拨款安排的行政经费及“三公”经费预算表", KindThreePublic},
		{"一般公共预算机关运行经费支出预算表", KindAdminRunning},
		{"财政拨款委托业务费支出情况表", KindEntrusted},
		{"上年结转结余情况明细表", KindCarryover},
		{"2026年政府采购预算明细表", KindProcurement},
		{"项目支出绩效目标表", KindPerformance},
		{"财政拨款政府购买服务明细表", KindOther},
		{"2026年市级部门项目支出预算表", KindOther},
		{"基本支出总表", KindOther},
		{"2022年部门综合预算专项业务经费支出表", KindOther},
		{"表3：2026年市级部门支出预算总表", KindExpenditure},
	}
	for _, c := range cases {
		if got := kindOfTitle(c.title); got != c.want {
			t.Errorf("kindOfTitle(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

// TestOCRWordsSameCode: OCR words (Source ocr, confidences) go through the same code; the
// fragments keep source and confidence and the grid says ocr.
func TestOCRWordsSameCode(t *testing.T) {
	p := expenditurePage()
	for i := range p.Words {
		p.Words[i].Source = extract.SourceOCR
		p.Words[i].Confidence = 0.8
		p.Words[i].Baseline = 0
	}
	doc := Build("scan.pdf", []*extract.Page{p})
	if len(doc.Tables) != 1 || len(doc.Tables[0].Rows) != 3 {
		t.Fatalf("tables %d", len(doc.Tables))
	}
	tb := doc.Tables[0]
	f := tb.Rows[0].Cells[4].Fragments
	if tb.Grid != "ocr" || len(f) != 1 || f[0].Source != extract.SourceOCR || math.Abs(f[0].Confidence-0.8) > 1e-9 {
		t.Errorf("grid %s fragments %+v", tb.Grid, f)
	}
}

// TestBuildNeverPanics feeds pages that are nil, empty, or nonsense; Build returns a document.
func TestBuildNeverPanics(t *testing.T) {
	weird := newPage(2)
	weird.word(math.NaN(), 10, "201").word(10, math.Inf(1), "合计").hrule(5, 10, 5).vrule(3, 9, 1)
	weird.p.Rules = append(weird.p.Rules, extract.Rule{X0: math.NaN(), Y0: 1, X1: 2, Y1: 1})
	pages := []*extract.Page{nil, weird.p, {Number: 3}, expenditurePage()}
	doc := Build("weird.pdf", pages)
	if doc == nil || len(doc.Tables) != 1 {
		t.Fatalf("doc %+v", doc)
	}
	if _, err := json.Marshal(doc); err != nil {
		t.Fatalf("JSON: %v", err)
	}
}

func TestMetaLines(t *testing.T) {
	cases := []struct {
		lines                       []string
		title, number, unit, issuer string
	}{
		{[]string{"表1：2026年市级部门收支预算总表", "部门名称：杭州市公安局 单位：万元"}, "2026年市级部门收支预算总表", "表1", "万元", "杭州市公安局"},
		{[]string{"表 2", "高新区管委会收入总体情况表", "编制部门：昌吉高新技术产业开发区管理委员会", "单位：", "万元"}, "高新区管委会收入总体情况表", "表2", "万元", "昌吉高新技术产业开发区管理委员会"},
		{[]string{"预算01表 收支总表", "金额单位：万元"}, "收支总表", "预算01表", "万元", ""},
		{[]string{"收入支出决算总表", "公开 01 表", "部门：国家信访局 金额单位：万元"}, "收入支出决算总表", "公开01表", "万元", "国家信访局"},
		// The issuer and the unit share one line, both introduced by 单位 (Shanghai, Xi'an, Suzhou).
		{[]string{"2026年预算单位财务收支预算总表", "编制单位：上海钻石宝玉石交易联合管理办公室          单位：元"}, "2026年预算单位财务收支预算总表", "", "元", "上海钻石宝玉石交易联合管理办公室"},
		{[]string{"表1", "2022 年部门综合预算收支总表", "预算单位：西安市工业和信息化局      金额单位：元"}, "2022年部门综合预算收支总表", "表1", "元", "西安市工业和信息化局"},
		{[]string{"公开 01 表", "收支总表", "单位：苏州市生态环境局       单位：万元"}, "收支总表", "公开01表", "万元", "苏州市生态环境局"},
		// A price list: the unit is a rate.
		{[]string{"执行时间：2026年1-12月", "单价：元/克"}, "", "", "元/克", ""},
	}
	for _, c := range cases {
		var above []*line
		y := 10.0
		for _, s := range c.lines {
			w := &word{x0: 100, y0: y, x1: 300, y1: y + 10, text: s, size: 10}
			above = append(above, &line{words: []*word{w}, x0: 100, y0: y, x1: 300, y1: y + 10})
			y += 15
		}
		def := DefaultSettings()
		m := collectMeta(above, nil, y, &def)
		if m.title != c.title || m.number != c.number || m.unit != c.unit || m.issuer != c.issuer {
			t.Errorf("%q: got title %q number %q unit %q issuer %q", c.lines, m.title, m.number, m.unit, m.issuer)
		}
	}
}

// turn prints a landscape page's content turned by 90° on a portrait page, as a table
// printed rotated on an upright page: text runs top to bottom (Vertical words).
func turn(p *extract.Page) *extract.Page {
	W := p.Height // the portrait page is as wide as the landscape one is high
	q := &extract.Page{Number: p.Number, Width: W, Height: p.Width, Verdict: p.Verdict}
	for _, w := range p.Words {
		w.X0, w.X1, w.Y0, w.Y1 = W-w.Y1, W-w.Y0, w.X0, w.X1
		w.Vertical = true
		w.Baseline = 0
		q.Words = append(q.Words, w)
	}
	for _, r := range p.Rules {
		q.Rules = append(q.Rules, extract.Rule{X0: W - r.Y1, X1: W - r.Y0, Y0: r.X0, Y1: r.X1, Width: r.Width})
	}
	return q
}

func TestTablePrintedTurned(t *testing.T) {
	upright := Build("up.pdf", []*extract.Page{expenditurePage()}).Tables
	turned := Build("turned.pdf", []*extract.Page{turn(expenditurePage())}).Tables
	if len(upright) != 1 || len(turned) != 1 {
		t.Fatalf("tables: upright %d, turned %d", len(upright), len(turned))
	}
	a, b := upright[0], turned[0]
	if !slices.Equal(paths(a), paths(b)) || len(a.Rows) != len(b.Rows) || a.Kind != b.Kind || a.Unit != b.Unit {
		t.Fatalf("turned table differs:\n%q %d rows %s %s\n%q %d rows %s %s", paths(a), len(a.Rows), a.Kind, a.Unit, paths(b), len(b.Rows), b.Kind, b.Unit)
	}
	for i := range a.Rows {
		if !slices.Equal(cellTexts(a.Rows[i]), cellTexts(b.Rows[i])) {
			t.Errorf("row %d: %q vs %q", i, cellTexts(a.Rows[i]), cellTexts(b.Rows[i]))
		}
	}
	// Provenance stays in the page frame: the amount's fragment box is the turned word's.
	f := b.Rows[0].Cells[4].Fragments[0]
	if f.Box.Y1-f.Box.Y0 <= f.Box.X1-f.Box.X0 {
		t.Errorf("fragment box %+v is not the upright page's (tall and narrow)", f.Box)
	}
}

// TestOCRTitleKinds: a title read by OCR with one character of a kind's key word misread
// still names the kind (only for OCR tables; text-layer titles are taken as printed).
func TestOCRTitleKinds(t *testing.T) {
	cases := []struct {
		title string
		want  Kind
	}{
		{"2025年财政二款收支预算总表", KindFiscalSummary},
		{"2025年”段公共预算支出功能分类预算表", KindGPBExpenditure},
		{"2025年”段公共预算其本支出部门预算经济分类预算表", KindGPBBasic},
		{"2025年政府性甚金预算支出功能分类预算表", KindGovFund},
		{"版公共预算基本支出情况表", KindGPBBasic},
		{"#8政府性基金预算支出情况表", KindGovFund},
		{"财政拨款一三公”经费支出情况表", KindThreePublic},
		{"2025年部门收入预算总表", KindIncome},
		{"2025年部门支出预算总表", KindExpenditure},
	}
	for _, c := range cases {
		if got := kindOfTitle(restoreKeywords(c.title)); got != c.want {
			t.Errorf("%s: %s, want %s", c.title, got, c.want)
		}
	}
}

// basicFinalPage is a 决算 基本支出表 printed in three column groups: 人员经费 | 公用经费, the
// 公用经费 items continued in a third group under the same banner, and 公用经费合计 printed
// across the last two groups with its amount at the far right.
func basicFinalPage() *extract.Page {
	b := newPage(16)
	b.word(300, 60, "一般公共预算财政拨款基本支出决算表")
	b.word(620, 80, "单位：万元")
	for _, y := range []float64{100, 115, 130, 145, 160, 175} {
		b.hrule(y, 40, 700)
	}
	for _, x := range []float64{40, 260, 700} {
		b.vrule(x, 100, 175)
	}
	for _, x := range []float64{90, 310, 420, 480, 530} {
		b.vrule(x, 115, 160)
	}
	for _, x := range []float64{200, 640} {
		b.vrule(x, 115, 175)
	}
	b.word(130, 103, "人员经费").word(460, 103, "公用经费")
	for _, x0 := range []float64{40, 260, 480} {
		b.word(x0+3, 118, "科目代码").word(x0+60, 118, "科目名称").word(x0+165, 118, "决算数")
	}
	rows := [][3][3]string{
		{{"301", "工资福利支出", "100.00"}, {"302", "商品和服务支出", "50.00"}, {"307", "债务利息及费用支出", ""}},
		{{"30101", "基本工资", "100.00"}, {"30201", "办公费", "50.00"}, {"310", "资本性支出", "5.00"}},
	}
	for i, r := range rows {
		y := 133 + 15*float64(i)
		for g, x0 := range []float64{40, 260, 480} {
			b.word(x0+3, y, r[g][0]).word(x0+53, y, r[g][1])
			if r[g][2] != "" {
				b.right(x0+218, y, r[g][2])
			}
		}
	}
	b.word(80, 163, "人员经费合计").right(258, 163, "100.00")
	b.word(420, 163, "公用经费合计").right(698, 163, "55.00")
	return b.p
}

// TestSidesFoldContinuedGroups: the third group continues 公用经费 (same banner, same
// columns): its columns are folded onto the second group's, its rows follow, and the total
// printed across both groups is one row, last on its side, with its amount.
func TestSidesFoldContinuedGroups(t *testing.T) {
	doc := Build("basic.pdf", []*extract.Page{basicFinalPage()})
	if len(doc.Tables) != 1 {
		t.Fatalf("%d tables", len(doc.Tables))
	}
	tb := doc.Tables[0]
	want := []string{"人员经费:科目代码(code)", "人员经费:科目名称(name)", "人员经费:决算数(amount)",
		"公用经费:科目代码(code)", "公用经费:科目名称(name)", "公用经费:决算数(amount)"}
	if got := paths(tb); !slices.Equal(got, want) {
		t.Fatalf("columns %q, want %q", got, want)
	}
	wantRows := [][]string{
		{"301", "工资福利支出", "100.00", "", "", ""},
		{"30101", "基本工资", "100.00", "", "", ""},
		{"", "人员经费合计", "100.00", "", "", ""},
		{"", "", "", "302", "商品和服务支出", "50.00"},
		{"", "", "", "30201", "办公费", "50.00"},
		{"", "", "", "307", "债务利息及费用支出", ""},
		{"", "", "", "310", "资本性支出", "5.00"},
		{"", "", "", "", "公用经费合计", "55.00"},
	}
	if len(tb.Rows) != len(wantRows) {
		for _, r := range tb.Rows {
			t.Logf("%s %q", r.Side, cellTexts(r))
		}
		t.Fatalf("%d rows, want %d", len(tb.Rows), len(wantRows))
	}
	for i, r := range tb.Rows {
		side := "人员经费"
		if i >= 3 {
			side = "公用经费"
		}
		if r.Side != side || !slices.Equal(cellTexts(r), wantRows[i]) {
			t.Errorf("row %d: %s %q, want %s %q", i+1, r.Side, cellTexts(r), side, wantRows[i])
		}
	}
	if tb.Kind != KindGPBBasic {
		t.Errorf("kind %s", tb.Kind)
	}
}
