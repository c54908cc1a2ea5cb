package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/lake/lakeproc"
	"github.com/budgetpdf/budgetpdf/ocr/paddle"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["convert"] = command{
		summary: "convert PDFs (files, folders, globs) to xlsx, csv, parquet and json",
		run:     runConvert,
	}
}

const convertUsage = `usage: budgetpdf convert [flags] PATH...

Converts every PDF named (files, folders searched recursively, glob patterns) into
OUT/<doc-id>/ (Excel workbook, per-table CSVs, findings.csv, document.json), plus
OUT/cells.csv and OUT/parquet/ for the whole run. See docs/OUTPUT.md.

With no PATH, converts the bundled sample (fixtures/sample) into out/.

Exit status: 0 all converted, 1 some documents (or pages) failed, 2 usage error,
3 the run could not proceed or complete (unusable -o, folder locked, run.json not
written), 4 internal error.

flags:
`

// convertFlags are the parsed command line.
type convertFlags struct {
	out       string
	formats   export.Formats
	workers   int
	resume    bool
	failFast  bool
	lang      string
	tessdata  string
	textModel string // --text-model: the optional second recogniser of text lines
	noOCR     bool
	quiet     bool
	verbose   bool
	paths     []string
	sample    bool // no PATH given: the bundled sample
	msgLang   findtext.Lang
	shard     string
	keepDups  bool
	lake      lakeproc.Options // --lake: also add each document to the Iceberg lake
	iso       isolationFlags
}

// isolationFlags: each document in a child process under limits (pipeline/isolate.go).
type isolationFlags struct {
	inProcess   bool
	timeout     time.Duration
	memory      string
	retryFailed bool
}

func (f *isolationFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.inProcess, "in-process", false, "convert documents in this process (debugging): no --doc-timeout or --doc-memory, and a hostile PDF can stop the whole run")
	fs.DurationVar(&f.timeout, "doc-timeout", pipeline.DefaultDocTimeout, "stop converting a document after this long (it fails; the batch goes on)")
	fs.StringVar(&f.memory, "doc-memory", pipeline.FormatBytes(pipeline.DefaultDocMemory), "stop converting a document whose process uses more resident memory (e.g. 2GiB, 800MiB)")
	fs.BoolVar(&f.retryFailed, "retry-failed", false, "with --resume: convert again documents an earlier run stopped on --doc-timeout, --doc-memory or a crash (default: reported failed again)")
}

// isolation builds the batch's Isolation (nil: --in-process).
func (c *convertFlags) isolation(inputs int) (*pipeline.Isolation, error) {
	if c.iso.inProcess {
		return nil, nil
	}
	mem, err := pipeline.ParseBytes(c.iso.memory)
	if err != nil {
		return nil, fmt.Errorf("--doc-memory: %w", err)
	}
	if c.iso.timeout <= 0 {
		return nil, fmt.Errorf("--doc-timeout must be positive (got %s)", c.iso.timeout)
	}
	// Each child has its own OCR clients: --workers documents at once share the cores, and
	// a batch smaller than --workers gives each document's pages the spare ones.
	per := max(1, c.workers/max(1, min(c.workers, inputs)))
	return &pipeline.Isolation{Timeout: c.iso.timeout, Memory: mem, RetryFailed: c.iso.retryFailed, PageWorkers: per,
		OCR: c.childOCR(per)}, nil
}

// childOCR is the OCR engine the flags ask for, with workers clients.
func (c *convertFlags) childOCR(workers int) pipeline.ChildOCR {
	return pipeline.ChildOCR{Off: c.noOCR, Lang: c.lang, Tessdata: c.tessdata, Workers: workers, TextModel: c.textModel}
}

