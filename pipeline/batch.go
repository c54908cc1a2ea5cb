package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/internal/safetext"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// Batch decisions:
//
//   - Documents run in parallel (Workers goroutines); each is converted and written as a
//     unit and then dropped, so memory is bounded by Workers documents, not by the batch.
//   - Every output file is written under a temp name and renamed. A document's
//     conversion.json is removed before its outputs are rewritten and written last, so it
//     exists only beside a complete set of outputs: --resume trusts it (same content hash,
//     tool version and formats, every listed file present) and skips the document.
//   - OUT/cells.csv is assembled at the end from the documents' own cells.csv in input
//     order (streamed, not held in memory); the Parquet dataset is one file per document.
//   - One run at a time per output folder (a lock file), which also makes it safe to delete
//     the temp files an interrupted run left behind.

// Status is how a document ended.
type Status string

const (
	StatusConverted Status = "converted" // every page read, outputs written
	StatusPartial   Status = "partial"   // outputs written, but some pages could not be read
	StatusSkipped   Status = "skipped"   // --resume: already converted by this version
	StatusFailed    Status = "failed"    // no outputs: the file could not be converted
	StatusNotRun    Status = "not_run"   // the batch stopped first (--fail-fast, interrupt)
	// StatusNoTables: every page read and outputs written, but the document holds no table
	// (a notice, a standard, a budget whose tables are images without OCR): not a failure,
	// but nothing to analyse.
	StatusNoTables Status = "no_tables"
	// StatusDuplicate: the same content (SHA-256) as an earlier input of the batch, which
	// was converted instead (DuplicateOf names it); no outputs of its own.
	StatusDuplicate Status = "duplicate"
)

// PageFailure is a page that could not be read (or OCRed).
type PageFailure struct {
	Page    int    `json:"page"`
	Message string `json:"message"`
}

// DocResult is what became of one document. It is the JSON line convert prints per
// document and, for converted documents, OUT/<doc-id>/conversion.json.
type DocResult struct {
	DocID       string         `json:"doc_id"`
	Source      string         `json:"source_file"`
	Status      Status         `json:"status"`
	Error       string         `json:"error,omitempty"`
	SHA256      string         `json:"source_sha256,omitempty"`
	Pages       int            `json:"pages"`
	FailedPages []PageFailure  `json:"failed_pages,omitempty"`
	Tables      int            `json:"tables"`
	Cells       int            `json:"cells"`
	Findings    map[string]int `json:"findings,omitempty"` // by severity
	Year        int            `json:"year,omitempty"`
	DocKind     string         `json:"doc_kind,omitempty"`
	Issuer      string         `json:"issuer,omitempty"`
	Dir         string         `json:"dir,omitempty"` // OUT/<doc-id>
	Files       []string       `json:"files,omitempty"`
	Parquet     string         `json:"parquet,omitempty"`
	Formats     string         `json:"formats,omitempty"`
	ToolVersion string         `json:"tool_version,omitempty"`
	ConvertedAt string         `json:"converted_at,omitempty"`
	Seconds     float64        `json:"seconds"`
	// CorrectionsSHA256 is the hash of the corrections.json applied ("" none): --resume
	// reconverts a document whose corrections changed.
	CorrectionsSHA256 string `json:"corrections_sha256,omitempty"`
	// MessageLang is the language finding texts were written in ("" Chinese).
	MessageLang string `json:"message_lang,omitempty"`
	// TableKinds counts the document's tables by kind (for the batch report).
	TableKinds map[string]int `json:"table_kinds,omitempty"`
	// DuplicateOf is the doc id of the earlier input with the same content.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Limit names what stopped an isolated conversion (memory, timeout, crash) and
	// LimitValue the limit then in force (isolate.go: --resume does not retry it unchanged).
	Limit      string `json:"limit,omitempty"`
	LimitValue string `json:"limit_value,omitempty"`
}

