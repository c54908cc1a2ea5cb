package ocr

import (
	"os"
	"runtime"
	"syscall"
	"testing"
)

// Tesseract parallelises its networks with OpenMP. On pages read cell by cell that only adds
// thread hand-offs: one single-threaded client per worker reads each crop 2–2.5× faster.
// libgomp reads OMP_THREAD_LIMIT once, when it is loaded — before main, since the binary
// links it — so setting the variable from Go is too late (measured: with os.Setenv before
// the first client the process still grows 7 OpenMP threads and reads no faster). The only
// way for a binary started without it is to start again with it.

// noReexecEnv, when set, stops EnsureThreadLimit from restarting the process (for callers
// that cannot be restarted; OCR then runs with Tesseract's own threading).
const noReexecEnv = "BUDGETPDF_NO_REEXEC"

// EnsureThreadLimit restarts the running program with OMP_THREAD_LIMIT=1 when the variable
// is unset: same executable, arguments and environment otherwise. It returns only when no
// restart is needed or possible (the variable is set, the program is a test binary,
// BUDGETPDF_NO_REEXEC is set, the platform cannot exec, or exec failed). Call it before the
// program has done anything it must not do twice; New calls it too, as a safety net.
func EnsureThreadLimit() {
	if _, set := os.LookupEnv("OMP_THREAD_LIMIT"); set {
		return
	}
	if testing.Testing() || os.Getenv(noReexecEnv) != "" || runtime.GOOS == "windows" {
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
