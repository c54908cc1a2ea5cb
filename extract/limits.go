package extract

// Limits on what a PDF's own numbers can make the reader do (issue 13, docs/limits.md).
//
// ledongthuc/pdf sizes its cross-reference table from the file's numbers (an xref
// subsection starting at object 1e9, an xref stream /Size 2e9: a fatal out-of-memory),
// follows /Prev and /Extends without remembering where it has been (a self-reference: an
// endless loop) and resolves an object stream stored in an object stream recursively (one
// stored in itself: a fatal stack overflow). None of these can be recovered from, so the
// file is checked before and right after the library reads its cross-reference data:
//
//   - checkXrefChain walks startxref → /Prev before pdf.NewReader: every section once, at
//     most maxXrefSections, object numbers below maxObjects(size), /W widths ≤ 8 bytes.
//   - checkObjectStreams reads the table the library built (through reflect, as refOf
//     does): an object stream must not be inside an object stream, and /Extends chains must
//     end.
//
// The limits are generous for real files: a disclosure has a few hundred to a few
// hundred thousand objects and a handful of updates.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"

	"github.com/ledongthuc/pdf"
)

const (
	// maxXrefSections bounds the /Prev chain (incremental updates).
	maxXrefSections = 1000
	// maxXrefWidth bounds each /W field of an xref stream (the library decodes into int).
	maxXrefWidth = 8
	// maxExtends bounds an object stream's /Extends chain.
	maxExtends = 64
	// maxPageOps bounds the operators one page executes, forms included (the densest real
	// table page runs about 10^5; a form drawn 12 times at each of 10 levels would run 10^11).
	maxPageOps = 1_000_000
	// maxTreeDepth bounds the page tree's nesting (real trees: 2–4 levels).
	maxTreeDepth = 64
	// maxFormDraws bounds the Form XObjects one page draws (each costs a resource lookup
	// and a state save: real pages draw a few, some producers one per table cell).
	maxFormDraws = 100_000
	// maxPageContent bounds the decoded content of one page: its content streams and the
	// forms it draws, each form counted once (real pages: a few MB).
	maxPageContent = 64 << 20
)

// maxObjects is the highest object count a file of size bytes may declare: an object takes
// at least two bytes even compressed in an object stream, with a floor of 2^20 for small
// files. The library's table costs 32 bytes an object: at most 16 times the file size.
func maxObjects(size int64) int64 { return max(size/2, 1<<20) }

// LimitError is a file or page stopped by one of the limits; Limit names it.
type LimitError struct {
	Limit string
	Msg   string
}

func (e *LimitError) Error() string { return e.Msg + " (limit: " + e.Limit + ")" }

