package tables_test

import (
	"fmt"
	"log"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Build rebuilds the document's tables from its pages: kind, printed number and title,
// columns by header path, rows of cells.
func ExampleBuild() {
	path := "../fixtures/sample/changji-hitech-zone-2026-budget.pdf"
	f, err := extract.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var pages []*extract.Page
	for n := 1; n <= f.NumPages(); n++ {
		p, err := f.Page(n)
		if err != nil {
			log.Fatal(err)
		}
		pages = append(pages, p)
	}
	doc := tables.Build(path, pages)
	fmt.Println(doc.DocKind, doc.Year, len(doc.Tables), "tables")
	for _, t := range doc.Tables[:3] {
		fmt.Println(t.Number, t.Kind, t.Title, t.Unit)
	}
	// Output:
	// budget 2026 12 tables
	// 表1 summary 高新区管委会收支总体情况表 万元
	// 表2 income 高新区管委会收入总体情况表 万元
	// 表3 expenditure 高新区管委会支出总体情况表 万元
}
