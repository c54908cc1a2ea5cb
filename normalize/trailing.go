package normalize

import "github.com/budgetpdf/budgetpdf/tables"

// trailingNames reports whether the side's columns from k on are name columns only (no
// amount, no code, no code-name): words printed after the amounts, a remark rather than a
// second group of subject and amounts.
func trailingNames(t *Table, side string, k int) bool {
	for _, c := range t.Columns[k:] {
		if side != "" && c.Side != "" && c.Side != side {
			continue
		}
		if c.Role != tables.RoleName && c.Role != tables.RoleText {
			return false
		}
	}
	return true
}

// flattenContradicted undoes outline parents that the sums contradict: an entry whose amount
// in column key is not the sum of its entries, while its own parent's amount is the sum of
// its entries once that one's entries are counted as its siblings. wild_20 表12 prints the
// project CC(市本级） 46,905.68 outdented like a heading among its unit's projects; as a
// heading it was 14,487.68 more than the 8 projects after it, and its unit
// 广州市发展和改革委员会 136,554.40 is exactly the sum of all 24 projects, CC included.
func flattenContradicted(t *Table, parent map[int]int, part map[int]bool, key int) {
	sumOf := func(p int) (sum Value, n int, ok bool) {
		for c, q := range parent {
			if q != p || part[c] {
				continue
			}
			n++
			if v := t.Rows[c].Values[key]; v.Present {
				s, err := sum.Amount.Add(v.Amount)
				if err != nil {
					return sum, n, false
				}
				sum.Amount = s
			}
		}
		return sum, n, true
	}
	holds := func(p int) bool {
		s, n, ok := sumOf(p)
		return ok && n > 0 && sameAmount(t.Rows[p], s.Amount, key, n)
	}
	for _, c := range sortedKeys(parent) {
		g := parent[c]
		if _, isParent := firstChild(parent, c); !isParent || holds(c) || holds(g) || !t.Rows[c].Values[key].Present {
			continue
		}
		trial := map[int]int{}
		for k, q := range parent {
			trial[k] = q
		}
		for k, q := range parent {
			if q == c {
				trial[k] = g
			}
		}
		saved := parent
		parent = trial
		ok := holds(g)
		parent = saved
		if ok {
			for k, q := range trial {
				parent[k] = q
			}
		}
	}
}

func firstChild(parent map[int]int, p int) (int, bool) {
	for c, q := range parent {
		if q == p {
			return c, true
		}
	}
	return -1, false
}

// keyColumn is the money column of the side's largest grand total (as groupBySums picks
// it), -1 when the side prints no total.
func keyColumn(t *Table, rows []int) int {
	cols := map[int]bool{}
	for _, i := range rows {
		for c, v := range t.Rows[i].Values {
			if v.Present && v.Type == TypeMoney {
				cols[c] = true
			}
		}
	}
	totals := grandTotals(t, rows, cols)
	key := -1
	for c, v := range totals {
		if key < 0 || v.Abs().Cmp(totals[key].Abs()) > 0 || v.Abs().Cmp(totals[key].Abs()) == 0 && c < key {
			key = c
		}
	}
	return key
}
