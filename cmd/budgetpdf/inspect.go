package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/ocr"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["inspect"] = command{"show what extract (and tables, OCR) see on a page", runInspect}
}

const inspectUsage = `usage: budgetpdf inspect FILE [--page N] [--json] [--tables] [--ocr] [--png OUT.png]

Prints what the extract stage sees on each page (or only page N): page size and rotation,
the text-quality verdict and why, words with their boxes, fonts and sizes, ruling lines
and placed images. --json prints one JSON object per page (the extract.Page contract).
--tables prints the tables the tables stage reconstructs instead; --ocr runs pages whose
verdict is image or undecodable through OCR first, so OCR words are shown too.
--png OUT.png (with --page N) draws what the stages saw over the rendered page: words
(blue boxes), ruling lines (purple), table regions (blue), column bounds (green), the
header split (orange) and every cell (grey); rendering needs pdftoppm (poppler-utils).
`

type inspectOpts struct {
	path   string
	page   int
	asJSON bool
	tables bool
	useOCR bool
	png    string
}

func parseInspectArgs(args []string, stderr io.Writer) (inspectOpts, error) {
	var o inspectOpts
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, inspectUsage) }
	fs.IntVar(&o.page, "page", 0, "only this page (1-based); 0 = every page")
	fs.BoolVar(&o.asJSON, "json", false, "one JSON object per page")
	fs.BoolVar(&o.tables, "tables", false, "print the reconstructed tables")
	fs.BoolVar(&o.useOCR, "ocr", false, "OCR pages without a usable text layer")
	fs.StringVar(&o.png, "png", "", "write the page with the overlay to this PNG file (needs --page)")
	// Accept the file before or after the flags.
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return o, err
		}
		args = fs.Args()
		if len(args) > 0 {
			positional = append(positional, args[0])
			args = args[1:]
		}
	}
	if len(positional) != 1 {
		fs.Usage()
		return o, errors.New("inspect: exactly one FILE is needed")
	}
	if o.page < 0 {
		return o, fmt.Errorf("inspect: --page must be 1 or more")
	}
	if o.png != "" && o.page == 0 {
		return o, fmt.Errorf("inspect: --png draws one page: give --page N")
	}
	o.path = positional[0]
	return o, nil
}

