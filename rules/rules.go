// Package rules is the registry of what budgetpdf reports: the kinds of finding (the rule a
// finding names) and the kinds of repair made to a printed value, each with whether it is a
// claim about the source document or about this tool's reading of it, its default severity
// and a one-line description. Every stage names findings and repairs through it, so a kind
// is spelled once, and the outputs (findings.csv, the workbook's 校验 sheet), the scorer and
// the key checker read the same meaning from one place.
//
// It is a leaf package (no imports from the project): tables, normalize, export and fixtures
// can all use it.
package rules

import "sort"

// Kind names a kind of finding (findings.csv `rule`).
type Kind string

// Severity orders findings.
type Severity string

const (
	SeverityError    Severity = "error"    // the source breaks an identity
	SeverityWarning  Severity = "warning"  // suspicious, or our own reading is uncertain
	SeverityRounding Severity = "rounding" // a difference within printed precision × terms
	SeverityInfo     Severity = "info"
)

// About says whom a finding is about.
type About string

const (
	AboutSource  About = "source"  // the document itself: an identity it breaks, a misprinted code
	AboutReading About = "reading" // this tool's reading of the page is in doubt
)

// Family groups kinds that describe the same break from different sides: one wrong printed
// cell breaks its row, its parent and its total, and which of them a checker names is a
// convention (the scorer and the key checker match a listed inconsistency within its family).
type Family string

const (
	FamilySum   Family = "sum"         // a printed total against the sum of its parts
	FamilyCross Family = "cross_table" // one quantity printed by two tables
	FamilyProse Family = "prose"       // a figure of the narrative against the tables
	FamilyCode  Family = "code"        // a subject code
)

// The kinds of finding.
const (
	HierarchySum          Kind = "hierarchy_sum"
	RowIdentity           Kind = "row_identity"
	TableTotal            Kind = "table_total"
	CrossTable            Kind = "cross_table"
	ProseFigure           Kind = "prose_figure"
	Rounding              Kind = "rounding"
	MalformedCode         Kind = "malformed_code"
	CodeNameMismatch      Kind = "code_name_mismatch"
	LowConfidence         Kind = "low_confidence"
	OCRSuspect            Kind = "ocr_suspect"
	OCRIdentityFix        Kind = "ocr_identity_fix"
	OCRResolved           Kind = "ocr_resolved"
	OCRObscured           Kind = "ocr_obscured"
	OCRUnverified         Kind = "ocr_unverified"
	UnresolvedSplit       Kind = "unresolved_split"
	UnparsedAmount        Kind = "unparsed_amount"
	NumberFormat          Kind = "number_format"
	LowConfidenceMapping  Kind = "low_confidence_mapping"
	OCRHeaderSnap         Kind = "ocr_header_snap"
	OCRHeaderDoubt        Kind = "ocr_header_doubt"
	UnitInferred          Kind = "unit_inferred"
	UnitUnknown           Kind = "unit_unknown"
	UnlabelledRow         Kind = "unlabelled_row"
	IdentitiesChecked     Kind = "identities_checked"
	IdentityNotApplicable Kind = "identity_not_applicable"
	PageFailed            Kind = "page_failed"
	Correction            Kind = "correction"
	CorrectionNotApplied  Kind = "correction_not_applied"
)

// Rule describes one kind of finding.
type Rule struct {
	Kind     Kind
	About    About
	Severity Severity // the severity a finding of this kind has unless its reporter says otherwise
	Family   Family   // "" for kinds no inconsistency is listed under
	Desc     string
}

var registry = map[Kind]Rule{}

func register(rs ...Rule) {
	for _, r := range rs {
		registry[r.Kind] = r
	}
}

