package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/width"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

func inspectFile(t *testing.T, name string) string {
	t.Helper()
	return corpus.Path(t, "corpus/real/"+name)
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestInspectText(t *testing.T) {
	file := inspectFile(t, "putuo-govoffice-2025-budget.pdf")
	cases := []struct {
		name string
		args []string
		want []string // lines or fragments the output must contain
	}{
		{"file first", []string{"inspect", file, "--page", "8"}, []string{
			"page 8  842.0 × 595.0 pt  rotate 0  verdict text",
			"fonts: SimSun 12.0 (32), SimSun 18.0 (1)",
			"--- rules (22: 17 horizontal, 5 vertical)",
			"H y= 129.12  x=  58.80.. 782.16  width 0.96",
			"--- images (0)",
		}},
		{"flags first", []string{"inspect", "--page=8", file}, []string{"334.52  185.74  412.52  197.78  12.0         91,016,775.35"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(c.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestInspectUsageErrors(t *testing.T) {
	file := inspectFile(t, "putuo-govoffice-2025-budget.pdf")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"inspect"}, exitUsage, "exactly one FILE"},
		{"two files", []string{"inspect", file, file}, exitUsage, "exactly one FILE"},
		{"bad flag", []string{"inspect", "--frobnicate", file}, exitUsage, "flag provided but not defined"},
		{"negative page", []string{"inspect", "--page", "-1", file}, exitUsage, "--page must be 1 or more"},
		{"page out of range", []string{"inspect", "--page", "99", file}, exitFailed, "page 99: out of range (the file has 22 pages)"},
		{"missing file", []string{"inspect", filepath.Join(t.TempDir(), "none.pdf")}, exitFailed, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, c.code, c.want)
			}
		})
	}
}

// TestInspectJSONContract: --json prints one object per page with exactly the field names
// other tools rely on, and the values are the page's: sizes and verdict as pdfinfo gives
// them, a word's box as pdftotext -bbox gives it, a rule as the page draws it, the scanned
// page's image as pdfimages lists it. Lists are JSON arrays even when empty.
func TestInspectJSONContract(t *testing.T) {
	file := inspectFile(t, "changsha-finance-2025-allocation-scanned.pdf") // has images
	code, out, errOut := runCLI("inspect", "--json", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 64<<20)
	var pages []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not one JSON object: %v", len(pages)+1, err)
		}
		pages = append(pages, m)
	}
	if len(pages) != 6 {
		t.Fatalf("%d JSON lines, want one per page (6)", len(pages))
	}
	for i, p := range pages {
		if p["page"] != float64(i+1) {
			t.Errorf("line %d is page %v", i+1, p["page"])
		}
	}

	putuo := inspectFile(t, "putuo-govoffice-2025-budget.pdf")
	cases := []struct {
		name   string
		file   string
		page   string
		values map[string]any // page-level fields
		words  int            // -1: not checked
		rules  int
		word   map[string]any // one word, found by its text
		rule   map[string]any // the first rule
		image  map[string]any // the first image
	}{
		{
			name: "scanned page", file: file, page: "1",
			values: map[string]any{"page": 1.0, "width": 595.44, "height": 842.4, "rotate": 0.0, "verdict": "image"},
			words:  0, rules: 0,
			image: map[string]any{"x0": 0.0, "y0": 0.0, "x1": 595.44, "y1": 842.4, "filter": "DCTDecode", "pixel_width": 1654.0, "pixel_height": 2340.0},
		},
		{
			name: "text page", file: putuo, page: "8",
			values: map[string]any{"page": 8.0, "width": 842.0, "height": 595.0, "rotate": 0.0, "verdict": "text"},
			words:  33, rules: 22,
			word: map[string]any{"text": "91,016,775.35", "x0": 334.52, "y0": 185.74, "x1": 412.52, "y1": 197.78, "font": "SimSun", "size": 12.0, "source": "text", "confidence": 1.0},
			rule: map[string]any{"x0": 58.8, "y0": 129.12, "x1": 782.16, "y1": 129.12, "width": 0.96},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI("inspect", "--json", "--page", c.page, c.file)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var p map[string]any
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				t.Fatalf("not one JSON object: %v\n%s", err, out)
			}
			for k, v := range c.values {
				if p[k] != v {
					t.Errorf("%s = %v, want %v", k, p[k], v)
				}
			}
			lists := map[string][]any{}
			for _, k := range []string{"words", "rules", "images"} {
				l, ok := p[k].([]any)
				if !ok {
					t.Errorf("%s is %v, want a JSON array", k, p[k])
				}
				lists[k] = l
			}
			if len(lists["words"]) != c.words || len(lists["rules"]) != c.rules {
				t.Errorf("%d words, %d rules; want %d and %d", len(lists["words"]), len(lists["rules"]), c.words, c.rules)
			}
			if c.word != nil {
				var found any
				for _, w := range lists["words"] {
					if m, _ := w.(map[string]any); m["text"] == c.word["text"] {
						found = w
						break
					}
				}
				checkKeys(t, "word", found, "text", "x0", "y0", "x1", "y1", "font", "size", "source", "confidence")
				checkValues(t, "word", found, c.word)
			}
			if c.rule != nil && len(lists["rules"]) > 0 {
				checkKeys(t, "rule", lists["rules"][0], "x0", "y0", "x1", "y1", "width")
				checkValues(t, "rule", lists["rules"][0], c.rule)
			}
			if c.image != nil {
				if len(lists["images"]) != 1 {
					t.Fatalf("%d images, want 1", len(lists["images"]))
				}
				checkKeys(t, "image", lists["images"][0], "x0", "y0", "x1", "y1", "name", "filter", "pixel_width", "pixel_height", "matrix")
				checkValues(t, "image", lists["images"][0], c.image)
			}
		})
	}
}

