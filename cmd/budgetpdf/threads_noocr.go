//go:build noocr

package main

// ensureThreadLimit has nothing to do without Tesseract: no OpenMP library is linked.
func ensureThreadLimit() {}
