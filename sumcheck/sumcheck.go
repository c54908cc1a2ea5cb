// Package sumcheck grades one identity between printed figures (勾稽关系: Σ left = Σ right):
// it holds exactly, differs within what the printed precision allows (rounding, 尾差), or is
// broken. It is the one evaluator of the project: normalize grades the identities it finds in
// a document with it and fixtures/keycheck grades an answer key's identities with it, so the
// checker and the key check cannot drift apart.
//
// Decisions (why):
//   - Only figures of one kind add up: money (compared in 元, whatever unit it was printed
//     in), money of an unknown unit among itself, counts of one unit among themselves; never
//     a percent, a score, an indicator or a rate (`元/克`). Anything else is Skip.
//   - A blank total asserts nothing when the caller says so (a 合计 or a parent row left
//     blank is unknown, not 0); a blank part counts as 0 — but a part whose whole row prints
//     nothing is no part (a label line, a wrapped name): an identity of such parts only is Skip.
//   - Rounding tolerance = the coarsest printed precision among the figures × the number of
//     summed terms, as the documents round each figure from 元 to the printed digit: a 万元
//     figure to 0.01 is ±50 元. A one-term equality (the same quantity printed twice) gets no
//     tolerance unless one side is itself a sum of rounded figures; figures printed in two
//     money units get half a unit more. The precision of a figure is its printed scale, but
//     a figure printed with fewer decimals than its column (`5` in a column of `12.34`, Excel's
//     General format dropping zeros) is exact to the column's precision, and a 元 figure is
//     exact to the fen unless its display was cut (General format shows about 10 significant
//     digits: `936647884.3`); see Precision.
package sumcheck

import (
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
)

// Term is one printed figure of an identity.
type Term struct {
	// Value is the figure in the identity's common unit: 元 for money in a known unit, as
	// printed otherwise.
	Value money.Decimal
	// Present is false for a blank cell (it counts 0).
	Present bool
	// Unit is what the figure measures: a money unit (元, 万元, …) when Value is in 元, ""
	// for money whose unit is unknown, "count:人" for a count, anything else for a kind
	// that never adds up (`percent:%`, `score:分`, a rate `元/克`).
	Unit string
	// Ulp is the figure's printed precision in the common unit (Precision); zero when exact.
	Ulp money.Decimal
	// Silent marks a part whose whole row prints no figure: no part at all.
	Silent bool
}

// Options say what kind of identity is graded.
type Options struct {
	// TotalPrinted: a blank left side (the total) asserts nothing: Skip.
	TotalPrinted bool
	// Aggregate: in a one-term equality, one side is itself a sum of rounded figures (a
	// parent or total row printed again in another table), so it may differ by rounding.
	Aggregate bool
}

// Grade is the outcome of one identity.
type Grade int

const (
	Skip     Grade = iota // nothing to compare (blank, not comparable)
	Holds                 // equal
	Rounding              // different within the printed precision
	Fails                 // broken
)

func (g Grade) String() string {
	return [...]string{"skip", "holds", "rounding", "fails"}[g]
}

// Result is a graded identity: Actual = Σ left, Expected = Σ right, in Unit ("元" when the
// figures are money in 元, "" otherwise: compared as printed).
type Result struct {
	Grade            Grade
	Actual, Expected money.Decimal
	Unit             string
	Tolerance        money.Decimal
}

// Eval grades Σ left = Σ right.
func Eval(left, right []Term, o Options) Result {
	var actual, expected, ulpMax money.Decimal
	var ub [4]string
	units := ub[:0] // the distinct units, few: no map per identity
	anyPresent, leftPresent := false, false
	terms, silent := 0, 0
	add := func(t Term, dst *money.Decimal) bool {
		if !t.Present {
			return true
		}
		anyPresent = true
		if !slices.Contains(units, t.Unit) {
			units = append(units, t.Unit)
		}
		if t.Ulp.Cmp(ulpMax) > 0 {
			ulpMax = t.Ulp
		}
		s, err := dst.Add(t.Value)
		if err != nil {
			return false
		}
		*dst = s
		return true
	}
	for _, t := range left {
		if !add(t, &actual) {
			return Result{}
		}
		leftPresent = leftPresent || t.Present
	}
	if o.TotalPrinted && !leftPresent {
		return Result{}
	}
	for _, t := range right {
		if t.Silent && !t.Present {
			silent++
			continue
		}
		if t.Present {
			terms++
		}
		if !add(t, &expected) {
			return Result{}
		}
	}
	if !anyPresent || len(right) > 0 && silent == len(right) {
		return Result{}
	}
	if !Comparable(units) {
		return Result{}
	}
	r := Result{Actual: actual, Expected: expected, Unit: "元"}
	for _, u := range units {
		if _, _, ok := money.UnitShift(u); !ok {
			r.Unit = ""
		}
	}
	diff, err := actual.Sub(expected)
	if err != nil {
		return Result{}
	}
	if diff.IsZero() {
		r.Grade = Holds
		return r
	}
	k := 0
	if terms >= 2 {
		k = terms
	}
	if k == 0 && o.Aggregate {
		k = 1
	}
	tol := money.Decimal{Coef: ulpMax.Coef * int64(k), Scale: ulpMax.Scale}
	if len(units) > 1 && !ulpMax.IsZero() {
		half := money.Decimal{Coef: ulpMax.Coef * 5, Scale: ulpMax.Scale + 1}
		tol, _ = tol.Add(half)
	}
	r.Tolerance = tol
	if diff.Abs().Cmp(tol) <= 0 {
		r.Grade = Rounding
	} else {
		r.Grade = Fails
	}
	return r
}

// Comparable reports whether figures of these units can be added up: money in 元 whatever
// unit it was printed in, money of an unknown unit among itself, counts of one unit.
func Comparable(units []string) bool {
	class := ""
	for i, u := range units {
		c := u
		_, rate, ok := money.UnitShift(u)
		switch {
		case ok && !rate:
			c = "元"
		case u == "" || strings.HasPrefix(u, "count:"):
		default:
			return false
		}
		if i > 0 && c != class {
			return false
		}
		class = c
	}
	return true
}

// Precision is the printed precision of a figure, in 元 for money (the unit it is compared
// in), as printed otherwise; zero when the figure is exact. colScale is the largest scale
// printed in the figure's column: a figure printed with fewer decimals (Excel's General
// format drops trailing zeros: `5` among `12.34`) is exact to the column's precision. Money
// in 元 is exact to the fen unless the figure's display was cut at about 10 significant
// digits (General format: `936647884.3`); money in a larger unit (万元) was rounded to its
// last printed digit. Money of an unknown unit and counts are taken as exact.
func Precision(printed money.Decimal, unit string, colScale int) money.Decimal {
	shift, rate, ok := money.UnitShift(unit)
	if !ok || rate {
		return money.Decimal{}
	}
	cut := printed.SignificantDigits() >= 9
	scale := printed.Scale
	if !cut && colScale > scale {
		scale = colScale
	}
	if shift == 0 && (scale >= 2 || !cut) {
		return money.Decimal{}
	}
	u, err := money.Ulp(scale).Shift(shift)
	if err != nil {
		return money.Decimal{}
	}
	return u
}
