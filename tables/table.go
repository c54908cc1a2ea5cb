package tables

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
)

// tableParts is one logical table: its parts on consecutive pages.
type tableParts struct {
	parts []*pageTable
}

func (tp *tableParts) first() *pageTable { return tp.parts[0] }
func (tp *tableParts) last() *pageTable  { return tp.parts[len(tp.parts)-1] }

// headerPart is the first part that prints a header (its paths define the columns).
func (tp *tableParts) headerPart() *pageTable {
	for _, p := range tp.parts {
		if len(p.paths) > 0 {
			return p
		}
	}
	return tp.parts[0]
}

// colMap maps the columns of part p onto the columns of the header part h: by position when
// both have as many columns, else by horizontal overlap relative to each table's width.
func colMap(h, p *pageTable) []int {
	m := make([]int, len(p.cols))
	if len(p.cols) == len(h.cols) {
		for i := range m {
			m[i] = i
		}
		return m
	}
	hx0, hx1 := h.g.xs[0], h.g.xs[len(h.g.xs)-1]
	px0, px1 := p.g.xs[0], p.g.xs[len(p.g.xs)-1]
	for i, c := range p.cols {
		a := (p.g.xs[c] - px0) / (px1 - px0)
		b := (p.g.xs[c+1] - px0) / (px1 - px0)
		best, bestOv := -1, 0.0
		for j, hc := range h.cols {
			ha := (h.g.xs[hc] - hx0) / (hx1 - hx0)
			hb := (h.g.xs[hc+1] - hx0) / (hx1 - hx0)
			if ov := math.Min(b, hb) - math.Max(a, ha); ov > bestOv {
				best, bestOv = j, ov
			}
		}
		m[i] = best
	}
	return m
}

// voteHeaderPaths takes, for each column of an OCR table whose header is repeated on its
// continuation pages, the path most of the pages read (each page's reading is independent:
// `国有资本经营预算` four times against `国有资本经营` three times, `科目编码/类` where one
// page lost the `类`); a tie keeps the header part's reading.
func voteHeaderPaths(tp *tableParts, h *pageTable, paths [][]string) {
	var readings []*pageTable
	for _, p := range tp.parts {
		if len(p.paths) == len(paths) && len(p.cols) == len(h.cols) {
			readings = append(readings, p)
		}
	}
	if len(readings) < 3 {
		return // two readings that differ: no majority
	}
	for i := range paths {
		count := map[string]int{}
		var order []string
		byKey := map[string][]string{}
		for _, p := range readings {
			k := strings.Join(p.paths[i], "/")
			if count[k] == 0 {
				order = append(order, k)
				byKey[k] = p.paths[i]
			}
			count[k]++
		}
		best := strings.Join(paths[i], "/")
		for _, k := range order {
			if count[k] > count[best] {
				best = k
			}
		}
		paths[i] = append([]string(nil), byKey[best]...)
	}
}

