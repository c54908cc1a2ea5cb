// Package pipeline wires the stages for one document: extract (and OCR where the text layer
// is missing or undecodable) → tables → normalize. The CLI's convert, inspect and eval
// commands all run documents through here, so they see the same results.
package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Options configure a run.
type Options struct {
	// OCR recognises pages without a usable text layer; nil leaves them empty (each such
	// page is then reported as a Problem).
	OCR *ocr.Engine
	// LazyOCR, used when OCR is nil, creates the engine when the first page needs it (so a
	// born-digital document never starts Tesseract).
	LazyOCR *LazyOCR
	// Workers bounds how many pages are OCRed at once (default 1).
	Workers int
	// Tables overrides the tables stage's thresholds (nil: tables.DefaultSettings); the
	// split-number geometry is Normalize.Split.
	Tables    *tables.Settings
	Normalize normalize.Options
	// Corrections is the path of a corrections.json to apply (package corrections: after
	// the tables stage, so normalize re-runs every identity with the corrected cells); ""
	// or a missing file: none.
	Corrections string
	// OCRCache, when set, is a folder where OCRed pages are kept and reused, keyed by the
	// file's SHA-256, the page and the engine's settings (not the OCR stage's code: empty it
	// after changing that stage). For developers re-running later stages on the same scans.
	OCRCache string
	// OnPage, when set, is called once per page when it is done (read, and OCRed where it
	// needed it), with the page count; it may be called from several goroutines at once.
	OnPage func(page, pages int)
}

// Result is everything a run produced for one document.
type Result struct {
	Pages  []*extract.Page
	Tables *tables.Document
	Doc    *normalize.Document
}

// Extract reads every page, OCRing those that need it. Page failures become Problems; only
// a file that cannot be opened at all is an error.
func Extract(path string, opts Options) ([]*extract.Page, []tables.Problem, error) {
	f, err := extract.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	n := f.NumPages()
	pages := make([]*extract.Page, n)
	var problems []tables.Problem
	done := func(page int) {
		if opts.OnPage != nil {
			opts.OnPage(page, n)
		}
	}
	for i := 1; i <= n; i++ {
		p, err := f.Page(i)
		if err != nil {
			problems = append(problems, problem.New(path, i, problem.Extract, err))
			done(i)
			continue
		}
		pages[i-1] = p
		if !needsOCR(p) {
			done(i)
		}
	}
	problems = append(problems, recognize(path, pages, opts, done)...)
	return pages, problems, nil
}

func needsOCR(p *extract.Page) bool {
	return p.Verdict == extract.VerdictImage || p.Verdict == extract.VerdictUndecodable
}

// recognize OCRs the pages whose text layer is missing or undecodable, in parallel, and
// calls done for each.
func recognize(path string, pages []*extract.Page, opts Options, done func(page int)) []tables.Problem {
	var todo []*extract.Page
	for _, p := range pages {
		if p != nil && needsOCR(p) {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	eng := opts.OCR
	why := "OCR is off"
	if eng == nil && opts.LazyOCR != nil {
		var err error
		if eng, err = opts.LazyOCR.Engine(); err != nil {
			why = fmt.Sprintf("OCR is unavailable (%v)", err)
		}
	}
	if eng == nil {
		out := make([]tables.Problem, len(todo))
		for i, p := range todo {
			out[i] = problem.New(path, p.Number, problem.OCR, fmt.Errorf("page is %s and %s", p.Verdict, why))
			done(p.Number)
		}
		return out
	}
	var cache *ocrCache
	if opts.OCRCache != "" {
		var err error
		if cache, err = newOCRCache(opts.OCRCache, path, eng); err != nil {
			return []tables.Problem{problem.New(path, 0, problem.OCR, fmt.Errorf("OCR cache: %w", err))}
		}
	}
	workers := max(opts.Workers, 1)
	var (
		mu       sync.Mutex
		problems []tables.Problem
		wg       sync.WaitGroup
		next     = make(chan *extract.Page)
	)
	for range workers {
		wg.Go(func() {
			for p := range next {
				if cache != nil && cache.load(p) {
					done(p.Number)
					continue
				}
				err := eng.Recognize(path, p)
				if err == nil && cache != nil {
					if err = cache.save(p); err != nil {
						err = fmt.Errorf("OCR cache: %w", err)
					}
				}
				if err != nil {
					mu.Lock()
					problems = append(problems, problem.New(path, p.Number, problem.OCR, err))
					mu.Unlock()
				}
				done(p.Number)
			}
		})
	}
	for _, p := range todo {
		next <- p
	}
	close(next)
	wg.Wait()
	return problems
}

// Run converts one document through every stage.
func Run(path string, opts Options) (*Result, error) {
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	pages, problems, err := Extract(path, opts)
	if err != nil {
		return nil, err
	}
	fixes, err := corrections.Read(opts.Corrections)
	if err != nil {
		return nil, err
	}
	set := tables.DefaultSettings()
	if opts.Tables != nil {
		set = *opts.Tables
	}
	tdoc := tables.BuildWith(path, pages, set)
	tdoc.Problems = append(problems, tdoc.Problems...)
	applied := fixes.ApplyTables(tdoc)
	nopts := opts.Normalize
	if nopts.Alternatives == nil {
		nopts.Alternatives = normalize.IndexAlternatives(pages)
	}
	if nopts.Obscured == nil {
		nopts.Obscured = normalize.IndexObscured(pages)
	}
	doc := normalize.Normalize(tdoc, nopts)
	applied.Mark(doc)
	doc.SHA256 = sum
	return &Result{Pages: pages, Tables: tdoc, Doc: doc}, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