func init() {
	register(
		Rule{HierarchySum, AboutSource, SeverityError, FamilySum, "a parent row (类, 款, an outline heading, a unit) differs from the sum of its parts"},
		Rule{RowIdentity, AboutSource, SeverityError, FamilySum, "in one row, a 合计/小计/总计 column differs from the sum of the columns it totals"},
		Rule{TableTotal, AboutSource, SeverityError, FamilySum, "a table's (or side's) total row differs from the sum of its top-level rows"},
		Rule{CrossTable, AboutSource, SeverityError, FamilyCross, "one quantity printed by two tables differs (收支总表 against 支出总表, a subject in two tables, …)"},
		Rule{ProseFigure, AboutSource, SeverityWarning, FamilyProse, "a figure of the narrative (情况说明) differs from the table cell it restates"},
		Rule{Rounding, AboutSource, SeverityRounding, FamilySum, "a difference within what the printed decimals allow (尾差); listed in answer keys, never an error"},
		Rule{MalformedCode, AboutSource, SeverityWarning, FamilyCode, "a printed subject code is malformed (`2085 05 02`); repaired when hierarchy, name and catalog agree"},
		Rule{CodeNameMismatch, AboutSource, SeverityWarning, FamilyCode, "a code printed with the name the catalog gives another code of its level"},
		Rule{LowConfidence, AboutReading, SeverityWarning, "", "an OCR amount below the confidence threshold that no identity confirmed"},
		Rule{OCRSuspect, AboutReading, SeverityWarning, "", "an OCR amount (or blank) an identity contradicts: a misreading is likelier than a source error"},
		Rule{OCRIdentityFix, AboutReading, SeverityInfo, "", "an OCR amount repaired from the identities that pin it down (a plausible misreading)"},
		Rule{OCRResolved, AboutReading, SeverityInfo, "", "a doubtful OCR amount replaced by the one candidate reading (another reading, the column's format, one digit changed) that two independent identities confirm"},
		Rule{OCRObscured, AboutReading, SeverityWarning, "", "a blank amount cell of a scan under ink the OCR stage removed or could not read (a seal): the number printed there may be lost; check it on the page image"},
		Rule{OCRUnverified, AboutReading, SeverityInfo, "", "an OCR amount no identity checks whose reading has a doubt of its own (confidence under the unverified threshold, other readings weighed, a seal over it, a scale its column does not print): check it on the page image"},
		Rule{UnresolvedSplit, AboutReading, SeverityWarning, "", "a number printed in fragments whose readings fit the document equally well; the geometric one is kept"},
		Rule{UnparsedAmount, AboutReading, SeverityInfo, "", "a cell of an amount column that is not a number"},
		Rule{NumberFormat, AboutReading, SeverityInfo, "", "a number printed in an unusual but unambiguous format (`120258,600`), read as the format says"},
		Rule{LowConfidenceMapping, AboutReading, SeverityInfo, "", "a name→code mapping below the confidence threshold: reported, not applied"},
		Rule{OCRHeaderSnap, AboutReading, SeverityInfo, "", "an OCR'd header label snapped to a label real documents print"},
		Rule{OCRHeaderDoubt, AboutReading, SeverityWarning, "", "an OCR'd header label that is neither a known label nor snapped to one and does not look like one (one character, Latin letters, mixed bracket shapes), or an amount column of a scanned two-sided table headed only by its side (its label line lost): check it on the page image"},
		Rule{UnitInferred, AboutReading, SeverityInfo, "", "a scanned table's unit taken from the document's other tables (OCR missed its unit line)"},
		Rule{UnitUnknown, AboutReading, SeverityWarning, "", "money whose unit no label prints: kept as printed, no value in 元"},
		Rule{UnlabelledRow, AboutSource, SeverityInfo, "", "a row printing amounts without any label (no code, no name, no other label column): exported as printed, outside every identity that needs its place"},
		Rule{IdentitiesChecked, AboutSource, SeverityInfo, "", "how many identities of each rule were checked and held"},
		Rule{IdentityNotApplicable, AboutSource, SeverityInfo, "", "an identity left unchecked: it does not apply to the table as read (and why)"},
		Rule{PageFailed, AboutReading, SeverityError, "", "a page that could not be read (scanned without OCR, damaged): its content is missing"},
		Rule{Correction, AboutReading, SeverityInfo, "", "a reviewer's correction (corrections.json) applied to this cell"},
		Rule{CorrectionNotApplied, AboutReading, SeverityWarning, "", "a reviewer's correction no longer applies: the cell reads differently than when it was corrected"},
	)
}

