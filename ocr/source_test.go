package ocr

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestImageRasters checks how a scanned page's pixels are taken from the images extract
// placed on it: mapped onto the whole page whatever the page's /Rotate, and a clear reason
// to render the page instead when the placement or the object cannot be used.
func TestImageRasters(t *testing.T) {
	const pxW, pxH, dpi = 200, 300, 100
	src := image.NewRGBA(image.Rect(0, 0, pxW, pxH))
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	for x := 20; x < 180; x++ { // a rule, so the image is not blank
		src.Set(x, 50, color.Black)
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, src, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, rotate int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, imagePDF(jb.Bytes(), pxW, pxH, dpi, rotate), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	upright, turned := write("upright.pdf", 0), write("turned.pdf", 90)
	garbage := filepath.Join(dir, "garbage.pdf")
	if err := os.WriteFile(garbage, []byte("not a PDF"), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		pdf  string // the file extract reads
		read string // the file the pixels are read from (pdf when empty)
		edit func(*extract.Page)
		why  string // substring of the reason to render; "" when the image is used
	}{
		{name: "upright scan", pdf: upright},
		{name: "scan on a /Rotate 90 page", pdf: turned},
		{name: "no image", pdf: upright, edit: func(p *extract.Page) { p.Images = nil }, why: "no usable image on the page"},
		{name: "only a speck", pdf: upright, edit: func(p *extract.Page) { p.Images[0].X1, p.Images[0].Y1 = 10, 10 }, why: "no usable image on the page"},
		{name: "inline image", pdf: upright, edit: func(p *extract.Page) { p.Images[0].ObjNum, p.Images[0].Name = 0, "(inline)" }, why: "image (inline) is an inline image"},
		{name: "JPEG 2000", pdf: upright, edit: func(p *extract.Page) { p.Images[0].Filter = "JPXDecode" }, why: "image Im0 is JPXDecode"},
		{name: "object is the content stream", pdf: upright, edit: func(p *extract.Page) { p.Images[0].ObjNum = 4 }, why: "object 4 is not an image XObject"},
		{name: "object missing", pdf: upright, edit: func(p *extract.Page) { p.Images[0].ObjNum = 99 }, why: "object 99 not found"},
		{name: "pixel size disagrees", pdf: upright, edit: func(p *extract.Page) { p.Images[0].PixelWidth = 400 }, why: "decoded to 200x300, expected 400x300"},
		{name: "placed skewed", pdf: upright, edit: func(p *extract.Page) { p.Images[0].Matrix[1] = 30 }, why: "placed skewed or mirrored"},
		{name: "file unreadable by pdfcpu", pdf: upright, read: garbage, why: "images not readable directly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page := extractedPage(t, c.pdf, 1, extract.VerdictImage)
			if c.edit != nil {
				c.edit(page)
			}
			read := c.read
			if read == "" {
				read = c.pdf
			}
			rs, why := imageRasters(read, page)
			if c.why != "" {
				if len(rs) != 0 || !strings.Contains(why, c.why) {
					t.Fatalf("%d rasters, reason %q; want none and a reason containing %q", len(rs), why, c.why)
				}
				return
			}
			if why != "" || len(rs) != 1 {
				t.Fatalf("%d rasters, reason %q; want the image", len(rs), why)
			}
			r := rs[0]
			b := r.toPage.Bounds(0, 0, float64(r.g.w), float64(r.g.h))
			if r.g.w != pxW || r.g.h != pxH || math.Abs(r.dpi-dpi) > 0.01 ||
				math.Abs(b.X0) > 0.01 || math.Abs(b.Y0) > 0.01 || math.Abs(b.X1-page.Width) > 0.01 || math.Abs(b.Y1-page.Height) > 0.01 {
				t.Errorf("raster %dx%d at %.2f dpi covers %+v; want %dx%d at %d dpi over the %gx%g page", r.g.w, r.g.h, r.dpi, b, pxW, pxH, dpi, page.Width, page.Height)
			}
			// The rule drawn 50 px from the image's top is 36 pt from the page's top.
			if _, y := r.toPage.Apply(100, 50); math.Abs(y-36) > 0.01 {
				t.Errorf("pixel row 50 lands at y %.2f, want 36", y)
			}
		})
	}
}
