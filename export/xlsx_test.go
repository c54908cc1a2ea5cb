package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/normalize"
)

func writeSampleXLSX(t *testing.T) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleDoc(t), sampleMeta()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXSheets(t *testing.T) {
	f := writeSampleXLSX(t)
	want := []string{"1 2025年部门财务收支预算总表", "2 2025年一般公共预算支出功能分类预算表", "3 2025年“三公”经费支出预算表", "4 2025年政府性基金预算支出表", SheetFindings, SheetMeta}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
}

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("一般公共预算财政拨款基本支出决算表", 3)
	cases := []struct {
		name   string
		titles []string
		want   []string
	}{
		{"invalid characters", []string{"表1:收支/总表[2025]?"}, []string{"1 表1收支总表2025"}},
		{"long Chinese title cut to 31", []string{long}, []string{"1 " + string([]rune(long)[:29])}},
		{"same title twice stays unique", []string{long, long}, []string{"1 " + string([]rune(long)[:29]), "2 " + string([]rune(long)[:29])}},
		{"empty title uses kind", []string{""}, []string{"1 other"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := newXLSXWriter(sampleDoc(t), sampleMeta())
			var got []string
			for i, title := range c.titles {
				got = append(got, x.sheetName(&normalize.Table{Seq: i + 1, Kind: "other", Title: title}))
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for _, g := range got {
				if n := len([]rune(g)); n > 31 {
					t.Errorf("%q has %d characters", g, n)
				}
			}
		})
	}
	// Same seq and title can only collide through truncation; force a collision directly.
	x := newXLSXWriter(sampleDoc(t), sampleMeta())
	a := x.sheetName(&normalize.Table{Seq: 1, Title: long})
	b := x.sheetName(&normalize.Table{Seq: 1, Title: long})
	if a == b || len([]rune(b)) > 31 || !strings.HasSuffix(b, "(2)") {
		t.Fatalf("collision not resolved: %q, %q", a, b)
	}
}

