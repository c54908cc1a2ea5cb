package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// fakeConvert stands for the stages: a file whose content is `FAIL` fails, `YEAR=2024`
// gives the sample document of that year, anything else the sample as it is.
func fakeConvert(t *testing.T) Converter {
	return func(path string, _ Options) (*normalize.Document, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		s := strings.TrimSpace(string(b))
		if s == "FAIL" {
			return nil, errors.New(path + ": not a PDF file")
		}
		if _, err := os.Stat(path + ".transient"); err == nil {
			return nil, errors.New(path + ": page 3: OCR engine unavailable")
		}
		doc := exporttest.Sample(t)
		doc.Problems = nil // every page read: status converted
		if y, ok := strings.CutPrefix(s, "YEAR="); ok {
			doc.Year, _ = strconv.Atoi(y)
		}
		return doc, nil
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// parquetFiles lists the Parquet dataset's files, relative to out.
func parquetFiles(t *testing.T, out string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(out, export.ParquetDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(out, p)
			files = append(files, filepath.ToSlash(r))
		}
		return nil
	})
	return files
}

func batch(t *testing.T, out string, args ...string) *Summary {
	t.Helper()
	inputs, err := Expand(args)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := RunBatch(context.Background(), inputs, BatchOptions{Out: out, ToolVersion: "test", Convert: fakeConvert(t)})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func statuses(sum *Summary) map[string]Status {
	m := map[string]Status{}
	for _, r := range sum.Results {
		m[filepath.Base(r.Source)] = r.Status
	}
	return m
}

// TestFailedDocumentOutputs: a document that fails has no outputs (neither the run's
// partial ones nor an earlier conversion's), corrections.json stays; a document converted
// under another id or partition before leaves exactly one Parquet file.
func TestFailedDocumentOutputs(t *testing.T) {
	type step struct {
		setup func(t *testing.T, in, out string) // before the run
		args  []string                           // relative to in
		want  map[string]Status                  // by file name
	}
	cases := []struct {
		name    string
		steps   []step
		parquet []string // the dataset after the last step
		gone    []string // under out, absent after the last step
		kept    []string // under out, present after the last step
	}{
		{
			name: "converted, then the file fails",
			steps: []step{
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "doc.pdf"), "x") }, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusConverted}},
				{func(t *testing.T, in, out string) {
					writeFile(t, filepath.Join(in, "doc.pdf"), "FAIL")
					writeFile(t, filepath.Join(out, "doc", "corrections.json"), `{"doc_id":"doc","corrections":[]}`)
				}, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusFailed}},
			},
			parquet: nil,
			gone:    []string{"doc/conversion.json", "doc/document.json", "doc/tables", "doc/cells.csv", "doc/findings.csv", "doc/doc.xlsx"},
			kept:    []string{"doc/corrections.json", "run.json"},
		},
		{
			name: "same content fails (transient): the earlier conversion stays",
			steps: []step{
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "doc.pdf"), "x") }, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusConverted}},
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "doc.pdf.transient"), "") }, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusFailed}},
			},
			parquet: []string{"parquet/year=2025/doc_kind=budget/doc.parquet"},
			kept:    []string{"doc/conversion.json", "doc/document.json", "doc/doc.xlsx"},
		},
		{
			name: "writing fails half way: no partial outputs",
			steps: []step{
				{func(t *testing.T, in, out string) {
					writeFile(t, filepath.Join(in, "doc.pdf"), "x")
					// The workbook cannot be renamed into place: the files written before it
					// (document.json, CSVs, Parquet) must not stay.
					os.MkdirAll(filepath.Join(out, "doc", "doc.xlsx", "x"), 0o755)
				}, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusFailed}},
			},
			parquet: nil,
			gone:    []string{"doc/conversion.json", "doc/document.json", "doc/tables", "doc/cells.csv", "doc/findings.csv"},
		},
		{
			name: "renamed file: the old id's outputs go",
			steps: []step{
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "old.pdf"), "x") }, []string{"old.pdf"}, map[string]Status{"old.pdf": StatusConverted}},
				{func(t *testing.T, in, out string) {
					os.Rename(filepath.Join(in, "old.pdf"), filepath.Join(in, "new.pdf"))
				}, []string{"new.pdf"}, map[string]Status{"new.pdf": StatusConverted}},
			},
			parquet: []string{"parquet/year=2025/doc_kind=budget/new.parquet"},
			gone:    []string{"old"},
			kept:    []string{"new/conversion.json"},
		},
		{
			name: "id taken by another file: report-2 becomes report",
			steps: []step{
				{func(t *testing.T, in, out string) {
					writeFile(t, filepath.Join(in, "a", "report.pdf"), "x")
					writeFile(t, filepath.Join(in, "b", "report.pdf"), "YEAR=2024")
				}, []string{"a", "b"}, map[string]Status{"report.pdf": StatusConverted}},
				{func(t *testing.T, in, out string) { os.RemoveAll(filepath.Join(in, "a")) }, []string{"b"}, map[string]Status{"report.pdf": StatusConverted}},
			},
			parquet: []string{"parquet/year=2024/doc_kind=budget/report.parquet"},
			gone:    []string{"report-2"},
		},
		{
			name: "partition change",
			steps: []step{
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "doc.pdf"), "YEAR=2024") }, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusConverted}},
				{func(t *testing.T, in, out string) { writeFile(t, filepath.Join(in, "doc.pdf"), "YEAR=2025") }, []string{"doc.pdf"}, map[string]Status{"doc.pdf": StatusConverted}},
			},
			parquet: []string{"parquet/year=2025/doc_kind=budget/doc.parquet"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			for i, s := range c.steps {
				s.setup(t, in, out)
				var args []string
				for _, a := range s.args {
					args = append(args, filepath.Join(in, a))
				}
				sum := batch(t, out, args...)
				if got := statuses(sum); !mapsEqual(got, s.want) {
					t.Fatalf("step %d: statuses %v, want %v (%+v)", i+1, got, s.want, sum.Results)
				}
			}
			if got := parquetFiles(t, out); !slices.Equal(got, c.parquet) {
				t.Errorf("parquet dataset %q, want %q", got, c.parquet)
			}
			for _, p := range c.gone {
				if _, err := os.Stat(filepath.Join(out, p)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s still there (%v)", p, err)
				}
			}
			for _, p := range c.kept {
				if _, err := os.Stat(filepath.Join(out, p)); err != nil {
					t.Errorf("%s: %v", p, err)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]Status) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestBadInputsFailAlone: an unreadable subfolder, or a folder named x.pdf, is a failed
// input naming the path and the cause; the other files convert.
func TestBadInputsFailAlone(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(in, "tree", "a.pdf"), "x")
	writeFile(t, filepath.Join(in, "tree", "locked", "b.pdf"), "x")
	writeFile(t, filepath.Join(in, "c.pdf"), "x")
	os.MkdirAll(filepath.Join(in, "x.pdf"), 0o755)
	os.MkdirAll(filepath.Join(in, "glob", "y.pdf"), 0o755)
	writeFile(t, filepath.Join(in, "glob", "z.pdf"), "x")
	// Root reads any folder whatever its mode: make "locked" unreadable through the seam.
	locked := filepath.Join(in, "tree", "locked")
	walkDir = func(root string, fn fs.WalkDirFunc) error {
		return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if p == locked && err == nil {
				if r := fn(p, d, nil); r != nil {
					return r
				}
				return fn(p, d, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission})
			}
			return fn(p, d, err)
		})
	}
	t.Cleanup(func() { walkDir = filepath.WalkDir })
	cases := []struct {
		name string
		args []string
		want map[string]string // file name → status, or the error's cause for a failed input
	}{
		{"unreadable subfolder", []string{filepath.Join(in, "tree")}, map[string]string{"a.pdf": "converted", "locked": "cannot read this folder: permission denied"}},
		{"folder named x.pdf", []string{filepath.Join(in, "x.pdf"), filepath.Join(in, "c.pdf")}, map[string]string{"c.pdf": "converted", "x.pdf": "is a folder, not a PDF file"}},
		{"glob matching a folder", []string{filepath.Join(in, "glob", "*.pdf")}, map[string]string{"z.pdf": "converted", "y.pdf": "is a folder, not a PDF file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inputs, err := Expand(c.args)
			if err != nil {
				t.Fatalf("the batch is refused: %v", err)
			}
			sum, err := RunBatch(context.Background(), inputs, BatchOptions{Out: out, ToolVersion: "test", Convert: fakeConvert(t)})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range sum.Results {
				v := string(r.Status)
				if r.Status == StatusFailed {
					if !strings.HasPrefix(r.Error, r.Source+": ") {
						t.Errorf("error %q does not start with the path %s", r.Error, r.Source)
					}
					v = strings.TrimPrefix(r.Error, r.Source+": ")
					if i := strings.Index(v, ", and holds"); i > 0 {
						v = v[:i]
					}
				}
				got[filepath.Base(r.Source)] = v
			}
			if len(got) != len(c.want) {
				t.Errorf("results %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
			if len(sum.Failed()) != 1 {
				t.Errorf("%d failed, want 1", len(sum.Failed()))
			}
		})
	}
}

// TestLongNames: a Chinese file name of 80 characters (240 bytes) converts; its id fits 255
// bytes with the longest temporary name made from it, ends on a rune boundary, and two
// names that differ only after the cut get different ids.
func TestLongNames(t *testing.T) {
	long := string([]rune(strings.Repeat("部门预算公开说明表", 9))[:80]) // 3 bytes each
	if len(long) != 240 {
		t.Fatalf("stem is %d bytes", len(long))
	}
	cases := []struct {
		name  string
		stems []string
	}{
		{"short names unchanged", []string{"putuo-2025", "预算公开"}},
		{"one long name", []string{long}},
		{"two long names alike up to the cut", []string{long + "甲", long + "乙"}},
		{"ascii", []string{strings.Repeat("a", 300), strings.Repeat("a", 299) + "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var paths []string
			for _, s := range c.stems {
				paths = append(paths, filepath.Join("in", s+".pdf"))
			}
			ids := DocIDs(paths)
			for i, id := range ids {
				if len(id) > MaxIDBytes || !utf8.ValidString(id) {
					t.Errorf("id %q: %d bytes (max %d), valid UTF-8 %v", id, len(id), MaxIDBytes, utf8.ValidString(id))
				}
				if len(".")+len(id)+len(".parquet.tmp-4294967295") > 255 {
					t.Errorf("id %q: temp name too long", id)
				}
				if len(c.stems[i]) <= MaxIDBytes && id != SanitizeID(c.stems[i]) {
					t.Errorf("short stem %q got id %q", c.stems[i], id)
				}
			}
			if len(ids) == 2 && ids[0] == ids[1] {
				t.Errorf("ids not unique: %q", ids)
			}
		})
	}
	// End to end: the file converts, every output is written.
	in, out := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(in, long+".pdf"), "x")
	sum := batch(t, out, filepath.Join(in, long+".pdf"))
	if r := sum.Results[0]; r.Status != StatusConverted {
		t.Fatalf("status %s: %s", r.Status, r.Error)
	}
	if got := parquetFiles(t, out); len(got) != 1 {
		t.Errorf("parquet %q", got)
	}
}
