package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/lake/lakeproc"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// The lake (Apache Iceberg) runs in the budgetpdf-lake program (package lakeproc says
// why); `budgetpdf lake …` hands its arguments to it, and convert --lake talks to it.

func init() {
	commands["lake"] = command{
		summary: "the Iceberg data lake: lake info LOCATION; lake add --lake LOCATION OUT (docs/lake.md)",
		run:     runLake,
	}
}

func runLake(args []string, stdout, stderr io.Writer) int {
	prog, err := lakeproc.Find()
	if err != nil && cliflag.HelpRequested(args) {
		// Help needs no lake program: say what the command is and what is missing.
		fmt.Fprintf(stderr, "usage: budgetpdf lake info LOCATION | lake add --lake LOCATION OUT (docs/lake.md)\n\nThe lake runs in the budgetpdf-lake program, not found here: %v\n", err)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "budgetpdf lake: %v\n", err)
		return exitFailed
	}
	cmd := exec.Command(prog, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(stderr, "budgetpdf lake: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// lakeStep adds each document convert finishes to the lake.
type lakeStep struct {
	client   *lakeproc.Client
	opts     lakeproc.Options
	out      string
	ui       *convertUI
	mu       sync.Mutex
	added    int
	current  int
	cells    int64
	duration time.Duration
}

func startLake(opts lakeproc.Options, out string, ui *convertUI) (*lakeStep, error) {
	c, err := lakeproc.Start(opts)
	if err != nil {
		return nil, err
	}
	return &lakeStep{client: c, opts: opts, out: out, ui: ui}, nil
}

// add is the batch's Archive hook.
func (l *lakeStep) add(r pipeline.DocResult) error {
	rep, err := l.client.Add(filepath.Join(l.out, r.DocID))
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if rep.Skipped {
		l.current++
		return nil
	}
	l.added++
	l.cells += rep.Cells
	l.duration += time.Duration(rep.Seconds * float64(time.Second))
	if l.ui.c.verbose {
		l.ui.mu.Lock()
		l.ui.linef("lake     %s: %d cells, %d finding rows, snapshot %d, %.2fs", rep.DocID, rep.Cells, rep.Findings, rep.Snapshot, rep.Seconds)
		l.ui.mu.Unlock()
	}
	return nil
}

func (l *lakeStep) summary(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(w, "Lake %s: %d documents added (%d cells, %s), %d already current; see: budgetpdf lake info %s\n",
		l.opts.Location, l.added, l.cells, l.duration.Round(time.Millisecond), l.current, l.opts.Location)
}

func (l *lakeStep) close() {
	if err := l.client.Close(); err != nil {
		l.ui.warn(fmt.Sprintf("lake: %v", err))
	}
}
