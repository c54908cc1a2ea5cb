package normalize_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Normalize types the tables stage's output (subject codes, exact amounts with their unit
// and in 元, row kinds) and checks every identity; its findings say what does not add up.
func ExampleNormalize() {
	res, err := pipeline.Run("../fixtures/sample/changji-hitech-zone-2026-budget.pdf", pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	doc := normalize.Normalize(res.Tables, normalize.Options{})
	for _, t := range doc.Tables {
		if t.Kind != tables.KindExpenditure {
			continue
		}
		for _, r := range t.Rows {
			if r.Code != "201" {
				continue
			}
			for ci, c := range t.Columns {
				if v := r.Values[ci]; c.Role == tables.RoleAmount && v.Present {
					fmt.Println(r.Code, r.Name, strings.Join(c.Path, "/"), v.Amount, v.Unit, "=", v.Yuan, "元")
				}
			}
		}
		break
	}
	bySeverity := map[normalize.Severity]int{}
	for _, f := range doc.Findings {
		bySeverity[f.Severity]++
	}
	fmt.Println("error findings:", bySeverity[normalize.SeverityError])
	// Output:
	// 201 一般公共服务支出 合计 3741 万元 = 37410000 元
	// 201 一般公共服务支出 基本支出 1381 万元 = 13810000 元
	// 201 一般公共服务支出 项目支出 2360 万元 = 23600000 元
	// error findings: 19
}
