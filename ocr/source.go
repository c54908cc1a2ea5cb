package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os/exec"
	"strconv"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

// raster is a page image ready for recognition with the map back to the page.
type raster struct {
	g *gray
	// toPage maps raster pixel coordinates (x right, y down) to the upright page frame.
	toPage extract.Matrix
	// dpi is the raster's resolution on the page.
	dpi  float64
	from string // "image Im0 (DCTDecode)" or "pdftoppm 300 dpi": for notes
}

// maxOCRPixels bounds an image decoded, or a page rendered, for OCR: a 600-dpi A3 scan is
// 70 million pixels; a 100000×100000 image (10^10) would exhaust memory first.
const maxOCRPixels = 150_000_000

// renderDPI is the resolution pages are rendered at when they must be rendered.
const renderDPI = 300

// pageRasters returns what to recognise on a page: the placed images themselves for
// scanned pages (no renderer needed, exact placement), or a rendering by pdftoppm for
// undecodable pages, JPX/JBIG2 images and placements that cannot be used directly.
func (e *Engine) pageRasters(path string, page *extract.Page) ([]raster, []string, error) {
	var notes []string
	for _, im := range page.Images {
		if px := int64(im.PixelWidth) * int64(im.PixelHeight); px > maxOCRPixels {
			return nil, nil, fmt.Errorf("image %s is %d×%d pixels, more than %d million (limit: OCR pixels)", im.Name, im.PixelWidth, im.PixelHeight, maxOCRPixels/1_000_000)
		}
	}
	if page.Verdict != extract.VerdictUndecodable {
		rs, why := imageRasters(path, page)
		if why == "" {
			return rs, notes, nil
		}
		notes = append(notes, "ocr: "+why+"; rendering the page")
	}
	// A page so large that its rendering would not fit is a failed page, and so is a
	// rendering that does not have the page's size (never "0 words" from a speck).
	ew, eh := page.Width*renderDPI/72, page.Height*renderDPI/72
	if ew*eh > maxOCRPixels {
		return nil, notes, fmt.Errorf("page is %.0f×%.0f pt: rendering it at %d dpi would take more than %d million pixels (limit: OCR pixels)", page.Width, page.Height, renderDPI, maxOCRPixels/1_000_000)
	}
	r, err := e.render(path, page.Number)
	if err != nil {
		return nil, notes, err
	}
	// (pdftoppm renders the MediaBox, which may be larger than the page's CropBox.)
	if w, h := float64(r.g.w), float64(r.g.h); w < ew/2 || h < eh/2 {
		return nil, notes, fmt.Errorf("page rendered to %.0f×%.0f pixels, expected %.0f×%.0f at %d dpi", w, h, ew, eh, renderDPI)
	}
	return []raster{r}, notes, nil
}

// imageRasters turns the images extract found placed on the page into rasters. It returns a
// reason (and no rasters) when the page must be rendered instead.
func imageRasters(path string, page *extract.Page) ([]raster, string) {
	pageArea := page.Width * page.Height
	var use []extract.Image
	for _, im := range page.Images {
		area := (im.X1 - im.X0) * (im.Y1 - im.Y0)
		if area < 0.02*pageArea || im.PixelWidth < 50 || im.PixelHeight < 50 {
			continue // logos, stamps, specks: not page content worth OCR
		}
		if im.ObjNum == 0 {
			// Inline images have no object to fetch; the renderer draws them.
			return nil, fmt.Sprintf("image %s is an inline image", im.Name)
		}
		use = append(use, im)
	}
	if len(use) == 0 {
		return nil, "no usable image on the page"
	}
	ctx, err := openPDF(path)
	if err != nil {
		return nil, fmt.Sprintf("images not readable directly (%v)", err)
	}
	out := make([]raster, 0, len(use))
	for _, im := range use {
		pix, err := imagePixels(ctx, im)
		if err != nil {
			if errors.Is(err, errNeedsRenderer) {
				return nil, fmt.Sprintf("image %s is %s", im.Name, im.Filter)
			}
			return nil, err.Error()
		}
		g := toGray(pix)
		if g.w != im.PixelWidth || g.h != im.PixelHeight {
			return nil, fmt.Sprintf("image %s decoded to %dx%d, expected %dx%d", im.Name, g.w, g.h, im.PixelWidth, im.PixelHeight)
		}
		r, ok := alignRaster(g, pixelToPage(im))
		if !ok {
			return nil, fmt.Sprintf("image %s is placed skewed or mirrored", im.Name)
		}
		r.from = fmt.Sprintf("image %s (%s)", im.Name, im.Filter)
		out = append(out, r)
	}
	return out, ""
}

// alignRaster turns an image by quarter turns so that its pixel axes run along the page's
// (x right, y down), which every later step assumes.
func alignRaster(g *gray, toPage extract.Matrix) (raster, bool) {
	for k := 0; k < 4; k++ {
		rg, inv := g.rotate90(k)
		m := inv.Mul(toPage)
		if m[0] > 0 && m[3] > 0 && math.Abs(m[1]) < 1e-6*m[0] && math.Abs(m[2]) < 1e-6*m[3] {
			dpi := 72 / math.Sqrt(m[0]*m[3])
			return raster{g: rg, toPage: m, dpi: dpi}, true
		}
	}
	return raster{}, false
}

// render rasterises one page with pdftoppm (an optional runtime dependency: without it,
// pages that need rendering fail with a clear error and the rest of the document goes on).
func (e *Engine) render(path string, n int) (raster, error) {
	exe, err := exec.LookPath("pdftoppm")
	if err != nil {
		return raster{}, errors.New("page needs rendering but pdftoppm is not installed (Debian: apt-get install poppler-utils)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, "-r", strconv.Itoa(renderDPI), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), path)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return raster{}, fmt.Errorf("pdftoppm: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	img, err := readPPM(&out)
	if err != nil {
		return raster{}, fmt.Errorf("pdftoppm output: %w", err)
	}
	s := 72.0 / renderDPI
	return raster{g: toGray(img), toPage: scale(s, s), dpi: renderDPI, from: fmt.Sprintf("pdftoppm %d dpi", renderDPI)}, nil
}

// readPPM reads the binary PPM (P6) or PGM (P5) pdftoppm writes to stdout.
func readPPM(r io.Reader) (image.Image, error) {
	br := bufio.NewReader(r)
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(br, &magic, &w, &h, &maxv); err != nil {
		return nil, err
	}
	if _, err := br.ReadByte(); err != nil { // the single whitespace after the header
		return nil, err
	}
	if w <= 0 || h <= 0 || maxv != 255 || w*h > 200_000_000 {
		return nil, fmt.Errorf("unsupported PNM %s %dx%d max %d", magic, w, h, maxv)
	}
	switch magic {
	case "P5":
		g := image.NewGray(image.Rect(0, 0, w, h))
		if _, err := io.ReadFull(br, g.Pix); err != nil {
			return nil, err
		}
		return g, nil
	case "P6":
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		row := make([]byte, 3*w)
		for y := 0; y < h; y++ {
			if _, err := io.ReadFull(br, row); err != nil {
				return nil, err
			}
			p := img.Pix[y*img.Stride:]
			for x := 0; x < w; x++ {
				p[4*x], p[4*x+1], p[4*x+2], p[4*x+3] = row[3*x], row[3*x+1], row[3*x+2], 255
			}
		}
		return img, nil
	}
	return nil, fmt.Errorf("unsupported PNM type %q", magic)
}
