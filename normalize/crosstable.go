package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// crossTableIdentities: the same quantity printed by two tables (DOMAIN.md): totals of the
// summary, income and expenditure tables; each subject's total in the income and the
// expenditure table; the 一般公共预算 figures of the fiscal summary, the GPB expenditure and
// the basic-expenditure tables; project expenditure by subject.
func (n *normalizer) crossTableIdentities() []*identity {
	var ids []*identity
	find := func(k tables.Kind) int {
		for i, t := range n.doc.Tables {
			if t.Kind == k && !t.Empty && len(t.Rows) > 0 {
				return i
			}
		}
		return -1
	}
	sum, inc, exp := find(tables.KindSummary), find(tables.KindIncome), find(tables.KindExpenditure)
	fis, gpb, basic, proj := find(tables.KindFiscalSummary), n.pickTable(tables.KindGPBExpenditure, "一般公共预算"), n.basicTable(), find(tables.KindGPBProject)
	fund, capital := find(tables.KindGovFund), find(tables.KindStateCapital)
	add := func(rid, desc string, a cellKey, b cellKey, fam string) {
		if a.col < 0 || b.col < 0 || a.row < 0 || b.row < 0 {
			return
		}
		ids = append(ids, &identity{rule: rules.CrossTable, ruleID: rid, family: fam, left: []cellKey{a}, right: []cellKey{b}, desc: desc})
	}
	// Totals. Final accounts print 本年收入合计 / 本年支出合计 above the carry-overs; the
	// income and expenditure tables total this year's flows only.
	if sum >= 0 {
		inSide, outSide := n.sides(sum)
		it, ot := n.totalCell(sum, inSide, "合计", "预算数", "决算数", "金额"), n.totalCell(sum, outSide, "合计", "预算数", "决算数", "金额")
		add("cross.summary_balance", fmt.Sprintf("table %d 支出总计 = 收入总计", n.doc.Tables[sum].Seq), ot, it, "")
		// Budget income tables carry the carry-over (上年结转) as a column and total to
		// 收入总计; final-account income tables total this year's income only.
		if r := n.rowNamed(sum, inSide, "本年收入合计"); r >= 0 && (inc < 0 || n.colContaining(inc, "", "结转", "结余") < 0) {
			it.row = r
		}
		if r := n.rowNamed(sum, outSide, "本年支出合计"); r >= 0 {
			ot.row = r
		}
		if inc >= 0 {
			add("cross.income_total", fmt.Sprintf("table %d 合计 = table %d 收入总计", n.doc.Tables[inc].Seq, n.doc.Tables[sum].Seq), n.totalCell(inc, "", "总计", "合计"), it, "")
			// Each funding source the summary lists as one income line is the income
			// table's column of that source (Xi'an 部门综合预算: (1)一般公共预算拨款 =
			// 收入总表 合计 一般公共预算拨款/小计).
			if tr := n.totalRow(inc, ""); tr >= 0 {
				for _, src := range vocab.FundingSources {
					sr, ic := n.sourceRow(sum, inSide, src), n.sourceColumn(inc, src)
					if sr >= 0 && ic >= 0 {
						add("cross.summary_income_by_source", fmt.Sprintf("table %d 合计 %s = table %d %s", n.doc.Tables[inc].Seq, src, n.doc.Tables[sum].Seq, n.doc.Tables[sum].Rows[sr].Name),
							cellKey{inc, tr, ic}, cellKey{sum, sr, it.col}, "")
					}
				}
			}
		}
		if exp >= 0 {
			add("cross.expenditure_total", fmt.Sprintf("table %d 合计 = table %d 支出总计", n.doc.Tables[exp].Seq, n.doc.Tables[sum].Seq), n.totalCell(exp, "", "合计", "总计"), ot, "")
			n.byClass(&ids, "cross.summary_by_class", exp, "合计", sum, outSide, "合计", "预算数", "金额")
		}
	}
	if inc >= 0 && exp >= 0 {
		a, b := n.doc.Tables[inc], n.doc.Tables[exp]
		ci, ce := n.colNamed(inc, "", "总计", "合计"), n.colNamed(exp, "", "合计", "总计")
		fam := fmt.Sprintf("cross_table table %d/%d by subject", b.Seq, a.Seq)
		incRows := n.codeRows(inc, "") // once, not once per code
		for code, re := range inKeyOrder(n.codeRows(exp, "")) {
			if ri, ok := incRows[code]; ok {
				add("cross.income_expenditure_by_subject", fmt.Sprintf("table %d %q 合计 = table %d 总计", b.Seq, code+" "+b.Rows[re].Name, a.Seq), cellKey{exp, re, ce}, cellKey{inc, ri, ci}, fam)
			}
		}
	}
	if fis >= 0 {
		inSide, outSide := n.sides(fis)
		add("cross.fiscal_balance", fmt.Sprintf("table %d 支出总计 = 收入总计", n.doc.Tables[fis].Seq), n.totalCell(fis, outSide, "合计", "预算数", "决算数", "金额"), n.totalCell(fis, inSide, "合计", "预算数", "决算数", "金额"), "")
		for _, pair := range []struct {
			ti   int
			name string
		}{{gpb, vocab.FundingSources[0]}, {fund, vocab.FundingSources[1]}, {capital, vocab.FundingSources[2]}} {
			if pair.ti < 0 {
				continue
			}
			fc := n.colContaining(fis, outSide, pair.name)
			if fc < 0 {
				continue
			}
			tr := n.totalRow(fis, outSide)
			if r := n.rowNamed(fis, outSide, "本年支出合计"); r >= 0 {
				tr = r
			}
			if tr >= 0 {
				add("cross.fiscal_source_total", fmt.Sprintf("table %d 合计 = table %d 支出总计 %s", n.doc.Tables[pair.ti].Seq, n.doc.Tables[fis].Seq, pair.name), n.totalCell(pair.ti, "", "合计", "总计"), cellKey{fis, tr, fc}, "")
			}
			n.byClass(&ids, "cross.fiscal_by_class", pair.ti, "合计", fis, outSide, pair.name)
		}
	}
	if inc >= 0 {
		// The income table splits each subject by source; the GPB, fund and capital
		// expenditure tables print the same subject's share of one source.
		for _, pair := range []struct {
			ti   int
			name string
		}{{gpb, vocab.FundingSources[0]}, {fund, vocab.FundingSources[1]}, {capital, vocab.FundingSources[2]}} {
			if pair.ti < 0 {
				continue
			}
			var srcCols []int
			t := n.doc.Tables[inc]
			for _, c := range amountColumns(t, "") {
				p := catalog.NameKey(strings.Join(t.Columns[c].Path, "/"))
				if strings.Contains(p, pair.name) && !strings.Contains(p, "结转") && !strings.Contains(p, "结余") {
					srcCols = append(srcCols, c)
				}
			}
			dc := n.colNamed(pair.ti, "", "合计", "总计")
			if len(srcCols) == 0 || dc < 0 {
				continue
			}
			d := n.doc.Tables[pair.ti]
			fam := fmt.Sprintf("cross_table table %d/%d %s by subject", d.Seq, t.Seq, pair.name)
			incRows := n.codeRows(inc, "")
			for code, dr := range inKeyOrder(n.codeRows(pair.ti, "")) {
				ir, ok := incRows[code]
				if !ok {
					continue
				}
				id := &identity{rule: rules.CrossTable, ruleID: "cross.income_source_by_subject", family: fam, left: []cellKey{{pair.ti, dr, dc}},
					desc: fmt.Sprintf("table %d %q 合计 = table %d %s", d.Seq, code+" "+d.Rows[dr].Name, t.Seq, pair.name)}
				for _, c := range srcCols {
					id.right = append(id.right, cellKey{inc, ir, c})
				}
				ids = append(ids, id)
			}
		}
	}
	if gpb >= 0 && basic >= 0 {
		gc := n.colNamed(gpb, "", "基本支出")
		if tr := n.totalRow(gpb, ""); tr >= 0 && gc >= 0 {
			if parts := n.sideTotals(basic); len(parts) > 1 {
				// 决算 basic tables total each half (人员经费合计, 公用经费合计).
				ids = append(ids, &identity{rule: rules.CrossTable, ruleID: "cross.gpb_basic_total", left: []cellKey{{gpb, tr, gc}}, right: parts,
					desc: fmt.Sprintf("table %d 合计 基本支出 = table %d 人员经费合计 + 公用经费合计", n.doc.Tables[gpb].Seq, n.doc.Tables[basic].Seq)})
			} else if bc, br := n.colNamed(basic, "", "基本支出"), n.totalRow(basic, ""); bc >= 0 && br >= 0 {
				// An economic table of all 一般公共预算 spending (支出总计 | 基本支出 | 项目支出,
				// Shenzhen 表8): its 基本支出 column is the basic part, not its total.
				add("cross.gpb_basic_total", fmt.Sprintf("table %d 合计 基本支出 = table %d 合计 基本支出", n.doc.Tables[basic].Seq, n.doc.Tables[gpb].Seq), cellKey{basic, br, bc}, cellKey{gpb, tr, gc}, "")
			} else {
				add("cross.gpb_basic_total", fmt.Sprintf("table %d 合计 = table %d 合计 基本支出", n.doc.Tables[basic].Seq, n.doc.Tables[gpb].Seq), n.totalCell(basic, "", "合计", "总计"), cellKey{gpb, tr, gc}, "")
			}
		}
	}
	if gpb >= 0 {
		// An economic table of all 一般公共预算 spending (Fujian's 一般公共预算支出经济分类情况表,
		// Xi'an's 支出明细表（按经济分类科目）) totals to the GPB table's 合计, not to its 基本支出.
		for _, ti := range n.allSpendingEconomic(basic) {
			t := n.doc.Tables[ti]
			add("cross.gpb_economic_all", fmt.Sprintf("table %d 合计 = table %d 合计 (an economic table of all 一般公共预算 spending: %s)", t.Seq, n.doc.Tables[gpb].Seq, t.Title),
				n.totalCell(ti, "", "合计", "总计", "预算数", "金额"), n.totalCell(gpb, "", "合计", "总计", "小计"), "")
		}
	}
	if gpb >= 0 && proj >= 0 {
		gc := n.colNamed(gpb, "", "项目支出")
		pc := n.colNamed(proj, "", "合计", "项目支出合计", "总计")
		if gc >= 0 && pc >= 0 {
			fam := fmt.Sprintf("cross_table table %d/%d by subject", n.doc.Tables[proj].Seq, n.doc.Tables[gpb].Seq)
			gr := n.codeRows(gpb, "")
			for code, pr := range inKeyOrder(n.codeRows(proj, "")) {
				if r, ok := gr[code]; ok {
					add("cross.project_by_subject", fmt.Sprintf("table %d %q = table %d 项目支出", n.doc.Tables[proj].Seq, code, n.doc.Tables[gpb].Seq), cellKey{proj, pr, pc}, cellKey{gpb, r, gc}, fam)
				}
			}
		}
	}
	return ids
}

