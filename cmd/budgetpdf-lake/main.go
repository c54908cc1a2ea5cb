// Command budgetpdf-lake keeps converted documents in an Apache Iceberg lake (package
// lake). budgetpdf runs it for `convert --lake` and `budgetpdf lake …`; it is a program of
// its own so that budgetpdf does not carry Iceberg's weight (docs/lake.md).
//
//	budgetpdf-lake add  --lake LOCATION [flags] DIR...   add converted documents (OUT/<doc-id>, or OUT)
//	budgetpdf-lake info [flags] LOCATION                 tables, snapshots, record counts, last documents
//	budgetpdf-lake serve --lake LOCATION [flags]         one JSON request per line (package lakeproc)
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
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/lake"
	"github.com/budgetpdf/budgetpdf/lake/lakeproc"
)

const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `usage:
  budgetpdf-lake add  --lake LOCATION [flags] DIR...  add converted documents: OUT/<doc-id> folders, or OUT (each of its documents)
  budgetpdf-lake info [flags] LOCATION                tables, snapshots, record counts, documents written last
  budgetpdf-lake serve --lake LOCATION [flags]        for budgetpdf: one JSON request per line on stdin

LOCATION is a folder (catalog LOCATION/catalog.db, data in LOCATION/warehouse) or
s3://bucket/prefix (with --lake-catalog). See docs/lake.md.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage) // asked-for help is output
		return exitOK
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	usageOut := stderr // the reply to a usage error is a diagnostic
	if cliflag.HelpRequested(args) {
		usageOut = stdout // asked-for help is output
	}
	fs.SetOutput(usageOut)
	var opts lakeproc.Options
	opts.Register(fs)
	fs.BoolVar(&opts.Resume, "resume", false, "skip documents whose conversion the lake already holds")
	asJSON := fs.Bool("json", false, "info: print JSON")
	latest := fs.Int("latest", 10, "info: how many of the documents written last to list")
	fs.Usage = func() { fmt.Fprint(usageOut, usage+"\nflags:\n"); fs.PrintDefaults() }
	rest, err := cliflag.Interleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if cmd == "info" && opts.Location == "" && len(rest) == 1 {
		opts.Location, rest = rest[0], nil
	}
	if opts.Location == "" {
		fmt.Fprintf(stderr, "budgetpdf-lake %s: no lake location (--lake LOCATION)\n", cmd)
		return exitUsage
	}
	ctx := context.Background()
	open := func() (*lake.Lake, error) {
		return lake.Open(ctx, lake.Options{
			Location: opts.Location, Catalog: opts.Catalog, S3Endpoint: opts.S3Endpoint, S3Region: opts.S3Region, Resume: opts.Resume,
		})
	}
	switch cmd {
	case "serve":
		// budgetpdf stops us by closing stdin, after the document in progress; a Ctrl-C
		// sent to the process group must not cut a commit short.
		signal.Ignore(os.Interrupt, syscall.SIGTERM)
		l, openErr := open()
		if openErr == nil {
			defer l.Close()
		}
		err := lakeproc.Serve(stdin, stdout, openErr, func(dir string) lakeproc.Reply { return add(ctx, l, dir) })
		if err != nil {
			if openErr == nil { // the client reports an open error itself
				fmt.Fprintf(stderr, "budgetpdf-lake serve: %v\n", err)
			}
			return exitFailed
		}
		return exitOK
	case "add":
		if len(rest) == 0 {
			fmt.Fprintln(stderr, "budgetpdf-lake add: no folder to add")
			return exitUsage
		}
		dirs, err := documentDirs(rest)
		if err != nil {
			fmt.Fprintf(stderr, "budgetpdf-lake add: %v\n", err)
			return exitUsage
		}
		l, err := open()
		if err != nil {
			fmt.Fprintf(stderr, "budgetpdf-lake add: %v\n", err)
			return exitFailed
		}
		defer l.Close()
		return addAll(ctx, l, dirs, stdout, stderr)
	case "info":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "budgetpdf-lake info: unexpected %q\n", rest)
			return exitUsage
		}
		l, err := open()
		if err != nil {
			fmt.Fprintf(stderr, "budgetpdf-lake info: %v\n", err)
			return exitFailed
		}
		defer l.Close()
		info, err := l.Describe(ctx, *latest)
		if err != nil {
			fmt.Fprintf(stderr, "budgetpdf-lake info: %v\n", err)
			return exitFailed
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			enc.Encode(info)
		} else {
			printInfo(stdout, info)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "budgetpdf-lake: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

func add(ctx context.Context, l *lake.Lake, dir string) lakeproc.Reply {
	a, err := l.AddDocument(ctx, dir)
	r := lakeproc.Reply{DocID: a.DocID, Skipped: a.Skipped, Cells: a.Cells, Findings: a.Findings, Snapshot: a.Snapshot, Seconds: a.Seconds}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

// documentDirs expands the arguments: a folder with conversion.json is one document; any
// other folder is an output folder, whose subfolders with conversion.json are its
// documents (in name order).
func documentDirs(args []string) ([]string, error) {
	var dirs []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, lake.ConversionFile)); err == nil {
			dirs = append(dirs, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		n := len(dirs)
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(a, e.Name(), lake.ConversionFile)); e.IsDir() && err == nil {
				dirs = append(dirs, filepath.Join(a, e.Name()))
			}
		}
		if len(dirs) == n {
			return nil, fmt.Errorf("%s: no converted document (no %s in it or its folders)", a, lake.ConversionFile)
		}
	}
	return dirs, nil
}

func addAll(ctx context.Context, l *lake.Lake, dirs []string, stdout, stderr io.Writer) int {
	start := time.Now()
	var added, skipped, failed int
	for _, d := range dirs {
		r := add(ctx, l, d)
		switch {
		case r.Error != "":
			failed++
			fmt.Fprintf(stderr, "FAILED   %s: %s\n", d, r.Error)
		case r.Skipped:
			skipped++
			fmt.Fprintf(stdout, "current  %s (already in the lake)\n", r.DocID)
		default:
			added++
			fmt.Fprintf(stdout, "added    %s: %d cells, %d finding rows, snapshot %d, %.2fs\n", r.DocID, r.Cells, r.Findings, r.Snapshot, r.Seconds)
		}
	}
	fmt.Fprintf(stdout, "%d added, %d already current, %d failed in %s\n", added, skipped, failed, time.Since(start).Round(time.Millisecond))
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

func printInfo(w io.Writer, info *lake.Info) {
	fmt.Fprintf(w, "warehouse %s\n", info.Warehouse)
	if len(info.Tables) == 0 {
		fmt.Fprintln(w, "no tables yet: add a document (budgetpdf convert … --lake LOCATION)")
		return
	}
	for _, t := range info.Tables {
		fmt.Fprintf(w, "\n%s  %d records, %d data files, %d columns", t.Name, t.Records, t.DataFiles, len(t.Columns))
		if len(t.Partition) > 0 {
			fmt.Fprintf(w, ", partitioned by %s", strings.Join(t.Partition, ", "))
		}
		fmt.Fprintf(w, "\n  %s\n  metadata %s\n  %d snapshots", t.Location, t.Metadata, len(t.Snapshots))
		shown := t.Snapshots[max(0, len(t.Snapshots)-5):]
		if len(shown) < len(t.Snapshots) {
			fmt.Fprintf(w, " (the last %d)", len(shown))
		}
		fmt.Fprintln(w, ":")
		for _, s := range slices.Backward(shown) {
			cur := ""
			if s.Current {
				cur = "  (current)"
			}
			fmt.Fprintf(w, "    %d  %s  %-9s %-40s +%d −%d = %d records%s\n", s.ID, s.Time.Format(time.RFC3339), s.Operation, s.DocID, s.Added, s.Deleted, s.Records, cur)
		}
	}
	fmt.Fprintf(w, "\n%d documents; written last:\n", info.Documents)
	for _, d := range info.Latest {
		fmt.Fprintf(w, "  %s  %-40s %d %-6s %-9s %6d cells  %s  (tool %s)\n", d.AddedAt.Format(time.RFC3339), d.DocID, d.Year, d.DocKind, d.Status, d.Cells, d.Source, d.ToolVersion)
	}
}
