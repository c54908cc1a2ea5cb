package paddle

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// probs builds a [steps][n] matrix whose step t puts p[t] on class best[t] and spreads the
// rest evenly.
func probs(n int, best []int, p []float32) []float32 {
	out := make([]float32, len(best)*n)
	for t, k := range best {
		rest := (1 - p[t]) / float32(n-1)
		for c := range n {
			out[t*n+c] = rest
		}
		out[t*n+k] = p[t]
	}
	return out
}

func TestDecode(t *testing.T) {
	classes := []string{"", "财", "政", "0", " "}
	for _, tc := range []struct {
		name string
		best []int
		p    []float32
		want []Char
	}{
		{"repeats collapse", []int{1, 1, 2, 2, 2}, []float32{0.9, 0.8, 0.7, 0.95, 0.6}, []Char{{"财", 0.9}, {"政", 0.7}}},
		{"a blank separates a doubled character", []int{3, 0, 3, 3}, []float32{0.9, 0.99, 0.5, 0.9}, []Char{{"0", 0.9}, {"0", 0.5}}},
		{"blanks only", []int{0, 0, 0}, []float32{0.9, 0.9, 0.9}, nil},
		{"space is a class", []int{1, 4, 2}, []float32{0.9, 0.6, 0.9}, []Char{{"财", 0.9}, {" ", 0.6}, {"政", 0.9}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Decode(probs(len(classes), tc.best, tc.p), len(tc.best), len(classes), classes)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Chars) != len(tc.want) {
				t.Fatalf("got %v, want %v", res.Chars, tc.want)
			}
			for i, c := range res.Chars {
				if c.Text != tc.want[i].Text || math.Abs(c.Conf-tc.want[i].Conf) > 1e-6 {
					t.Errorf("char %d: got %v, want %v", i, c, tc.want[i])
				}
			}
		})
	}
}

func TestDecodeShapeErrors(t *testing.T) {
	classes := []string{"", "a"}
	if _, err := Decode(make([]float32, 5), 2, 2, classes); err == nil {
		t.Error("5 values for 2×2: no error")
	}
	if _, err := Decode(make([]float32, 6), 2, 3, classes); err == nil {
		t.Error("3 network classes, 2 in the dictionary: no error")
	}
}

func TestResultText(t *testing.T) {
	r := Result{Chars: []Char{{"一", 1}, {"般", 0.5}}}
	if r.Text() != "一般" || r.MeanConf() != 0.75 {
		t.Errorf("got %q %.3f, want 一般 0.750", r.Text(), r.MeanConf())
	}
	if (Result{}).MeanConf() != 0 {
		t.Error("empty reading: mean confidence not 0")
	}
}

func TestReadDict(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, body string
		want       []string
		fails      bool
	}{
		{"blank first, space last", "财\n政\n0", []string{"", "财", "政", "0", " "}, false},
		{"trailing newline and CRLF", "财\r\n政\n", []string{"", "财", "政", " "}, false},
		{"empty", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".txt")
			if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadDict(p)
			if (err != nil) != tc.fails {
				t.Fatalf("error %v, want failure %v", err, tc.fails)
			}
			if !tc.fails && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// grayOf makes a w×h image of value v with a black vertical bar in column bar (−1: none).
func grayOf(w, h int, v uint8, bar int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = v
	}
	if bar >= 0 {
		for y := range h {
			g.Pix[y*g.Stride+bar] = 0
		}
	}
	return g
}

func TestPreprocess(t *testing.T) {
	s := Settings{Height: 4, MinWidth: 6, MaxWidth: 10}
	for _, tc := range []struct {
		name   string
		img    *image.Gray
		wantW  int
		checks map[[2]int]float32 // (x, y) of channel 0 → value
	}{
		// 8×4 stays 8 wide; white is 1, black −1.
		{"same height", grayOf(8, 4, 255, 2), 8, map[[2]int]float32{{0, 0}: 1, {2, 3}: -1, {7, 1}: 1}},
		// 16×8 halves to 8×4: the bar in column 4 averages with white column 5 to grey 0.
		{"halved, area mean", grayOf(16, 8, 255, 4), 8, map[[2]int]float32{{2, 0}: 0, {3, 0}: 1}},
		// 2×4 is padded to MinWidth 6 with the normalised zero.
		{"narrow padded", grayOf(2, 4, 255, -1), 6, map[[2]int]float32{{1, 0}: 1, {2, 0}: 0, {5, 3}: 0}},
		// 40×4 is squeezed to MaxWidth 10.
		{"long squeezed", grayOf(40, 4, 0, -1), 10, map[[2]int]float32{{9, 3}: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, w, err := Preprocess(tc.img, s)
			if err != nil {
				t.Fatal(err)
			}
			if w != tc.wantW || len(data) != 3*s.Height*w {
				t.Fatalf("width %d (%d values), want %d", w, len(data), tc.wantW)
			}
			plane := s.Height * w
			for xy, want := range tc.checks {
				i := xy[1]*w + xy[0]
				if math.Abs(float64(data[i]-want)) > 1e-3 {
					t.Errorf("(%d,%d) = %.3f, want %.3f", xy[0], xy[1], data[i], want)
				}
				if data[i] != data[plane+i] || data[i] != data[2*plane+i] {
					t.Errorf("(%d,%d): the three channels differ", xy[0], xy[1])
				}
			}
		})
	}
	if _, _, err := Preprocess(image.NewGray(image.Rect(0, 0, 0, 4)), s); err == nil {
		t.Error("empty image: no error")
	}
}

// TestPreprocessOffsetBounds: a sub-image (bounds not at the origin) reads its own pixels.
func TestPreprocessOffsetBounds(t *testing.T) {
	g := grayOf(20, 4, 255, 12)
	sub := g.SubImage(image.Rect(10, 0, 18, 4)).(*image.Gray)
	data, w, err := Preprocess(sub, Settings{Height: 4, MinWidth: 1, MaxWidth: 100})
	if err != nil {
		t.Fatal(err)
	}
	if w != 8 || data[2] != -1 || data[1] != 1 {
		t.Errorf("width %d, column 2 %.1f, column 1 %.1f; want 8, −1 (the bar), 1", w, data[2], data[1])
	}
}

func TestFindFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{
		"m/package/assets/" + ModelFile, "m/package/assets/" + DictFile,
		"o/package/bin/napi-v6/linux/arm64/libonnxruntime.so.1", "o/package/bin/napi-v6/linux/x64/libonnxruntime.so.1",
	} {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := FindFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !linuxX64(f.Lib) || filepath.Base(f.Model) != ModelFile || filepath.Base(f.Dict) != DictFile {
		t.Errorf("found %+v", f)
	}
	if _, err := FindFiles(filepath.Join(dir, "m")); err == nil {
		t.Error("no library under m/: no error")
	}
}
