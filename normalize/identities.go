package normalize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/sumcheck"
	"github.com/budgetpdf/budgetpdf/tables"
)

// identity is one 勾稽关系 instance: Σ left = Σ right. left is what the document prints for
// the quantity (usually one cell: a parent, a total); right the parts it must equal.
type identity struct {
	rule   rules.Kind // Finding.Rule
	ruleID string     // the entry of the rule table (identityRules) it instantiates
	family string     // instances of the same structural rule; see dropInapplicable
	left   []cellKey
	right  []cellKey
	desc   string
	// leftPrinted: the identity holds only where its total cell is printed (a blank 合计 /
	// 小计 cell asserts nothing; hierarchy parents count blank as 0).
	leftPrinted bool
	// shape names the structure of a row identity within its column group (the total's and
	// the parts' header paths below their first level: `合计 = 小计 + 会议费 + 培训费` under 2020年
	// and under 2021年), so that one group's holding confirms the reading of another's.
	shape string
}

type status int

const (
	skip status = iota // nothing printed on either side
	holds
	rounding
	fails
)

// evaluation of one identity.
type evaluation struct {
	st               status
	expected, actual money.Decimal
	unit             string
}

// amountOf returns a cell's amount in 元 when it is money in a known unit (unit is then the
// printed money unit), else as printed with unit "" for money whose unit is not printed and
// "type:unit" for anything else (`count:辆`, `percent:%`): only values of one kind add up
// (sumcheck.Comparable). ulp is its printed precision (sumcheck.Precision). Blank cells count
// as 0 (present=false).
func (n *normalizer) amountOf(k cellKey) (v money.Decimal, present bool, unit string, ulp money.Decimal) {
	val := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	unit = val.Unit
	if val.Type != "" && val.Type != TypeMoney {
		unit = string(val.Type) + ":" + val.Unit
	}
	if !val.Present {
		return money.Decimal{}, false, unit, money.Decimal{}
	}
	if val.Yuan != nil {
		return *val.Yuan, true, unit, sumcheck.Precision(val.Amount, val.Unit, n.columnScale(k))
	}
	return val.Amount, true, unit, money.Decimal{}
}

// columnScale is the largest scale printed in a cell's column (computed once per check).
func (n *normalizer) columnScale(k cellKey) int {
	key := [2]int{k.table, k.col}
	if s, ok := n.colScale[key]; ok {
		return s
	}
	s := 0
	for _, r := range n.doc.Tables[k.table].Rows {
		if v := r.Values[k.col]; v.Present && v.Amount.Scale > s {
			s = v.Amount.Scale
		}
	}
	n.colScale[key] = s
	return s
}

// yuanUnit reports a unit amountOf gives for an amount in 元.
func yuanUnit(u string) bool {
	_, rate, ok := money.UnitShift(u)
	return ok && !rate
}

// term is a cell as sumcheck grades it.
func (n *normalizer) term(k cellKey, part bool) sumcheck.Term {
	v, p, u, ulp := n.amountOf(k)
	t := sumcheck.Term{Value: v, Present: p, Unit: u, Ulp: ulp}
	if part && !p {
		t.Silent = !anyPresent(n.doc.Tables[k.table].Rows[k.row])
	}
	return t
}

// eval grades one identity (package sumcheck: the evaluator the key check shares). A blank
// total asserts nothing: a row identity's 合计 always, a parent or total row of a text-layer
// table too (a blank parent is unknown, not 0); in a scanned table a blank parent counts 0,
// since a number OCR missed there is what the reading review must see.
func (n *normalizer) eval(id *identity) evaluation {
	// The term buffers are reused: eval runs many times per identity (split readings,
	// families, the review) and allocates nothing per call.
	left, right := n.leftTerms[:0], n.rightTerms[:0]
	for _, k := range id.left {
		left = append(left, n.term(k, false))
	}
	for _, k := range id.right {
		right = append(right, n.term(k, true))
	}
	n.leftTerms, n.rightTerms = left, right
	o := sumcheck.Options{TotalPrinted: id.leftPrinted}
	if (id.rule == rules.HierarchySum || id.rule == rules.TableTotal) && len(id.left) > 0 && !n.ocrTable[id.left[0].table] {
		o.TotalPrinted = true
	}
	if id.rule == rules.CrossTable && len(id.left) > 0 && len(id.right) > 0 && (n.aggregate[id.left[0]] || n.aggregate[id.right[0]]) {
		o.Aggregate = true
	}
	r := sumcheck.Eval(left, right, o)
	ev := evaluation{expected: r.Expected, actual: r.Actual, unit: r.Unit}
	switch r.Grade {
	case sumcheck.Holds:
		ev.st = holds
	case sumcheck.Rounding:
		ev.st = rounding
	case sumcheck.Fails:
		ev.st = fails
	default:
		ev.st = skip
	}
	return ev
}

// check builds every identity the document's tables allow, chooses between the readings of
// ambiguous split numbers with them, and reports the identities the document breaks.
func (n *normalizer) check() {
	n.colScale = map[[2]int]int{}
	for ti := range n.doc.Tables {
		n.outline(ti)
	}
	var ids []*identity
	for ti := range n.doc.Tables {
		ids = append(ids, n.columnIdentities(ti)...)
		ids = append(ids, n.hierarchyIdentities(ti)...)
		ids = append(ids, n.outlineIdentities(ti)...)
		ids = append(ids, n.performanceIdentities(ti)...)
	}
	ids = append(ids, n.crossTableIdentities()...)
	n.resolveSplits(ids)
	n.dropIncludedColumns(ids)
	ids = n.dropInapplicable(ids)
	n.resolveReadings(ids)
	failing, evs := n.reviewReadings(ids)
	n.reportFailures(failing, evs)
	n.flagUnverified(ids)
	n.summary(ids)
}

