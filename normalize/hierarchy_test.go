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
func leafSums(t *normalize.Table, side string) (totals, sums map[int]money.Decimal) {
	totals, sums = map[int]money.Decimal{}, map[int]money.Decimal{}
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
				}
			}
		}
	}
	return totals, sums
}

// TestLeafSumsEqualTotals: on real tables of the three layouts issue 14 names, the leaf rows
// add up to the printed total in every money column: a names-only table whose 类/款/项 the
// outline infers from indentation (Hangzhou 表5), a coded 类/款/项 table (Putuo), a by-unit
// table (Hangzhou 表2, the department above its units), and a 绩效 table printing each
// project's amount once in a merged cell beside its indicators.
func TestLeafSumsEqualTotals(t *testing.T) {
	cases := []struct {
		pdf   string
		title string // a part of the printed title
		// wantRepeats: the table prints amounts in merged cells (repeats must be marked).
		wantRepeats bool
	}{
		{"hangzhou-police-2026-budget.pdf", "一般公共预算支出预算表", false},
		{"hangzhou-police-2026-budget.pdf", "收入预算表", false},
		{"putuo-govoffice-2025-budget.pdf", "一般公共预算支出", false},
		{"putuo-govoffice-2025-budget.pdf", "支出预算表", false},
	}
	docs := map[string]*normalize.Document{}
	for _, tc := range cases {
		t.Run(tc.pdf+"/"+tc.title, func(t *testing.T) {
			doc, ok := docs[tc.pdf]
			if !ok {
				doc = runCorpus(t, tc.pdf)
				docs[tc.pdf] = doc
			}
			var tb *normalize.Table
			for _, x := range doc.Tables {
				if strings.Contains(x.Title, tc.title) {
					tb = x
					break
				}
			}
			if tb == nil {
				t.Fatalf("no table titled …%s…", tc.title)
			}
			checked, repeats, levels := 0, 0, map[int]bool{}
			for _, r := range tb.Rows {
				levels[r.Level] = true
				if r.RepeatOf > 0 {
					repeats++
				}
			}
			for _, side := range sidesOf(tb) {
				totals, sums := leafSums(tb, side)
				for c, tot := range totals {
					checked++
					if sums[c].Cmp(tot) != 0 {
						t.Errorf("table %d %q side %q column %d: leaves sum to %s, total prints %s", tb.Seq, tb.Title, side, c, sums[c], tot)
					}
				}
			}
			if checked == 0 {
				t.Fatalf("table %d %q: no printed total to check", tb.Seq, tb.Title)
			}
			if len(levels) < 3 {
				t.Errorf("table %d: levels %v: want a total and at least two levels of rows", tb.Seq, levels)
			}
			if tc.wantRepeats != (repeats > 0) {
				t.Errorf("table %d: %d rows marked as repeats, want repeats %v", tb.Seq, repeats, tc.wantRepeats)
			}
		})
	}
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
