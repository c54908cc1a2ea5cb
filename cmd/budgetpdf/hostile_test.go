package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/fixtures/hostile"
	"github.com/budgetpdf/budgetpdf/internal/problem"
)

// TestConvertHostileBatch converts every crafted file of fixtures/hostile and a good
// document in ONE run of the real binary with two workers (issue 13): no crash, no hang,
// each crafted file failed (or its page failed) alone with an error naming the file and the
// limit, the good document converted, exit status 1. It reports the peak resident memory of
// the whole process tree and the time.
func TestConvertHostileBatch(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the process-tree memory probe reads /proc")
	}
	bin := buildBinary(t)
	dir, out := t.TempDir(), t.TempDir()
	if _, err := hostile.Write(dir); err != nil {
		t.Fatal(err)
	}
	sample := filepath.Join("..", "..", "fixtures", "sample", "changji-hitech-zone-2026-budget.pdf")
	real, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	loop, err := hostile.RealPrevLoop(real)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "real-prev-loop.pdf"), loop, 0o644); err != nil {
		t.Fatal(err)
	}

	// What each file must come to: the limit its error names (| between alternatives). "" =
	// it may convert (the
	// structure is odd but harmless once read without following the loop).
	want := map[string]string{
		"xref-start-1e9":       "limit: object count",
		"xref-start-1e11":      "limit: object count",
		"xrefstm-size-2e9":     "limit: object count",
		"huge-w":               "limit: xref /W",
		"prev-self-loop":       "limit: xref /Prev chain",
		"real-prev-loop":       "limit: xref /Prev chain",
		"objstm-in-itself":     "limit: object streams",
		"objstm-extends-self":  "limit: object streams",
		"million-text-ops":     "limit: glyphs per page",
		"form-fanout":          "limit: Form XObjects drawn per page|limit: glyphs per page", // whichever runs out first
		"contents-20x-inflate": "limit: content bytes per page",
		"deep-page-tree":       "limit: page tree depth",
		"huge-image":           "", // OCR pixel limit, or OCR unavailable: a failed page either way
		"circular-parent":      "",
		"negative-length":      "",
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "convert", "--workers", "2", "--doc-timeout", "60s", "--doc-memory", "400MiB",
		"--format", "csv,json", "-q", "-o", out, dir, sample)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	peak := watchTreeRSS(cmd.Process.Pid)
	err = cmd.Wait()
	elapsed := time.Since(start)
	peakKB := peak()
	t.Logf("%d files in one batch: %s, peak RSS of the process tree %.0f MiB", len(want)+1, elapsed.Round(time.Millisecond), float64(peakKB)/1024)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\n%s", err, stderr.String())
	}
	if peakKB > 1<<20 {
		t.Errorf("peak RSS %d KiB: more than 1 GiB", peakKB)
	}

	b, err := os.ReadFile(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var run struct {
		Documents []struct {
			DocID       string `json:"doc_id"`
			Source      string `json:"source_file"`
			Status      string `json:"status"`
			Error       string `json:"error"`
			FailedPages []struct {
				Message string `json:"message"`
			} `json:"failed_pages"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range run.Documents {
		msg := d.Error
		for _, p := range d.FailedPages {
			msg += "\n" + p.Message
		}
		if d.DocID == "changji-hitech-zone-2026-budget" {
			if d.Status != "converted" {
				t.Errorf("the good document: %s %q", d.Status, msg)
			}
			continue
		}
		limit, ok := want[d.DocID]
		if !ok {
			t.Errorf("unexpected document %s", d.DocID)
			continue
		}
		seen++
		for _, bad := range []string{"crashed:", "no result after", "killed:", "internal error"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: %s %q: the PDF layer's limits did not catch it", d.DocID, d.Status, msg)
			}
		}
		switch {
		case limit != "" && (d.Status != "failed" && d.Status != "partial" || !containsAny(msg, strings.Split(limit, "|")) || !strings.Contains(msg, d.Source)):
			t.Errorf("%s: %s %q; want failed (or a failed page) naming %s and %q", d.DocID, d.Status, msg, d.Source, limit)
		case d.DocID == "huge-image" && (d.Status != "partial" || !strings.Contains(msg, "page 1")):
			t.Errorf("huge-image: %s %q; want its page failed", d.Status, msg)
		}
		t.Logf("%-22s %-9s %s", d.DocID, d.Status, problem.Headline(strings.TrimPrefix(msg, "\n")))
	}
	if seen != len(want) {
		t.Errorf("%d crafted files in run.json, want %d", seen, len(want))
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// watchTreeRSS samples the resident memory of pid and its descendants every 20 ms until
// the process is gone; the returned func stops and reports the largest sum (KiB).
func watchTreeRSS(pid int) func() int64 {
	var mu sync.Mutex
	var peak int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			sum := treeRSS(pid)
			mu.Lock()
			peak = max(peak, sum)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func treeRSS(pid int) int64 {
	var sum int64
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err == nil {
		for l := range strings.Lines(string(b)) {
			if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					n, _ := strconv.ParseInt(f[0], 10, 64)
					sum += n
				}
			}
		}
	}
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, t := range tasks {
		c, _ := os.ReadFile(t)
		for _, f := range strings.Fields(string(c)) {
			if child, err := strconv.Atoi(f); err == nil {
				sum += treeRSS(child)
			}
		}
	}
	return sum
}
