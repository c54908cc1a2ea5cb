package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/internal/safetext"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// Formats selects the outputs of a conversion.
type Formats struct {
	XLSX    bool // <doc-id>/<doc-id>.xlsx
	CSV     bool // <doc-id>/tables/*.csv, <doc-id>/findings.csv, <doc-id>/cells.csv, OUT/cells.csv
	Parquet bool // OUT/parquet/year=/doc_kind=/<doc-id>.parquet
	JSON    bool // <doc-id>/document.json
}

// AllFormats is the default.
var AllFormats = Formats{XLSX: true, CSV: true, Parquet: true, JSON: true}

// ParseFormats reads a comma-separated list: xlsx, csv, parquet, json (or "all").
func ParseFormats(s string) (Formats, error) {
	var f Formats
	for _, p := range strings.Split(s, ",") {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "xlsx", "excel":
			f.XLSX = true
		case "csv":
			f.CSV = true
		case "parquet":
			f.Parquet = true
		case "json":
			f.JSON = true
		case "all":
			f = AllFormats
		case "":
		default:
			return Formats{}, fmt.Errorf("unknown format %q (want xlsx, csv, parquet, json)", p)
		}
	}
	if f == (Formats{}) {
		return Formats{}, fmt.Errorf("no format in %q", s)
	}
	return f, nil
}

// String lists the formats as ParseFormats reads them.
func (f Formats) String() string {
	var p []string
	for _, x := range []struct {
		on   bool
		name string
	}{{f.XLSX, "xlsx"}, {f.CSV, "csv"}, {f.Parquet, "parquet"}, {f.JSON, "json"}} {
		if x.on {
			p = append(p, x.name)
		}
	}
	return strings.Join(p, ",")
}

// Covers reports whether f includes every format of g.
func (f Formats) Covers(g Formats) bool {
	return (f.XLSX || !g.XLSX) && (f.CSV || !g.CSV) && (f.Parquet || !g.Parquet) && (f.JSON || !g.JSON)
}

// Per-document file names (inside OUT/<doc-id>/).
const (
	TablesDir    = "tables"
	FindingsFile = "findings.csv"
	DocCellsFile = "cells.csv"
	JSONFile     = "document.json"
	ParquetDir   = "parquet"
	RunCellsFile = "cells.csv" // OUT/cells.csv
)

// Written lists what WriteDocument wrote, paths relative to the output folder.
type Written struct {
	Files   []string `json:"files"`
	Parquet string   `json:"parquet,omitempty"`
	Cells   int      `json:"cells"`
}

// WriteDocument writes every per-document output of doc under out: the files in
// out/<doc-id>/ and the document's Parquet file in its partition. Each file is complete or
// absent (temp + rename). Table CSVs left from an earlier conversion of the same document
// that this one no longer produces are removed.
func WriteDocument(out string, doc *normalize.Document, meta Meta, f Formats) (Written, error) {
	var w Written
	if meta.DocID == "" {
		return w, fmt.Errorf("%s: no document id", meta.SourceFile)
	}
	// Every output is valid UTF-8: the document's texts (repairs recorded on cells) and the
	// file name, which on Linux is any bytes.
	ValidUTF8(doc)
	meta.SourceFile = safetext.UTF8(meta.SourceFile)
	dir := filepath.Join(out, meta.DocID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return w, err
	}
	rel := func(p string) string {
		r, err := filepath.Rel(out, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	if f.JSON {
		p := filepath.Join(dir, JSONFile)
		if err := writeAtomic(p, func(w io.Writer) error { return WriteJSON(w, doc, meta) }); err != nil {
			return w, err
		}
		w.Files = append(w.Files, rel(p))
	}
	if f.CSV {
		tdir := filepath.Join(dir, TablesDir)
		names, err := WriteTableCSVs(tdir, doc)
		if err != nil {
			return w, err
		}
		if err := removeOthers(tdir, names); err != nil {
			return w, err
		}
		for _, n := range names {
			w.Files = append(w.Files, rel(filepath.Join(tdir, n)))
		}
		p := filepath.Join(dir, FindingsFile)
		if err := writeAtomic(p, func(w io.Writer) error { return WriteFindingsCSV(w, doc, meta.Lang) }); err != nil {
			return w, err
		}
		w.Files = append(w.Files, rel(p))
		p = filepath.Join(dir, DocCellsFile)
		n := 0
		if err := writeAtomic(p, func(w io.Writer) error {
			c, err := NewCellsCSV(w)
			if err != nil {
				return err
			}
			for cell := range Cells(doc, meta) {
				if err := c.Write(cell); err != nil {
					return err
				}
				n++
			}
			return c.Flush()
		}); err != nil {
			return w, err
		}
		w.Cells = n
		w.Files = append(w.Files, rel(p))
	}
	if f.Parquet {
		p := filepath.Join(out, ParquetDir, ParquetPartition(doc), meta.DocID+".parquet")
		n := 0
		if err := writeAtomic(p, func(w io.Writer) error {
			pw := NewParquetCells(w, doc, meta)
			for cell := range Cells(doc, meta) {
				if err := pw.Write(cell); err != nil {
					return err
				}
				n++
			}
			return pw.Close()
		}); err != nil {
			return w, err
		}
		w.Cells = n
		w.Parquet = rel(p)
		w.Files = append(w.Files, rel(p))
	}
	if f.XLSX {
		p := filepath.Join(dir, meta.DocID+".xlsx")
		if err := writeAtomic(p, func(w io.Writer) error { return WriteXLSX(w, doc, meta) }); err != nil {
			return w, err
		}
		w.Files = append(w.Files, rel(p))
	}
	return w, nil
}

// writeAtomic streams fill into a temp file beside path (through a buffer) and renames it
// into place; on any error nothing is left behind.
func writeAtomic(path string, fill func(io.Writer) error) error {
	a, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer a.Abort()
	bw := bufio.NewWriterSize(a, 64<<10)
	if err := fill(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return a.Commit()
}

// removeOthers deletes the CSV files in dir that are not in keep (tables an earlier
// conversion produced and this one does not).
func removeOthers(dir string, keep []string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	for _, e := range ents {
		if e.IsDir() || IsTemp(e.Name()) || !strings.HasSuffix(e.Name(), ".csv") || slices.Contains(keep, e.Name()) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// AppendCellRows copies the data rows of a per-document cells.csv (without its BOM and
// header) to w, streaming: this is how OUT/cells.csv is assembled from the documents of a
// run in a fixed order, with bounded memory.
func AppendCellRows(w io.Writer, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, err := br.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("%s: no header line: %w", path, err)
	}
	if head != string(CellsHeader()) {
		return 0, fmt.Errorf("%s: header is not the cells header", path)
	}
	n, err := io.Copy(w, br)
	if err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// CellsHeader is the first line of cells.csv (with BOM).
func CellsHeader() []byte {
	var b bytes.Buffer
	c, _ := NewCellsCSV(&b) // bytes.Buffer writes cannot fail
	c.Flush()
	return b.Bytes()
}
