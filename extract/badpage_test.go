package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeObjects writes a PDF whose object i+1 is objs[i] (object 1 the catalog). A nil
// entry leaves that object number out of the file (a dangling reference); badOffset lists
// objects whose xref offset is made to point into the middle of another object.
func writeObjects(t *testing.T, name string, objs []*string, badOffset ...int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		if o == nil {
			offs[i] = -1
			continue
		}
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, *o)
	}
	for _, n := range badOffset {
		offs[n-1] += 3 // inside "N 0 obj": the parser finds no object header there
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		if o < 0 {
			b.WriteString("0000000000 65535 f \n")
		} else {
			fmt.Fprintf(&b, "%010d 00000 n \n", o)
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func ptr(s string) *string { return &s }

// TestBadPageAmongGoodOnes: a three-page file whose page 2 is broken in one way or another.
// Pages 1 and 3 always come out with their words. Page 2 either fails with an error naming
// the file and page 2 (its content cannot be read at all), or — where the breakage is in a
// resource the interpreter can do without — comes out with what is readable, a note saying
// what was wrong and a verdict that sends it to OCR when its text is lost.
func TestBadPageAmongGoodOnes(t *testing.T) {
	// Objects: 1 catalog, 2 page tree, 3-5 pages, 6 Helvetica, 7-9 content streams, 10+ extras.
	good := func(word string) string {
		return stream("", fmt.Sprintf("BT /F1 12 Tf 1 0 0 1 72 700 Tm (%s) Tj ET 72 650 m 500 650 l S", word))
	}
	page := func(contents string) string {
		return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents " + contents + " >>"
	}
	type result struct {
		err     string   // page 2 must fail with an error containing this ("" = must not fail)
		verdict Verdict  // otherwise its verdict
		words   []string // and these words
		note    string   // and a note containing this
	}
	cases := []struct {
		name   string
		page2  string   // page 2's dictionary
		obj8   *string  // page 2's content stream object (nil: absent from the file)
		extra  []string // objects 10, 11, ...
		badOff []int
		want   result
	}{
		{
			name:  "content stream with an unknown filter",
			page2: page("8 0 R"),
			obj8:  ptr(stream("/Filter /NoSuchDecode", "BT /F1 12 Tf (x) Tj ET")),
			want:  result{err: "content stream"},
		},
		{
			name:  "content stream with corrupt deflate data",
			page2: page("8 0 R"),
			obj8:  ptr(stream("/Filter /FlateDecode", "this is not zlib data at all")),
			want:  result{err: "content stream"},
		},
		{
			name:  "contents array holding a number",
			page2: page("[8 0 R 42]"),
			obj8:  ptr(good("Two")),
			want:  result{err: "content stream 1"},
		},
		{
			name:  "contents is not a stream",
			page2: page("(text)"),
			obj8:  ptr(good("Two")),
			want:  result{err: "/Contents is a string, not a stream"},
		},
		{
			name:  "contents object missing from the file",
			page2: page("8 0 R"),
			obj8:  nil,
			want:  result{err: "missing"},
		},
		{
			name:   "xref offset of the content stream points at garbage",
			page2:  page("8 0 R"),
			obj8:   ptr(good("Two")),
			badOff: []int{8},
			want:   result{err: "page 2"},
		},
		{
			name:  "page object missing from the file",
			page2: "", // object 4 left out: the page tree's second kid dangles
			obj8:  ptr(good("Two")),
			want:  result{err: "page object"},
		},
		{
			name:  "content stream syntax broken half-way: what precedes is kept",
			page2: page("8 0 R"),
			obj8:  ptr(stream("", "BT /F1 12 Tf 1 0 0 1 72 700 Tm (Two) Tj ] >> } 1 0 0 1 72 600 Tm (Tail) Tj ET (unterminated")),
			want:  result{verdict: VerdictText, words: []string{"Two", "Tail"}},
		},
		{
			name:  "font resource missing: undecodable, noted",
			page2: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 99 0 R >> >> /Contents 8 0 R >>",
			obj8:  ptr(good("Two")),
			want:  result{verdict: VerdictUndecodable, note: "font missing or unreadable"},
		},
		{
			name:  "font dictionary malformed: undecodable, noted",
			page2: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 10 0 R >> >> /Contents 8 0 R >>",
			obj8:  ptr(good("Broken page")),
			extra: []string{"<< /Type /Font /Subtype /Type0 /BaseFont /Broken /Encoding /Identity-H /DescendantFonts 7 >>"},
			want:  result{verdict: VerdictUndecodable, note: "no ToUnicode"},
		},
		{
			name:  "form XObject unreadable: the rest of the page is kept, noted",
			page2: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> /XObject << /Fm 10 0 R >> >> /Contents 8 0 R >>",
			obj8:  ptr(stream("", "/Fm Do BT /F1 12 Tf 1 0 0 1 72 700 Tm (Two) Tj ET")),
			extra: []string{stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Filter /NoSuchDecode", "junk")},
			want:  result{verdict: VerdictText, words: []string{"Two"}, note: "Form XObject /Fm unreadable"},
		},
		{
			name:  "resources not a dictionary: undecodable, noted",
			page2: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 42 /Contents 8 0 R >>",
			obj8:  ptr(good("Two")),
			want:  result{verdict: VerdictUndecodable, note: "font /F1 not found"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			objs := []*string{
				ptr("<< /Type /Catalog /Pages 2 0 R >>"),
				ptr("<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"),
				ptr(page("7 0 R")), nil, ptr(page("9 0 R")),
				ptr(helvetica),
				ptr(good("One")), c.obj8, ptr(good("Three")),
			}
			if c.page2 != "" {
				objs[3] = ptr(c.page2)
			}
			for _, e := range c.extra {
				objs = append(objs, ptr(e))
			}
			path := writeObjects(t, "bad-page.pdf", objs, c.badOff...)
			f, err := Open(path)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer f.Close()
			if f.NumPages() != 3 {
				t.Fatalf("%d pages, want 3", f.NumPages())
			}
			for n, word := range map[int]string{1: "One", 3: "Three"} {
				p, err := f.Page(n)
				if err != nil {
					t.Errorf("page %d: %v", n, err)
					continue
				}
				if p.Verdict != VerdictText || len(p.Words) != 1 || p.Words[0].Text != word || len(p.Rules) != 1 {
					t.Errorf("page %d: %s, words %+v, %d rules; want %q and one rule", n, p.Verdict, p.Words, len(p.Rules), word)
				}
			}
			p, err := f.Page(2)
			if c.want.err != "" {
				prefix := path + ": page 2: "
				if err == nil {
					t.Fatalf("page 2: no error (%s, words %+v, notes %q), want one containing %q", p.Verdict, p.Words, p.Notes, c.want.err)
				}
				t.Logf("page 2: %v", err)
				if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), c.want.err) {
					t.Errorf("page 2 error %q, want it to start with %q and contain %q", err, prefix, c.want.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("page 2: %v", err)
			}
			if p.Verdict != c.want.verdict {
				t.Errorf("page 2 verdict %s (notes %q), want %s", p.Verdict, p.Notes, c.want.verdict)
			}
			var got []string
			for _, w := range p.Words {
				got = append(got, w.Text)
			}
			if c.want.words != nil && strings.Join(got, "|") != strings.Join(c.want.words, "|") {
				t.Errorf("page 2 words %q, want %q", got, c.want.words)
			}
			if c.want.note != "" && !strings.Contains(strings.Join(p.Notes, "\n"), c.want.note) {
				t.Errorf("page 2 notes %q, want one containing %q", p.Notes, c.want.note)
			}
		})
	}
}
