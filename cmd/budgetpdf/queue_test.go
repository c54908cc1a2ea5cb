package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/queue"
	"github.com/budgetpdf/budgetpdf/queue/queuetest"
)

// natsQueue is a JetStream server and a queue name of one test's own.
type natsQueue struct{ url, name string }

// startNATS gives a test the machine's NATS server under a fresh queue name (removed when the
// test ends), or an embedded server where the machine has none (queuetest).
func startNATS(t *testing.T) natsQueue {
	url, name := queuetest.Server(t, func(url, name string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q, err := queue.Open(ctx, url, name, "budgetpdf test cleanup")
		if err != nil {
			return err
		}
		defer q.Close()
		return q.Remove(ctx)
	})
	return natsQueue{url, name}
}

// workerProc is a `budgetpdf worker` child process and its JSON lines.
type workerProc struct {
	id     string
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
}

func startWorker(t *testing.T, bin string, srv natsQueue, id, out string) *workerProc {
	t.Helper()
	w := &workerProc{id: id}
	w.cmd = exec.Command(bin, "worker", "--nats", srv.url, "--queue", srv.name, "--id", id, "-o", out,
		"--workers", "1", "--no-ocr", "--ack-wait", "2s")
	w.cmd.Stdout, w.cmd.Stderr = &w.stdout, &w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			w.cmd.Wait()
		}
	})
	return w
}

// converted counts the documents this worker reported converted (not skipped).
func (w *workerProc) converted(t *testing.T, into map[string]int) {
	sc := bufio.NewScanner(bytes.NewReader(w.stdout.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e queue.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // the line being written when the worker was killed
		}
		if e.Kind == queue.EventDone && e.Result != nil && e.Result.Status == "converted" {
			into[e.Job.DocID]++
		}
	}
}

// TestWorkersKilled: two worker processes share a queue; one is SIGKILLed in the middle
// of a document and restarted. status --wait exits 0, every document is converted once,
// nothing is half-written, and every cells.csv equals a local convert's byte for byte.
func TestWorkersKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs worker processes")
	}
	bin := buildBinary(t)
	srv := startNATS(t)
	// 12 documents: the born-digital fixtures, each also with one and two bytes appended
	// (other content, the same tables).
	in := t.TempDir()
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "pdf", "*[a-z].pdf"))
	if len(fixtures) < 4 {
		t.Fatalf("born-digital fixtures missing: %v", fixtures)
	}
	for _, f := range fixtures[:4] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			name := fmt.Sprintf("v%d-%s", i, filepath.Base(f))
			if err := os.WriteFile(filepath.Join(in, name), append(b, bytes.Repeat([]byte("\n"), i)...), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	const docs = 12

	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		cmd.Run()
		if cmd.ProcessState.ExitCode() != 0 {
			t.Logf("budgetpdf %s: exit %d\n%s", strings.Join(args, " "), cmd.ProcessState.ExitCode(), e.String())
		}
		return o.String(), cmd.ProcessState.ExitCode()
	}
	if o, code := run("submit", "--nats", srv.url, "--queue", srv.name, in); code != 0 || !strings.HasPrefix(o, fmt.Sprintf("%d jobs added", docs)) {
		t.Fatalf("submit: exit %d, %q", code, o)
	}
	if o, code := run("submit", "--nats", srv.url, "--queue", srv.name, in); code != 0 || !strings.HasPrefix(o, "0 jobs added") {
		t.Fatalf("submit again: exit %d, %q", code, o)
	}

	ctx := context.Background()
	q, err := queue.Open(ctx, srv.url, srv.name, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	out := filepath.Join(t.TempDir(), "out")
	procs := []*workerProc{startWorker(t, bin, srv, "A", out), startWorker(t, bin, srv, "B", out)}

	// Kill A the moment it has a document (it takes ≈0.1–0.3 s to convert one); check that
	// the kill landed inside it (its state still says A is running it), else try on A's
	// next document.
	var killedDoc string
	for try := 0; try < 5 && killedDoc == ""; try++ {
		deadline := time.Now().Add(30 * time.Second)
		var doc string
		for doc == "" && time.Now().Before(deadline) {
			states, err := q.States(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range states {
				if s.State == queue.StateRunning && s.Worker == procs[0].id {
					doc = s.DocID
				}
			}
		}
		if doc == "" {
			t.Fatal("worker A never took a document")
		}
		procs[0].cmd.Process.Signal(syscall.SIGKILL)
		procs[0].cmd.Wait()
		states, _ := q.States(ctx)
		for _, s := range states {
			if s.DocID == doc && s.State == queue.StateRunning && s.Worker == procs[0].id {
				killedDoc = doc
			}
		}
		t.Logf("try %d: killed worker %s while on %s (still running it: %v)", try+1, procs[0].id, doc, killedDoc != "")
		// Restart it under a new name.
		next := startWorker(t, bin, srv, fmt.Sprintf("A%d", try+2), out)
		procs = append([]*workerProc{next}, procs...)
	}
	if killedDoc == "" {
		t.Fatal("no kill landed inside a document in 5 tries")
	}

	if o, code := run("status", "--nats", srv.url, "--queue", srv.name, "--wait", "--timeout", "2m"); code != 0 {
		t.Fatalf("status --wait: exit %d\n%s", code, o)
	}
	var wg sync.WaitGroup
	for _, p := range procs {
		if p.cmd.ProcessState != nil {
			continue // killed
		}
		wg.Go(func() {
			p.cmd.Process.Signal(syscall.SIGTERM)
			if err := p.cmd.Wait(); err != nil {
				t.Errorf("worker %s after SIGTERM: %v\n%s", p.id, err, p.stderr.String())
			}
		})
	}
	wg.Wait()

	converted := map[string]int{}
	for _, p := range procs {
		p.converted(t, converted)
	}
	if len(converted) != docs {
		t.Errorf("%d documents converted, want %d: %v", len(converted), docs, converted)
	}
	for id, n := range converted {
		if n != 1 {
			t.Errorf("%s converted %d times", id, n)
		}
	}
	if temps := checkTree(t, out); temps != 0 {
		t.Errorf("%d temp files left in the shared folder", temps)
	}

	local := filepath.Join(t.TempDir(), "local")
	if _, code := run("convert", "--no-ocr", "-q", "-o", local, in); code != 0 {
		t.Fatal("local convert failed")
	}
	ids, _ := filepath.Glob(filepath.Join(local, "*", export.DocCellsFile))
	if len(ids) != docs {
		t.Fatalf("local convert: %d documents", len(ids))
	}
	for _, p := range ids {
		id := filepath.Base(filepath.Dir(p))
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(out, id, export.DocCellsFile))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the workers' cells.csv differs from a local convert's", id)
		}
	}
}