func TestXLSXCells(t *testing.T) {
	f := writeSampleXLSX(t)
	const gpb = "2 2025年一般公共预算支出功能分类预算表"
	const sum = "1 2025年部门财务收支预算总表"
	const tp = "3 2025年“三公”经费支出预算表"
	cases := []struct {
		sheet, cell string
		value       string // formatted as Excel shows it
		raw         string // stored value
		typ         excelize.CellType
	}{
		// Title and unit line.
		{gpb, "A1", "2025年一般公共预算支出功能分类预算表", "", excelize.CellTypeSharedString},
		{gpb, "H2", "单位：元", "", excelize.CellTypeSharedString},
		// Header: two levels.
		{gpb, "A3", "科目编码", "", excelize.CellTypeSharedString},
		{gpb, "A4", "类", "", excelize.CellTypeSharedString},
		{gpb, "F3", "基本支出", "", excelize.CellTypeSharedString},
		{gpb, "F4", "人员经费", "", excelize.CellTypeSharedString},
		{gpb, "E3", "合计", "", excelize.CellTypeSharedString},
		// 合计 row, exact amounts with separators.
		{gpb, "D5", "合计", "", excelize.CellTypeSharedString},
		{gpb, "E5", "12,502,950.35", "12502950.35", excelize.CellTypeUnset},
		// The 单位 column after the printed ones: each row's money unit (as the CSVs' unit).
		{gpb, "I3", "单位", "", excelize.CellTypeSharedString},
		{gpb, "I5", "元", "", excelize.CellTypeSharedString},
		// Codes as text with leading zeros.
		{gpb, "A6", "201", "", excelize.CellTypeSharedString},
		{gpb, "B7", "03", "", excelize.CellTypeSharedString},
		{gpb, "C8", "01", "", excelize.CellTypeSharedString},
		{gpb, "B12", "05", "", excelize.CellTypeSharedString},
		{gpb, "C12", "05", "", excelize.CellTypeSharedString},
		// Blank stays blank, distinct from 0.
		{gpb, "H8", "", "", excelize.CellTypeUnset},
		{gpb, "F9", "", "", excelize.CellTypeUnset},
		// 万元 summary side by side: 收入 row 2 prints 0.
		{sum, "A3", "收入", "", excelize.CellTypeSharedString},
		{sum, "C3", "支出", "", excelize.CellTypeSharedString},
		{sum, "A5", "一、一般公共预算拨款收入", "", excelize.CellTypeSharedString},
		{sum, "C5", "一般公共服务支出", "", excelize.CellTypeSharedString},
		{sum, "B6", "0", "0", excelize.CellTypeUnset},
		{sum, "D7", "58,822", "58822", excelize.CellTypeUnset},
		// Four decimals in 万元.
		{tp, "C5", "6.9493", "6.9493", excelize.CellTypeUnset},
		{tp, "F5", "7.0000", "", excelize.CellTypeUnset},
		{tp, "C3", "公务用车购置及运行费", "", excelize.CellTypeSharedString},
	}
	for _, c := range cases {
		t.Run(c.sheet[:1]+"!"+c.cell, func(t *testing.T) {
			got, err := f.GetCellValue(c.sheet, c.cell)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.value {
				t.Errorf("shown %q, want %q", got, c.value)
			}
			if c.raw != "" {
				raw, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
				if raw != c.raw {
					t.Errorf("stored %q, want %q", raw, c.raw)
				}
			}
			typ, err := f.GetCellType(c.sheet, c.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != c.typ {
				t.Errorf("type %v, want %v", typ, c.typ)
			}
		})
	}
}

func TestXLSXStructure(t *testing.T) {
	f := writeSampleXLSX(t)
	const gpb = "2 2025年一般公共预算支出功能分类预算表"
	const sum = "1 2025年部门财务收支预算总表"

	merged := func(sheet string) []string {
		ms, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		return out
	}
	for _, c := range []struct {
		sheet string
		want  []string
	}{
		// Title across the table; 科目编码 over 类款项; 科目名称/合计/项目支出 down two rows;
		// 基本支出 over its two leaves.
		{gpb, []string{"A1:H1", "A3:C3", "D3:D4", "E3:E4", "F3:G3", "H3:H4"}},
		{sum, []string{"A1:D1", "A3:B3", "C3:D3"}},
	} {
		got := merged(c.sheet)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: merge %s missing (have %v)", c.sheet, w, got)
			}
		}
	}

	// Number formats: the decimals each cell prints, with separators; codes are "@" text.
	fmtOf := func(sheet, cell string) string {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return *st.CustomNumFmt
		}
		if st.NumFmt == 49 {
			return "@"
		}
		return ""
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{gpb, "E6", "#,##0.00"},
		{gpb, "B7", "@"},
		{sum, "B5", "#,##0"},
		{"3 2025年“三公”经费支出预算表", "A5", "#,##0.0000"},
		// A printed 0 beside four-decimal values stays 0, not 0.0000.
		{"3 2025年“三公”经费支出预算表", "B5", "#,##0"},
	} {
		if got := fmtOf(c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s format %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}

	// Frozen panes below the header and right of the code/name columns.
	p, err := f.GetPanes(gpb)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Freeze || p.YSplit != 4 || p.XSplit != 4 {
		t.Errorf("panes = %+v, want freeze at 4 rows, 4 columns", p)
	}

	// Outline: 类 rows level 0, 款 1, 项 2.
	for row, want := range map[int]uint8{5: 0, 6: 0, 7: 1, 8: 2, 9: 2, 10: 0, 11: 1, 12: 2} {
		got, err := f.GetRowOutlineLevel(gpb, row)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("row %d outline %d, want %d", row, got, want)
		}
	}

	// Comments on repaired, low-confidence, unresolved and flagged cells, and the code fix.
	cs, err := f.GetComments(gpb)
	if err != nil {
		t.Fatal(err)
	}
	comments := map[string]string{}
	for _, c := range cs {
		var sb strings.Builder
		for _, p := range c.Paragraph {
			sb.WriteString(p.Text)
		}
		comments[c.Cell] = sb.String() + c.Text
	}
	for cell, want := range map[string]string{
		"F8":  "join_split_number",
		"E9":  "低置信度",
		"D12": "code_fix",
		"E6":  "hierarchy_sum",
	} {
		if !strings.Contains(comments[cell], want) {
			t.Errorf("%s comment %q, want it to mention %q", cell, comments[cell], want)
		}
	}
	fillOf := func(sheet, cell string) string {
		id, _ := f.GetCellStyle(sheet, cell)
		st, _ := f.GetStyle(id)
		if len(st.Fill.Color) == 0 {
			return ""
		}
		return st.Fill.Color[0]
	}
	if got := fillOf(gpb, "F8"); got != fillRepaired {
		t.Errorf("repaired cell fill %q", got)
	}
	if got := fillOf(gpb, "E9"); got != fillLowConf {
		t.Errorf("low-confidence cell fill %q", got)
	}
	if got := fillOf("3 2025年“三公”经费支出预算表", "C5"); got != fillUnresolved {
		t.Errorf("unresolved cell fill %q", got)
	}

	// 校验: every finding row links to the cell it is about.
	for _, c := range []struct{ cell, target string }{
		{"P2", "'" + gpb + "'!E6"},
		{"P3", "'" + gpb + "'!E7"},
		{"P4", "'3 2025年“三公”经费支出预算表'!C5"},
		{"P5", "'" + sum + "'!D7"},
		{"P6", "'" + gpb + "'!D5"},
	} {
		ok, target, err := f.GetCellHyperLink(SheetFindings, c.cell)
		if err != nil || !ok || target != c.target {
			t.Errorf("校验!%s link = %v %q %v, want %q", c.cell, ok, target, err, c.target)
		}
	}
	rows, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if len(last) < 4 || last[2] != ProblemRule || !strings.Contains(last[3], "page 9") {
		t.Errorf("last 校验 row %q, want the page problem", last)
	}
	// 问题所在: the document, or this tool's reading (an unresolved split, an unread page).
	for _, c := range []struct{ cell, want string }{
		{"I1", "问题所在"}, {"I2", "原文"}, {"I3", ""}, {"I4", "识别存疑（非原文）"}, {"I5", "原文"}, {"I7", "未能读取此页"},
		// Chinese text; 应为, 印刷值, 差额 side by side.
		{"D2", "表2《2025年一般公共预算支出功能分类预算表》「201 一般公共服务支出」合计（第4页） 不等于其下级科目之和：印刷 12029500.36，下级合计 12029500.35，差额 0.01"},
		{"E2", "12029500.35"}, {"F2", "12029500.36"}, {"G2", "0.01"},
	} {
		if got, _ := f.GetCellValue(SheetFindings, c.cell); got != c.want {
			t.Errorf("校验!%s = %q, want %q", c.cell, got, c.want)
		}
	}

	// 元数据: the facts.
	meta, err := f.GetRows(SheetMeta)
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string]string{}
	for _, r := range meta {
		if len(r) >= 2 {
			facts[r[0]] = r[1]
		}
	}
	for k, want := range map[string]string{
		"源文件": "testdata/changji-2025.pdf", "文件 SHA-256": strings.Repeat("ab", 32), "页数": "12",
		"编制单位": "昌吉高新区管委会", "年度": "2025", "类型": "预算 (budget)", "金额单位": "万元、元",
		"工具版本": "budgetpdf test", "转换时间": "2026-01-02T03:04:05Z", "未能读取的页": "9",
	} {
		if facts[k] != want {
			t.Errorf("元数据 %s = %q, want %q", k, facts[k], want)
		}
	}
}