// build turns the parts into the model Table.
func (tp *tableParts) build(seq int) *Table {
	h := tp.headerPart()
	f := tp.first()
	t := &Table{Seq: seq, Grid: f.reg.grid}
	// Meta: the first part's, completed by later parts (a unit printed only once).
	for _, p := range tp.parts {
		m := p.meta
		if t.Title == "" {
			t.Title = m.title
		}
		if t.Number == "" {
			t.Number = m.number
		}
		if t.Issuer == "" {
			t.Issuer = m.issuer
		}
		if t.Unit == "" {
			t.Unit = m.unit
		}
		t.Notes = append(t.Notes, m.notes...)
		if len(t.Pages) == 0 || t.Pages[len(t.Pages)-1] != p.page {
			t.Pages = append(t.Pages, p.page)
		}
		t.Regions = append(t.Regions, Region{Page: p.page, Box: p.srcBox})
		if p.ocr {
			t.Grid = "ocr"
		}
	}
	n := len(h.cols)
	t.HeaderRows = h.headerRows
	paths := make([][]string, n)
	for i := range n {
		if i < len(h.paths) {
			paths[i] = append([]string(nil), h.paths[i]...)
		}
	}
	if h.ocr {
		voteHeaderPaths(tp, h, paths)
	}
	// Gather every body row onto the header part's columns.
	var rows []physRow
	for pi, p := range tp.parts {
		m := colMap(h, p)
		for ri, r := range p.rows {
			out := physRow{page: r.page, cells: make([]Cell, n), spans: make([]int, n), pageTop: pi > 0 && ri == 0}
			for i, c := range r.cells {
				j := m[i]
				if j < 0 || c.Text == "" {
					continue
				}
				if out.cells[j].Text != "" { // two printed columns fell on one: keep both
					out.cells[j].Text += c.Text
					out.cells[j].Fragments = append(out.cells[j].Fragments, c.Fragments...)
					continue
				}
				out.cells[j] = c
				out.spans[j] = r.spans[i]
			}
			rows = append(rows, out)
		}
	}
	roles := assignRoles(paths, rows, f.reg.set, f.ocr || h.ocr)
	if f.g.form {
		formAmountColumns(rows, roles)
	}
	rows = joinPageSplitCells(rows, roles, len(sideGroups(roles)) >= 2)
	// Spanning body text belongs in the name column it covers (`合计` over 类/款/项/名称);
	// a form's cells stay where they are printed.
	for _, r := range rows {
		if f.g.form {
			break
		}
		for i := range r.cells {
			if r.spans[i] == 0 || roles[i] == RoleName || roles[i] == RoleCodeName {
				continue
			}
			for j := i + 1; j <= i+r.spans[i] && j < n; j++ {
				if (roles[j] == RoleName || roles[j] == RoleCodeName) && r.cells[j].Text == "" && !isNumericText(r.cells[i].Text) {
					r.cells[j], r.cells[i] = r.cells[i], Cell{}
					break
				}
			}
		}
	}
	// Only summary-type tables print two halves side by side; a known other kind whose
	// columns happen to alternate (names between amount columns) stays one table.
	titleKind := kindOfTitle(t.Title)
	if t.Grid == "ocr" {
		titleKind = kindOfTitle(restoreKeywords(compact(t.Title)))
	}
	var groups [][2]int
	switch titleKind {
	case "", KindSummary, KindFiscalSummary, KindGPBBasic, KindOther:
		groups = sideGroups(roles)
	}
	sides := make([]string, n)
	var plan *sidePlan
	if len(groups) >= 2 {
		plan = planSides(h, groups, roles, paths, rows)
		for gi, g := range groups {
			for i := g[0]; i <= g[1]; i++ {
				sides[i] = plan.labels[gi]
			}
		}
		for _, i := range plan.shared {
			sides[i] = ""
		}
	}
	dropBanners(h, groups, roles, paths)
	for i := range n {
		col := Column{Path: paths[i], Role: roles[i], Side: sides[i]}
		if col.Path == nil {
			col.Path = []string{}
		}
		c := h.cols[i]
		col.X0, col.X1 = h.g.xs[c], h.g.xs[c+1]
		t.Columns = append(t.Columns, col)
	}
	// Rows, side by side tables split into their halves (all of the left half first).
	if plan != nil {
		t.Rows = plan.split(rows, roles)
		t.Columns, t.Rows = plan.fold(t.Columns, t.Rows)
	} else {
		for _, r := range rows {
			t.Rows = append(t.Rows, Row{Page: r.page, Cells: r.cells})
		}
	}
	// Empty tables: nothing under the header, or only an `本表为空表` mark.
	t.Rows = dropEmptyMarkRows(t, t.Rows)
	if len(t.Rows) == 0 || onlyNamesNoAmounts(t) && hasEmptyNote(t) {
		t.Empty = true
	}
	for _, p := range tp.parts {
		if p.emptyMark != "" {
			t.Empty = len(t.Rows) == 0
			t.Notes = append(t.Notes, compact(p.emptyMark))
		}
	}
	if t.Rows == nil {
		t.Rows = []Row{}
	}
	t.Kind = titleKind
	if t.Kind == "" {
		t.Kind = kindOfHeader(paths, len(groups) >= 2)
	}
	if t.Kind == KindOther && t.Title == "" && isUnitList(t) {
		t.Kind = KindUnits
	}
	return t
}

