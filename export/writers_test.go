package export

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/budgetpdf/budgetpdf/money"
)

func TestDecimal128(t *testing.T) {
	cases := []struct {
		in    string
		scale int
		want  string // hex, big-endian two's complement
		err   bool
	}{
		{"0", 2, "00000000000000000000000000000000", false},
		{"1", 2, "00000000000000000000000000000064", false},
		{"-1", 2, "ffffffffffffffffffffffffffffff9c", false},
		{"2.50", 2, "000000000000000000000000000000fa", false},
		{"2.5", 2, "000000000000000000000000000000fa", false},
		{"2.500", 2, "000000000000000000000000000000fa", false}, // trailing zero dropped exactly
		{"2.505", 2, "", true},                                  // would round: refused
		// The largest int64 at scale 0, moved to scale 12: needs more than 64 bits.
		{"9223372036854775807", 12, "000000746a5287ffffffff172b5af000", false},
		{"-9223372036854775807", 0, "ffffffffffffffff8000000000000001", false},
		{"-9223372036854775807", 12, "ffffff8b95ad7800000000e8d4a51000", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := Decimal128(money.MustParse(c.in), c.scale)
			if c.err {
				if err == nil {
					t.Fatalf("want error, got %x", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h := hex.EncodeToString(got[:]); h != c.want {
				t.Fatalf("got %s, want %s", h, c.want)
			}
		})
	}
}

func TestTableCSVs(t *testing.T) {
	dir := t.TempDir()
	doc := sampleDoc(t)
	names, err := WriteTableCSVs(dir, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"01_summary.csv", "02_gpb_expenditure.csv", "03_three_public.csv", "04_gov_fund.csv"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, names[1]))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("no UTF-8 BOM: Excel would show mojibake")
	}
	cases := []struct {
		file string
		row  int // -1: header
		want []string
	}{
		{names[1], -1, []string{"code", "name", "合计", "基本支出/人员经费", "基本支出/公用经费", "项目支出"}},
		{names[1], 0, []string{"", "合计", "12502950.35", "9016775.35", "1286175.00", "2200000.00"}},
		{names[1], 2, []string{"20103", "政府办公厅（室）及相关机构事务", "12029500.35", "9016775.35", "812725.00", "2200000.00"}},
		{names[1], 4, []string{"2010350", "事业运行", "2200000.00", "", "", "2200000.00"}},
		{names[0], -1, []string{"side", "code", "name", "收入/预算数", "支出/预算数"}},
		{names[0], 1, []string{"收入", "", "二、政府性基金预算拨款收入", "0", ""}},
		{names[0], 3, []string{"支出", "201", "一般公共服务支出", "", "1250"}},
		{names[2], 0, []string{"", "", "13.9493", "0", "6.9493", "0", "6.9493", "7.0000"}},
	}
	for _, c := range cases {
		kt, err := keyfile.ReadCSV(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		// The answer-key columns come first, unchanged; the added columns follow.
		got := kt.Header
		if c.row >= 0 {
			got = kt.Rows[c.row]
		}
		if end := kt.AmountEnd(); end != len(c.want) || !slices.Equal(got[:end], c.want) {
			t.Errorf("%s row %d = %q, want %q then the added columns", c.file, c.row, got, c.want)
		}
	}
	// The added columns: unit, the row's structure, then every printed column as printed.
	wide, err := keyfile.ReadCSV(filepath.Join(dir, names[1]))
	if err != nil {
		t.Fatal(err)
	}
	end := wide.AmountEnd()
	wantHead := append(slices.Clone(TableCSVColumns), "printed:科目编码/类", "printed:科目编码/款", "printed:科目编码/项", "printed:科目名称",
		"printed:合计", "printed:基本支出/人员经费", "printed:基本支出/公用经费", "printed:项目支出")
	if !slices.Equal(wide.Header[end:], wantHead) {
		t.Errorf("added header %q, want %q", wide.Header[end:], wantHead)
	}
	row := wide.Rows[4][end:]
	if row[0] != "元" || row[1] != "item" || row[2] != "5" {
		t.Errorf("row 4: unit, row_kind, row_seq = %q, want 元, item, 5", row[:3])
	}
	// (The sample model holds no text for its code and name cells: they stay blank.)
	if p := row[len(TableCSVColumns):]; len(p) != 8 || p[4] != "2,200,000.00" || p[5] != "" || p[7] != "2,200,000.00" {
		t.Errorf("row 4 printed columns %q, want the amounts as printed (with separators)", p)
	}
	empty, err := keyfile.ReadCSV(filepath.Join(dir, names[3]))
	if err != nil || len(empty.Rows) != 0 {
		t.Errorf("empty table: %v rows, err %v", len(empty.Rows), err)
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestFindingsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFindingsCSV(&buf, sampleDoc(t), findtext.EN); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if !slices.Equal(recs[0], FindingColumns) {
		t.Fatalf("header %q", recs[0])
	}
	col := func(name string) int { return slices.Index(FindingColumns, name) }
	cases := []struct {
		row         int
		field, want string
	}{
		{1, "finding", "1"}, {1, "rule", "hierarchy_sum"}, {1, "severity", "error"},
		{1, "expected", "12029500.35"}, {1, "printed", "12029500.36"}, {1, "page", "4"},
		{1, "bbox", "300.00,115.00,360.00,125.00"}, {1, "column_path", "合计"},
		{1, "table_title", "2025年一般公共预算支出功能分类预算表"}, {1, "column_index", "4"},
		{2, "finding", "1"}, {2, "ref", "2"}, {2, "code", "20103"},
		{3, "rule", "unresolved_split"},
		{5, "ref", "2"}, {5, "column_index", ""}, {5, "bbox", ""}, // a whole-row reference, no box
		{6, "rule", ProblemRule}, {6, "page", "9"}, {6, "severity", "error"},
		// What each finding is about: the source, or this tool's reading of it.
		{1, "about", AboutSource}, {3, "about", AboutReading}, {4, "about", AboutSource}, {6, "about", AboutReading},
	}
	if len(recs) != 7 {
		t.Fatalf("%d rows, want 7 (5 refs of 3 findings, 1 problem, header)", len(recs))
	}
	for _, c := range cases {
		if got := recs[c.row][col(c.field)]; got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.field, got, c.want)
		}
	}

	// In Chinese (the default) the message is rendered from the finding's fields; detail
	// keeps normalize's own words.
	buf.Reset()
	if err := WriteFindingsCSV(&buf, sampleDoc(t), findtext.ZH); err != nil {
		t.Fatal(err)
	}
	zh := readCSV(t, buf.Bytes())
	for _, row := range []int{1, 3, 6} {
		if zh[row][col("detail")] != recs[row][col("message")] && row != 6 {
			t.Errorf("row %d detail %q, want the English message %q", row, zh[row][col("detail")], recs[row][col("message")])
		}
	}
	for _, c := range []struct {
		row  int
		want string
	}{{1, "印刷 12029500.36，下级合计 12029500.35，差额 0.01"}, {3, "两种同样合理的读法"}, {6, "第9页 无法读取"}} {
		if got := zh[c.row][col("message")]; !strings.Contains(got, c.want) {
			t.Errorf("row %d message %q, want it to say %q", c.row, got, c.want)
		}
	}
}

