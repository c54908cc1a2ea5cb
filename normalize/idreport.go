package normalize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
)

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
