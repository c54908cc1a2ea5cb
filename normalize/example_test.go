package normalize_test

import (
	"fmt"
	"log"

	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Normalize types the tables stage's output (codes, exact amounts in 元, row kinds) and
// checks every identity; its findings say what does not add up.
func ExampleNormalize() {
	res, err := pipeline.Run("../fixtures/sample/changji-hitech-zone-2026-budget.pdf", pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	doc := normalize.Normalize(res.Tables, normalize.Options{})
	t := doc.Tables[2] // 表3, expenditure by functional subject
	for _, r := range t.Rows[:2] {
		fmt.Println(r.Code, r.Name, r.Values[len(r.Values)-3].Amount)
	}
	errors := 0
	for _, f := range doc.Findings {
		if f.Severity == normalize.SeverityError {
			errors++
		}
	}
	fmt.Println("error findings:", errors)
}
