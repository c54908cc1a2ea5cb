package tables

// Settings are the tunable thresholds of the tables stage (issue 17: pdfplumber keeps its
// tunables in one TableSettings, camelot in documented parser parameters). Distances are in
// PDF points (suffix Pt) where the layouts fix them in absolute terms, and in units of the
// font size (Sizes) or of the line height (Lines) where that is what they mean. Counts are
// plain numbers, shares fractions of 1. DefaultSettings is what Build uses: changing a
// default changes the eval, so measure with `budgetpdf eval --variants all` first.
//
// What stays a literal beside its code, on purpose: facts of print rather than tunings
// (thousands groups of three, two-digit column numbers, `（续）` marks), guards against
// degenerate boxes (a span of at most 1 pt, the 0.5 pt by which a cut word's halves are
// kept apart), majorities that define a word (a table is OCR when most of its words are)
// and the counts that make a structure at all (two columns, two rows). The line grouping
// of geom.go (`groupLines`: words overlapping by half the smaller height are on one line)
// is shared by every stage of the package that reads lines and is not a tuning either.
type Settings struct {
	// --- ruling lines (page.go) ---

	// RuleSameLinePt: rules (or rule pieces, or a rule and a region's edge) whose
	// positions differ by less than this are the same line.
	RuleSameLinePt float64
	// RuleJoinGapPt: collinear rule pieces with a gap of at most this are one rule
	// (producers draw a rule as one short piece per cell).
	RuleJoinGapPt float64
	// RuleMinLenPt: a drawn line shorter than this is no rule (a tick, a dot).
	RuleMinLenPt float64
	// TurnedMinWords, TurnedShare: a page is a table printed turned by 90° when it has
	// more than TurnedMinWords visible words and at least this share of them run top to
	// bottom.
	TurnedMinWords int
	TurnedShare    float64

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
	// StreamShortRunes: a line of at most this many characters between the lines of a
	// table without rules is a wrapped fragment of a cell (`5` under `1204`).
	StreamShortRunes int

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
	// RowRuleMinPt: a horizontal rule separates rows only when it reaches across more than
	// this much of the region (a short underline inside a cell does not).
	RowRuleMinPt float64
	// GapColumnSizes, GapColumnMinPt: in a table without column rules, a vertical gap of
	// at least this many font sizes (the median size of its amount lines, the gap at least
	// GapColumnMinPt) between the words of its amount lines is a column boundary.
	GapColumnSizes float64
	GapColumnMinPt float64
	// CrossColumnPt: a word reaching this far past a column boundary on both sides runs
	// across it: over a ruled boundary it is two cells' numbers printed as one word and is
	// cut there; over an unruled one (a header label, a title in a frame) it spans both
	// columns.
	CrossColumnPt float64
	// AnchorInsetPt: a word is placed in the column of a point this far (at most a quarter
	// of the word) inside its right end when it is an amount (right-aligned), inside its
	// left end when it is Han text in a lattice; other words by their centre.
	AnchorInsetPt float64
	// CutSearchGlyphs: such a numeric word is cut at most this many characters away from
	// where the rule crosses it, at the nearest place where both pieces read as numbers.
	CutSearchGlyphs int
	// FragmentMaxDigits: a number of at most this many characters (one more with a leading
	// point) and no thousands separator can be the wrapped tail of the number above it
	// (`5` under `1204`, `.43`); a band of a ruled row holding only such tails is no row.
	FragmentMaxDigits int
	// EmptyColumnMinPt: a column that holds no text is kept (an empty amount column) when
	// at least this wide; narrower ones are slivers between double rules.
	EmptyColumnMinPt float64

	// --- header and sides (header.go, sides.go, pagetable.go) ---

	// TitleRowSpan: a lone cell spanning at least this share of the columns (rounded
	// down, at least one) at the top of a frame, reading as a title or meta line, is not
	// part of the header.
	TitleRowSpan float64
	// HeaderVocabShare: a row is header text when at least this share of its cells use a
	// header word (项目, 合计, 预算数 …).
	HeaderVocabShare float64
	// IssuerRows, IssuerMaxRunes: `部门名称 | 某某局` in a frame's first IssuerRows rows
	// (after the meta rows) names the issuer when the value has at most IssuerMaxRunes
	// characters.
	IssuerRows     int
	IssuerMaxRunes int
	// BannerDeepShare: a header label spanning one side of a two-sided table (`收入`) is
	// that side's banner, taken off the column paths, when more than this share of its
	// columns have a label of their own under it.
	BannerDeepShare float64
	// OCRLabelEdits: on a table read from OCR, two column groups print the same columns
	// (one side continued beside itself) when their roles match and their header labels
	// differ by at most this many edits each (`科目代亿` read for `科目代码`).
	OCRLabelEdits int
	// OCRDebrisMaxRunes: on a scan, a line above a table with at most this many characters
	// and no digit is seal or speck debris; it does not end the walk up to the title.
	OCRDebrisMaxRunes int
	// ColumnRoleShare: a column the header does not name is a code column (an amount
	// column) when at least this share of its body cells are codes (amounts or codes);
	// CodeNameShare: a code-and-name column when at least this share print both
	// (`2080505-机关事业单位…`).
	ColumnRoleShare float64
	CodeNameShare   float64

	// --- title and notes (build.go, meta.go) ---

	// MetaEdgeTolPt: a line ending up to this far inside a table's top (or starting this far
	// inside its bottom) is still above (below) it, for its title, unit and notes.
	MetaEdgeTolPt float64
	// TitleMaxGapPt: the search for a table's title, number and unit stops at a gap of more
	// than this above the table (or above the last line taken).
	TitleMaxGapPt float64
	// TitleMaxRunes: a title line has at most this many characters; TitleLineRunes: a
	// second title line that does not read as a title by itself at most this many.
	TitleMaxRunes  int
	TitleLineRunes int
	// NoteMarkMaxRunes: an empty-table mark under a table (`本单位无…，此表为空`) has at most
	// this many characters.
	NoteMarkMaxRunes int

	// --- the document's cover (docmeta.go) ---

	// CoverPages: the document's kind, year and issuer are read from the prose of its
	// first this many pages (and the table titles).
	CoverPages int
	// CoverMaxLines, CoverLineRunes: the cover's document line (`某某局` over `2024年部门
	// 预算`) joins at most this many short lines above the line naming the budget, each of
	// at most CoverLineRunes characters.
	CoverMaxLines  int
	CoverLineRunes int
	// CoverHeightShare, CoverOverlapLines, CoverGapLines: those lines are one block when
	// their heights differ by at most CoverHeightShare of the taller, and the gap between
	// them is more than −CoverOverlapLines of the lower line's height and at most
	// CoverGapLines of the taller line's height.
	CoverHeightShare  float64
	CoverOverlapLines float64
	CoverGapLines     float64

	// --- tables continued over pages (api.go) ---

	// EdgeTolPt, EdgeMatchShare: a table part with other columns than the part before
	// continues it when at least this share of its column edges are within EdgeTolPt of
	// an edge of the earlier part.
	EdgeTolPt      float64
	EdgeMatchShare float64
	// PathSimilarity, PathAlikeShare: on OCR pages a repeated header counts as the same
	// when at least PathAlikeShare of its column paths have an edit similarity of at least
	// PathSimilarity with the earlier part's (`国有资本经营` / `国有资本经营预算`).
	PathSimilarity float64
	PathAlikeShare float64
}

