// Package atomicfile writes files under a temporary name beside their final path and renames
// them into place, so a reader, a resumed run or a crash never leaves half a file. Every
// stage that writes files (export, the catalog store, the fixture generator) uses it.
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker is part of every temporary file name; RemoveStale matches on it.
const tempMarker = ".tmp-"

// File is an output file being written; Commit renames it into place.
type File struct {
	*os.File
	path string
	done bool
}

// Create opens a temporary file for path (mode 0644), creating path's folder if needed.
func Create(path string) (*File, error) {
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
	return &File{File: f, path: path}, nil
}

// Path is the final path.
func (a *File) Path() string { return a.path }

// Commit flushes the file to disk and renames it into place.
func (a *File) Commit() error {
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
func (a *File) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	os.Remove(a.File.Name())
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// IsTemp reports whether a file name is one of our temporary names.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}

// RemoveStale deletes the temporary files an interrupted run left under dir and returns how
// many it removed. Only call it while no writer is running there (hold the folder's lock):
// a running writer's temp file looks the same.
func RemoveStale(dir string) (int, error) {
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
