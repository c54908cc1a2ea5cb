//go:build unix

package pipeline

import (
	"runtime"
	"syscall"
)

// peakRSSKB is the peak resident set size of this process and of its finished children
// (pdftoppm renders), in KiB.
func peakRSSKB() (self, children int64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		self = int64(ru.Maxrss)
	}
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) == nil {
		children = int64(ru.Maxrss)
	}
	if runtime.GOOS == "darwin" { // bytes there
		self, children = self/1024, children/1024
	}
	return self, children
}
