package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// consumerName is the durable pull consumer every worker of a queue shares.
const consumerName = "workers"

// Worker takes jobs from a queue and converts them.
type Worker struct {
	Q           *Queue
	ID          string // shown by status: which worker has a document (default host-pid)
	Out         string // the shared output folder (as convert's -o)
	Formats     export.Formats
	Lang        findtext.Lang // finding texts, as convert --message-lang
	ToolVersion string
	Stages      pipeline.Options // each document's stages (the OCR engine is shared)
	Workers     int              // documents converted at once (default 1)
	// MaxDeliver is how many deliveries a job gets before it is dead-lettered (default 3).
	MaxDeliver int
	// AckWait is how long a job may go without an acknowledgement or a heartbeat before
	// the server redelivers it (default 1 minute). It is the consumer's setting: the last
	// worker to start sets it for all.
	AckWait time.Duration
	// Stall: heartbeats stop when a document has made no progress (no page done) for this
	// long (default 10 minutes), so a hung conversion is redelivered, and after MaxDeliver
	// such deliveries dead-lettered.
	Stall time.Duration
	// RetryDelay is how long a failed job waits before its next delivery (default 5 s).
	RetryDelay time.Duration
	// KeepPDFs leaves a converted document's PDF in the object store (default: removed once
	// converted; a failed document's stays, for --retry-failed).
	KeepPDFs bool
	// AfterDocument runs after a document's outputs are complete and before its job is
	// acknowledged: the seam for writing the document into the data lake (issue 12). An
	// error counts as a failed delivery.
	AfterDocument func(ctx context.Context, out string, r pipeline.DocResult) error
	// Convert replaces the pipeline (tests); nil: pipeline.RunBatch's default.
	Convert pipeline.Converter
	// Events reports each job's outcome; called from several goroutines, one call at a time.
	Events func(Event)

	emitMu sync.Mutex
}

// EventKind is what became of a delivery.
type EventKind string

const (
	EventDone  EventKind = "done"  // converted (or partly), or already converted (skipped)
	EventRetry EventKind = "retry" // failed; it will be delivered again
	EventDead  EventKind = "dead"  // given up: dead-lettered with Error
)

// Event is one delivery's outcome (the JSON line `budgetpdf worker` prints).
type Event struct {
	Kind     EventKind           `json:"event"`
	Worker   string              `json:"worker"`
	Delivery int                 `json:"delivery"`
	Job      Job                 `json:"job"`
	Error    string              `json:"error,omitempty"`
	Result   *pipeline.DocResult `json:"result,omitempty"`
}

// DeadLetter is the message on <queue>_dead.
type DeadLetter struct {
	Job        Job    `json:"job"`
	Error      string `json:"error"`
	Deliveries int    `json:"deliveries"`
	Worker     string `json:"worker"`
	Time       string `json:"time"`
}

