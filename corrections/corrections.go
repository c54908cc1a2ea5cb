// Package corrections holds a reviewer's corrections of one converted document
// (OUT/<doc-id>/corrections.json) and applies them inside the document's conversion.
//
// Decisions:
//   - A correction addresses a cell by table seq, row seq and column index: the same numbers
//     in the tables stage's model, in normalize's, in document.json, findings.csv and
//     cells.csv, and stable across re-runs of the same tool on the same PDF. It also keeps
//     the text it replaced (Old) and the row's label: when a later version of the tool reads
//     the cell differently the correction is not applied blindly but reported
//     (`correction_not_applied`), never lost and never put on the wrong cell.
//   - Cell, label, unit and type corrections are applied to the tables stage's output,
//     before normalize: every later step (split numbers, codes, name mapping, and every
//     identity) then sees the corrected value, so the identities are re-run with it for free
//     and nothing of normalize's internals is duplicated. After normalize, Mark records each
//     applied correction on the value or row as a Repair of kind `correction` (who, when,
//     why, before, after), which every output format carries.
//   - Dismissing a finding is a correction too: the finding stays in every output, marked
//     reviewed (Finding.Review), so a reviewer's decision is visible, not a deletion.
package corrections

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/rules"
)

// FileName is the corrections file in a document's output folder.
const FileName = "corrections.json"

// RepairKind is the normalize.Repair kind of a reviewer's correction.
const RepairKind = rules.CorrectionRep

// Kind says what a correction changes.
type Kind string

const (
	// KindValue replaces an amount cell's printed text (New "" makes it blank).
	KindValue Kind = "value"
	// KindLabel replaces the text of a non-amount cell: a name, a code, a code-and-name.
	KindLabel Kind = "label"
	// KindUnit sets the table's unit (Old and New are "元", "万元", or "" for unknown).
	KindUnit Kind = "unit"
	// KindType sets a column's role (`amount`, `name`, `code`, `text`, … as in tables.Role).
	KindType Kind = "type"
	// KindDismiss marks the finding of rule Rule about the cell as reviewed.
	KindDismiss Kind = "dismiss"
)

// Correction is one reviewer's change, with who made it, when and why.
type Correction struct {
	Kind   Kind   `json:"kind"`
	Table  int    `json:"table"`          // Table.Seq
	Row    int    `json:"row,omitempty"`  // Row.Seq (value, label, dismiss)
	Column int    `json:"column"`         // index into the table's columns; -1 the whole row
	Rule   string `json:"rule,omitempty"` // dismiss: the finding's rule
	// RowLabel is the row's name as printed when the correction was made: a check that the
	// row is still the same row when the document is converted again.
	RowLabel string `json:"row_label,omitempty"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Why      string `json:"why"`
	By       string `json:"by"`
	At       string `json:"at"` // RFC 3339
}

// Set is the content of a corrections.json.
type Set struct {
	// DocID and SourceSHA256 say which document the corrections were made on.
	DocID        string       `json:"doc_id,omitempty"`
	SourceSHA256 string       `json:"source_sha256,omitempty"`
	Corrections  []Correction `json:"corrections"`
}

// Path is the corrections file of the document folder dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Read reads a corrections file. A missing file is no corrections (nil, nil); a file that
// cannot be parsed, or holds a correction that cannot be applied to anything, is an error
// naming the file.
func Read(path string) (*Set, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s Set
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, c := range s.Corrections {
		if err := c.validate(); err != nil {
			return nil, fmt.Errorf("%s: correction %d: %w", path, i+1, err)
		}
	}
	return &s, nil
}

// Hash is the SHA-256 of the corrections file's content, "" when there is none: a
// conversion records it, and --resume reconverts a document whose corrections changed.
func Hash(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

func (c Correction) validate() error {
	if c.Table < 1 {
		return fmt.Errorf("%s: table %d: tables are numbered from 1", c.Kind, c.Table)
	}
	switch c.Kind {
	case KindValue, KindLabel:
		if c.Row < 1 || c.Column < 0 {
			return fmt.Errorf("%s: needs a row (from 1) and a column (from 0)", c.Kind)
		}
	case KindUnit:
		if !slices.Contains([]string{"元", "万元", ""}, c.New) {
			return fmt.Errorf("unit: %q is not 元 or 万元", c.New)
		}
	case KindType:
		if c.Column < 0 || c.New == "" {
			return fmt.Errorf("type: needs a column and a role")
		}
	case KindDismiss:
		if c.Rule == "" {
			return fmt.Errorf("dismiss: needs the finding's rule")
		}
	default:
		return fmt.Errorf("unknown kind %q (want value, label, unit, type, dismiss)", c.Kind)
	}
	return nil
}

// Add appends c to the corrections file at path (creating it), stamping it with the time
// when At is empty, and writes the file atomically. The corrections of one cell stay in the
// order they were made: the last one wins.
func Add(path string, docID, sha string, c Correction, now time.Time) (*Set, error) {
	s, err := Read(path)
	if err != nil {
		return nil, err
	}
	if s == nil {
		s = &Set{}
	}
	if s.DocID == "" {
		s.DocID = docID
	}
	if s.SourceSHA256 == "" {
		s.SourceSHA256 = sha
	}
	if c.At == "" {
		c.At = now.UTC().Format(time.RFC3339)
	}
	c.Why = strings.TrimSpace(c.Why)
	if err := c.validate(); err != nil {
		return nil, err
	}
	s.Corrections = append(s.Corrections, c)
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteFile(path, append(b, '\n')); err != nil {
		return nil, err
	}
	return s, nil
}