// DefaultSettings are the thresholds the stage is tuned with (the eval's figures).
func DefaultSettings() Settings {
	return Settings{
		RuleSameLinePt:          2,
		RuleJoinGapPt:           3,
		RuleMinLenPt:            3,
		TurnedMinWords:          10,
		TurnedShare:             0.6,
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
		StreamShortRunes:        8,
		ColumnRuleCoverage:      0.6,
		RowRuleCoverage:         0.5,
		ColumnRuleMinPt:         5,
		ColumnMinWidthPt:        2,
		ContinuationPitches:     0.75,
		ContinuationLineHeights: 1.4,
		RowRuleMinPt:            3,
		GapColumnSizes:          0.6,
		GapColumnMinPt:          4,
		CrossColumnPt:           2,
		AnchorInsetPt:           2,
		CutSearchGlyphs:         3,
		FragmentMaxDigits:       3,
		EmptyColumnMinPt:        4,
		TitleRowSpan:            0.9,
		HeaderVocabShare:        0.5,
		IssuerRows:              3,
		IssuerMaxRunes:          40,
		BannerDeepShare:         0.5,
		OCRLabelEdits:           1,
		OCRDebrisMaxRunes:       2,
		ColumnRoleShare:         0.7,
		CodeNameShare:           0.5,
		MetaEdgeTolPt:           2,
		TitleMaxGapPt:           90,
		TitleMaxRunes:           60,
		TitleLineRunes:          30,
		NoteMarkMaxRunes:        60,
		CoverPages:              3,
		CoverMaxLines:           3,
		CoverLineRunes:          30,
		CoverHeightShare:        0.25,
		CoverOverlapLines:       0.5,
		CoverGapLines:           1.2,
		EdgeTolPt:               3,
		EdgeMatchShare:          0.7,
		PathSimilarity:          0.6,
		PathAlikeShare:          0.8,
	}
}
