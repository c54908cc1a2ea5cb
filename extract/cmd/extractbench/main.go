// Command extractbench measures the extract stage on a set of PDFs beside poppler's
// pdftotext -layout on the same files, in the same run, and prints a table: pages, time,
// pages/second, peak memory (resident set) and the time ratio to pdftotext.
//
// Each file is extracted in a child process of its own, so the peak resident set of a file
// is its own and can be compared with the file size and its largest page content stream:
// memory is bounded by the largest page, not by the file.
//
//	extractbench [-runs N] FILE...
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

func main() {
	one := flag.String("one", "", "internal: extract one file and print its figures")
	runs := flag.Int("runs", 3, "runs per file and tool; the fastest counts")
	flag.Parse()
	if *one != "" {
		os.Exit(child(*one))
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: extractbench [-runs N] FILE...")
		os.Exit(2)
	}
	os.Exit(parent(flag.Args(), max(*runs, 1)))
}

// child extracts every page of path and prints: pages, nanoseconds, peak RSS in kB, errors.
func child(path string) int {
	start := time.Now()
	f, err := extract.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	errs := 0
	for n := 1; n <= f.NumPages(); n++ {
		if _, err := f.Page(n); err != nil {
			errs++
		}
	}
	f.Close()
	fmt.Printf("%d %d %d %d\n", f.NumPages(), time.Since(start).Nanoseconds(), peakRSS(), errs)
	return 0
}

// peakRSS reads the process's peak resident set size (VmHWM) in kB.
func peakRSS() int {
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}

type row struct {
	name             string
	sizeKB           int
	pages, errs      int
	ours, poppler    time.Duration
	peakKB, popperKB int
}

func parent(files []string, runs int) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, havePoppler := exec.LookPath("pdftotext")
	var rows []row
	for _, path := range files {
		st, err := os.Stat(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		r := row{name: filepath.Base(path), sizeKB: int(st.Size() / 1024), ours: 1<<63 - 1, poppler: 1<<63 - 1}
		for i := 0; i < runs; i++ {
			out, err := exec.Command(self, "-one", path).Output()
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
				return 1
			}
			var ns int64
			fmt.Sscan(string(out), &r.pages, &ns, &r.peakKB, &r.errs)
			r.ours = min(r.ours, time.Duration(ns))
			if havePoppler == nil {
				t0 := time.Now()
				cmd := exec.Command("pdftotext", "-q", "-layout", path, "-")
				cmd.Stdout = io.Discard
				if err := cmd.Run(); err != nil {
					fmt.Fprintf(os.Stderr, "pdftotext %s: %v\n", path, err)
				}
				r.poppler = min(r.poppler, time.Since(t0))
				if ps := cmd.ProcessState; ps != nil {
					r.popperKB = rusageMaxRSS(ps)
				}
			}
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	printTable(os.Stdout, rows, havePoppler == nil)
	return 0
}

func printTable(w io.Writer, rows []row, poppler bool) {
	fmt.Fprintf(w, "%-46s %7s %5s %9s %8s %9s %11s %11s %6s\n", "file", "size kB", "pages", "extract", "pages/s", "peak MB", "pdftotext", "pdftotext MB", "ratio")
	var tp int
	var to, tpop time.Duration
	maxPeak := 0
	for _, r := range rows {
		tp += r.pages
		to += r.ours
		maxPeak = max(maxPeak, r.peakKB)
		ratio, pt, pm := "-", "-", "-"
		if poppler {
			tpop += r.poppler
			ratio = fmt.Sprintf("%.2f", r.ours.Seconds()/r.poppler.Seconds())
			pt = fmt.Sprintf("%.0f ms", ms(r.poppler))
			pm = fmt.Sprintf("%.1f", float64(r.popperKB)/1024)
		}
		errs := ""
		if r.errs > 0 {
			errs = fmt.Sprintf("  (%d page errors)", r.errs)
		}
		fmt.Fprintf(w, "%-46s %7d %5d %6.0f ms %8.0f %9.1f %11s %11s %6s%s\n", r.name, r.sizeKB, r.pages, ms(r.ours), float64(r.pages)/r.ours.Seconds(), float64(r.peakKB)/1024, pt, pm, ratio, errs)
	}
	ratio := "-"
	if poppler && tpop > 0 {
		ratio = fmt.Sprintf("%.2f", to.Seconds()/tpop.Seconds())
	}
	fmt.Fprintf(w, "%-46s %7s %5d %6.0f ms %8.0f %9.1f %11s %11s %6s\n", "TOTAL (peak = largest of any file)", "", tp, ms(to), float64(tp)/to.Seconds(), float64(maxPeak)/1024, fmt.Sprintf("%.0f ms", ms(tpop)), "", ratio)
	fmt.Fprintln(w, "extract: one process per file, Open + every page; times are the fastest of the runs; peak = the process's VmHWM.")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
