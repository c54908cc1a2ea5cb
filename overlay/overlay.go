// Package overlay draws what the pipeline saw on a page image: the words, the ruling lines,
// the table regions, the grid (column bounds, header split) and the cells, with cells of a
// finding, repaired and corrected cells marked. `budgetpdf serve` shows it beside the
// tables; `budgetpdf inspect --png` writes it for debugging the tables stage (what
// pdfplumber's debug_tablefinder and camelot.plot give their users).
//
// Decisions: pages are rendered by pdftoppm (poppler-utils, already a dependency of the
// OCR path) for born-digital and scanned pages alike: it composes the page exactly as
// printed, /Rotate and image placement included, in the upright frame every box of the
// pipeline uses. Drawing is image/draw on an RGBA copy: translucent fills for regions and
// marked cells, one-pixel outlines for words, rules and grid lines. PNGs are encoded with
// BestSpeed: a page at 100 dpi is ~1 MB either way, and encoding time is what a warm
// page costs when its overlay changes.
package overlay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os/exec"
	"strconv"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

// DefaultDPI is the resolution pages are rendered at for the screen.
const DefaultDPI = 100

// Render rasterises one page of a PDF with pdftoppm, at dpi.
func Render(ctx context.Context, path string, page, dpi int) (image.Image, error) {
	exe, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, errors.New("rendering a page needs pdftoppm (Debian: apt-get install poppler-utils)")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-png", "-singlefile", path)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: page %d: pdftoppm: %v: %s", path, page, err, bytes.TrimSpace(stderr.Bytes()))
	}
	img, err := png.Decode(&out)
	if err != nil {
		return nil, fmt.Errorf("%s: page %d: pdftoppm output: %w", path, page, err)
	}
	return img, nil
}

// Mark says how a cell is drawn.
type Mark int

const (
	MarkCell      Mark = iota // an ordinary cell: a thin outline
	MarkRepaired              // a value the pipeline repaired (a joined split number): yellow
	MarkLowConf               // read with low confidence (OCR): orange
	MarkCorrected             // corrected by a reviewer: green
	MarkFinding               // a finding is about it: red
)

// Cell is one cell to draw.
type Cell struct {
	Box  extract.Box
	Mark Mark
}

// Layers is everything drawn over a page, in page points (upright frame, y down).
type Layers struct {
	Width, Height float64 // the page's size in points
	Words         []extract.Box
	Rules         []extract.Rule
	Regions       []extract.Box
	// Columns are vertical grid lines (column bounds), HeaderSplits horizontal ones (where
	// a table's header ends), each within its region.
	Columns      []Line
	HeaderSplits []Line
	Cells        []Cell
}

// Line is a grid line from (X0,Y0) to (X1,Y1).
type Line struct{ X0, Y0, X1, Y1 float64 }

var (
	colWord     = color.NRGBA{0x1f, 0x77, 0xb4, 0x90}
	colRule     = color.NRGBA{0x80, 0x00, 0x80, 0xd0}
	colRegion   = color.NRGBA{0x1f, 0x77, 0xb4, 0x18}
	colRegionLn = color.NRGBA{0x1f, 0x77, 0xb4, 0xc0}
	colGrid     = color.NRGBA{0x2c, 0xa0, 0x2c, 0xb0}
	colHeader   = color.NRGBA{0xff, 0x7f, 0x0e, 0xd0}
	colCell     = color.NRGBA{0x60, 0x60, 0x60, 0x70}
	markFill    = map[Mark]color.NRGBA{
		MarkRepaired:  {0xff, 0xe0, 0x00, 0x70},
		MarkLowConf:   {0xff, 0x90, 0x00, 0x70},
		MarkCorrected: {0x00, 0xc0, 0x40, 0x70},
		MarkFinding:   {0xff, 0x00, 0x00, 0x50},
	}
	markLine = map[Mark]color.NRGBA{
		MarkRepaired:  {0xc0, 0xa0, 0x00, 0xff},
		MarkLowConf:   {0xd0, 0x60, 0x00, 0xff},
		MarkCorrected: {0x00, 0x90, 0x30, 0xff},
		MarkFinding:   {0xe0, 0x00, 0x00, 0xff},
	}
)

// Draw returns a copy of img with the layers drawn over it. The scale is the image's
// width over the page's width in points.
func Draw(img image.Image, l Layers) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	sx, sy := 1.0, 1.0
	if l.Width > 0 && l.Height > 0 {
		sx, sy = float64(b.Dx())/l.Width, float64(b.Dy())/l.Height
	}
	px := func(bx extract.Box) image.Rectangle {
		return image.Rect(int(math.Floor(bx.X0*sx)), int(math.Floor(bx.Y0*sy)), int(math.Ceil(bx.X1*sx)), int(math.Ceil(bx.Y1*sy)))
	}
	for _, r := range l.Regions {
		fill(out, px(r), colRegion)
		outline(out, px(r), colRegionLn, 2)
	}
	for _, w := range l.Words {
		outline(out, px(w), colWord, 1)
	}
	for _, r := range l.Rules {
		box := extract.Box{X0: r.X0, Y0: r.Y0, X1: r.X1, Y1: r.Y1}
		rect := px(box)
		if rect.Dx() < 2 {
			rect.Max.X = rect.Min.X + 2
		}
		if rect.Dy() < 2 {
			rect.Max.Y = rect.Min.Y + 2
		}
		fill(out, rect, colRule)
	}
	for _, g := range l.Columns {
		fill(out, px(extract.Box{X0: g.X0, Y0: g.Y0, X1: g.X0, Y1: g.Y1}).Inset(-1), colGrid)
	}
	for _, h := range l.HeaderSplits {
		fill(out, px(extract.Box{X0: h.X0, Y0: h.Y0, X1: h.X1, Y1: h.Y0}).Inset(-1), colHeader)
	}
	for _, c := range l.Cells {
		r := px(c.Box).Inset(-1)
		if c.Mark == MarkCell {
			outline(out, r, colCell, 1)
			continue
		}
		fill(out, r, markFill[c.Mark])
		outline(out, r, markLine[c.Mark], 2)
	}
	return out
}

func fill(dst *image.RGBA, r image.Rectangle, c color.NRGBA) {
	draw.Draw(dst, r.Intersect(dst.Bounds()), image.NewUniform(c), image.Point{}, draw.Over)
}

func outline(dst *image.RGBA, r image.Rectangle, c color.NRGBA, w int) {
	fill(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), c)
	fill(dst, image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y), c)
	fill(dst, image.Rect(r.Min.X, r.Min.Y+w, r.Min.X+w, r.Max.Y-w), c)
	fill(dst, image.Rect(r.Max.X-w, r.Min.Y+w, r.Max.X, r.Max.Y-w), c)
}

// EncodePNG encodes img fast (BestSpeed).
func EncodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
