package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/ocr"
)

// ocrCache keeps OCRed pages on disk so that a developer re-running the later stages on the
// same scans (the scan bed, issue 11) does not pay for Tesseract again. A page is keyed by
// the file's SHA-256, its number and the engine's settings; the OCR stage's code is not part
// of the key, so the folder must be emptied after changing that stage (Options.OCRCache).
type ocrCache struct {
	dir   string
	stamp string // file hash and engine settings
}

func newOCRCache(dir, path string, eng *ocr.Engine) (*ocrCache, error) {
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	set, err := json.Marshal(eng.Settings())
	if err != nil {
		return nil, err
	}
	return &ocrCache{dir: dir, stamp: sum + "\x00" + string(set)}, nil
}

func (c *ocrCache) file(page int) string {
	return filepath.Join(c.dir, fmt.Sprintf("%s-p%d.json", shortHash(c.stamp), page))
}

// load fills p from the cache and reports whether it was there.
func (c *ocrCache) load(p *extract.Page) bool {
	b, err := os.ReadFile(c.file(p.Number))
	if err != nil {
		return false
	}
	var cached extract.Page
	if json.Unmarshal(b, &cached) != nil || cached.Number != p.Number {
		return false
	}
	*p = cached
	return true
}

func (c *ocrCache) save(p *extract.Page) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(c.file(p.Number), b)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}
