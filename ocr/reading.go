package ocr

import "image"

// symbol is one recognised character with its box (in the crop) and confidence [0,1].
type symbol struct {
	text string
	box  image.Rectangle
	conf float64
}

// reading is one recognition of a crop.
type reading struct {
	text string
	syms []symbol
	// minConf is the lowest character confidence, meanConf the average (both [0,1]; 0
	// when nothing was read).
	minConf, meanConf float64
}