// dropEmptyMarkRows removes a row whose only text is an empty mark (`无`, `本表为空表`).
func dropEmptyMarkRows(t *Table, rows []Row) []Row {
	out := rows[:0]
	for _, r := range rows {
		var texts []string
		for _, c := range r.Cells {
			if c.Text != "" {
				texts = append(texts, c.Text)
			}
		}
		if len(texts) == 1 && isEmptyMark(texts[0]) && len([]rune(texts[0])) > 1 {
			t.Notes = append(t.Notes, compact(texts[0]))
			continue
		}
		out = append(out, r)
	}
	return out
}

func onlyNamesNoAmounts(t *Table) bool {
	for _, r := range t.Rows {
		for i, c := range r.Cells {
			if t.Columns[i].Role == RoleAmount && c.Text != "" {
				return false
			}
		}
	}
	return true
}

func hasEmptyNote(t *Table) bool {
	for _, n := range t.Notes {
		if strings.Contains(n, "空表") || strings.Contains(n, "无数据") {
			return true
		}
	}
	return false
}

// assignRoles gives each column its role from the header leaf and, where the header says
// nothing decisive, from what the body holds.
func assignRoles(paths [][]string, rows []physRow, set *Settings, ocr bool) []Role {
	n := len(paths)
	roles := make([]Role, n)
	// Codes are printed left of the names; integer amounts (万元 tables) look like codes
	// and are told apart by sitting right of them.
	nameIdx := -1 // no name column: nothing is a code column by its contents alone
	names := make([]bool, n)
	for i := range n {
		han, total := 0, 0
		for _, r := range rows {
			if t := strings.TrimSpace(r.cells[i].Text); t != "" {
				total++
				if hasHan(t) {
					han++
				}
			}
		}
		names[i] = total > 0 && han*2 > total
		if names[i] && nameIdx < 0 {
			nameIdx = i
		}
	}
	nameIdx = max(nameIdx, 0)
	for i := range n {
		leaf := ""
		if len(paths[i]) > 0 {
			leaf = paths[i][len(paths[i])-1]
		}
		var body []string
		for _, r := range rows {
			if t := strings.TrimSpace(r.cells[i].Text); t != "" {
				if ocr && misreadNumber(t) {
					// A number OCR broke (`131.49.60`) still tells an amount column; its
					// value is normalize's concern, the column's role is ours.
					t = "0.00"
				}
				body = append(body, t)
			}
		}
		// A later group's code column (`科目代码 | 科目名称 | 决算数` printed twice side by
		// side) is right of the first names; its codes still read as a subject hierarchy
		// just left of its own names, which integer amounts do not.
		leftOfNames := i < nameIdx || i+1 < n && names[i+1] && subjectCodes(body, set.ColumnRoleShare)
		roles[i] = roleOf(leaf, strings.Join(paths[i], "/"), body, leftOfNames, set)
	}
	// The first text column of each run of non-amount columns is the name column when no
	// header named one.
	for i := range n {
		if roles[i] != RoleText {
			continue
		}
		start := i
		for start > 0 && roles[start-1] != RoleAmount {
			start--
		}
		hasName := false
		for j := start; j < n && (j == start || roles[j] != RoleAmount); j++ {
			if roles[j] == RoleName || roles[j] == RoleCodeName {
				hasName = true
			}
		}
		if !hasName && !isRemarks(paths[i]) {
			roles[i] = RoleName
		}
	}
	// A code column beside 款/项 columns is the missing one of 类 | 款 | 项 (OCR drops a lone
	// `类` under a seal or a rule).
	for i := range n {
		if roles[i] != RoleCode {
			continue
		}
		switch {
		case i+1 < n && roles[i+1] == RoleKuan:
			roles[i] = RoleLei
		case i > 0 && i+1 < n && roles[i-1] == RoleLei && roles[i+1] == RoleXiang:
			roles[i] = RoleKuan
		case i > 0 && roles[i-1] == RoleKuan:
			roles[i] = RoleXiang
		}
	}
	// One name column per run of item columns: under one header cell spanning two name
	// columns (`项目名称` over 一般公共预算资金 | 小计) the left one groups the right one's items;
	// under different headers (`科目名称 | 项目名称`) the first names the row's subject and the
	// others are attributes, except a unit column before them (`单位名称 | 项目名称`,
	// Hangzhou's 项目支出 tables): the unit is the rows' context, as 预算单位 is in by-unit
	// tables, and the item column names the rows (a unit's own line, printing no item, is
	// named after its unit by normalize).
	for i := 1; i < n; i++ {
		if roles[i] != RoleName {
			continue
		}
		for j := i - 1; j >= 0 && roles[j] != RoleAmount; j-- {
			if roles[j] != RoleName {
				continue
			}
			if IsUnitColumn(paths[j]) && !IsUnitColumn(paths[i]) {
				roles[j] = RoleText
			} else if j == i-1 && strings.Join(paths[j], "/") == strings.Join(paths[i], "/") && len(paths[i]) > 0 {
				roles[j] = RoleText
			} else {
				roles[i] = RoleText
			}
			break
		}
	}
	unitAsContext(paths, rows, roles)
	return roles
}

