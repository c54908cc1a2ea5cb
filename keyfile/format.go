package keyfile

// The answer-key format (issue "Fixtures and eval"), shared by the fixture generator, the
// scorer and the per-table CSVs of `convert`:
//
// One folder per document: manifest.json and one CSV per table, UTF-8 with a header row: an
// optional first column `side` (two-sided tables: 收入/支出), then `code` (类/款/项 digits
// joined, empty where the row has none), `name` (cell text, wraps and spaces removed), then
// one column per amount column named by its printed header path (levels joined with "/"; a
// banner spanning all amount columns left out). Amounts are plain decimals exactly as printed
// (no separators; "2.50" stays "2.50"; blank stays empty; printed "0" stays "0").
// A table may add the printed text columns in a second CSV, row for row (ManifestTable.Text).

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
)

// Table is one table in answer-key form.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
	// RowOf[i] is the index in normalize.Table.Rows that Rows[i] was rendered from (set by
	// TableOf, which leaves out lines that print nothing; empty for a key read from disk).
	RowOf []int `json:"-"`
}

// HasSide reports whether the first column is `side`.
func (t Table) HasSide() bool { return len(t.Header) > 0 && t.Header[0] == "side" }

// Sides lists the table's sides in the order they first appear (`收入`, `支出`); a table
// without a side column has the one side "".
func (t Table) Sides() []string {
	if !t.HasSide() {
		return []string{""}
	}
	var sides []string
	for _, r := range t.Rows {
		if !slices.Contains(sides, r[0]) {
			sides = append(sides, r[0])
		}
	}
	return sides
}

// AmountEnd returns the index after the last amount column: where a per-table CSV of
// convert starts its added columns (TableCSVColumns), the header's length for a key.
func (t Table) AmountEnd() int {
	for i := t.AmountColumns(); i+1 < len(t.Header); i++ {
		if t.Header[i] == TableCSVColumns[0] && t.Header[i+1] == TableCSVColumns[1] {
			return i
		}
	}
	return len(t.Header)
}

// AmountColumns returns the index of the first amount column (after side, code, name).
func (t Table) AmountColumns() int {
	if t.HasSide() {
		return 3
	}
	return 2
}

// Manifest describes a document's answer key.
type Manifest struct {
	// Document is the key's name (the folder name); Source the PDF it describes, relative to
	// the repository root (fixtures) or as `../shared/corpus/real/<file>` (real documents).
	Document string          `json:"document"`
	Source   string          `json:"source"`
	DocKind  string          `json:"doc_kind"` // budget | final
	Issuer   string          `json:"issuer"`
	Year     int             `json:"year"`
	Tables   []ManifestTable `json:"tables"`
	// Variants are other PDFs of the same content (scanned renditions) scored with this key.
	Variants []Variant `json:"variants,omitempty"`
	// Partial is true for hand-annotated keys that cover only some tables of the document:
	// the scorer then does not count unmatched extra tables.
	Partial bool   `json:"partial,omitempty"`
	Notes   string `json:"notes,omitempty"`
}

// Variant is another rendition of the same document.
type Variant struct {
	Source string `json:"source"`
	Kind   string `json:"kind"` // e.g. "scan300", "scan200"
}

// ManifestTable describes one table of the key.
type ManifestTable struct {
	File  string `json:"file"`  // CSV file name in the key folder
	Title string `json:"title"` // printed title
	Kind  string `json:"kind"`  // tables.Kind
	Pages []int  `json:"pages"`
	Unit  string `json:"unit"` // 元 | 万元
	Rows  int    `json:"rows"`
	Empty bool   `json:"empty,omitempty"`
	// Splits are the amount cells printed wrapped over two lines (a correct pipeline joins them).
	Splits []CellRef `json:"splits,omitempty"`
	// Inconsistencies are the genuine source errors a correct validator must report.
	Inconsistencies []Inconsistency `json:"inconsistencies,omitempty"`
	// Text names the CSV of the table's printed text columns the key columns have no place
	// for (unit codes, procurement catalogue entries, a cross-classified row's other codes,
	// performance indicators and target values): a header of printed column paths and one
	// row per key row, in the same order. Optional; the scorer does not read it yet.
	Text string `json:"text,omitempty"`
}

