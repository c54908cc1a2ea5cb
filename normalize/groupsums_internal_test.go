package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
)

// TestGroupBySums: a line printing the sum of the lines right below it becomes their
// parent, exactly or within the 万元 rounding, also when a negative line brings an
// overshooting running sum back (the scan stops early only over non-negative rows), and not
// when no run of the lines below adds up to it.
func TestGroupBySums(t *testing.T) {
	cases := []struct {
		name  string
		unit  string
		line  string   // the department line, below the side's total (which prints it too)
		items []string // the lines under it
		want  int      // items parented to the line
	}{
		{"exact", "元", "100", []string{"60", "40"}, 2},
		{"negative line after an overshoot", "元", "100", []string{"60", "50", "-10"}, 3},
		{"within 万元 rounding", "万元", "10.00", []string{"3.34", "3.33", "3.32"}, 3},
		{"no run adds up", "元", "100", []string{"60", "50", "70"}, 0},
		// The second 20 first becomes the group of the first 20 (equal amounts); counted
		// apart they complete the line's group (wild_20 表12's 50.00 / 50.00).
		{"two equal lines in a row", "元", "100", []string{"60", "20", "20"}, 3},
		{"元 not rounded", "元", "10.00", []string{"3.34", "3.33", "3.32"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			money1 := func(s string) Value {
				return Value{Present: true, Amount: money.MustParse(s), Type: TypeMoney, Unit: tc.unit}
			}
			total := money.MustParse(tc.line)
			if tc.want == 0 {
				// The items' sum, so that the leaves add up to the total only without the line.
				var err error
				total = money.Decimal{}
				for _, s := range tc.items {
					if total, err = total.Add(money.MustParse(s)); err != nil {
						t.Fatal(err)
					}
				}
			}
			tab := &Table{Rows: []*Row{
				{Seq: 1, Kind: RowTotal, Values: []Value{{Present: true, Amount: total, Type: TypeMoney, Unit: tc.unit}}},
				{Seq: 2, Kind: RowItem, Values: []Value{money1(tc.line)}},
			}}
			for k, s := range tc.items {
				tab.Rows = append(tab.Rows, &Row{Seq: 3 + k, Kind: RowItem, Values: []Value{money1(s)}})
			}
			rows := sideRows(tab, "")
			parent := map[int]int{}
			groupBySums(tab, rows, parent, map[int]bool{})
			got := 0
			for c, p := range parent {
				if p != 1 {
					t.Errorf("row %d's parent is row %d, want the line (1)", c, p)
				}
				got++
			}
			if got != tc.want {
				t.Errorf("%d rows grouped under the line, want %d (parents %v)", got, tc.want, parent)
			}
		})
	}
}
