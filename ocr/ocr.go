// Package ocr recognises scanned and undecodable pages with Tesseract (gosseract) and fills
// them with words in extract's page model (Source "ocr", with confidences), so the tables
// stage reads them exactly like text-layer pages.
//
// The decisions behind it are in docs/ocr.md; in short:
//   - Scanned pages are read from the placed image XObjects themselves (pixels by object
//     number with pdfcpu), mapped to the page by the placement extract reports in
//     Page.Images (this package reads no content stream); pdftoppm renders only what Go
//     cannot decode (JPX, JBIG2, inline images) and undecodable text-layer pages.
//   - Seals are removed by colour, the raster is binarised locally (Sauvola), deskewed from
//     its ruling lines, turned upright when the table is printed rotated.
//   - Ruling lines are found by run-length morphology, reported as page Rules and erased;
//     the table grid is rebuilt from them and every cell's text lines are read one by one
//     (PSM 7): with `chi_sim+eng`, and lines without Chinese also with an `eng` digits-only
//     client. Text outside grids is cut into lines the same way.
//   - A number is voted between the two networks (and a second digits reading when they
//     differ); its confidence says how strong the vote was, capped for irregular digit
//     groups and for numbers under a seal, so that a misread amount lands below
//     LowConfidence instead of passing silently.
package ocr

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"sync"

	"github.com/budgetpdf/budgetpdf/extract"
)

// LowConfidence is the confidence under which an OCR word should not be trusted without
// confirmation (an identity that holds). Words from this package are calibrated so that a
// misread amount falls below it.
const LowConfidence = 0.90

// Options configure the engine.
type Options struct {
	Lang     string // Tesseract languages for text cells; default "chi_sim+eng"
	Tessdata string // tessdata folder; default TESSDATA_PREFIX or the Debian location
	Workers  int    // Tesseract clients in the pool (pages OCRed in parallel)
	// Settings are the stage's tunables; nil: DefaultSettings.
	Settings *Settings
	// TextRecognizer, when set, reads the text lines (not the number lines) a second
	// time, and its reading wins under Settings.TextModel (issue 11: PP-OCRv4 from
	// ocr/paddle, the CLI's --text-model). nil: Tesseract alone, the default.
	TextRecognizer LineRecognizer
}

// LineRecognizer reads one line crop (grey, dark text on white): the text and its mean
// character confidence in [0,1]. It must be safe for concurrent use.
type LineRecognizer interface {
	ReadLine(img *image.Gray) (text string, conf float64, err error)
	// Name identifies the recogniser and its model in the OCR cache's key.
	Name() string
}

// Engine owns a pool of Tesseract clients.
type Engine struct {
	opts      Options
	set       Settings
	tessdata  string
	textLangs []string

	mu      sync.Mutex
	idle    []*worker
	created int
	cond    *sync.Cond
	closed  bool
}

// Settings returns the engine's tunables (the defaults when Options.Settings was nil).
func (e *Engine) Settings() Settings { return e.set }

// New starts an engine; it fails clearly when Tesseract or a language is missing. Clients
// are created on first use (each costs 0.1–0.9 s), at most Workers of them. Tesseract's
// OpenMP threading follows OMP_THREAD_LIMIT as the process was started with it (libgomp
// reads it at load): a program wanting single-threaded clients sets it before it starts,
// as budgetpdf's main does (docs/ocr.md).
func New(opts Options) (*Engine, error) {
	if opts.Lang == "" {
		opts.Lang = "chi_sim+eng"
	}
	opts.Workers = max(opts.Workers, 1)
	langs := strings.Split(opts.Lang, "+")
	dir, err := findTessdata(opts.Tessdata, append([]string{"eng"}, langs...))
	if err != nil {
		return nil, err
	}
	e := &Engine{opts: opts, set: DefaultSettings(), tessdata: dir, textLangs: langs}
	if opts.Settings != nil {
		e.set = *opts.Settings
	}
	if opts.TextRecognizer != nil {
		tm := DefaultTextModelSettings()
		if e.set.TextModel != nil {
			tm = *e.set.TextModel
		}
		tm.Recognizer = opts.TextRecognizer.Name()
		e.set.TextModel = &tm
	} else {
		e.set.TextModel = nil
	}
	e.cond = sync.NewCond(&e.mu)
	// Create one client pair now so that a broken installation fails here, not per page.
	w, err := newWorker(dir, langs, &e.set)
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	w.second = opts.TextRecognizer
	if err := w.warmUp(); err != nil {
		w.close()
		return nil, fmt.Errorf("ocr: tesseract: %w", err)
	}
	e.idle = append(e.idle, w)
	e.created = 1
	return e, nil
}

// Tessdata is the folder the engine loads its models from.
func (e *Engine) Tessdata() string { return e.tessdata }

func (e *Engine) acquire() (*worker, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		if e.closed {
			return nil, errors.New("ocr: engine closed")
		}
		if n := len(e.idle); n > 0 {
			w := e.idle[n-1]
			e.idle = e.idle[:n-1]
			return w, nil
		}
		if e.created < e.opts.Workers {
			e.created++
			e.mu.Unlock()
			w, err := newWorker(e.tessdata, e.textLangs, &e.set)
			if err == nil {
				w.second = e.opts.TextRecognizer
				err = w.warmUp()
			}
			e.mu.Lock()
			if err != nil {
				e.created--
				return nil, fmt.Errorf("ocr: %w", err)
			}
			return w, nil
		}
		e.cond.Wait()
	}
}

func (e *Engine) release(w *worker) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		w.close()
		return
	}
	e.idle = append(e.idle, w)
	e.cond.Signal()
}

// Close releases the clients. Pages still being recognised finish first.
func (e *Engine) Close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for _, w := range e.idle {
		w.close()
	}
	e.idle = nil
	e.cond.Broadcast()
	return nil
}

// Recognize fills page (verdict image or undecodable) with OCR words and the ruling lines
// found in the image. path is the PDF the page belongs to (image bytes are read from it).
//
// Words replace the page's text-layer words (which are absent or undecodable); Rules are
// set unless extract already found vector rules on the page. When the table is printed
// rotated on the page, the page frame is turned to reading orientation: Width/Height swap,
// Rotate grows by the turn and a Note says so, and all boxes are in that frame.
func (e *Engine) Recognize(path string, page *extract.Page) (err error) {
	if page == nil {
		return errors.New("ocr: nil page")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("ocr: page %d: internal error: %v", page.Number, r)
		}
	}()
	done := phase("raster")
	rasters, notes, err := e.pageRasters(path, page)
	done()
	page.Notes = append(page.Notes, notes...)
	if err != nil {
		return err
	}
	w, err := e.acquire()
	if err != nil {
		return err
	}
	defer e.release(w)

	res, err := recognizePage(w, page, rasters)
	if err != nil {
		return err
	}
	res.apply(page)
	return nil
}
