// Command budgetpdf converts Chinese government budget and final-accounts disclosures
// (部门预算/决算公开 PDFs) into validated tables.
//
//	budgetpdf convert [flags] PATH...   batch conversion to xlsx, csv, parquet, json
//	budgetpdf inspect FILE [flags]      what each stage sees on a page (debugging window)
//	budgetpdf eval --key DIR --pdf FILE score the pipeline against an answer key
//	budgetpdf catalog import FILE       grow the subject-code catalog
//
// Each subcommand lives in its own file and registers itself in commands.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Exit codes shared by all subcommands.
const (
	exitOK      = 0
	exitFailed  = 1 // the run itself failed, or some documents failed
	exitUsage   = 2 // bad flags or arguments
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
	// 2–2.5× faster, docs/ocr.md); when OMP_THREAD_LIMIT is unset this restarts the program
	// with it set, before anything is printed.
	ocr.EnsureThreadLimit()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// No arguments: convert the bundled sample, so a first run shows something useful.
		if c, ok := commands["convert"]; ok {
			return c.run(nil, stdout, stderr)
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "budgetpdf: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
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

// parseMixed parses flags that may come before or after the positional arguments
// (`apply OUT -v`, `serve -addr :8080 OUT`) and returns the positional ones.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, rest = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}
