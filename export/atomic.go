package export

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// AtomicFile is an output file written under a temporary name beside its final path and
// renamed into place by Commit, so a reader (or a resumed run) never sees half a file.
// Abort, or a crash before Commit, leaves only a hidden `.name.tmp-*` file that
// RemoveStaleTemps cleans up.
type AtomicFile struct {
	*os.File
	path string
	done bool
}

// tempMarker is part of every temporary file name; RemoveStaleTemps matches on it.
const tempMarker = ".tmp-"

// CreateAtomic opens a temporary file for path, creating path's folder if needed.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+strings.TrimPrefix(base, ".")+tempMarker+"*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &AtomicFile{File: f, path: path}, nil
}

// Path is the final path.
func (a *AtomicFile) Path() string { return a.path }

// Commit flushes the file to disk and renames it into place.
func (a *AtomicFile) Commit() error {
	if a.done {
		return fmt.Errorf("write %s: already closed", a.path)
	}
	a.done = true
	tmp := a.File.Name()
	if err := a.File.Sync(); err != nil {
		a.File.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.File.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(tmp, a.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort discards the temporary file; it is a no-op after Commit, so it can be deferred.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	os.Remove(a.File.Name())
}

// IsTemp reports whether a file name is one of our temporary names.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}

// RemoveStaleTemps deletes the temporary files an interrupted run left under dir and
// returns how many it removed. Only call it while holding the output folder's lock: a
// running writer's temp file looks the same.
func RemoveStaleTemps(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if !d.IsDir() && IsTemp(d.Name()) {
			if err := os.Remove(p); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
