package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

var convertCorpus = corpus.Dir("corpus/real")

func needCorpus(t *testing.T) {
	t.Helper()
	corpus.Real(t)
}

func TestConvPageRanges(t *testing.T) {
	cases := []struct {
		in   []int
		want string
	}{
		{[]int{1, 2, 3, 4, 5, 6}, "1-6"},
		{[]int{2, 6, 7, 8, 12, 36}, "2, 6-8, 12, 36"},
		{[]int{9, 1, 2, 2}, "1-2, 9"},
		{nil, ""},
	}
	for _, c := range cases {
		if got := convPageRanges(c.in); got != c.want {
			t.Errorf("convPageRanges(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestConvertUsage(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown format", []string{"--format", "pdf", dir}, exitUsage, `unknown format "pdf"`},
		{"missing file", []string{filepath.Join(dir, "nope.pdf")}, exitUsage, "nope.pdf: no such file"},
		{"no PDF in folder", []string{dir}, exitUsage, "no PDF files in this folder"},
		{"bad workers", []string{"--workers", "0", dir}, exitUsage, "--workers must be at least 1"},
		{"quiet and verbose", []string{"-q", "-v", dir}, exitUsage, "-q and -v"},
		{"unknown flag", []string{"--frobnicate", dir}, exitUsage, "flag provided but not defined"},
		{"help", []string{"-h"}, exitOK, "usage: budgetpdf convert"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runConvert(c.args, &stdout, &stderr)
			if code != c.code || !strings.Contains(stderr.String(), c.msg) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, c.code, stderr.String(), c.msg)
			}
		})
	}
}

// TestConvertExitCodes runs convert in-process on good and bad inputs and reads its JSON
// lines (stdout is not a terminal here).
func TestConvertExitCodes(t *testing.T) {
	needCorpus(t)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "empty.pdf"), nil, 0o644)
	good := filepath.Join(convertCorpus, "putuo-govoffice-2025-budget.pdf")
	cases := []struct {
		name     string
		args     []string
		code     int
		statuses map[string]pipeline.Status
	}{
		{"all converted", []string{good}, exitOK, map[string]pipeline.Status{"putuo-govoffice-2025-budget": pipeline.StatusConverted}},
		{"one bad file fails alone", []string{good, bad}, exitFailed, map[string]pipeline.Status{"putuo-govoffice-2025-budget": pipeline.StatusConverted, "empty": pipeline.StatusFailed}},
		{"flags after paths", []string{good, "--format", "csv"}, exitOK, map[string]pipeline.Status{"putuo-govoffice-2025-budget": pipeline.StatusConverted}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := runConvert(append([]string{"--no-ocr", "-o", out}, c.args...), &stdout, &stderr)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, c.code, stderr.String())
			}
			got := map[string]pipeline.Status{}
			for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				var r pipeline.DocResult
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatalf("stdout line %q: %v", line, err)
				}
				got[r.DocID] = r.Status
				if r.Status == pipeline.StatusFailed && !strings.Contains(stderr.String(), r.Source) {
					t.Errorf("failure of %s not listed at the end:\n%s", r.Source, stderr.String())
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.statuses) {
				t.Errorf("statuses %v, want %v", got, c.statuses)
			}
		})
	}
}