// misreadNumber reports OCR text made of nothing but digits and number marks, with more
// digits than a column number has (`131.49.60`, `2,469,85429`) but no valid number.
func misreadNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits >= 3 && !isAmountLike(s)
}

// subjectCodes reports whether a column's codes, in print order, read as subject codes:
// 类, 款 and 项 lengths (3, 5, 7 digits), ascending as text (the catalogue's order), with
// at least one code under another (30701 under 307). On scans a misread code (510 for
// 310) breaks a pair or two, so share of the codes and of the steps must hold, not all.
func subjectCodes(body []string, share float64) bool {
	var codes []string
	sized := 0
	for _, b := range body {
		c := compact(b)
		if !codeRe.MatchString(c) || strings.ContainsAny(c, ".,[]") {
			continue
		}
		if l := len(c); l == 3 || l == 5 || l == 7 {
			sized++
		}
		codes = append(codes, c)
	}
	if len(codes) < 2 || float64(sized) < share*float64(len(codes)) {
		return false
	}
	up, nested := 0, false
	for i := 1; i < len(codes); i++ {
		if codes[i] > codes[i-1] {
			up++
		}
		for j := i - 1; j >= 0 && !nested; j-- {
			nested = len(codes[j]) < len(codes[i]) && strings.HasPrefix(codes[i], codes[j])
		}
	}
	return nested && float64(up) >= share*float64(len(codes)-1)
}

// IsUnitColumn reports a column naming the budget unit a row belongs to (`预算单位`, `单位名称`,
// `预算单位名称`, `单位`), as opposed to a unit code (单位编码) or a unit of measure (计量单位).
func IsUnitColumn(path []string) bool {
	p := compact(strings.Join(path, ""))
	if p == "" || strings.Contains(p, "编码") || strings.Contains(p, "代码") || strings.Contains(p, "计量") || strings.Contains(p, "度量") {
		return false
	}
	return p == "单位" || strings.HasSuffix(p, "预算单位") || strings.HasSuffix(p, "单位名称") || strings.HasSuffix(p, "预算单位名称")
}

// unitAsContext: a unit column chosen as the row label whose one value applies to every row
// (Shenzhen 表9 三公: 预算单位 printed once beside 2025年 / 2026年 / 增减变化金额) does not tell
// the rows apart: it is context, and the item column beside it that does (年度) names the
// rows.
func unitAsContext(paths [][]string, rows []physRow, roles []Role) {
	if len(rows) < 2 {
		return
	}
	distinct := func(i int) int {
		seen := map[string]bool{}
		for _, r := range rows {
			if t := compact(r.cells[i].Text); t != "" {
				seen[t] = true
			}
		}
		return len(seen)
	}
	for i := range roles {
		if roles[i] == RoleName && distinct(i) == 1 && !IsUnitColumn(paths[i]) {
			// A block label printed once beside an indicator table (`绩效目标指标` down the
			// left of 一级指标 | 二级指标 | 三级指标 | 目标值, Quanzhou 项目绩效目标表) is context:
			// the finest indicator level names each row.
			if j := finestLevel(paths, roles, i); j >= 0 && distinct(j) >= 2 {
				roles[i], roles[j] = RoleText, RoleName
			}
			continue
		}
		if roles[i] != RoleName || !IsUnitColumn(paths[i]) || distinct(i) != 1 {
			continue
		}
		for j := i + 1; j < len(roles) && roles[j] != RoleAmount; j++ {
			if roles[j] == RoleText && !isRemarks(paths[j]) && !IsUnitColumn(paths[j]) && distinct(j) >= 2 {
				roles[i], roles[j] = RoleText, RoleName
				break
			}
		}
	}
}