// TestXLSXLibreOffice opens the workbook in LibreOffice (a second, independent reader) and
// checks every sheet's text as LibreOffice exports it.
func TestXLSXLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice not installed (apt-get install libreoffice-calc): cannot check the workbook with a second reader")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleDoc(t), sampleMeta()); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(src, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: comma, quote, UTF-8 (76), first line 1, …, "save as shown" true (so the
	// number formats are checked too), last token -1 = every sheet into its own file
	// `book-<sheet>.csv` (LibreOffice ≥ 7.2).
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
		"--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	read := func(sheet string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, "book-"+sheet+".csv"))
		if err != nil {
			ents, _ := os.ReadDir(dir)
			t.Fatalf("sheet %s not exported: %v (have %v)", sheet, err, ents)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	gpb := read("2 2025年一般公共预算支出功能分类预算表")
	cases := []struct {
		row, col int
		want     string
	}{
		{0, 0, "2025年一般公共预算支出功能分类预算表"},
		{2, 0, "科目编码"}, {3, 0, "类"}, {3, 5, "人员经费"},
		{4, 3, "合计"}, {4, 4, "12,502,950.35"},
		{5, 0, "201"}, {6, 1, "03"}, {7, 2, "01"},
		{11, 0, "208"}, {11, 1, "05"}, {11, 2, "05"}, {11, 4, "473,450.00"},
		{7, 7, ""},
	}
	for _, c := range cases {
		got := ""
		if c.row < len(gpb) && c.col < len(gpb[c.row]) {
			got = gpb[c.row][c.col]
		}
		if got != c.want {
			t.Errorf("LibreOffice %d,%d = %q, want %q", c.row+1, c.col+1, got, c.want)
		}
	}
	tp := read("3 2025年“三公”经费支出预算表")
	if got := tp[4][2]; got != "6.9493" {
		t.Errorf("三公 小计 = %q, want 6.9493", got)
	}
	meta := read(SheetMeta)
	if meta[3][1] != "昌吉高新区管委会" {
		t.Errorf("元数据 issuer = %q", meta[3][1])
	}
	find := read(SheetFindings)
	if len(find) != 7 || find[1][2] != "hierarchy_sum" {
		t.Errorf("校验 has %d rows, first %q", len(find), find[1])
	}
}

