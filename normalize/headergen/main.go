// Command headergen rebuilds normalize/headers.csv, the vocabulary of table header labels
// the OCR header snap (normalize/ocrheaders.go) chooses from.
//
//	go run ./normalize/headergen -shared ../shared
//
// Every header path segment (one level of a column's header: `基本支出`, `因公出国（境）费`) of
// the tables the tables stage finds in the text layer of the real corpus PDFs, with the
// documents that print it, plus the column labels DOMAIN.md's table descriptions name. Pages
// without a text layer (the Changsha scan) contribute nothing: the vocabulary must come from
// printed text, never from OCR, and never from the fixtures' answer keys (which the snap is
// measured against).
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// domainLabels are the column labels DOMAIN.md's table and identity descriptions print.
var domainLabels = []string{
	"合计", "基本支出", "项目支出", "人员经费", "公用经费", "因公出国（境）", "公务用车购置及运行",
	"购置", "运行", "公务接待", "收入总计", "支出总计", "一般公共预算", "政府性基金",
}

func main() {
	shared := flag.String("shared", "../shared", "the shared folder (corpus/real/, DOMAIN.md)")
	out := flag.String("out", "normalize/headers.csv", "file to write")
	flag.Parse()
	if err := run(*shared, *out); err != nil {
		fmt.Fprintln(os.Stderr, "headergen:", err)
		os.Exit(1)
	}
}

func run(shared, out string) error {
	pdfs, err := filepath.Glob(filepath.Join(shared, "corpus", "real", "*.pdf"))
	if err != nil || len(pdfs) == 0 {
		return fmt.Errorf("no PDFs in %s/corpus/real", shared)
	}
	sources := map[string]map[string]bool{} // label → sources
	add := func(label, src string) {
		label = catalog.PrintedName(label)
		if !headerLabel(label) {
			return
		}
		if sources[label] == nil {
			sources[label] = map[string]bool{}
		}
		sources[label][src] = true
	}
	for _, l := range domainLabels {
		add(l, "DOMAIN.md")
	}
	for _, pdf := range pdfs {
		doc, err := textTables(pdf)
		if err != nil {
			return err
		}
		src := "corpus:" + filepath.Base(pdf)
		for _, t := range doc.Tables {
			for _, c := range t.Columns {
				for _, seg := range c.Path {
					add(seg, src)
				}
			}
		}
	}
	labels := make([]string, 0, len(sources))
	for l := range sources {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"label", "documents", "sources"})
	for _, l := range labels {
		var srcs []string
		for s := range sources[l] {
			srcs = append(srcs, s)
		}
		sort.Strings(srcs)
		_ = w.Write([]string{l, fmt.Sprint(len(srcs)), strings.Join(srcs, " | ")})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Printf("%s: %d labels from %d PDFs and DOMAIN.md\n", out, len(labels), len(pdfs))
	return nil
}

// textTables runs extract (text layer only) and the tables stage on one PDF.
func textTables(path string) (*tables.Document, error) {
	f, err := extract.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	var pages []*extract.Page
	for i := 1; i <= f.NumPages(); i++ {
		p, err := f.Page(i)
		if err != nil {
			continue // an unreadable page adds no labels; the others still do
		}
		pages = append(pages, p)
	}
	return tables.Build(path, pages), nil
}

// headerLabel keeps segments that are labels: some Chinese, no amount, not a sentence.
func headerLabel(s string) bool {
	han, digits := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsDigit(r):
			digits++
		}
	}
	return han >= 1 && len([]rune(s)) <= 24 && digits <= 4 && !strings.ContainsAny(s, "。；")
}