// sideTotals returns, for a table whose sides each end in their own total line (人员经费合计 |
// 公用经费合计), those lines' amount cells; nil otherwise.
func (n *normalizer) sideTotals(ti int) []cellKey {
	t := n.doc.Tables[ti]
	sides := tableSides(t)
	if len(sides) < 2 {
		return nil
	}
	var out []cellKey
	for _, side := range sides {
		row := -1
		for i, r := range t.Rows {
			if r.Side == side && r.Code == "" && isTotalLike(r.NameKey) {
				row = i
			}
		}
		cols := amountColumns(t, side)
		if row < 0 || len(cols) != 1 {
			return nil
		}
		out = append(out, cellKey{ti, row, cols[0]})
	}
	return out
}

// byClass adds, for each 类 row of a detail table, detail 类 total = the summary's 类 line.
func (n *normalizer) byClass(ids *[]*identity, rid string, detail int, detailCol string, summary int, side string, sumCols ...string) {
	dc := n.colNamed(detail, "", detailCol, "总计")
	sc := n.colContaining(summary, side, sumCols...)
	if dc < 0 || sc < 0 {
		return
	}
	classes := map[string]int{}
	for i, r := range n.doc.Tables[summary].Rows {
		if r.Side != side || r.Kind == RowTotal {
			continue
		}
		code := r.Code
		if code == "" && r.MappingConfidence >= n.opts.MappingThreshold {
			code = r.MappedCode
		}
		if len(code) == 3 {
			classes[code] = i
		}
	}
	fam := fmt.Sprintf("cross_table table %d/%d by class", n.doc.Tables[detail].Seq, n.doc.Tables[summary].Seq)
	printed := false
	for code, ri := range inKeyOrder(n.codeRows(detail, "")) {
		if len(code) != 3 {
			continue
		}
		printed = true
		if si, ok := classes[code]; ok {
			*ids = append(*ids, &identity{rule: rules.CrossTable, ruleID: rid, family: fam, left: []cellKey{{detail, ri, dc}}, right: []cellKey{{summary, si, sc}},
				desc: fmt.Sprintf("table %d %s %s = table %d %s", n.doc.Tables[detail].Seq, code, n.doc.Tables[detail].Rows[ri].Name, n.doc.Tables[summary].Seq, strings.Join(n.doc.Tables[summary].Columns[sc].Path, "/"))})
		}
	}
	if printed || !n.flatCrossClassified(detail) {
		return
	}
	// A cross-classified detail table prints only leaf combinations: a class is the sum of
	// its rows.
	rows := map[string][]cellKey{}
	for i, r := range n.doc.Tables[detail].Rows {
		if len(r.Code) == 7 && r.CodeScheme == SchemeFunctional {
			rows[r.Code[:3]] = append(rows[r.Code[:3]], cellKey{detail, i, dc})
		}
	}
	for code, si := range inKeyOrder(classes) {
		if len(rows[code]) == 0 {
			continue
		}
		*ids = append(*ids, &identity{rule: rules.CrossTable, ruleID: "cross.summary_class_rows", family: fam, left: []cellKey{{summary, si, sc}}, right: rows[code],
			desc: fmt.Sprintf("table %d %s %s = Σ the %d rows of table %d under %s", n.doc.Tables[summary].Seq, code, n.doc.Tables[summary].Rows[si].Name, len(rows[code]), n.doc.Tables[detail].Seq, code)})
	}
}