// validUTF8 makes the texts of r valid UTF-8 (a file name is any bytes on Linux; a damaged
// PDF's error can quote its bytes): run.json, report.html and index.xlsx show them.
func (r *DocResult) validUTF8() {
	r.Source, r.Error, r.Issuer = safetext.UTF8(r.Source), safetext.UTF8(r.Error), safetext.UTF8(r.Issuer)
	for i := range r.FailedPages {
		r.FailedPages[i].Message = safetext.UTF8(r.FailedPages[i].Message)
	}
}

// ConversionFile is the per-document record --resume reads.
const ConversionFile = "conversion.json"

// RunFile is OUT/run.json: the last run's documents and their status.
const RunFile = "run.json"

// lockFile keeps two runs from writing the same output folder.
const lockFile = ".budgetpdf.lock"

// EventKind names a progress event.
type EventKind string

const (
	EventStart EventKind = "start" // a document starts converting
	EventPage  EventKind = "page"  // one of its pages is done
	EventDone  EventKind = "done"  // it is finished (Result set)
)

// Event reports progress. Events are delivered one at a time (never concurrently).
type Event struct {
	Kind   EventKind
	Index  int // position in the batch
	Input  Input
	Page   int
	Pages  int
	Result *DocResult
}

// Converter turns one PDF into a normalized document (Run's stages by default).
type Converter func(path string, opts Options) (*normalize.Document, error)

// BatchOptions configure RunBatch.
type BatchOptions struct {
	Out         string
	Formats     export.Formats
	Workers     int // documents converted at once (default 1)
	Resume      bool
	FailFast    bool
	ToolVersion string
	Stages      Options       // options for each document's stages (OCR engine, page workers)
	Events      func(Event)   // progress; may be nil
	Convert     Converter     // nil: the real pipeline (Run)
	Lang        findtext.Lang // finding texts in the outputs ("" Chinese)
	// KeepDuplicates converts an input with the same content as an earlier one again,
	// into its own folder (batch tests and benchmarks that repeat one PDF on purpose).
	KeepDuplicates bool
	Now            func() time.Time
	// SharedOut: other processes write other documents into Out at the same time
	// (`budgetpdf worker`, `convert --shard`). The folder is not locked, only the temp files
	// of this batch's own documents are cleaned up, and the run-level files (OUT/cells.csv,
	// run.json) are not written: each document's folder and Parquet file are the outputs.
	SharedOut bool
	// Archive, when set, is called in this process (from a batch worker) for each
	// document whose outputs are complete — converted, partly converted, converted with no
	// table (the lake's documents table still records it), or skipped by Resume — before
	// its done event. An error fails the document in this run; its folder
	// stays complete, so --resume retries only this step. convert --lake adds the
	// document to the lake here.
	Archive func(r DocResult) error
	// Isolation, when set, converts each document in a child process under a deadline
	// and a memory budget (isolate.go); nil converts in this process.
	Isolation *Isolation
}

// Summary is the outcome of a batch.
type Summary struct {
	Results      []DocResult // in input order
	Counts       map[Status]int
	Pages        int
	Elapsed      time.Duration
	CellsFile    string // OUT/cells.csv when written
	RemovedTemps int    // temp files of an earlier, interrupted run that were cleaned up
	// RemovedStale are the ids under which a document of the batch had been converted before
	// (renamed file, or its id now taken by another file); their outputs were removed.
	RemovedStale []string
	Interrupted  bool
	// PeakRSSKB is this process's peak resident memory (KiB) at the end of the batch;
	// ChildPeakRSSKB the largest finished child process's (page renders).
	PeakRSSKB      int64
	ChildPeakRSSKB int64
}

// Failed lists the documents that failed or converted only partly.
func (s *Summary) Failed() []DocResult {
	var out []DocResult
	for _, r := range s.Results {
		if r.Status == StatusFailed || r.Status == StatusPartial {
			out = append(out, r)
		}
	}
	return out
}

