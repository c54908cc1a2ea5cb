package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/pipeline"
)

// batchDir makes a folder of inputs named in batch order: "-" is a zero-byte PDF, anything
// else a link to that corpus file.
func batchDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if src == "-" {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		abs, err := filepath.Abs(filepath.Join(convertCorpus, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, p); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// jsonLines parses convert's stdout: one JSON object per document.
func jsonLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("stdout line %q is not a JSON object: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// TestConvertFailFast: with --fail-fast the batch stops after the first failed document:
// the documents before it are converted, the later ones are not started (no output, no
// progress line, "not started" in the summary and run.json), exit 1. Without the flag the
// bad file fails alone. One worker, so "later" is well defined; the fail-fast run is
// repeated because a job handed out at the moment of the failure used to be started anyway
// (about one run in two).
func TestConvertFailFast(t *testing.T) {
	needCorpus(t)
	in := batchDir(t, map[string]string{
		"a-good.pdf":  "putuo-govoffice-2025-budget.pdf",
		"b-empty.pdf": "-",
		"c-good.pdf":  "putuo-wanli-2024-budget.pdf",
		"d-good.pdf":  "putuo-wanli-2024-budget.pdf",
	})
	cases := []struct {
		name    string
		flags   []string
		runs    int
		want    map[string]string // doc id → status in the progress lines (and run.json)
		summary string
	}{
		{"fail-fast", []string{"--fail-fast"}, 8,
			map[string]string{"a-good": "converted", "b-empty": "failed"},
			"4 documents: 1 converted, 0 partly (pages failed), 0 skipped (--resume), 1 failed, 2 not started;"},
		{"without fail-fast", nil, 1,
			map[string]string{"a-good": "converted", "b-empty": "failed", "c-good": "converted", "d-good": "converted"},
			"4 documents: 3 converted, 0 partly (pages failed), 0 skipped (--resume), 1 failed;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for range c.runs {
				out := t.TempDir()
				var stdout, stderr bytes.Buffer
				// c-good and d-good are one PDF: converted as two documents here.
				code := runConvert(append([]string{"--no-ocr", "--keep-duplicates", "--workers", "1", "-o", out, in}, c.flags...), &stdout, &stderr)
				if code != exitFailed {
					t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stderr.String())
				}
				got := map[string]string{}
				for _, m := range jsonLines(t, stdout.String()) {
					got[m["doc_id"].(string)] = m["status"].(string)
				}
				if !maps.Equal(got, c.want) {
					t.Fatalf("progress lines %v, want %v\n%s", got, c.want, stderr.String())
				}
				if !strings.Contains(stderr.String(), c.summary) {
					t.Errorf("summary lacks %q:\n%s", c.summary, stderr.String())
				}
				if !strings.Contains(stderr.String(), filepath.Join(in, "b-empty.pdf")+": not a PDF file") {
					t.Errorf("the failure is not listed with its file:\n%s", stderr.String())
				}
				var run struct {
					Documents []pipeline.DocResult `json:"documents"`
				}
				b, err := os.ReadFile(filepath.Join(out, pipeline.RunFile))
				if err == nil {
					err = json.Unmarshal(b, &run)
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range run.Documents {
					want, ok := c.want[r.DocID]
					if !ok {
						want = string(pipeline.StatusNotRun)
					}
					if string(r.Status) != want {
						t.Errorf("run.json: %s %s, want %s", r.DocID, r.Status, want)
					}
					_, err := os.Stat(filepath.Join(out, r.DocID))
					if hasDir := err == nil; hasDir != (want == "converted") {
						t.Errorf("%s (%s): output folder present = %v", r.DocID, want, hasDir)
					}
				}
			}
		})
	}
}

// TestConvertProgressLines: on a non-terminal stdout, convert prints one JSON line per
// document, carrying the fields of the document's conversion.json (docs/OUTPUT.md) with
// status converted, failed or (with --resume) skipped; -q prints none.
func TestConvertProgressLines(t *testing.T) {
	needCorpus(t)
	in := batchDir(t, map[string]string{
		"good.pdf":  "putuo-govoffice-2025-budget.pdf",
		"empty.pdf": "-",
	})
	out := t.TempDir()
	cases := []struct {
		name  string
		flags []string
		want  map[string]string // doc id → status; nil: no lines at all
	}{
		{"first run", nil, map[string]string{"good": "converted", "empty": "failed"}},
		{"resumed", []string{"--resume"}, map[string]string{"good": "skipped", "empty": "failed"}},
		{"quiet", []string{"--resume", "-q"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runConvert(append([]string{"--no-ocr", "-o", out, in}, c.flags...), &stdout, &stderr)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stderr.String())
			}
			lines := jsonLines(t, stdout.String())
			if c.want == nil {
				if len(lines) > 0 {
					t.Errorf("-q printed %d progress lines", len(lines))
				}
				return
			}
			if len(lines) != len(c.want) {
				t.Fatalf("%d lines, want one per document (%d):\n%s", len(lines), len(c.want), stdout.String())
			}
			for _, m := range lines {
				id, _ := m["doc_id"].(string)
				if m["status"] != c.want[id] {
					t.Errorf("%s: status %v, want %s", id, m["status"], c.want[id])
				}
				if m["source_file"] != filepath.Join(in, id+".pdf") {
					t.Errorf("%s: source_file %v", id, m["source_file"])
				}
				if m["status"] == "failed" {
					if msg, _ := m["error"].(string); !strings.HasPrefix(msg, filepath.Join(in, id+".pdf")+": ") {
						t.Errorf("%s: error %q does not start with the file", id, msg)
					}
					if _, err := os.Stat(filepath.Join(out, id)); err == nil {
						t.Errorf("%s failed but has an output folder", id)
					}
					continue
				}
				// A converted or skipped document: the line is its conversion.json.
				b, err := os.ReadFile(filepath.Join(out, id, pipeline.ConversionFile))
				if err != nil {
					t.Fatal(err)
				}
				var rec map[string]any
				if err := json.Unmarshal(b, &rec); err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"doc_id", "source_file", "status", "source_sha256", "pages", "tables", "cells", "year", "doc_kind", "issuer", "dir", "files", "parquet", "formats", "tool_version", "converted_at", "seconds"} {
					if _, ok := m[k]; !ok {
						t.Errorf("%s: line lacks %q", id, k)
					}
				}
				for k, v := range rec {
					switch k {
					case "seconds": // the line's includes writing conversion.json
					case "status":
						if v != "converted" {
							t.Errorf("%s: conversion.json status %v", id, v)
						}
					default:
						if !jsonEqual(m[k], v) {
							t.Errorf("%s: line %s = %v, conversion.json %v", id, k, m[k], v)
						}
					}
				}
				if len(m) != len(rec) {
					t.Errorf("%s: line has %d fields, conversion.json %d", id, len(m), len(rec))
				}
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestNoArguments runs the real binary with no arguments: in a folder holding the bundled
// sample it converts fixtures/sample into out/ and says which file to open; elsewhere it
// says what is missing and exits 2.
func TestNoArguments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	samples, _ := filepath.Glob(filepath.Join("..", "..", defaultPath, "*.pdf"))
	if len(samples) != 1 {
		t.Fatalf("want one PDF in %s, found %v", defaultPath, samples)
	}
	bin := buildBinary(t)
	withSample := t.TempDir()
	if err := os.MkdirAll(filepath.Join(withSample, defaultPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(samples[0], filepath.Join(withSample, defaultPath, filepath.Base(samples[0]))); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(filepath.Base(samples[0]), ".pdf")
	workbook := filepath.Join("out", id, id+".xlsx")
	cases := []struct {
		name   string
		dir    string
		code   int
		stderr []string
	}{
		{"sample present", withSample, exitOK, []string{
			"budgetpdf: no PATH given: converting the bundled sample fixtures/sample into out/",
			"1 document: 1 converted, 0 partly (pages failed), 0 skipped (--resume), 0 failed;",
			"Outputs in out/ (layout: docs/OUTPUT.md):",
			"Start with " + workbook + " (sheet 校验 lists what did not add up).",
		}},
		{"sample absent", t.TempDir(), exitUsage, []string{
			"budgetpdf: no PATH given, and the bundled sample fixtures/sample is not here",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin)
			cmd.Dir, cmd.Stdout, cmd.Stderr = c.dir, &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			if code := cmd.ProcessState.ExitCode(); code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr.String())
			}
			for _, w := range c.stderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if c.code != exitOK {
				if _, err := os.Stat(filepath.Join(c.dir, "out")); err == nil {
					t.Error("out/ created although nothing was converted")
				}
				return
			}
			lines := jsonLines(t, stdout.String())
			if len(lines) != 1 || lines[0]["status"] != "converted" || lines[0]["tables"].(float64) == 0 {
				t.Errorf("progress lines %v, want the sample converted with tables", lines)
			}
			f, err := excelize.OpenFile(filepath.Join(c.dir, workbook))
			if err != nil {
				t.Fatalf("the workbook the run points to: %v", err)
			}
			defer f.Close()
			if sheets := f.GetSheetList(); len(sheets) < 3 || !slices.Contains(sheets, "校验") {
				t.Errorf("workbook sheets %v", sheets)
			}
			for _, p := range []string{"out/cells.csv", "out/parquet", "out/" + id + "/document.json"} {
				if _, err := os.Stat(filepath.Join(c.dir, p)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// TestBinaryExitCodes: the process exit status (not only the command function's result):
// 0 all converted, 1 some document failed, 2 usage errors.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	needCorpus(t)
	bin := buildBinary(t)
	good := filepath.Join(convertCorpus, "putuo-wanli-2024-budget.pdf")
	empty := filepath.Join(t.TempDir(), "empty.pdf")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dirPDF := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.Mkdir(dirPDF, 0o755); err != nil {
		t.Fatal(err)
	}
	// A file name that would retitle the terminal (OSC 0 … BEL) if echoed raw.
	evil := filepath.Join(t.TempDir(), "\x1b]0;owned\a.pdf")
	if err := os.WriteFile(evil, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		msg  string // in stderr
	}{
		{"all converted", []string{"convert", "--no-ocr", good}, exitOK, "1 converted"},
		{"unusable -o", []string{"convert", "--no-ocr", good, "-o", filepath.Join(notDir, "out")}, exitRun, "output folder"},
		{"folder named x.pdf fails alone", []string{"convert", "--no-ocr", good, dirPDF}, exitFailed, dirPDF + ": is a folder, not a PDF file"},
		{"control characters escaped (no such file)", []string{"convert", filepath.Join(t.TempDir(), "\x1b]0;x\a*.pdf")}, exitUsage, `\x1b]0;x\a*.pdf: no file matches`},
		{"control characters escaped (failed file)", []string{"convert", "--no-ocr", good, evil}, exitFailed, `\x1b]0;owned\a.pdf: not a PDF file`},
		{"one failed", []string{"convert", "--no-ocr", good, empty}, exitFailed, empty + ": not a PDF file"},
		{"bad flag value", []string{"convert", "--format", "pdf", good}, exitUsage, `unknown format "pdf"`},
		{"path matches nothing", []string{"convert", filepath.Join(t.TempDir(), "*.pdf")}, exitUsage, "convert:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "usage: budgetpdf <command>"},
		{"inspect usage", []string{"inspect"}, exitUsage, "exactly one FILE"},
		{"inspect bad file", []string{"inspect", empty}, exitFailed, empty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, c.args...)
			cmd.Stdout = &stdout
			if c.args[0] == "convert" && !slices.Contains(c.args, "-o") {
				cmd.Args = append(cmd.Args, "-o", t.TempDir())
			}
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			// Asked-for help is output (stdout); the rest here are diagnostics and summaries (stderr).
			printed := stderr.String()
			if c.args[0] == "help" {
				printed = stdout.String()
			}
			if code := cmd.ProcessState.ExitCode(); code != c.code || !strings.Contains(printed, c.msg) {
				t.Errorf("exit %d, want %d; output lacks %q?\n%s", code, c.code, c.msg, printed)
			}
			if strings.ContainsAny(stderr.String(), "\x1b\a") {
				t.Errorf("stderr carries raw control characters: %q", stderr.String())
			}
		})
	}
}