// Lookup returns the registered rule of a kind.
func Lookup(k Kind) (Rule, bool) {
	r, ok := registry[k]
	return r, ok
}

// AboutOf says whom a finding of kind k is about (AboutSource for an unregistered kind).
func AboutOf(k Kind) About {
	if r, ok := registry[k]; ok {
		return r.About
	}
	return AboutSource
}

// FamilyOf is a kind's family; an unregistered kind is its own family.
func FamilyOf(k Kind) Family {
	if r, ok := registry[k]; ok && r.Family != "" {
		return r.Family
	}
	return Family(k)
}

// All lists the registered rules by kind.
func All() []Rule {
	out := make([]Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// RepairKind names a kind of change made to a printed value or row (Repair.Kind).
type RepairKind string

// The kinds of repair.
const (
	JoinSplitNumber RepairKind = "join_split_number"
	JoinGap         RepairKind = "join_gap"
	SplitReading    RepairKind = "split_reading"
	CodeFix         RepairKind = "code_fix"
	CodeFromName    RepairKind = "code_from_name"
	OCRConfirmed    RepairKind = "ocr_confirmed"
	OCRIdentityRep  RepairKind = "ocr_identity_fix"
	OCRResolvedRep  RepairKind = "ocr_resolved"
	OCRNameSnap     RepairKind = "ocr_name_snap"
	CorrectionRep   RepairKind = "correction"
	InvalidUTF8     RepairKind = "invalid_utf8"
)

// Repair describes one kind of repair.
type Repair struct {
	Kind  RepairKind
	About About // a repair of what the source prints, or of our reading of it
	Desc  string
}

var repairs = map[RepairKind]Repair{}

func init() {
	for _, r := range []Repair{
		{JoinSplitNumber, AboutSource, "a number wrapped over two lines of its cell, joined (consecutive baselines, aligned)"},
		{JoinGap, AboutSource, "fragments on one baseline that make one number (`25180591 .33`, a gap under 1.5 characters)"},
		{SplitReading, AboutSource, "a number in fragments the geometry could not decide: the reading the identities confirm"},
		{CodeFix, AboutSource, "a malformed printed code replaced by the one hierarchy, name and catalog agree on"},
		{CodeFromName, AboutReading, "an OCR row's unreadable code taken from its name and the codes around it"},
		{OCRConfirmed, AboutReading, "a low-confidence OCR amount confirmed by an identity that holds exactly with it"},
		{OCRIdentityRep, AboutReading, "a low-confidence OCR amount replaced by the value its identities imply"},
		{OCRResolvedRep, AboutReading, "a doubtful OCR amount replaced by the one candidate reading two independent identities confirm (original reading, candidates and identities in the evidence)"},
		{OCRNameSnap, AboutReading, "an OCR'd name snapped to the catalog name of its code"},
		{CorrectionRep, AboutReading, "a value, label, unit or type a reviewer corrected (corrections.json)"},
		{InvalidUTF8, AboutReading, "text whose bytes were not valid UTF-8 (a damaged font or text layer): each bad sequence written as U+FFFD"},
	} {
		repairs[r.Kind] = r
	}
}

// LookupRepair returns the registered repair of a kind.
func LookupRepair(k RepairKind) (Repair, bool) {
	r, ok := repairs[k]
	return r, ok
}

// Repairs lists the registered repairs by kind.
func Repairs() []Repair {
	out := make([]Repair, 0, len(repairs))
	for _, r := range repairs {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}