func TestCellsCSV(t *testing.T) {
	var buf bytes.Buffer
	c, err := NewCellsCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	doc := sampleDoc(t)
	for cell := range Cells(doc, sampleMeta()) {
		if err := c.Write(cell); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if !slices.Equal(recs[0], CellColumns) {
		t.Fatalf("header %q", recs[0])
	}
	// Present amount cells only: 6 (表1) + 23 (表2) + 6 (表3) + 0 (empty 表4).
	if n := len(recs) - 1; n != 35 {
		t.Fatalf("%d cells, want 35", n)
	}
	idx := func(name string) int { return slices.Index(CellColumns, name) }
	find := func(table, row, path string) []string {
		for _, r := range recs[1:] {
			if r[idx("table_seq")] == table && r[idx("row_seq")] == row && r[idx("column_path")] == path {
				return r
			}
		}
		t.Fatalf("no cell %s/%s/%s", table, row, path)
		return nil
	}
	cases := []struct {
		table, row, path string
		field, want      string
	}{
		{"1", "1", "收入/预算数", "value", "58822"},
		{"1", "1", "收入/预算数", "value_yuan", "588220000"},
		{"1", "1", "收入/预算数", "side", "收入"},
		{"1", "1", "收入/预算数", "unit", "万元"},
		{"1", "4", "支出/预算数", "code", "201"},
		{"2", "4", "基本支出/人员经费", "value", "9016775.35"},
		{"2", "4", "基本支出/人员经费", "code", "2010301"},
		{"2", "4", "基本支出/人员经费", "code_level", "3"},
		{"2", "4", "基本支出/人员经费", "repairs", `[{"kind":"join_split_number","before":"9,016,775.3 | 5","after":"9016775.35","evidence":"same cell box, next baseline; 类 = Σ 款 holds"}]`},
		{"2", "5", "合计", "source", "ocr"},
		{"2", "5", "合计", "confidence", "0.61"},
		{"2", "5", "合计", "low_confidence", "true"},
		{"2", "5", "合计", "mapped_code", "2010350"},
		{"2", "5", "合计", "mapping_confidence", "0.97"},
		{"2", "1", "合计", "row_kind", "total"},
		{"2", "1", "合计", "mapped_code", ""},
		{"2", "1", "合计", "mapping_confidence", ""},
		{"2", "8", "合计", "page", "5"},
		{"2", "8", "合计", "bbox", "300.00,130.00,360.00,140.00"},
		{"3", "1", "公务用车购置及运行费/小计", "value", "6.9493"},
		{"3", "1", "公务用车购置及运行费/小计", "value_yuan", "69493"},
		{"3", "1", "公务用车购置及运行费/小计", "unresolved", "true"},
		{"3", "1", "公务接待费", "value_yuan", "70000.0000"[:5]}, // 7.0000 万元 = 70000 元 exactly
		{"3", "1", "合计", "doc_id", "changji-2025"},
		{"3", "1", "合计", "year", "2025"},
		{"3", "1", "合计", "doc_kind", "budget"},
		{"3", "1", "合计", "source_sha256", strings.Repeat("ab", 32)},
	}
	for _, c := range cases {
		r := find(c.table, c.row, c.path)
		if got := r[idx(c.field)]; got != c.want {
			t.Errorf("table %s row %s %s: %s = %q, want %q", c.table, c.row, c.path, c.field, got, c.want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	doc := sampleDoc(t)
	if err := WriteJSON(&buf, doc, sampleMeta()); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.DocID != "changji-2025" || back.ToolVersion != "test" || back.Document == nil {
		t.Fatalf("meta lost: %+v", back)
	}
	got := back.Tables[1].Rows[3].Values[5]
	want := doc.Tables[1].Rows[3].Values[5]
	if got.Amount != want.Amount || got.Yuan == nil || want.Yuan == nil || *got.Yuan != *want.Yuan || got.Type != want.Type || got.Box != want.Box || got.Page != want.Page || !slices.Equal(got.Repairs, want.Repairs) {
		t.Errorf("value provenance lost: got %+v, want %+v", got, want)
	}
	if back.Tables[2].Rows[0].Values[5].Amount.String() != "7.0000" {
		t.Errorf("printed scale lost: %s", back.Tables[2].Rows[0].Values[5].Amount)
	}
	if len(back.Findings) != 3 || back.Findings[0].Refs[0].Box != doc.Findings[0].Refs[0].Box {
		t.Errorf("findings lost: %+v", back.Findings)
	}
	if len(back.Problems) != 1 {
		t.Errorf("problems lost")
	}
}

func TestWriteDocument(t *testing.T) {
	out := t.TempDir()
	doc := sampleDoc(t)
	meta := sampleMeta()
	// A stale table CSV from an earlier conversion must go; an unrelated file must stay.
	stale := filepath.Join(out, meta.DocID, TablesDir, "09_other.csv")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(stale, []byte("x"), 0o644)
	w, err := WriteDocument(out, doc, meta, AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"changji-2025/document.json",
		"changji-2025/tables/01_summary.csv", "changji-2025/tables/02_gpb_expenditure.csv",
		"changji-2025/tables/03_three_public.csv", "changji-2025/tables/04_gov_fund.csv",
		"changji-2025/findings.csv", "changji-2025/cells.csv",
		"parquet/year=2025/doc_kind=budget/changji-2025.parquet",
		"changji-2025/changji-2025.xlsx",
	}
	if !slices.Equal(w.Files, want) {
		t.Fatalf("files %q, want %q", w.Files, want)
	}
	if w.Cells != 35 {
		t.Errorf("cells %d, want 35", w.Cells)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale table CSV not removed: %v", err)
	}
	var temps []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && IsTemp(d.Name()) {
			temps = append(temps, p)
		}
		return nil
	})
	if len(temps) > 0 {
		t.Errorf("temp files left: %q", temps)
	}

	// The Parquet file reads back (with parquet-go; export/internal/readback checks it with
	// DuckDB, an independent reader).
	rows, err := parquet.ReadFile[ParquetCell](filepath.Join(out, w.Parquet))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 35 {
		t.Fatalf("%d parquet rows", len(rows))
	}
	var sum money.Decimal
	for _, r := range rows {
		if r.TableSeq == 2 && r.RowKind == "item" && r.CodeLevel == 3 {
			v, err := money.Parse(r.Value)
			if err != nil {
				t.Fatal(err)
			}
			sum, _ = sum.Add(v)
		}
	}
	// 项 rows, all four amount columns: 9829500.35+9016775.35+812725.00 (行政运行) +
	// 2200000.00+2200000.00 (事业运行) + 473450.00+473450.00 (养老保险缴费).
	if sum.String() != "25005900.70" {
		t.Errorf("Σ 项 values = %s", sum)
	}

	// Unknown year and kind go to Hive's NULL partition.
	doc.Year, doc.DocKind = 0, ""
	w, err = WriteDocument(out, doc, Meta{DocID: "nodate", SourceFile: "x.pdf"}, Formats{Parquet: true})
	if err != nil {
		t.Fatal(err)
	}
	if w.Parquet != "parquet/year=__HIVE_DEFAULT_PARTITION__/doc_kind=__HIVE_DEFAULT_PARTITION__/nodate.parquet" {
		t.Errorf("partition %q", w.Parquet)
	}

	// cells.csv of the run: rows appended without BOM or header.
	var run bytes.Buffer
	run.Write(CellsHeader())
	if _, err := AppendCellRows(&run, filepath.Join(out, meta.DocID, DocCellsFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := AppendCellRows(&run, filepath.Join(out, meta.DocID, DocCellsFile)); err != nil {
		t.Fatal(err)
	}
	if recs := readCSV(t, run.Bytes()); len(recs) != 1+2*35 {
		t.Errorf("run cells %d rows", len(recs))
	}
	if _, err := AppendCellRows(&run, filepath.Join(out, meta.DocID, FindingsFile)); err == nil {
		t.Error("a file with another header was appended")
	}
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		in   string
		want Formats
		err  bool
	}{
		{"xlsx,csv,parquet,json", AllFormats, false},
		{"all", AllFormats, false},
		{"csv", Formats{CSV: true}, false},
		{" Parquet , json", Formats{Parquet: true, JSON: true}, false},
		{"pdf", Formats{}, true},
		{"", Formats{}, true},
	}
	for _, c := range cases {
		got, err := ParseFormats(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseFormats(%q) = %+v, %v", c.in, got, err)
		}
		if err == nil {
			if back, _ := ParseFormats(got.String()); back != got {
				t.Errorf("String() %q does not round-trip", got.String())
			}
		}
	}
	if !AllFormats.Covers(Formats{CSV: true}) || (Formats{CSV: true}).Covers(AllFormats) {
		t.Error("Covers")
	}
}
