package extract

import (
	"math"
	"testing"
)

// TestImagePlacement checks Image.Matrix, the contract the OCR stage maps pixels with: images
// drawn inside (nested) Form XObjects, under cm, on a page with a CropBox and /Rotate, each
// placement of the same XObject reported on its own.
func TestImagePlacement(t *testing.T) {
	const img = "/Type /XObject /Subtype /Image /Width 400 /Height 600 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"
	type placed struct {
		name   string
		obj    int
		Matrix [6]float64
		box    Box
	}
	cases := []struct {
		name       string
		page       string
		content    string
		objs       []string
		w, h       float64
		rotate     int
		wantImages []placed
	}{
		{
			// Unit square → cm [200 0 0 300 0 0] → form /Matrix [.5 0 0 .5 100 50] → page cm
			// (5, 7) → /Rotate 90 over CropBox [10 20 590 780]: (x, y) → (y-20, x-10).
			// The nested form adds [50 0 0 60 0 0] and its /Matrix (300, 0).
			name:    "images in nested forms, cropped and rotated page",
			page:    "/Rotate 90 /CropBox [10 20 590 780] /Resources << /XObject << /Fm 4 0 R >> >>",
			content: "q 1 0 0 1 5 7 cm /Fm Do Q",
			objs: []string{
				stream("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [0.5 0 0 0.5 100 50] /Resources << /XObject << /Im 5 0 R /Fm2 6 0 R >> >>",
					"q 200 0 0 300 0 0 cm /Im Do Q /Fm2 Do"),
				stream(img, "xxxx"),
				stream("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [1 0 0 1 300 0]", "q 50 0 0 60 0 0 cm /Im Do Q"),
			},
			w: 760, h: 580, rotate: 90,
			wantImages: []placed{
				{"Im", 5, [6]float64{0, 100, 150, 0, 37, 95}, Box{37, 95, 187, 195}},
				{"Im", 5, [6]float64{0, 25, 30, 0, 37, 245}, Box{37, 245, 67, 270}},
			},
		},
		{
			// A scan on a /Rotate 270 page, drawn turned so that the shown page reads upright:
			// the page maps (x, y) → (800-y, 600-x) for the 600×800 box; the image's bottom
			// row (unit v = 0) lands at the bottom of the shown page.
			name:    "scan turned on a rotate 270 page",
			page:    "/Rotate 270 /Resources << /XObject << /Im 4 0 R >> >>",
			content: "q 0 -800 600 0 0 800 cm /Im Do Q",
			objs:    []string{stream(img, "xxxx")},
			w:       800, h: 600, rotate: 270,
			wantImages: []placed{{"Im", 4, [6]float64{800, 0, 0, -600, 0, 600}, Box{0, 0, 800, 600}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := extractOne(t, writePDF(t, c.page, c.content, c.objs...))
			if p.Width != c.w || p.Height != c.h || p.Rotate != c.rotate {
				t.Errorf("page %gx%g rotate %d, want %gx%g rotate %d", p.Width, p.Height, p.Rotate, c.w, c.h, c.rotate)
			}
			if len(p.Images) != len(c.wantImages) {
				t.Fatalf("images %+v, want %d", p.Images, len(c.wantImages))
			}
			for i, want := range c.wantImages {
				got := p.Images[i]
				if got.Name != want.name || got.ObjNum != want.obj || got.PixelWidth != 400 || got.PixelHeight != 600 || got.Filter != "DCTDecode" {
					t.Errorf("image %d: %+v, want %s obj %d 400x600 DCTDecode", i, got, want.name, want.obj)
				}
				for k := range 6 {
					if math.Abs(got.Matrix[k]-want.Matrix[k]) > 1e-9 {
						t.Errorf("image %d: matrix %v, want %v", i, got.Matrix, want.Matrix)
						break
					}
				}
				if b := (Box{got.X0, got.Y0, got.X1, got.Y1}); b != want.box {
					t.Errorf("image %d: box %+v, want %+v", i, b, want.box)
				}
			}
		})
	}
}
