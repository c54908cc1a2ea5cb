package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/ocr/paddle"
)

// TestHelp: `-h` and `--help` print usage to stdout and exit 0 for the program and every
// registered subcommand (help is output, not a diagnostic); nothing goes to stderr.
func TestHelp(t *testing.T) {
	t.Setenv("BUDGETPDF_LAKE", "") // lake's help must not need the lake program
	// Every subcommand the README documents must be registered (and so be tested below).
	for _, name := range []string{"convert", "inspect", "serve", "apply", "eval", "catalog", "lake", "submit", "worker", "status", "version"} {
		if _, ok := commands[name]; !ok {
			t.Errorf("subcommand %q is not registered", name)
		}
	}
	var cases [][]string
	for _, h := range []string{"-h", "--help"} {
		cases = append(cases, []string{h})
	}
	cases = append(cases, []string{"help"}, []string{"help", "convert"}, []string{"catalog", "import", "--help"}, []string{"convert", "fixtures/sample", "-h"})
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		cases = append(cases, []string{n, "-h"}, []string{n, "--help"})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var o, e bytes.Buffer
			code := run(args, &o, &e)
			if code != exitOK {
				t.Errorf("exit %d, want 0 (stdout %q, stderr %q)", code, o.String(), e.String())
			}
			if !strings.Contains(strings.ToLower(o.String()), "usage") {
				t.Errorf("stdout has no usage: %q", o.String())
			}
			if e.Len() != 0 {
				t.Errorf("stderr not empty: %q", e.String())
			}
			// The commands that OCR name the language flag by its new name.
			if slices.Contains([]string{"convert", "apply", "worker"}, args[0]) && len(args) == 2 && !strings.Contains(o.String(), "-ocr-lang") {
				t.Errorf("%s's usage does not list --ocr-lang", args[0])
			}
		})
	}
}

// TestUsageErrors: a usage error still goes to stderr with exit status 2.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"no-such-command"}, {"catalog"}, {"version", "extra"}, {"convert", "--no-such-flag"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var o, e bytes.Buffer
			if code := run(args, &o, &e); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if e.Len() == 0 || o.Len() != 0 {
				t.Errorf("stdout %q, stderr %q: want the error on stderr only", o.String(), e.String())
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		t.Run(args[0], func(t *testing.T) {
			var o, e bytes.Buffer
			if code := run(args, &o, &e); code != exitOK || o.String() != toolVersion()+"\n" || e.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and %q", code, o.String(), e.String(), toolVersion())
			}
		})
	}
}

// TestOCRLangFlag: --ocr-lang names Tesseract's languages; --lang still works but says it is
// deprecated.
func TestOCRLangFlag(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		want       string
		deprecated bool
	}{
		{[]string{"a.pdf"}, "chi_sim+eng", false},
		{[]string{"--ocr-lang", "eng", "a.pdf"}, "eng", false},
		{[]string{"a.pdf", "-ocr-lang=chi_tra"}, "chi_tra", false},
		{[]string{"--lang", "eng", "a.pdf"}, "eng", true},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var e bytes.Buffer
			c, code := parseConvertFlags(tc.args, &e)
			if c == nil {
				t.Fatalf("parse failed: exit %d, %s", code, e.String())
			}
			if c.lang != tc.want {
				t.Errorf("OCR languages %q, want %q", c.lang, tc.want)
			}
			if got := strings.Contains(e.String(), "deprecated"); got != tc.deprecated {
				t.Errorf("stderr %q: deprecation said %v, want %v", e.String(), got, tc.deprecated)
			}
		})
	}
}

// TestTextModelFlag: --text-model is off by default, names a folder holding the PP-OCRv4
// files, and fails at parse time (not on the first scanned page) when they are not there.
func TestTextModelFlag(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{paddle.ModelFile, paddle.DictFile, "linux/x64/libonnxruntime.so.1"} {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		args []string
		want string // the child's TextModel; "-": a usage error
	}{
		{"off by default", []string{"a.pdf"}, ""},
		{"a folder with the files", []string{"--text-model", "paddle:" + dir, "a.pdf"}, "paddle:" + dir},
		{"unknown recogniser", []string{"--text-model", "trocr:" + dir, "a.pdf"}, "-"},
		{"folder without the files", []string{"--text-model", "paddle:" + t.TempDir(), "a.pdf"}, "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e bytes.Buffer
			c, code := parseConvertFlags(tc.args, &e)
			if tc.want == "-" {
				if c != nil || code != exitUsage || !strings.Contains(e.String(), "--text-model") {
					t.Errorf("exit %d, stderr %q: want a usage error about --text-model", code, e.String())
				}
				return
			}
			if c == nil {
				t.Fatalf("parse failed: exit %d, %s", code, e.String())
			}
			if got := c.childOCR(1).TextModel; got != tc.want {
				t.Errorf("child OCR text model %q, want %q", got, tc.want)
			}
		})
	}
}
