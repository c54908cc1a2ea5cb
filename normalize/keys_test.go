package normalize_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/fixtures/score"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/keyfile"
)

// TestAnswerKeys runs every answer key's born-digital source through the real pipeline and
// scores it with the project's scorer: every listed source inconsistency must be reported,
// no error or warning finding may be a false alarm, and codes and names must be exact
// wherever the tables stage aligned the row (a missing row is the tables stage's miss), and
// every keyed amount — the wrapped ones of the manifest's splits included — is exact.
func TestAnswerKeys(t *testing.T) {
	dirs, _ := filepath.Glob("../fixtures/keys/*/manifest.json")
	if len(dirs) == 0 {
		t.Skip("no answer keys in ../fixtures/keys")
	}
	for _, m := range dirs {
		dir := filepath.Dir(m)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			key, err := keyfile.Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			src := score.SourcePath("..", key.Manifest.Source)
			if _, err := os.Stat(src); err != nil {
				corpus.Missing(t, src, err)
			}
			doc := runPDF(t, src)
			s := score.Compare(key, score.FromDocument(doc))
			c := s.Counts
			t.Logf("inconsistencies %d/%d, false alarms %d, codes %d/%d, names %d/%d, amounts %d/%d, splits %d/%d",
				c.InconsistenciesReported, c.InconsistenciesExpected, c.FalseAlarms, c.CodesExact, c.CodesExpected, c.NamesExact, c.NamesExpected,
				c.AmountsExact, c.AmountsExpected, c.SplitsRepaired, c.SplitsExpected)
			if c.AmountsExact != c.AmountsExpected || c.AmountsSpurious != 0 {
				t.Errorf("amounts %d/%d exact, %d spurious", c.AmountsExact, c.AmountsExpected, c.AmountsSpurious)
			}
			if c.SplitsRepaired != c.SplitsExpected {
				t.Errorf("wrapped numbers %d/%d repaired", c.SplitsRepaired, c.SplitsExpected)
			}
			for _, ts := range s.Tables {
				for _, inc := range ts.Inconsistencies {
					if !inc.Reported {
						t.Errorf("not reported: %s row %d [%s] %s printed %s expected %s", ts.File, inc.Row, inc.Column, inc.Rule, inc.Printed, inc.Expected)
					}
				}
			}
			for _, f := range s.FalseAlarms {
				t.Errorf("false alarm: %s %s: %s", f.Severity, f.Rule, f.Message)
			}
			if c.CodesExact != c.CodesExpected || c.NamesExact != c.NamesExpected {
				for _, ts := range s.Tables {
					for _, ms := range ts.Misses {
						t.Logf("miss: %s %+v", ts.File, ms)
					}
				}
				t.Errorf("codes %d/%d, names %d/%d exact", c.CodesExact, c.CodesExpected, c.NamesExact, c.NamesExpected)
			}
		})
	}
}
