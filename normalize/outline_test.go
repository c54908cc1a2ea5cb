package normalize

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// line is one name cell of a side: its text, its left edge (0: the same as every other
// line) and, for unit tables, its 单位编码.
type line struct {
	name string
	x    float64
	unit string
	x1   float64 // right edge; 0: x + 50
}

// outlineTable builds a one-sided name table the way the tables stage delivers it.
func outlineTable(lines []line) (*Table, *tables.Table) {
	src := &tables.Table{Seq: 1, Columns: []tables.Column{
		{Path: []string{"单位编码"}, Role: tables.RoleCode},
		{Path: []string{"项目"}, Role: tables.RoleName},
		{Path: []string{"金额"}, Role: tables.RoleAmount},
	}}
	t := &Table{Seq: 1, Columns: src.Columns}
	for i, l := range lines {
		x := l.x
		if x == 0 {
			x = 40
		}
		x1 := l.x1
		if x1 == 0 {
			x1 = x + 50
		}
		src.Rows = append(src.Rows, tables.Row{Page: 1, Cells: []tables.Cell{
			{Text: l.unit},
			{Text: l.name, Fragments: []tables.Fragment{{Text: l.name, Page: 1, Box: extract.Box{X0: x, Y0: float64(20 * i), X1: x1, Y1: float64(20*i + 10)}}}},
			{Text: "1"},
		}})
		row := &Row{Seq: i + 1, Name: catalog.PrintedName(l.name), NameKey: catalog.NameKey(l.name), Values: make([]Value, 3)}
		row.Values[2] = Value{Present: true}
		row.Kind = rowKind(row, src)
		t.Rows = append(t.Rows, row)
	}
	return t, src
}

// describe renders an outline as "parent>child" pairs, closers and the total, by name.
func describe(t *Table, o *sideOutline) string {
	name := func(i int) string { return t.Rows[i].Name }
	var parts []string
	for _, i := range o.rows {
		if p, ok := o.parent[i]; ok {
			parts = append(parts, name(p)+">"+name(i))
		}
	}
	for _, i := range o.rows {
		if cl := o.closes[i]; len(cl) > 0 {
			var ns []string
			for _, c := range cl {
				ns = append(ns, name(c))
			}
			parts = append(parts, name(i)+"=Σ("+strings.Join(ns, ",")+")")
		}
	}
	if o.total >= 0 {
		var ns []string
		for _, c := range o.top {
			ns = append(ns, name(c))
		}
		parts = append(parts, name(o.total)+"=Σ("+strings.Join(ns, ",")+")")
	}
	var excluded []string
	for _, i := range o.rows {
		if o.role[i] == oPart {
			excluded = append(excluded, name(i))
		}
	}
	sort.Strings(excluded)
	if len(excluded) > 0 {
		parts = append(parts, fmt.Sprintf("parts%v", excluded))
	}
	return strings.Join(parts, " ")
}

