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
	"strings"
	"syscall"
	"time"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/lake/lakeproc"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/queue"
)

// The NATS JetStream commands: submit, worker, status (docs/queue.md).

func init() {
	commands["submit"] = command{"put PDFs on a NATS JetStream work queue for `budgetpdf worker`s", runSubmit}
	commands["worker"] = command{"convert jobs from a NATS JetStream work queue into a shared folder", runWorker}
	commands["status"] = command{"each queued document's state (queued, running, done, failed)", runStatus}
}

// queueFlags are the flags every queue command has.
type queueFlags struct {
	url, name string
}

func (q *queueFlags) register(fs *flag.FlagSet) {
	def := os.Getenv("NATS_URL")
	if def == "" {
		def = "nats://127.0.0.1:4222"
	}
	fs.StringVar(&q.url, "nats", def, "NATS server URL (default $NATS_URL, else nats://127.0.0.1:4222)")
	fs.StringVar(&q.name, "queue", queue.DefaultName, "queue name: its streams and buckets are NAME_jobs, NAME_dead, NAME_state, NAME_pdfs")
}

func (q *queueFlags) open(ctx context.Context, client string) (*queue.Queue, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return queue.Open(ctx, q.url, q.name, client)
}

func usageExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

const submitUsage = `usage: budgetpdf submit [flags] PATH...

Uploads every PDF named (files, folders searched recursively, glob patterns) into the
queue's object store and puts one job per file, keyed by its sha256, on the work queue.
A file queued, running or converted already is not queued again. Prints how many jobs
were added. Exit status: 0 submitted, 1 the server failed, 2 usage error.

flags:
`

func runSubmit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var qf queueFlags
	qf.register(fs)
	retry := fs.Bool("retry-failed", false, "queue again the documents that failed (dead-lettered) before")
	quiet := fs.Bool("q", false, "quiet: only the count")
	fs.Usage = func() { fmt.Fprint(stderr, submitUsage); fs.PrintDefaults() }
	paths, err := cliflag.Interleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "submit: no PATH given")
		fs.Usage()
		return exitUsage
	}
	all, err := pipeline.Expand(paths)
	if err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitUsage
	}
	// A path that cannot be a document (an unreadable folder, a folder named x.pdf) is
	// named and left out; the rest is queued, and the exit status says some were not.
	var inputs []pipeline.Input
	badInputs := 0
	for _, in := range all {
		if in.Err != nil {
			fmt.Fprintf(stderr, "not queued %s: %v\n", in.Path, in.Err)
			badInputs++
			continue
		}
		inputs = append(inputs, in)
	}
	ctx := context.Background()
	q, err := qf.open(ctx, "budgetpdf submit")
	if err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitFailed
	}
	defer q.Close()
	rs, err := q.Submit(ctx, inputs, queue.SubmitOptions{RetryFailed: *retry})
	n := 0
	for _, r := range rs {
		if r.Added {
			n++
		}
		if *quiet {
			continue
		}
		if r.Added {
			fmt.Fprintf(stderr, "queued   %s as %s\n", r.Input.Path, r.DocID)
		} else {
			fmt.Fprintf(stderr, "not queued %s: %s\n", r.Input.Path, r.Reason)
		}
	}
	fmt.Fprintf(stdout, "%s added (%d of %d files already queued or done)\n", plural(n, "job", "jobs"), len(rs)-n, len(inputs))
	if err != nil {
		fmt.Fprintf(stderr, "submit: %v\n", err)
		return exitFailed
	}
	if badInputs > 0 {
		return exitFailed
	}
	return exitOK
}

const workerUsage = `usage: budgetpdf worker [flags]

Takes jobs from the queue and converts each exactly as convert does, into OUT/<doc-id>/
and OUT/parquet/ (a folder every worker shares; OUT/cells.csv and run.json, which describe
one run, are not written). A job is acknowledged only after its outputs are complete;
one that fails --max-deliver times goes to the dead-letter stream with its error.
Prints one JSON line per job. SIGINT/SIGTERM: the documents in progress finish, then it
exits 0.

flags:
`

