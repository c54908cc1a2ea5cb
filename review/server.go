// Package review is the web app behind `budgetpdf serve OUT`: a local review page over a
// converted batch. `/` lists the documents; `/doc/<id>` shows each table as printed beside
// the page image with what the pipeline saw drawn over it, and the findings, each linked to
// its cells; a reviewer corrects a cell or dismisses a finding (stored in
// OUT/<id>/corrections.json) and re-exports, which reconverts the documents whose
// corrections changed into every format.
//
// Decisions: the standard library only (net/http, html/template, a little inline
// JavaScript; no build chain). The app reads what convert wrote (conversion.json,
// document.json) and the source PDFs; it never writes an output itself: corrections go to
// corrections.json and the reconversion is the batch's own (Apply), so the outputs the app
// shows are exactly the files a user gets. Page PNGs are cached in memory by document,
// page and conversion (document.json's modification time), rasters by source and page:
// a warm page is served from memory.
package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/budgetpdf/budgetpdf/corrections"
	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/overlay"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

// Server serves one output folder.
type Server struct {
	Out  string
	User string // who corrections are recorded as
	DPI  int    // page image resolution (default overlay.DefaultDPI)
	// Apply reconverts the documents whose corrections changed (budgetpdf apply); nil
	// disables re-export from the page.
	Apply func(ctx context.Context) error
	Now   func() time.Time

	mu      sync.Mutex
	docs    map[string]*loadedDoc
	pngs    *lru[[]byte]
	rasters *lru[image.Image]
	applyMu sync.Mutex
}

type loadedDoc struct {
	mod time.Time
	doc *export.JSONDocument
}

// New returns a server over out.
func New(out, user string) *Server {
	return &Server{Out: out, User: user, DPI: overlay.DefaultDPI, Now: time.Now,
		docs: map[string]*loadedDoc{}, pngs: newLRU[[]byte](64), rasters: newLRU[image.Image](32)}
}

// Handler is the app.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /doc/{id}", s.document)
	mux.HandleFunc("GET /doc/{id}/page/{file}", s.page)
	mux.HandleFunc("POST /doc/{id}/corrections", s.correct)
	mux.HandleFunc("POST /apply", s.apply)
	return mux
}

// docDir is a document's folder; ids are folder names, never paths.
func (s *Server) docDir(id string) (string, error) {
	if id == "" || id != filepath.Base(id) || strings.HasPrefix(id, ".") {
		return "", fmt.Errorf("no document %q", id)
	}
	return filepath.Join(s.Out, id), nil
}

// load reads a document's document.json (cached until the file changes).
func (s *Server) load(id string) (*export.JSONDocument, time.Time, error) {
	dir, err := s.docDir(id)
	if err != nil {
		return nil, time.Time{}, err
	}
	p := filepath.Join(dir, export.JSONFile)
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if _, cerr := pipeline.ReadConversion(dir); cerr == nil {
				return nil, time.Time{}, fmt.Errorf("%s: no %s: convert with --format including json to review it", id, export.JSONFile)
			}
			return nil, time.Time{}, fmt.Errorf("no document %q in %s", id, s.Out)
		}
		return nil, time.Time{}, err
	}
	s.mu.Lock()
	if d := s.docs[id]; d != nil && d.mod.Equal(st.ModTime()) {
		s.mu.Unlock()
		return d.doc, d.mod, nil
	}
	s.mu.Unlock()
	f, err := os.Open(p)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	doc, err := export.ReadJSON(f)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", p, err)
	}
	s.mu.Lock()
	s.docs[id] = &loadedDoc{mod: st.ModTime(), doc: doc}
	s.mu.Unlock()
	return doc, st.ModTime(), nil
}

