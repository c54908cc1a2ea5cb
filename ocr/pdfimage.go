package ocr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DCTDecode images
	_ "image/png"  // Flate/LZW images as pdfcpu renders them
	"io"
	"os"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	_ "golang.org/x/image/tiff" // CMYK images as pdfcpu renders them

	"github.com/budgetpdf/budgetpdf/extract"
)

// pdfPage is what the OCR stage reads from a PDF page by itself: its upright size and its
// placed images with their pixels (when Go can decode them).
type pdfPage struct {
	width, height float64
	rotate        int
	images        []placedImage
}

// placedImage is one image XObject drawn on the page.
type placedImage struct {
	info extract.Image
	// toPage maps image pixel coordinates (u right, v down, in pixels of the image) to the
	// upright page frame.
	toPage affine
	// pix is the decoded image; nil when the filter needs the external renderer (JPX,
	// JBIG2) — decodeErr then says why.
	pix       image.Image
	decodeErr error
}

// errNeedsRenderer marks images Go cannot decode (JPEG 2000, JBIG2).
var errNeedsRenderer = errors.New("image needs the external renderer")

// readPDFPage opens path with pdfcpu and reads page n's geometry and images.
func readPDFPage(path string, n int) (pg *pdfPage, err error) {
	defer func() {
		if r := recover(); r != nil { // pdfcpu on a malformed file
			err = fmt.Errorf("read page images: %v", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := pdfcpu.Read(f, conf)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	d, _, inh, err := ctx.PageDict(n, false)
	if err != nil {
		return nil, fmt.Errorf("page dict: %w", err)
	}
	box := inh.CropBox
	if box == nil {
		box = inh.MediaBox
	}
	if box == nil {
		return nil, errors.New("page has no MediaBox")
	}
	rot := ((inh.Rotate % 360) + 360) % 360
	toUpright, w, h := uprightMap(box.LL.X, box.LL.Y, box.UR.X, box.UR.Y, rot)
	pg = &pdfPage{width: w, height: h, rotate: rot}

	content, err := ctx.PageContent(d, n)
	if err != nil && !errors.Is(err, model.ErrNoContent) {
		return nil, fmt.Errorf("page content: %w", err)
	}
	res := inh.Resources
	if res == nil {
		res = d.DictEntry("Resources")
	}
	walker := &imageWalker{ctx: ctx, page: pg, toUpright: toUpright, seen: map[int]bool{}}
	walker.walk(content, res, identity, 0)
	return pg, nil
}

// uprightMap returns the map from user space to the upright frame (top-left origin, y
// down) for a page box and /Rotate, and the upright width and height.
func uprightMap(x0, y0, x1, y1 float64, rot int) (affine, float64, float64) {
	switch rot {
	case 90:
		return affine{0, 1, 1, 0, -y0, -x0}, y1 - y0, x1 - x0
	case 180:
		return affine{-1, 0, 0, 1, x1, -y0}, x1 - x0, y1 - y0
	case 270:
		return affine{0, -1, -1, 0, y1, x1}, y1 - y0, x1 - x0
	default:
		return affine{1, 0, 0, -1, -x0, y1}, x1 - x0, y1 - y0
	}
}

type imageWalker struct {
	ctx       *model.Context
	page      *pdfPage
	toUpright affine
	seen      map[int]bool // form XObjects on the current path (cycle guard)
}

// walk interprets q/Q/cm/Do in one content stream.
func (w *imageWalker) walk(content []byte, res types.Dict, base affine, depth int) {
	if depth > 8 {
		return
	}
	ctm := base
	var stack []affine
	xobjects := w.dict(res, "XObject")
	scanContent(content, func(op contentOp) {
		switch op.op {
		case "q":
			stack = append(stack, ctm)
		case "Q":
			if len(stack) > 0 {
				ctm = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(op.operands) >= 6 {
				var m affine
				for k := 0; k < 6; k++ {
					m[k] = op.operands[len(op.operands)-6+k].num
				}
				ctm = m.then(ctm)
			}
		case "Do":
			if len(op.operands) == 0 || !op.operands[len(op.operands)-1].isName || xobjects == nil {
				return
			}
			w.do(xobjects, op.operands[len(op.operands)-1].name, res, ctm, depth)
		}
	})
}

func (w *imageWalker) dict(d types.Dict, key string) types.Dict {
	if d == nil {
		return nil
	}
	o, ok := d.Find(key)
	if !ok {
		return nil
	}
	dd, err := w.ctx.DereferenceDict(o)
	if err != nil {
		return nil
	}
	return dd
}

// do handles one XObject: images are recorded, forms are walked with their matrix.
func (w *imageWalker) do(xobjects types.Dict, name string, res types.Dict, ctm affine, depth int) {
	o, ok := xobjects.Find(name)
	if !ok {
		return
	}
	objNr := 0
	if ir, ok := o.(types.IndirectRef); ok {
		objNr = ir.ObjectNumber.Value()
	}
	sd, _, err := w.ctx.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return
	}
	sub := sd.NameEntry("Subtype")
	if sub == nil {
		return
	}
	switch *sub {
	case "Form":
		if objNr != 0 && w.seen[objNr] {
			return
		}
		w.seen[objNr] = true
		defer delete(w.seen, objNr)
		m := identity
		if a := sd.ArrayEntry("Matrix"); len(a) == 6 {
			for k := range 6 {
				v, err := w.ctx.DereferenceNumber(a[k])
				if err == nil {
					m[k] = v
				}
			}
		}
		if err := sd.Decode(); err != nil {
			return
		}
		fres := w.dict(sd.Dict, "Resources")
		if fres == nil {
			fres = res
		}
		w.walk(sd.Content, fres, m.then(ctm), depth+1)
	case "Image":
		w.page.images = append(w.page.images, w.image(sd, name, objNr, ctm))
	}
}

// image records one placed image and decodes its pixels.
func (w *imageWalker) image(sd *types.StreamDict, name string, objNr int, ctm affine) placedImage {
	pw, ph := 0, 0
	if v := sd.IntEntry("Width"); v != nil {
		pw = *v
	}
	if v := sd.IntEntry("Height"); v != nil {
		ph = *v
	}
	filter := ""
	if len(sd.FilterPipeline) > 0 {
		filter = sd.FilterPipeline[len(sd.FilterPipeline)-1].Name
	}
	unitToPage := ctm.then(w.toUpright)
	pi := placedImage{info: extract.Image{
		Name: name, ObjNum: objNr, Filter: filter, PixelWidth: pw, PixelHeight: ph,
		Matrix: [6]float64(unitToPage),
	}}
	b := unitToPage.box(0, 0, 1, 1)
	pi.info.X0, pi.info.Y0, pi.info.X1, pi.info.Y1 = b.X0, b.Y0, b.X1, b.Y1
	if pw > 0 && ph > 0 {
		// pixel (u,v) → unit square (u/W, 1 - v/H) → page.
		pi.toPage = affine{1 / float64(pw), 0, 0, -1 / float64(ph), 0, 1}.then(unitToPage)
	}
	pi.pix, pi.decodeErr = decodePDFImage(w.ctx, sd, name, objNr, filter)
	return pi
}

// decodePDFImage turns an image XObject into pixels with pdfcpu (which passes JPEG
// through untouched and renders Flate/LZW/CCITT/RunLength images as PNG or TIFF).
func decodePDFImage(ctx *model.Context, sd *types.StreamDict, name string, objNr int, filter string) (img image.Image, err error) {
	if filter == "JPXDecode" || filter == "JBIG2Decode" {
		return nil, fmt.Errorf("image %s (%s): %w", name, filter, errNeedsRenderer)
	}
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("image %s: decode: %v", name, r)
		}
	}()
	mi, err := pdfcpu.ExtractImage(ctx, sd, false, name, objNr, false)
	if err != nil {
		return nil, fmt.Errorf("image %s (%s): %w", name, filter, err)
	}
	if mi == nil || mi.Reader == nil {
		return nil, fmt.Errorf("image %s (%s): no data", name, filter)
	}
	data, err := io.ReadAll(mi.Reader)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", name, err)
	}
	img, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image %s (%s, %s): %w", name, filter, mi.FileType, err)
	}
	return img, nil
}
