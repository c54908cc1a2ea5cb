package money

import "strings"

// unitShift is the power of ten from a money unit to 元.
var unitShift = map[string]int{"元": 0, "千元": 3, "万元": 4, "亿元": 8}

// UnitShift returns the power of ten that converts an amount printed in unit to 元 (4 for
// 万元); ok is false for anything that is not a unit of money. A rate (`万元/年`, `元/克`)
// converts by its numerator and reports rate: its value is in 元 per something, never an
// amount to add to others.
func UnitShift(unit string) (shift int, rate, ok bool) {
	switch unit { // the common cases first: identities ask for every figure they add
	case "元":
		return 0, false, true
	case "万元":
		return 4, false, true
	case "":
		return 0, false, false
	}
	num, _, rate := strings.Cut(unit, "/")
	shift, ok = unitShift[num]
	return shift, rate, ok
}

// SignificantDigits counts the digits of d from its first non-zero one (`936647884.3`: 10,
// `0.05`: 1, `0`: 0).
func (d Decimal) SignificantDigits() int {
	c := abs(d.Coef)
	n := 0
	for c > 0 {
		n++
		c /= 10
	}
	return n
}
