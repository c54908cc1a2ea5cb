package normalize

import (
	"os"
	"strings"
	"testing"
)

// TestIdentityRuleTable: every identity built names an entry of the rule table with the
// entry's finding kind, and docs/normalize.md lists every entry.
func TestIdentityRuleTable(t *testing.T) {
	doc := textDoc(baseRows())
	nd := &Document{}
	n, err := newNormalizer(doc, nd, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range doc.Tables {
		n.table(tb)
	}
	var ids []*identity
	for ti := range n.doc.Tables {
		ids = append(ids, n.columnIdentities(ti)...)
		ids = append(ids, n.hierarchyIdentities(ti)...)
		ids = append(ids, n.outlineIdentities(ti)...)
	}
	ids = append(ids, n.crossTableIdentities()...)
	if len(ids) == 0 {
		t.Fatal("no identities")
	}
	for _, id := range ids {
		r, ok := ruleOf(id.ruleID)
		if !ok || r.kind != id.rule {
			t.Errorf("%s: rule table entry %q (%v), kind %s", id.desc, id.ruleID, ok, id.rule)
		}
	}
	md, err := os.ReadFile("../docs/normalize.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range identityRules {
		if seen[r.id] {
			t.Errorf("%s: twice in the table", r.id)
		}
		seen[r.id] = true
		if !strings.Contains(string(md), "`"+r.id+"`") {
			t.Errorf("docs/normalize.md does not list %s", r.id)
		}
	}
}
