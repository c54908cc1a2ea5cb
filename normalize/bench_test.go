package normalize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-ego/gse"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
	"github.com/budgetpdf/budgetpdf/tables"
)

// benchDocs are documents of each shape: the seed fixture (万元, 12 tables, prose with
// errors), a Shanghai 元 budget, a 决算 with side-by-side groups, Hangzhou (names only,
// wrapped numbers) and the largest corpus file.
var benchDocs = []string{
	"../fixtures/pdf/changji-hitech-zone-2026-budget.pdf",
	corpusDir + "/putuo-wanli-2024-budget.pdf",
	corpusDir + "/putuo-finance-2024-final-accounts.pdf",
	corpusDir + "/hangzhou-police-2026-budget.pdf",
	corpusDir + "/beijing-veterans-2026-budget-tables.pdf",
}

// tablesOf runs the two stages before normalize (text layer only), outside the timer.
func tablesOf(b testing.TB, path string) *tables.Document {
	b.Helper()
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not available: %v", path, err)
	}
	f, err := extract.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var pages []*extract.Page
	for i := 1; i <= f.NumPages(); i++ {
		p, err := f.Page(i)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
	}
	return tables.Build(path, pages)
}

// BenchmarkNormalize: one document's normalization (typing, repairs, mapping, identities,
// prose), the catalog and mapper already loaded as in a batch.
func BenchmarkNormalize(b *testing.B) {
	for _, path := range benchDocs {
		name := strings.TrimSuffix(filepath.Base(path), ".pdf")
		b.Run(name, func(b *testing.B) {
			src := tablesOf(b, path)
			normalize.Normalize(src, normalize.Options{}) // load the catalog once
			cells := 0
			for _, t := range src.Tables {
				cells += len(t.Rows) * len(t.Columns)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				normalize.Normalize(src, normalize.Options{})
			}
			b.ReportMetric(float64(cells)*float64(b.N)/b.Elapsed().Seconds(), "cells/s")
		})
	}
}

// BenchmarkNormalizeCold: the first document of a process: a fresh mapper (its index and
// an empty answer cache) for every run; the catalog itself is parsed once.
func BenchmarkNormalizeCold(b *testing.B) {
	cat, err := catalog.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range benchDocs {
		name := strings.TrimSuffix(filepath.Base(path), ".pdf")
		b.Run(name, func(b *testing.B) {
			src := tablesOf(b, path)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// A new catalog value makes Normalize build a new mapper.
				fresh := cat.Filter(func(string) bool { return true })
				normalize.Normalize(src, normalize.Options{Catalog: fresh})
			}
		})
	}
}

// BenchmarkCatalogParse: the embedded catalog parsed and indexed (once per process).
func BenchmarkCatalogParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := catalog.ParseEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSegmenterLoad: gse over the domain dictionary (once per process), against which
// gse.NewEmbed("zh") takes about 2 s and 300 MB (not run here).
func BenchmarkSegmenterLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
		if err := s.LoadDictStr(catalog.Dictionary()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapperNew: the name index over the catalog (segmenter already loaded).
func BenchmarkMapperNew(b *testing.B) {
	cat, err := catalog.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := mapping.New(cat); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeScanned: a scanned document's normalization, where the review of OCR
// readings runs (testdata/ocr snapshot of the changji fixture at 200 dpi).
func BenchmarkNormalizeScanned(b *testing.B) {
	pages, err := loadSnapshot(filepath.Join(snapshotDir, "changji-hitech-zone-2026-budget-scan200.pages.json.gz"))
	if err != nil {
		b.Fatal(err)
	}
	src := tables.Build("changji-hitech-zone-2026-budget-scan200.pdf", pages)
	normalize.Normalize(src, normalize.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		normalize.Normalize(src, normalize.Options{})
	}
}