// finestLevel returns the last text column after column i, before the amounts, headed as an
// indicator level (`一级指标` … `三级指标`, `指标名称`, `指标内容`), or -1.
func finestLevel(paths [][]string, roles []Role, i int) int {
	found := -1
	for j := i + 1; j < len(roles) && roles[j] != RoleAmount; j++ {
		if roles[j] == RoleText && indicatorLevelRe.MatchString(compact(leaf(paths[j]))) {
			found = j
		}
	}
	return found
}

// indicatorLevelRe matches the header of an indicator level column (`三级指标`, `指标名称`,
// `指标内容`), not its value, weight or direction.
var indicatorLevelRe = regexp.MustCompile(`^([一二三四五]级指标(名称)?|指标名称|指标内容|指标)$`)

// isRemarks reports whether a column is headed 备注/说明: text, never the item name.
func isRemarks(path []string) bool {
	if len(path) == 0 {
		return false
	}
	leaf := path[len(path)-1]
	return leaf == "备注" || leaf == "说明"
}

// amountHeader reports a header naming an amount (总额, 金额, 资金), which is never a name.
func amountHeader(leaf string) bool {
	return strings.HasSuffix(leaf, "额") || strings.HasSuffix(leaf, "资金")
}

func roleOf(leaf, path string, body []string, leftOfNames bool, set *Settings) Role {
	switch leaf {
	case "类":
		return RoleLei
	case "款":
		return RoleKuan
	case "项":
		return RoleXiang
	}
	if strings.Contains(leaf, "行次") || strings.Contains(leaf, "栏次") || leaf == "序号" {
		return RoleLine
	}
	// 项目 + two characters names a kind of project (项目类别, 项目单位), but not an amount
	// (项目总额, 项目金额, 项目资金: issue 14, a money column typed text).
	nameish := leaf == "项目" || leaf == "科目" || strings.HasSuffix(leaf, "名称") || strings.HasSuffix(leaf, "科目") ||
		leaf == "项目名称" || strings.HasPrefix(leaf, "项目") && len([]rune(leaf)) <= 4 && !strings.Contains(leaf, "支出") && !amountHeader(leaf)
	codeish := strings.Contains(leaf, "编码") || strings.Contains(leaf, "代码") || leaf == "科目编号"
	if len(body) > 0 {
		amounts, codes, codeNames := 0, 0, 0
		for _, b := range body {
			switch {
			case codeRe.MatchString(compact(b)) && !strings.ContainsAny(b, ".,"):
				codes++
			case isAmountLike(b) || isNumericText(b):
				amounts++
			case isCodeName(b):
				codeNames++
			}
		}
		share := func(k int) float64 { return float64(k) / float64(len(body)) }
		switch {
		case codeish && nameish || share(codeNames) >= set.CodeNameShare && codeNames > 0:
			return RoleCodeName
		case share(codes) >= set.ColumnRoleShare && (codeish || !nameish && leftOfNames) && codes > 0:
			return RoleCode
		case share(amounts+codes) >= set.ColumnRoleShare && !codeish && !nameish:
			return RoleAmount
		}
	}
	switch {
	case codeish && nameish:
		return RoleCodeName
	case codeish:
		return RoleCode
	case nameish:
		return RoleName
	case isRemarks([]string{leaf}):
		return RoleText
	case len(body) == 0:
		return RoleAmount
	}
	return RoleText
}

// dropBanners removes from the paths a header cell spanning all amount columns of the table
// (or of a half) and nothing else, unless it is a column's only level: the answer-key format
// leaves such banners out (`支出预算` over 合计/基本支出/项目支出).
func dropBanners(h *pageTable, groups [][2]int, roles []Role, paths [][]string) {
	if len(groups) == 0 {
		groups = [][2]int{{0, len(roles) - 1}}
	}
	for _, g := range groups {
		var amount []int
		for i := g[0]; i <= g[1]; i++ {
			if roles[i] == RoleAmount {
				amount = append(amount, i)
			}
		}
		if len(amount) == 0 {
			continue
		}
		for {
			// The banner is the top cell of the amount columns that have a level under it;
			// a column whose own label OCR lost keeps the banner as its only level.
			var top *gcell
			deep := 0
			for _, i := range amount {
				if i < len(h.headerLevels) && len(h.headerLevels[i]) >= 2 {
					if top == nil {
						top = h.headerLevels[i][0]
					}
					deep++
				}
			}
			if top == nil {
				break
			}
			covers := deep*2 > len(amount)
			for i := g[0]; i <= g[1] && covers; i++ {
				in := i < len(h.headerLevels) && len(h.headerLevels[i]) > 0 && h.headerLevels[i][0] == top
				if in != (roles[i] == RoleAmount) {
					covers = false
				}
			}
			if !covers {
				break
			}
			for _, i := range amount {
				if len(h.headerLevels[i]) >= 2 {
					paths[i] = paths[i][1:]
					h.headerLevels[i] = h.headerLevels[i][1:]
				}
			}
		}
	}
}

