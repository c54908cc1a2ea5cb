package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const inspectCorpus = "../../../shared/corpus/real"

func inspectFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(inspectCorpus, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s absent (the shared read-only corpus is not mounted)", p)
	}
	return p
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
// other tools rely on.
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
	for _, k := range []string{"page", "width", "height", "rotate", "verdict", "words", "rules", "images"} {
		if _, ok := pages[0][k]; !ok {
			t.Errorf("page object lacks %q", k)
		}
	}
	imgs, _ := pages[0]["images"].([]any)
	if len(imgs) == 0 {
		t.Fatal("the scanned page has no images")
	}
	checkKeys(t, "image", imgs[0], "x0", "y0", "x1", "y1", "name", "filter", "pixel_width", "pixel_height", "matrix")

	// Words and rules on a text page.
	code, out, errOut = runCLI("inspect", "--json", "--page", "8", inspectFile(t, "putuo-govoffice-2025-budget.pdf"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	words, _ := p["words"].([]any)
	rules, _ := p["rules"].([]any)
	if len(words) != 33 || len(rules) != 22 {
		t.Fatalf("%d words, %d rules; want 33 and 22", len(words), len(rules))
	}
	checkKeys(t, "word", words[0], "text", "x0", "y0", "x1", "y1", "font", "size", "source", "confidence")
	checkKeys(t, "rule", rules[0], "x0", "y0", "x1", "y1", "width")
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
		t.Logf("OCR unavailable, reported as: %s", strings.TrimSpace(errOut))
		return
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

// TestInspectTables: --tables hands over to the tables stage's printer.
func TestInspectTables(t *testing.T) {
	file := inspectFile(t, "putuo-govoffice-2025-budget.pdf")
	code, out, errOut := runCLI("inspect", "--tables", "--page", "8", file)
	if code == exitOK && strings.TrimSpace(out) == "" {
		t.Error("--tables printed nothing")
	}
	if code != exitOK && strings.TrimSpace(errOut) == "" {
		t.Errorf("--tables failed (exit %d) without a message", code)
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
		t.Logf("OCR unavailable, reported as: %s", strings.TrimSpace(errOut))
		return
	}
	if !strings.Contains(out, "| pages 3 | unit 万元 | ocr grid |") || !strings.Contains(out, "9 rows") {
		t.Errorf("no 9-row OCR table on page 3:\n%s", out)
	}
	if strings.Contains(out, "OCR is off") {
		t.Errorf("page 3 was not OCRed:\n%s", out)
	}
}
