package ocr

import (
	"errors"
	"image"
	"testing"
)

// fakeRecognizer answers every line with a fixed reading and keeps the crop it was given.
type fakeRecognizer struct {
	text string
	conf float64
	err  error
	got  *image.Gray
}

func (f *fakeRecognizer) ReadLine(img *image.Gray) (string, float64, error) {
	f.got = img
	return f.text, f.conf, f.err
}

func (f *fakeRecognizer) Name() string { return "fake" }

// TestSecondReading: the second recogniser's reading is taken only when it has Chinese and
// reaches Settings.TextModel.MinConf, and it is given the line with the margin Tesseract's
// crop has (2 px at 150 dpi), clipped to the cell.
func TestSecondReading(t *testing.T) {
	set := DefaultSettings()
	tm := DefaultTextModelSettings()
	set.TextModel = &tm
	clean := newGray(100, 40)
	for i := range clean.pix {
		clean.pix[i] = 255
	}
	clean.pix[15*100+20] = 0 // one dark pixel inside the line
	a := &analysis{clean: clean, dpi: 150}
	bd := image.Rect(20, 10, 60, 25)
	for _, tc := range []struct {
		name   string
		rec    *fakeRecognizer
		ok     bool
		fails  bool
		noRead bool // the recogniser is not asked
	}{
		{"confident Chinese", &fakeRecognizer{text: "一般公共预算", conf: 0.9}, true, false, false},
		{"at the threshold", &fakeRecognizer{text: "财政", conf: tm.MinConf}, true, false, false},
		{"below the threshold", &fakeRecognizer{text: "财政", conf: tm.MinConf - 0.01}, false, false, false},
		{"no Chinese", &fakeRecognizer{text: "12,345.00", conf: 0.99}, false, false, false},
		{"error", &fakeRecognizer{err: errors.New("boom")}, false, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &worker{set: &set, second: tc.rec}
			rd, ok, err := secondReading(w, a, bd, image.Rect(0, 0, 100, 24))
			if (err != nil) != tc.fails || ok != tc.ok {
				t.Fatalf("ok %v err %v, want ok %v failure %v", ok, err, tc.ok, tc.fails)
			}
			if ok && (rd.text != tc.rec.text || rd.meanConf != tc.rec.conf) {
				t.Errorf("reading %q %.2f, want %q %.2f", rd.text, rd.meanConf, tc.rec.text, tc.rec.conf)
			}
			// 40+2×2 wide; 15+2 above, clipped at the cell's bottom (24) below.
			if b := tc.rec.got.Bounds(); b.Dx() != 44 || b.Dy() != 16 {
				t.Errorf("crop %v, want 44×16", b)
			}
			if tc.rec.got.GrayAt(2, 7).Y != 0 {
				t.Error("the line's dark pixel is not at (2,7) of the crop")
			}
		})
	}
	// A failing recogniser does not fail the line: Tesseract's reading stands, the
	// analysis counts the failure for the page's notes.
	fa := &analysis{clean: clean, dpi: 150}
	fw := &worker{set: &set, second: &fakeRecognizer{err: errors.New("boom")}}
	wd, err := readText(fw, fa, bd, image.Rect(0, 0, 100, 24), 1, 10, reading{text: "财政拨款", minConf: 0.99, meanConf: 0.99})
	if err != nil || wd == nil || wd.Text != "财政拨款" || fa.secondFailed != 1 || fa.secondErr == nil {
		t.Errorf("failing recogniser: word %+v err %v, %d failures noted; want Tesseract's 财政拨款 and 1", wd, err, fa.secondFailed)
	}
	if _, ok, err := secondReading(nil, a, bd, bd); ok || err != nil {
		t.Errorf("no worker: ok %v err %v", ok, err)
	}
	// Without the option nothing is asked.
	rec := &fakeRecognizer{text: "财政", conf: 1}
	if _, ok, err := secondReading(&worker{set: &set}, a, bd, bd); ok || err != nil {
		t.Errorf("no recogniser: ok %v err %v", ok, err)
	}
	off := DefaultSettings()
	if _, ok, _ := secondReading(&worker{set: &off, second: rec}, a, bd, bd); ok || rec.got != nil {
		t.Error("Settings.TextModel nil: the recogniser was asked")
	}
}

// TestTextModelSettings: New names the recogniser in Settings.TextModel (so the OCR
// cache's key tells pages read with it apart) and leaves TextModel nil without one, so
// that the key is what it was before the option existed.
func TestTextModelSettings(t *testing.T) {
	custom := DefaultSettings()
	custom.TextModel = &TextModelSettings{MinConf: 0.8}
	for _, tc := range []struct {
		name string
		opts Options
		want *TextModelSettings
	}{
		{"off", Options{}, nil},
		{"settings without a recogniser", Options{Settings: &custom}, nil},
		{"defaults", Options{TextRecognizer: &fakeRecognizer{}}, &TextModelSettings{Recognizer: "fake", MinConf: DefaultTextModelSettings().MinConf}},
		{"custom threshold", Options{Settings: &custom, TextRecognizer: &fakeRecognizer{}}, &TextModelSettings{Recognizer: "fake", MinConf: 0.8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			got := e.Settings().TextModel
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("TextModel %+v, want %+v", got, tc.want)
			}
		})
	}
	if custom.TextModel.Recognizer != "" {
		t.Error("New changed the caller's Settings")
	}
}