func (w *Worker) defaults() {
	if w.ID == "" {
		host, _ := os.Hostname()
		w.ID = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if w.Workers < 1 {
		w.Workers = 1
	}
	if w.MaxDeliver < 1 {
		w.MaxDeliver = 3
	}
	if w.AckWait <= 0 {
		w.AckWait = time.Minute
	}
	if w.Stall <= 0 {
		w.Stall = 10 * time.Minute
	}
	if w.RetryDelay <= 0 {
		w.RetryDelay = 5 * time.Second
	}
	if w.Formats == (export.Formats{}) {
		w.Formats = export.AllFormats
	}
}

// Run takes jobs until ctx is cancelled; the documents in progress then finish (their jobs
// are acknowledged) before it returns. It returns an error only when it cannot start.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	if w.Out == "" {
		return errors.New("worker: no output folder")
	}
	if err := os.MkdirAll(w.Out, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	cons, err := w.Q.consumer(ctx, w.AckWait)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for range w.Workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				batch, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
				if err != nil {
					sleepCtx(ctx, time.Second) // disconnected: the client reconnects
					continue
				}
				for msg := range batch.Messages() {
					w.handle(msg)
				}
				if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, context.DeadlineExceeded) {
					sleepCtx(ctx, time.Second)
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// consumer creates (or updates) the workers' shared pull consumer.
func (q *Queue) consumer(ctx context.Context, ackWait time.Duration) (jetstream.Consumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.jobs.CachedInfo().Config.Name, jetstream.ConsumerConfig{
		Durable:       consumerName,
		Description:   "budgetpdf workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1, // counted by the worker, which dead-letters (see the package comment)
		FilterSubject: q.jobSubject("*"),
	})
	if err != nil {
		return nil, fmt.Errorf("queue %s: consumer: %w", q.Name, err)
	}
	return c, nil
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// handle runs one delivery to its end. It does not take the worker's context: a document
// in progress finishes when the worker is asked to stop.
func (w *Worker) handle(msg jetstream.Msg) {
	ctx := context.Background()
	var job Job
	if err := json.Unmarshal(msg.Data(), &job); err != nil || job.SHA256 == "" || job.DocID == "" {
		// Acknowledged, not terminated: an ack removes it from the work queue on every
		// server version, while nats-server 2.9 neither parses "+TERM <reason>" nor removes a
		// terminated message from a work-queue stream (seen against the machine's 2.9.10).
		msg.Ack()
		return
	}
	delivery := 1
	if md, err := msg.Metadata(); err == nil {
		delivery = int(md.NumDelivered)
	}
	st, err := w.Q.getState(ctx, job.SHA256)
	if err != nil {
		w.retry(msg, job, delivery, nil, err)
		return
	}
	if delivery > w.MaxDeliver {
		// Every allowed delivery ended without an outcome (the worker died or hung).
		reason := fmt.Sprintf("gave up after %d deliveries", w.MaxDeliver)
		if st != nil && st.State == StateRunning {
			reason += fmt.Sprintf(": worker %s stopped during delivery %d without finishing (killed, out of memory, or hung)", st.Worker, st.Delivery)
		}
		if st != nil && st.Error != "" {
			reason += "; last error: " + st.Error
		}
		w.giveUp(ctx, msg, job, delivery, st, reason)
		return
	}
	if w.alreadyDone(st, job) {
		// Converted by a worker that died before acknowledging.
		if err := msg.DoubleAck(ctx); err == nil {
			w.emit(Event{Kind: EventDone, Worker: w.ID, Delivery: delivery, Job: job, Result: st.Result})
		}
		return
	}

	running := &DocState{Job: job, State: StateRunning, Worker: w.ID, Delivery: delivery}
	if st != nil {
		running.Error = st.Error
	}
	if err := w.Q.putState(ctx, running); err != nil {
		w.retry(msg, job, delivery, st, err)
		return
	}
	var progress atomic.Int64
	progress.Store(time.Now().UnixNano())
	stopBeat := w.heartbeat(msg, &progress)
	r, err := w.convert(ctx, job, running, &progress)
	if err == nil && w.AfterDocument != nil {
		err = w.AfterDocument(ctx, w.Out, r)
	}
	stopBeat()
	if err != nil {
		w.retry(msg, job, delivery, running, err)
		return
	}
	done := &DocState{Job: job, State: StateDone, Worker: w.ID, Delivery: delivery, Result: &r, Pages: r.Pages}
	if err := w.Q.putState(ctx, done); err != nil {
		w.retry(msg, job, delivery, running, err)
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// Redelivered later and skipped then: the state says done and the outputs are there.
		return
	}
	if !w.KeepPDFs {
		w.Q.pdfs.Delete(ctx, job.SHA256)
	}
	w.emit(Event{Kind: EventDone, Worker: w.ID, Delivery: delivery, Job: job, Result: &r})
}

// alreadyDone: the state says done by this tool version and the outputs are still there.
func (w *Worker) alreadyDone(st *DocState, job Job) bool {
	if st == nil || st.State != StateDone || st.Result == nil || st.Result.ToolVersion != w.ToolVersion {
		return false
	}
	prev, err := pipeline.ReadConversion(filepath.Join(w.Out, job.DocID))
	return err == nil && prev.SHA256 == job.SHA256 && prev.ToolVersion == w.ToolVersion
}

// convert fetches the PDF and runs the batch code path on it: the same conversion as
// `convert --resume` (a document already complete in Out is skipped, not redone).
func (w *Worker) convert(ctx context.Context, job Job, running *DocState, progress *atomic.Int64) (pipeline.DocResult, error) {
	dir, err := os.MkdirTemp("", "budgetpdf-worker-")
	if err != nil {
		return pipeline.DocResult{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "job-"+job.SHA256[:16]+".pdf")
	if err := w.download(ctx, job, path); err != nil {
		return pipeline.DocResult{}, err
	}
	var lastPut time.Time
	sum, err := pipeline.RunBatch(ctx, []pipeline.Input{{Path: path, DocID: job.DocID, Size: job.Size, Source: job.Source}}, pipeline.BatchOptions{
		Out: w.Out, Formats: w.Formats, Lang: w.Lang, Workers: 1, Resume: true, ToolVersion: w.ToolVersion,
		Stages: w.Stages, Convert: w.Convert, SharedOut: true,
		Events: func(e pipeline.Event) {
			progress.Store(time.Now().UnixNano())
			if e.Kind == pipeline.EventPage && time.Since(lastPut) > 2*time.Second {
				lastPut = time.Now()
				running.Page, running.Pages = e.Page, e.Pages
				w.Q.putState(ctx, running)
			}
		},
	})
	if err != nil {
		return pipeline.DocResult{}, err
	}
	r := sum.Results[0]
	if r.Status == pipeline.StatusFailed || r.Status == pipeline.StatusNotRun {
		return r, errors.New(r.Error)
	}
	return r, nil
}

// download copies the job's PDF out of the object store, checking its hash.
func (w *Worker) download(ctx context.Context, job Job, path string) error {
	obj, err := w.Q.pdfs.Get(ctx, job.SHA256)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("%s: its PDF is no longer in the object store (submit it again)", job.Source)
	}
	if err != nil {
		return fmt.Errorf("%s: fetch from the object store: %w", job.Source, err)
	}
	defer obj.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, h), obj)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: fetch from the object store: %w", job.Source, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != job.SHA256 {
		return fmt.Errorf("%s: the object store returned other bytes (sha256 %s, want %s)", job.Source, got, job.SHA256)
	}
	return nil
}

