// Package extract turns a PDF into positioned words, ruling lines and images, one Page per
// PDF page, in the upright reading frame (origin top-left, y down, units PDF points).
//
// It is the first stage of the pipeline: it never interprets tables. Pages that have no usable
// text layer are marked with a Verdict so that the OCR stage (package ocr) can fill their words
// with Source "ocr"; everything after this stage reads Words the same way whatever their source.
//
// The file/object layer is github.com/ledongthuc/pdf; the content-stream lexer, interpreter,
// font decoding, word building and rule extraction are this package's own. Encrypted files
// are decrypted by pdfcpu. docs/extract.md explains the decisions, thresholds and limits.
package extract

// Verdict says how trustworthy a page's text layer is.
type Verdict string

const (
	VerdictText        Verdict = "text"        // good text layer
	VerdictImage       Verdict = "image"       // no text layer, page covered by image(s): scanned
	VerdictUndecodable Verdict = "undecodable" // glyphs exist but do not map to sensible Unicode
	VerdictEmpty       Verdict = "empty"       // neither text nor images (blank page)
)

// Word sources.
const (
	SourceText = "text" // decoded from the PDF text layer
	SourceOCR  = "ocr"  // recognised by Tesseract
)

// Box is an axis-aligned rectangle in the upright page frame (points, top-left origin).
type Box struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// Word is a run of glyphs on one baseline with no gap wide enough to separate them.
// The JSON field names are a stable contract (`budgetpdf inspect --json`).
type Word struct {
	Text string  `json:"text"`
	X0   float64 `json:"x0"`
	Y0   float64 `json:"y0"`
	X1   float64 `json:"x1"`
	Y1   float64 `json:"y1"`
	Font string  `json:"font"`
	Size float64 `json:"size"`
	// Source is SourceText or SourceOCR.
	Source string `json:"source"`
	// Confidence is 1 for text-layer words and Tesseract's confidence in [0,1] for OCR words.
	Confidence float64 `json:"confidence"`
	// Baseline is the y of the glyphs' baseline (upright frame); 0 when unknown (OCR).
	Baseline float64 `json:"baseline,omitempty"`
	// Invisible marks text drawn with rendering mode 3 (kept, but usually an OCR layer).
	Invisible bool `json:"invisible,omitempty"`
	// Vertical marks a word whose glyphs advance top-to-bottom (rotated text).
	Vertical bool `json:"vertical,omitempty"`
	// Alternatives are the other readings the OCR stage weighed for a doubtful number (below
	// its trusted confidence) and did not choose, each with the reader that made it; normalize
	// lets the identities choose among them (docs/ocr.md). Empty for every other word.
	Alternatives []Alternative `json:"alternatives,omitempty"`
}

// Alternative is one reading of an OCR word that was not chosen.
type Alternative struct {
	Text string `json:"text"`
	// From names the reader: text_model, digits_model, digits_model@1.35x (another scale),
	// digit_shapes (the page's own digit shapes), digit_vote (per-digit majority).
	From string `json:"from"`
}

// Box returns the word's rectangle.
func (w Word) Box() Box { return Box{w.X0, w.Y0, w.X1, w.Y1} }

// Rule is a horizontal or vertical ruling segment (a stroked line or a thin filled rectangle).
// Horizontal rules have Y0 == Y1, vertical ones X0 == X1.
type Rule struct {
	X0    float64 `json:"x0"`
	Y0    float64 `json:"y0"`
	X1    float64 `json:"x1"`
	Y1    float64 `json:"y1"`
	Width float64 `json:"width"`
}

// Horizontal reports whether the rule runs left to right.
func (r Rule) Horizontal() bool { return r.Y1-r.Y0 < r.X1-r.X0 }

// Image is a placed image XObject.
type Image struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
	// Name is the XObject resource name (e.g. "Im0"); ObjNum its object number when known,
	// so the OCR stage can fetch the image bytes.
	Name   string `json:"name"`
	ObjNum int    `json:"obj,omitempty"`
	Filter string `json:"filter"` // DCTDecode, FlateDecode, JPXDecode, JBIG2Decode, CCITTFaxDecode, ...
	// PixelWidth/PixelHeight are the image's own dimensions.
	PixelWidth  int `json:"pixel_width"`
	PixelHeight int `json:"pixel_height"`
	// Matrix is the CTM that placed the unit square, already in the upright frame
	// (a b c d e f as in PDF), so image pixel (u,v) maps to page coordinates exactly.
	Matrix [6]float64 `json:"matrix"`
}

// Page is everything extract sees on one page.
type Page struct {
	// Number is 1-based.
	Number int `json:"page"`
	// Width and Height are of the upright page (after /Rotate), in points.
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
	Rotate  int     `json:"rotate"`
	Verdict Verdict `json:"verdict"`
	Words   []Word  `json:"words"`
	Rules   []Rule  `json:"rules"`
	Images  []Image `json:"images"`
	// Obscured are regions where the OCR stage found ink over the print that it removed or
	// could not read (seals): what was printed there may be lost, so a blank cell inside one
	// is not known to be printed blank. Empty for text-layer pages.
	Obscured []Box `json:"obscured,omitempty"`
	// Notes explain the verdict and anything unusual (fonts without ToUnicode, Type3 fonts,
	// text dropped outside the page, ...), for `budgetpdf inspect`.
	Notes []string `json:"notes,omitempty"`

	// clipped holds the text of glyphs dropped because they lie outside the clipping region,
	// for the comparison with pdftotext (which ignores clipping).
	clipped []clippedGlyph
	// boxFixes marks the words (by index) whose boxes were corrected (boxFix* bits), where
	// they deliberately differ from pdftotext's.
	boxFixes map[int]uint8
}

// clippedGlyph is a glyph dropped by clipping, with its origin (upright frame).
type clippedGlyph struct {
	text   string
	ox, oy float64
}