// TestFindingsSheetOrder: 校验 lists errors first, then warnings, rounding and info, each
// keeping its finding number; 应为/印刷值/差额 are numeric cells; the header has a filter.
func TestFindingsSheetOrder(t *testing.T) {
	doc := sampleDoc(t)
	slices.Reverse(doc.Findings) // rounding, warning, error: the sheet must not follow this order
	doc.Problems = nil
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc, sampleMeta()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		if r[1] != "" {
			got = append(got, r[0]+" "+r[1])
		}
	}
	if want := []string{"3 错误", "2 警告", "1 尾差"}; !slices.Equal(got, want) {
		t.Errorf("校验 order %q, want %q", got, want)
	}
	for _, cell := range []string{"E2", "F2", "G2"} {
		if typ, err := f.GetCellType(SheetFindings, cell); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("校验!%s is stored as %v (%v), want a number", cell, typ, err)
		}
	}
	if got, _ := f.GetCellValue(SheetFindings, "G2"); got != "0.01" {
		t.Errorf("校验!G2 差额 = %q, want 0.01", got)
	}
	filter := f.GetDefinedName()
	found := false
	for _, d := range filter {
		found = found || d.Name == "_xlnm._FilterDatabase" && strings.Contains(d.RefersTo, SheetFindings)
	}
	if !found {
		t.Errorf("校验 has no autofilter: defined names %+v", filter)
	}
}

// TestXLSXOutlineByLevel: rows are grouped by normalize's Level when it is set, whatever
// their code level (a names-only table's outline, a unit under its department).
func TestXLSXOutlineByLevel(t *testing.T) {
	doc := sampleDoc(t)
	tb := doc.Tables[1] // the 类/款/项 table; its first data rows are sheet rows 5, 6, 7…
	// Levels unlike the rows' code levels (类 款 项 项 类 under the total), so the code
	// levels cannot pass for them.
	levels := []int{0, 2, 1, 3, 1, 2}
	for i, r := range tb.Rows[:len(levels)] {
		r.Level = levels[i]
		if r.Level > 0 {
			r.Kind = normalize.RowItem
		}
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc, sampleMeta()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[1]
	for i, lvl := range levels {
		want := uint8(max(lvl-1, 0))
		got, err := f.GetRowOutlineLevel(sheet, 5+i)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("row %d (level %d): outline %d, want %d", 5+i, lvl, got, want)
		}
	}
}

// TestXLSXDeterministic: the same document gives the same workbook parts every time. Styles
// are numbered when first used, so any map-ordered pass (the red font of flagged cells was
// one) renumbers them from run to run and every sheet's XML changes with them.
func TestXLSXDeterministic(t *testing.T) {
	doc := sampleDoc(t)
	parts := func() map[string]string {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, doc, sampleMeta()); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range zr.File {
			if f.Name != "xl/styles.xml" && !strings.HasPrefix(f.Name, "xl/worksheets/") {
				continue
			}
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = string(b)
		}
		return out
	}
	first := parts()
	if first["xl/styles.xml"] == "" {
		t.Fatal("no xl/styles.xml in the workbook")
	}
	for run := 2; run <= 12; run++ {
		got := parts()
		for name, want := range first {
			if got[name] != want {
				t.Fatalf("run %d: %s differs from the first run's", run, name)
			}
		}
	}
}