// heartbeat tells the server the job is in progress every AckWait/3 while the document
// keeps making progress.
func (w *Worker) heartbeat(msg jetstream.Msg, progress *atomic.Int64) (stop func()) {
	every := max(w.AckWait/3, 50*time.Millisecond)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if time.Since(time.Unix(0, progress.Load())) < w.Stall {
					msg.InProgress()
				}
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// retry records a failed delivery; the last allowed one is dead-lettered.
func (w *Worker) retry(msg jetstream.Msg, job Job, delivery int, st *DocState, err error) {
	ctx := context.Background()
	if delivery >= w.MaxDeliver {
		w.giveUp(ctx, msg, job, delivery, st, err.Error())
		return
	}
	w.Q.putState(ctx, &DocState{Job: job, State: StateQueued, Worker: w.ID, Delivery: delivery, Error: err.Error()})
	msg.NakWithDelay(w.RetryDelay)
	w.emit(Event{Kind: EventRetry, Worker: w.ID, Delivery: delivery, Job: job, Error: err.Error()})
}

// giveUp puts the job on the dead-letter stream with its error, marks it failed and
// removes it from the work queue.
func (w *Worker) giveUp(ctx context.Context, msg jetstream.Msg, job Job, delivery int, st *DocState, reason string) {
	dl := DeadLetter{Job: job, Error: reason, Deliveries: delivery, Worker: w.ID, Time: time.Now().UTC().Format(time.RFC3339)}
	b, _ := json.Marshal(dl)
	if _, err := w.Q.js.Publish(ctx, w.Q.deadSubject(job.SHA256), b); err != nil {
		msg.NakWithDelay(w.RetryDelay) // try again later rather than lose the error
		return
	}
	failed := &DocState{Job: job, State: StateFailed, Worker: w.ID, Delivery: delivery, Error: reason}
	if st != nil && st.Result != nil {
		failed.Result = st.Result
	}
	w.Q.putState(ctx, failed)
	// The job has its outcome (failed, on the dead-letter stream): acknowledge it so the
	// work queue drops it. A termination would leave it there, redelivered and dead-lettered
	// again, on nats-server 2.9 (see handle).
	if err := msg.DoubleAck(ctx); err != nil {
		msg.TermWithReason("dead-lettered")
	}
	w.emit(Event{Kind: EventDead, Worker: w.ID, Delivery: delivery, Job: job, Error: reason})
}

func (w *Worker) emit(e Event) {
	if w.Events == nil {
		return
	}
	w.emitMu.Lock()
	defer w.emitMu.Unlock()
	w.Events(e)
}
