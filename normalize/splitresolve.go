package normalize

import (
	"fmt"
	"sort"
	"strings"
)

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
