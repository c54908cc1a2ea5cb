package main

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectPNG: `inspect --png` draws page 14 of the Putuo budget (its 一般公共预算支出表)
// at 150 dpi with the overlay: the page's size, and the grid's green column lines over it.
func TestInspectPNG(t *testing.T) {
	needCorpus(t)
	src := filepath.Join(convertCorpus, "putuo-govoffice-2025-budget.pdf")
	out := filepath.Join(t.TempDir(), "p14.png")
	var o, e bytes.Buffer
	if code := run([]string{"inspect", src, "--page", "14", "--png", out}, &o, &e); code != exitOK {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// A4 landscape, 842 × 595 pt, at 150 dpi.
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); math.Abs(float64(w)-842*150/72) > 3 || math.Abs(float64(h)-595*150/72) > 3 {
		t.Errorf("image %d×%d px, want A4 landscape at 150 dpi", w, h)
	}
	green := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if g > r+0x3000 && g > bl+0x3000 {
				green++
			}
		}
	}
	if green < 500 {
		t.Errorf("%d green grid pixels: the column bounds are not drawn", green)
	}
	if code := run([]string{"inspect", src, "--png", out}, &o, &e); code != exitUsage || !strings.Contains(e.String(), "--page") {
		t.Errorf("--png without --page: exit %d, %q", code, e.String())
	}
}
