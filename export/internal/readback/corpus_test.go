package readback

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/tables"
)

// TestCorpusParquetSums converts the real corpus, reads the Parquet folder with DuckDB as
// one Hive-partitioned table and checks, for every table of every document, that the sum
// of its cells equals the sum of the same table in document.json (the model) and in its
// tables/NN_<kind>.csv, both in the printed unit (value) and in 元 (value_yuan).
func TestCorpusParquetSums(t *testing.T) {
	if testing.Short() {
		t.Skip("converts the whole corpus")
	}
	inputs, err := pipeline.Expand([]string{corpus.Real(t)})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := pipeline.RunBatch(context.Background(), inputs, pipeline.BatchOptions{Out: out, Workers: 2, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}

	type key struct {
		doc string
		seq int
	}
	type sums struct{ value, yuan money.Decimal }
	model := map[key]sums{}
	// byOther is Σ value_yuan per (doc, scheme:code) over the cells of cross-classified rows.
	byOther := map[[2]string]money.Decimal{}
	csvSums := map[key]money.Decimal{}
	ambiguous := map[key]bool{}
	cells := 0
	for _, r := range sum.Results {
		if r.Status != pipeline.StatusConverted && r.Status != pipeline.StatusPartial {
			continue
		}
		cells += r.Cells
		f, err := os.Open(filepath.Join(out, r.DocID, export.JSONFile))
		if err != nil {
			t.Fatal(err)
		}
		jd, err := export.ReadJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range jd.Tables {
			k := key{r.DocID, tb.Seq}
			s := model[k]
			for _, row := range tb.Rows {
				for i, v := range row.Values {
					if v.Present && tb.Columns[i].Role == tables.RoleAmount {
						s.value = mustAdd(t, s.value, v.Amount)
						if v.Yuan == nil {
							continue // not money in a known unit: NULL value_yuan, left out of SQL sums
						}
						s.yuan = mustAdd(t, s.yuan, *v.Yuan)
						for _, ref := range row.OtherCodes {
							k := [2]string{r.DocID, ref.Scheme + ":" + ref.Code}
							byOther[k] = mustAdd(t, byOther[k], *v.Yuan)
						}
					}
				}
			}
			model[k] = s
			ambiguous[k] = sharedColumns(tb)
		}
		for _, nt := range keyfile.Tables(jd.Document) {
			kt, err := keyfile.ReadCSV(filepath.Join(out, r.DocID, export.TablesDir, nt.File))
			if err != nil {
				t.Fatal(err)
			}
			var s money.Decimal
			for _, row := range kt.Rows {
				for _, cell := range row[kt.AmountColumns():kt.AmountEnd()] {
					if cell == "" {
						continue
					}
					v, err := money.Parse(cell)
					if err != nil {
						t.Fatalf("%s %s: %v", r.DocID, nt.File, err)
					}
					s = mustAdd(t, s, v)
				}
			}
			csvSums[key{r.DocID, nt.Table.Seq}] = s
		}
	}
	if cells == 0 {
		t.Fatal("the corpus produced no amount cells: nothing to compare")
	}

	db := openDuckDB(t)
	rows, err := db.Query(`SELECT doc_id, table_seq, sum(value::DECIMAL(38,12))::VARCHAR, coalesce(sum(value_yuan), 0)::VARCHAR, count(*)
		FROM ` + datasetSQL(out) + ` GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got, n, skipped := 0, 0, 0
	for rows.Next() {
		var doc, sv, sy string
		var seq, c int
		if err := rows.Scan(&doc, &seq, &sv, &sy, &c); err != nil {
			t.Fatal(err)
		}
		n += c
		got++
		k := key{doc, seq}
		v, err := parseDecimal(sv)
		if err != nil {
			t.Fatal(err)
		}
		y, err := parseDecimal(sy)
		if err != nil {
			t.Fatal(err)
		}
		m, ok := model[k]
		if !ok {
			t.Errorf("%s table %d: in Parquet, not in document.json", doc, seq)
			continue
		}
		if !v.Equal(m.value) || !y.Equal(m.yuan) {
			t.Errorf("%s table %d: DuckDB Σ value %s, Σ value_yuan %s; document.json %s, %s", doc, seq, v, y, m.value, m.yuan)
		}
		if ambiguous[k] {
			// keyfile.TableOf gives amount columns with the same header path one CSV
			// column; where a row has amounts in two of them, the CSV keeps only one.
			skipped++
			continue
		}
		if !v.Equal(csvSums[k]) {
			t.Errorf("%s table %d: DuckDB Σ value %s, tables CSV %s", doc, seq, v, csvSums[k])
		}
	}
	if n != cells {
		t.Errorf("DuckDB read %d cells, the documents report %d", n, cells)
	}

	// Cross-classified rows (Beijing 支出总表, Xi'an 表6/8): Σ per code of another
	// classification, split out of other_codes in SQL, equals the model's.
	if len(byOther) == 0 {
		t.Fatal("no cross-classified rows in the corpus: other_codes untested")
	}
	rows2, err := db.Query(`SELECT doc_id, oc, coalesce(sum(value_yuan), 0)::VARCHAR FROM (
		SELECT doc_id, value_yuan, unnest(string_split(other_codes, ';')) AS oc
		FROM ` + datasetSQL(out) + ` WHERE other_codes IS NOT NULL) GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	groups := 0
	for rows2.Next() {
		var doc, oc, sy string
		if err := rows2.Scan(&doc, &oc, &sy); err != nil {
			t.Fatal(err)
		}
		y, err := parseDecimal(sy)
		if err != nil {
			t.Fatal(err)
		}
		if m, ok := byOther[[2]string{doc, oc}]; !ok || !m.Equal(y) {
			t.Errorf("%s %s: DuckDB Σ value_yuan %s, model %s (present %v)", doc, oc, y, m, ok)
		}
		groups++
	}
	if groups != len(byOther) {
		t.Errorf("DuckDB has %d (doc, other code) groups, the model %d", groups, len(byOther))
	}
	t.Logf("%d documents, %d tables with amounts, %d cells read back by DuckDB; %d tables not compared with their CSV (amount columns sharing a header path on one row); %d (doc, other classification code) sums", len(inputs), got, n, skipped, groups)
}

func mustAdd(t *testing.T, a, b money.Decimal) money.Decimal {
	t.Helper()
	s, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sharedColumns reports whether some row has amounts in two columns that the answer-key
// CSV merges (same header path).
func sharedColumns(tb *normalize.Table) bool {
	for _, r := range tb.Rows {
		seen := map[string]bool{}
		for i, v := range r.Values {
			if !v.Present || tb.Columns[i].Role != tables.RoleAmount {
				continue
			}
			p := fmt.Sprint(tb.Columns[i].Path)
			if seen[p] {
				return true
			}
			seen[p] = true
		}
	}
	return false
}
