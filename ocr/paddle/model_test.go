package paddle

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"testing"
)

// modelDir is the folder holding the fetched npm packages (docs/ocr.md); the tests that
// run the network skip without it.
const modelDirEnv = "BUDGETPDF_PADDLE_DIR"

func openOrSkip(t *testing.T) *Recognizer {
	t.Helper()
	dir := os.Getenv(modelDirEnv)
	if dir == "" {
		t.Skip("the PP-OCRv4 model is not configured: set " + modelDirEnv + " to the folder of the fetched npm packages (docs/ocr.md) to run this test")
	}
	f, err := FindFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(f, DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func readGray(t *testing.T, path string) *image.Gray {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// TestReadLines reads two line crops of a tuning scan (real-shenzhen-traffic-police,
// t200-color-seals-tilt, page 1; the second under a red seal, kept in grey).
func TestReadLines(t *testing.T) {
	r := openOrSkip(t)
	for _, tc := range []struct {
		file, want string
		wrong      int // characters allowed wrong
	}{
		{"testdata/line-caizheng.png", "二、财政专户管理资金", 0},
		// The seal's ink is kept here (the OCR stage removes it first): measured, 管 is
		// read 萱 where the seal's ring crosses it.
		{"testdata/line-seal.png", "部门名称：深圳市公安局交通管理局（本级）", 1},
	} {
		res, err := r.Read(readGray(t, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %q mean conf %.3f", tc.file, res.Text(), res.MeanConf())
		if d := runeDiff(res.Text(), tc.want); d > tc.wrong {
			t.Errorf("%s: read %q, want %q (%d characters wrong, %d allowed)", tc.file, res.Text(), tc.want, d, tc.wrong)
		}
	}
}

// runeDiff counts the positions where a and b differ, plus their length difference.
func runeDiff(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := max(len(ra), len(rb)) - min(len(ra), len(rb))
	for i := range min(len(ra), len(rb)) {
		if ra[i] != rb[i] {
			d++
		}
	}
	return d
}
