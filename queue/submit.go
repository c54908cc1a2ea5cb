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
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/budgetpdf/budgetpdf/pipeline"
)

// SubmitResult says what submit did with one input.
type SubmitResult struct {
	Input  pipeline.Input
	SHA256 string
	DocID  string
	Added  bool   // a job was put on the queue
	Reason string // why not, when not added
}

// SubmitOptions configure Submit.
type SubmitOptions struct {
	// RetryFailed queues again the documents whose state is failed (dead-lettered).
	RetryFailed bool
}

// Submit uploads each input's bytes (once per content) and queues a job for it unless the
// same content is queued, running or done already. Folder names (doc IDs) are those the
// batch would give, made unique across everything ever submitted to this queue.
func (q *Queue) Submit(ctx context.Context, inputs []pipeline.Input, opts SubmitOptions) ([]SubmitResult, error) {
	var out []SubmitResult
	for _, in := range inputs {
		r, err := q.submitOne(ctx, in, opts)
		if err != nil {
			return out, fmt.Errorf("%s: %w", in.Path, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func (q *Queue) submitOne(ctx context.Context, in pipeline.Input, opts SubmitOptions) (SubmitResult, error) {
	r := SubmitResult{Input: in}
	sha, size, err := hashFile(in.Path)
	if err != nil {
		return r, err
	}
	r.SHA256 = sha
	prev, err := q.getState(ctx, sha)
	if err != nil {
		return r, err
	}
	if prev != nil {
		r.DocID = prev.DocID
		switch {
		case prev.State == StateDone:
			r.Reason = "already converted as " + prev.DocID
			return r, nil
		case prev.State == StateFailed && !opts.RetryFailed:
			r.Reason = "failed before (--retry-failed queues it again): " + firstLine(prev.Error)
			return r, nil
		}
	}
	job := Job{SHA256: sha, Source: in.Path, Size: size, Submitted: time.Now().UTC().Format(time.RFC3339)}
	if prev != nil {
		job.DocID, job.Source = prev.DocID, prev.Source
	} else if job.DocID, err = q.reserveDocID(ctx, in.DocID, sha); err != nil {
		return r, err
	}
	r.DocID = job.DocID
	if err := q.upload(ctx, in.Path, sha); err != nil {
		return r, err
	}
	// The state first: a worker may take the job the moment it is published.
	if prev == nil || prev.State == StateFailed {
		if err := q.putState(ctx, &DocState{Job: job, State: StateQueued}); err != nil {
			return r, err
		}
	}
	b, err := json.Marshal(job)
	if err != nil {
		return r, err
	}
	msg := &nats.Msg{Subject: q.jobSubject(sha), Data: b, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, sha)
	ack, err := q.js.PublishMsg(ctx, msg)
	switch {
	case err != nil && isPerSubjectLimit(err):
		// Queued or running already (the stream holds its job until acknowledged).
		r.Reason = "already queued as " + job.DocID
		return r, nil
	case err != nil:
		return r, fmt.Errorf("queue job: %w", err)
	case ack.Duplicate:
		r.Reason = "already queued as " + job.DocID
		return r, nil
	}
	r.Added = true
	return r, nil
}

// isPerSubjectLimit: the server refused the job because its subject holds one already.
func isPerSubjectLimit(err error) bool {
	return strings.Contains(err.Error(), "maximum messages per subject exceeded")
}

// reserveDocID claims want (or want-2, want-3, …) as this content's folder name for good:
// two different files named report.pdf, submitted at different times, get report and
// report-2, as one batch would name them.
func (q *Queue) reserveDocID(ctx context.Context, want, sha string) (string, error) {
	for n := 1; ; n++ {
		id := want
		if n > 1 {
			id = want + "-" + strconv.Itoa(n)
		}
		key := "id." + hex.EncodeToString([]byte(strings.ToLower(id)))
		_, err := q.state.Create(ctx, key, []byte(sha))
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return "", fmt.Errorf("reserve folder name %s: %w", id, err)
		}
		if e, gerr := q.state.Get(ctx, key); gerr == nil && string(e.Value()) == sha {
			return id, nil // ours from an earlier, interrupted submit
		}
	}
}

// upload puts the PDF into the object store under its sha256, unless it is there.
func (q *Queue) upload(ctx context.Context, path, sha string) error {
	if info, err := q.pdfs.GetInfo(ctx, sha); err == nil && !info.Deleted {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := q.pdfs.Put(ctx, jetstream.ObjectMeta{Name: sha, Description: path}, f); err != nil {
		return fmt.Errorf("upload to the object store: %w", err)
	}
	return nil
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
