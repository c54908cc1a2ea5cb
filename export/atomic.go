package export

import "github.com/budgetpdf/budgetpdf/internal/atomicfile"

// AtomicFile is an output file written under a temporary name beside its final path and
// renamed into place by Commit, so a reader (or a resumed run) never sees half a file.
// Abort, or a crash before Commit, leaves only a hidden `.name.tmp-*` file that
// RemoveStaleTemps cleans up.
type AtomicFile = atomicfile.File

// CreateAtomic opens a temporary file for path, creating path's folder if needed.
func CreateAtomic(path string) (*AtomicFile, error) { return atomicfile.Create(path) }

// IsTemp reports whether a file name is one of our temporary names.
func IsTemp(name string) bool { return atomicfile.IsTemp(name) }

// RemoveStaleTemps deletes the temporary files an interrupted run left under dir and
// returns how many it removed. Only call it while holding the output folder's lock: a
// running writer's temp file looks the same.
func RemoveStaleTemps(dir string) (int, error) { return atomicfile.RemoveStale(dir) }
