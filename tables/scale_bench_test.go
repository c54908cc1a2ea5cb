package tables

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// manyWordsPage is one page of n single-digit words at distinct positions (issue 13: the
// tables stage must stay near-linear in the words of a page). Layouts:
//   - "stacked": positions scattered over the page, so close that words overlap
//     vertically and form one long line (the reproduction);
//   - "grid": a square grid of rows and columns, which looks like a table;
//   - "scattered": a page tall enough for every word to be a line of its own.
func manyWordsPage(n int, layout string) *extract.Page {
	p := &extract.Page{Number: 1, Width: 600, Height: 800, Verdict: extract.VerdictText}
	cols := 1
	for cols*cols < n {
		cols++
	}
	dx := 560 / float64(cols)
	size := min(9, dx/2)
	p.Words = make([]extract.Word, 0, n)
	for i := range n {
		var x, y float64
		switch layout {
		case "stacked":
			x, y = 20+float64((i*7919)%cols)*dx, 20+float64((i*104729)%n)*760/float64(n)
		case "grid":
			x, y = 20+float64(i%cols)*dx, 20+float64(i/cols)*760/float64(cols)
		case "scattered":
			p.Height = 20 + float64(n)*2*size
			x, y = 20+float64((i*7919)%cols)*dx, 20+float64((i*104729)%n)*2*size
		}
		p.Words = append(p.Words, extract.Word{Text: strconv.Itoa(i % 10), X0: x, Y0: y, X1: x + 0.56*size, Y1: y + 0.93*size,
			Size: size, Source: extract.SourceText, Confidence: 1, Baseline: y + 0.75*size})
	}
	return p
}

// BenchmarkBuildManyWords measures the tables stage on pages of 10k, 100k and 1M words;
// the figures are in docs/tables.md (go test ./tables -run '^$' -bench BuildManyWords
// -benchtime 1x).
func BenchmarkBuildManyWords(b *testing.B) {
	for _, layout := range []string{"stacked", "grid", "scattered"} {
		for _, n := range []int{10_000, 100_000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/%d", layout, n), func(b *testing.B) {
				p := manyWordsPage(n, layout)
				for b.Loop() {
					Build("t.pdf", []*extract.Page{p})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
			})
		}
	}
}
