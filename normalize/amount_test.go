package normalize

import (
	"errors"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/tables"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string // "" = no amount
		percent bool
	}{
		{"91,016,775.35", "91016775.35", false},
		{"58822", "58822", false},
		{"243.445664", "243.445664", false},
		{"448.878575", "448.878575", false},
		{"０.００", "0.00", false},
		{"５８，８２２．５０", "58822.50", false},
		{"0.00", "0.00", false},
		{"0", "0", false},
		{"-1,234.00", "-1234.00", false},
		{"－1,234.00", "-1234.00", false},
		{"(1,234.00)", "-1234.00", false},
		{"（1,234.00）", "-1234.00", false},
		{"△1,234.00", "-1234.00", false},
		{"12.5%", "12.5", true},
		{"61.58％", "61.58", true},
		{".5", "0.5", false},
		{" 2.50 ", "2.50", false},
		{"-", "", false}, {"—", "", false}, {"——", "", false}, {"－", "", false}, {"", "", false}, {"  ", "", false}, {"/", "", false}, {"*", "", false},
	} {
		a, err := ParseAmount(tc.in)
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tc.in, err)
			continue
		}
		if tc.want == "" {
			if a.Present {
				t.Errorf("ParseAmount(%q) = %s, want no amount", tc.in, a.Value)
			}
			continue
		}
		if !a.Present || a.Value.String() != tc.want || a.Percent != tc.percent {
			t.Errorf("ParseAmount(%q) = %s present=%v percent=%v, want %s percent=%v", tc.in, a.Value, a.Present, a.Percent, tc.want, tc.percent)
		}
	}
	// Unusual but unambiguous formats are read and named.
	for _, tc := range []struct{ in, want, format string }{
		{"120258,600", "120258600", FormatLastGroup},
		{"1234,567.89", "1234567.89", FormatLastGroup},
		{"５８８２２．５０", "58822.50", FormatFullWidth},
		{"120,258,600", "120258600", ""},
	} {
		a, err := ParseAmount(tc.in)
		if err != nil || a.Value.String() != tc.want || a.Format != tc.format {
			t.Errorf("ParseAmount(%q) = %s format %q (%v), want %s format %q", tc.in, a.Value, a.Format, err, tc.want, tc.format)
		}
	}
	for _, bad := range []string{"1,2345", "12,34.5", "1.2.3", "abc", "12万元x", "1.23,4", "12345,67", "1234,5678", "12,345678,901"} {
		if a, err := ParseAmount(bad); err == nil {
			t.Errorf("ParseAmount(%q) = %v, want an error", bad, a)
		}
	}
	for _, frag := range []string{"1204 5", "5882 2", "25180591 .33", "13 0"} {
		if _, err := ParseAmount(frag); !errors.Is(err, ErrFragments) {
			t.Errorf("ParseAmount(%q): %v, want ErrFragments (the split reader decides)", frag, err)
		}
	}
}

// printAmount renders a decimal the way tables print it: thousands separators, optional
// full-width digits and accounting negatives.
func printAmount(d money.Decimal, sep, fullWidth, parens bool) string {
	s := d.Abs().String()
	intPart, frac, hasDot := strings.Cut(s, ".")
	if sep {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	s = intPart
	if hasDot {
		s += "." + frac
	}
	if d.Sign() < 0 {
		if parens {
			s = "(" + s + ")"
		} else {
			s = "-" + s
		}
	}
	if fullWidth {
		s = strings.Map(func(r rune) rune {
			switch {
			case r >= '0' && r <= '9':
				return '０' + (r - '0')
			case r == ',':
				return '，'
			case r == '.':
				return '．'
			}
			return r
		}, s)
	}
	return s
}

// FuzzParseAmountRoundTrip: any exact decimal, printed in any of the forms tables use, parses
// back to the same value and scale (no float on the way: the scale survives, "2.50" stays).
func FuzzParseAmountRoundTrip(f *testing.F) {
	for _, s := range []struct {
		coef  int64
		scale int
	}{{9101677535, 2}, {58822, 0}, {243445664, 6}, {-123400, 2}, {0, 2}, {5, 1}} {
		f.Add(s.coef, s.scale, true, false, false)
	}
	f.Fuzz(func(t *testing.T, coef int64, scale int, sep, full, parens bool) {
		if scale < 0 || scale > 8 || coef == -1<<63 {
			t.Skip()
		}
		d := money.Decimal{Coef: coef, Scale: scale}
		text := printAmount(d, sep, full, parens)
		a, err := ParseAmount(text)
		if err != nil {
			t.Fatalf("ParseAmount(%q) for %s: %v", text, d, err)
		}
		want := d
		if d.IsZero() {
			want = d.Abs()
		}
		if !a.Present || a.Value != want {
			t.Fatalf("ParseAmount(%q) = %+v, want %+v", text, a.Value, want)
		}
	})
}

// FuzzParseAmountNoPanic: arbitrary text never panics and never yields a value whose
// printed form disagrees with its digits.
func FuzzParseAmountNoPanic(f *testing.F) {
	for _, s := range []string{"1,234.5", "(3)", "△", "１２", "1 2", "--", "1e5", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil || !a.Present {
			return
		}
		back, err := money.Parse(a.Value.String())
		if err != nil || back != a.Value {
			t.Fatalf("ParseAmount(%q) = %s does not round-trip", s, a.Value)
		}
	})
}

