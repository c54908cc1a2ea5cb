package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDocIDs(t *testing.T) {
	cases := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"stems", []string{"a/putuo-2025.pdf", "b/预算公开.PDF"}, []string{"putuo-2025", "预算公开"}},
		{"same stem in two folders", []string{"a/report.pdf", "b/report.pdf", "c/Report.pdf"}, []string{"report", "report-2", "Report-3"}},
		{"unsafe characters", []string{"x/2025年 部门预算(公开)!.pdf", "x/a:b*c?.pdf"}, []string{"2025年_部门预算_公开", "a_b_c"}},
		{"nothing left", []string{"x/....pdf", "x/（）.pdf"}, []string{"document", "document-2"}},
		{"reserved names", []string{"x/parquet.pdf", "x/run.json.pdf"}, []string{"parquet-2", "run.json-2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DocIDs(c.paths); !slices.Equal(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	files := []string{"a.pdf", "sub/b.PDF", "sub/deep/c.pdf", "sub/notes.txt", ".hidden/d.pdf", "sub/.e.pdf", "g1.pdf", "g2.pdf"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("%PDF-1.4\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	rel := func(ins []Input) []string {
		var out []string
		for _, in := range ins {
			r, _ := filepath.Rel(dir, in.Path)
			out = append(out, filepath.ToSlash(r)+"="+in.DocID)
		}
		return out
	}
	cases := []struct {
		name string
		args []string
		want []string
		err  string
	}{
		{"folder, recursive, hidden skipped", []string{filepath.Join(dir, "sub")}, []string{"sub/b.PDF=b", "sub/deep/c.pdf=c"}, ""},
		{"explicit file of any extension", []string{filepath.Join(dir, "sub/notes.txt")}, []string{"sub/notes.txt=notes"}, ""},
		{"glob", []string{filepath.Join(dir, "g*.pdf")}, []string{"g1.pdf=g1", "g2.pdf=g2"}, ""},
		{"duplicates once, sorted", []string{filepath.Join(dir, "g2.pdf"), filepath.Join(dir, "g1.pdf"), filepath.Join(dir, "g2.pdf")}, []string{"g1.pdf=g1", "g2.pdf=g2"}, ""},
		{"missing file", []string{filepath.Join(dir, "nope.pdf")}, nil, "nope.pdf: no such file or directory"},
		{"glob matching nothing", []string{filepath.Join(dir, "z*.pdf")}, nil, "z*.pdf: no file matches"},
		{"folder without PDFs", []string{filepath.Join(dir, "empty")}, nil, "empty: no PDF files in this folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Expand(c.args)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want it to contain %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r := rel(got); !slices.Equal(r, c.want) {
				t.Fatalf("got %q, want %q", r, c.want)
			}
			for _, in := range got {
				if in.Size != 9 {
					t.Errorf("%s: size %d", in.Path, in.Size)
				}
			}
		})
	}
}
