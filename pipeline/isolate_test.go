package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// growSink holds what the "grow" child allocates, so that nothing can free it.
var growSink [][]byte

// TestMain serves as the child process of the isolation tests: the test binary is started
// again with the child marker, and the document's folder name picks what it does — the
// real conversion, or one of the failures recover() cannot catch.
func TestMain(m *testing.M) {
	if IsChild() {
		childHook = func(job childJob) {
			switch job.Input.DocID {
			case "hang":
				time.Sleep(time.Hour)
			case "grow":
				for {
					b := make([]byte, 16<<20)
					for i := range b {
						b[i] = 1
					}
					growSink = append(growSink, b) // kept reachable: the child's RSS grows
				}
			case "overflow":
				debug.SetMaxStack(32 << 20) // as childMain does from the memory budget
				var f func(int) int
				f = func(n int) int { return f(n+1) + 1 }
				f(0)
			case "exit":
				os.Exit(3)
			}
		}
		os.Exit(ChildMain())
	}
	os.Exit(m.Run())
}

// TestIsolationFailsAlone runs one batch of a good document and four children that hang,
// grow without bound, overflow the stack and exit without a result: each of those fails
// alone with a message naming the file and the limit, the good one converts, and with
// Resume the failures are reported again without a new child (RetryFailed retries them).
func TestIsolationFailsAlone(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the memory watchdog reads /proc")
	}
	good, err := os.ReadFile(filepath.Join("..", "fixtures", "sample", "changji-hitech-zone-2026-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	dir, out := t.TempDir(), t.TempDir()
	var inputs []Input
	for i, id := range []string{"good", "hang", "grow", "overflow", "exit"} {
		p := filepath.Join(dir, id+".pdf")
		// Different bytes each, so no input is a duplicate of another.
		if err := os.WriteFile(p, append(bytes.Clone(good), byte('0'+i)), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{Path: p, DocID: id})
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	iso := &Isolation{Exe: exe, Timeout: 5 * time.Second, Memory: 256 << 20, OCR: ChildOCR{Off: true}}
	defer iso.Close()
	opts := BatchOptions{Out: out, Workers: 2, ToolVersion: "test", Isolation: iso}
	pages := 0
	opts.Events = func(e Event) {
		if e.Kind == EventPage && e.Input.DocID == "good" {
			pages++
		}
	}
	start := time.Now()
	sum, err := RunBatch(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("batch of 5 in %s", time.Since(start).Round(time.Millisecond))
	want := map[string]struct {
		status Status
		msg    string
		limit  string
	}{
		"good":     {StatusConverted, "", ""},
		"hang":     {StatusFailed, "no result after --doc-timeout 5s", LimitTimeout},
		"grow":     {StatusFailed, "killed: exceeded --doc-memory 256 MiB", LimitMemory},
		"overflow": {StatusFailed, "crashed: fatal error: stack overflow", LimitCrash},
		"exit":     {StatusFailed, "crashed: exit status 3", LimitCrash},
	}
	for _, r := range sum.Results {
		w := want[r.DocID]
		if r.Status != w.status || !strings.Contains(r.Error, w.msg) || r.Limit != w.limit {
			t.Errorf("%s: status %s limit %q error %q; want %s, %q, %q", r.DocID, r.Status, r.Limit, r.Error, w.status, w.limit, w.msg)
		}
		if r.Status == StatusFailed && !strings.HasPrefix(r.Error, filepath.Join(dir, r.DocID+".pdf")+": ") {
			t.Errorf("%s: the error does not start with the file: %q", r.DocID, r.Error)
		}
	}
	if pages != 37 {
		t.Errorf("the good document's page events reached the parent %d times, want 37", pages)
	}
	if _, err := os.Stat(filepath.Join(out, "good", "good.xlsx")); err != nil {
		t.Errorf("the good document's workbook: %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("the batch took %s: the limits did not stop the children in time", time.Since(start))
	}

	// Resume: the recorded failures come back without a child (the hang would take 5 s).
	opts.Resume = true
	start = time.Now()
	sum, err = RunBatch(context.Background(), inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Results {
		w := want[r.DocID]
		switch {
		case r.DocID == "good" && r.Status != StatusSkipped:
			t.Errorf("resume: good is %s, want skipped", r.Status)
		case r.DocID != "good" && (r.Status != StatusFailed || !strings.Contains(r.Error, w.msg) || !strings.Contains(r.Error, "--retry-failed")):
			t.Errorf("resume: %s: %s %q, want the recorded failure", r.DocID, r.Status, r.Error)
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("resume took %s: a recorded failure was converted again", d)
	}

	// A raised limit, or RetryFailed, tries again.
	iso.Timeout = 1 * time.Second
	sum, err = RunBatch(context.Background(), inputs[:2], opts)
	if err != nil {
		t.Fatal(err)
	}
	if r := sum.Results[1]; !strings.Contains(r.Error, "no result after --doc-timeout 1s") {
		t.Errorf("resume with another --doc-timeout: hang: %q, want a new attempt", r.Error)
	}
}

func TestParseBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		fmt  string
	}{
		{"2GiB", 2 << 30, "2 GiB"},
		{"512MiB", 512 << 20, "512 MiB"},
		{"1.5G", 3 << 29, "1.50 GiB"},
		{"800M", 800 << 20, "800 MiB"},
		{"1000000", 1000000, "1000000 B"},
	} {
		got, err := ParseBytes(c.in)
		if err != nil || got != c.want || FormatBytes(got) != c.fmt {
			t.Errorf("ParseBytes(%q) = %d, %v (%s); want %d (%s)", c.in, got, err, FormatBytes(got), c.want, c.fmt)
		}
	}
	for _, bad := range []string{"", "-1G", "lots", "0"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q): no error", bad)
		}
	}
}
