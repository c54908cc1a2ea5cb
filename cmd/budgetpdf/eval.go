package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/fixtures/score"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["eval"] = command{
		summary: "score the pipeline against answer keys (--key DIR [--pdf FILE] or --keys DIR)",
		run:     runEval,
	}
}

// runEval scores pipeline output against answer keys. Low scores and failed pipeline runs
// are figures, printed in the summary: the exit status is non-zero only when the
// evaluation itself cannot run (bad flags, unreadable key, no key found, unwritable
// output), or with --strict when a pipeline run failed.
func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyDir := fs.String("key", "", "one answer-key folder (with manifest.json)")
	pdf := fs.String("pdf", "", "with --key: the PDF to score (default: the manifest's source and variants)")
	keysDir := fs.String("keys", "", "folders of answer keys, comma-separated: every subfolder with a manifest.json")
	variants := fs.String("variants", "all", `which variants (scans) to score: "all", "none" or kinds, e.g. "scan200"`)
	asJSON := fs.Bool("json", false, "write the report as JSON on stdout instead of the markdown summary")
	jsonOut := fs.String("json-out", "", "also write the JSON report to this file")
	detail := fs.Bool("detail", false, "after the summary, print per-table figures and the first misses of each table")
	root := fs.String("root", "", "folder manifest sources are relative to (default: the repository holding the keys)")
	noOCR := fs.Bool("no-ocr", false, "do not start the OCR engine (scanned pages then stay empty)")
	workers := fs.Int("workers", min(runtime.NumCPU(), 2), "pages OCRed in parallel")
	strict := fs.Bool("strict", false, "exit 1 when any pipeline run failed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: budgetpdf eval --key DIR [--pdf FILE] | --keys DIR [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 || (*keyDir == "") == (*keysDir == "") || *pdf != "" && *keyDir == "" {
		fmt.Fprintln(stderr, "eval: give either --key DIR (optionally with --pdf FILE) or --keys DIR")
		fs.Usage()
		return exitUsage
	}
	vf, err := score.ParseVariantFilter(*variants)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitUsage
	}

	var dirs []string
	if *keyDir != "" {
		dirs = []string{*keyDir}
	} else {
		for _, kd := range strings.Split(*keysDir, ",") {
			if kd = strings.TrimSpace(kd); kd == "" {
				continue
			}
			found, err := score.FindKeys(kd)
			if err != nil {
				fmt.Fprintf(stderr, "eval: %v\n", err)
				return exitFailed
			}
			if len(found) == 0 {
				fmt.Fprintf(stderr, "eval: no answer key (folder with manifest.json) under %s\n", kd)
				return exitFailed
			}
			dirs = append(dirs, found...)
		}
		if len(dirs) == 0 {
			fmt.Fprintf(stderr, "eval: --keys names no folder\n")
			return exitUsage
		}
	}
	keys := make([]*export.Key, 0, len(dirs))
	for _, d := range dirs {
		k, err := export.ReadKey(d)
		if err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitFailed
		}
		keys = append(keys, k)
	}
	base := *root
	if base == "" {
		if base = score.FindRoot(dirs[0]); base == "" {
			base = "."
		}
	}

	report := &score.Report{}
	popts := pipeline.Options{Workers: max(*workers, 1)}
	if !*noOCR {
		eng, err := ocr.New(ocr.Options{Workers: max(*workers, 1)})
		if err != nil {
			report.Notes = append(report.Notes, fmt.Sprintf("OCR unavailable (%v): scanned pages were scored as the pipeline returns them without OCR", err))
		} else {
			defer eng.Close()
			popts.OCR = eng
		}
	} else {
		report.Notes = append(report.Notes, "run with --no-ocr: scanned pages were not recognised")
	}
	if rss, ok := score.CurrentRSS(); ok {
		report.Notes = append(report.Notes, fmt.Sprintf("resident set before the first document: %.0f MiB (binary, embedded catalog, OCR engine); every peak RSS includes it", float64(rss)/(1<<20)))
	}
	run := func(path string) (*normalize.Document, error) {
		res, err := pipeline.Run(path, popts)
		if err != nil {
			return nil, err
		}
		return res.Doc, nil
	}

	for _, k := range keys {
		type job struct{ pdf, variant string }
		var jobs []job
		switch {
		case *pdf != "":
			jobs = append(jobs, job{*pdf, variantOf(k, *pdf, base)})
		default:
			jobs = append(jobs, job{score.SourcePath(base, k.Manifest.Source), "pdf"})
			for _, v := range k.Manifest.Variants {
				if vf.Wants(v.Kind) {
					jobs = append(jobs, job{score.SourcePath(base, v.Source), v.Kind})
				}
			}
		}
		for _, j := range jobs {
			fmt.Fprintf(stderr, "eval: %s %s (%s)\n", filepath.Base(k.Dir), j.variant, j.pdf)
			d := score.Evaluate(k, j.pdf, j.variant, run)
			if d.Status != score.StatusOK {
				fmt.Fprintf(stderr, "eval: %s %s: %s: %s\n", d.Document, d.Variant, d.Status, evalFirstLine(d.Error))
			}
			report.Add(d)
		}
	}

	if *jsonOut != "" {
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitFailed
		}
		if err := export.WriteFileAtomic(*jsonOut, buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitFailed
		}
	}
	if *asJSON {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteMarkdown(stdout)
		if err == nil && *detail {
			err = report.WriteDetail(stdout, 10)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitFailed
	}
	if *strict && report.Failed() {
		return exitFailed
	}
	return exitOK
}

// variantOf names the rendition a --pdf file is: "pdf" for the manifest source, the
// variant's kind when it is one of the manifest's variants, else "pdf".
func variantOf(k *export.Key, pdf, base string) string {
	same := func(a, b string) bool {
		x, err1 := filepath.Abs(a)
		y, err2 := filepath.Abs(b)
		return err1 == nil && err2 == nil && x == y
	}
	for _, v := range k.Manifest.Variants {
		if same(pdf, score.SourcePath(base, v.Source)) {
			return v.Kind
		}
	}
	return "pdf"
}

func evalFirstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