func limitErr(limit, format string, args ...any) error {
	return &LimitError{Limit: limit, Msg: fmt.Sprintf(format, args...)}
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)`)
	prevRe      = regexp.MustCompile(`/Prev\s+(-?\d+)`)
	sizeKeyRe   = regexp.MustCompile(`/Size\s+(-?\d+)`)
	wRe         = regexp.MustCompile(`/W\s*\[([^\]]*)\]`)
	indexRe     = regexp.MustCompile(`/Index\s*\[([^\]]*)\]`)
	extendsRe   = regexp.MustCompile(`/Extends\s+(\d+)\s+(\d+)\s+R`)
	objHeadRe   = regexp.MustCompile(`^\s*\d+\s+\d+\s+obj`)
)

// checkXrefChain validates the cross-reference sections reachable from the last startxref.
// Sections it cannot parse are left to the library (which reports them); only what would
// loop or allocate from a hostile number is an error here.
func checkXrefChain(ra io.ReaderAt, size int64) error {
	tail := make([]byte, min(size, 1024))
	if _, err := ra.ReadAt(tail, size-int64(len(tail))); err != nil && err != io.EOF {
		return nil
	}
	m := startxrefRe.FindAllSubmatch(tail, -1)
	if len(m) == 0 {
		return nil
	}
	off, err := strconv.ParseInt(string(m[len(m)-1][1]), 10, 64)
	if err != nil {
		return nil
	}
	limit := maxObjects(size)
	seen := map[int64]bool{}
	for n := 0; ; n++ {
		if off < 0 || off >= size {
			return nil // the library reports a bad offset
		}
		if seen[off] {
			return limitErr("xref /Prev chain", "cross-reference /Prev chain loops back to offset %d", off)
		}
		if n >= maxXrefSections {
			return limitErr("xref /Prev chain", "more than %d cross-reference sections", maxXrefSections)
		}
		seen[off] = true
		head := make([]byte, min(size-off, 4096))
		if _, err := ra.ReadAt(head, off); err != nil && err != io.EOF {
			return nil
		}
		var dict []byte
		switch t := bytes.TrimLeft(head, " \t\r\n\f\x00"); {
		case bytes.HasPrefix(t, []byte("xref")):
			if dict, err = checkXrefTable(io.NewSectionReader(ra, off, size-off), limit); err != nil || dict == nil {
				return err
			}
		case objHeadRe.Match(t):
			dict = head
			if i := bytes.Index(dict, []byte("stream")); i >= 0 {
				dict = dict[:i]
			}
			if err := checkXrefStreamDict(dict, limit); err != nil {
				return err
			}
		default:
			return nil
		}
		p := prevRe.FindSubmatch(dict)
		if p == nil {
			return nil
		}
		if off, err = strconv.ParseInt(string(p[1]), 10, 64); err != nil {
			return nil
		}
	}
}

// checkXrefTable reads a classic table's subsection headers (skipping their entries) and
// returns its trailer dictionary's text (nil when it cannot tell).
func checkXrefTable(r io.Reader, limit int64) ([]byte, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	tok := func() string {
		var b []byte
		for {
			c, err := br.ReadByte()
			if err != nil {
				return string(b)
			}
			if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0 {
				if len(b) > 0 {
					return string(b)
				}
				continue
			}
			if len(b) > 64 {
				return string(b)
			}
			b = append(b, c)
		}
	}
	if tok() != "xref" {
		return nil, nil
	}
	for {
		t := tok()
		if t == "trailer" {
			d := make([]byte, 4096)
			n, _ := io.ReadFull(br, d)
			// Only this trailer: a later update's (and its /Prev back here) may follow.
			if i := bytes.Index(d[:n], []byte("startxref")); i >= 0 {
				n = i
			}
			return d[:n], nil
		}
		start, err1 := strconv.ParseInt(t, 10, 64)
		count, err2 := strconv.ParseInt(tok(), 10, 64)
		if err1 != nil || err2 != nil {
			return nil, nil
		}
		if start < 0 || count < 0 || start > limit || count > limit-start {
			return nil, limitErr("object count", "cross-reference subsection %d %d exceeds %d objects", start, count, limit)
		}
		for range 3 * count {
			if tok() == "" {
				return nil, nil
			}
		}
	}
}

// checkXrefStreamDict checks an xref stream dictionary's /Size, /W and /Index.
func checkXrefStreamDict(dict []byte, limit int64) error {
	if m := sizeKeyRe.FindSubmatch(dict); m != nil {
		if n, err := strconv.ParseInt(string(m[1]), 10, 64); err != nil || n < 0 || n > limit {
			return limitErr("object count", "cross-reference stream /Size %s exceeds %d objects", m[1], limit)
		}
	}
	if m := wRe.FindSubmatch(dict); m != nil {
		for _, f := range bytes.Fields(m[1]) {
			if n, err := strconv.ParseInt(string(f), 10, 64); err != nil || n < 0 || n > maxXrefWidth {
				return limitErr("xref /W", "cross-reference stream /W [%s]: a field wider than %d bytes", bytes.TrimSpace(m[1]), maxXrefWidth)
			}
		}
	}
	if m := indexRe.FindSubmatch(dict); m != nil {
		f := bytes.Fields(m[1])
		for i := 0; i+1 < len(f); i += 2 {
			start, err1 := strconv.ParseInt(string(f[i]), 10, 64)
			count, err2 := strconv.ParseInt(string(f[i+1]), 10, 64)
			if err1 != nil || err2 != nil || start < 0 || count < 0 || start > limit || count > limit-start {
				return limitErr("object count", "cross-reference stream /Index %s %s exceeds %d objects", f[i], f[i+1], limit)
			}
		}
	}
	return nil
}

// xrefEntry is what checkObjectStreams needs of one entry of the library's table.
type xrefEntry struct {
	inStream bool
	stream   uint32
	offset   int64
}

// libraryXref reads pdf.Reader's unexported table (nil when its layout is not the one
// known: the check is then skipped, and extract's tests fail on the hostile files).
func libraryXref(r *pdf.Reader) []xrefEntry {
	t := reflect.ValueOf(r).Elem().FieldByName("xref")
	if !t.IsValid() || t.Kind() != reflect.Slice || t.Type().Elem().Kind() != reflect.Struct {
		return nil
	}
	et := t.Type().Elem()
	in, okIn := et.FieldByName("inStream")
	st, okSt := et.FieldByName("stream")
	of, okOf := et.FieldByName("offset")
	if !okIn || !okSt || !okOf || in.Type.Kind() != reflect.Bool || st.Type.Kind() != reflect.Struct || st.Type.NumField() < 1 || of.Type.Kind() != reflect.Int64 {
		return nil
	}
	out := make([]xrefEntry, t.Len())
	for i := range out {
		e := t.Index(i)
		out[i] = xrefEntry{inStream: e.FieldByIndex(in.Index).Bool(), stream: uint32(e.FieldByIndex(st.Index).Field(0).Uint()), offset: e.FieldByIndex(of.Index).Int()}
	}
	return out
}

// checkObjectStreams: every compressed object's container must be an uncompressed object,
// and every /Extends chain must end without a loop.
func checkObjectStreams(ra io.ReaderAt, size int64, r *pdf.Reader) error {
	table := libraryXref(r)
	checked := map[uint32]bool{}
	for num, e := range table {
		if !e.inStream || checked[e.stream] {
			continue
		}
		checked[e.stream] = true
		seen := map[uint32]bool{}
		for s, hops := e.stream, 0; ; hops++ {
			if int(s) >= len(table) {
				break // the library resolves it to null
			}
			if table[s].inStream {
				return limitErr("object streams", "object %d is in object stream %d, which is itself inside an object stream", num, s)
			}
			if seen[s] {
				return limitErr("object streams", "object stream %d: /Extends loops back to %d", e.stream, s)
			}
			if hops >= maxExtends {
				return limitErr("object streams", "object stream %d: /Extends chain longer than %d", e.stream, maxExtends)
			}
			seen[s] = true
			off := table[s].offset
			if off <= 0 || off >= size {
				break
			}
			head := make([]byte, min(size-off, 4096))
			ra.ReadAt(head, off)
			if i := bytes.Index(head, []byte("stream")); i >= 0 {
				head = head[:i]
			}
			m := extendsRe.FindSubmatch(head)
			if m == nil {
				break
			}
			n, err := strconv.ParseUint(string(m[1]), 10, 32)
			if err != nil {
				break
			}
			s = uint32(n)
		}
	}
	return nil
}