// srcBox maps a working-frame rectangle back to the page frame.
func (pv *pageView) srcBox(x0, y0, x1, y1 float64) extract.Box {
	if pv.turned {
		return extract.Box{X0: pv.height - y1, Y0: x0, X1: pv.height - y0, Y1: x1}
	}
	return extract.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}
}

func (t *Table) String() string {
	return fmt.Sprintf("table %d %s %q pages %v", t.Seq, t.Kind, t.Title, t.Pages)
}

// joinPageSplitCells joins the first row of a continuation page to the row before when it
// is the tail of a cell cut by the page break: text only outside amount columns, and a
// bracket left open by the row before and closed by the tail (`…交通治安分局（水上` /
// `治安分局）`). Anything less certain stays a row of its own.
func joinPageSplitCells(rows []physRow, roles []Role, twoSided bool) []physRow {
	out := rows[:0]
	for _, r := range rows {
		if r.pageTop && len(out) > 0 && (isCellTail(out[len(out)-1], r, roles) || !twoSided && isNamelessTail(out[len(out)-1], r, roles)) {
			prev := &out[len(out)-1]
			for i, c := range r.cells {
				if c.Text == "" {
					continue
				}
				if isNumericText(prev.cells[i].Text) && isNumericText(c.Text) {
					prev.cells[i].Text += " " + c.Text
				} else {
					prev.cells[i].Text += c.Text
				}
				prev.cells[i].Fragments = append(prev.cells[i].Fragments, c.Fragments...)
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func isCellTail(prev, r physRow, roles []Role) bool {
	joined := false
	for i, c := range r.cells {
		if c.Text == "" {
			continue
		}
		if roles[i] == RoleAmount || prev.cells[i].Text == "" {
			return false
		}
		if openBrackets(prev.cells[i].Text) > 0 && openBrackets(prev.cells[i].Text+c.Text) == 0 {
			joined = true
		}
	}
	return joined
}

// oneDecimalRe matches a number cut after its first decimal digit.
var oneDecimalRe = regexp.MustCompile(`[0-9][.．][0-9]$`)

// isNamelessTail reports, for one-sided tables (where every item prints amounts), whether
// the first row of a page is text without any amount under a row that has amounts: the rest
// of a name cut by the page break (`杭州市机动` / `车驾驶员考试服务中心`), not an item.
func isNamelessTail(prev, r physRow, roles []Role) bool {
	prevAmounts := false
	for i, c := range prev.cells {
		if roles[i] == RoleAmount && c.Text != "" {
			prevAmounts = true
		}
	}
	if !prevAmounts {
		return false
	}
	for i, c := range r.cells {
		if c.Text == "" {
			continue
		}
		t := compact(c.Text)
		if roles[i] == RoleAmount && isFragment(c.Text, 1) && len(strings.TrimSpace(c.Text)) == 1 && oneDecimalRe.MatchString(prev.cells[i].Text) {
			continue // the last digit of a number wrapped in the same cut cell (`12,437.3` / `6`)
		}
		if roles[i] == RoleAmount || prev.cells[i].Text == "" || codeRe.MatchString(t) || isCodeName(t) ||
			enumRe.MatchString(t) || isTotalName(t) || strings.HasPrefix(t, "其中") {
			return false
		}
	}
	return true
}

// openBrackets counts brackets opened and not closed.
func openBrackets(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '（', '(', '【', '[':
			n++
		case '）', ')', '】', ']':
			n--
		}
	}
	return n
}
