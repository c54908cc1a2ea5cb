//go:build !cgo || noocr

package paddle

import (
	"errors"
	"image"
)

// Recognizer is unavailable in a build without cgo or OCR.
type Recognizer struct{}

var errNoRuntime = errors.New("paddle: this build has no ONNX Runtime binding (needs cgo, without -tags noocr)")

// Open fails: the binding needs cgo.
func Open(Files, Settings) (*Recognizer, error) { return nil, errNoRuntime }

// Read fails: the binding needs cgo.
func (r *Recognizer) Read(*image.Gray) (Result, error) { return Result{}, errNoRuntime }

// ReadLine fails: the binding needs cgo.
func (r *Recognizer) ReadLine(*image.Gray) (string, float64, error) { return "", 0, errNoRuntime }

// Name is the recogniser's name.
func (r *Recognizer) Name() string { return "PP-OCRv4 (unavailable)" }

// Close does nothing.
func (r *Recognizer) Close() error { return nil }
