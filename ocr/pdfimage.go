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

// Where the images are placed comes from extract (Page.Images: object number, pixel size and
// the placement matrix in the upright frame, through forms, /Rotate and the crop box); this
// file only fetches their pixels, by object number, with pdfcpu.

// errNeedsRenderer marks images Go cannot decode (JPEG 2000, JBIG2).
var errNeedsRenderer = errors.New("image needs the external renderer")

// openPDF reads path with pdfcpu, for decoding its images.
func openPDF(path string) (ctx *model.Context, err error) {
	defer func() {
		if r := recover(); r != nil { // pdfcpu on a malformed file
			ctx, err = nil, fmt.Errorf("read %s: %v", path, r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err = pdfcpu.Read(f, conf)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return ctx, nil
}

// imagePixels decodes the image XObject extract placed as im.
func imagePixels(ctx *model.Context, im extract.Image) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("image %s: read object %d: %v", im.Name, im.ObjNum, r)
		}
	}()
	entry, ok := ctx.Find(im.ObjNum)
	if !ok || entry == nil || entry.Free {
		return nil, fmt.Errorf("image %s: object %d not found", im.Name, im.ObjNum)
	}
	gen := 0
	if entry.Generation != nil {
		gen = *entry.Generation
	}
	sd, _, err := ctx.DereferenceStreamDict(*types.NewIndirectRef(im.ObjNum, gen))
	if err != nil {
		return nil, fmt.Errorf("image %s: object %d: %w", im.Name, im.ObjNum, err)
	}
	if sd == nil {
		return nil, fmt.Errorf("image %s: object %d is not a stream", im.Name, im.ObjNum)
	}
	if sub := sd.NameEntry("Subtype"); sub == nil || *sub != "Image" {
		return nil, fmt.Errorf("image %s: object %d is not an image XObject", im.Name, im.ObjNum)
	}
	return decodePDFImage(ctx, sd, im.Name, im.ObjNum, im.Filter)
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

// pixelToPage maps image pixel coordinates (u right, v down, in pixels of the image) to the
// upright page frame: pixel (u,v) → unit square (u/W, 1 - v/H) → page by the placement.
func pixelToPage(im extract.Image) extract.Matrix {
	return extract.Matrix{1 / float64(im.PixelWidth), 0, 0, -1 / float64(im.PixelHeight), 0, 1}.Mul(extract.Matrix(im.Matrix))
}
