// Command budgetpdf converts Chinese government budget and final-accounts disclosures
// (部门预算/决算公开 PDFs) into validated tables.
//
//	budgetpdf convert [flags] PATH...   batch conversion to xlsx, csv, parquet, json
//	budgetpdf inspect FILE [flags]      what each stage sees on a page (debugging window)
//	budgetpdf eval --key DIR --pdf FILE score the pipeline against an answer key
//	budgetpdf catalog import FILE       grow the subject-code catalog
//	budgetpdf --version                 the tool version
//
// Each subcommand lives in its own file and registers itself in commands. Conventions:
// `-h`/`--help` prints usage to stdout and exits 0, for the program and every subcommand;
// errors and usage after a usage error go to stderr with exit status 2.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"

	"golang.org/x/term"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/internal/safetext"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Exit codes shared by all subcommands (README, "Exit status").
const (
	exitOK      = 0
	exitFailed  = 1 // some documents failed (or lost pages), or the command's work failed
	exitUsage   = 2 // bad flags or arguments
	exitRun     = 3 // the run could not proceed or complete: unusable -o, output folder locked, lake unreachable, run.json not written
	exitCrash   = 4 // an internal error (a bug): the message and stack are on stderr
	defaultPath = "fixtures/sample"
)

type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands is filled by the init functions of the subcommand files.
var commands = map[string]command{}

func main() {
	// A child started by convert to convert one document under limits (pipeline/isolate.go).
	if pipeline.IsChild() {
		os.Exit(pipeline.ChildMain())
	}
	// Tesseract's OpenMP threads must be off before libgomp loads (one client per worker is
	// faster, docs/ocr.md); when OMP_THREAD_LIMIT is unset this restarts the program with it
	// set, before anything is printed or started (threads.go).
	ensureThreadLimit()
	os.Exit(run(os.Args[1:], terminalSafe(os.Stdout, false), terminalSafe(os.Stderr, true)))
}

// terminalSafe escapes control characters and invalid UTF-8 in what is printed for people
// (safetext.Terminal): a file name, a PDF's font or filter name, a damaged page's error can
// carry an escape sequence that would retitle or reprogram the terminal. stderr is always
// for people; stdout only when it is a terminal (redirected, it carries JSON lines, which
// encoding/json escapes itself, or files' content).
func terminalSafe(f *os.File, always bool) io.Writer {
	if always || term.IsTerminal(int(f.Fd())) {
		return safetext.Writer{W: f}
	}
	return f
}

// run runs a command; a panic that reaches it is an internal error with its own exit
// status (Go's own exit status for a panic, 2, is the usage error's).
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "budgetpdf: internal error (please report it): %v\n%s", p, debug.Stack())
			code = exitCrash
		}
	}()
	return runCommand(args, stdout, stderr)
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// No arguments: convert the bundled sample, so a first run shows something useful.
		if c, ok := commands["convert"]; ok {
			return c.run(nil, stdout, stderr)
		}
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "help": // `help CMD` is `CMD --help`
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		args = []string{args[1], "--help"}
	case "-version", "--version":
		args[0] = "version"
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "budgetpdf: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	if cliflag.HelpRequested(args[1:]) {
		// Asked-for help is output, not a diagnostic: each command prints its usage on its
		// error writer (also its reply to a usage error), so here that writer is stdout.
		return c.run(args[1:], stdout, stdout)
	}
	return c.run(args[1:], stdout, stderr)
}

// ocrLangFlag registers --ocr-lang (the Tesseract languages for scanned pages) and --lang,
// its old name, kept as a deprecated alias that says so on stderr.
func ocrLangFlag(fs *flag.FlagSet, p *string, stderr io.Writer) {
	const usage = "Tesseract languages for scanned pages"
	fs.StringVar(p, "ocr-lang", "chi_sim+eng", usage)
	fs.Func("lang", "deprecated alias of --ocr-lang", func(v string) error {
		fmt.Fprintln(stderr, "budgetpdf: --lang is deprecated, use --ocr-lang (--message-lang is the language of finding texts)")
		*p = v
		return nil
	})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: budgetpdf <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'budgetpdf <command> -h' for a command's flags.")
}
