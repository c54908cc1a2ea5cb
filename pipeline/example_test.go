package pipeline_test

import (
	"fmt"
	"log"

	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Run converts one document through every stage: extract, tables, normalize. A born-digital
// PDF needs no OCR engine.
func ExampleRun() {
	res, err := pipeline.Run("../fixtures/sample/changji-hitech-zone-2026-budget.pdf", pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	d := res.Doc
	fmt.Println(d.Pages, "pages;", d.DocKind, d.Year, d.Issuer)
	fmt.Println(len(d.Tables), "tables;", len(res.Tables.Problems), "problems")
	// Output:
	// 37 pages; budget 2026 昌吉高新技术产业开发区管理委员会
	// 12 tables; 0 problems
}
