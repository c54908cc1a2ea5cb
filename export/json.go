package export

import (
	"encoding/json"
	"io"

	"github.com/budgetpdf/budgetpdf/normalize"
)

// JSONDocument is document.json: the whole normalized model (every value with its page,
// box, source, confidence and repairs; every finding with its refs) plus how it was made.
type JSONDocument struct {
	DocID       string `json:"doc_id"`
	SourceFile  string `json:"source_file"`
	ToolVersion string `json:"tool_version"`
	ConvertedAt string `json:"converted_at"`
	*normalize.Document
}

// WriteJSON writes document.json (indented: people read it too).
func WriteJSON(w io.Writer, doc *normalize.Document, meta Meta) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(JSONDocument{
		DocID: meta.DocID, SourceFile: meta.SourceFile, ToolVersion: meta.ToolVersion,
		ConvertedAt: meta.ConvertedAt, Document: doc,
	})
}

// ReadJSON reads document.json back (amounts are exact decimal strings in the file).
func ReadJSON(r io.Reader) (*JSONDocument, error) {
	var d JSONDocument
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, err
	}
	return &d, nil
}
