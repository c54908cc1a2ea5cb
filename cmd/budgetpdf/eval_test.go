package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/fixtures/score"
	"github.com/budgetpdf/budgetpdf/keyfile"
)

func TestEvalExitCodes(t *testing.T) {
	// A key whose PDF is absent: the run works (the document is reported as skipped).
	keyDir := filepath.Join(t.TempDir(), "keys", "doc")
	k := &keyfile.Key{Dir: keyDir, Manifest: keyfile.Manifest{Document: "doc", Source: "absent.pdf",
		Tables: []keyfile.ManifestTable{{File: "01_income.csv", Title: "收入总表", Kind: "income", Unit: "元", Rows: 1}}},
		Tables: map[string]keyfile.Table{"01_income.csv": {Header: []string{"code", "name", "合计"}, Rows: [][]string{{"", "合计", "1.00"}}}}}
	if err := keyfile.Write(k); err != nil {
		t.Fatal(err)
	}
	// A held-out key in a second folder, given with the first as --keys A,B.
	heldDir := filepath.Join(t.TempDir(), score.HeldOutDir, "held")
	h := *k
	h.Dir, h.Manifest.Document = heldDir, "held"
	if err := keyfile.Write(&h); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(t.TempDir(), "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "manifest.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"no arguments", []string{"eval"}, exitUsage, ""},
		{"both forms", []string{"eval", "--key", keyDir, "--keys", keyDir}, exitUsage, ""},
		{"pdf without key", []string{"eval", "--keys", keyDir, "--pdf", "x.pdf"}, exitUsage, ""},
		{"bad variants", []string{"eval", "--keys", keyDir, "--variants", "scan200,,"}, exitUsage, ""},
		{"no keys there", []string{"eval", "--keys", t.TempDir()}, exitFailed, ""},
		{"unreadable key", []string{"eval", "--key", broken}, exitFailed, ""},
		{"missing source is skipped", []string{"eval", "--keys", filepath.Dir(keyDir), "--no-ocr", "--root", t.TempDir()}, exitOK, "| doc | pdf |"},
		{"json", []string{"eval", "--key", keyDir, "--no-ocr", "--json", "--root", t.TempDir()}, exitOK, `"status": "skipped"`},
		{"several key folders", []string{"eval", "--keys", filepath.Dir(keyDir) + "," + filepath.Dir(heldDir), "--no-ocr", "--root", t.TempDir()}, exitOK, "| held (held out) | pdf |"},
		{"one of several folders without keys", []string{"eval", "--keys", filepath.Dir(keyDir) + "," + t.TempDir(), "--no-ocr"}, exitFailed, ""},
		{"only commas", []string{"eval", "--keys", ",", "--no-ocr"}, exitUsage, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.out) {
				t.Errorf("stdout lacks %q:\n%s", tc.out, stdout.String())
			}
			if strings.HasSuffix(tc.name, "json") {
				var v map[string]any
				if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
					t.Errorf("--json output is not JSON: %v", err)
				}
			}
		})
	}
}

func TestEvalWild(t *testing.T) {
	// A folder with the bundled sample and a file that is not a PDF: both are rows of the
	// report; the broken one fails alone.
	dir := t.TempDir()
	sample, err := filepath.Abs(filepath.Join("..", "..", "fixtures", "sample", "changji-hitech-zone-2026-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(sample, filepath.Join(dir, "sample.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.pdf"), []byte("not a pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A triage of the sample: one genuine break it reports (231 债务还本支出 总计 10617 where its
	// 款 rows give 8217, README) and one it cannot know.
	triage := filepath.Join(t.TempDir(), "triage.csv")
	if err := os.WriteFile(triage, []byte("document,source,verdict,page,table,row,name,column,rule,printed,expected,evidence\n"+
		"sample,finding,genuine,5,2,121,债务还本支出,总计,hierarchy_sum,10617,8217,表2 prints no 款 row 23103\n"+
		"sample,reading,genuine,5,2,1,合计,总计,table_total,1,2,made up\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  []string
	}{
		{"report", []string{"--wild", dir}, exitOK, []string{"| sample | 37 | 12 |", "| broken |", "failed", "**total** (2 documents)"}},
		{"strict", []string{"--wild", dir, "--strict"}, exitFailed, nil},
		{"exclude", []string{"--wild", dir, "--exclude", "broken.pdf"}, exitOK, []string{"**total** (1 documents)", "Left out (held out, --exclude): broken.pdf"}},
		{"everything excluded", []string{"--wild", dir, "--exclude", "broken.pdf,sample.pdf"}, exitFailed, nil},
		{"one file", []string{"--wild", filepath.Join(dir, "sample.pdf"), "--json"}, exitOK, []string{`"documents": 1`, `"document": "sample"`}},
		{"triage", []string{"--wild", dir, "--triage", triage}, exitOK, []string{"Against the hand triage", "| sample |", "| 1/2 |"}},
		{"unreadable triage", []string{"--wild", dir, "--triage", filepath.Join(dir, "notes.txt")}, exitFailed, nil},
		{"with keys", []string{"--wild", dir, "--keys", dir}, exitUsage, nil},
		{"absent folder", []string{"--wild", filepath.Join(dir, "absent")}, exitFailed, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"eval", "--no-ocr"}, tc.args...)
			if code := run(args, &stdout, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			for _, s := range tc.out {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
		})
	}
}
