package tables

import "strings"

// Performance (绩效) tables come in two shapes:
//   - lists: one header row (`项目名称 | 绩效目标 | 一级指标 | 二级指标 | 指标值 …`) over one row
//     per project or indicator;
//   - forms (部门整体支出绩效目标表, 项目绩效目标表, 绩效自评表): key-value rows first (`项目名称 |
//     …`, `主管部门 | …`, 资金 rows, 年度目标 prose), then an indicator table under its own header
//     row (`一级指标 | 二级指标 | 三级指标 | 指标值`), often continued on the next pages with that
//     header repeated.
//
// A form read as one grid has no usable header: every key-value row above the indicators
// would become a header level (`项目名称/主管部门/项目资金（万元）/…`). So a grid holding an
// indicator header row below key-value rows is cut there into two tables of the same title:
// the form part without header (its rows are the key-value pairs, cells as printed), and the
// indicator part whose header is the indicator row. Continuation pages repeat the indicator
// header, so they join the indicator part. In any grid holding an indicator header row, that
// row ends the header (indicator rows often carry no amount, so the usual "first data row"
// test would read them as header).

// indicatorRow returns the first row at or after from whose cells name two indicator columns
// or more (`一级指标`, `指标名称`, `指标值`, `指标性质` …), or -1.
func (g *grid) indicatorRow(from int) int {
	for r := from; r < g.nrows(); r++ {
		n := 0
		for _, cl := range nonEmpty(g.rowCells(r)) {
			if isIndicatorLabel(compact(cl.text)) {
				n++
			}
		}
		if n >= 2 {
			return r
		}
	}
	return -1
}

// isIndicatorLabel reports whether a header cell names a column of an indicator table
// (`一级指标`, `指标名称`, `年度指标值`, `指标权重（%）`; `分值`/`得分` also head 资金 rows).
func isIndicatorLabel(s string) bool {
	return len([]rune(s)) <= 12 && strings.Contains(s, "指标")
}

// formAbove reports whether rows from..k-1 are key-value rows of a form rather than header
// rows over the indicator row: some content row ends above the row right over k (a header
// has at most one banner row there, the other cells run down to k) — unless the rows are a
// header of several levels: a stub cell of the top row runs down to the indicator row
// (`单位编码`, `单位名称` beside 年度预算申请 / 按收入性质分 / 资金总额 …, Changsha's
// 部门整体支出绩效目标表) and every cell ending higher is a banner over two columns or more.
// A form's first row is a key and its value, neither running down to the indicators.
func (g *grid) formAbove(from, k int) bool {
	ends := false
	for r := from; r < k; r++ {
		for _, cl := range nonEmpty(g.rowCells(r)) {
			if cl.r1 < k-1 {
				ends = true
			}
		}
	}
	return ends && !g.stackedHeader(from, k)
}

// stackedHeader reports rows from..k-1 as the upper levels of a header over row k (see
// formAbove).
func (g *grid) stackedHeader(from, k int) bool {
	stub := false
	for _, cl := range nonEmpty(g.rowCells(from)) {
		if cl.r0 == from && cl.r1 >= k-1 {
			stub = true
		}
	}
	if !stub {
		return false
	}
	for r := from; r < k; r++ {
		for _, cl := range nonEmpty(g.rowCells(r)) {
			if cl.r1 < k-1 && cl.c1 == cl.c0 {
				return false
			}
		}
	}
	return true
}

// splitForm cuts a performance form into its key-value part and its indicator part (see
// above); nil when the grid is not such a form.
func splitForm(r *region, g *grid) (top, bottom *region, gt, gb *grid) {
	meta, _, _ := g.headerSplit()
	k := g.indicatorRow(meta)
	if k <= meta || !g.formAbove(meta, k) {
		return nil, nil, nil, nil
	}
	y := g.ys[k]
	top, bottom = r.slice(r.y0, y), r.slice(y, r.y1)
	top.formTop, bottom.formPart = true, true
	gt, gb = buildGrid(top), buildGrid(bottom)
	// The form part may be a single column (`当年整体绩效目标` over its text): still its own
	// part, so the indicator header stays the header.
	if gt == nil || gb == nil || len(nonEmptyCells(gt)) == 0 || !tableLike(gb) {
		return nil, nil, nil, nil
	}
	gt.form = true
	return top, bottom, gt, gb
}

func nonEmptyCells(g *grid) []*gcell {
	return nonEmpty(g.cells)
}

// formAmountColumns: money inside a form is money. A form's funds block (`项目资金（万元）`:
// `年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分` over 年度资金总额 / 其中：财政拨款 /
// 上年结转 / 其他资金, 国家信访局 决算 绩效自评表) is read without a header, so a column's role
// comes from all its cells, and a column that also holds the form's other fields (`实施单位`,
// `实际完成情况` and its prose) was typed name or text with its amounts. A name or text
// column that prints an amount, a dash or nothing on every row where the form's amount
// columns print one, and numbers on two of them at least, is an amount column of that
// block; its other cells are the form's labels and remarks, read as text by normalize.
func formAmountColumns(rows []physRow, roles []Role) {
	var block []int
	for ri, r := range rows {
		for i, c := range r.cells {
			if i < len(roles) && roles[i] == RoleAmount && isNumericText(c.Text) {
				block = append(block, ri)
				break
			}
		}
	}
	if len(block) < 2 {
		return
	}
	for i, role := range roles {
		if role != RoleName && role != RoleText {
			continue
		}
		numbers, ok := 0, true
		for _, ri := range block {
			s := ""
			if i < len(rows[ri].cells) {
				s = strings.TrimSpace(rows[ri].cells[i].Text)
			}
			if s != "" && !isAmountLike(s) {
				ok = false
				break
			}
			if isNumericText(s) {
				numbers++
			}
		}
		if ok && numbers >= 2 {
			roles[i] = RoleAmount
		}
	}
}