// summary reports, as one info finding, how many identities of each rule were checked and
// held, so a clean result can be told apart from a document nothing could be checked in.
func (n *normalizer) summary(ids []*identity) {
	type tally struct{ checked, held int }
	by := map[rules.Kind]*tally{}
	for _, id := range ids {
		st := n.eval(id).st
		if st == skip {
			continue
		}
		t := by[id.rule]
		if t == nil {
			t = &tally{}
			by[id.rule] = t
		}
		t.checked++
		if st == holds {
			t.held++
		}
	}
	var parts []string
	for _, r := range sortedKeys(by) {
		parts = append(parts, fmt.Sprintf("%s %d/%d", r, by[r].held, by[r].checked))
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "identities_checked", Severity: SeverityInfo,
		Message: "identities that hold exactly / checked: " + strings.Join(parts, ", "), Refs: []Ref{}})
}

// dropIncludedColumns finds, in a row identity that fails on two or more rows, a part column
// whose removal makes every row hold: a column that is included in another (项目支出 /
// 扣除基建项目后预算数 beside 项目支出总数, a 其中 the header does not say). It is taken
// out of the sum and reported once, as info. A genuine error would have to equal that
// column's value on every failing row to be hidden this way.
func (n *normalizer) dropIncludedColumns(ids []*identity) {
	fams := map[string][]*identity{}
	var order []string
	for _, id := range ids {
		if id.rule != "row_identity" || id.family == "" {
			continue
		}
		if fams[id.family] == nil {
			order = append(order, id.family)
		}
		fams[id.family] = append(fams[id.family], id)
	}
	for _, fam := range order {
		group := fams[fam]
		ok, bad := 0, 0
		cols := map[int]bool{}
		for _, id := range group {
			switch n.eval(id).st {
			case holds, rounding:
				ok++
			case fails:
				bad++
			}
			for _, k := range id.right {
				cols[k.col] = true
			}
		}
		if bad < 2 {
			continue
		}
		for _, col := range sortedKeys(cols) {
			ok2, bad2 := 0, 0
			for _, id := range group {
				trial := *id
				trial.right = withoutCol(id.right, col)
				switch n.eval(&trial).st {
				case holds, rounding:
					ok2++
				case fails:
					bad2++
				}
			}
			if bad2 > 0 || ok2 < 2 {
				continue
			}
			for _, id := range group {
				id.right = withoutCol(id.right, col)
			}
			t := n.doc.Tables[group[0].left[0].table]
			n.doc.Findings = append(n.doc.Findings, Finding{Rule: "identity_not_applicable", Severity: SeverityInfo,
				Message: fmt.Sprintf("table %d: column %s is included in %s, not added to it (every row holds without it, %d of %d fail with it)", t.Seq,
					strings.Join(t.Columns[col].Path, "/"), strings.Join(t.Columns[group[0].left[0].col].Path, "/"), bad, ok+bad),
				Refs: []Ref{{Table: t.Seq, Column: col, Path: strings.Join(t.Columns[col].Path, "/")}}})
			break
		}
	}
}

func withoutCol(ks []cellKey, col int) []cellKey {
	var out []cellKey
	for _, k := range ks {
		if k.col != col {
			out = append(out, k)
		}
	}
	return out
}

// dropInapplicable removes identity families that fail on most of their instances: a rule
// that breaks everywhere is our misreading of the table's structure (a column tree, a
// hierarchy with rows the table leaves out), not a document with dozens of errors. It is
// reported once, as info, so the reader knows the rule was not checked.
func (n *normalizer) dropInapplicable(ids []*identity) []*identity {
	type tally struct {
		ok, bad int
		shape   string
	}
	fam := map[string]*tally{}
	for _, id := range ids {
		if id.family == "" {
			continue
		}
		t := fam[id.family]
		if t == nil {
			t = &tally{shape: id.shape}
			fam[id.family] = t
		}
		switch n.eval(id).st {
		case holds, rounding:
			t.ok++
		case fails:
			t.bad++
		}
	}
	// A rule that holds on every row of a parallel column group (the same shape under another
	// year) reads the structure right: its failures in this group are the document's
	// (wild_53's 三公 table: 2020年 合计 = 小计 + 会议费 + 培训费 holds, 2021年 breaks on all 4 rows).
	confirmed := map[string]bool{}
	for _, t := range fam {
		if t.shape != "" && t.bad == 0 && t.ok >= 2 {
			confirmed[t.shape] = true
		}
	}
	var names []string
	for k, t := range fam {
		if t.bad >= 3 && t.bad > t.ok && !confirmed[t.shape] {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return ids
	}
	sort.Strings(names)
	drop := map[string]bool{}
	for _, k := range names {
		drop[k] = true
		t := fam[k]
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "identity_not_applicable", Severity: SeverityInfo,
			Message: fmt.Sprintf("%s: fails on %d of %d rows; taken as a misreading of the table's structure and not reported", k, t.bad, t.ok+t.bad),
			Refs:    []Ref{}})
	}
	var out []*identity
	for _, id := range ids {
		if !drop[id.family] {
			out = append(out, id)
		}
	}
	return out
}

// amountColumns returns the amount columns of a side, in order.
func amountColumns(t *Table, side string) []int {
	var out []int
	for i, c := range t.Columns {
		if c.Role == tables.RoleAmount && (side == "" || c.Side == "" || c.Side == side) {
			out = append(out, i)
		}
	}
	return out
}

func containsKey(ks []cellKey, k cellKey) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func rowLabel(r *Row) string {
	switch {
	case r.Code != "" && r.Name != "":
		return r.Code + " " + r.Name
	case r.Code != "":
		return r.Code
	}
	return r.Name
}