func TestOutline(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []line
		want  string
	}{
		{"markers and 其中 without indentation (seed 表1 收入)", []line{
			{name: "一、本年收入"}, {name: "1.一般公共预算拨款"}, {name: "其中：一般财力"}, {name: "上级一般公共预算安排转移支付"},
			{name: "2.政府性基金预算拨款"}, {name: "二、上年结转结余"}, {name: "1.财政拨款结转"}, {name: "收入总计"},
		}, "一、本年收入>1.一般公共预算拨款 一、本年收入>2.政府性基金预算拨款 二、上年结转结余>1.财政拨款结转 收入总计=Σ(一、本年收入,二、上年结转结余) parts[上级一般公共预算安排转移支付 其中：一般财力]"},
		{"unmarked items under a header, no indentation (seed 表4 收入)", []line{
			{name: "一、财政拨款（补助）"}, {name: "一般公共预算"}, {name: "政府性基金预算"}, {name: "收入总计"},
		}, "一、财政拨款（补助）>一般公共预算 一、财政拨款（补助）>政府性基金预算 收入总计=Σ(一、财政拨款（补助）)"},
		{"indentation, headers at uneven x, closer then carry-over (Hangzhou 表1 收入)", []line{
			{name: "一、财政拨款", x: 47}, {name: "一般公共预算", x: 82}, {name: "政府性基金预算", x: 82},
			{name: "二、财政专户管理资金", x: 42}, {name: "三、事业收入", x: 42}, {name: "本年收入合计", x: 42},
			{name: "上年结转结余", x: 42}, {name: "收入总计", x: 42},
		}, "一、财政拨款>一般公共预算 一、财政拨款>政府性基金预算 本年收入合计=Σ(一、财政拨款,二、财政专户管理资金,三、事业收入) 收入总计=Σ(本年收入合计,上年结转结余)"},
		{"a marked total over indented 类/款 (Hangzhou 表4 支出)", []line{
			{name: "一、本年支出合计", x: 300}, {name: "一般公共服务支出", x: 306}, {name: "其他一般公共服务支出", x: 316},
			{name: "公共安全支出", x: 306}, {name: "二、年终结转结余", x: 300}, {name: "支出总计", x: 300},
		}, "一、本年支出合计>一般公共服务支出 一般公共服务支出>其他一般公共服务支出 一、本年支出合计>公共安全支出 支出总计=Σ(一、本年支出合计,二、年终结转结余)"},
		{"a list restarted under an unmarked line (Putuo 决算 财政拨款收支总表)", []line{
			{name: "一、一般公共预算财政拨款"}, {name: "二、政府性基金预算财政拨款"}, {name: "本年收入合计"},
			{name: "年初财政拨款结转和结余"}, {name: "一、一般公共预算财政拨款"}, {name: "二、政府性基金预算财政拨款"}, {name: "总计"},
		}, "年初财政拨款结转和结余>一、一般公共预算财政拨款 年初财政拨款结转和结余>二、政府性基金预算财政拨款 本年收入合计=Σ(一、一般公共预算财政拨款,二、政府性基金预算财政拨款) 总计=Σ(本年收入合计,年初财政拨款结转和结余)"},
		{"names centred in their column are no indentation (Changsha scan: short names start further right)", []line{
			{name: "市创业指导中心", x: 50.8, x1: 94.3}, {name: "雨花区（湘江新区）", x: 50.4, x1: 94.3}, {name: "芙蓉区", x: 59.8, x1: 85},
			{name: "天心区", x: 59.8, x1: 85}, {name: "开福区", x: 59.8, x1: 85.7},
		}, ""},
		{"其中 opening its own list (hexi 三公)", []line{
			{name: "合计"}, {name: "1、因公出国（境）费"}, {name: "2、公务用车购置及运行费"}, {name: "其中：（1）公务用车购置费"},
			{name: "（2）公务用车运行费"}, {name: "3、公务接待费"},
		}, "合计=Σ(1、因公出国（境）费,2、公务用车购置及运行费,3、公务接待费) parts[其中：（1）公务用车购置费 （2）公务用车运行费]"},
		{"其中 block with nested lists (Guangzhou 三公)", []line{
			{name: "行政经费"}, {name: "“三公”经费"}, {name: "其中：（一）因公出国（境）支出"}, {name: "（二）公务用车购置及运行维护支出"},
			{name: "1.公务用车购置费"}, {name: "2.公务用车运行维护费"}, {name: "（三）公务接待费支出"},
		}, "parts[1.公务用车购置费 2.公务用车运行维护费 其中：（一）因公出国（境）支出 （三）公务接待费支出 （二）公务用车购置及运行维护支出]"},
		{"unit codes nest by prefix (Xian 收入总表)", []line{
			{name: "合计"}, {name: "西安市国资委", unit: "271"}, {name: "西安市国资委本级", unit: "271001"},
		}, "西安市国资委>西安市国资委本级 合计=Σ(西安市国资委)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, src := outlineTable(tc.lines)
			if got := describe(tb, outlineOf(tb, src, "")); got != tc.want {
				t.Errorf("outline\n got  %s\n want %s", got, tc.want)
			}
		})
	}
}

// TestListMarkerMatchesRegexps: listMarker is read by hand for speed; it must say what the
// regexps it replaced say, on the corpus' marker shapes and on near misses.
func TestListMarkerMatchesRegexps(t *testing.T) {
	ref := []struct {
		kind string
		re   *regexp.Regexp
	}{
		{"cn", regexp.MustCompile(`^[一二三四五六七八九十]+[、.．]`)},
		{"pcn", regexp.MustCompile(`^[(（][一二三四五六七八九十]+[)）]`)},
		{"pnum", regexp.MustCompile(`^[(（]\d{1,2}[)）]`)},
		{"num", regexp.MustCompile(`^\d{1,2}[、.．](?:[^\d]|$)`)},
		{"partof", regexp.MustCompile(`^其中[:：]?`)},
	}
	names := []string{
		"", "一", "一、", "一、一般公共预算", "十二．其他", "一二三.x", "一x、", "二十、",
		"(一)", "（二）", "(十一）", "(一", "()", "（）", "(1)", "（12）", "(123)", "(1", "(a)",
		"1.", "1、", "12．", "123.", "1.5", "1.a", "12、其他", "1.\n", "1．2", "3", "3.0亿",
		"其中", "其中：", "其中:人员", "其", "其他支出", "社会保障", "\xff、", "一\xff、", "1.\xff",
		" 一、", "０１.", "(１)", "一、1.", "（一）1、",
	}
	for _, s := range names {
		want := ""
		for _, r := range ref {
			if r.re.MatchString(s) {
				want = r.kind
				break
			}
		}
		if got := listMarker(s); got != want {
			t.Errorf("listMarker(%q) = %q, the regexps say %q", s, got, want)
		}
	}
}
