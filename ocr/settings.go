package ocr

// Settings are the tunables of the OCR stage (issue 17; like tables.Settings): how line
// crops are scaled, when a line is read again and at which scales, and the confidence
// levels the number vote gives. Scales are factors of a line's own crop scale, confidences
// fractions of 1. DefaultSettings is what New uses unless Options.Settings is set: changing
// a default changes what is read, so measure first with `go test ./ocr -run
// 'TestFixtureScans|TestScanAccuracy' -v` and `budgetpdf eval --variants all`, and the time
// with scripts/bench.d/40-ocr.sh (docs/BENCH.md "OCR speed, issue 11").
//
// Not here (constants beside their code): the confidence levels of the number vote
// (numbers.go: trustedConfidence, doubtfulConfidence and the levels of decide and majority),
// which normalize's thresholds are calibrated against, so they change together or not at
// all; and, not yet, the re-reading of doubtful Chinese lines
// (reread.go: rereadBelow, textRereadScales, voteFloor, voteMargin), the binarisation and
// ruling thresholds (raster.go, lines.go), the glyph cutting (glyphs.go) and the junk and
// rescue cut-offs of text lines (recognize.go: isJunk, rescueText).
type Settings struct {
	// TargetHeight is the text height in pixels a line crop is scaled to (Tesseract reads
	// best around 30–40 px); the scale stays within [MinScale, MaxScale].
	TargetHeight       float64
	MinScale, MaxScale float64

	// FastNumberMinConf: a line whose ink cuts into digit glyphs is read by the digits
	// model alone when its reading is a well-formed number with a digit per glyph, the
	// sign the ink shows and every character at least this confident, and the page's digit
	// shapes have their fill of every digit in it already (issue 11, readNumberFirst);
	// other lines are read by the text model first. Above 1: off (every line goes to the
	// text model first, as before issue 11).
	FastNumberMinConf float64
	// FastNumberAfter: ... and only once the page's digit shapes hold this many examples
	// (from lines both networks read alike) of every digit in the line. bankPerDigit (48,
	// the most the shapes keep) learns the shapes exactly as before issue 11; 16 read the
	// Changsha scan's amounts worse (169/171, was 171/171; docs/BENCH.md "OCR speed, issue
	// 11"), so the default is bankPerDigit.
	FastNumberAfter int

	// InvertLines lets Tesseract read a line it reads with little certainty once more as
	// white on black (tessedit_do_invert) and keep the better reading. These documents
	// print black on white, but the second pass is a second look at the hard lines: off,
	// TestRotatedContentTurnedBack/180 read 3923 as 223 (issue 11), so it stays on.
	InvertLines bool

	// LatinRescales: a line the text model reads as Latin letters is read again at these
	// scales (the first reading with Chinese wins).
	LatinRescales []float64

	// ThirdReadingScale: a number the digit shapes cannot decide is read once more by the
	// digits model at this scale, for a vote of three.
	ThirdReadingScale float64
	// NumberRereadScales: a doubtful number is read again at these scales to give
	// normalize more candidate readings (Word.Alternatives).
	NumberRereadScales []float64

	// OrientationSamples: the cells (most ink first) read to decide how a page is turned.
	// The upright reading is accepted without trying other turns when it yields at least
	// OrientationUprightChars Chinese characters and digits with a mean squared confidence
	// of at least OrientationUprightConf; reading stops as soon as it does.
	OrientationSamples      int
	OrientationUprightChars int
	OrientationUprightConf  float64

	// FaintRuleContrast: pages ruled in light grey (faint.go) have their ruling looked for
	// again on ink at least this many grey levels darker than the paper around it
	// (faintInk): a grey rule scans 30–60 below the paper, a 1 px rule in a grey header
	// fill only ~30 (25 lost the header rules of wild-beijing-meteorology t200 p3); noise
	// stays within ~10. 0 turns it off. That ruling is used when its tables hold at least
	// FaintRuleMinCells cells and more than FaintRuleCellGain times the cells of the
	// ruling found on Sauvola's ink.
	FaintRuleContrast int
	FaintRuleMinCells int
	FaintRuleCellGain float64

	// TextModel: the second recogniser's settings, nil (and left out of the OCR cache's
	// key) unless Options.TextRecognizer is set; New fills in DefaultTextModelSettings.
	TextModel *TextModelSettings `json:",omitempty"`
}

// TextModelSettings tune the optional second recogniser of text lines (issue 11,
// Options.TextRecognizer; docs/ocr.md "Second recogniser (PP-OCRv4)").
type TextModelSettings struct {
	// Recognizer names the recogniser (LineRecognizer.Name), so that a cached page read
	// with it is not taken for one read without it.
	Recognizer string
	// MinConf: the second recogniser's reading of a text line replaces Tesseract's when
	// it has a Chinese character and its mean character probability is at least this;
	// otherwise the line is read as without it.
	MinConf float64
}

// DefaultTextModelSettings are the second recogniser's defaults.
func DefaultTextModelSettings() TextModelSettings {
	return TextModelSettings{MinConf: 0.5}
}

// DefaultSettings are the tunables the stage is measured with (docs/ocr.md, docs/scans.md).
func DefaultSettings() Settings {
	return Settings{
		TargetHeight:            40,
		MinScale:                0.5,
		MaxScale:                4,
		InvertLines:             true,
		FastNumberMinConf:       0.90,
		FastNumberAfter:         bankPerDigit,
		LatinRescales:           []float64{1.5, 0.7},
		ThirdReadingScale:       1.35,
		NumberRereadScales:      []float64{1.35, 0.8, 1.7},
		OrientationSamples:      8,
		OrientationUprightChars: 10,
		OrientationUprightConf:  0.8,
		FaintRuleContrast:       16,
		FaintRuleMinCells:       6,
		FaintRuleCellGain:       2,
	}
}

// defaultSettings serves workers made without settings (tests).
var defaultSettings = DefaultSettings()

// settings returns the worker's settings (the defaults when none were given).
func (w *worker) settings() *Settings {
	if w == nil || w.set == nil {
		return &defaultSettings
	}
	return w.set
}
