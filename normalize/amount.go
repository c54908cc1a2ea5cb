package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
)

// Amount is one parsed amount as printed.
type Amount struct {
	Value money.Decimal
	// Present is false for a blank cell and for the dash forms (`-`, `—`, `--`, `/`): no
	// amount, which is not the same as a printed 0.
	Present bool
	// Percent is true when the text carried a % sign (percentages in prose tables).
	Percent bool
	// Canonical is the plain decimal text Value was parsed from (`-1234.00`).
	Canonical string
	// Format names an unusual but unambiguous way the number was printed (FormatLastGroup,
	// FormatFullWidth); "" for the usual forms.
	Format string
}

// The unusual number formats ParseAmount reads (each reported once per table as an info
// number_format finding, so the user knows how the figures were read).
const (
	// FormatLastGroup: only the last three digits are separated (`120258,600`, a whole Shanghai
	// municipal template): one number, 120258600 — the separator can only be a thousands
	// separator, a decimal comma never has three digits in these tables.
	FormatLastGroup = "only the last group of three digits separated (120258,600)"
	// FormatFullWidth: full-width digits (`１２０.５０`).
	FormatFullWidth = "full-width digits (１２０.５０)"
)

// ErrFragments reports a text holding several numeric fragments separated by spaces: the
// caller must decide how they join (see splitReadings); ParseAmount never guesses.
var ErrFragments = errors.New("several numeric fragments")

// ParseAmount reads one printed amount: thousands separators (`91,016,775.35`), full-width
// digits and punctuation, negatives (`-1,234.00`, `(1,234.00)`, `△1,234.00`), a trailing %
// and the dash forms of "no amount". It is exact (no float anywhere) and strict: anything it
// does not understand is an error naming the text, never a guess.
func ParseAmount(text string) (Amount, error) {
	format := ""
	if strings.ContainsFunc(text, func(r rune) bool { return r >= '０' && r <= '９' }) {
		format = FormatFullWidth
	}
	s := foldWidth(strings.TrimSpace(text))
	s = strings.Trim(s, " \t\u00a0")
	if s == "" || isDash(s) {
		return Amount{}, nil
	}
	if strings.ContainsAny(s, " \t\u00a0") {
		return Amount{}, fmt.Errorf("amount %q: %w", text, ErrFragments)
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
		neg, s = true, s[1:len(s)-1]
	case strings.HasPrefix(s, "△"), strings.HasPrefix(s, "▲"):
		neg, s = true, strings.TrimPrefix(strings.TrimPrefix(s, "△"), "▲")
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	pct := false
	if strings.HasSuffix(s, "%") {
		pct, s = true, strings.TrimSuffix(s, "%")
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',') {
			return Amount{}, fmt.Errorf("amount %q: unexpected %q", text, r)
		}
	}
	plain, lastGroup, err := stripSeparators(s)
	if err != nil {
		return Amount{}, fmt.Errorf("amount %q: %w", text, err)
	}
	if lastGroup {
		format = FormatLastGroup
	}
	if strings.HasPrefix(plain, ".") {
		plain = "0" + plain
	}
	if neg {
		plain = "-" + plain
	}
	d, err := money.Parse(plain)
	if err != nil {
		return Amount{}, fmt.Errorf("amount %q: %w", text, err)
	}
	if d.IsZero() && neg {
		// "-0.00" and "(0)" are printed zeros; keep the value positive so 0 == -0 prints 0.
		d = d.Abs()
		plain = d.String()
	}
	return Amount{Value: d, Present: true, Percent: pct, Canonical: plain, Format: format}, nil
}

// isDash reports the printed forms of "no amount".
func isDash(s string) bool {
	for _, r := range s {
		switch r {
		case '-', '—', '–', '―', '－', '/', '一', '─', '━', '‐', '‒', '*', '＊':
		default:
			return false
		}
	}
	// A lone 一 is the digit "one" in Chinese text, but inside an amount cell it is always a
	// dash drawn with the CJK character (WPS templates do this).
	return true
}

// stripSeparators removes thousands separators after checking that they group by three:
// `1,2345` is not a number a table prints, it is two numbers or an OCR error. One separator
// before the last three digits of a longer number (`120258,600`) is read as the thousands
// separator it can only be; lastGroup says so.
func stripSeparators(s string) (plain string, lastGroup bool, err error) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if strings.Contains(frac, ",") {
		return "", false, errors.New("separator in the decimals")
	}
	if !strings.Contains(intPart, ",") {
		return s, false, nil
	}
	groups := strings.Split(intPart, ",")
	if len(groups) == 2 && len(groups[0]) > 3 && len(groups[1]) == 3 {
		lastGroup = true
	}
	for i, g := range groups {
		if g == "" || len(g) > 3 && !(lastGroup && i == 0) || (i > 0 && len(g) != 3) {
			return "", false, errors.New("thousands separators do not group by three")
		}
	}
	out := strings.Join(groups, "")
	if hasDot {
		out += "." + frac
	}
	return out, lastGroup, nil
}

// foldWidth maps full-width digits and the punctuation amounts use to ASCII, and the
// minus-like dashes to '-' when they lead a number.
func foldWidth(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '，':
			b.WriteByte(',')
		case r == '．':
			b.WriteByte('.')
		case r == '（':
			b.WriteByte('(')
		case r == '）':
			b.WriteByte(')')
		case r == '％':
			b.WriteByte('%')
		case r == '＋':
			b.WriteByte('+')
		case r == '\u3000':
			b.WriteByte(' ')
		case (r == '−' || r == '－' || r == '–' || r == '—') && i+1 < len(rs) && isDigitish(rs[i+1]):
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isDigitish(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '.' || r == '．'
}

// looksNumeric reports whether a fragment is made of the characters amounts are printed
// with (so a cell "1204 5" is two numeric fragments, "其他 支出" is not).
func looksNumeric(s string) bool {
	s = foldWidth(s)
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(",.-()%+△▲", r):
		default:
			return false
		}
	}
	return digits > 0
}
