package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["apply"] = command{
		summary: "re-export the documents of an output folder whose corrections changed",
		run:     runApply,
	}
}

const applyUsage = `usage: budgetpdf apply [flags] OUT

Applies the corrections stored in OUT/<doc-id>/corrections.json (made in 'budgetpdf serve',
or by hand): every document of OUT whose corrections changed since it was converted is
converted again from its PDF, with the corrections, into every format it was written in;
the others are left as they are (convert --resume). OUT/cells.csv and the Parquet dataset
follow.

flags:
`

func runApply(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &convertFlags{resume: true}
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), "documents converted at once (and OCR clients)")
	ocrLangFlag(fs, &c.lang, stderr)
	fs.StringVar(&c.tessdata, "tessdata", "", "Tesseract tessdata folder")
	fs.BoolVar(&c.noOCR, "no-ocr", false, "read the text layer only")
	fs.BoolVar(&c.quiet, "q", false, "quiet: no progress, only failures")
	fs.BoolVar(&c.verbose, "v", false, "verbose: a line per document")
	c.iso.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, applyUsage)
		fs.PrintDefaults()
	}
	outs, err := cliflag.Interleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(outs) != 1 || c.workers < 1 {
		fs.Usage()
		return exitUsage
	}
	c.out = outs[0]
	inputs, formats, lang, err := pipeline.Converted(c.out)
	if err != nil {
		fmt.Fprintf(stderr, "apply: %v\n", err)
		return exitUsage
	}
	c.formats, c.msgLang = formats, lang
	return convertInputs(c, inputs, stdout, stderr)
}