// sourceRow is the one line of a summary side naming funding source src (not a `其中` line,
// not a carry-over), or -1.
func (n *normalizer) sourceRow(ti int, side, src string) int {
	found := -1
	for i, r := range n.doc.Tables[ti].Rows {
		if r.Side != side || r.Kind == RowTotal || !strings.Contains(r.NameKey, src) ||
			strings.HasPrefix(r.NameKey, "其中") || strings.Contains(r.NameKey, "结转") || strings.Contains(r.NameKey, "结余") {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

// sourceColumn is the income table's amount column of funding source src: the only one
// naming it, else its 小计/合计 among several (一般公共预算拨款/小计 beside 其中：…), carry-overs
// left out; -1 if none or unclear.
func (n *normalizer) sourceColumn(ti int, src string) int {
	t := n.doc.Tables[ti]
	var cols []int
	for _, c := range amountColumns(t, "") {
		p := catalog.NameKey(strings.Join(t.Columns[c].Path, "/"))
		if strings.Contains(p, src) && !strings.Contains(p, "结转") && !strings.Contains(p, "结余") {
			cols = append(cols, c)
		}
	}
	if len(cols) == 1 {
		return cols[0]
	}
	found := -1
	for _, c := range cols {
		if p := t.Columns[c].Path; len(p) > 1 && isTotalCol(p[len(p)-1]) {
			if found >= 0 {
				return -1
			}
			found = c
		}
	}
	return found
}
