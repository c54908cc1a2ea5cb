package export_test

import (
	"fmt"
	"log"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Cells lists a document's amount cells in long form, one row of cells.csv (and of the
// Parquet dataset) each: which table, row and column, the amount as printed and in 元.
func ExampleCells() {
	res, err := pipeline.Run("../fixtures/sample/changji-hitech-zone-2026-budget.pdf", pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for c := range export.Cells(res.Doc, export.Meta{DocID: "changji"}) {
		if n == 0 && c.ValueYuan != nil {
			fmt.Println(c.DocID, c.TableSeq, c.Code, c.Name, c.ColumnPath, c.Value, c.Unit, "=", c.ValueYuan, "元")
		}
		n++
	}
	fmt.Println(n, "cells")
}
