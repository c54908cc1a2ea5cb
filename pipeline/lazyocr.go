package pipeline

import (
	"errors"
	"sync"

	"github.com/budgetpdf/budgetpdf/ocr"
)

// LazyOCR creates the OCR engine on the first page that needs it, once per run, and hands
// the same engine (one pool of Tesseract clients) to every document after that.
//
// Why: starting Tesseract with its Chinese model costs about 80 MB and 0.2 s, and most
// disclosures are born-digital: a batch of them never pays it. A failure to start (no
// tesseract, no chi_sim) is remembered and becomes a page failure of each document that
// needs OCR, naming the file and page, as when OCR is off; the other documents are not
// affected.
//
// ocr.New never restarts the program: OMP_THREAD_LIMIT is settled by the program before
// it starts work (budgetpdf's main restarts itself with it when it is unset), so creating
// the engine mid-batch changes nothing else.
type LazyOCR struct {
	// New creates the engine; it is called at most once.
	New func() (*ocr.Engine, error)
	// OnError, when set, is called once with the error when New fails.
	OnError func(error)

	mu     sync.Mutex
	done   bool
	closed bool
	eng    *ocr.Engine
	err    error
}

// errClosed is returned for pages that need OCR after Close.
var errClosed = errors.New("ocr: engine closed")

// Engine returns the engine, creating it on first use. Concurrent callers wait for the one
// creation.
func (l *LazyOCR) Engine() (*ocr.Engine, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, errClosed
	}
	if !l.done {
		l.done = true
		if l.New == nil {
			l.err = errors.New("ocr: no engine configured")
		} else {
			l.eng, l.err = l.New()
		}
		if l.err != nil && l.OnError != nil {
			l.OnError(l.err)
		}
	}
	return l.eng, l.err
}

// Started reports whether the engine was created (successfully).
func (l *LazyOCR) Started() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eng != nil
}

// Close releases the engine if it was created; later Engine calls fail.
func (l *LazyOCR) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.eng == nil {
		return nil
	}
	err := l.eng.Close()
	l.eng = nil
	return err
}
