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
	}
	ids = append(ids, n.crossTableIdentities()...)
	n.resolveSplits(ids)
	n.dropIncludedColumns(ids)
	ids = n.dropInapplicable(ids)
	n.resolveReadings(ids)
	failing, evs := n.reviewReadings(ids)
	n.reportFailures(failing, evs)
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

// reportFailures reports broken identities. One wrong cell usually breaks several
// identities (a row sum, its parent's sum, the same figure in another table); when two or
// more broken identities agree on the value one cell should have, that cell is the culprit:
// the first of them is reported as an error about that cell, the others as info findings
// that it explains.
func (n *normalizer) reportFailures(ids []*identity, evs []evaluation) {
	type kv struct {
		key cellKey
		v   string
	}
	implied := map[kv][]int{}
	for i, id := range ids {
		if evs[i].st != fails {
			continue // a rounding difference has no culprit
		}
		diff, err := evs[i].actual.Sub(evs[i].expected)
		if err != nil {
			continue
		}
		for side, keys := range [][]cellKey{id.left, id.right} {
			for _, k := range keys {
				v, _, _, _ := n.amountOf(k)
				var want money.Decimal
				if side == 0 {
					want, err = v.Sub(diff)
				} else {
					want, err = v.Add(diff)
				}
				if err != nil || want.Sign() < 0 {
					continue
				}
				key := kv{k, want.Normalize(0).String()}
				implied[key] = append(implied[key], i)
			}
		}
	}
	// Cells that explain exactly the same broken identities cannot be told apart (any row of
	// a list whose sum misses an amount): none of them is the culprit.
	sets := map[string]int{}
	setOf := func(is []int) string { return fmt.Sprint(is) }
	for _, is := range implied {
		if len(is) >= 2 {
			sets[setOf(is)]++
		}
	}
	var culprits []kv
	for k, is := range implied {
		if len(is) >= 2 && sets[setOf(is)] == 1 {
			culprits = append(culprits, k)
		}
	}
	// Strongest first: most identities explained, then table/row/column order.
	sort.Slice(culprits, func(i, j int) bool {
		a, b := culprits[i], culprits[j]
		if len(implied[a]) != len(implied[b]) {
			return len(implied[a]) > len(implied[b])
		}
		if a.key.table != b.key.table {
			return a.key.table < b.key.table
		}
		if a.key.row != b.key.row {
			return a.key.row < b.key.row
		}
		return a.key.col < b.key.col
	})
	explained := map[int]string{}
	primary := map[int]cellKey{}
	for _, c := range culprits {
		is := implied[c]
		free := 0
		for _, i := range is {
			if _, done := explained[i]; !done {
				free++
			}
		}
		if free < 2 {
			continue
		}
		// The primary finding is a strict failure when there is one (an exact equality the
		// cell breaks), else the first rounding-level one.
		first := -1
		for _, i := range is {
			if _, done := explained[i]; !done && evs[i].st == fails {
				first = i
				break
			}
		}
		for _, i := range is {
			if _, done := explained[i]; done {
				continue
			}
			if first < 0 {
				first = i
			}
			if i == first {
				primary[i] = c.key
				explained[i] = ""
				continue
			}
			explained[i] = n.describeCell(c.key)
		}
	}
	for i, id := range ids {
		if k, ok := primary[i]; ok {
			n.report(id, evs[i], &k)
			if !containsKey(id.left, k) {
				// The identity's own cell (a parent, a total) is a knock-on of the culprit:
				// say so with its own two values.
				n.report(id, evs[i], nil)
				f := &n.doc.Findings[len(n.doc.Findings)-1]
				f.Severity = SeverityInfo
				f.Message += "; explained by the error reported at " + n.describeCell(k)
			}
			continue
		}
		if why := explained[i]; why != "" {
			n.report(id, evs[i], nil)
			f := &n.doc.Findings[len(n.doc.Findings)-1]
			f.Severity = SeverityInfo
			f.Message += "; explained by the error reported at " + why
			continue
		}
		n.report(id, evs[i], nil)
	}
}

func (n *normalizer) describeCell(k cellKey) string {
	t := n.doc.Tables[k.table]
	return fmt.Sprintf("table %d row %q column %s", t.Seq, rowLabel(t.Rows[k.row]), strings.Join(t.Columns[k.col].Path, "/"))
}