// RunBatch converts inputs into opts.Out. It returns an error when the batch itself cannot
// run (output folder unusable, locked by another run: no Summary), or when it ran but a
// run-level file (OUT/cells.csv, run.json, the report) could not be written (the Summary
// and the error, which names each file); a document that fails is a result with
// StatusFailed, and the batch goes on (unless FailFast).
func RunBatch(ctx context.Context, inputs []Input, opts BatchOptions) (*Summary, error) {
	start := time.Now()
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Convert == nil {
		opts.Convert = runPipeline
	}
	if opts.Formats == (export.Formats{}) {
		opts.Formats = export.AllFormats
	}
	workers := max(opts.Workers, 1)
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	removed := 0
	if opts.SharedOut {
		// Only this batch's documents: another writer's temp files look the same.
		for _, in := range inputs {
			n, err := export.RemoveDocTemps(opts.Out, in.DocID)
			if err != nil {
				return nil, fmt.Errorf("output folder %s: cleaning temp files of %s: %w", opts.Out, in.DocID, err)
			}
			removed += n
		}
	} else {
		unlock, err := lockOut(opts.Out)
		if err != nil {
			return nil, err
		}
		defer unlock()
		if removed, err = export.RemoveStaleTemps(opts.Out); err != nil {
			return nil, fmt.Errorf("output folder %s: cleaning temp files: %w", opts.Out, err)
		}
	}

	sum := &Summary{Results: make([]DocResult, len(inputs)), Counts: map[Status]int{}, RemovedTemps: removed}
	for i, in := range inputs {
		sum.Results[i] = DocResult{DocID: in.DocID, Source: safetext.UTF8(in.Name()), Status: StatusNotRun}
	}
	var emitMu sync.Mutex
	emit := func(e Event) {
		if opts.Events == nil {
			return
		}
		emitMu.Lock()
		defer emitMu.Unlock()
		opts.Events(e)
	}

	dups := map[int]int{}
	if !opts.KeepDuplicates {
		dups = duplicateInputs(inputs)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				// The dispatcher's select may pick a send over the closed Done channel
				// when both are ready: a job received after a stop (--fail-fast, SIGINT)
				// is not started.
				if ctx.Err() != nil {
					continue
				}
				in := inputs[i]
				if _, dup := dups[i]; dup {
					continue // filled in below, from the document it repeats
				}
				emit(Event{Kind: EventStart, Index: i, Input: in})
				convert := convertOne
				if opts.Isolation != nil {
					convert = opts.Isolation.convert // isolate.go: a child process per document
				}
				r := convert(in, opts, func(page, pages int) {
					emit(Event{Kind: EventPage, Index: i, Input: in, Page: page, Pages: pages})
				})
				r = archive(in, r, opts.Archive)
				r.validUTF8()
				sum.Results[i] = r
				emit(Event{Kind: EventDone, Index: i, Input: in, Result: &r})
				if r.Status == StatusFailed && opts.FailFast {
					cancel()
				}
			}
		})
	}
