package tables

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestSettingsReachTheStage: BuildWith reads its thresholds from Settings, not from
// literals: the defaults give Build's result, and a lattice threshold raised above the
// table's width turns the ruled table of expenditurePage into something else.
func TestSettingsReachTheStage(t *testing.T) {
	def := BuildWith("exp.pdf", []*extract.Page{expenditurePage()}, DefaultSettings())
	if len(def.Tables) != 1 || def.Tables[0].Grid != "lattice" {
		t.Fatalf("defaults: got %d tables (%+v), want the one lattice table", len(def.Tables), def.Tables)
	}
	wide := DefaultSettings()
	wide.LatticeMinWidthPt = 1000 // the table is 550 pt wide
	got := BuildWith("exp.pdf", []*extract.Page{expenditurePage()}, wide)
	if len(got.Tables) == 1 && got.Tables[0].Grid == "lattice" {
		t.Errorf("LatticeMinWidthPt 1000: the 550 pt table is still read as a lattice")
	}
}