func parseConvertFlags(args []string, stderr io.Writer) (*convertFlags, int) {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &convertFlags{}
	fs.StringVar(&c.out, "o", "out", "output folder")
	format := fs.String("format", "xlsx,csv,parquet,json", "outputs to write: any of xlsx, csv, parquet, json")
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), "documents converted at once (and OCR clients)")
	fs.BoolVar(&c.resume, "resume", false, "skip documents already converted from the same content by this tool version")
	fs.BoolVar(&c.failFast, "fail-fast", false, "stop at the first document that fails")
	ocrLangFlag(fs, &c.lang, stderr)
	fs.StringVar(&c.tessdata, "tessdata", "", "Tesseract tessdata folder (default: TESSDATA_PREFIX or the system's)")
	fs.StringVar(&c.textModel, "text-model", "", "optional second recogniser of text lines (names, headers), off by default: paddle:DIR, DIR the folder of the fetched PP-OCRv4 model and libonnxruntime (docs/ocr.md \"Second recogniser (PP-OCRv4)\")")
	fs.BoolVar(&c.noOCR, "no-ocr", false, "read the text layer only: scanned pages are reported as failed pages")
	fs.BoolVar(&c.quiet, "q", false, "quiet: no progress, only failures")
	fs.BoolVar(&c.verbose, "v", false, "verbose: a line per document with its figures")
	fs.BoolVar(&c.keepDups, "keep-duplicates", false, "convert inputs with the same content as an earlier one again (default: once, the repeats named)")
	msgLang := fs.String("message-lang", "zh", "language of finding texts (findings.csv, 校验, cell comments): zh or en")
	fs.StringVar(&c.shard, "shard", "", "I/N: convert only the I-th (from 0) of N deterministic shards of the inputs, beside other shards writing into the same -o (N alone: I from JOB_COMPLETION_INDEX)")
	c.lake.Register(fs)
	c.iso.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, convertUsage)
		fs.PrintDefaults()
	}
	// Flags may come before or after the paths (`convert fixtures/sample -o out`).
	var err error
	if c.paths, err = cliflag.Interleaved(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, exitOK
		}
		return nil, exitUsage
	}
	if c.formats, err = export.ParseFormats(*format); err != nil {
		fmt.Fprintf(stderr, "convert: --format: %v\n", err)
		return nil, exitUsage
	}
	if c.msgLang, err = findtext.ParseLang(*msgLang); err != nil {
		fmt.Fprintf(stderr, "convert: --message-lang: %v\n", err)
		return nil, exitUsage
	}
	if c.workers < 1 {
		fmt.Fprintf(stderr, "convert: --workers must be at least 1 (got %d)\n", c.workers)
		return nil, exitUsage
	}
	if c.textModel != "" {
		// The engine starts on the first scanned page: a wrong folder fails here instead.
		dir, err := paddle.SpecDir(c.textModel)
		if err == nil {
			_, err = paddle.FindFiles(dir)
		}
		if err != nil {
			fmt.Fprintf(stderr, "convert: --text-model: %v\n", err)
			return nil, exitUsage
		}
	}
	if _, err := c.isolation(1); err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return nil, exitUsage
	}
	if c.lake.Location != "" && !c.formats.CSV {
		fmt.Fprintln(stderr, "convert: --lake adds each document from its cells.csv and findings.csv: --format must include csv")
		return nil, exitUsage
	}
	c.lake.Resume = c.resume
	if c.quiet && c.verbose {
		fmt.Fprintln(stderr, "convert: -q and -v together make no sense")
		return nil, exitUsage
	}
	if c.shard != "" {
		if _, _, err := pipeline.ParseShard(c.shard, os.Getenv); err != nil {
			fmt.Fprintf(stderr, "convert: %v\n", err)
			return nil, exitUsage
		}
	}
	if len(c.paths) == 0 {
		c.sample = true
		c.paths = []string{defaultPath}
	}
	return c, exitOK
}

func runConvert(args []string, stdout, stderr io.Writer) int {
	c, code := parseConvertFlags(args, stderr)
	if c == nil {
		return code
	}
	if c.sample {
		if _, err := os.Stat(defaultPath); err != nil {
			fmt.Fprintf(stderr, "budgetpdf: no PATH given, and the bundled sample %s is not here (run from the repository root, or give PDFs: budgetpdf convert [flags] PATH...)\n", defaultPath)
			return exitUsage
		}
		fmt.Fprintf(stderr, "budgetpdf: no PATH given: converting the bundled sample %s into %s/\n", defaultPath, c.out)
	}
	inputs, err := pipeline.Expand(c.paths)
	if err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return exitUsage
	}
	if c.shard != "" {
		// Folder names come from the whole batch; then this process keeps its shard.
		i, n, _ := pipeline.ParseShard(c.shard, os.Getenv)
		all := len(inputs)
		if inputs, err = pipeline.Shard(inputs, i, n); err != nil {
			fmt.Fprintf(stderr, "convert: %v\n", err)
			return exitUsage
		}
		if !c.quiet {
			fmt.Fprintf(stderr, "budgetpdf: shard %d/%d: %d of %d documents\n", i, n, len(inputs), all)
		}
	}
	if abs, err := filepath.Abs(c.out); err == nil {
		for _, in := range inputs {
			if a, err := filepath.Abs(in.Path); err == nil && strings.HasPrefix(a, abs+string(filepath.Separator)) {
				fmt.Fprintf(stderr, "convert: %s is inside the output folder %s; choose another -o\n", in.Path, c.out)
				return exitUsage
			}
		}
	}
	return convertInputs(c, inputs, stdout, stderr)
}

