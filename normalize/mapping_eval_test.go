package normalize_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
)

// TestMappingAccuracy hides the code of every coded row of the corpus documents and the
// fixtures and maps the name back, leave-one-out (the document's own attestations removed
// from the catalog):
// top-1 accuracy by name alone and with the parent code known, and the number of wrong
// mappings at or above the confidence threshold, which must be 0.
func TestMappingAccuracy(t *testing.T) {
	pdfs, _ := filepath.Glob(filepath.Join(corpusDir, "*.pdf"))
	if len(pdfs) == 0 {
		corpus.Missing(t, corpusDir, fs.ErrNotExist)
	}
	full, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, top1, top1Parent, confident, confidentParent, wrongConf, wrongConfParent int }
	var all tally
	regional := 0
	// The generated fixtures too (born-digital renditions; the seed's fixture leaves the seed
	// dump's attestations out).
	fixtures, _ := filepath.Glob("../fixtures/pdf/*.pdf")
	for _, f := range fixtures {
		if !strings.Contains(filepath.Base(f), "-scan") {
			pdfs = append(pdfs, f)
		}
	}
	for _, p := range pdfs {
		base := filepath.Base(p)
		doc := runPDF(t, p)
		own := "corpus:" + base
		if !strings.Contains(p, corpusDir) {
			own = "seed:" + strings.TrimSuffix(base, ".pdf") + ".txt"
		}
		cat := full.Filter(func(src string) bool { return src != own })
		m, err := mapping.New(cat)
		if err != nil {
			t.Fatal(err)
		}
		var tl tally
		for _, tb := range doc.Tables {
			for _, r := range tb.Rows {
				if r.Code == "" || r.Name == "" || len(r.Repairs) > 0 {
					continue
				}
				if r.CodeScheme == normalize.SchemeEconomic && len(r.Code) == 7 {
					// A regional third level (Chongqing 3010201): no national catalog has
					// it, the mapper can only name its 款.
					regional++
					continue
				}
				tl.n++
				b := m.Best(r.Name, mapping.Query{Scheme: r.CodeScheme})
				if b.Code == r.Code {
					tl.top1++
				}
				if b.Confidence >= mapping.DefaultThreshold {
					tl.confident++
					if b.Code != r.Code {
						tl.wrongConf++
						t.Logf("%s: wrong confident mapping %q -> %s (%.2f), printed %s", base, r.Name, b.Code, b.Confidence, r.Code)
					}
				}
				parent := ""
				if len(r.Code) > 3 {
					parent = r.Code[:len(r.Code)-2]
				}
				bp := m.Best(r.Name, mapping.Query{Scheme: r.CodeScheme, Parent: parent, Level: r.CodeLevel})
				if bp.Code == r.Code {
					tl.top1Parent++
				}
				if bp.Confidence >= mapping.DefaultThreshold {
					tl.confidentParent++
					if bp.Code != r.Code {
						tl.wrongConfParent++
						t.Logf("%s: wrong confident mapping with parent %q -> %s (%.2f), printed %s", base, r.Name, bp.Code, bp.Confidence, r.Code)
					}
				}
			}
		}
		if tl.n > 0 {
			t.Logf("%-45s rows %4d  top1 %4d  top1|parent %4d  confident %4d/%4d  wrong≥thr %d/%d", base, tl.n, tl.top1, tl.top1Parent, tl.confident, tl.confidentParent, tl.wrongConf, tl.wrongConfParent)
		}
		all.n += tl.n
		all.top1 += tl.top1
		all.top1Parent += tl.top1Parent
		all.confident += tl.confident
		all.confidentParent += tl.confidentParent
		all.wrongConf += tl.wrongConf
		all.wrongConfParent += tl.wrongConfParent
	}
	if all.n == 0 {
		t.Skip("no coded rows (tables stage not producing tables?)")
	}
	pct := func(a int) float64 { return 100 * float64(a) / float64(all.n) }
	t.Logf("ALL rows %d (%d regional 7-digit economic rows left out): top-1 by name %.1f%%, with parent %.1f%%; confident (≥%.2f) %.1f%% / %.1f%%; wrong above threshold %d / %d",
		all.n, regional, pct(all.top1), pct(all.top1Parent), mapping.DefaultThreshold, pct(all.confident), pct(all.confidentParent), all.wrongConf, all.wrongConfParent)
	if all.wrongConf+all.wrongConfParent > 0 {
		t.Errorf("%d wrong mappings above the threshold (name only %d, with parent %d)", all.wrongConf+all.wrongConfParent, all.wrongConf, all.wrongConfParent)
	}
}
