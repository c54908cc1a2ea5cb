package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// TestConvertDeterministic: separate runs of convert write byte-identical cells.csv. In a
// Chongqing 收入总表 (wild_19) the row 22904 其他政府性基金及对应专项债务收入安排的支出 ties between
// 22904 其他支出 and 22999 其它支出 (one key after NameKey); its mapped_code went either way in
// about one run in six while the mapper summed token weights in map order.
func TestConvertDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("converts one document 12 times")
	}
	bin := buildBinary(t)
	in := filepath.Join(corpus.Wild(t), "wild_19.pdf")
	var first []byte
	for run := 1; run <= 12; run++ {
		out := t.TempDir()
		cmd := exec.Command(bin, "convert", in, "--no-ocr", "-q", "--format", "csv", "--in-process", "-o", out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, b)
		}
		got, err := os.ReadFile(filepath.Join(out, "wild_19", "cells.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got
		} else if string(got) != string(first) {
			t.Fatalf("run %d: cells.csv differs from the first run's", run)
		}
	}
}
