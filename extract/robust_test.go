package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

// interpretBytes runs the content-stream interpreter over raw bytes on an empty page (no
// resources: every font and XObject is missing) and builds the page, as Page does.
func interpretBytes(data []byte) *Page {
	f := &File{Path: "fuzz", fonts: map[fontKey]*font{}, byRef: map[objRef]*font{}}
	w, h := 595.0, 842.0
	p := &Page{Number: 1, Width: w, Height: h}
	in := &interp{file: f}
	in.gs = gstate{ctm: pageMatrix([4]float64{0, 0, w, h}, 0), lineWidth: 1, th: 1, clip: Box{X1: w, Y1: h}}
	in.run(data, newResources(pdf.Value{}))
	buildPage(p, in)
	return p
}

func checkPage(t *testing.T, p *Page) {
	t.Helper()
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	for _, w := range p.Words {
		if w.Text == "" || !finite(w.X0, w.Y0, w.X1, w.Y1) || w.X1 < w.X0 || w.Y1 < w.Y0 {
			t.Fatalf("bad word %+v", w)
		}
	}
	for _, r := range p.Rules {
		if !finite(r.X0, r.Y0, r.X1, r.Y1, r.Width) || (r.X0 != r.X1 && r.Y0 != r.Y1) {
			t.Fatalf("bad rule %+v", r)
		}
	}
}

var contentSeeds = []string{
	"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Hello) Tj ET",
	"q 1 0 0 -1 0 842 cm BT 12 TL 2 Tc 10 Tw 90 Tz 3 Ts [(A) -250 (B)] TJ T* (C) ' 1 2 (D) \" ET Q",
	"0.5 w 10 10 m 200 10 l S 10 10 200 0.5 re f 50 50 100 100 re W n 0 0 1 RG 1 1 m 1 300 l s",
	"q 0 1 -1 0 595 0 cm 100 0 0 100 0 0 cm /Im0 Do Q BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\x01\x02\x03 EI",
	"BT /F1 12 Tf <00410042> Tj [<0043> 120 <0044>] TJ ET /Fm1 Do",
	"[(unterminated",
	"<< /MCID 3 >> BDC EMC /P <</MCID 1>> BDC (x) Tj EMC",
	"1e308 1e308 1e308 1e308 1e308 1e308 cm 0 0 m 1 1 l S",
}

func FuzzContentStream(f *testing.F) {
	for _, s := range contentSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPage(t, interpretBytes(data))
	})
}

var cmapSeeds = []string{
	"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange " +
		"2 beginbfchar <0003> <0020> <0010> <4E00> endbfchar 1 beginbfrange <0020> <0030> <0041> endbfrange " +
		"1 beginbfrange <0100> <0102> [<0061> <0062> <D835DC00>] endbfrange endcmap CMapName currentdict /CMap defineresource pop end end",
	"1 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange 1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <20> 1 endcidchar",
	"beginbfchar <01> /space endbfchar beginbfrange <FF> <00> <0041> endbfrange",
	"<<",
}

func FuzzCMap(f *testing.F) {
	for _, s := range cmapSeeds {
		f.Add([]byte(s), []byte("\x00\x03\x81\x40\x01\x00\x01"))
	}
	f.Fuzz(func(t *testing.T, data, codes []byte) {
		m := parseCMap(data)
		s := string(codes)
		for len(s) > 0 {
			code, n := m.nextCode(s)
			if n <= 0 || n > len(s) {
				t.Fatalf("nextCode consumed %d of %d bytes", n, len(s))
			}
			m.lookup(n, code)
			m.cid(n, code)
			s = s[n:]
		}
	})
}

