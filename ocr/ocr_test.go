package ocr

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

func newEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{})
	if err != nil {
		t.Fatalf("ocr engine: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestNewFailsClearlyWithoutLanguage(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, tessdata, lang, want string
	}{
		{"no models at all", dir, "chi_sim+eng", "eng.traineddata"},
		{"missing chi_sim", "", "chi_xx+eng", `language "chi_xx" missing`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(Options{Tessdata: c.tessdata, Lang: c.lang})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New(%q, %q) error = %v, want one mentioning %q", c.tessdata, c.lang, err, c.want)
			}
		})
	}
}

func TestNumberPattern(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"82,096,797.42", true}, {"-23", true}, {"0.00", true}, {"201", true}, {"-", true},
		{"1.", false}, {"1..2", false}, {"12,,3", false}, {"1-2", false}, {"", false}, {"4a", false},
	}
	for _, c := range cases {
		if got := numberPattern(c.in); got != c.want {
			t.Errorf("numberPattern(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestMajority(t *testing.T) {
	cases := []struct {
		name     string
		readings []string
		want     string
		min, max float64
	}{
		{"three agree", []string{"1,554,220.00", "1554220.00", "1,554,220.00"}, "1,554,220.00", trustedConfidence, 1},
		{"two of two", []string{"36", "36"}, "36", trustedConfidence, 1},
		{"two of three", []string{"4,213,779.28", "4,213,119.28", "4,213,119.28"}, "4,213,119.28", 0.6, doubtfulConfidence},
		{"none agree: the digits model", []string{"803", "863", "868"}, "868", 0, 0.5},
		{"regular grouping preferred among equals", []string{"1811,916.18", "1,811,916.18", ""}, "1,811,916.18", trustedConfidence, 1},
		{"nothing read", []string{"", ""}, "", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, conf := majority(c.readings)
			if v != c.want || conf < c.min || conf > c.max {
				t.Errorf("majority(%q) = %q %.2f, want %q in [%.2f, %.2f]", c.readings, v, conf, c.want, c.min, c.max)
			}
		})
	}
}

func TestCleanReading(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1，554，220.00", "1,554,220.00"}, {"560,", "560"}, {" 2 4 ", "24"}, {"O1", "01"},
		{"08—", ""}, {"与52", ""}, {"-", "-"}, {"4,213.", "4,213"},
	}
	for _, c := range cases {
		if got := cleanReading(c.in); got != c.want {
			t.Errorf("cleanReading(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"政府办公厅《〈《室)及相关机构事务", "政府办公厅（室）及相关机构事务"},
		{"编制部门:上海市普陀区", "编制部门：上海市普陀区"},
		{"社会保障和就业文出", "社会保障和就业支出"},
		{"《湖南省财政厅关于》", "《湖南省财政厅关于》"},
		{"LPR+150BPs", "LPR+150BPs"},
		{"-般公共服务支出", "一般公共服务支出"},
		{"201“般公共服务支出", "201一般公共服务支出"},
		{"2024-2025年", "2024-2025年"},
		{"昌州财预[2024]61号", "昌州财预[2024]61号"},
		{"《2）公务用车运行费", "（2）公务用车运行费"},
		{"5..单位资金", "5.单位资金"},
	}
	for _, c := range cases {
		if got := cleanText(c.in); got != c.want {
			t.Errorf("cleanText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestRecognizeScanPDFs runs scanned renditions through Recognize as the pipeline does: an
// upright scan, the same scan on a /Rotate 90 page, and checks placement and reading.
func TestRecognizeScanPDFs(t *testing.T) {
	needTool(t, "pdftoppm")
	needTool(t, "pdftotext")
	e := newEngine(t)
	pdf := corpusFile(t, "putuo-govoffice-2025-budget.pdf")
	src := renderRGB(t, pdf, 10, 300)
	jpg := degrade(src, scan300)
	key := textLayer(t, pdf, 10)
	for _, rot := range []int{0, 90} {
		t.Run("rotate"+string(rune('0'+rot/90)), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "scan.pdf")
			if err := os.WriteFile(path, imagePDF(jpg, src.Rect.Dx(), src.Rect.Dy(), 300, rot), 0o644); err != nil {
				t.Fatal(err)
			}
			// extract reports the upright size; the page reads the same either way.
			page := extractedPage(t, path, 1, extract.VerdictImage)
			if w, h := float64(src.Rect.Dx())*72/300, float64(src.Rect.Dy())*72/300; page.Rotate != rot || math.Abs(page.Width-w) > 0.01 || math.Abs(page.Height-h) > 0.01 {
				t.Fatalf("extract: page %gx%g rotate %d, want %.2fx%.2f rotate %d", page.Width, page.Height, page.Rotate, w, h, rot)
			}
			if err := e.Recognize(path, page); err != nil {
				t.Fatal(err)
			}
			if len(page.Rules) < 20 {
				t.Errorf("%d rules found, want the table's ruling (≥ 20)", len(page.Rules))
			}
			sc := scoreWords(key, page.Words, extract.Box{X1: page.Width, Y1: page.Height})
			t.Log(sc)
			for _, er := range sc.errors {
				t.Log("  ", er)
			}
			if sc.n["amount"] < 10 || sc.rate("amount") < 0.9 || sc.silentWrong > 0 {
				t.Errorf("amounts: %s", sc)
			}
			for _, w := range page.Words {
				if w.Source != extract.SourceOCR || w.Confidence < 0 || w.Confidence > 1 {
					t.Fatalf("word %+v: want source ocr and confidence in [0,1]", w)
				}
			}
		})
	}
}

// TestUndecodablePageIsRendered marks a born-digital table page undecodable (as extract does
// for fonts without usable encodings) and checks it is rendered and read like a scan.
func TestUndecodablePageIsRendered(t *testing.T) {
	needTool(t, "pdftoppm")
	needTool(t, "pdftotext")
	e := newEngine(t)
	pdf := corpusFile(t, "putuo-planning-2024-final-accounts.pdf")
	page := extractedPage(t, pdf, 8, extract.VerdictText)
	page.Verdict = extract.VerdictUndecodable
	page.Words = []extract.Word{{Text: "garbage", Source: extract.SourceText, Confidence: 1}}
	if err := e.Recognize(pdf, page); err != nil {
		t.Fatal(err)
	}
	if page.Verdict != extract.VerdictUndecodable {
		t.Errorf("verdict changed to %s", page.Verdict)
	}
	sc := scoreWords(textLayer(t, pdf, 8), page.Words, extract.Box{X1: page.Width, Y1: page.Height})
	t.Log(sc)
	for _, er := range sc.errors {
		t.Log("  ", er)
	}
	if sc.n["amount"] < 20 || sc.rate("amount") < 0.99 || sc.rate("code") < 0.99 || sc.silentWrong > 0 {
		t.Errorf("rendered page read poorly: %s", sc)
	}
	if slices.ContainsFunc(page.Words, func(w extract.Word) bool { return w.Source != extract.SourceOCR }) {
		t.Error("text-layer words of an undecodable page were kept")
	}
}

// TestChangshaRotatedTable reads the real scanned allocation notice: its table is printed
// turned 90° on a portrait page, with a 3-level header, a seal and negative amounts.
func TestChangshaRotatedTable(t *testing.T) {
	e := newEngine(t)
	pdf := corpusFile(t, "changsha-finance-2025-allocation-scanned.pdf")
	page := extractedPage(t, pdf, 3, extract.VerdictImage)
	if page.Rotate != 0 || page.Width > page.Height {
		t.Fatalf("extract: page %gx%g rotate %d, want the upright portrait page", page.Width, page.Height, page.Rotate)
	}
	if err := e.Recognize(pdf, page); err != nil {
		t.Fatal(err)
	}
	if page.Rotate != 90 || page.Width < page.Height {
		t.Fatalf("page frame not turned to the table's reading orientation: rotate %d, %gx%g", page.Rotate, page.Width, page.Height)
	}
	text := ""
	negatives := 0
	for _, w := range page.Words {
		text += w.Text + " "
		if strings.HasPrefix(w.Text, "-") && numberPattern(w.Text) {
			negatives++
		}
	}
	// Printed on the page (checked against the scan by eye): the title, the header cells
	// and the first data row's figures.
	for _, want := range []string{"小计", "中央", "省级", "单位：万元", "开福区", "天心区", "-36", "438", "521"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not read", want)
		}
	}
	if negatives < 15 {
		t.Errorf("%d negative amounts read, the table prints dozens", negatives)
	}
	if len(page.Rules) < 30 {
		t.Errorf("%d rules, want the table's grid", len(page.Rules))
	}
}
