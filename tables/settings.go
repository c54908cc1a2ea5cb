package tables

// Settings are the tunable thresholds of the tables stage (issue 17: pdfplumber keeps its
// tunables in one TableSettings, camelot in documented parser parameters). Distances are in
// PDF points (suffix Pt) where the layouts fix them in absolute terms, and in units of the
// font size (Sizes) or of the line height (Lines) where that is what they mean. Counts are
// plain numbers, shares fractions of 1. DefaultSettings is what Build uses: changing a
// default changes the eval, so measure with `budgetpdf eval --variants all` first.
//
// Not here yet (still constants beside their code, because they describe the PDF drawing
// rather than a layout): ruleTol, ruleGapTol and minRuleLen in page.go (when two rule
// pieces are the same rule), and the small fixed tolerances inside the header and side
// heuristics (header.go, sides.go, table.go, meta.go).
type Settings struct {
	// --- regions (page.go) ---

	// RuleTouchPt: a horizontal and a vertical rule closer than this touch (one ruled
	// region).
	RuleTouchPt float64
	// LatticeMinRules, LatticeMinWidthPt, LatticeMinHeightPt: a ruled region is a lattice
	// (a table drawn with row and column rules) when it has at least this many horizontal
	// and vertical rules and is at least this wide and tall; smaller ones are boxes.
	LatticeMinRules    int
	LatticeMinWidthPt  float64
	LatticeMinHeightPt float64
	// FrameRuleMinLenPt: a horizontal rule at least this long, outside every lattice, can
	// be part of a frame table (rows ruled, columns not).
	FrameRuleMinLenPt float64
	// FrameMinRules: a frame table has at least this many horizontal rules.
	FrameMinRules int
	// FrameEdgeTolPt: the rules of one frame table start and end within this distance of
	// each other; FrameMaxGapPt: and follow each other within this distance.
	FrameEdgeTolPt float64
	FrameMaxGapPt  float64
	// MergeOverlap, MergeGapPt: two ruled regions whose horizontal overlap is more than
	// this share of the narrower one and whose vertical gap is under MergeGapPt are one.
	MergeOverlap float64
	MergeGapPt   float64
	// ChunkGapSizes: words on a line further apart than this many font sizes (the larger
	// of the two, at least ChunkMinSizePt) are in different columns.
	ChunkGapSizes  float64
	ChunkMinSizePt float64
	// StreamBreakLines: a table without rules ends at a vertical gap of more than this many
	// line heights (the line height at least StreamMinLineHeightPt).
	StreamBreakLines      float64
	StreamMinLineHeightPt float64
	// StreamShortGapLines: short lines inside a table without rules (a wrapped name) are
	// kept when they follow the line before closer than this many line heights.
	StreamShortGapLines float64
	// StreamMinRows, StreamMinNumberRows: a table without rules has at least this many
	// lines in columns, and this many of them with numbers.
	StreamMinRows       int
	StreamMinNumberRows int

	// --- grid (grid.go) ---

	// ColumnRuleCoverage, RowRuleCoverage: a cell boundary is ruled when a rule covers
	// this share of it (vertical, horizontal).
	ColumnRuleCoverage float64
	RowRuleCoverage    float64
	// ColumnRuleMinPt: a vertical rule shorter than this is not a column boundary.
	ColumnRuleMinPt float64
	// ColumnMinWidthPt: ruled columns narrower than this are merged (a double rule).
	ColumnMinWidthPt float64
	// ContinuationPitches, ContinuationLineHeights: a line that carries on the cell above
	// (a wrapped name) follows it closer than this many row pitches, or, when the rows
	// have no pitch, this many line heights.
	ContinuationPitches     float64
	ContinuationLineHeights float64

	// --- tables continued over pages (api.go) ---

	// EdgeTolPt, EdgeMatchShare: a table part with other columns than the part before
	// continues it when at least this share of its column edges are within EdgeTolPt of
	// an edge of the earlier part.
	EdgeTolPt      float64
	EdgeMatchShare float64
}

// DefaultSettings are the thresholds the stage is tuned with (the eval's figures).
func DefaultSettings() Settings {
	return Settings{
		RuleTouchPt:             3,
		LatticeMinRules:         2,
		LatticeMinWidthPt:       60,
		LatticeMinHeightPt:      10,
		FrameRuleMinLenPt:       100,
		FrameMinRules:           3,
		FrameEdgeTolPt:          15,
		FrameMaxGapPt:           200,
		MergeOverlap:            0.8,
		MergeGapPt:              3,
		ChunkGapSizes:           1.5,
		ChunkMinSizePt:          6,
		StreamBreakLines:        3,
		StreamMinLineHeightPt:   8,
		StreamShortGapLines:     1.5,
		StreamMinRows:           3,
		StreamMinNumberRows:     2,
		ColumnRuleCoverage:      0.6,
		RowRuleCoverage:         0.5,
		ColumnRuleMinPt:         5,
		ColumnMinWidthPt:        2,
		ContinuationPitches:     0.75,
		ContinuationLineHeights: 1.4,
		EdgeTolPt:               3,
		EdgeMatchShare:          0.7,
	}
}
