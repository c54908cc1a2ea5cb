package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinyPDF builds a small valid PDF (one page, a Helvetica text line and a rule) with a
// correct classic xref table, so that mutations start from a file that opens.
func tinyPDF(text string) []byte {
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET 72 700 m 300 700 l S", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// FuzzOpen: any bytes given as a PDF file open to pages or to an error naming the file —
// never a panic that escapes, whatever the xref, trailer, object streams and page tree say.
// `make fuzz` runs it; a long campaign: go test -run '^$' -fuzz FuzzOpen -fuzztime 1h ./extract/
func FuzzOpen(f *testing.F) {
	f.Add(tinyPDF("Budget 2026 1,234.56"))
	f.Add(tinyPDF("")[:200])
	f.Add([]byte("%PDF-1.7\n1 0 obj << /Type /XRef /Size 2000000000 /W [1 2 1] /Index [0 1000000000] >> endobj\nstartxref\n9\n%%EOF"))
	f.Add([]byte("%PDF-1.4\nxref\n1000000000 1000000000\ntrailer << /Size 3 /Prev 9 >>\nstartxref\n9\n%%EOF"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.pdf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		file, err := Open(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		defer file.Close()
		for n := 1; n <= min(file.NumPages(), 5); n++ {
			if _, err := file.Page(n); err != nil && !strings.Contains(err.Error(), fmt.Sprint(n)) {
				t.Fatalf("page %d: error does not name the page: %v", n, err)
			}
		}
	})
}
