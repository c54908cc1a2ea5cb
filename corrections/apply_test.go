package corrections_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/rules"
)

// sample is the bundled Changji budget: its table 3 row 61 (2101101 行政单位医疗) prints
// 合计 55 where 基本支出 56 + 项目支出 blank gives 56, a genuine fault of the source.
const sample = "../fixtures/sample/changji-hitech-zone-2026-budget.pdf"

func convert(t *testing.T, fixes ...corrections.Correction) *normalize.Document {
	t.Helper()
	path := filepath.Join(t.TempDir(), corrections.FileName)
	for _, c := range fixes {
		if _, err := corrections.Add(path, "changji", "", c, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pipeline.Run(sample, pipeline.Options{Corrections: path})
	if err != nil {
		t.Fatal(err)
	}
	return res.Doc
}

func findingsAt(doc *normalize.Document, rule rules.Kind, table, row, col int) []normalize.Finding {
	var out []normalize.Finding
	for _, f := range doc.Findings {
		if f.Rule == rule && len(f.Refs) > 0 && f.Refs[0].Table == table && f.Refs[0].Row == row && f.Refs[0].Column == col {
			out = append(out, f)
		}
	}
	return out
}

func value(doc *normalize.Document, table, row, col int) normalize.Value {
	for _, t := range doc.Tables {
		if t.Seq == table {
			return t.Rows[row-1].Values[col]
		}
	}
	return normalize.Value{}
}

func hasRepair(rs []normalize.Repair, kind rules.RepairKind, before, after string) bool {
	for _, r := range rs {
		if r.Kind == kind && r.Before == before && r.After == after {
			return true
		}
	}
	return false
}

// TestCorrections converts the sample with each kind of correction and checks what the
// document then says: the corrected value, its provenance, the identities re-run.
func TestCorrections(t *testing.T) {
	if _, err := os.Stat(sample); err != nil {
		t.Fatalf("bundled sample missing: %v", err)
	}
	by := "reviewer"
	plain := convert(t)
	if len(findingsAt(plain, "row_identity", 3, 61, 4)) != 1 {
		t.Fatalf("the sample no longer reports table 3 row 61's 合计 55 ≠ 56: the cases below need another cell")
	}
	cases := []struct {
		name  string
		fixes []corrections.Correction
		check func(t *testing.T, doc *normalize.Document)
	}{
		{"value: the identity re-runs and holds", []corrections.Correction{{Kind: corrections.KindValue, Table: 3, Row: 61, Column: 4, RowLabel: "行政单位医疗", Old: "55", New: "56", Why: "基本支出 56, no project spending", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				v := value(doc, 3, 61, 4)
				if v.Amount.String() != "56" || v.Raw != "56" || !hasRepair(v.Repairs, corrections.RepairKind, "55", "56") {
					t.Errorf("value %s raw %q repairs %+v; want 56 with a correction repair 55 → 56", v.Amount, v.Raw, v.Repairs)
				}
				if f := findingsAt(doc, "row_identity", 3, 61, 4); len(f) != 0 {
					t.Errorf("the corrected row still breaks its identity: %+v", f)
				}
				if len(findingsAt(doc, corrections.RuleApplied, 3, 61, 4)) != 1 {
					t.Errorf("no %s finding on the corrected cell", corrections.RuleApplied)
				}
			}},
		{"value read differently now: not applied, reported", []corrections.Correction{{Kind: corrections.KindValue, Table: 3, Row: 61, Column: 4, Old: "999", New: "56", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				if v := value(doc, 3, 61, 4); v.Amount.String() != "55" || len(v.Repairs) != 0 {
					t.Errorf("a stale correction changed the cell: %s %+v", v.Amount, v.Repairs)
				}
				f := findingsAt(doc, corrections.RuleNotApplied, 3, 61, 4)
				if len(f) != 1 || f[0].Severity != normalize.SeverityWarning {
					t.Errorf("stale correction: findings %+v, want one warning", f)
				}
			}},
		{"row label changed: not applied", []corrections.Correction{{Kind: corrections.KindValue, Table: 3, Row: 61, Column: 4, RowLabel: "事业单位医疗", Old: "55", New: "56", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				if v := value(doc, 3, 61, 4); v.Amount.String() != "55" {
					t.Errorf("a correction made on another row was applied: %s", v.Amount)
				}
			}},
		{"dismiss: the finding stays, reviewed", []corrections.Correction{{Kind: corrections.KindDismiss, Table: 3, Row: 61, Column: 4, Rule: "row_identity", Why: "checked on paper", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				f := findingsAt(doc, "row_identity", 3, 61, 4)
				if len(f) != 1 || f[0].Review == nil || f[0].Review.By != by || f[0].Review.Why != "checked on paper" {
					t.Errorf("dismissed finding: %+v", f)
				}
			}},
		{"label: the row's name is corrected", []corrections.Correction{{Kind: corrections.KindLabel, Table: 3, Row: 61, Column: 3, Old: "行政单位医疗", New: "行政单位医疗（更正）", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				r := doc.Tables[2].Rows[60]
				if r.Name != "行政单位医疗（更正）" || !hasRepair(r.Repairs, corrections.RepairKind, "行政单位医疗", "行政单位医疗（更正）") {
					t.Errorf("row name %q repairs %+v", r.Name, r.Repairs)
				}
			}},
		{"unit: every amount of the table changes its yuan value", []corrections.Correction{{Kind: corrections.KindUnit, Table: 3, Column: -1, Old: "万元", New: "元", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				v := value(doc, 3, 61, 5)
				if v.Unit != "元" || v.Yuan.String() != "56" || !hasRepair(v.Repairs, corrections.RepairKind, "unit 万元", "unit 元") {
					t.Errorf("after the unit correction: unit %q yuan %s repairs %+v", v.Unit, v.Yuan, v.Repairs)
				}
				if p := value(plain, 3, 61, 5); p.Yuan.String() != "560000" {
					t.Errorf("uncorrected 56 万元 is %s 元", p.Yuan)
				}
			}},
		{"type: a column that is not amounts", []corrections.Correction{{Kind: corrections.KindType, Table: 3, Column: 6, Old: "amount", New: "text", By: by}},
			func(t *testing.T, doc *normalize.Document) {
				for _, r := range doc.Tables[2].Rows {
					if r.Values[6].Present {
						t.Fatalf("row %d column 6 still holds an amount", r.Seq)
					}
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.check(t, convert(t, c.fixes...)) })
	}
}

// TestReadRejects: a corrections file that cannot be applied is an error naming the file.
func TestReadRejects(t *testing.T) {
	cases := map[string]string{
		"not json":     `{`,
		"unknown kind": `{"corrections":[{"kind":"guess","table":1,"row":1,"column":1}]}`,
		"no table":     `{"corrections":[{"kind":"value","table":0,"row":1,"column":1}]}`,
		"bad unit":     `{"corrections":[{"kind":"unit","table":1,"column":-1,"new":"千元"}]}`,
		"dismiss rule": `{"corrections":[{"kind":"dismiss","table":1,"row":1,"column":1}]}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), corrections.FileName)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := corrections.Read(p)
			if err == nil || !strings.Contains(err.Error(), p) {
				t.Errorf("Read(%s) = %v, want an error naming the file", name, err)
			}
		})
	}
	if s, err := corrections.Read(filepath.Join(t.TempDir(), "none.json")); s != nil || err != nil {
		t.Errorf("missing file: %v %v, want no corrections", s, err)
	}
}