// convertInputs runs the batch with progress, OCR on demand and interrupt handling (convert
// and apply).
func convertInputs(c *convertFlags, inputs []pipeline.Input, stdout, stderr io.Writer) int {
	iso, err := c.isolation(len(inputs))
	if err != nil {
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return exitUsage
	}
	ui := newConvertUI(c, stdout, stderr, inputs)
	if iso != nil {
		iso.Warn = ui.warn
		defer iso.Close()
	}
	// The OCR engine (≈80 MB, 0.2 s) starts on the first page that needs it: a batch of
	// born-digital documents never pays for it. main has settled OMP_THREAD_LIMIT already
	// (threads.go); ocr.New never restarts the program.
	var lazy *pipeline.LazyOCR
	if !c.noOCR {
		lazy = &pipeline.LazyOCR{
			New: c.childOCR(c.workers).NewEngine,
			OnError: func(err error) {
				ui.warn(fmt.Sprintf("OCR unavailable (%v): scanned pages will be reported as failed pages of their document", err))
			},
		}
		defer lazy.Close()
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		n := 0
		for range sigs {
			n++
			if n == 1 {
				ui.warn("interrupted: finishing the documents in progress (press again to stop now); rerun with --resume to continue")
				cancel()
				continue
			}
			// Outputs are renamed into place only when complete: stopping now leaves no
			// half file, only temp files the next run removes.
			os.Exit(130)
		}
	}()

	opts := pipeline.BatchOptions{
		Out: c.out, Formats: c.formats, Workers: c.workers, Resume: c.resume, FailFast: c.failFast,
		ToolVersion: toolVersion(), Lang: c.msgLang, KeepDuplicates: c.keepDups,
		Stages:    pipeline.Options{LazyOCR: lazy, Workers: c.workers},
		Events:    ui.event,
		SharedOut: c.shard != "",
		Isolation: iso,
	}
	var lk *lakeStep
	if c.lake.Location != "" {
		// The lake opens first: an unreachable catalog stops the run before any work.
		var err error
		if lk, err = startLake(c.lake, c.out, ui); err != nil {
			fmt.Fprintf(stderr, "convert: %v\n", err)
			return exitRun
		}
		defer lk.close()
		opts.Archive = lk.add
	}
	sum, err := pipeline.RunBatch(ctx, inputs, opts)
	ui.finish()
	if sum == nil {
		// Nothing ran: the output folder is unusable or another run holds it.
		fmt.Fprintf(stderr, "convert: %v\n", err)
		return exitRun
	}
	ui.summary(sum)
	if lk != nil && !c.quiet {
		lk.summary(stderr)
	}
	if err != nil {
		// The documents are done (above), but a file of the run is missing (a full disk).
		fmt.Fprintf(stderr, "\nconvert: the run's own files could not all be written: %v\n", err)
		return exitRun
	}
	if sum.Interrupted || len(sum.Failed()) > 0 || sum.Counts[pipeline.StatusNotRun] > 0 {
		return exitFailed
	}
	return exitOK
}

// convertUI shows progress: a bar on a terminal (stderr), one JSON line per document on a
// non-terminal stdout, human lines with -v.
type convertUI struct {
	c               *convertFlags
	stdout, stderr  io.Writer
	jsonLines       bool
	bar             bool
	inputs          []pipeline.Input
	totalBytes      int64
	mu              sync.Mutex
	start           time.Time
	lastDraw        time.Time
	done, pagesDone int
	doneBytes       int64
	current         map[int]string
	pageOf          map[int][2]int
	barShown        bool
	width           int
}

// convIsTerminal sees through main's escaping writer (it has the file's Fd).
func convIsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