// documents lists the converted documents (conversion.json) and, from run.json, those of
// the last run that failed.
func (s *Server) documents() ([]pipeline.DocResult, error) {
	ents, err := os.ReadDir(s.Out)
	if err != nil {
		return nil, err
	}
	var out []pipeline.DocResult
	seen := map[string]bool{}
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		r, err := pipeline.ReadConversion(filepath.Join(s.Out, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, *r)
		seen[r.DocID] = true
	}
	// run.json (docs/OUTPUT.md) names the documents of the last run that failed.
	var run struct {
		Documents []pipeline.DocResult `json:"documents"`
	}
	if b, err := os.ReadFile(filepath.Join(s.Out, pipeline.RunFile)); err == nil && json.Unmarshal(b, &run) == nil {
		for _, d := range run.Documents {
			if !seen[d.DocID] && d.Status == pipeline.StatusFailed {
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, nil
}

// page serves /doc/<id>/page/<n>.png: the page with the overlay.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".png"))
	if err != nil || !strings.HasSuffix(r.PathValue("file"), ".png") || n < 1 {
		http.Error(w, "page: want <n>.png", http.StatusNotFound)
		return
	}
	b, err := s.pagePNG(r.Context(), id, n)
	if err != nil {
		http.Error(w, err.Error(), statusOf(err))
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

type notFound struct{ error }

func statusOf(err error) int {
	var nf notFound
	if errors.As(err, &nf) {
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// PagePNG renders page n of a document with its overlay (cached).
func (s *Server) pagePNG(ctx context.Context, id string, n int) ([]byte, error) {
	doc, mod, err := s.load(id)
	if err != nil {
		return nil, notFound{err}
	}
	if n > doc.Pages {
		return nil, notFound{fmt.Errorf("%s has %d pages, not %d", id, doc.Pages, n)}
	}
	key := fmt.Sprintf("%s|%d|%d|%d", id, n, mod.UnixNano(), s.DPI)
	if b, ok := s.pngs.get(key); ok {
		return b, nil
	}
	src := doc.SourceFile
	rkey := fmt.Sprintf("%s|%d|%d", doc.SHA256, n, s.DPI)
	img, ok := s.rasters.get(rkey)
	if !ok {
		if img, err = overlay.Render(ctx, src, n, s.DPI); err != nil {
			return nil, err
		}
		s.rasters.put(rkey, img)
	}
	var page *extract.Page
	if f, err := extract.Open(src); err == nil {
		page, _ = f.Page(n) // a page that cannot be read still shows its image
		f.Close()
	}
	layers := overlay.FromDocument(doc.Document, page, n)
	if page == nil || len(page.Words) == 0 {
		// No text layer (a scanned page): the overlay is the document's cells only; the
		// page size comes from the rendering.
		b := img.Bounds()
		layers.Width, layers.Height = float64(b.Dx())*72/float64(s.DPI), float64(b.Dy())*72/float64(s.DPI)
		if page != nil && page.Width > 0 {
			layers.Width, layers.Height = page.Width, page.Height
		}
	}
	b, err := overlay.EncodePNG(overlay.Draw(img, layers))
	if err != nil {
		return nil, err
	}
	s.pngs.put(key, b)
	return b, nil
}

// correct stores one correction from the page's form.
func (s *Server) correct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	doc, _, err := s.load(id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	c, err := s.correctionFrom(r, doc)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	dir, _ := s.docDir(id)
	if _, err := corrections.Add(corrections.Path(dir), id, doc.SHA256, c, s.Now()); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Header.Get("Accept") == "application/json" {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "{\"ok\":true,\"pending\":%d}\n", len(s.pending(id)))
		return
	}
	http.Redirect(w, r, "/doc/"+id, http.StatusSeeOther)
}

// apply reconverts the documents whose corrections changed.
func (s *Server) apply(w http.ResponseWriter, r *http.Request) {
	if s.Apply == nil {
		http.Error(w, "re-export is not available in this server", http.StatusNotImplemented)
		return
	}
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	if err := s.Apply(r.Context()); err != nil {
		http.Error(w, "re-export: "+err.Error(), http.StatusInternalServerError)
		return
	}
	back := r.FormValue("back")
	if back == "" || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/"
	}
	if r.Header.Get("Accept") == "application/json" {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"ok":true}`)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// pending lists the corrections stored since the document was last converted.
func (s *Server) pending(id string) []corrections.Correction {
	dir, err := s.docDir(id)
	if err != nil {
		return nil
	}
	set, err := corrections.Read(corrections.Path(dir))
	if err != nil || set == nil {
		return nil
	}
	h, _ := corrections.Hash(corrections.Path(dir))
	rec, err := pipeline.ReadConversion(dir)
	if err != nil {
		return set.Corrections
	}
	if rec.CorrectionsSHA256 == h {
		return nil
	}
	var out []corrections.Correction
	for _, c := range set.Corrections {
		if c.At >= rec.ConvertedAt { // both RFC 3339 UTC: ordered as strings
			out = append(out, c)
		}
	}
	return out
}
