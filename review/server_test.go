package review_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/pipeline"
	"github.com/budgetpdf/budgetpdf/review"
)

const sample = "../fixtures/sample/changji-hitech-zone-2026-budget.pdf"

// convertSample converts the bundled sample into a temporary folder.
func convertSample(t *testing.T) (out, id string) {
	t.Helper()
	in, err := pipeline.Expand([]string{sample})
	if err != nil {
		t.Fatal(err)
	}
	out = t.TempDir()
	sum, err := pipeline.RunBatch(context.Background(), in, pipeline.BatchOptions{Out: out, ToolVersion: "test"})
	if err != nil || sum.Results[0].Status != pipeline.StatusConverted {
		t.Fatalf("convert: %v %+v", err, sum)
	}
	return out, in[0].DocID
}

// reexport is what `budgetpdf apply OUT` runs.
func reexport(ctx context.Context, out string) error {
	in, formats, lang, err := pipeline.Converted(out)
	if err != nil {
		return err
	}
	sum, err := pipeline.RunBatch(ctx, in, pipeline.BatchOptions{Out: out, Formats: formats, Lang: lang, Resume: true, ToolVersion: "test"})
	if err != nil {
		return err
	}
	for _, r := range sum.Results {
		if r.Status == pipeline.StatusFailed {
			return errors.New(r.Error)
		}
	}
	return nil
}

func get(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestServeCorpus converts the real corpus (text layer only: the scanned Changsha notice's
// pages are failed pages, still shown) and asks the app for /, every document's page and
// the page image of each document's first table; a warm page comes from memory.
func TestServeCorpus(t *testing.T) {
	in, err := pipeline.Expand([]string{corpus.Real(t), sample})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := pipeline.RunBatch(context.Background(), in, pipeline.BatchOptions{Out: out, ToolVersion: "test", Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(review.New(out, "tester").Handler())
	defer ts.Close()

	code, _, body := get(t, ts.URL+"/")
	if code != 200 {
		t.Fatalf("/: %d", code)
	}
	var worst time.Duration
	for _, r := range sum.Results {
		if !strings.Contains(string(body), `href="/doc/`+r.DocID+`"`) {
			t.Errorf("/ does not link %s", r.DocID)
		}
		code, ctype, page := get(t, ts.URL+"/doc/"+r.DocID)
		if code != 200 || !strings.HasPrefix(ctype, "text/html") || strings.Count(string(page), "<table class=\"t\"") != r.Tables {
			t.Errorf("/doc/%s: %d %s, %d tables shown, %d converted", r.DocID, code, ctype, strings.Count(string(page), "<table class=\"t\""), r.Tables)
			continue
		}
		n := firstTablePage(t, filepath.Join(out, r.DocID))
		url := ts.URL + "/doc/" + r.DocID + "/page/" + strconv.Itoa(n) + ".png"
		code, ctype, png := get(t, url)
		if code != 200 || ctype != "image/png" || len(png) < 1000 || string(png[1:4]) != "PNG" {
			t.Errorf("%s: %d %s %d bytes", url, code, ctype, len(png))
			continue
		}
		start := time.Now()
		code, _, again := get(t, url)
		worst = max(worst, time.Since(start))
		if code != 200 || len(again) != len(png) {
			t.Errorf("%s warm: %d, %d bytes (cold %d)", url, code, len(again), len(png))
		}
	}
	t.Logf("slowest warm page: %v", worst)
	for _, bad := range []string{"/doc/nothing", "/doc/" + sum.Results[0].DocID + "/page/9999.png", "/doc/..%2f..%2fetc/page/1.png"} {
		if code, _, _ := get(t, ts.URL+bad); code != 404 {
			t.Errorf("%s: %d, want 404", bad, code)
		}
	}
}

// firstTablePage is the page the document's first table starts on (1 without tables).
func firstTablePage(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, export.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := export.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tables) > 0 && len(d.Tables[0].Pages) > 0 {
		return d.Tables[0].Pages[0]
	}
	return 1
}
