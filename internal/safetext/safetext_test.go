package safetext

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestCSVText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"@SUM(1,2)", "'@SUM(1,2)"},
		{"+86 10 1234", "'+86 10 1234"},
		{"-A1", "'-A1"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'=1", "''=1"},  // already quoted by the document: one more, so unescaping is exact
		{"'abc", "'abc"}, // a quote before plain text is left alone
		{"一般公共服务支出", "一般公共服务支出"},
		{"2010101", "2010101"},
		{"", ""},
		{"a=1", "a=1"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"=\xff", "'=\uFFFD"},
	}
	for _, c := range cases {
		got := CSVText(c.in)
		if got != c.want {
			t.Errorf("CSVText(%q) = %q, want %q", c.in, got, c.want)
		}
		if utf8.ValidString(c.in) {
			if back := CSVUnescape(got); back != c.in {
				t.Errorf("CSVUnescape(%q) = %q, want %q", got, back, c.in)
			}
		}
	}
}

func TestTerminal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain 中文 name.pdf", "plain 中文 name.pdf"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{"\x1b]0;owned\a.pdf", `\x1b]0;owned\a.pdf`},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"bidi\u202egpj.pdf", `bidi\u202egpj.pdf`},
		{"bad\xff\xfe", `bad\xff\xfe`},
		{"cr\rover", `cr\rover`},
	}
	for _, c := range cases {
		if got := Terminal(c.in); got != c.want {
			t.Errorf("Terminal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriter(t *testing.T) {
	cases := []struct{ in, want string }{
		{"\r\033[K[###...] 1/2 files", "\r\033[K[###...] 1/2 files"}, // the bar's own clear-line
		{"\r\033[K", "\r\033[K"},
		{"convert: \x1b]0;x\a.pdf: no file matches\n", `convert: \x1b]0;x\a.pdf: no file matches` + "\n"},
		{"x\r\033[Ky", `x\r\x1b[Ky`}, // only at the start of a write
	}
	for _, c := range cases {
		var b bytes.Buffer
		n, err := Writer{W: &b}.Write([]byte(c.in))
		if err != nil || n != len(c.in) || b.String() != c.want {
			t.Errorf("Write(%q) = %d, %v, wrote %q; want %q", c.in, n, err, b.String(), c.want)
		}
	}
}

func TestUTF8(t *testing.T) {
	if got := UTF8("a\xc3(b"); got != "a\uFFFD(b" {
		t.Errorf("got %q", got)
	}
	if got := UTF8("预算"); got != "预算" {
		t.Errorf("got %q", got)
	}
}