func TestContentSeedsAndCMapSeeds(t *testing.T) {
	for _, s := range contentSeeds {
		checkPage(t, interpretBytes([]byte(s)))
	}
	p := interpretBytes([]byte(contentSeeds[2]))
	// The stroke and the thin fill are collinear and merge; the clipping rectangle is not a
	// rule; the vertical stroke lies outside the clip and is dropped.
	if len(p.Rules) != 1 || p.Rules[0].X0 != 10 || p.Rules[0].X1 != 210 || !p.Rules[0].Horizontal() {
		t.Errorf("seed 2: rules %+v, want one horizontal rule from x=10 to 210", p.Rules)
	}
	m := parseCMap([]byte(cmapSeeds[0]))
	for _, c := range []struct {
		code uint32
		want string
	}{{0x0003, " "}, {0x0010, "一"}, {0x0020, "A"}, {0x0025, "F"}, {0x0101, "b"}, {0x0102, "𝐀"}} {
		if got, _ := m.lookup(2, c.code); got != c.want {
			t.Errorf("lookup %04x = %q, want %q", c.code, got, c.want)
		}
	}
	m = parseCMap([]byte(cmapSeeds[1]))
	if code, n := m.nextCode("\x81\x41"); n != 2 || code != 0x8141 {
		t.Errorf("nextCode = %x/%d", code, n)
	}
	if cid, ok := m.cid(2, 0x8141); !ok || cid != 634 {
		t.Errorf("cid = %d %v, want 634", cid, ok)
	}
}

// TestDamagedFilesNeverPanic extracts truncated and byte-mutated copies of every corpus file:
// each either fails to open with an error naming the file, or yields per-page results where
// every failure names the file and page. A panic or hang fails the test.
func TestDamagedFilesNeverPanic(t *testing.T) {
	files := corpusFiles(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	opened, pageErrs, openErrs := 0, 0, 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var variants [][]byte
		for _, frac := range []float64{0.1, 0.5, 0.9, 0.999} {
			variants = append(variants, data[:int(float64(len(data))*frac)])
		}
		for k := 0; k < 3; k++ {
			m := bytes.Clone(data)
			for i := 0; i < 20; i++ {
				m[rng.Intn(len(m))] = byte(rng.Intn(256))
			}
			variants = append(variants, m)
		}
		// Damage inside the content: flip bytes in the middle third only (xref intact).
		m := bytes.Clone(data)
		for i := 0; i < 200; i++ {
			m[len(m)/3+rng.Intn(len(m)/3)] ^= 0x5a
		}
		variants = append(variants, m)
		for vi, v := range variants {
			name := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", strings.TrimSuffix(filepath.Base(path), ".pdf"), vi))
			if err := os.WriteFile(name, v, 0o644); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				f, err := Open(name)
				if err != nil {
					openErrs++
					if !strings.Contains(err.Error(), name) {
						t.Errorf("open error does not name the file: %v", err)
					}
					return
				}
				defer f.Close()
				opened++
				for n := 1; n <= f.NumPages(); n++ {
					if _, err := f.Page(n); err != nil {
						pageErrs++
						if !strings.Contains(err.Error(), fmt.Sprintf("%s: page %d:", name, n)) {
							t.Errorf("page error does not name file and page: %v", err)
						}
					}
				}
			}()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				t.Fatalf("%s: extraction hangs", name)
			}
		}
	}
	t.Logf("%d damaged copies opened (%d page errors reported), %d refused with an error", opened, pageErrs, openErrs)
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notPDF := filepath.Join(dir, "x.pdf")
	os.WriteFile(notPDF, []byte("hello, world"), 0o644)
	cases := []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing.pdf"), "no such file"},
		{notPDF, "not a PDF"},
	}
	for _, c := range cases {
		_, err := Open(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Open(%s) = %v, want an error naming the file and saying %q", c.path, err, c.want)
		}
	}
	f, err := Open(corpusFile(t, "putuo-govoffice-2025-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, n := range []int{0, f.NumPages() + 1} {
		if _, err := f.Page(n); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("page %d", n)) {
			t.Errorf("Page(%d) = %v, want an out-of-range error naming the page", n, err)
		}
	}
	if errors.Is(err, ErrEncrypted) {
		t.Error("plain file reported as encrypted")
	}
}
