// Package queue runs conversions on many machines through NATS JetStream: `submit` puts each
// PDF into an object store and a job keyed by its sha256 on a work-queue stream, `worker`s
// take jobs and convert them exactly as `convert` does (pipeline.RunBatch, one document at a
// time, into a shared output folder), and a key-value bucket holds each document's state for
// `status`.
//
// Guarantees, and how:
//   - A file is one job however often it is submitted: the job's subject is
//     <queue>.job.<sha256> and the stream keeps at most one message per subject, refusing a
//     second (DiscardNewPerSubject); the state bucket remembers converted documents.
//   - No document is lost when a worker dies: a job is acknowledged only after its outputs
//     are complete (conversion.json written last), so an unacknowledged job is redelivered
//     after AckWait; a worker sends progress heartbeats (InProgress) while a document makes
//     progress, so a long OCR is not redelivered.
//   - None is converted twice: a redelivered job whose outputs are already complete (the
//     worker died between writing them and acknowledging) is skipped as `convert --resume`
//     skips it, from the same conversion.json.
//   - A job that fails (or whose worker dies) MaxDeliver times goes to the dead-letter
//     stream <queue>_dead with its error, and its state says failed. Deliveries are counted
//     by the worker (the consumer itself redelivers without limit), so a job whose worker
//     crashed on its last try is dead-lettered too instead of staying in the stream.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/budgetpdf/budgetpdf/pipeline"
)

// DefaultName names the streams and buckets of a queue: <name>_jobs, <name>_dead,
// <name>_state, <name>_pdfs.
const DefaultName = "budgetpdf"

var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Queue is a connection to one named queue on a JetStream server.
type Queue struct {
	Name  string
	nc    *nats.Conn
	js    jetstream.JetStream
	jobs  jetstream.Stream
	state jetstream.KeyValue
	pdfs  jetstream.ObjectStore
}

// Open connects to url and creates the queue's streams and buckets when they do not exist
// (or updates their settings), so submit, worker and status may start in any order.
func Open(ctx context.Context, url, name, client string) (*Queue, error) {
	if name == "" {
		name = DefaultName
	}
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("queue name %q: use letters, digits, - and _", name)
	}
	nc, err := nats.Connect(url, nats.Name(client), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	q := &Queue{Name: name, nc: nc}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats %s: queue %s: %w", url, name, err)
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	var err error
	if q.js, err = jetstream.New(q.nc); err != nil {
		return err
	}
	if q.jobs, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.Name + "_jobs",
		Description: "budgetpdf conversion jobs, one per PDF (subject job.<sha256>)",
		Subjects:    []string{q.jobSubject("*")},
		Retention:   jetstream.WorkQueuePolicy,
		// One pending job per file: a second submit of the same bytes is refused.
		MaxMsgsPerSubject:    1,
		Discard:              jetstream.DiscardNew,
		DiscardNewPerSubject: true,
		Storage:              jetstream.FileStorage,
	}); err != nil {
		return fmt.Errorf("jobs stream: %w", err)
	}
	if _, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.Name + "_dead",
		Description: "budgetpdf jobs given up after their last delivery, with the error",
		Subjects:    []string{q.deadSubject("*")},
		Storage:     jetstream.FileStorage,
	}); err != nil {
		return fmt.Errorf("dead-letter stream: %w", err)
	}
	if q.state, err = q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      q.Name + "_state",
		Description: "budgetpdf: each document's state (doc.<sha256>) and folder names (id.<hex>)",
		Storage:     jetstream.FileStorage,
	}); err != nil {
		return fmt.Errorf("state bucket: %w", err)
	}
	if q.pdfs, err = q.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      q.Name + "_pdfs",
		Description: "budgetpdf: the submitted PDFs, by sha256",
		Storage:     jetstream.FileStorage,
	}); err != nil {
		return fmt.Errorf("PDF object store: %w", err)
	}
	return nil
}

// Close drains the connection.
func (q *Queue) Close() { q.nc.Drain() }

func (q *Queue) jobSubject(sha string) string  { return q.Name + ".job." + sha }
func (q *Queue) deadSubject(sha string) string { return q.Name + ".dead." + sha }
func (q *Queue) deadStream() string            { return q.Name + "_dead" }

// Job is the message on the work queue.
type Job struct {
	SHA256    string `json:"sha256"`
	DocID     string `json:"doc_id"`      // output folder name, unique in the queue
	Source    string `json:"source_file"` // the path given to submit
	Size      int64  `json:"size"`
	Submitted string `json:"submitted"`
}

// State is a document's entry in the state bucket.
type State string

const (
	StateQueued  State = "queued"  // waiting for a worker (or for a retry)
	StateRunning State = "running" // a worker has it
	StateDone    State = "done"    // outputs complete (Result.Status converted, partial or skipped)
	StateFailed  State = "failed"  // given up: in the dead-letter stream with Error
)

// DocState is what status shows for one document.
type DocState struct {
	Job
	State    State               `json:"state"`
	Worker   string              `json:"worker,omitempty"`
	Delivery int                 `json:"delivery,omitempty"` // this job's delivery count when last updated
	Page     int                 `json:"page,omitempty"`     // progress while running
	Pages    int                 `json:"pages,omitempty"`
	Error    string              `json:"error,omitempty"` // the last failure (kept while retrying)
	Result   *pipeline.DocResult `json:"result,omitempty"`
	Updated  string              `json:"updated"`
}

func stateKey(sha string) string { return "doc." + sha }

func (q *Queue) getState(ctx context.Context, sha string) (*DocState, error) {
	e, err := q.state.Get(ctx, stateKey(sha))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s DocState
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return nil, fmt.Errorf("state of %s: %w", sha, err)
	}
	return &s, nil
}

func (q *Queue) putState(ctx context.Context, s *DocState) error {
	s.Updated = time.Now().UTC().Format(time.RFC3339Nano)
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if _, err := q.state.Put(ctx, stateKey(s.SHA256), b); err != nil {
		return fmt.Errorf("state of %s: %w", s.DocID, err)
	}
	return nil
}

// Remove deletes the queue's streams and buckets, with every job, state, dead letter and
// PDF in them (tests on a shared server, or starting a queue afresh).
func (q *Queue) Remove(ctx context.Context) error {
	var errs []error
	for _, s := range []string{q.Name + "_jobs", q.deadStream()} {
		if err := q.js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, err)
		}
	}
	if err := q.js.DeleteKeyValue(ctx, q.Name+"_state"); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
		errs = append(errs, err)
	}
	if err := q.js.DeleteObjectStore(ctx, q.Name+"_pdfs"); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
