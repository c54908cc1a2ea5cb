package normalize

import (
	"testing"
)

func TestSeedDump(t *testing.T) {
	doc := Normalize(seedDocument(t), Options{})
	for _, p := range doc.Problems {
		t.Errorf("problem: %s", p.Message)
	}
	for _, f := range doc.Findings {
		t.Logf("%-8s %-22s %s", f.Severity, f.Rule, f.Message)
	}
}

func TestSeedDebugTable(t *testing.T) {
	doc := Normalize(seedDocument(t), Options{})
	for _, r := range doc.Tables[3].Rows {
		t.Logf("%s %s %q %s", r.Side, r.Kind, r.Name, r.Code)
	}
}