// TestConvertOCRUnavailable: OCR starts only when a page needs it; when it cannot start
// (an empty tessdata folder, a language that is not installed), the warning is printed once
// and says why, the scanned document's pages fail naming file, page and reason, the run
// exits 1, and the born-digital document in the same run converts.
func TestConvertOCRUnavailable(t *testing.T) {
	needCorpus(t)
	scanned := filepath.Join(convertCorpus, "changsha-finance-2025-allocation-scanned.pdf")
	good := filepath.Join(convertCorpus, "putuo-govoffice-2025-budget.pdf")
	emptyTessdata := t.TempDir()
	cases := []struct {
		name  string
		flags []string
		why   string // in the warning and in every page failure
	}{
		{"empty tessdata folder", []string{"--tessdata", emptyTessdata}, "no eng.traineddata in " + emptyTessdata},
		{"language not installed", []string{"--ocr-lang", "chi_sim+xyz_missing"}, `language "xyz_missing" missing`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			// The scanned document first: the summary must still point at a workbook with tables.
			args := append(slices.Clone(c.flags), "--workers", "2", "-o", out, scanned, good)
			code := runConvert(args, &stdout, &stderr)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitFailed, stderr.String())
			}
			var warnings []string
			for _, l := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(l, "OCR unavailable") {
					warnings = append(warnings, l)
				}
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0], c.why) {
				t.Errorf("OCR warnings %q, want one saying %q:\n%s", warnings, c.why, stderr.String())
			}
			got := map[string]pipeline.DocResult{}
			for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				var r pipeline.DocResult
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatalf("stdout line %q: %v", line, err)
				}
				got[r.DocID] = r
			}
			if r := got["putuo-govoffice-2025-budget"]; r.Status != pipeline.StatusConverted || r.Tables != 9 {
				t.Errorf("born-digital document: %s, %d tables %s; want converted with 9 tables", r.Status, r.Tables, r.Error)
			}
			r := got["changsha-finance-2025-allocation-scanned"]
			if r.Status != pipeline.StatusPartial || len(r.FailedPages) != 6 {
				t.Fatalf("scanned document: %s, %d failed pages, want partial with 6", r.Status, len(r.FailedPages))
			}
			for _, p := range r.FailedPages {
				if !strings.Contains(p.Message, scanned) || !strings.Contains(p.Message, fmt.Sprintf("page %d:", p.Page)) ||
					!strings.Contains(p.Message, "OCR is unavailable") || !strings.Contains(p.Message, c.why) {
					t.Errorf("failed page %d: %q does not name file, page and why", p.Page, p.Message)
				}
			}
			if !strings.Contains(stderr.String(), scanned+": pages 1-6 not converted") {
				t.Errorf("the failed pages are not listed at the end:\n%s", stderr.String())
			}
			start := "Start with " + filepath.Join(out, "putuo-govoffice-2025-budget", "putuo-govoffice-2025-budget.xlsx")
			if !strings.Contains(stderr.String(), start) {
				t.Errorf("summary does not point at the workbook with tables (%q):\n%s", start, stderr.String())
			}
		})
	}
}

// testBinary is the budgetpdf binary the tests that run the real program share: built once
// per test run, removed by TestMain.
var testBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	// convert re-executes this test binary to convert each document (pipeline/isolate.go).
	if pipeline.IsChild() {
		os.Exit(pipeline.ChildMain())
	}
	code := m.Run()
	if testBinary.dir != "" {
		os.RemoveAll(testBinary.dir)
	}
	os.Exit(code)
}

