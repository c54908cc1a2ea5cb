package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// TestApply: `apply OUT` reconverts exactly the documents whose corrections changed, in the
// formats and message language they were written in.
func TestApply(t *testing.T) {
	out := t.TempDir()
	src := "../../fixtures/sample/changji-hitech-zone-2026-budget.pdf"
	var o, e bytes.Buffer
	if code := run([]string{"convert", src, "-o", out, "-q", "--format", "csv,json", "--message-lang", "en"}, &o, &e); code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, e.String())
	}
	id := "changji-hitech-zone-2026-budget"
	dir := filepath.Join(out, id)
	status := func() pipeline.DocResult {
		r, err := pipeline.ReadConversion(dir)
		if err != nil {
			t.Fatal(err)
		}
		return *r
	}
	first := status()

	// Nothing changed: nothing is converted.
	o.Reset()
	e.Reset()
	if code := run([]string{"apply", out, "-q"}, &o, &e); code != exitOK {
		t.Fatalf("apply: exit %d: %s", code, e.String())
	}
	if r := status(); r.ConvertedAt != first.ConvertedAt {
		t.Errorf("apply without corrections reconverted the document")
	}

	fix := corrections.Correction{Kind: corrections.KindValue, Table: 3, Row: 61, Column: 4, Old: "55", New: "56", By: "tester"}
	if _, err := corrections.Add(corrections.Path(dir), id, "", fix, time.Now()); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"apply", "-q", out}, &o, &e); code != exitOK {
		t.Fatalf("apply: exit %d: %s", code, e.String())
	}
	r := status()
	if r.CorrectionsSHA256 == "" || r.Formats != "csv,json" || r.MessageLang != "en" {
		t.Errorf("after apply: corrections %q formats %q lang %q; want the correction applied in csv,json, en", r.CorrectionsSHA256, r.Formats, r.MessageLang)
	}
	b, err := os.ReadFile(filepath.Join(dir, export.DocCellsFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `""kind"":""correction""`) {
		t.Errorf("cells.csv has no correction repair after apply")
	}
	if _, err := os.Stat(filepath.Join(dir, id+".xlsx")); err == nil {
		t.Errorf("apply wrote a workbook the conversion did not ask for")
	}
	if code := run([]string{"apply", filepath.Join(out, "nothing-here")}, &o, &e); code != exitUsage {
		t.Errorf("apply on a missing folder: exit %d, want %d", code, exitUsage)
	}
}
