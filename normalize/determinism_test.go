package normalize_test

import (
	"encoding/json"
	"testing"

	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestFindingsDeterministic: the same tables give the same findings in the same order with
// the same numbers on every run (findings.csv and the 校验 sheet are diffed by users between
// conversions; Go's random map order once shuffled the cross-table findings).
func TestFindingsDeterministic(t *testing.T) {
	for _, path := range []string{
		"../fixtures/pdf/changji-hitech-zone-2026-budget.pdf",
		corpusDir + "/putuo-wanli-2024-budget.pdf",
		corpusDir + "/putuo-planning-2024-final-accounts.pdf", // two-sided tables: sides in map order
		corpusDir + "/shenzhen-traffic-police-2026-budget.pdf",
	} {
		t.Run(path, func(t *testing.T) {
			src := tablesOf(t, path)
			var first []byte
			for i := 0; i < 10; i++ {
				doc := normalize.Normalize(src, normalize.Options{})
				got, err := json.Marshal(doc.Findings)
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = got
					if len(doc.Findings) == 0 {
						t.Fatalf("no findings: nothing to compare")
					}
					continue
				}
				if string(got) != string(first) {
					t.Fatalf("run %d: findings differ from run 1 (%d bytes vs %d)", i+1, len(got), len(first))
				}
			}
		})
	}
}
