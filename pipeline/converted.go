package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/export/findtext"
)

// Converted lists the documents an output folder holds (every OUT/<doc-id>/conversion.json),
// as inputs with their recorded doc ids, sorted by source path as Expand sorts them, the
// formats they were written in (all of them together) and the language of their finding
// texts (the first document's). `budgetpdf apply` reconverts them with Resume, so that only
// the documents whose corrections changed are redone.
func Converted(out string) (inputs []Input, formats export.Formats, lang findtext.Lang, err error) {
	ents, err := os.ReadDir(out)
	if err != nil {
		return nil, formats, lang, fmt.Errorf("output folder: %w", err)
	}
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		r, err := ReadConversion(filepath.Join(out, e.Name()))
		if errors.Is(err, os.ErrNotExist) {
			continue // not a document folder (parquet/), or one that never completed
		}
		if err != nil {
			return nil, formats, lang, err
		}
		if r.DocID != e.Name() {
			return nil, formats, lang, fmt.Errorf("%s: records doc id %q", filepath.Join(out, e.Name(), ConversionFile), r.DocID)
		}
		f, err := export.ParseFormats(r.Formats)
		if err != nil {
			return nil, formats, lang, fmt.Errorf("%s: %w", filepath.Join(out, e.Name(), ConversionFile), err)
		}
		formats = export.Formats{XLSX: formats.XLSX || f.XLSX, CSV: formats.CSV || f.CSV, Parquet: formats.Parquet || f.Parquet, JSON: formats.JSON || f.JSON}
		var size int64
		if st, err := os.Stat(r.Source); err == nil {
			size = st.Size()
		}
		if len(inputs) == 0 {
			lang = findtext.Lang(r.MessageLang)
		}
		inputs = append(inputs, Input{Path: r.Source, DocID: r.DocID, Size: size})
	}
	if len(inputs) == 0 {
		return nil, formats, lang, fmt.Errorf("%s: no converted document (no */%s)", out, ConversionFile)
	}
	slices.SortFunc(inputs, func(a, b Input) int { return strings.Compare(a.Path, b.Path) })
	return inputs, formats, lang, nil
}
