package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/budgetpdf/budgetpdf/fixtures/score"
	"github.com/budgetpdf/budgetpdf/fixtures/wild"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["eval"] = command{
		summary: "score the pipeline against answer keys (--key DIR [--pdf FILE] or --keys DIR), or report on unkeyed documents (--wild DIR)",
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
	wildDirs := fs.String("wild", "", "folders or PDFs without keys, comma-separated: the ground-truth-free report (docs/eval.md)")
	triageFile := fs.String("triage", "", "with --wild: the hand triage of error findings (fixtures/wild/triage.csv) to measure the findings against")
	exclude := fs.String("exclude", strings.Join(wild.HeldOut, ","), `with --wild: file names to leave out, comma-separated ("none": none); default the blind hold-out`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: budgetpdf eval --key DIR [--pdf FILE] | --keys DIR | --wild DIR [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() == 0 && *wildDirs != "" && *keyDir == "" && *keysDir == "" && *pdf == "" {
		opts := wildOptions{dirs: *wildDirs, exclude: *exclude, triage: *triageFile, asJSON: *asJSON, jsonOut: *jsonOut, detail: *detail,
			noOCR: *noOCR, workers: *workers, strict: *strict}
		return runEvalWild(opts, stdout, stderr)
	}
	if fs.NArg() > 0 || (*keyDir == "") == (*keysDir == "") || *pdf != "" && *keyDir == "" || *wildDirs != "" {
		fmt.Fprintln(stderr, "eval: give either --key DIR (optionally with --pdf FILE), --keys DIR or --wild DIR")
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
	keys := make([]*keyfile.Key, 0, len(dirs))
	for _, d := range dirs {
		k, err := keyfile.Read(d)
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
				fmt.Fprintf(stderr, "eval: %s %s: %s: %s\n", d.Document, d.Variant, d.Status, problem.Headline(d.Error))
			}
			report.Add(d)
		}
	}

	if err := writeJSONFile(*jsonOut, report.WriteJSON); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitFailed
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
func variantOf(k *keyfile.Key, pdf, base string) string {
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

// writeJSONFile writes a report's JSON to path (--json-out) through a temp file; "" writes nothing.
func writeJSONFile(path string, write func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

type wildOptions struct {
	dirs, exclude, triage string
	asJSON, detail        bool
	jsonOut               string
	noOCR, strict         bool
	workers               int
}

// runEvalWild runs the pipeline on every PDF of the --wild folders (minus --exclude) and
// prints the ground-truth-free report of package fixtures/wild. A document the pipeline
// fails on is a row of the report, not a failure of the run (unless --strict).
func runEvalWild(o wildOptions, stdout, stderr io.Writer) int {
	var excluded []string
	if o.exclude != "none" {
		for _, e := range strings.Split(o.exclude, ",") {
			if e = strings.TrimSpace(e); e != "" {
				excluded = append(excluded, e)
			}
		}
	}
	report := wild.NewReport()
	var triage []wild.TriageEntry
	if o.triage != "" {
		var err error
		if triage, err = wild.ReadTriage(o.triage); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitFailed
		}
	}
	var pdfs []string
	for _, d := range strings.Split(o.dirs, ",") {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		found, err := wildPDFs(d)
		if err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitFailed
		}
		for _, p := range found {
			if wild.Excluded(p, excluded) {
				report.Excluded = append(report.Excluded, filepath.Base(p))
				continue
			}
			pdfs = append(pdfs, p)
		}
	}
	if len(pdfs) == 0 {
		fmt.Fprintf(stderr, "eval: no PDF under %s\n", o.dirs)
		return exitFailed
	}
	popts := pipeline.Options{Workers: max(o.workers, 1)}
	if !o.noOCR {
		// Started on the first scanned page only: a born-digital set never pays for Tesseract.
		lazy := &pipeline.LazyOCR{New: func() (*ocr.Engine, error) { return ocr.New(ocr.Options{Workers: max(o.workers, 1)}) }}
		defer lazy.Close()
		popts.LazyOCR = lazy
	} else {
		report.Notes = append(report.Notes, "run with --no-ocr: scanned pages were not recognised")
	}
	failed := false
	for _, p := range pdfs {
		name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		fmt.Fprintf(stderr, "eval: wild %s\n", p)
		d, err := measureWild(name, p, popts)
		if err != nil {
			failed = true
			fmt.Fprintf(stderr, "eval: %s: %s\n", p, problem.Headline(err.Error()))
			d = wild.Failed(name, p, err)
		}
		d.Path = p
		report.Add(d)
	}
	if triage != nil {
		report.ApplyTriage(triage)
	}
	if err := writeJSONFile(o.jsonOut, report.WriteJSON); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitFailed
	}
	var err error
	if o.asJSON {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteMarkdown(stdout)
		if err == nil && o.detail {
			err = report.WriteDetail(stdout, 10)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitFailed
	}
	if o.strict && failed {
		return exitFailed
	}
	return exitOK
}

// measureWild runs one document and measures it; a panic anywhere is an error naming it.
func measureWild(name, path string, popts pipeline.Options) (d *wild.Doc, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: panic: %v", path, v)
		}
	}()
	res, err := pipeline.Run(path, popts)
	if err != nil {
		return nil, err
	}
	d, err = wild.Measure(wild.Input{Name: name, Pages: res.Pages, Tables: res.Tables, Doc: res.Doc})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// wildPDFs lists a --wild entry: the PDFs of a folder (not recursive, sorted), or the file.
func wildPDFs(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".pdf") {
			out = append(out, filepath.Join(path, e.Name()))
		}
	}
	return out, nil
}
