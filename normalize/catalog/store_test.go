package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes one sheet of rows into a temp workbook.
func writeXLSX(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestParseOfficial(t *testing.T) {
	dir := t.TempDir()
	type want struct{ code, name string }
	cases := []struct {
		name  string
		file  string
		csv   string     // file content for .csv cases
		xlsx  [][]string // rows for .xlsx cases
		want  []want
		error string // substring of the error, "" for success
	}{
		{
			name: "code and name columns, BOM, full-width name",
			file: "official.csv",
			csv:  "\ufeff科目编码,科目名称,说明\n201,一般公共服务支出,\n20103,政府办公厅（室）及相关机构事务,\n2010301, 行政运行 ,x\n30101,基本工资,\n",
			want: []want{{"201", "一般公共服务支出"}, {"20103", "政府办公厅（室）及相关机构事务"}, {"2010301", "行政运行"}, {"30101", "基本工资"}},
		},
		{
			name: "类/款/项 columns inherit the rows above",
			file: "lkx.csv",
			csv:  "类,款,项,科目名称\n208,,,社会保障和就业支出\n,05,,行政事业单位养老支出\n,,01,行政单位离退休\n,,02,事业单位离退休\n",
			want: []want{{"208", "社会保障和就业支出"}, {"20805", "行政事业单位养老支出"}, {"2080501", "行政单位离退休"}, {"2080502", "事业单位离退休"}},
		},
		{
			name: "codes of the wrong shape and rows without names are skipped",
			file: "junk.csv",
			csv:  "编码,名称\n2011,坏编码\n201,\n301,工资福利支出\n",
			want: []want{{"301", "工资福利支出"}},
		},
		{
			name: "xlsx workbook",
			file: "official.xlsx",
			xlsx: [][]string{{"政府收支分类科目"}, {"科目代码", "科目名称"}, {"210", "卫生健康支出"}, {"21011", "行政事业单位医疗"}, {"2101101", "行政单位医疗"}},
			want: []want{{"210", "卫生健康支出"}, {"21011", "行政事业单位医疗"}, {"2101101", "行政单位医疗"}},
		},
		{name: "no header", file: "noheader.csv", csv: "201,一般公共服务支出\n", error: "no code/name rows"},
		{name: "unsupported type", file: "catalog.txt", csv: "科目编码,科目名称\n201,一般公共服务支出\n", error: "unsupported file type"},
		{name: "missing file", file: "absent.csv", error: "absent.csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			switch {
			case c.xlsx != nil:
				writeXLSX(t, path, c.xlsx)
			case c.csv != "":
				if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rows, source, err := ParseOfficial(path)
			if c.error != "" {
				if err == nil || !strings.Contains(err.Error(), c.error) {
					t.Fatalf("err = %v, want one containing %q", err, c.error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(source, "import:"+c.file+"@") {
				t.Errorf("source %q does not name the file", source)
			}
			if len(rows) != len(c.want) {
				t.Fatalf("got %d rows %v, want %d", len(rows), rows, len(c.want))
			}
			for i, w := range c.want {
				r := rows[i]
				if r.Code != w.code || r.Name != w.name || r.Kind != KindImported || r.Scheme != SchemeOf(w.code) || len(r.Sources) != 1 || r.Sources[0] != source {
					t.Errorf("row %d = %+v, want %s %s imported from %s", i, r, w.code, w.name, source)
				}
			}
		})
	}
}

// TestStoreImportLearnLoad: imported and learned entries are written to the store folder,
// re-importing a file replaces its rows, learning counts repeats, and Load merges both over
// the embedded catalog with their kinds.
func TestStoreImportLearnLoad(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "official.csv")
	// importCSV writes the official file with content and imports it as the CLI does.
	importCSV := func(content string) (int, error) {
		if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		rows, source, err := ParseOfficial(src)
		if err != nil {
			return 0, err
		}
		return SaveImported(dir, source, rows)
	}
	base, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	const newCode = "2019901" // not in the embedded catalog
	if _, ok := base.Lookup(newCode); ok {
		t.Fatalf("%s is in the embedded catalog: pick another code for this test", newCode)
	}

	steps := []struct {
		name    string
		do      func() (int, error)
		wantN   int // what the step returns (rows in store / new pairs)
		check   func(t *testing.T, c *Catalog)
		rowsIn  string // file that must exist afterwards
		nRowsIn int    // its data rows
	}{
		{
			name: "import",
			do: func() (int, error) {
				return importCSV("科目编码,科目名称\n" + newCode + ",测试事务\n2010301,行政运行（导入）\n")
			},
			wantN: 2,
			check: func(t *testing.T, c *Catalog) {
				e, ok := c.Lookup(newCode)
				if !ok || e.Name != "测试事务" || e.Variants[0].Kind != KindImported || e.Level != 3 || e.Parent != "20199" {
					t.Errorf("imported entry = %+v", e)
				}
				// An imported name outranks the canonical one.
				if e, _ := c.Lookup("2010301"); e.Name != "行政运行（导入）" {
					t.Errorf("2010301 preferred name %q, want the imported one", e.Name)
				}
			},
			rowsIn: ImportedFile, nRowsIn: 2,
		},
		{
			name: "re-import of the same file replaces its rows",
			do: func() (int, error) {
				return importCSV("科目编码,科目名称\n" + newCode + ",测试事务\n2010301,行政运行（导入）\n")
			},
			wantN:  2,
			rowsIn: ImportedFile, nRowsIn: 2,
		},
		{
			name: "a changed file is another source and adds its rows",
			do: func() (int, error) {
				return importCSV("科目编码,科目名称\n" + newCode + ",测试事务（新）\n")
			},
			wantN: 3,
			check: func(t *testing.T, c *Catalog) {
				if e, _ := c.Lookup(newCode); e == nil || !e.HasName("测试事务（新）") || !e.HasName("测试事务") {
					t.Errorf("entry %s lacks one of its imported names: %+v", newCode, e)
				}
			},
			rowsIn: ImportedFile, nRowsIn: 3,
		},
		{
			name: "learn counts pairs, skips malformed codes",
			do: func() (int, error) {
				return Learn(dir, []Pair{
					{Code: "2080505", Name: "机关事业单位基本养老保险缴费支出", Source: "learned:a.pdf"},
					{Code: "2080505", Name: "机关事业单位基本养老保险缴费支出", Source: "learned:b.pdf"},
					{Code: "30199", Name: "其他工资福利 支出", Source: "learned:a.pdf"},
					{Code: "2085", Name: "坏编码", Source: "learned:a.pdf"},
					{Code: "201", Name: "", Source: "learned:a.pdf"},
				})
			},
			wantN: 2,
			check: func(t *testing.T, c *Catalog) {
				e, ok := c.Lookup("30199")
				if !ok || !e.HasName("其他工资福利支出") {
					t.Fatalf("learned 30199 missing: %+v", e)
				}
				for _, v := range c.Rows() {
					if v.Code == "2080505" && v.Kind == KindLearned {
						t.Errorf("a learned pair for a code with a canonical name must merge into it, got row %+v", v)
					}
				}
			},
			rowsIn: LearnedFile, nRowsIn: 2,
		},
		{
			name: "learning the same pairs again adds nothing new and counts",
			do: func() (int, error) {
				return Learn(dir, []Pair{{Code: "30199", Name: "其他工资福利支出", Source: "learned:c.pdf"}})
			},
			wantN: 0,
			check: func(t *testing.T, c *Catalog) {
				rows, err := readStoreFile(filepath.Join(dir, LearnedFile))
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					if r.Code == "30199" && (r.Count != 2 || len(r.Sources) != 2) {
						t.Errorf("30199 learned row = %+v, want count 2 from 2 sources", r)
					}
				}
			},
			rowsIn: LearnedFile, nRowsIn: 2,
		},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			n, err := s.do()
			if err != nil {
				t.Fatal(err)
			}
			if n != s.wantN {
				t.Errorf("returned %d, want %d", n, s.wantN)
			}
			c, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if c.Len() < base.Len() {
				t.Errorf("merged catalog has %d codes, fewer than the embedded %d", c.Len(), base.Len())
			}
			if s.check != nil {
				s.check(t, c)
			}
			rows, err := readStoreFile(filepath.Join(dir, s.rowsIn))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != s.nRowsIn {
				t.Errorf("%s holds %d rows, want %d: %+v", s.rowsIn, len(rows), s.nRowsIn, rows)
			}
			// Temp files of the atomic write never stay behind.
			left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
			if len(left) > 0 {
				t.Errorf("temp files left: %v", left)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		wantErr string // "" = loads
		wantLen int    // extra codes over the embedded catalog
	}{
		{name: "missing folder", wantLen: 0},
		{name: "corrupt imported.csv names the file", files: map[string]string{ImportedFile: "code,name\n201,x\n"}, wantErr: ImportedFile},
		{name: "bad count in learned.csv", files: map[string]string{LearnedFile: strings.Join(Header, ",") + "\nfunctional,2019901,x,learned,,many,\n"}, wantErr: LearnedFile},
		{name: "valid learned.csv", files: map[string]string{LearnedFile: strings.Join(Header, ",") + "\nfunctional,2019901,测试,learned,,3,learned:x.pdf\n"}, wantLen: 1},
	}
	base, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			if len(c.files) > 0 {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for f, body := range c.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cat, err := Load(dir)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cat.Len() != base.Len()+c.wantLen {
				t.Errorf("%d codes, want %d", cat.Len(), base.Len()+c.wantLen)
			}
		})
	}
}

func TestDir(t *testing.T) {
	cases := []struct {
		env, xdg string
		want     string
	}{
		{env: "/x/catalog", xdg: "/data", want: "/x/catalog"},
		{xdg: "/data", want: "/data/budgetpdf/catalog"},
	}
	for _, c := range cases {
		t.Setenv(EnvDir, c.env)
		t.Setenv("XDG_DATA_HOME", c.xdg)
		got, err := Dir()
		if err != nil || got != c.want {
			t.Errorf("Dir() with %s=%q XDG_DATA_HOME=%q = %q, %v; want %q", EnvDir, c.env, c.xdg, got, err, c.want)
		}
	}
}
