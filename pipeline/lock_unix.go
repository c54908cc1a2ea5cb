//go:build unix

package pipeline

import (
	"errors"
	"os"
	"syscall"
)

// lockFD takes an exclusive, non-blocking advisory lock; the kernel drops it when the
// process dies, so a killed run never leaves the folder locked.
func lockFD(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrLocked
	}
	return err
}

func unlockFD(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
