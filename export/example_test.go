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
	n, shown := 0, false
	for c := range export.Cells(res.Doc, export.Meta{DocID: "changji"}) {
		if !shown && c.Code != "" && c.ValueYuan != nil {
			fmt.Println(c.DocID, c.TableSeq, c.Code, c.Name, c.ColumnPath, c.Value, c.Unit, "=", c.ValueYuan, "元")
			shown = true
		}
		n++
	}
	fmt.Println(n, "cells")
	// Output:
	// changji 1 201 一般公共服务支出 预算数 3741 万元 = 37410000 元
	// 1441 cells
}