func runWorker(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var qf queueFlags
	qf.register(fs)
	out := fs.String("o", "out", "output folder, shared by the workers")
	format := fs.String("format", "xlsx,csv,parquet,json", "outputs to write: any of xlsx, csv, parquet, json")
	langFlag := fs.String("message-lang", "zh", "language of finding texts (findings.csv, 校验, cell comments): zh or en")
	workers := fs.Int("workers", runtime.NumCPU(), "documents converted at once (and OCR clients)")
	lang := new(string)
	ocrLangFlag(fs, lang, stderr)
	tessdata := fs.String("tessdata", "", "Tesseract tessdata folder (default: TESSDATA_PREFIX or the system's)")
	noOCR := fs.Bool("no-ocr", false, "read the text layer only: scanned pages are reported as failed pages")
	maxDeliver := fs.Int("max-deliver", 3, "deliveries of a job before it is dead-lettered")
	ackWait := fs.Duration("ack-wait", time.Minute, "redeliver a job whose worker sent no heartbeat for this long")
	stall := fs.Duration("stall", 10*time.Minute, "stop heartbeats for a document that finished no page for this long (it is redelivered)")
	id := fs.String("id", "", "this worker's name in status (default HOST-PID)")
	keep := fs.Bool("keep-pdfs", false, "keep converted documents' PDFs in the object store")
	quiet := fs.Bool("q", false, "quiet: no JSON lines, only failures on stderr")
	var lakeOpts lakeproc.Options
	lakeOpts.Register(fs)
	fs.Usage = func() { fmt.Fprint(stderr, workerUsage); fs.PrintDefaults() }
	rest, err := cliflag.Interleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "worker: unexpected argument %q (PDFs are given to submit)\n", rest[0])
		return exitUsage
	}
	formats, err := export.ParseFormats(*format)
	if err != nil {
		fmt.Fprintf(stderr, "worker: --format: %v\n", err)
		return exitUsage
	}
	msgLang, err := findtext.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintf(stderr, "worker: --message-lang: %v\n", err)
		return exitUsage
	}
	if lakeOpts.Location != "" && !formats.CSV {
		fmt.Fprintln(stderr, "worker: --lake adds each document from its cells.csv and findings.csv: --format must include csv")
		return exitUsage
	}
	if *workers < 1 || *maxDeliver < 1 || *ackWait <= 0 || *stall <= 0 {
		fmt.Fprintln(stderr, "worker: --workers and --max-deliver must be at least 1, --ack-wait and --stall positive")
		return exitUsage
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q, err := qf.open(ctx, "budgetpdf worker")
	if err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return exitFailed
	}
	defer q.Close()
	var lazy *pipeline.LazyOCR
	if !*noOCR {
		lazy = &pipeline.LazyOCR{
			New: func() (*ocr.Engine, error) {
				return ocr.New(ocr.Options{Lang: *lang, Tessdata: *tessdata, Workers: *workers})
			},
			OnError: func(err error) {
				fmt.Fprintf(stderr, "budgetpdf worker: OCR unavailable (%v): scanned pages will be reported as failed pages of their document\n", err)
			},
		}
		defer lazy.Close()
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		n := 0
		for range sigs {
			if n++; n == 1 {
				fmt.Fprintln(stderr, "budgetpdf worker: stopping: finishing the documents in progress (again to stop now; their jobs are redelivered)")
				cancel()
				continue
			}
			os.Exit(130)
		}
	}()
	w := &queue.Worker{
		Q: q, ID: *id, Out: *out, Formats: formats, Lang: msgLang, ToolVersion: toolVersion(),
		Stages:  pipeline.Options{LazyOCR: lazy, Workers: *workers},
		Workers: *workers, MaxDeliver: *maxDeliver, AckWait: *ackWait, Stall: *stall, KeepPDFs: *keep,
		Events: func(e queue.Event) {
			if !*quiet {
				b, _ := json.Marshal(e)
				fmt.Fprintf(stdout, "%s\n", b)
			}
			if e.Kind != queue.EventDone {
				fmt.Fprintf(stderr, "budgetpdf worker: %s (delivery %d): %s: %s\n", e.Job.Source, e.Delivery, e.Kind, problem.Headline(e.Error))
			}
		},
	}
	if lakeOpts.Location != "" {
		// Like the conversion, the lake skips what it already holds (a redelivery).
		lakeOpts.Resume = true
		lk, err := lakeproc.Start(lakeOpts)
		if err != nil {
			fmt.Fprintf(stderr, "worker: %v\n", err)
			return exitFailed
		}
		defer lk.Close()
		w.AfterDocument = func(_ context.Context, out string, r pipeline.DocResult) error {
			_, err := lk.Add(filepath.Join(out, r.DocID))
			return err
		}
	}
	if !*quiet {
		fmt.Fprintf(stderr, "budgetpdf worker %s: queue %s on %s, writing %s/ (%d at a time)\n", toolVersion(), q.Name, qf.url, *out, *workers)
	}
	if err := w.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return exitFailed
	}
	return exitOK
}