func frags(texts []string, boxes ...extract.Box) tables.Cell {
	c := tables.Cell{Text: strings.Join(texts, " ")}
	for i, tx := range texts {
		c.Fragments = append(c.Fragments, tables.Fragment{Text: tx, Page: 1, Box: boxes[i], Source: extract.SourceText, Confidence: 1})
	}
	return c
}

func TestReadCellSplits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cell    tables.Cell
		want    string
		decided bool
		kind    string
	}{
		{"seed 表2 1204/5 wrapped, right-aligned", frags([]string{"1204", "5"}, extract.Box{X0: 300, Y0: 100, X1: 322, Y1: 110}, extract.Box{X0: 316, Y0: 111, X1: 322, Y1: 121}), "12045", true, "join_split_number"},
		{"Hangzhou 370,219.2/5", frags([]string{"370,219.2", "5"}, extract.Box{X0: 200, Y0: 300, X1: 245, Y1: 309}, extract.Box{X0: 239, Y0: 310, X1: 245, Y1: 319}), "370219.25", true, "join_split_number"},
		{"Hangzhou 106,512.0/0", frags([]string{"106,512.0", "0"}, extract.Box{X0: 200, Y0: 300, X1: 245, Y1: 309}, extract.Box{X0: 239, Y0: 310, X1: 245, Y1: 319}), "106512.00", true, "join_split_number"},
		{"Xi'an gap 25180591 .33 on one baseline", frags([]string{"25180591", ".33"}, extract.Box{X0: 100, Y0: 50, X1: 140, Y1: 60}, extract.Box{X0: 150, Y0: 50, X1: 162, Y1: 60}), "25180591.33", true, "join_gap"},
		{"no geometry: identities must choose", tables.Cell{Text: "5882 2"}, "58822", false, "join_split_number"},
		{"continuation far below: ambiguous", frags([]string{"13", "0"}, extract.Box{X0: 300, Y0: 100, X1: 312, Y1: 110}, extract.Box{X0: 306, Y0: 140, X1: 312, Y1: 150}), "130", false, "join_split_number"},
	} {
		cr := readCell(tc.cell, &defaultSplit)
		if cr.err != nil {
			t.Errorf("%s: %v", tc.name, cr.err)
			continue
		}
		got := cr.readings[0].amount.Value.String()
		if got != tc.want || cr.decided != tc.decided || string(cr.kind) != tc.kind {
			t.Errorf("%s: got %s decided=%v kind=%s (%s), want %s decided=%v kind=%s", tc.name, got, cr.decided, cr.kind, cr.evidence, tc.want, tc.decided, tc.kind)
		}
		if !tc.decided && len(cr.readings) < 2 {
			t.Errorf("%s: ambiguous cell kept only %d reading(s)", tc.name, len(cr.readings))
		}
	}
}

// TestNumberFormatFinding: cells printed in an unusual format are read and reported once per
// table and format (info, about the reading), with the first cell.
func TestNumberFormatFinding(t *testing.T) {
	doc := textDoc([][]string{
		{"201", "", "", "一般公共服务支出", "120258,600", "100000,000", "20258,600"},
		{"", "", "", "合计", "120258,600", "100000,000", "20258,600"},
	})
	nd := Normalize(doc, Options{})
	fs := findingsOf(nd, "number_format")
	if len(fs) != 1 || fs[0].Severity != SeverityInfo || !fs[0].AboutReading() || !strings.Contains(fs[0].Message, "6 numbers") || fs[0].Expected != "120258600" {
		t.Fatalf("number_format findings: %+v", fs)
	}
	if v := nd.Tables[0].Rows[0].Values[4]; v.Amount.String() != "120258600" || v.Yuan == nil || v.Yuan.String() != "1202586000000" {
		t.Errorf("value %s yuan %v", v.Amount, v.Yuan)
	}
	for _, f := range nd.Findings {
		if f.Severity == SeverityError || f.Rule == "unparsed_amount" {
			t.Errorf("%s: %s", f.Rule, f.Message)
		}
	}
}

// TestSplitSettings: the split geometry comes from SplitSettings: a gap of 10 pt after an
// 8-digit head (5 pt a character) joins at the default 1.5 characters' allowance only
// when the allowance is widened, and a wrapped continuation 30 pt below only when the
// allowed gap is raised to 3 line heights.
func TestSplitSettings(t *testing.T) {
	gap := frags([]string{"25180591", "33"}, extract.Box{X0: 100, Y0: 50, X1: 140, Y1: 60}, extract.Box{X0: 150, Y0: 50, X1: 160, Y1: 60})
	far := frags([]string{"13", "0"}, extract.Box{X0: 300, Y0: 100, X1: 312, Y1: 110}, extract.Box{X0: 306, Y0: 140, X1: 312, Y1: 150})
	wideGap, wideWrap := defaultSplit, defaultSplit
	wideGap.GapMaxChars = 3
	wideWrap.WrapMaxGapLines = 3
	for _, tc := range []struct {
		name    string
		cell    tables.Cell
		set     SplitSettings
		decided bool
	}{
		{"gap of 2 characters, default", gap, defaultSplit, false},
		{"gap of 2 characters, 3 allowed", gap, wideGap, true},
		{"continuation 3 lines below, default", far, defaultSplit, false},
		{"continuation 3 lines below, 3 allowed", far, wideWrap, true},
	} {
		cr := readCell(tc.cell, &tc.set)
		if cr.err != nil || cr.decided != tc.decided {
			t.Errorf("%s: decided=%v err=%v (%s), want decided=%v", tc.name, cr.decided, cr.err, cr.evidence, tc.decided)
		}
	}
}
