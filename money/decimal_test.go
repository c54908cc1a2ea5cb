package money

import "testing"

func TestParseString(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"0", "0"}, {"2.50", "2.50"}, {"58822", "58822"}, {"448.878575", "448.878575"},
		{"-1234.00", "-1234.00"}, {".5", "0.5"}, {"+7", "7"}, {"0.001", "0.001"},
		{"91016775.35", "91016775.35"},
	} {
		d, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got := d.String(); got != tc.out {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.out)
		}
	}
	for _, bad := range []string{"", "-", "1.", "1,000", "1e5", "١٢", "99999999999999999999", "1.2.3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", bad)
		}
	}
}

func TestArithmetic(t *testing.T) {
	a, b := MustParse("1202.95"), MustParse("0.05")
	s, err := a.Add(b)
	if err != nil || s.String() != "1203.00" {
		t.Fatalf("1202.95+0.05 = %v, %v", s, err)
	}
	if !s.Equal(MustParse("1203")) {
		t.Errorf("1203.00 should equal 1203")
	}
	y, err := MustParse("448.878575").Shift(4)
	if err != nil || y.String() != "4488785.75" {
		t.Errorf("448.878575 万元 in 元 = %v, %v; want 4488785.75", y, err)
	}
	y, err = MustParse("58822").Shift(4)
	if err != nil || y.String() != "588220000" {
		t.Errorf("58822 万元 in 元 = %v, %v", y, err)
	}
	if _, err := MustParse("2.55").Rescale(1); err == nil {
		t.Errorf("Rescale dropping a digit must fail")
	}
	if MustParse("-3").Cmp(MustParse("2.5")) != -1 {
		t.Errorf("-3 < 2.5")
	}
	if _, err := (Decimal{Coef: 1 << 62}).Add(Decimal{Coef: 1 << 62}); err == nil {
		t.Errorf("overflow not reported")
	}
}

func FuzzParseRoundTrip(f *testing.F) {
	for _, s := range []string{"0", "2.50", "-1234.00", "448.878575", "91016775.35"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(d.String())
		if err != nil {
			t.Fatalf("String() of %q = %q does not parse: %v", s, d.String(), err)
		}
		if back != d {
			t.Fatalf("round trip %q: %+v != %+v", s, back, d)
		}
	})
}

func TestUnitShift(t *testing.T) {
	for _, c := range []struct {
		unit     string
		shift    int
		rate, ok bool
	}{{"元", 0, false, true}, {"万元", 4, false, true}, {"亿元", 8, false, true}, {"千元", 3, false, true},
		{"元/克", 0, true, true}, {"万元/年", 4, true, true}, {"%", 0, false, false}, {"", 0, false, false}, {"亿美元", 0, false, false}} {
		s, r, ok := UnitShift(c.unit)
		if s != c.shift || r != c.rate || ok != c.ok {
			t.Errorf("UnitShift(%q) = %d %v %v, want %d %v %v", c.unit, s, r, ok, c.shift, c.rate, c.ok)
		}
	}
	for _, c := range []struct {
		in string
		n  int
	}{{"936647884.3", 10}, {"0.05", 1}, {"0", 0}, {"-120.00", 5}, {"58822", 5}} {
		if n := MustParse(c.in).SignificantDigits(); n != c.n {
			t.Errorf("SignificantDigits(%s) = %d, want %d", c.in, n, c.n)
		}
	}
}
