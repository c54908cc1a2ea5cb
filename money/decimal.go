// Package money holds the exact decimal type every amount in budgetpdf is stored in.
//
// A Decimal is a scaled integer: Coef × 10^-Scale. It keeps the printed scale, so "2.50"
// stays "2.50" and "58822" stays "58822". There is no float64 anywhere on this path.
package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// MaxScale is the largest number of decimals a Decimal keeps (prose prints up to 6 for 万元;
// converting 万元 to 元 can shift that by 4 in either direction).
const MaxScale = 12

// Decimal is an exact decimal number. The zero value is 0 with scale 0.
type Decimal struct {
	Coef  int64 `json:"coef"`
	Scale int   `json:"scale"`
}

// ErrOverflow reports an amount too large to hold exactly.
var ErrOverflow = errors.New("amount out of range")

// Parse reads a plain decimal: optional sign, ASCII digits, optional '.' and decimals.
// It does not strip separators or units: that is the caller's job (normalize knows the
// printed forms); Parse only accepts the canonical text.
func Parse(s string) (Decimal, error) {
	if s == "" {
		return Decimal{}, fmt.Errorf("parse amount %q: empty", s)
	}
	neg := false
	body := s
	switch body[0] {
	case '-':
		neg, body = true, body[1:]
	case '+':
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	if intPart == "" && frac == "" || (hasDot && frac == "") {
		return Decimal{}, fmt.Errorf("parse amount %q: not a number", s)
	}
	if len(frac) > MaxScale {
		return Decimal{}, fmt.Errorf("parse amount %q: more than %d decimals", s, MaxScale)
	}
	var coef uint64
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return Decimal{}, fmt.Errorf("parse amount %q: unexpected %q", s, c)
			}
			hi, lo := bits.Mul64(coef, 10)
			lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
			if hi != 0 || carry != 0 || lo > math.MaxInt64 {
				return Decimal{}, fmt.Errorf("parse amount %q: %w", s, ErrOverflow)
			}
			coef = lo
		}
	}
	d := Decimal{Coef: int64(coef), Scale: len(frac)}
	if neg {
		d.Coef = -d.Coef
	}
	return d, nil
}