dispatch:
	for i := range inputs {
		select {
		case <-ctx.Done():
			break dispatch
		case jobs <- i:
		}
	}
	close(jobs)
	wg.Wait()
	if opts.Isolation != nil {
		opts.Isolation.Close() // reaped now, the children count in the run's rusage
	}
	sum.Interrupted = ctx.Err() != nil
	for i, first := range dups {
		in := inputs[i]
		r := DocResult{DocID: in.DocID, Source: safetext.UTF8(in.Path), Status: StatusDuplicate, DuplicateOf: inputs[first].DocID, SHA256: sum.Results[first].SHA256}
		sum.Results[i] = r
		emit(Event{Kind: EventDone, Index: i, Input: in, Result: &r})
	}

	for _, r := range sum.Results {
		sum.Counts[r.Status]++
		sum.Pages += r.Pages
	}
	// A document converted under another id before (renamed file, id taken by another
	// file) leaves nothing under the old one: one Parquet file per document.
	var runErrs []error
	for _, id := range staleIDs(opts.Out, inputs, sum.Results) {
		if err := removeDocOutputs(opts.Out, id); err != nil {
			runErrs = append(runErrs, err)
		}
		sum.RemovedStale = append(sum.RemovedStale, id)
	}
	if opts.SharedOut {
		sum.Elapsed = time.Since(start)
		sum.PeakRSSKB, sum.ChildPeakRSSKB = peakRSSKB()
		return sum, errors.Join(runErrs...)
	}
	// Each run-level file is tried even when an earlier one could not be written (a full
	// disk: run.json is small and says what happened to every document).
	if opts.Formats.CSV {
		p, err := writeRunCells(opts.Out, sum.Results)
		if err != nil {
			// An OUT/cells.csv of an earlier run would pass for this one's.
			os.Remove(filepath.Join(opts.Out, export.RunCellsFile))
			runErrs = append(runErrs, fmt.Errorf("%s not written (an earlier one removed): %w", filepath.Join(opts.Out, export.RunCellsFile), err))
		} else {
			sum.CellsFile = p
		}
	}
	sum.Elapsed = time.Since(start)
	sum.PeakRSSKB, sum.ChildPeakRSSKB = peakRSSKB()
	if err := writeRunFile(opts, sum); err != nil {
		runErrs = append(runErrs, fmt.Errorf("%s not written: %w", filepath.Join(opts.Out, RunFile), err))
	}
	if err := writeReport(opts, sum); err != nil {
		runErrs = append(runErrs, fmt.Errorf("batch report not written: %w", err))
	}
	return sum, errors.Join(runErrs...)
}

// convertOne converts and writes one document; it never panics.
func convertOne(in Input, opts BatchOptions, onPage func(page, pages int)) (r DocResult) {
	start := time.Now()
	name := in.Name()
	r = DocResult{DocID: in.DocID, Source: name}
	// A failed document keeps no outputs that do not describe the file as it is (outputs.go):
	// this run's partial ones, and an earlier conversion of other content. An earlier
	// conversion of this very content (the same SHA-256: a transient failure, an OCR engine
	// that did not start) or of a file that could not be read now is left as it is.
	var prevSHA string
	wrote := false
	defer func() {
		if r.Status != StatusFailed || in.Err != nil {
			return
		}
		if !wrote && (r.SHA256 == "" || prevSHA == r.SHA256) {
			return
		}
		if err := removeDocOutputs(opts.Out, in.DocID); err != nil {
			r.Error += "; " + err.Error()
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			r.Status = StatusFailed
			r.Error = fmt.Sprintf("%s: internal error: %v\n%s", name, p, debug.Stack())
		}
		r.Seconds = time.Since(start).Seconds()
	}()
	if in.Err != nil {
		return failed(r, in, in.Err)
	}
	dir := filepath.Join(opts.Out, in.DocID)
	sha, err := fileSHA256(in.Path)
	if err != nil {
		return failed(r, in, err)
	}
	r.SHA256 = sha
	fixes := corrections.Path(dir)
	fixesSHA, err := corrections.Hash(fixes)
	if err != nil {
		return failed(r, in, err)
	}
	prev, _ := ReadConversion(dir)
	if prev != nil {
		prevSHA = prev.SHA256
	}
	if opts.Resume {
		if r, ok := resumeSkip(in, opts, sha); ok {
			return r
		}
	}

	stages := opts.Stages
	stages.OnPage = onPage
	stages.Corrections = fixes
	doc, err := opts.Convert(in.Path, stages)
	if err != nil {
		return failed(r, in, err)
	}
	if doc.SHA256 == "" {
		doc.SHA256 = sha
	}
	if in.Source != "" {
		// The outputs name the file as submitted, not the copy that was read.
		doc.File = in.Source
		for i := range doc.Problems {
			doc.Problems[i] = doc.Problems[i].Renamed(in.Path, in.Source)
		}
	}
	// From here on the old record no longer describes what is on disk.
	wrote = true
	if err := os.Remove(filepath.Join(dir, ConversionFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return failed(r, in, err)
	}
	now := opts.Now().UTC().Format(time.RFC3339)
	meta := export.Meta{DocID: in.DocID, SourceFile: name, ToolVersion: opts.ToolVersion, ConvertedAt: now, Lang: opts.Lang}
	w, err := export.WriteDocument(opts.Out, doc, meta, opts.Formats)
	if err != nil {
		return failed(r, in, err)
	}
	if prev != nil && prev.Parquet != "" && prev.Parquet != w.Parquet {
		// The document moved partition (its year or kind is read differently now).
		os.Remove(filepath.Join(opts.Out, filepath.FromSlash(prev.Parquet)))
	}
	r.Status = StatusConverted
	r.Pages = doc.Pages
	for _, p := range doc.Problems {
		r.FailedPages = append(r.FailedPages, PageFailure{Page: p.Page, Message: p.Message})
	}
	if len(r.FailedPages) > 0 {
		r.Status = StatusPartial
	}
	if r.Status == StatusConverted && len(doc.Tables) == 0 {
		r.Status = StatusNoTables
	}
	r.Tables = len(doc.Tables)
	for _, t := range doc.Tables {
		if r.TableKinds == nil {
			r.TableKinds = map[string]int{}
		}
		r.TableKinds[string(t.Kind)]++
	}
	r.Cells = w.Cells
	if len(doc.Findings) > 0 {
		r.Findings = map[string]int{}
		for _, f := range doc.Findings {
			r.Findings[string(f.Severity)]++
		}
	}
	r.Year, r.DocKind, r.Issuer = doc.Year, doc.DocKind, doc.Issuer
	r.Dir = filepath.ToSlash(filepath.Join(opts.Out, in.DocID))
	r.Files, r.Parquet = w.Files, w.Parquet
	r.Formats, r.ToolVersion, r.ConvertedAt = opts.Formats.String(), opts.ToolVersion, now
	r.CorrectionsSHA256, r.MessageLang = fixesSHA, string(opts.Lang)
	r.Seconds = time.Since(start).Seconds()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return failed(r, in, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, ConversionFile), append(b, '\n')); err != nil {
		return failed(r, in, err)
	}
	return r
}

