package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/review"
)

func init() {
	commands["serve"] = command{
		summary: "review a converted folder in the browser: pages, tables, findings, corrections",
		run:     runServe,
	}
}

const serveUsage = `usage: budgetpdf serve [flags] OUT

Serves a review page over a converted folder (http://127.0.0.1:8080 by default): every
document, each table beside its page image with what was read drawn over it, the
findings linked to their cells. Corrections and reviewed findings are stored in
OUT/<doc-id>/corrections.json; "重新导出" reconverts the documents whose corrections
changed (as 'budgetpdf apply OUT'). Page images need pdftoppm (poppler-utils) and the
source PDFs at the paths convert was given (run serve from the same folder).

flags:
`

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	who := fs.String("user", defaultUser(), "name corrections are recorded under")
	workers := fs.Int("workers", runtime.NumCPU(), "documents reconverted at once on re-export")
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	outs, err := cliflag.Interleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(outs) != 1 {
		fs.Usage()
		return exitUsage
	}
	out := outs[0]
	if st, err := os.Stat(out); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "serve: %s is not a converted folder (run budgetpdf convert first)\n", out)
		return exitUsage
	}
	lazy := &pipeline.LazyOCR{New: func() (*ocr.Engine, error) {
		return ocr.New(ocr.Options{Lang: "chi_sim+eng", Workers: *workers})
	}}
	defer lazy.Close()
	srv := review.New(out, *who)
	srv.Apply = func(ctx context.Context) error {
		_, err := reexport(ctx, out, *workers, pipeline.Options{LazyOCR: lazy, Workers: *workers})
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitFailed
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "budgetpdf serve: reviewing %s at http://%s/ (Ctrl-C stops)\n", out, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// reexport reconverts the documents of out whose corrections changed (apply's batch,
// without its terminal UI). A document that fails is an error naming it.
func reexport(ctx context.Context, out string, workers int, stages pipeline.Options) (*pipeline.Summary, error) {
	inputs, formats, lang, err := pipeline.Converted(out)
	if err != nil {
		return nil, err
	}
	sum, err := pipeline.RunBatch(ctx, inputs, pipeline.BatchOptions{Out: out, Formats: formats, Lang: lang, Workers: workers,
		Resume: true, ToolVersion: toolVersion(), Stages: stages})
	if err != nil {
		return sum, err
	}
	var bad []string
	for _, r := range sum.Results {
		if r.Status == pipeline.StatusFailed {
			bad = append(bad, r.Error)
		}
	}
	if len(bad) > 0 {
		return sum, errors.New(strings.Join(bad, "; "))
	}
	return sum, nil
}

func defaultUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "reviewer"
}
