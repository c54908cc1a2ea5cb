package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/report"
)

// TestBatchReport: a batch with the sample, a byte-identical copy of it under another name
// and a real document without any table (wild_21, a national standard) converts the sample
// once, names the copy as its duplicate, gives the standard the no_tables status, and
// writes report.html and index.xlsx saying so; a resumed run keeps them.
func TestBatchReport(t *testing.T) {
	src := "../fixtures/sample/changji-hitech-zone-2026-budget.pdf"
	noTables := corpus.Path(t, "corpus/wild/wild_21.pdf")
	dir := t.TempDir()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "zz-copy-of-changji.pdf")
	if err := os.WriteFile(copyPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := Expand([]string{src, copyPath, noTables})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for _, resume := range []bool{false, true} {
		sum, err := RunBatch(context.Background(), in, BatchOptions{Out: out, ToolVersion: "test", Resume: resume})
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]DocResult{}
		for _, r := range sum.Results {
			by[filepath.Base(r.Source)] = r
		}
		sample, dup, std := by["changji-hitech-zone-2026-budget.pdf"], by["zz-copy-of-changji.pdf"], by["wild_21.pdf"]
		wantSample, wantStd := StatusConverted, StatusNoTables
		if resume {
			wantSample, wantStd = StatusSkipped, StatusSkipped
		}
		if sample.Status != wantSample || dup.Status != StatusDuplicate || dup.DuplicateOf != sample.DocID || std.Status != wantStd || std.Tables != 0 {
			t.Fatalf("resume %v: sample %s, copy %s (of %q), wild_21 %s with %d tables", resume, sample.Status, dup.Status, dup.DuplicateOf, std.Status, std.Tables)
		}
		if _, err := os.Stat(filepath.Join(out, dup.DocID)); !os.IsNotExist(err) {
			t.Errorf("the duplicate has an output folder of its own: %v", err)
		}
		html, err := os.ReadFile(filepath.Join(out, report.HTMLFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"zz-copy-of-changji.pdf = " + sample.DocID, "无表格的文件", "wild_21.pdf（", `<a href="` + sample.DocID + "/" + sample.DocID + `.xlsx">`, "<svg"} {
			if !strings.Contains(string(html), want) {
				t.Errorf("resume %v: report.html lacks %q", resume, want)
			}
		}
		if strings.Contains(string(html), "http://") || strings.Contains(string(html), "https://") {
			t.Errorf("report.html refers to something online")
		}
		x, err := excelize.OpenFile(filepath.Join(out, report.IndexFile))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("文件")
		x.Close()
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]string{}
		for _, r := range rows[1:] {
			status[r[0]] = r[1]
		}
		if len(rows) != 4 || status[dup.DocID] != "重复文件" || status[std.DocID] != "无表格" {
			t.Errorf("resume %v: index.xlsx rows %q", resume, rows)
		}
	}
}