// buildBinary builds budgetpdf (once) for the tests that run the real binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	b := &testBinary
	b.once.Do(func() {
		if b.dir, b.err = os.MkdirTemp("", "budgetpdf-test-"); b.err != nil {
			return
		}
		b.path = filepath.Join(b.dir, "budgetpdf")
		if out, err := exec.Command("go", "build", "-o", b.path, ".").CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// TestConvertKillResume starts the real binary on a batch, kills it (SIGKILL: no cleanup
// at all) in the middle, checks that every output file on disk is complete, reruns with
// --resume and checks that the rest is converted, the documents done before the kill are
// skipped, every output parses and no cell appears twice.
func TestConvertKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and converts a batch")
	}
	needCorpus(t)
	pdfs, _ := filepath.Glob(filepath.Join(convertCorpus, "*.pdf"))
	abs, _ := filepath.Abs(convertCorpus)
	in := t.TempDir()
	// Three copies of the corpus (links), so the batch is long enough to be killed inside.
	for i := 1; i <= 3; i++ {
		for _, p := range pdfs {
			name := fmt.Sprintf("c%d-%s", i, filepath.Base(p))
			if err := os.Symlink(filepath.Join(abs, filepath.Base(p)), filepath.Join(in, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	total := 3 * len(pdfs)
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "out")

	// Text layer only: OCR of the scanned corpus pages would take minutes and is not what
	// this test is about. Three runs are killed at different points (after 3, 8, 13
	// documents, plus a varying delay so the kill lands anywhere inside a document), each
	// after the first resuming the previous one.
	var before map[string]bool
	for round, target := range []int{3, 8, 13} {
		args := []string{"convert", "--no-ocr", "--keep-duplicates", "--workers", "1", "-o", out, in}
		if round > 0 {
			args = append(args, "--resume")
		}
		// The last round waits until a file is being written (a temp file exists) and kills
		// then: the interrupted write must leave only that temp file.
		done, caught := runAndKill(t, bin, args, out, target, time.Duration(round*37)*time.Millisecond, round == 2)
		if round == 2 && !caught {
			t.Errorf("round %d: no write in progress was seen before the kill", round+1)
		}
		if done < target || done >= total {
			t.Fatalf("round %d: killed after %d of %d documents: not in the middle of the batch", round+1, done, total)
		}
		// After the kill: whatever is on disk under a final name is complete.
		before = map[string]bool{}
		recs, _ := filepath.Glob(filepath.Join(out, "*", pipeline.ConversionFile))
		for _, p := range recs {
			r, err := pipeline.ReadConversion(filepath.Dir(p))
			if err != nil {
				t.Fatalf("after kill: %v", err)
			}
			if r.Status == pipeline.StatusConverted {
				before[r.DocID] = true
			}
		}
		temps := checkTree(t, out)
		t.Logf("round %d: killed after %d of %d documents; %d temp files left by the kill", round+1, len(recs), total, temps)
	}

	// Resume.
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "convert", "--no-ocr", "--keep-duplicates", "--resume", "--workers", "2", "-o", out, in)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitOK && code != exitFailed {
		t.Fatalf("resume: exit %d (%v)\n%s", code, err, stderr.String())
	}
	results := map[string]pipeline.DocResult{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r pipeline.DocResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("resume stdout %q: %v", sc.Text(), err)
		}
		if _, dup := results[r.DocID]; dup {
			t.Errorf("%s reported twice", r.DocID)
		}
		results[r.DocID] = r
	}
	if len(results) != total {
		t.Fatalf("resume reported %d documents, want %d\n%s", len(results), total, stderr.String())
	}
	wantCells := 0
	for id, r := range results {
		switch {
		case before[id] && r.Status != pipeline.StatusSkipped:
			t.Errorf("%s was complete before the kill but not skipped: %s", id, r.Status)
		case !before[id] && r.Status == pipeline.StatusSkipped:
			t.Errorf("%s skipped but was not complete before the kill", id)
		case r.Status == pipeline.StatusFailed || r.Status == pipeline.StatusNotRun:
			t.Errorf("%s: %s %s", id, r.Status, r.Error)
		}
		wantCells += r.Cells
	}
	if n := checkTree(t, out); n != 0 {
		t.Errorf("%d temp files left after the resumed run", n)
	}

	// No cell twice, none missing: cells.csv and the Parquet dataset match the documents.
	b, err := os.ReadFile(filepath.Join(out, export.RunCellsFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var key []int
	for _, name := range []string{"doc_id", "table_seq", "row_seq", "column_index"} {
		key = append(key, slices.Index(export.CellColumns, name))
	}
	for _, r := range rows[1:] {
		key := strings.Join([]string{r[key[0]], r[key[1]], r[key[2]], r[key[3]]}, "|")
		if seen[key] {
			t.Errorf("cells.csv: %s twice", key)
		}
		seen[key] = true
	}
	if len(rows)-1 != wantCells {
		t.Errorf("cells.csv has %d cells, the documents %d", len(rows)-1, wantCells)
	}
	pq, _ := filepath.Glob(filepath.Join(out, export.ParquetDir, "*", "*", "*.parquet"))
	pqRows := 0
	for _, p := range pq {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Errorf("%s: %v", p, err)
		} else {
			pqRows += int(pf.NumRows())
		}
		f.Close()
	}
	if len(pq) != total || pqRows != wantCells {
		t.Errorf("parquet: %d files with %d rows, want %d files with %d rows", len(pq), pqRows, total, wantCells)
	}
}

// TestConvertInterrupt sends SIGINT in the middle of a batch: the documents in progress
// finish, the rest are not started, the run says how to continue and exits 1, and what
// was written is consistent (cells.csv holds exactly the finished documents).
func TestConvertInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and converts a batch")
	}
	needCorpus(t)
	abs, _ := filepath.Abs(filepath.Join(convertCorpus, "putuo-wanli-2024-budget.pdf"))
	in := t.TempDir()
	for i := range 40 {
		if err := os.Symlink(abs, filepath.Join(in, fmt.Sprintf("copy-%02d.pdf", i))); err != nil {
			t.Fatal(err)
		}
	}
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "convert", "--no-ocr", "--keep-duplicates", "--workers", "1", "-o", out, in)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(out, "*", pipeline.ConversionFile)); len(m) >= 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitFailed {
		t.Errorf("exit %d after SIGINT, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr.String(), "rerun with --resume") {
		t.Errorf("stderr does not say how to continue:\n%s", stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(out, pipeline.RunFile))
	if err != nil {
		t.Fatal(err)
	}
	var run struct {
		Interrupted bool                    `json:"interrupted"`
		Counts      map[pipeline.Status]int `json:"counts"`
	}
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	done := run.Counts[pipeline.StatusConverted]
	if !run.Interrupted || done < 2 || run.Counts[pipeline.StatusNotRun] == 0 || done+run.Counts[pipeline.StatusNotRun] != 40 {
		t.Errorf("run.json: interrupted %v, counts %v", run.Interrupted, run.Counts)
	}
	cells, err := os.ReadFile(filepath.Join(out, export.RunCellsFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(cells, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, r := range rows[1:] {
		per[r[0]]++
	}
	if len(per) != done {
		t.Errorf("cells.csv has %d documents, %d were converted", len(per), done)
	}
	if n := checkTree(t, out); n != 0 {
		t.Errorf("%d temp files left after an orderly interrupt", n)
	}
}

// runAndKill starts the binary and kills it with SIGKILL once target documents have their
// conversion.json (and delay more, or, with midWrite, as soon as a temp file exists); it
// returns how many documents had one at the kill and whether a write was caught.
func runAndKill(t *testing.T, bin string, args []string, out string, target int, delay time.Duration, midWrite bool) (int, bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	count := func() int {
		m, _ := filepath.Glob(filepath.Join(out, "*", pipeline.ConversionFile))
		return len(m)
	}
	for time.Now().Before(deadline) && count() < target {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(delay)
	caught := false
	for midWrite && !caught && time.Now().Before(deadline) {
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && export.IsTemp(d.Name()) {
				caught = true
				return filepath.SkipAll
			}
			return nil
		})
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	return count(), caught
}

// checkTree parses every output file under out (not the temp files) and returns how many
// temp files there are.
func checkTree(t *testing.T, out string) int {
	t.Helper()
	temps := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if export.IsTemp(name) {
			temps++
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".xlsx"):
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			if len(f.GetSheetList()) < 2 {
				t.Errorf("%s: %d sheets", p, len(f.GetSheetList()))
			}
			f.Close()
		case strings.HasSuffix(name, ".csv"):
			b, err := os.ReadFile(p)
			if err == nil {
				_, err = csv.NewReader(bytes.NewReader(b)).ReadAll()
			}
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
		case strings.HasSuffix(name, ".json"):
			b, err := os.ReadFile(p)
			if err == nil && !json.Valid(b) {
				err = fmt.Errorf("invalid JSON (%d bytes)", len(b))
			}
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
		case strings.HasSuffix(name, ".parquet"):
			f, err := os.Open(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			st, _ := f.Stat()
			if _, err := parquet.OpenFile(f, st.Size()); err != nil {
				t.Errorf("%s: %v", p, err)
			}
			f.Close()
		}
		return nil
	})
	return temps
}