func newConvertUI(c *convertFlags, stdout, stderr io.Writer, inputs []pipeline.Input) *convertUI {
	u := &convertUI{
		c: c, stdout: stdout, stderr: stderr, inputs: inputs, start: time.Now(),
		jsonLines: !convIsTerminal(stdout) && !c.quiet,
		bar:       convIsTerminal(stderr) && !c.quiet,
		current:   map[int]string{}, pageOf: map[int][2]int{}, width: 100,
	}
	if u.bar {
		if f, ok := stderr.(interface{ Fd() uintptr }); ok {
			if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
				u.width = w
			}
		}
	}
	for _, in := range inputs {
		u.totalBytes += in.Size
	}
	return u
}

// event is called by the batch, one event at a time.
func (u *convertUI) event(e pipeline.Event) {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch e.Kind {
	case pipeline.EventStart:
		u.current[e.Index] = e.Input.DocID
	case pipeline.EventPage:
		u.pagesDone++
		u.pageOf[e.Index] = [2]int{e.Page, e.Pages}
	case pipeline.EventDone:
		delete(u.current, e.Index)
		delete(u.pageOf, e.Index)
		u.done++
		u.doneBytes += e.Input.Size
		r := e.Result
		if r.Status == pipeline.StatusSkipped {
			u.pagesDone += r.Pages
		}
		if u.jsonLines {
			b, _ := json.Marshal(r)
			fmt.Fprintf(u.stdout, "%s\n", b)
		}
		switch {
		case u.c.verbose:
			u.linef("%s", convDocLine(r))
		case !u.c.quiet && (r.Status == pipeline.StatusFailed || r.Status == pipeline.StatusPartial) && !u.jsonLines:
			u.linef("%s", convDocLine(r))
		}
	}
	if u.bar && time.Since(u.lastDraw) > 100*time.Millisecond || e.Kind == pipeline.EventDone {
		u.draw()
	}
}

// convDocLine is one document's outcome for people.
func convDocLine(r *pipeline.DocResult) string {
	switch r.Status {
	case pipeline.StatusFailed:
		return "FAILED   " + problem.Headline(r.Error) // the message names the file
	case pipeline.StatusSkipped:
		return fmt.Sprintf("skipped  %s (already converted: %s)", r.Source, r.Dir)
	case pipeline.StatusDuplicate:
		return fmt.Sprintf("duplicate %s (same content as %s: converted once)", r.Source, r.DuplicateOf)
	}
	s := fmt.Sprintf("%-8s %s → %s: %d pages, %d tables, %d cells, %s, %.1fs", r.Status, r.Source, r.Dir, r.Pages, r.Tables, r.Cells, convFindingsText(r.Findings), r.Seconds)
	if len(r.FailedPages) > 0 {
		pages := make([]int, len(r.FailedPages))
		for i, p := range r.FailedPages {
			pages[i] = p.Page
		}
		s += fmt.Sprintf("\n         pages %s not converted (%s)", convPageRanges(pages), problem.Headline(r.FailedPages[0].Message))
	}
	return s
}

