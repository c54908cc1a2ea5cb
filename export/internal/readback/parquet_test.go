package readback

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// openDuckDB opens an in-memory DuckDB.
func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// datasetSQL reads the Parquet folder of out as one Hive-partitioned table.
func datasetSQL(out string) string {
	glob := filepath.ToSlash(filepath.Join(out, export.ParquetDir, "**", "*.parquet"))
	return fmt.Sprintf("read_parquet('%s', hive_partitioning = true)", strings.ReplaceAll(glob, "'", "''"))
}

// modelSums is Σ value_yuan per (doc, table) computed from the model with money: the
// expected side, sharing no code with the Parquet writer.
func modelSums(t *testing.T, docs map[string]*normalize.Document) map[string]money.Decimal {
	t.Helper()
	out := map[string]money.Decimal{}
	for id, d := range docs {
		for _, tb := range d.Tables {
			for _, r := range tb.Rows {
				for i, v := range r.Values {
					if !v.Present || tb.Columns[i].Role != tables.RoleAmount || v.Yuan == nil {
						continue
					}
					k := fmt.Sprintf("%s/%d", id, tb.Seq)
					s, err := out[k].Add(*v.Yuan)
					if err != nil {
						t.Fatal(err)
					}
					out[k] = s
				}
			}
		}
	}
	return out
}

// parseDecimal reads a DuckDB DECIMAL(38,12) rendering: its twelve decimals would not fit
// an int64 coefficient, so the trailing zeros go first (exactly: only zeros are dropped).
func parseDecimal(s string) (money.Decimal, error) {
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return money.Parse(s)
}

func TestParquetDuckDB(t *testing.T) {
	out := t.TempDir()
	docs := map[string]*normalize.Document{}
	for _, c := range []struct {
		id   string
		year int
		kind string
	}{
		{"changji-2025", 2025, "budget"},
		{"changji-2024-final", 2024, "final"},
		{"undated", 0, ""},
	} {
		d := exporttest.Sample(t)
		d.Year, d.DocKind = c.year, c.kind
		docs[c.id] = d
		meta := export.Meta{DocID: c.id, SourceFile: c.id + ".pdf", ToolVersion: "test"}
		if _, err := export.WriteDocument(out, d, meta, export.Formats{Parquet: true}); err != nil {
			t.Fatal(err)
		}
	}
	db := openDuckDB(t)
	ds := datasetSQL(out)

	// Types: exact decimals, Hive columns present.
	types := map[string]string{}
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + ds + ")")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, ty string
		if err := rows.Scan(&n, &ty); err != nil {
			t.Fatal(err)
		}
		types[n] = ty
	}
	rows.Close()
	for col, want := range map[string]string{
		"value_yuan": "DECIMAL(38,12)", "value": "VARCHAR", "code": "VARCHAR", "table_seq": "INTEGER", "column_index": "INTEGER",
		"year": "BIGINT", "doc_kind": "VARCHAR", "mapping_confidence": "DOUBLE",
		"bbox": "STRUCT(x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE)", "low_confidence": "BOOLEAN", "other_codes": "VARCHAR",
	} {
		if types[col] != want {
			t.Errorf("column %s: %q, want %q", col, types[col], want)
		}
	}
	for _, col := range export.CellColumns {
		if _, ok := types[col]; !ok {
			t.Errorf("column %s missing from the dataset (have %v)", col, types)
		}
	}

	// Sums per document and table equal the model's, exactly.
	want := modelSums(t, docs)
	rows, err = db.Query("SELECT doc_id, table_seq, coalesce(sum(value_yuan), 0)::VARCHAR, count(*) FROM " + ds + " GROUP BY ALL ORDER BY ALL")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for rows.Next() {
		var id, sum string
		var seq, n int
		if err := rows.Scan(&id, &seq, &sum, &n); err != nil {
			t.Fatal(err)
		}
		got, err := parseDecimal(sum)
		if err != nil {
			t.Fatalf("DuckDB sum %q: %v", sum, err)
		}
		k := fmt.Sprintf("%s/%d", id, seq)
		if w, ok := want[k]; !ok || !got.Equal(w) {
			t.Errorf("%s: DuckDB Σ value_yuan = %s, model %s", k, sum, w)
		}
		seen++
	}
	rows.Close()
	if seen != len(want) {
		t.Errorf("DuckDB saw %d (doc, table) groups, want %d", seen, len(want))
	}

	// The identity a user checks first: Σ 项 rows = 合计 row, per amount column.
	var bad int
	q := `WITH d AS (SELECT * FROM ` + ds + ` WHERE doc_id = 'changji-2025' AND table_seq = 2)
	SELECT count(*) FROM (
	  SELECT column_path, sum(value_yuan) FILTER (WHERE code_level = 3) AS items,
	         sum(value_yuan) FILTER (WHERE row_kind = 'total') AS total
	  FROM d GROUP BY column_path) WHERE items IS DISTINCT FROM total`
	if err := db.QueryRow(q).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d columns where Σ 项 ≠ 合计", bad)
	}

	// Partitions: the unknown year/kind read as NULL; provenance fields queryable.
	checks := []struct {
		name, query, want string
	}{
		{"null partition", "SELECT count(*)::VARCHAR FROM " + ds + " WHERE year IS NULL AND doc_kind IS NULL AND doc_id = 'undated'", "35"},
		{"final partition", "SELECT DISTINCT doc_kind || ':' || year FROM " + ds + " WHERE doc_id = 'changji-2024-final'", "final:2024"},
		{"exact 万元 conversion", "SELECT value_yuan::VARCHAR FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 3 AND column_path = '公务用车购置及运行费/小计'", "69493.000000000000"},
		{"printed scale kept", "SELECT value FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 3 AND column_path = '公务接待费'", "7.0000"},
		{"code leading zeros", "SELECT code FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 2 AND row_seq = 8 AND column_path = '合计'", "2080505"},
		{"bbox struct", "SELECT bbox.x0::VARCHAR FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 2 AND row_seq = 8 AND column_path = '合计'", "300.0"},
		{"repairs JSON", "SELECT json_extract_string(repairs, '$[0].kind') FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 2 AND row_seq = 4 AND column_path = '基本支出/人员经费'", "join_split_number"},
		{"missing code is NULL", "SELECT count(*)::VARCHAR FROM " + ds + " WHERE doc_id = 'changji-2025' AND table_seq = 2 AND row_seq = 1 AND code IS NULL", "4"},
	}
	for _, c := range checks {
		var got string
		if err := db.QueryRow(c.query).Scan(&got); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