// TestConvertShard: shards given as I/N and as N with JOB_COMPLETION_INDEX (as in the
// Kubernetes Job) convert every document once into one folder; bad shards are usage errors.
func TestConvertShard(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "pdf", "*[a-z].pdf"))
	if len(fixtures) < 4 {
		t.Fatalf("born-digital fixtures missing: %v", fixtures)
	}
	out := t.TempDir()
	base := []string{"convert", "--no-ocr", "--format", "csv", "-o", out}
	seen := map[string]int{} // JSON lines: one per document converted
	for _, c := range []struct {
		shard, env string
		code       int
	}{
		{"0/3", "", exitOK},
		{"3", "1", exitOK}, // JOB_COMPLETION_INDEX
		{"2/3", "", exitOK},
		{"3/3", "", exitUsage},
		{"3", "", exitUsage}, // N alone without JOB_COMPLETION_INDEX
		{"x/3", "", exitUsage},
	} {
		t.Setenv("JOB_COMPLETION_INDEX", c.env)
		var o, e bytes.Buffer
		args := append(append(append([]string{}, base...), "--shard", c.shard), fixtures...)
		if code := run(args, &o, &e); code != c.code {
			t.Errorf("--shard %s (JOB_COMPLETION_INDEX=%q): exit %d, want %d\n%s", c.shard, c.env, code, c.code, e.String())
		}
		for _, line := range strings.Split(strings.TrimSpace(o.String()), "\n") {
			var r pipeline.DocResult
			if json.Unmarshal([]byte(line), &r) == nil && r.Status == "converted" {
				seen[r.DocID]++
			}
		}
	}
	for _, f := range fixtures {
		id := strings.TrimSuffix(filepath.Base(f), ".pdf")
		if seen[id] != 1 {
			t.Errorf("%s converted by %d shards, want 1", id, seen[id])
		}
		if _, err := os.Stat(filepath.Join(out, id, export.DocCellsFile)); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	for _, f := range []string{"run.json", "cells.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("shards wrote the run-level %s", f)
		}
	}
}
