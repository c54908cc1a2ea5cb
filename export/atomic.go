package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
)

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

// RemoveDocTemps deletes the temp files an interrupted conversion of one document left:
// under out/<docID>/ and its Parquet file's in any partition. Other documents' temp files
// are left alone, so it is safe while other writers share out (they write other documents).
func RemoveDocTemps(out, docID string) (int, error) {
	n, err := atomicfile.RemoveStale(filepath.Join(out, docID))
	if err != nil {
		return n, err
	}
	// The Parquet temp is `.<docID>.parquet.tmp-*` beside the partition's files.
	prefix := "." + docID + ".parquet"
	err = filepath.WalkDir(filepath.Join(out, ParquetDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() && IsTemp(d.Name()) && strings.HasPrefix(d.Name(), prefix+".tmp-") {
			if err := os.Remove(p); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
