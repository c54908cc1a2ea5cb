package rules

import "testing"

// TestRegistry: every registered kind says whom it is about, has a valid default severity
// and a description; the sum family holds exactly the kinds a listed sum break may be
// reported as.
func TestRegistry(t *testing.T) {
	sev := map[Severity]bool{SeverityError: true, SeverityWarning: true, SeverityRounding: true, SeverityInfo: true}
	for _, r := range All() {
		if r.About != AboutSource && r.About != AboutReading || !sev[r.Severity] || r.Desc == "" {
			t.Errorf("%s: about %q severity %q desc %q", r.Kind, r.About, r.Severity, r.Desc)
		}
	}
	cases := []struct {
		kind Kind
		fam  Family
		out  About
	}{
		{HierarchySum, FamilySum, AboutSource}, {TableTotal, FamilySum, AboutSource}, {RowIdentity, FamilySum, AboutSource},
		{Rounding, FamilySum, AboutSource}, {CrossTable, FamilyCross, AboutSource}, {ProseFigure, FamilyProse, AboutSource},
		{MalformedCode, FamilyCode, AboutSource}, {UnitUnknown, "unit_unknown", AboutReading}, {"made_up", "made_up", AboutSource},
	}
	for _, c := range cases {
		if FamilyOf(c.kind) != c.fam || AboutOf(c.kind) != c.out {
			t.Errorf("%s: family %q about %q, want %q %q", c.kind, FamilyOf(c.kind), AboutOf(c.kind), c.fam, c.out)
		}
	}
	for _, r := range Repairs() {
		if r.About != AboutSource && r.About != AboutReading || r.Desc == "" {
			t.Errorf("repair %s: about %q desc %q", r.Kind, r.About, r.Desc)
		}
	}
}
