package normalize

// readingRules are the rules of findings about this pipeline's own reading of the page (OCR
// confidence, a split number it could not resolve, a cell it could not parse, an uncertain
// name mapping), as opposed to inconsistencies of the source document. Users see both; the
// scorer counts the first kind as flags on cells, never as false alarms about the source.
var readingRules = map[string]bool{
	"low_confidence":         true, // an OCR amount below the confidence threshold, unconfirmed
	"ocr_suspect":            true, // an OCR amount an identity contradicts
	"ocr_identity_fix":       true, // an OCR amount repaired from the identities (info)
	"unresolved_split":       true,
	"unparsed_amount":        true,
	"low_confidence_mapping": true,
	"ocr_header_snap":        true, // an OCR'd header label snapped to an attested one (info)
	// A reviewer's correction (package corrections), applied or no longer applicable.
	"correction":             true,
	"correction_not_applied": true,
}

// AboutReading reports whether the finding is about this pipeline's reading rather than about
// the source document.
func (f Finding) AboutReading() bool { return readingRules[f.Rule] }
