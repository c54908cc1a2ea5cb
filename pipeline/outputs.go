package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/budgetpdf/budgetpdf/export"
)

// Outputs always describe the file as it is now (docs/OUTPUT.md, "Failed documents"):
//
//   - A document that fails has no outputs that do not describe its file: whatever this run
//     wrote for it, and an earlier conversion of other content, are removed (conversion.json
//     first, so that nothing claims success meanwhile), including its Parquet file in every
//     partition. Keeping such a conversion would leave a dataset that no longer matches the
//     file it names. An earlier conversion of the same content (same SHA-256), or of a file
//     that cannot be read now (`apply` after the PDF moved), still describes it and stays.
//     corrections.json, a reviewer's work, is always kept.
//   - A document whose id changed (its file renamed, or another file now takes its name)
//     leaves no outputs under the old id: the Parquet dataset holds one file per document.

// removeDocOutputs deletes the outputs of document docID under out: the files convert writes
// in OUT/<docID>/ (not corrections.json, nor files it did not write) and its Parquet file in
// any partition; the folder too when nothing else is left in it.
func removeDocOutputs(out, docID string) error {
	dir := filepath.Join(out, docID)
	var errs []error
	rm := func(p string) {
		if err := os.RemoveAll(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	rm(filepath.Join(dir, ConversionFile))
	for _, name := range []string{export.JSONFile, export.FindingsFile, export.DocCellsFile, docID + ".xlsx", export.TablesDir} {
		rm(filepath.Join(dir, name))
	}
	if _, err := export.RemoveDocTemps(out, docID); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	parts, _ := filepath.Glob(filepath.Join(out, export.ParquetDir, "*", "*", docID+".parquet"))
	for _, p := range parts {
		rm(p)
	}
	os.Remove(dir) // only when empty: corrections.json and the user's own files stay
	if len(errs) > 0 {
		return fmt.Errorf("removing the outputs of %s: %w", docID, errors.Join(errs...))
	}
	return nil
}

// staleIDs finds the document folders under out whose conversion.json records one of the
// batch's files under another id than the batch gives it now: the same source path, or the
// same content (SHA-256) from a source path that no longer exists (the file was renamed).
// Folders of ids this batch uses are left out: they are rewritten or removed by the batch.
func staleIDs(out string, inputs []Input, results []DocResult) []string {
	ents, err := os.ReadDir(out)
	if err != nil {
		return nil
	}
	ours := map[string]bool{}
	bySource := map[string]bool{}
	bySHA := map[string]bool{}
	for i, in := range inputs {
		ours[in.DocID] = true
		bySource[in.Name()] = true
		if sha := results[i].SHA256; sha != "" {
			bySHA[sha] = true
		}
	}
	var stale []string
	for _, e := range ents {
		if !e.IsDir() || ours[e.Name()] || e.Name() == export.ParquetDir {
			continue
		}
		r, err := ReadConversion(filepath.Join(out, e.Name()))
		if err != nil || r.DocID != e.Name() {
			continue
		}
		if bySource[r.Source] {
			stale = append(stale, r.DocID)
			continue
		}
		if bySHA[r.SHA256] {
			if _, err := os.Stat(r.Source); errors.Is(err, fs.ErrNotExist) {
				stale = append(stale, r.DocID)
			}
		}
	}
	return stale
}