// runPipeline is the real pipeline as a Converter.
func runPipeline(path string, o Options) (*normalize.Document, error) {
	res, err := Run(path, o)
	if err != nil {
		return nil, err
	}
	return res.Doc, nil
}

// resumeSkip returns the recorded result (status skipped) when --resume can trust the
// document's conversion.json for content sha.
func resumeSkip(in Input, opts BatchOptions, sha string) (DocResult, bool) {
	dir := filepath.Join(opts.Out, in.DocID)
	fixesSHA, err := corrections.Hash(corrections.Path(dir))
	if err != nil {
		return DocResult{}, false
	}
	prev, _ := ReadConversion(dir)
	if prev != nil && prev.CorrectionsSHA256 == fixesSHA && prev.MessageLang == string(opts.Lang) && upToDate(prev, sha, opts, opts.Out) {
		prev.Status = StatusSkipped
		prev.Seconds = 0
		return *prev, true
	}
	return DocResult{}, false
}

// archive runs the Archive hook on a document whose outputs are complete; an error (or a
// panic) fails it.
func archive(in Input, r DocResult, hook func(DocResult) error) (out DocResult) {
	if hook == nil || (r.Status != StatusConverted && r.Status != StatusPartial && r.Status != StatusNoTables && r.Status != StatusSkipped) {
		return r
	}
	defer func() {
		if p := recover(); p != nil {
			out = failed(r, in, fmt.Errorf("internal error: %v\n%s", p, debug.Stack()))
		}
	}()
	if err := hook(r); err != nil {
		return failed(r, in, err)
	}
	return r
}

// failed turns r into a failure whose message names the file (as the outputs name it).
func failed(r DocResult, in Input, err error) DocResult {
	msg := err.Error()
	if in.Source != "" {
		msg = strings.ReplaceAll(msg, in.Path, in.Source)
	}
	if path := in.Name(); !strings.Contains(msg, path) {
		msg = path + ": " + msg
	}
	return DocResult{DocID: r.DocID, Source: r.Source, Status: StatusFailed, Error: msg, SHA256: r.SHA256}
}

