package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"sync"

	"github.com/ledongthuc/pdf"
)

// File is an open PDF. Pages are extracted one at a time so memory is bounded by the
// largest page, not the file. A File is safe for use by several goroutines.
type File struct {
	Path string

	osf   *os.File
	r     *pdf.Reader
	pages []pageInfo
	// treeCut: the page tree went deeper than maxTreeDepth (or held too many pages).
	treeCut bool

	mu    sync.Mutex
	fonts map[fontKey]*font
	// byRef finds a font by the reference a Font resource dictionary holds, before resolving.
	byRef map[objRef]*font
}

type pageInfo struct {
	v      pdf.Value
	res    pdf.Value
	box    [4]float64 // CropBox ∩ MediaBox
	rotate int
}

// objRef identifies an indirect object.
type objRef struct {
	num uint32
	gen uint16
}

type fontKey struct {
	ref  objRef
	name string
}

// ErrEncrypted is wrapped by Open when a file needs a password.
var ErrEncrypted = errors.New("encrypted with a user password")

// Open opens a PDF for extraction. Encrypted files with an empty user password open;
// anything else that cannot be opened is an error naming the file.
func Open(path string) (f *File, err error) {
	osf, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: malformed PDF: %v", path, r)
		}
		if err != nil {
			osf.Close()
			f = nil
		}
	}()
	st, err := osf.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ra, size, err := framePDF(osf, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := checkXrefChain(ra, size); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := pdf.NewReader(ra, size)
	if (err == nil && !r.Trailer().Key("Encrypt").IsNull()) || (err != nil && isEncrypted(ra, size)) {
		plain, derr := decrypt(osf)
		if derr != nil {
			return nil, fmt.Errorf("%s: %w", path, derr)
		}
		ra, size = &headerFix{ReaderAt: bytes.NewReader(plain)}, int64(len(plain))
		if err := checkXrefChain(ra, size); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r, err = pdf.NewReader(ra, size)
	}
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return nil, fmt.Errorf("%s: %w (only files that open with an empty password are supported)", path, ErrEncrypted)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := checkObjectStreams(ra, size, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f = &File{Path: path, osf: osf, r: r, fonts: map[fontKey]*font{}, byRef: map[objRef]*font{}}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return nil, fmt.Errorf("%s: malformed PDF: no page tree", path)
	}
	f.walkPages(root, inherited{}, 0, map[objRef]bool{})
	if len(f.pages) == 0 && f.treeCut {
		return nil, fmt.Errorf("%s: %w", path, limitErr("page tree depth", "no page within %d levels of the page tree", maxTreeDepth))
	}
	if len(f.pages) == 0 {
		return nil, fmt.Errorf("%s: no pages", path)
	}
	return f, nil
}

// framePDF tolerates junk before %PDF- and after %%EOF (both common in downloaded files),
// which ledongthuc/pdf rejects: it returns a view of the file from the header to the last %%EOF.
func framePDF(f *os.File, size int64) (io.ReaderAt, int64, error) {
	head := make([]byte, min(size, 1024))
	if _, err := f.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, 0, err
	}
	start := bytes.Index(head, []byte("%PDF-"))
	if start < 0 {
		return nil, 0, errors.New("not a PDF file (no %PDF- header)")
	}
	tailLen := min(size, 4096)
	tail := make([]byte, tailLen)
	if _, err := f.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return nil, 0, err
	}
	end := size
	if i := bytes.LastIndex(tail, []byte("%%EOF")); i >= 0 {
		end = size - tailLen + int64(i) + 5
	}
	var ra io.ReaderAt = f
	if start > 0 || end < size {
		ra = io.NewSectionReader(f, int64(start), end-int64(start))
	}
	ra = &headerFix{ReaderAt: ra}
	return ra, end - int64(start), nil
}

// headerFix presents the header line as "%PDF-1.7\n" when the file's own header is one
// ledongthuc/pdf refuses (PDF 2.0, or a space instead of an end of line).
type headerFix struct{ io.ReaderAt }

func (h *headerFix) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.ReaderAt.ReadAt(p, off)
	if off < 9 {
		hdr := make([]byte, 9)
		h.ReaderAt.ReadAt(hdr, 0)
		if !(bytes.HasPrefix(hdr, []byte("%PDF-1.")) && hdr[7] >= '0' && hdr[7] <= '7' && (hdr[8] == '\r' || hdr[8] == '\n')) {
			fixed := []byte("%PDF-1.7\n")
			for i := off; i < 9 && i-off < int64(n); i++ {
				p[i-off] = fixed[i]
			}
		}
	}
	return n, err
}

