//go:build unix

package main

import (
	"os"
	"syscall"
)

// rusageMaxRSS is a finished child's peak resident set in kB (Linux reports kB).
func rusageMaxRSS(ps *os.ProcessState) int {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int(ru.Maxrss)
	}
	return 0
}
