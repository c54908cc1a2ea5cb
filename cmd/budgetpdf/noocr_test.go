package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoOCRBuild: `-tags noocr` with CGO_ENABLED=0 gives a static Linux binary that
// converts a born-digital document and reports a scanned one's pages as failed pages that
// say why; the same build type-checks for Windows (the one non-unix target: no getrusage,
// no exec; `make noocr` links Windows and macOS binaries).
func TestNoOCRBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "budgetpdf-noocr")
	build := exec.Command("go", "build", "-tags", "noocr", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build -tags noocr: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	libs, _ := f.ImportedLibraries()
	interp := f.Section(".interp")
	f.Close()
	if len(libs) > 0 || interp != nil {
		t.Errorf("not static: imports %v, interpreter section %v", libs, interp != nil)
	}

	for _, c := range []struct {
		name, pdf string
		exit      int
		stderr    string // in the summary
	}{
		{"born-digital", "ningan-statistics-2024-final-accounts.pdf", 0, "1 converted"},
		{"scanned", "ningan-statistics-2024-final-accounts-scan200.pdf", 1, "built without OCR (-tags noocr)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(bin, "convert", "--format", "csv", "-o", out, filepath.Join("..", "..", "fixtures", "pdf", c.pdf))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != c.exit || !strings.Contains(stderr.String(), c.stderr) {
				t.Fatalf("exit %d, want %d; stderr lacks %q:\n%s", code, c.exit, c.stderr, stderr.String())
			}
			if c.exit == 0 {
				cells, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(c.pdf, ".pdf"), "cells.csv"))
				if err != nil || bytes.Count(cells, []byte("\n")) < 100 {
					t.Errorf("cells.csv: %d lines, %v", bytes.Count(cells, []byte("\n")), err)
				}
			}
		})
	}

	vet := exec.Command("go", "vet", "-tags", "noocr", ".")
	vet.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("GOOS=windows go vet -tags noocr: %v\n%s", err, out)
	}
}