type inherited struct {
	res         pdf.Value
	media, crop pdf.Value
	rotate      pdf.Value
}

func (f *File) walkPages(node pdf.Value, inh inherited, depth int, seen map[objRef]bool) {
	if depth > maxTreeDepth || len(f.pages) > 1<<20 {
		f.treeCut = true
		return
	}
	ref := refOf(node)
	if ref.num != 0 {
		if seen[ref] {
			return
		}
		seen[ref] = true
	}
	if r := node.Key("Resources"); r.Kind() == pdf.Dict {
		inh.res = r
	}
	if m := node.Key("MediaBox"); m.Kind() == pdf.Array {
		inh.media = m
	}
	if c := node.Key("CropBox"); c.Kind() == pdf.Array {
		inh.crop = c
	}
	if r := node.Key("Rotate"); r.Kind() == pdf.Integer || r.Kind() == pdf.Real {
		inh.rotate = r
	}
	kids := node.Key("Kids")
	if node.Key("Type").Name() == "Pages" || (kids.Kind() == pdf.Array && node.Key("Type").Name() != "Page") {
		for i := 0; i < kids.Len(); i++ {
			f.walkPages(kids.Index(i), inh, depth+1, seen)
		}
		return
	}
	f.pages = append(f.pages, pageInfo{v: node, res: inh.res, box: pageBox(inh.media, inh.crop), rotate: normRotate(inh.rotate.Float64())})
}

func rectValue(v pdf.Value) ([4]float64, bool) {
	if v.Kind() != pdf.Array || v.Len() != 4 {
		return [4]float64{}, false
	}
	var r [4]float64
	for i := range r {
		r[i] = v.Index(i).Float64()
	}
	r = [4]float64{math.Min(r[0], r[2]), math.Min(r[1], r[3]), math.Max(r[0], r[2]), math.Max(r[1], r[3])}
	if r[2]-r[0] < 1 || r[3]-r[1] < 1 {
		return r, false
	}
	return r, true
}

func pageBox(media, crop pdf.Value) [4]float64 {
	box, ok := rectValue(media)
	if !ok {
		box = [4]float64{0, 0, 612, 792}
	}
	if c, ok := rectValue(crop); ok {
		c = [4]float64{math.Max(c[0], box[0]), math.Max(c[1], box[1]), math.Min(c[2], box[2]), math.Min(c[3], box[3])}
		if c[2]-c[0] >= 1 && c[3]-c[1] >= 1 {
			box = c
		}
	}
	return box
}

func normRotate(r float64) int {
	n := int(r) % 360
	if n < 0 {
		n += 360
	}
	return (n + 45) / 90 * 90 % 360
}

// NumPages is the number of pages.
func (f *File) NumPages() int {
	if f == nil {
		return 0
	}
	return len(f.pages)
}

// Close releases the file.
func (f *File) Close() error {
	if f == nil || f.osf == nil {
		return nil
	}
	err := f.osf.Close()
	f.osf = nil
	return err
}

// Page extracts page n (1-based). A malformed page gives an error naming the file and page;
// it never panics, and other pages are unaffected.
func (f *File) Page(n int) (p *Page, err error) {
	if f == nil {
		return nil, fmt.Errorf("page %d: file not open", n)
	}
	if n < 1 || n > len(f.pages) {
		return nil, fmt.Errorf("%s: page %d: out of range (the file has %d pages)", f.Path, n, len(f.pages))
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%s: page %d: malformed page: %v", f.Path, n, r)
		}
	}()
	pi := f.pages[n-1]
	if pi.v.Kind() != pdf.Dict {
		// A dangling /Kids entry: the slot is kept so later pages keep their numbers.
		return nil, fmt.Errorf("%s: page %d: page object missing from the file or not a dictionary", f.Path, n)
	}
	pm := pageMatrix(pi.box, pi.rotate)
	w, h := pi.box[2]-pi.box[0], pi.box[3]-pi.box[1]
	if pi.rotate == 90 || pi.rotate == 270 {
		w, h = h, w
	}
	p = &Page{Number: n, Width: w, Height: h, Rotate: pi.rotate, Words: []Word{}, Rules: []Rule{}, Images: []Image{}}
	in := &interp{file: f}
	in.gs = gstate{ctm: pm, lineWidth: 1, th: 1, clip: Box{X0: 0, Y0: 0, X1: w, Y1: h}}
	contents := pi.v.Key("Contents")
	if ref, ok := rawRef(pi.v, "Contents"); ok && contents.Kind() == pdf.Null {
		// Not a blank page: its content is lost, and saying so keeps it from passing as empty.
		return nil, fmt.Errorf("%s: page %d: /Contents refers to object %d, missing from the file", f.Path, n, ref.num)
	}
	data, err := pageContent(contents)
	if err != nil {
		return nil, fmt.Errorf("%s: page %d: %w", f.Path, n, err)
	}
	in.contentBytes = int64(len(data))
	in.run(data, f.resourcesFor(pi.res))
	if in.stop != nil {
		return nil, fmt.Errorf("%s: page %d: %w", f.Path, n, in.stop)
	}
	buildPage(p, in)
	return p, nil
}