// report turns a broken identity into a finding; about, when set, is the culprit cell the
// finding is about (first Ref, printed value and the value the identities agree on).
func (n *normalizer) report(id *identity, ev evaluation, about *cellKey) {
	f := Finding{Rule: id.rule, Severity: SeverityError, Expected: ev.expected.String(), Printed: ev.actual.String()}
	if ev.st == rounding {
		f.Severity = SeverityRounding
	}
	if ev.unit != "" {
		// Show the figures in the unit of the cell the finding is about.
		k := id.left[0]
		v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
		if sh := unitShift(v.Unit); sh > 0 && v.Yuan != nil {
			if e, err := ev.expected.Shift(-sh); err == nil {
				f.Expected = e.Normalize(v.Amount.Scale).String()
			}
			if a, err := ev.actual.Shift(-sh); err == nil {
				f.Printed = a.Normalize(v.Amount.Scale).String()
			}
		} else {
			f.Expected, f.Printed = ev.expected.Normalize(v.Amount.Scale).String(), ev.actual.Normalize(v.Amount.Scale).String()
		}
	}
	cells := append(append([]cellKey(nil), id.left...), id.right...)
	if about != nil {
		// Put the culprit first and express both values for it.
		reordered := []cellKey{*about}
		for _, k := range cells {
			if k != *about {
				reordered = append(reordered, k)
			}
		}
		cells = reordered
		v := n.doc.Tables[about.table].Rows[about.row].Values[about.col]
		diff, _ := ev.actual.Sub(ev.expected)
		cur, _, _, _ := n.amountOf(*about)
		want, _ := cur.Sub(diff)
		if !containsKey(id.left, *about) {
			want, _ = cur.Add(diff)
		}
		f.Printed = v.Amount.String()
		if sh := unitShift(v.Unit); sh > 0 && v.Yuan != nil {
			if w, err := want.Shift(-sh); err == nil {
				want = w
			}
		}
		f.Expected = want.Normalize(v.Amount.Scale).String()
	}
	for _, k := range cells {
		f.Refs = append(f.Refs, n.ref(k, n.doc.Tables[k.table].Rows[k.row].Values[k.col]))
		if n.repaired[k] {
			f.ExplainedByRepair = true
		}
	}
	f.Message = fmt.Sprintf("%s: printed %s, the identity gives %s", id.desc, f.Printed, f.Expected)
	if about != nil {
		f.Message = fmt.Sprintf("%s: %s prints %s where the identities agree on %s", id.desc, n.describeCell(*about), f.Printed, f.Expected)
	}
	if f.Severity == SeverityRounding {
		f.Message += " (within the rounding of the printed figures)"
	}
	if id.ruleID != "" {
		f.Identity = id.ruleID
		f.Message += " [" + id.ruleID + "]"
	}
	n.doc.Findings = append(n.doc.Findings, f)
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

// resolveSplits chooses, for each cell whose geometry left several readings, the reading the
// identities support; a tie stays unresolved (geometric reading kept) and is reported.
func (n *normalizer) resolveSplits(ids []*identity) {
	touching := map[cellKey][]*identity{}
	for _, id := range ids {
		for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
			touching[k] = append(touching[k], id)
		}
	}
	for _, p := range n.pending {
		v := &n.doc.Tables[p.key.table].Rows[p.key.row].Values[p.key.col]
		orig := *v
		type scored struct {
			r          reading
			score      int
			confirming []string
		}
		var ss []scored
		for _, r := range p.readings {
			n.setAmount(v, r.amount)
			s := scored{r: r}
			for _, id := range touching[p.key] {
				// An exact hold outweighs a rounding-level one: a dropped digit (12437.3 for
				// 12437.36) can hide inside the rounding tolerance of a long sum.
				switch n.eval(id).st {
				case holds:
					s.score += 2
					s.confirming = append(s.confirming, id.desc)
				case rounding:
					s.score++
					s.confirming = append(s.confirming, id.desc+" (within rounding)")
				case fails:
					s.score -= 2
				}
			}
			ss = append(ss, s)
		}
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].score > ss[j].score })
		*v = orig
		if len(ss) > 1 && ss[0].score > ss[1].score {
			best := ss[0]
			n.setAmount(v, best.r.amount)
			v.Repairs = []Repair{{Kind: "split_reading", Before: p.raw, After: v.Amount.String(),
				Evidence: fmt.Sprintf("geometry ambiguous (%s); reading %q (%s) satisfies %s", p.evidence, best.r.text, best.r.how, strings.Join(best.confirming, "; "))}}
			n.repaired[p.key] = true
			continue
		}
		v.Unresolved = true
		var alts []string
		for _, s := range ss {
			alts = append(alts, s.r.amount.Value.String())
		}
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unresolved_split", Severity: SeverityWarning,
			Message: fmt.Sprintf("cell %q: readings %s fit the document equally well (%s); kept %s", p.raw, strings.Join(alts, " / "), p.evidence, v.Amount.String()),
			Printed: p.raw, Refs: []Ref{n.ref(p.key, *v)}})
	}
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
