//go:build !noocr

package main

import (
	"os"
	"runtime"
	"syscall"
)

// Tesseract parallelises its networks with OpenMP. On pages read cell by cell that only adds
// thread hand-offs: one single-threaded client per worker reads each crop faster
// (docs/ocr.md). libgomp reads OMP_THREAD_LIMIT once, in its load-time constructor — before
// main, since the binary links it — so os.Setenv is too late; a program started without the
// variable can only start again with it. That is the program's decision, so it is made
// here, once, before anything runs; the ocr package never restarts its caller.

// noReexecEnv, when set, stops ensureThreadLimit from restarting the process (OCR then runs
// with Tesseract's own threading).
const noReexecEnv = "BUDGETPDF_NO_REEXEC"

// ensureThreadLimit restarts the program with OMP_THREAD_LIMIT=1 when the variable is unset:
// same executable, arguments and environment otherwise. It returns when no restart is needed
// or possible (the variable is set, BUDGETPDF_NO_REEXEC is set, Windows, or exec failed).
// The Makefile, the Dockerfile and the scripts set the variable, so they never restart.
func ensureThreadLimit() {
	if _, set := os.LookupEnv("OMP_THREAD_LIMIT"); set {
		return
	}
	if os.Getenv(noReexecEnv) != "" || runtime.GOOS == "windows" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
	// On success Exec does not return; on failure the program goes on as it is.
	_ = syscall.Exec(exe, os.Args, env)
}
