package normalize

import "github.com/budgetpdf/budgetpdf/money"

// regroupSingles is groupBySums' second scan for the line rows[k] when the first found no
// group under it: the groups of one line that this pass made (made[g] == 1) are counted as
// two lines, the group line and the line under it, both siblings of the others. It returns
// the lines of the group (the first best of them) when the line's key amount is their sum
// exactly; best 0 otherwise. Only exact sums: undoing a group on a rounding match would
// trade one guess for another.
//
// With pairs, a chain of single-line groups (lines of one amount, each holding the next) is
// read as pairs instead: the lines at an even depth in the chain are siblings, each holding
// the line under it. wild_50 表14 (专项业务经费支出表) prints, all at 200,000.00, 购买服务 /
// 会计、审计、财务及资产管理服务 / 维修改造 / 集中办公用房维修改造, two categories each with
// one project: the bottom-up scan nests all four, and 通用项目 6,850,000.00 is the sum of
// its categories only when the chain is read as two pairs.
func regroupSingles(t *Table, rows []int, k, key int, up, inside []int, made map[int]int, part map[int]bool, pairs bool) ([]int, int) {
	i := rows[k]
	a := t.Rows[i].Values[key]
	pi := up[i]
	stamp := -(k + 1) // distinct from the first scan's stamps
	if pairs {
		stamp -= len(rows) // and from the other second scan's
	}
	depth := map[int]int{} // a line's depth in a chain of single-line groups (top: 0)
	var group []int
	var sum money.Decimal
	singles := false
	for _, m := range rows[k+1:] {
		pm := up[m]
		switch {
		case pm >= 0 && pm != pi && inside[pm] == stamp && made[pm] == 1:
			depth[m] = depth[pm] + 1
			if pairs && depth[m]%2 == 1 {
				inside[m] = stamp // the line its pair holds
				continue
			}
			singles = true // the one line under a single-line group: a sibling here
		case pm >= 0 && inside[pm] == stamp:
			inside[m] = stamp
			continue
		case pm != pi:
			return nil, 0
		case part[m]:
			continue // a 其中 line is no addend
		case t.Rows[m].Kind != RowItem:
			return nil, 0
		}
		if v := &t.Rows[m].Values[key]; v.Present {
			s, err := sum.Add(v.Amount)
			if err != nil {
				return nil, 0
			}
			sum = s
		}
		group = append(group, m)
		inside[m] = stamp
		if d, err := a.Amount.Sub(sum); err == nil && d.IsZero() {
			if !singles {
				return nil, 0 // the first scan would have found it: not this case
			}
			return group, len(group)
		}
	}
	return nil, 0
}

// projectUnder reports whether line m, at the top of the tree (pm < 0), may be a part of
// the coded line i above it although they are no siblings: m prints no code and no name,
// only a label in a text column (a project: 序号 | 项目名称), and i is a subject with a
// code. wild_01 表10 (财政拨款项目支出预算表) lists 201 / 20113 / 2011302 一般行政管理事务
// 270,000 and under it `1 | 钻石宝玉石产业发展专项 | 270,000`: the project is the 项's
// breakdown, not a second top-level line beside 201 (the leaves summed to 2 × 合计).
// groupBySums still takes it only when the sums say so.
func projectUnder(t *Table, i, m, pm int) bool {
	r, p := t.Rows[m], t.Rows[i]
	return pm < 0 && r.Kind == RowItem && r.Code == "" && r.Name == "" && r.LabelPath != "" &&
		p.Code != "" && p.Kind == RowItem
}