// pageContent concatenates a page's content streams (a stream or an array of streams).
func pageContent(c pdf.Value) ([]byte, error) {
	switch c.Kind() {
	case pdf.Stream:
		data, err := readStreamLimit(c, maxPageContent)
		if err != nil {
			return nil, fmt.Errorf("content stream: %w", err)
		}
		return data, nil
	case pdf.Array:
		var all []byte
		for i := 0; i < c.Len(); i++ {
			data, err := readStreamLimit(c.Index(i), maxPageContent-int64(len(all)))
			if le := (*LimitError)(nil); errors.As(err, &le) {
				return nil, limitErr("content bytes per page", "content streams 1–%d decode to more than %d MiB", i+1, maxPageContent>>20)
			}
			if err != nil {
				return nil, fmt.Errorf("content stream %d: %w", i, err)
			}
			all = append(all, data...)
			all = append(all, '\n') // streams split between tokens
		}
		return all, nil
	case pdf.Null:
		return nil, nil
	}
	return nil, fmt.Errorf("page /Contents is a %s, not a stream or an array of streams", kindName(c.Kind()))
}

// kindName names a PDF object kind for error messages (pdf.ValueKind has no String method).
func kindName(k pdf.ValueKind) string {
	switch k {
	case pdf.Bool:
		return "boolean"
	case pdf.Integer:
		return "integer"
	case pdf.Real:
		return "real number"
	case pdf.String:
		return "string"
	case pdf.Name:
		return "name"
	case pdf.Dict:
		return "dictionary"
	case pdf.Array:
		return "array"
	case pdf.Stream:
		return "stream"
	}
	return "null"
}

func (f *File) resourcesFor(v pdf.Value) *resources { return newResources(v) }

// fontFor returns the parsed font for a font dictionary, parsing each font object once per file.
func (f *File) fontFor(v pdf.Value, parent objRef, name string, report func(error)) *font {
	key := fontKey{ref: refOf(v)}
	if key.ref == parent || key.ref.num == 0 {
		key.name = name // a direct font dictionary: identify it by where it sits
	}
	f.mu.Lock()
	ft, ok := f.fonts[key]
	f.mu.Unlock()
	if ok {
		return ft
	}
	ft, err := loadFont(v)
	if err != nil {
		report(err)
		ft = missingFont
	}
	f.mu.Lock()
	f.fonts[key] = ft
	f.mu.Unlock()
	return ft
}

// rawRef returns the indirect reference stored under key in dictionary d without resolving
// it (resolving re-reads the object, inflating its object stream again each time), so that
// cached objects can be found by reference first.
func rawRef(d pdf.Value, key string) (objRef, bool) {
	defer func() { recover() }()
	data := reflect.ValueOf(d).FieldByName("data")
	if !data.IsValid() || data.Kind() != reflect.Interface || data.IsNil() {
		return objRef{}, false
	}
	m := data.Elem()
	if m.Kind() != reflect.Map {
		return objRef{}, false
	}
	e := m.MapIndex(reflect.ValueOf(key).Convert(m.Type().Key()))
	if !e.IsValid() {
		return objRef{}, false
	}
	if e.Kind() == reflect.Interface {
		e = e.Elem()
	}
	if e.Kind() != reflect.Struct || e.NumField() != 2 || e.Type().Name() != "objptr" {
		return objRef{}, false
	}
	return objRef{num: uint32(e.Field(0).Uint()), gen: uint16(e.Field(1).Uint())}, true
}

// refOf returns the object number a Value was resolved from. ledongthuc/pdf keeps it in an
// unexported field; reading it through reflect is the only way to identify objects (for the
// font cache, loop detection and Image.ObjNum). For a direct object it is the object that
// contains it.
func refOf(v pdf.Value) objRef {
	rv := reflect.ValueOf(v)
	p := rv.FieldByName("ptr")
	if !p.IsValid() || p.NumField() < 2 {
		return objRef{}
	}
	return objRef{num: uint32(p.Field(0).Uint()), gen: uint16(p.Field(1).Uint())}
}