// CellRef locates a cell of a key table: Row is the 0-based data row index in the CSV,
// Column the header name; Code/Name repeat the row's identity for readers.
type CellRef struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Inconsistency is one source error: the identity it breaks, where, and the two values.
type Inconsistency struct {
	Rule     string  `json:"rule"` // as normalize.Finding.Rule
	Where    CellRef `json:"where"`
	Printed  string  `json:"printed"`
	Expected string  `json:"expected"`
	Note     string  `json:"note,omitempty"`
}

// Key is a whole answer-key folder.
type Key struct {
	Dir      string
	Manifest Manifest
	Tables   map[string]Table // by ManifestTable.File
	// Texts are the tables' text columns (ManifestTable.Text), by ManifestTable.File: row i
	// belongs to Tables[file].Rows[i].
	Texts map[string]Table
}

// Read loads an answer-key folder.
func Read(dir string) (*Key, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", dir, err)
	}
	k := &Key{Dir: dir, Tables: map[string]Table{}}
	if err := json.Unmarshal(b, &k.Manifest); err != nil {
		return nil, fmt.Errorf("key %s: manifest.json: %w", dir, err)
	}
	for _, mt := range k.Manifest.Tables {
		t, err := ReadCSV(filepath.Join(dir, mt.File))
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", dir, err)
		}
		k.Tables[mt.File] = t
		if mt.Text == "" {
			continue
		}
		tt, err := ReadCSV(filepath.Join(dir, mt.Text))
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", dir, err)
		}
		if len(tt.Rows) != len(t.Rows) {
			return nil, fmt.Errorf("key %s: %s has %d rows, %s has %d", dir, mt.Text, len(tt.Rows), mt.File, len(t.Rows))
		}
		if k.Texts == nil {
			k.Texts = map[string]Table{}
		}
		k.Texts[mt.File] = tt
	}
	return k, nil
}

// ReadCSV reads one table CSV (a UTF-8 BOM is accepted).
func ReadCSV(path string) (Table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Table{}, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return Table{}, fmt.Errorf("%s: no header row", path)
	}
	t := Table{Header: recs[0], Rows: recs[1:]}
	if t.Rows == nil {
		t.Rows = [][]string{}
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Header) {
			return Table{}, fmt.Errorf("%s: row %d has %d fields, header has %d", path, i+2, len(row), len(t.Header))
		}
	}
	return t, nil
}

// EncodeCSV renders a table; bom adds the UTF-8 byte-order mark Excel needs.
func EncodeCSV(t Table, bom bool) ([]byte, error) {
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	if err := w.Write(t.Header); err != nil {
		return nil, err
	}
	for _, r := range t.Rows {
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// Write writes a key folder (manifest.json and the CSVs), each file via a temp file and
// rename so a reader never sees half a file.
func Write(k *Key) error {
	if err := os.MkdirAll(k.Dir, 0o755); err != nil {
		return err
	}
	for _, mt := range k.Manifest.Tables {
		b, err := EncodeCSV(k.Tables[mt.File], false)
		if err != nil {
			return fmt.Errorf("key %s: %s: %w", k.Dir, mt.File, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(k.Dir, mt.File), b); err != nil {
			return err
		}
		if mt.Text == "" {
			continue
		}
		b, err = EncodeCSV(k.Texts[mt.File], false)
		if err != nil {
			return fmt.Errorf("key %s: %s: %w", k.Dir, mt.Text, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(k.Dir, mt.Text), b); err != nil {
			return err
		}
	}
	mb, err := json.MarshalIndent(k.Manifest, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(k.Dir, "manifest.json"), append(mb, '\n'))
}

// TableCSVColumns are the columns a per-table CSV of convert adds after the answer-key
// columns, before the printed columns.
var TableCSVColumns = []string{"unit", "row_kind", "row_seq", "level", "parent_row_seq", "is_leaf", "label_path", "repeat_of_row"}
