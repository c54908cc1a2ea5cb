package cliflag

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestInterleaved(t *testing.T) {
	for _, tc := range []struct {
		args    string
		out     string
		verbose bool
		pos     []string
	}{
		{"", "out", false, nil},
		{"-o x a.pdf", "x", false, []string{"a.pdf"}},
		{"a.pdf -o x", "x", false, []string{"a.pdf"}},
		{"a.pdf -v b.pdf -o=x c.pdf", "x", true, []string{"a.pdf", "b.pdf", "c.pdf"}},
		{"a.pdf -- -v b.pdf", "out", false, []string{"a.pdf", "-v", "b.pdf"}},
		{"-- a.pdf -o x", "out", false, []string{"a.pdf", "-o", "x"}},
		{"-v -- -o", "out", true, []string{"-o"}},
	} {
		t.Run(tc.args, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			out := fs.String("o", "out", "")
			v := fs.Bool("v", false, "")
			pos, err := Interleaved(fs, strings.Fields(tc.args))
			if err != nil {
				t.Fatal(err)
			}
			if *out != tc.out || *v != tc.verbose || !slices.Equal(pos, tc.pos) {
				t.Errorf("o=%q v=%v pos=%q, want o=%q v=%v pos=%q", *out, *v, pos, tc.out, tc.verbose, tc.pos)
			}
		})
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := Interleaved(fs, []string{"a.pdf", "-nope"}); err == nil {
		t.Error("an unknown flag after a positional parsed without error")
	}
}
