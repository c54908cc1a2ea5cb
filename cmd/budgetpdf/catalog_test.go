package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
)

// TestCatalogCLI runs `budgetpdf catalog import|learn|stats` in a temp store, in order, and
// checks their output and what they leave in the store.
func TestCatalogCLI(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	t.Setenv(catalog.EnvDir, filepath.Join(t.TempDir(), "env-store")) // --dir must win over it
	src := t.TempDir()
	csvPath := filepath.Join(src, "official.csv")
	if err := os.WriteFile(csvPath, []byte("科目编码,科目名称\n2019901,测试事务\n2019902,测试事务二\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xlsxPath := filepath.Join(src, "official.xlsx")
	f := excelize.NewFile()
	for i, r := range [][]string{{"类", "款", "项", "科目名称"}, {"229", "", "", "其他支出"}, {"", "99", "", "其他支出"}, {"", "", "97", "测试其他支出"}} {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pdf := "../../fixtures/pdf/hexi-county-agriculture-2026-budget.pdf"
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("fixture missing: %v", err)
	}
	embedded, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`: (\d+) codes:`)
	learned := regexp.MustCompile(`: (\d+) pairs seen, (\d+) new`)
	var firstSeen int

	steps := []struct {
		name string
		args []string
		code int
		out  []string // substrings of stdout
		err  string   // substring of stderr
		then func(t *testing.T, stdout string)
	}{
		{name: "usage", args: []string{"catalog"}, code: exitUsage, err: "usage: budgetpdf catalog"},
		{name: "unknown subcommand", args: []string{"catalog", "grow", "--dir", store}, code: exitUsage, err: `unknown subcommand "grow"`},
		{name: "import needs one file", args: []string{"catalog", "import", "--dir", store}, code: exitUsage, err: "usage: budgetpdf catalog import"},
		{name: "import of a missing file", args: []string{"catalog", "import", filepath.Join(src, "nope.csv"), "--dir", store}, code: exitFailed, err: "nope.csv"},
		{name: "import csv, flag after the file", args: []string{"catalog", "import", csvPath, "--dir", store},
			out: []string{"imported 2 codes from " + csvPath, "(2 imported rows in total)"}},
		{name: "import xlsx, flag before the file", args: []string{"catalog", "import", "--dir", store, xlsxPath},
			out: []string{"imported 3 codes from " + xlsxPath, "(5 imported rows in total)"}},
		{name: "re-import replaces the file's rows", args: []string{"catalog", "import", csvPath, "--dir", store},
			out: []string{"(5 imported rows in total)"}},
		{name: "learn from a converted document", args: []string{"catalog", "learn", pdf, "--dir", store},
			then: func(t *testing.T, out string) {
				m := learned.FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("no pair count in %q", out)
				}
				seen, _ := strconv.Atoi(m[1])
				fresh, _ := strconv.Atoi(m[2])
				// hexi prints 250 coded rows (its answer key); distinct pairs are fewer.
				if seen < 200 || fresh == 0 || fresh > seen {
					t.Errorf("seen %d, new %d: want ≥ 200 pairs seen and some new", seen, fresh)
				}
				firstSeen = seen
			}},
		{name: "learning the same document again adds nothing", args: []string{"catalog", "learn", pdf, "--dir", store},
			then: func(t *testing.T, out string) {
				m := learned.FindStringSubmatch(out)
				if m == nil || m[2] != "0" || m[1] != strconv.Itoa(firstSeen) {
					t.Errorf("second learn: %q, want %d pairs seen, 0 new", out, firstSeen)
				}
				rows, err := catalog.ReadRows(mustOpen(t, filepath.Join(store, catalog.LearnedFile)))
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					if r.Count < 2 {
						t.Errorf("learned row %s %s counted %d times, want ≥ 2 after two runs", r.Code, r.Name, r.Count)
						break
					}
				}
			}},
		{name: "learn of a missing file fails, naming it", args: []string{"catalog", "learn", filepath.Join(src, "nope.pdf"), "--dir", store}, code: exitFailed, err: "nope.pdf"},
		{name: "stats", args: []string{"catalog", "stats", "--dir", store},
			out: []string{"catalog (" + store + ")", "the user's store adds 3 imported"},
			then: func(t *testing.T, out string) {
				m := codes.FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("no code count in %q", out)
				}
				n, _ := strconv.Atoi(m[1])
				if n < embedded.Len()+3 {
					t.Errorf("%d codes, want at least the embedded %d + 3 imported (229 and 22999 are embedded)", n, embedded.Len())
				}
			}},
		{name: "stats takes no file", args: []string{"catalog", "stats", "x.csv", "--dir", store}, code: exitUsage, err: "usage: budgetpdf catalog stats"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(s.args, &stdout, &stderr)
			if code != s.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, s.code, stdout.String(), stderr.String())
			}
			for _, o := range s.out {
				if !strings.Contains(stdout.String(), o) {
					t.Errorf("stdout %q lacks %q", stdout.String(), o)
				}
			}
			if s.err != "" && !strings.Contains(stderr.String(), s.err) {
				t.Errorf("stderr %q lacks %q", stderr.String(), s.err)
			}
			if s.then != nil {
				s.then(t, stdout.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(os.Getenv(catalog.EnvDir), catalog.ImportedFile)); err == nil {
		t.Errorf("the store of $%s was written although --dir was given", catalog.EnvDir)
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
