package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/queue/queuetest"
)

// testServer is a JetStream server and a queue name of one test's own.
type testServer struct{ url, name string }

// startServer gives a test the machine's NATS server under a fresh queue name (removed when
// the test ends), or an embedded server where the machine has none (queuetest).
func startServer(t *testing.T) testServer {
	url, name := queuetest.Server(t, removeQueue)
	return testServer{url, name}
}

func removeQueue(url, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := Open(ctx, url, name, "budgetpdf test cleanup")
	if err != nil {
		return err
	}
	defer q.Close()
	return q.Remove(ctx)
}

func openQueue(t *testing.T, srv testServer) *Queue {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := Open(ctx, srv.url, srv.name, "budgetpdf test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// fixtures are the born-digital fixture PDFs (small, no OCR).
func fixtures(t *testing.T) []string {
	t.Helper()
	pdfs, _ := filepath.Glob(filepath.Join("..", "fixtures", "pdf", "*[a-z].pdf"))
	if len(pdfs) < 3 {
		t.Fatalf("born-digital fixtures missing: %v", pdfs)
	}
	return pdfs[:3]
}

func expand(t *testing.T, paths ...string) []pipeline.Input {
	t.Helper()
	in, err := pipeline.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func added(rs []SubmitResult) int {
	n := 0
	for _, r := range rs {
		if r.Added {
			n++
		}
	}
	return n
}

func TestSubmitOncePerContent(t *testing.T) {
	q := openQueue(t, startServer(t))
	ctx := context.Background()
	pdfs := fixtures(t)
	// The same bytes under another name, and another file with a name already used.
	dir := t.TempDir()
	same, _ := os.ReadFile(pdfs[0])
	other, _ := os.ReadFile(pdfs[1])
	os.WriteFile(filepath.Join(dir, "copy.pdf"), same, 0o644)
	os.MkdirAll(filepath.Join(dir, "b"), 0o755)
	clash := filepath.Join(dir, "b", filepath.Base(pdfs[2]))
	os.WriteFile(clash, append(other, '\n'), 0o644)

	for _, c := range []struct {
		name   string
		paths  []string
		added  int
		docIDs []string
	}{
		{"first", pdfs, 3, nil},
		{"again", pdfs, 0, nil},
		{"same bytes, other name", []string{filepath.Join(dir, "copy.pdf")}, 0, []string{pipeline.SanitizeID(strings.TrimSuffix(filepath.Base(pdfs[0]), ".pdf"))}},
		{"other bytes, a name in use", []string{clash}, 1, []string{pipeline.SanitizeID(strings.TrimSuffix(filepath.Base(pdfs[2]), ".pdf")) + "-2"}},
	} {
		rs, err := q.Submit(ctx, expand(t, c.paths...), SubmitOptions{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := added(rs); got != c.added {
			t.Errorf("%s: %d jobs added, want %d (%+v)", c.name, got, c.added, rs)
		}
		for i, id := range c.docIDs {
			if rs[i].DocID != id {
				t.Errorf("%s: doc ID %q, want %q", c.name, rs[i].DocID, id)
			}
		}
	}
	info, err := q.jobs.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 4 {
		t.Errorf("%d jobs on the stream, want 4", info.State.Msgs)
	}
}

// TestWorkerConverts: two workers share a queue; every good document's cells.csv is the
// local convert's, byte for byte; a poisoned PDF ends in the dead-letter stream with its
// error after MaxDeliver tries.
func TestWorkerConverts(t *testing.T) {
	srv := startServer(t)
	q := openQueue(t, srv)
	ctx := context.Background()
	pdfs := fixtures(t)
	good, _ := os.ReadFile(pdfs[0])
	bad := filepath.Join(t.TempDir(), "poisoned.pdf")
	os.WriteFile(bad, good[:len(good)/4], 0o644)
	paths := append([]string{bad}, pdfs...)
	if _, err := q.Submit(ctx, expand(t, paths...), SubmitOptions{}); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	formats := export.Formats{CSV: true, JSON: true}
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var events []Event
	for i := range 2 {
		w := &Worker{Q: openQueue(t, srv), ID: fmt.Sprintf("w%d", i), Out: out, Formats: formats, ToolVersion: "test",
			MaxDeliver: 2, RetryDelay: 50 * time.Millisecond,
			Events: func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() }}
		wg.Go(func() {
			if err := w.Run(wctx); err != nil {
				t.Error(err)
			}
		})
	}
	wctx2, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	states, err := q.Wait(wctx2, nil)
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	c := CountStates(states)
	if c[StateDone] != 3 || c[StateFailed] != 1 {
		t.Fatalf("states %v, want 3 done, 1 failed: %+v", c, states)
	}
	converted := map[string]int{}
	for _, e := range events {
		if e.Kind == EventDone && e.Result.Status == pipeline.StatusConverted {
			converted[e.Job.DocID]++
		}
	}
	for _, s := range states {
		if s.State == StateFailed {
			if s.Source != bad || !strings.Contains(s.Error, bad) || s.Delivery != 2 {
				t.Errorf("poisoned PDF: %+v", s)
			}
			continue
		}
		if converted[s.DocID] != 1 {
			t.Errorf("%s converted %d times", s.DocID, converted[s.DocID])
		}
	}
	dead, err := q.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || dead[0].Job.Source != bad || !strings.Contains(dead[0].Error, bad) || dead[0].Deliveries != 2 {
		t.Errorf("dead letters: %+v", dead)
	}
	if info, _ := q.jobs.Info(ctx); info.State.Msgs != 0 {
		t.Errorf("%d jobs left on the work queue", info.State.Msgs)
	}

	local := t.TempDir()
	if _, err := pipeline.RunBatch(ctx, expand(t, pdfs...), pipeline.BatchOptions{Out: local, Formats: formats, ToolVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.State != StateDone {
			continue
		}
		a, err := os.ReadFile(filepath.Join(local, s.DocID, export.DocCellsFile))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, s.DocID, export.DocCellsFile))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s: the worker's cells.csv differs from a local convert's", s.DocID)
		}
	}
	// Converted documents' PDFs leave the object store; the failed one's stays.
	for _, s := range states {
		_, err := q.pdfs.GetInfo(ctx, s.SHA256)
		if kept := err == nil; kept != (s.State == StateFailed) {
			t.Errorf("%s (%s): PDF kept in the object store = %v", s.DocID, s.State, kept)
		}
	}
}

// slowConvert converts for real after d, reporting a page every step while waiting when
// progress is set.
func slowConvert(d, step time.Duration, progress bool, calls *atomic.Int32) pipeline.Converter {
	return func(path string, opts pipeline.Options) (*normalize.Document, error) {
		calls.Add(1)
		for t := time.Duration(0); t < d; t += step {
			time.Sleep(step)
			if progress && opts.OnPage != nil {
				opts.OnPage(1, 1)
			}
		}
		res, err := pipeline.Run(path, opts)
		if err != nil {
			return nil, err
		}
		return res.Doc, nil
	}
}

// TestHeartbeat: a document slower than AckWait is not redelivered to the worker's idle
// second slot while it makes progress; one that makes none past Stall is redelivered (and
// converted once more, into the same complete outputs).
func TestHeartbeat(t *testing.T) {
	// The margins are wide so that a loaded machine (late heartbeats, slow NATS) does not
	// change the outcome: with progress, heartbeats every AckWait/3 (1 s) leave 2 s of slack;
	// stalled, heartbeats stop after 300 ms, the job is redelivered about 1.3 s in, 2.7 s
	// before the first conversion ends (its completion then marks the job done, so a third
	// delivery is skipped).
	for _, c := range []struct {
		name               string
		progress           bool
		ackWait, stall     time.Duration
		wantState          State
		minCalls, maxCalls int32
	}{
		{"progress", true, 3 * time.Second, 2 * time.Second, StateDone, 1, 1},
		{"stalled", false, time.Second, 300 * time.Millisecond, StateDone, 2, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := openQueue(t, startServer(t))
			ctx := context.Background()
			if _, err := q.Submit(ctx, expand(t, fixtures(t)[0]), SubmitOptions{}); err != nil {
				t.Fatal(err)
			}
			var calls atomic.Int32
			w := &Worker{Q: q, Out: t.TempDir(), Formats: export.Formats{CSV: true}, ToolVersion: "test",
				Workers: 2, AckWait: c.ackWait, Stall: c.stall, MaxDeliver: 5, RetryDelay: 10 * time.Millisecond,
				Convert: slowConvert(4*time.Second, 50*time.Millisecond, c.progress, &calls)}
			wctx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { w.Run(wctx); close(done) }()
			wait, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			_, err := q.Wait(wait, nil)
			stop()
			<-done
			if err != nil {
				t.Fatal(err)
			}
			states, err := q.States(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(states) != 1 || states[0].State != c.wantState {
				t.Fatalf("states %+v, want %s", states, c.wantState)
			}
			if n := calls.Load(); n < c.minCalls || n > c.maxCalls {
				t.Errorf("converted %d times, want %d..%d", n, c.minCalls, c.maxCalls)
			}
		})
	}
}

// TestDeadWorkerDeadLetter: a job whose every delivery ended with its worker gone (never
// acknowledged) is dead-lettered by the next worker, naming the worker that died.
func TestDeadWorkerDeadLetter(t *testing.T) {
	q := openQueue(t, startServer(t))
	ctx := context.Background()
	if _, err := q.Submit(ctx, expand(t, fixtures(t)[0]), SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	const ackWait = 200 * time.Millisecond
	cons, err := q.consumer(ctx, ackWait)
	if err != nil {
		t.Fatal(err)
	}
	const maxDeliver = 2
	for i := 1; i <= maxDeliver; i++ {
		// A worker takes the job, says it is running and dies.
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		var got jetstream.Msg
		for m := range batch.Messages() {
			got = m
		}
		if got == nil {
			t.Fatalf("delivery %d: no message", i)
		}
		st, _ := q.getState(ctx, strings.TrimPrefix(got.Subject(), q.jobSubject("")))
		q.putState(ctx, &DocState{Job: st.Job, State: StateRunning, Worker: "ghost", Delivery: i})
	}
	w := &Worker{Q: q, Out: t.TempDir(), ToolVersion: "test", AckWait: ackWait, MaxDeliver: maxDeliver}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { w.Run(wctx); close(done) }()
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	states, err := q.Wait(wait, nil)
	stop()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 || states[0].State != StateFailed || !strings.Contains(states[0].Error, "worker ghost stopped during delivery 2") {
		t.Fatalf("states %+v", states)
	}
	if dead, _ := q.DeadLetters(ctx); len(dead) != 1 || dead[0].Deliveries != maxDeliver+1 {
		t.Errorf("dead letters %+v", dead)
	}
}
