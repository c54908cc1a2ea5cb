package paddle

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// Files are where the model, its dictionary and libonnxruntime are.
type Files struct {
	Model, Dict, Lib string
}

// FindFiles looks under dir (e.g. the folder the two npm packages were unpacked in,
// docs/ocr.md) for ModelFile, DictFile and the Linux x64 libonnxruntime.so*: the first of
// each in walk order, a library under a linux/x64 folder preferred.
func FindFiles(dir string) (Files, error) {
	var f Files
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		switch name := d.Name(); {
		case name == ModelFile && f.Model == "":
			f.Model = p
		case name == DictFile && f.Dict == "":
			f.Dict = p
		case strings.HasPrefix(name, LibPrefix) && (f.Lib == "" || linuxX64(p) && !linuxX64(f.Lib)):
			f.Lib = p
		}
		return nil
	})
	if err != nil {
		return f, fmt.Errorf("paddle: looking for the model under %s: %w", dir, err)
	}
	var missing []string
	for _, m := range []struct{ path, name string }{{f.Model, ModelFile}, {f.Dict, DictFile}, {f.Lib, LibPrefix + "*"}} {
		if m.path == "" {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return f, errors.New("paddle: not found under " + dir + ": " + strings.Join(missing, ", ") + " (docs/ocr.md: how to fetch them)")
	}
	return f, nil
}

func linuxX64(p string) bool {
	return strings.Contains(filepath.ToSlash(p), "linux/x64/")
}

// SpecPrefix starts a --text-model value naming this recogniser: "paddle:DIR", DIR the
// folder FindFiles searches.
const SpecPrefix = "paddle:"

// SpecDir is the folder of a "paddle:DIR" spec; an error for any other spec.
func SpecDir(spec string) (string, error) {
	dir, ok := strings.CutPrefix(spec, SpecPrefix)
	if !ok || dir == "" {
		return "", fmt.Errorf("paddle: text model %q: want %sDIR (the folder of the fetched model, docs/ocr.md)", spec, SpecPrefix)
	}
	return dir, nil
}
