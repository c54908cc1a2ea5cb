package ocr

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestDigitVote: the per-digit majority of the readings with the most common digit count,
// written in the form of the first of them; none when fewer than three readings have that
// count, when a position has no strict majority, or when it is one of the readings already.
func TestDigitVote(t *testing.T) {
	alt := func(ss ...string) []extract.Alternative {
		var out []extract.Alternative
		for _, s := range ss {
			out = append(out, extract.Alternative{Text: s})
		}
		return out
	}
	cases := []struct {
		name string
		rs   []extract.Alternative
		want string
	}{
		{"each reading wrong in another digit", alt("3,343,709.00", "3343104.00", "8343704.00"), "3,343,704.00"},
		{"a reading with a dropped digit does not vote", alt("38454900.00", "38454909.00", "3844900.00", "38154900.00"), ""}, // 38454900.00 is a reading already
		{"majority is a reading already", alt("2988.00", "2988.00", "2989.00"), ""},
		{"two readings are no vote", alt("100", "109"), ""},
		{"no strict majority at a position", alt("123", "456", "789"), ""},
		{"the most common digit count votes, in its first reading's form", alt("11496700", "114967809", "1149678", "114961800", "104967800"), "114967800"},
	}
	for _, c := range cases {
		if got := digitVote(c.rs); got != c.want {
			t.Errorf("%s: digitVote = %q, want %q", c.name, got, c.want)
		}
	}
}
