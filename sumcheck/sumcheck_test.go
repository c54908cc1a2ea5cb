package sumcheck

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
)

// fig is a printed figure: its text, unit and its column's largest printed scale.
type fig struct {
	text, unit string
	colScale   int
}

func (f fig) term() Term {
	if f.text == "" {
		return Term{Unit: f.unit}
	}
	d := money.MustParse(f.text)
	t := Term{Value: d, Present: true, Unit: f.unit, Ulp: Precision(d, f.unit, f.colScale)}
	if shift, _, ok := money.UnitShift(f.unit); ok {
		t.Value, _ = d.Shift(shift)
	}
	return t
}

func terms(fs ...fig) []Term {
	var out []Term
	for _, f := range fs {
		out = append(out, f.term())
	}
	return out
}

func TestEval(t *testing.T) {
	cases := []struct {
		name        string
		left, right []Term
		o           Options
		want        Grade
	}{
		{"exact", terms(fig{"120.50", "万元", 2}), terms(fig{"100.25", "万元", 2}, fig{"20.25", "万元", 2}), Options{}, Holds},
		{"尾差 of two 万元 figures", terms(fig{"120.51", "万元", 2}), terms(fig{"100.25", "万元", 2}, fig{"20.25", "万元", 2}), Options{}, Rounding},
		// A 0 printed without decimals in a column of 2-decimal figures is exact at 0.01:
		// a 3.82 gap is no rounding (it was, with the 0's precision taken as 1 万元).
		{"3.82 gap beside a bare 0", terms(fig{"124.32", "万元", 2}), terms(fig{"100.25", "万元", 2}, fig{"20.25", "万元", 2}, fig{"0", "万元", 2}), Options{}, Fails},
		{"元 to the fen is exact", terms(fig{"120.51", "元", 2}), terms(fig{"100.25", "元", 2}, fig{"20.25", "元", 2}), Options{}, Fails},
		// Excel's General format shows about 10 significant digits: 936647884.27 as .3.
		{"General display", terms(fig{"936647884.3", "元", 2}), terms(fig{"900000000.13", "元", 2}, fig{"36647884.14", "元", 2}), Options{}, Rounding},
		{"General display, a real gap", terms(fig{"936647884.3", "元", 2}), terms(fig{"900000000.13", "元", 2}, fig{"36647880.14", "元", 2}), Options{}, Fails},
		{"元 against 万元", terms(fig{"1202.95", "万元", 2}), terms(fig{"12029500.35", "元", 2}), Options{}, Rounding},
		{"blank total asserts nothing", terms(fig{"", "万元", 2}), terms(fig{"100.25", "万元", 2}), Options{TotalPrinted: true}, Skip},
		{"blank total counts 0", terms(fig{"", "万元", 2}), terms(fig{"100.25", "万元", 2}), Options{}, Fails},
		{"percent never adds up", terms(fig{"100", "percent:%", 0}), terms(fig{"60", "percent:%", 0}, fig{"40", "percent:%", 0}), Options{}, Skip},
		{"counts of one unit", terms(fig{"7", "count:辆", 0}), terms(fig{"3", "count:辆", 0}, fig{"4", "count:辆", 0}), Options{}, Holds},
		{"a rate never adds up", terms(fig{"7", "元/克", 0}), terms(fig{"7", "元", 0}), Options{}, Skip},
		{"unknown unit against 元", terms(fig{"7", "", 0}), terms(fig{"7", "元", 0}), Options{}, Skip},
		{"one term: same figure twice", terms(fig{"120.51", "万元", 2}), terms(fig{"120.50", "万元", 2}), Options{}, Fails},
		{"one term: an aggregate printed again", terms(fig{"120.51", "万元", 2}), terms(fig{"120.50", "万元", 2}), Options{Aggregate: true}, Rounding},
	}
	for _, c := range cases {
		if got := Eval(c.left, c.right, c.o).Grade; got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	// Parts whose whole row prints nothing are no parts.
	silent := Term{Unit: "万元", Silent: true}
	if g := Eval(terms(fig{"5", "万元", 0}), []Term{silent}, Options{}).Grade; g != Skip {
		t.Errorf("silent parts only: %s, want skip", g)
	}
	if g := Eval(terms(fig{"5", "万元", 0}), []Term{silent, Term{Unit: "万元"}}, Options{}).Grade; g != Fails {
		t.Errorf("a blank part that is a part: %s, want fails", g)
	}
}

func TestGroupMembers(t *testing.T) {
	parts := []string{"因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "会议费", "培训费"}
	keep := GroupMembers("“三公”经费合计", parts)
	if len(keep) != 5 || !keep[0] || !keep[1] || !keep[2] || keep[3] || keep[4] {
		t.Errorf("三公经费合计: %v", keep)
	}
	if keep := GroupMembers("合计", parts); keep != nil {
		t.Errorf("a plain 合计 names no group: %v", keep)
	}
}