const statusUsage = `usage: budgetpdf status [flags]

Lists each document of the queue: queued, running (on which worker, which page), done,
failed (with the error). With --wait, waits until none is queued or running.
Exit status: 0 every document done (converted, every page read); 1 some failed or had
pages that could not be read, or --timeout passed; 2 usage error.

flags:
`

func runStatus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var qf queueFlags
	qf.register(fs)
	wait := fs.Bool("wait", false, "wait until no document is queued or running")
	timeout := fs.Duration("timeout", 0, "with --wait: give up after this long (exit 1); 0 waits for ever")
	asJSON := fs.Bool("json", false, "print the states as JSON (one object per document)")
	quiet := fs.Bool("q", false, "quiet: the counts and the failures only")
	fs.Usage = func() { fmt.Fprint(stderr, statusUsage); fs.PrintDefaults() }
	rest, err := cliflag.Interleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "status: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	ctx := context.Background()
	q, err := qf.open(ctx, "budgetpdf status")
	if err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return exitFailed
	}
	defer q.Close()
	var states []queue.DocState
	if *wait {
		wctx := ctx
		if *timeout > 0 {
			var cancel context.CancelFunc
			wctx, cancel = context.WithTimeout(ctx, *timeout)
			defer cancel()
		}
		last := ""
		states, err = q.Wait(wctx, func(s []queue.DocState) {
			if line := countsLine(queue.CountStates(s)); line != last && !*quiet {
				fmt.Fprintln(stderr, line)
				last = line
			}
		})
	} else {
		states, err = q.States(ctx)
	}
	code := printStates(stdout, states, *asJSON, *quiet)
	if err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return exitFailed
	}
	if *wait {
		return code
	}
	return exitOK
}

func countsLine(c queue.Counts) string {
	return fmt.Sprintf("%d queued, %d running, %d done, %d failed", c[queue.StateQueued], c[queue.StateRunning], c[queue.StateDone], c[queue.StateFailed])
}

// printStates lists the documents and returns the exit status --wait gives them.
func printStates(w io.Writer, states []queue.DocState, asJSON, quiet bool) int {
	code := exitOK
	for _, s := range states {
		bad := s.State == queue.StateFailed || s.State == queue.StateDone && s.Result != nil && s.Result.Status == pipeline.StatusPartial
		if bad || s.State != queue.StateDone {
			code = exitFailed
		}
		if asJSON {
			b, _ := json.Marshal(s)
			fmt.Fprintf(w, "%s\n", b)
			continue
		}
		if quiet && !bad {
			continue
		}
		var detail string
		switch s.State {
		case queue.StateRunning:
			detail = "on " + s.Worker
			if s.Pages > 0 {
				detail += fmt.Sprintf(", page %d/%d", s.Page, s.Pages)
			}
		case queue.StateDone:
			if r := s.Result; r != nil {
				detail = fmt.Sprintf("%s: %d pages, %d tables, %d cells (worker %s)", r.Status, r.Pages, r.Tables, r.Cells, s.Worker)
				if len(r.FailedPages) > 0 {
					detail += fmt.Sprintf("; %d pages not converted: %s", len(r.FailedPages), problem.Headline(r.FailedPages[0].Message))
				}
			}
		case queue.StateFailed:
			detail = problem.Headline(s.Error)
		case queue.StateQueued:
			if s.Error != "" {
				detail = fmt.Sprintf("retry after delivery %d: %s", s.Delivery, problem.Headline(s.Error))
			}
		}
		fmt.Fprintf(w, "%-8s %s  %s  %s\n", s.State, s.DocID, s.Source, strings.TrimSpace(detail))
	}
	if !asJSON {
		fmt.Fprintf(w, "%s: %s\n", plural(len(states), "document", "documents"), countsLine(queue.CountStates(states)))
	}
	return code
}
