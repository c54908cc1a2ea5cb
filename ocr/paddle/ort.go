//go:build cgo && !noocr

package paddle

import (
	"fmt"
	"image"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// Recognizer runs the network; Read is safe for concurrent use (ONNX Runtime sessions are).
type Recognizer struct {
	files   Files
	set     Settings
	classes []string
	session *ort.DynamicAdvancedSession
}

var (
	envOnce sync.Once
	envErr  error
	envLib  string
)

// initEnv loads libonnxruntime once per process (the runtime allows one environment).
func initEnv(lib string) error {
	envOnce.Do(func() {
		envLib = lib
		ort.SetSharedLibraryPath(lib)
		if err := ort.InitializeEnvironment(); err != nil {
			envErr = fmt.Errorf("paddle: loading %s: %w", lib, err)
		}
	})
	if envErr == nil && lib != envLib {
		return fmt.Errorf("paddle: ONNX Runtime already loaded from %s, not %s", envLib, lib)
	}
	return envErr
}

// Open loads the runtime library, the dictionary and the network.
func Open(f Files, s Settings) (*Recognizer, error) {
	classes, err := ReadDict(f.Dict)
	if err != nil {
		return nil, err
	}
	if err := initEnv(f.Lib); err != nil {
		return nil, err
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("paddle: session options: %w", err)
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(max(s.Threads, 1)); err != nil {
		return nil, fmt.Errorf("paddle: threads: %w", err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("paddle: threads: %w", err)
	}
	sess, err := ort.NewDynamicAdvancedSession(f.Model, []string{"x"}, []string{"softmax_11.tmp_0"}, opts)
	if err != nil {
		return nil, fmt.Errorf("paddle: model %s: %w", f.Model, err)
	}
	return &Recognizer{files: f, set: s, classes: classes, session: sess}, nil
}

// Read reads one line crop.
func (r *Recognizer) Read(img *image.Gray) (Result, error) {
	data, w, err := Preprocess(img, r.set)
	if err != nil {
		return Result{}, err
	}
	in, err := ort.NewTensor(ort.NewShape(1, 3, int64(r.set.Height), int64(w)), data)
	if err != nil {
		return Result{}, fmt.Errorf("paddle: input: %w", err)
	}
	defer in.Destroy()
	outs := []ort.Value{nil}
	if err := r.session.Run([]ort.Value{in}, outs); err != nil {
		return Result{}, fmt.Errorf("paddle: run: %w", err)
	}
	defer outs[0].Destroy()
	out, ok := outs[0].(*ort.Tensor[float32])
	if !ok {
		return Result{}, fmt.Errorf("paddle: output is %T, want float32", outs[0])
	}
	sh := out.GetShape()
	if len(sh) != 3 || sh[0] != 1 {
		return Result{}, fmt.Errorf("paddle: output shape %v", sh)
	}
	return Decode(out.GetData(), int(sh[1]), int(sh[2]), r.classes)
}

// ReadLine reads one line crop: its text and mean character probability (the OCR
// stage's ocr.LineRecognizer).
func (r *Recognizer) ReadLine(img *image.Gray) (string, float64, error) {
	res, err := r.Read(img)
	return res.Text(), res.MeanConf(), err
}

// Name is the model file and the preprocessing, for the OCR cache's key.
func (r *Recognizer) Name() string {
	return fmt.Sprintf("PP-OCRv4 %s h%d w%d-%d", r.files.Model, r.set.Height, r.set.MinWidth, r.set.MaxWidth)
}

// Close frees the session.
func (r *Recognizer) Close() error {
	return r.session.Destroy()
}
