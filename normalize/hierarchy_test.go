package normalize_test

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// leafSums returns, for each money column of one side of t, the printed grand total (the
// total row with the largest amount) and the sum of the side's leaf item rows, repeats of a
// merged cell left out: what docs/OUTPUT.md tells a user to compute.
func leafSums(t *normalize.Table, side string) (totals, sums map[int]money.Decimal, terms map[int]int) {
	totals, sums, terms = map[int]money.Decimal{}, map[int]money.Decimal{}, map[int]int{}
	for _, r := range t.Rows {
		if r.Side != side {
			continue
		}
		for c, v := range r.Values {
			if !v.Present || v.Type != normalize.TypeMoney {
				continue
			}
			switch {
			case r.Kind == normalize.RowTotal:
				if old, ok := totals[c]; !ok || v.Amount.Abs().Cmp(old.Abs()) > 0 {
					totals[c] = v.Amount
				}
			case r.Kind == normalize.RowItem && r.IsLeaf && v.RepeatOf == 0:
				s, err := sums[c].Add(v.Amount)
				if err == nil {
					sums[c] = s
					terms[c]++
				}
			}
		}
	}
	return totals, sums, terms
}

// TestLeafSumsEqualTotals: on real tables of the layouts issue 14 names, the leaf rows add
// up to the printed total in every money column: a names-only table whose 类/款/项 the
// outline infers from indentation (Hangzhou 表5: its 万元 amounts are rounded, the sum may
// differ by the printed precision per term, as normalize's 尾差 rule allows), coded 类/款/项
// tables (Putuo), a department line above its projects (Guangzhou), a merged-label table
// with 小计 lines (Jiangsu 收入预算总表), and a by-unit 收入总表 (Hangzhou 表2 prints its
// department's line above its units; the units add up to it within rounding only).
func TestLeafSumsEqualTotals(t *testing.T) {
	cases := []struct {
		pdf      string
		title    string // a part of the printed title
		rounding bool   // a difference within the printed precision × terms is allowed
		minLevel int    // the deepest level the table must show
	}{
		{"hangzhou-police-2026-budget.pdf", "一般公共预算支出预算表", true, 3},
		{"putuo-govoffice-2025-budget.pdf", "一般公共预算支出功能分类预算表", false, 3},
		{"putuo-govoffice-2025-budget.pdf", "部门支出预算总表", false, 3},
		{"putuo-wanli-2024-budget.pdf", "基本支出", false, 2},
		{"putuo-wanli-2024-budget.pdf", "财务收支预算总表", false, 2},
		{"guangzhou-petitions-2026-budget.pdf", "项目支出及其他支出预算表", false, 2},
		{"jiangsu-cppcc-2017-budget-tables.pdf", "收入预算总表", false, 2},
	}
	docs := map[string]*normalize.Document{}
	for _, tc := range cases {
		t.Run(tc.pdf+"/"+tc.title, func(t *testing.T) {
			doc, ok := docs[tc.pdf]
			if !ok {
				doc = runCorpus(t, tc.pdf)
				docs[tc.pdf] = doc
			}
			tb := tableTitled(t, doc, tc.title)
			checked, deepest := 0, 0
			for _, r := range tb.Rows {
				deepest = max(deepest, r.Level)
			}
			for _, side := range sidesOf(tb) {
				totals, sums, terms := leafSums(tb, side)
				for c, tot := range totals {
					checked++
					diff, err := tot.Sub(sums[c])
					if err != nil {
						t.Fatal(err)
					}
					ulp := money.Decimal{Coef: int64(terms[c]), Scale: tot.Scale}
					if !diff.IsZero() && !(tc.rounding && diff.Abs().Cmp(ulp) <= 0) {
						t.Errorf("table %d %q side %q column %d: %d leaves sum to %s, total prints %s", tb.Seq, tb.Title, side, c, terms[c], sums[c], tot)
					}
				}
			}
			if checked == 0 {
				t.Fatalf("table %d %q: no printed total to check", tb.Seq, tb.Title)
			}
			if deepest < tc.minLevel {
				t.Errorf("table %d: deepest level %d, want %d", tb.Seq, deepest, tc.minLevel)
			}
		})
	}
}

// TestMergedAmountsCountedOnce: Beijing's 绩效 table prints each project's 财政资金 and
// 其他资金 once, in merged cells beside its indicators (135 rows); the rows below the first
// are marked as its repeats, so the counted amounts of each project add up to the 项目总额
// it prints, and summing the column counts each project once.
func TestMergedAmountsCountedOnce(t *testing.T) {
	doc := runCorpus(t, "beijing-veterans-2026-budget-tables.pdf")
	tb := tableTitled(t, doc, "项目支出绩效目标表")
	col := func(name string) int {
		for i, c := range tb.Columns {
			if strings.Contains(strings.Join(c.Path, "/"), name) {
				return i
			}
		}
		t.Fatalf("table %d: no column %s", tb.Seq, name)
		return -1
	}
	total, fin, other := col("项目总额"), col("财政资金"), col("其他资金")
	projects, repeats := 0, 0
	var printed, counted money.Decimal
	prevKey := ""
	for _, r := range tb.Rows {
		if r.RepeatOf > 0 {
			repeats++
			if r.RepeatOf >= r.Seq {
				t.Errorf("row %d repeats row %d, which is not above it", r.Seq, r.RepeatOf)
			}
		}
		// A project is a run of rows printing the same name and 项目总额.
		if key := r.Name + "|" + r.Values[total].Raw; key != prevKey && r.Values[total].Raw != "" {
			prevKey = key
			projects++
			p, err := money.Parse(r.Values[total].Raw)
			if err != nil {
				t.Fatalf("row %d 项目总额 %q: %v", r.Seq, r.Values[total].Raw, err)
			}
			if printed, err = printed.Add(p); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []int{fin, other} {
			if v := r.Values[c]; v.Present && v.RepeatOf == 0 {
				var err error
				if counted, err = counted.Add(v.Amount); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if repeats == 0 || projects < 2 {
		t.Fatalf("%d projects, %d rows marked as repeats: want several of each", projects, repeats)
	}
	if counted.Cmp(printed) != 0 {
		t.Errorf("财政资金 + 其他资金 counted once per project: %s; Σ 项目总额 of the %d projects: %s", counted, projects, printed)
	}
}

func tableTitled(t *testing.T, doc *normalize.Document, part string) *normalize.Table {
	t.Helper()
	for _, x := range doc.Tables {
		if strings.Contains(x.Title, part) {
			return x
		}
	}
	t.Fatalf("no table titled …%s…", part)
	return nil
}

func sidesOf(t *normalize.Table) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range t.Rows {
		if !seen[r.Side] {
			seen[r.Side] = true
			out = append(out, r.Side)
		}
	}
	return out
}
