//go:build !unix

package pipeline

import "os"

// Without flock, concurrent runs on one folder are not detected.
func lockFD(f *os.File) error { return nil }

func unlockFD(f *os.File) {}