func runInspect(args []string, stdout, stderr io.Writer) int {
	o, err := parseInspectArgs(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if o.png != "" {
		if err := writeOverlayPNG(o.png, o.path, o.page, o.useOCR); err != nil {
			fmt.Fprintln(stderr, err)
			return exitFailed
		}
		return exitOK
	}
	if o.tables {
		if err := printTables(stdout, o.path, o.page, o.asJSON, o.useOCR); err != nil {
			fmt.Fprintln(stderr, err)
			return exitFailed
		}
		return exitOK
	}
	pages, problems, err := inspectPages(o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, p := range pages {
		if o.asJSON {
			// The contract's lists are arrays, never null: a page without rules is [].
			jp := *p
			jp.Words = nonNil(jp.Words)
			jp.Rules = nonNil(jp.Rules)
			jp.Images = nonNil(jp.Images)
			if err := enc.Encode(&jp); err != nil {
				fmt.Fprintln(stderr, err)
				return exitFailed
			}
			continue
		}
		printPage(stdout, o.path, p)
	}
	for _, pr := range problems {
		fmt.Fprintln(stderr, pr)
	}
	if len(problems) > 0 {
		return exitFailed
	}
	return exitOK
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// inspectPages extracts the requested pages, through OCR when asked.
func inspectPages(o inspectOpts, stderr io.Writer) ([]*extract.Page, []string, error) {
	if o.useOCR {
		eng, err := ocr.New(ocr.Options{})
		if err != nil {
			return nil, nil, fmt.Errorf("inspect --ocr: the OCR engine is unavailable: %w", err)
		}
		defer eng.Close()
		if o.page > 0 {
			// One page: OCR just that page, with the call the pipeline makes for each page,
			// instead of the whole document.
			return inspectOnePageOCR(o, eng)
		}
		pages, problems, err := pipeline.Extract(o.path, pipeline.Options{OCR: eng})
		if err != nil {
			return nil, nil, err
		}
		var msgs []string
		for _, pr := range problems {
			if o.page == 0 || pr.Page == o.page {
				msgs = append(msgs, pr.Message)
			}
		}
		var out []*extract.Page
		for _, p := range pages {
			if p != nil && (o.page == 0 || p.Number == o.page) {
				out = append(out, p)
			}
		}
		if o.page > len(pages) {
			return nil, nil, fmt.Errorf("%s: page %d: out of range (the file has %d pages)", o.path, o.page, len(pages))
		}
		return out, msgs, nil
	}
	f, err := extract.Open(o.path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	first, last := 1, f.NumPages()
	if o.page > 0 {
		first, last = o.page, o.page
	}
	var pages []*extract.Page
	var problems []string
	for n := first; n <= last; n++ {
		p, err := f.Page(n)
		if err != nil {
			if o.page > 0 {
				return nil, nil, err
			}
			problems = append(problems, err.Error())
			continue
		}
		pages = append(pages, p)
	}
	return pages, problems, nil
}

func inspectOnePageOCR(o inspectOpts, eng *ocr.Engine) ([]*extract.Page, []string, error) {
	f, err := extract.Open(o.path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	p, err := f.Page(o.page)
	if err != nil {
		return nil, nil, err
	}
	var problems []string
	if p.Verdict == extract.VerdictImage || p.Verdict == extract.VerdictUndecodable {
		if err := eng.Recognize(o.path, p); err != nil {
			problems = append(problems, fmt.Sprintf("%s: page %d: ocr: %v", o.path, p.Number, err))
		}
	}
	return []*extract.Page{p}, problems, nil
}

// printPage prints one page for a person: a header, notes, then words line by line, rules
// and images.
func printPage(w io.Writer, path string, p *extract.Page) {
	fmt.Fprintf(w, "=== %s  page %d  %.1f × %.1f pt  rotate %d  verdict %s\n", path, p.Number, p.Width, p.Height, p.Rotate, p.Verdict)
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	fonts := map[string]int{}
	for _, wd := range p.Words {
		if wd.Source != extract.SourceOCR {
			fonts[fmt.Sprintf("%s %.1f", wd.Font, wd.Size)]++
		}
	}
	if len(fonts) > 0 {
		keys := make([]string, 0, len(fonts))
		for k := range fonts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s (%d)", k, fonts[k])
		}
		fmt.Fprintf(w, "  fonts: %s\n", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "--- words (%d)        x0      y0      x1      y1  size  flags  text\n", len(p.Words))
	// "•" marks the first word of a line (words come line by line, left to right).
	lastBase, lastX1 := -1e9, 1e9
	for _, wd := range p.Words {
		sep := " "
		if wd.X0 < lastX1-1 || math.Abs(wd.Baseline-lastBase) > 0.3*wd.Size || wd.Vertical {
			sep = "•"
		}
		lastBase, lastX1 = wd.Baseline, wd.X1
		flags := ""
		if wd.Source == extract.SourceOCR {
			flags += fmt.Sprintf("ocr%.0f ", wd.Confidence*100)
		}
		if wd.Invisible {
			flags += "inv "
		}
		if wd.Vertical {
			flags += "vert "
		}
		fmt.Fprintf(w, "  %s %-14s %7.2f %7.2f %7.2f %7.2f %5.1f  %-5s  %s\n", sep, truncFont(wd.Font), wd.X0, wd.Y0, wd.X1, wd.Y1, wd.Size, strings.TrimSpace(flags), wd.Text)
	}
	nh := 0
	for _, r := range p.Rules {
		if r.Horizontal() {
			nh++
		}
	}
	fmt.Fprintf(w, "--- rules (%d: %d horizontal, %d vertical)\n", len(p.Rules), nh, len(p.Rules)-nh)
	for _, r := range p.Rules {
		if r.Horizontal() {
			fmt.Fprintf(w, "  H y=%7.2f  x=%7.2f..%7.2f  width %.2f\n", r.Y0, r.X0, r.X1, r.Width)
		} else {
			fmt.Fprintf(w, "  V x=%7.2f  y=%7.2f..%7.2f  width %.2f\n", r.X0, r.Y0, r.Y1, r.Width)
		}
	}
	fmt.Fprintf(w, "--- images (%d)\n", len(p.Images))
	for _, im := range p.Images {
		fmt.Fprintf(w, "  %s obj %d  %s  %d×%d px  at %.2f %.2f %.2f %.2f\n", im.Name, im.ObjNum, im.Filter, im.PixelWidth, im.PixelHeight, im.X0, im.Y0, im.X1, im.Y1)
	}
	fmt.Fprintln(w)
}

func truncFont(s string) string {
	r := []rune(s)
	if len(r) > 14 {
		return string(r[:13]) + "…"
	}
	return s
}
