//go:build noocr

package ocr

import "errors"

// A build without Tesseract (`-tags noocr`, e.g. a static CGO_ENABLED=0 binary for
// Windows or macOS): New fails with errNoOCR, so every page that needs OCR becomes a failed
// page of its document with this message, and born-digital documents convert as usual.

var errNoOCR = errors.New("ocr: this budgetpdf was built without OCR (-tags noocr): scanned pages cannot be read; use a build with Tesseract (make build, or the Docker image)")

type tessClient struct{}

type worker struct {
	digits, text *tessClient
	set          *Settings
	second       LineRecognizer
}

func findTessdata(string, []string) (string, error)          { return "", errNoOCR }
func newWorker(string, []string, *Settings) (*worker, error) { return nil, errNoOCR }
func (w *worker) cjkClient() *tessClient                     { return nil }
func (w *worker) close()                                     {}
func (w *worker) warmUp() error                              { return errNoOCR }
func recognizeLine(*tessClient, *gray) (reading, error)      { return reading{}, errNoOCR }
func recognizeChar(*tessClient, *gray) (reading, error)      { return reading{}, errNoOCR }
func detectOrientation(*worker, *analysis) (int, error)      { return 0, errNoOCR }