// ReadConversion reads a document folder's conversion.json (nil, error when absent).
func ReadConversion(dir string) (*DocResult, error) {
	b, err := os.ReadFile(filepath.Join(dir, ConversionFile))
	if err != nil {
		return nil, err
	}
	var r DocResult
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ConversionFile), err)
	}
	return &r, nil
}

// upToDate reports whether a recorded conversion can stand for this run: same content,
// same tool version, every requested format, every page read, every file still there.
func upToDate(prev *DocResult, sha string, opts BatchOptions, out string) bool {
	if prev.SHA256 != sha || prev.ToolVersion != opts.ToolVersion || prev.Status != StatusConverted && prev.Status != StatusNoTables {
		return false
	}
	f, err := export.ParseFormats(prev.Formats)
	if err != nil || !f.Covers(opts.Formats) {
		return false
	}
	for _, p := range prev.Files {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			return false
		}
	}
	return true
}

// writeRunCells assembles OUT/cells.csv from the documents' cells.csv, in input order.
func writeRunCells(out string, results []DocResult) (string, error) {
	path := filepath.Join(out, export.RunCellsFile)
	a, err := export.CreateAtomic(path)
	if err != nil {
		return "", err
	}
	defer a.Abort()
	if _, err := a.Write(export.CellsHeader()); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	for _, r := range results {
		switch r.Status {
		case StatusConverted, StatusPartial, StatusSkipped, StatusNoTables:
		default:
			continue
		}
		if _, err := export.AppendCellRows(a, filepath.Join(out, r.DocID, export.DocCellsFile)); err != nil {
			return "", fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := a.Commit(); err != nil {
		return "", err
	}
	return path, nil
}

// runRecord is OUT/run.json.
type runRecord struct {
	ToolVersion string         `json:"tool_version"`
	Finished    string         `json:"finished"`
	Seconds     float64        `json:"seconds"`
	Formats     string         `json:"formats"`
	Interrupted bool           `json:"interrupted,omitempty"`
	Pages       int            `json:"pages"`
	PeakRSSKB   int64          `json:"peak_rss_kb,omitempty"`
	ChildRSSKB  int64          `json:"child_peak_rss_kb,omitempty"`
	Counts      map[Status]int `json:"counts"`
	Documents   []runDoc       `json:"documents"`
}

type runDoc struct {
	DocID       string        `json:"doc_id"`
	Source      string        `json:"source_file"`
	Status      Status        `json:"status"`
	Error       string        `json:"error,omitempty"`
	FailedPages []PageFailure `json:"failed_pages,omitempty"`
	DuplicateOf string        `json:"duplicate_of,omitempty"`
}

func writeRunFile(opts BatchOptions, sum *Summary) error {
	rec := runRecord{
		ToolVersion: opts.ToolVersion, Finished: opts.Now().UTC().Format(time.RFC3339),
		Seconds: sum.Elapsed.Seconds(), Formats: opts.Formats.String(), Interrupted: sum.Interrupted,
		Pages: sum.Pages, PeakRSSKB: sum.PeakRSSKB, ChildRSSKB: sum.ChildPeakRSSKB,
		Counts: sum.Counts, Documents: make([]runDoc, len(sum.Results)),
	}
	for i, r := range sum.Results {
		rec.Documents[i] = runDoc{DocID: r.DocID, Source: r.Source, Status: r.Status, Error: r.Error, FailedPages: r.FailedPages, DuplicateOf: r.DuplicateOf}
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(opts.Out, RunFile), append(b, '\n'))
}

// ErrLocked is returned when another run holds the output folder.
var ErrLocked = errors.New("another budgetpdf run is writing this output folder")

func lockOut(out string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(out, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", out, err)
	}
	if err := lockFD(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("output folder %s: %w", out, err)
	}
	f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() {
		unlockFD(f)
		f.Close()
	}, nil
}