// checkValues compares the fields of a JSON object with want (numbers within 0.01 pt).
func checkValues(t *testing.T, what string, v any, want map[string]any) {
	t.Helper()
	m, _ := v.(map[string]any)
	for k, w := range want {
		got := m[k]
		if wf, ok := w.(float64); ok {
			if gf, ok := got.(float64); ok && math.Abs(gf-wf) < 0.01 {
				continue
			}
		} else if got == w {
			continue
		}
		t.Errorf("%s %s = %v, want %v", what, k, got, w)
	}
}

func checkKeys(t *testing.T, what string, v any, keys ...string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object: %v", what, v)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			have := make([]string, 0, len(m))
			for h := range m {
				have = append(have, h)
			}
			sort.Strings(have)
			t.Errorf("%s lacks %q (has %v)", what, k, have)
		}
	}
}

// TestInspectOCR: --ocr shows OCR words for a scanned page, or says clearly that the OCR
// engine is unavailable.
func TestInspectOCR(t *testing.T) {
	file := inspectFile(t, "changsha-finance-2025-allocation-scanned.pdf")
	code, out, errOut := runCLI("inspect", "--ocr", "--json", "--page", "1", file)
	if code != exitOK {
		if !strings.Contains(errOut, "OCR engine is unavailable") {
			t.Fatalf("exit %d without saying why OCR failed: %s", code, errOut)
		}
		// Reported clearly, as it must be; but nothing about OCR was shown: a skip, not a pass.
		t.Skipf("OCR unavailable on this machine (install tesseract-ocr-chi-sim), reported as: %s", strings.TrimSpace(errOut))
	}
	var p struct {
		Page  int `json:"page"`
		Words []struct {
			Source string `json:"source"`
		} `json:"words"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	ocrWords := 0
	for _, w := range p.Words {
		if w.Source == "ocr" {
			ocrWords++
		}
	}
	if p.Page != 1 || ocrWords == 0 {
		t.Errorf("page %d with %d OCR words; want page 1 with OCR words", p.Page, ocrWords)
	}
}

// TestInspectTables: --tables prints each table found on the page asked for: a line with
// its kind, title, pages, unit and grid, then the rows as an aligned grid whose cells are
// what the page prints (checked against the page images: pdftoppm -r 80 -f 8/9).
func TestInspectTables(t *testing.T) {
	file := inspectFile(t, "putuo-govoffice-2025-budget.pdf")
	cases := []struct {
		name  string
		page  string
		first string   // the document line
		table string   // the table line
		rows  []string // whole output lines
	}{
		{
			name:  "two-sided summary (page 8)",
			page:  "8",
			first: file + `: 22 pages, budget (预算), issuer "上海市普陀区人民政府办公室", year 2025, 1 tables`,
			table: "== table 1 [summary] 2025年部门财务收支预算总表 | pages 8 | unit 元 | lattice grid | 2 header rows | 13 rows",
			rows: []string{
				"| 收入 | 8 | 一、财政拨款收入     | 91,016,775.35 |                        |",
				"| 支出 | 8 |                      |               | 四、住房保障支出       | 3,609,125.22",
			},
		},
		{
			name:  "coded table over two pages (page 9)",
			page:  "9",
			first: file + `: 22 pages, budget (预算), issuer "上海市普陀区人民政府办公室", year 2025, 1 tables`,
			table: "== table 2 [income] 2025年部门收入预算总表 | pages 9-10 | unit 元 | lattice grid | 3 header rows | 21 rows",
			rows: []string{
				"| 9  | 201                      | 03                       | 01                       | 行政运行                               | 12,029,501.84 | 12,029,501.84 |          |                  |",
				"| 9  | 208                      | 05                       | 99                       | 其他行政事业单位养老支出               | 14,820.00     | 14,820.00     |          |                  |",
				"| 10 |                          |                          |                          | 合计                                   | 91,016,775.35 | 91,016,775.35 |          |                  |",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI("inspect", "--tables", "--page", c.page, file)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
			if lines[0] != c.first {
				t.Errorf("first line\n got %q\nwant %q", lines[0], c.first)
			}
			if !slices.Contains(lines, c.table) {
				t.Errorf("no table line %q in:\n%s", c.table, out)
			}
			for _, r := range c.rows {
				if !slices.Contains(lines, r) {
					t.Errorf("no row line %q in:\n%s", r, out)
				}
			}
			checkAligned(t, lines)
		})
	}
}

// checkAligned: in every grid (consecutive lines starting with "|"), each column separator
// sits at the same terminal column on every line (East Asian wide characters take two
// columns; trailing empty cells may be cut off).
func checkAligned(t *testing.T, lines []string) {
	t.Helper()
	var header []int
	grids := 0
	for i, l := range lines {
		if !strings.HasPrefix(l, "|") {
			header = nil
			continue
		}
		var seps []int
		col := 0
		for _, r := range l {
			if r == '|' {
				seps = append(seps, col)
			}
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				col += 2
			default:
				col++
			}
		}
		if header == nil {
			header = seps
			grids++
			continue
		}
		if len(seps) > len(header) || !slices.Equal(seps, header[:len(seps)]) {
			t.Errorf("line %d is not aligned with its grid's header:\n%s\nseparators at %v, header's at %v", i+1, l, seps, header)
		}
	}
	if grids == 0 {
		t.Error("no grid printed")
	}
}

// TestInspectOCRTables: --ocr --tables OCRs the page asked for and rebuilds its table
// (Changsha page 3: the rotated allocation table), or says clearly that OCR is unavailable.
func TestInspectOCRTables(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of a full page (about 10 s) skipped in -short mode")
	}
	file := inspectFile(t, "changsha-finance-2025-allocation-scanned.pdf")
	code, out, errOut := runCLI("inspect", "--ocr", "--tables", "--page", "3", file)
	if code != exitOK {
		if !strings.Contains(errOut, "OCR engine is unavailable") {
			t.Fatalf("exit %d without saying why OCR failed: %s", code, errOut)
		}
		// Reported clearly, as it must be; but nothing about OCR was shown: a skip, not a pass.
		t.Skipf("OCR unavailable on this machine (install tesseract-ocr-chi-sim), reported as: %s", strings.TrimSpace(errOut))
	}
	if !strings.Contains(out, "| pages 3 | unit 万元 | ocr grid |") || !strings.Contains(out, "9 rows") {
		t.Errorf("no 9-row OCR table on page 3:\n%s", out)
	}
	if strings.Contains(out, "OCR is off") {
		t.Errorf("page 3 was not OCRed:\n%s", out)
	}
}