// convPageRanges prints page numbers compactly: 1-6, 9, 12-15.
func convPageRanges(pages []int) string {
	ps := slices.Clone(pages)
	slices.Sort(ps)
	ps = slices.Compact(ps)
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ps[i], ps[j]))
		} else {
			parts = append(parts, fmt.Sprint(ps[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func convFindingsText(f map[string]int) string {
	if len(f) == 0 {
		return "no findings"
	}
	var parts []string
	for _, s := range []string{"error", "warning", "rounding", "info"} {
		if f[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", f[s], s))
		}
	}
	return "findings: " + strings.Join(parts, ", ")
}

// linef prints a line above the bar.
func (u *convertUI) linef(format string, args ...any) {
	u.clearBar()
	fmt.Fprintf(u.stderr, format+"\n", args...)
}

func (u *convertUI) warn(msg string) {
	if u.c.quiet {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.linef("budgetpdf: %s", msg)
}

func (u *convertUI) clearBar() {
	if u.barShown {
		fmt.Fprint(u.stderr, "\r\033[K")
		u.barShown = false
	}
}

// draw renders `[#####.....] 3/16 files  120 pages  ETA 1m05s  name (p 4/12)`.
func (u *convertUI) draw() {
	if !u.bar {
		return
	}
	u.lastDraw = time.Now()
	n := len(u.inputs)
	frac := 0.0
	if u.totalBytes > 0 {
		frac = float64(u.doneBytes) / float64(u.totalBytes)
	} else if n > 0 {
		frac = float64(u.done) / float64(n)
	}
	const barW = 20
	filled := int(frac * barW)
	bar := strings.Repeat("#", filled) + strings.Repeat(".", barW-filled)
	elapsed := time.Since(u.start)
	eta := "--"
	if frac > 0 && frac < 1 {
		eta = (time.Duration(float64(elapsed)/frac) - elapsed).Round(time.Second).String()
	}
	line := fmt.Sprintf("[%s] %d/%d files  %d pages  ETA %s", bar, u.done, n, u.pagesDone, eta)
	for i, id := range u.current {
		if p, ok := u.pageOf[i]; ok {
			line += fmt.Sprintf("  %s (p %d/%d)", id, p[0], p[1])
		} else {
			line += "  " + id
		}
		break
	}
	if r := []rune(line); len(r) > u.width-1 {
		line = string(r[:u.width-1])
	}
	fmt.Fprint(u.stderr, "\r\033[K"+line)
	u.barShown = true
}

func (u *convertUI) finish() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearBar()
}

// summary says what happened and where to look.
func (u *convertUI) summary(s *pipeline.Summary) {
	w := u.stderr
	failed := s.Failed()
	if !u.c.quiet {
		fmt.Fprintf(w, "%s: %d converted, %d partly (pages failed), %d skipped (--resume), %d failed",
			plural(len(s.Results), "document", "documents"), s.Counts[pipeline.StatusConverted], s.Counts[pipeline.StatusPartial],
			s.Counts[pipeline.StatusSkipped], s.Counts[pipeline.StatusFailed])
		if n := s.Counts[pipeline.StatusNoTables]; n > 0 {
			fmt.Fprintf(w, ", %d without any table", n)
		}
		if n := s.Counts[pipeline.StatusDuplicate]; n > 0 {
			fmt.Fprintf(w, ", %d duplicate inputs (converted once)", n)
		}
		if n := s.Counts[pipeline.StatusNotRun]; n > 0 {
			fmt.Fprintf(w, ", %d not started", n)
		}
		fmt.Fprintf(w, "; %d pages in %s\n", s.Pages, s.Elapsed.Round(time.Millisecond))
	}
	if len(failed) > 0 {
		fmt.Fprintln(w, "\nNot (fully) converted:")
		for _, r := range failed {
			if r.Status == pipeline.StatusFailed {
				fmt.Fprintf(w, "  %s\n", problem.Headline(r.Error))
				continue
			}
			pages := make([]int, len(r.FailedPages))
			for i, p := range r.FailedPages {
				pages[i] = p.Page
			}
			fmt.Fprintf(w, "  %s: pages %s not converted (%s)\n", r.Source, convPageRanges(pages), problem.Headline(r.FailedPages[0].Message))
		}
	}
	if s.Interrupted {
		fmt.Fprintln(w, "\nThe run was stopped before every document was converted: rerun with --resume to finish.")
	}
	if u.c.quiet {
		return
	}
	// Point at the first workbook that has tables (a scanned document whose pages all
	// failed has an outputs folder but nothing to look at); else the first converted one.
	var first *pipeline.DocResult
	for i := range s.Results {
		r := &s.Results[i]
		if r.Status == pipeline.StatusFailed || r.Status == pipeline.StatusNotRun {
			continue
		}
		if first == nil || first.Tables == 0 && r.Tables > 0 {
			first = r
		}
		if first.Tables > 0 {
			break
		}
	}
	if first == nil {
		return
	}
	out := u.c.out
	fmt.Fprintf(w, "\nOutputs in %s/ (layout: docs/OUTPUT.md):\n", out)
	fmt.Fprintf(w, "  %s/<doc>/          one folder per document: <doc>.xlsx, tables/*.csv, findings.csv, document.json\n", out)
	if u.c.formats.CSV && u.c.shard == "" {
		fmt.Fprintf(w, "  %s/cells.csv       every amount cell of the run, one row each\n", out)
	}
	if u.c.formats.Parquet {
		fmt.Fprintf(w, "  %s/parquet/        the same as a Hive-partitioned Parquet dataset (year=/doc_kind=)\n", out)
	}
	if u.c.formats.XLSX {
		fmt.Fprintf(w, "Start with %s (sheet 校验 lists what did not add up).\n", filepath.Join(out, first.DocID, first.DocID+".xlsx"))
	}
}

// plural says "1 document" or "3 documents".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
