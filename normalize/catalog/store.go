package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
)

// EnvDir overrides where imported and learned entries live.
const EnvDir = "BUDGETPDF_CATALOG_DIR"

// Store file names inside Dir().
const (
	ImportedFile = "imported.csv"
	LearnedFile  = "learned.csv"
)

// Dir is the user's catalog folder: $BUDGETPDF_CATALOG_DIR, else
// $XDG_DATA_HOME/budgetpdf/catalog, else ~/.local/share/budgetpdf/catalog (on macOS and
// Windows the OS's per-user config folder). The embedded catalog is never written to.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "budgetpdf", "catalog"), nil
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "budgetpdf", "catalog"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("catalog dir: %w (set %s)", err, EnvDir)
	}
	return filepath.Join(home, ".local", "share", "budgetpdf", "catalog"), nil
}

// Load returns the embedded catalog merged with the imported and learned entries of dir
// ("" = Dir()). A missing folder or file is not an error; a corrupt one is, naming it.
func Load(dir string) (*Catalog, error) {
	c, err := Embedded()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		if dir, err = Dir(); err != nil {
			// No home folder (a container user): the embedded catalog still works.
			return c, nil
		}
	}
	var more []Row
	for _, f := range []string{ImportedFile, LearnedFile} {
		rows, err := readStoreFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		more = append(more, rows...)
	}
	return c.Merge(more), nil
}

func readStoreFile(path string) ([]Row, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := ReadRows(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// writeStoreFile writes rows atomically (temp file + rename) so a crash or a concurrent
// reader never sees half a catalog.
func writeStoreFile(path string, rows []Row) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := WriteRows(&buf, rows); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// SaveImported replaces the entries previously imported from the same source with rows and
// returns how many rows the store holds afterwards.
func SaveImported(dir string, source string, rows []Row) (int, error) {
	path := filepath.Join(dir, ImportedFile)
	old, err := readStoreFile(path)
	if err != nil {
		return 0, err
	}
	var keep []Row
	for _, r := range old {
		if len(r.Sources) == 1 && r.Sources[0] == source {
			continue
		}
		keep = append(keep, r)
	}
	keep = append(keep, rows...)
	sortRows(keep)
	return len(keep), writeStoreFile(path, keep)
}

// Pair is a (code, name) pair attested by a converted document.
type Pair struct {
	Code, Name, Source string
}

// Learn adds attested pairs to the learned store, counting repeats; it returns how many
// pairs were new.
func Learn(dir string, pairs []Pair) (int, error) {
	path := filepath.Join(dir, LearnedFile)
	old, err := readStoreFile(path)
	if err != nil {
		return 0, err
	}
	type key struct{ code, name string }
	idx := map[key]int{}
	for i, r := range old {
		idx[key{r.Code, r.Name}] = i
	}
	added := 0
	for _, p := range pairs {
		scheme := SchemeOf(p.Code)
		if lvl, _ := LevelOf(p.Code, scheme); lvl == 0 || p.Name == "" {
			continue
		}
		k := key{p.Code, PrintedName(p.Name)}
		if i, ok := idx[k]; ok {
			old[i].Count++
			old[i].Sources = appendUnique(old[i].Sources, p.Source)
			continue
		}
		idx[k] = len(old)
		old = append(old, Row{Scheme: scheme, Code: p.Code, Name: k.name, Kind: KindLearned, Count: 1, Sources: []string{p.Source}})
		added++
	}
	sortRows(old)
	return added, writeStoreFile(path, old)
}

func sortRows(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Code != rows[j].Code {
			return rows[i].Code < rows[j].Code
		}
		return rows[i].Name < rows[j].Name
	})
}
