package ocr

import (
	"fmt"
	"image"
)

// secondReading reads a text line with the engine's second recogniser
// (Options.TextRecognizer, issue 11): ok when the reading has a Chinese character and a
// mean confidence of at least Settings.TextModel.MinConf. The crop is the line with the
// same margin as Tesseract's but at its own scale and without padding: the recogniser
// scales it to its own input height.
func secondReading(w *worker, a *analysis, bd band, limit image.Rectangle) (reading, bool, error) {
	if w == nil || w.second == nil || w.settings().TextModel == nil {
		return reading{}, false, nil
	}
	tm := w.settings().TextModel
	m := max(2, int(a.dpi/75))
	r := bd.Inset(-m).Intersect(limit)
	if r.Empty() {
		r = bd
	}
	done := phase("text: second recogniser")
	text, conf, err := w.second.ReadLine(a.clean.crop(r).image())
	done()
	if err != nil {
		return reading{}, false, fmt.Errorf("ocr: second recogniser %s: %w", tm.Recognizer, err)
	}
	if !hasHan([]rune(text)) || conf < tm.MinConf {
		return reading{}, false, nil
	}
	return reading{text: text, minConf: conf, meanConf: conf}, true, nil
}

// image is g as a standard library grey image (sharing no memory with g).
func (g *gray) image() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, g.w, g.h))
	copy(img.Pix, g.pix)
	return img
}