// MustParse is Parse for constants in code and tests; it panics on a malformed literal.
func MustParse(s string) Decimal {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String prints the number with exactly Scale decimals.
func (d Decimal) String() string {
	neg := d.Coef < 0
	var digits string
	if neg {
		// -MinInt64 overflows int64; go through uint64.
		digits = fmt.Sprintf("%d", uint64(-(d.Coef+1))+1)
	} else {
		digits = fmt.Sprintf("%d", d.Coef)
	}
	if d.Scale > 0 {
		if len(digits) <= d.Scale {
			digits = strings.Repeat("0", d.Scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-d.Scale] + "." + digits[len(digits)-d.Scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// MarshalText lets Decimals appear in JSON as exact strings.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses what MarshalText wrote.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether the value is zero (at any scale).
func (d Decimal) IsZero() bool { return d.Coef == 0 }

// Sign returns -1, 0 or 1.
func (d Decimal) Sign() int {
	switch {
	case d.Coef < 0:
		return -1
	case d.Coef > 0:
		return 1
	}
	return 0
}

// Rescale returns d with the given scale. Reducing the scale fails unless the dropped
// digits are zero: nothing is ever rounded silently.
func (d Decimal) Rescale(scale int) (Decimal, error) {
	if scale < 0 || scale > MaxScale {
		return Decimal{}, fmt.Errorf("rescale %s to %d: %w", d, scale, ErrOverflow)
	}
	c := d.Coef
	for s := d.Scale; s < scale; s++ {
		hi, lo := bits.Mul64(uint64(abs(c)), 10)
		if hi != 0 || lo > math.MaxInt64 {
			return Decimal{}, fmt.Errorf("rescale %s to %d: %w", d, scale, ErrOverflow)
		}
		c *= 10
	}
	for s := d.Scale; s > scale; s-- {
		if c%10 != 0 {
			return Decimal{}, fmt.Errorf("rescale %s to %d: would drop digits", d, scale)
		}
		c /= 10
	}
	return Decimal{Coef: c, Scale: scale}, nil
}

// Shift multiplies by 10^n exactly (n may be negative); the scale absorbs the shift where it
// can, so 万元 → 元 is Shift(4) and keeps every digit.
func (d Decimal) Shift(n int) (Decimal, error) {
	scale := d.Scale - n
	if scale >= 0 && scale <= MaxScale {
		return Decimal{Coef: d.Coef, Scale: scale}, nil
	}
	if scale > MaxScale {
		return Decimal{}, fmt.Errorf("shift %s by %d: %w", d, n, ErrOverflow)
	}
	// Rescaling to -scale decimals multiplies the coefficient by 10^-scale; reading the
	// result back at scale 0 is the multiplication by 10^n we want.
	r, err := Decimal{Coef: d.Coef, Scale: 0}.Rescale(-scale)
	if err != nil {
		return Decimal{}, fmt.Errorf("shift %s by %d: %w", d, n, ErrOverflow)
	}
	return Decimal{Coef: r.Coef, Scale: 0}, nil
}

// Normalize drops trailing zero decimals down to (but not below) minScale.
func (d Decimal) Normalize(minScale int) Decimal {
	for d.Scale > minScale && d.Scale > 0 && d.Coef%10 == 0 {
		d.Coef /= 10
		d.Scale--
	}
	// A negative shift may leave scale > 0 with a zero coef; keep it tidy.
	if d.Coef == 0 && d.Scale > minScale {
		d.Scale = max(minScale, 0)
	}
	return d
}

// align returns both values at the larger scale.
func align(a, b Decimal) (Decimal, Decimal, error) {
	s := max(a.Scale, b.Scale)
	a2, err := a.Rescale(s)
	if err != nil {
		return a, b, err
	}
	b2, err := b.Rescale(s)
	return a2, b2, err
}

// Add returns a+b exactly, at the larger scale.
func (d Decimal) Add(o Decimal) (Decimal, error) {
	a, b, err := align(d, o)
	if err != nil {
		return Decimal{}, err
	}
	s := a.Coef + b.Coef
	if (a.Coef > 0 && b.Coef > 0 && s < 0) || (a.Coef < 0 && b.Coef < 0 && s >= 0) {
		return Decimal{}, fmt.Errorf("%s + %s: %w", d, o, ErrOverflow)
	}
	return Decimal{Coef: s, Scale: a.Scale}, nil
}

// Neg returns -d.
func (d Decimal) Neg() Decimal { return Decimal{Coef: -d.Coef, Scale: d.Scale} }

// Sub returns d-o exactly.
func (d Decimal) Sub(o Decimal) (Decimal, error) { return d.Add(o.Neg()) }

// Cmp compares numerically: -1, 0, 1. Values too far apart to align compare by sign and size.
func (d Decimal) Cmp(o Decimal) int {
	a, b, err := align(d, o)
	if err != nil {
		// Only reachable when one value is enormous; the larger magnitude decides.
		if d.Scale < o.Scale {
			return d.Sign()
		}
		return -o.Sign()
	}
	switch {
	case a.Coef < b.Coef:
		return -1
	case a.Coef > b.Coef:
		return 1
	}
	return 0
}

// Equal reports numeric equality (2.50 equals 2.5).
func (d Decimal) Equal(o Decimal) bool { return d.Cmp(o) == 0 }

// Abs returns |d|.
func (d Decimal) Abs() Decimal { return Decimal{Coef: abs(d.Coef), Scale: d.Scale} }

// Sum adds values exactly.
func Sum(vs ...Decimal) (Decimal, error) {
	var total Decimal
	for _, v := range vs {
		var err error
		if total, err = total.Add(v); err != nil {
			return Decimal{}, err
		}
	}
	return total, nil
}

// Ulp is one unit in the last printed place (0.01 for scale 2, 1 for scale 0).
func Ulp(scale int) Decimal { return Decimal{Coef: 1, Scale: scale} }

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
