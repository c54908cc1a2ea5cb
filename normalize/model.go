// Package normalize turns the tables stage's logical tables into clean, typed, validated data:
// exact amounts with units, repaired split numbers, assembled and checked subject codes, names
// mapped to codes, and findings for every identity (勾稽关系) the source breaks.
//
// It never fixes the source silently: every change to a printed value is a Repair on that
// value, and every inconsistency is a Finding with its location and both values.
package normalize

import (
	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Document is the normalized content of one PDF.
type Document struct {
	File    string   `json:"file"`
	SHA256  string   `json:"sha256,omitempty"`
	Pages   int      `json:"pages"`
	DocKind string   `json:"doc_kind"` // "budget", "final" or ""
	Issuer  string   `json:"issuer"`
	Year    int      `json:"year,omitempty"`
	Tables  []*Table `json:"tables"`
	// Findings are identity failures, malformed codes, unresolved values, low-confidence
	// mappings, ... across the whole document.
	Findings []Finding `json:"findings"`
	// Problems are the page-level failures carried over from the earlier stages.
	Problems []tables.Problem `json:"problems,omitempty"`
}

// Table is a typed table. Columns are the tables stage's columns unchanged.
type Table struct {
	Seq        int             `json:"seq"`
	Kind       tables.Kind     `json:"kind"`
	Title      string          `json:"title"`
	Number     string          `json:"number,omitempty"`
	Unit       string          `json:"unit"` // "元" or "万元"; "" when unknown
	Pages      []int           `json:"pages"`
	Columns    []tables.Column `json:"columns"`
	HeaderRows int             `json:"header_rows"`
	Rows       []*Row          `json:"rows"`
	Empty      bool            `json:"empty"`
	Notes      []string        `json:"notes,omitempty"`
	Regions    []tables.Region `json:"regions,omitempty"`
}

// RowKind says what a row is.
type RowKind string

const (
	RowItem     RowKind = "item"     // a subject or item line
	RowTotal    RowKind = "total"    // 合计 / 总计 / 收入总计 / 支出总计
	RowSubtotal RowKind = "subtotal" // 小计, 一、本年收入 and other group lines
	RowNote     RowKind = "note"     // a text line inside the table body
)

// Row is one typed row.
type Row struct {
	Seq  int     `json:"seq"` // 1-based within the table (and side order)
	Side string  `json:"side,omitempty"`
	Kind RowKind `json:"kind"`
	// Code is the assembled subject code (`2010301`, `30101`), "" when the row has none.
	// CodeRaw is what was printed (`201 03 01`, `2085 05 02`, `02`); CodeLevel 1 (类), 2 (款),
	// 3 (项) or 0. CodeScheme is "functional", "economic" or "".
	Code       string `json:"code"`
	CodeRaw    string `json:"code_raw,omitempty"`
	CodeLevel  int    `json:"code_level"`
	CodeScheme string `json:"code_scheme,omitempty"`
	// Name is the printed name with wrap spaces removed; NameKey the normalized form used
	// for matching (全角/半角, brackets, 其它→其他).
	Name    string `json:"name"`
	NameKey string `json:"name_key,omitempty"`
	// OtherCodes are the codes of the other classifications a cross-classified row prints
	// (Beijing's 支出总表: functional subject 2082801, and 50101 政府经济 / 30101 部门经济),
	// with the column each was read from. Code is the subject: the table's classification.
	OtherCodes []CodeRef `json:"other_codes,omitempty"`
	// MappedCode is the catalog code the name maps to, with the mapper's confidence in [0,1].
	// The table shows the printed code; MappedCode is a separate opinion, never written over it.
	MappedCode        string  `json:"mapped_code,omitempty"`
	MappingConfidence float64 `json:"mapping_confidence,omitempty"`
	// Values is parallel to Table.Columns; non-amount columns hold Present=false values.
	Values []Value     `json:"values"`
	Page   int         `json:"page"`
	Box    extract.Box `json:"box"`
	// Repairs made to the code or name of this row (values carry their own).
	Repairs []Repair `json:"repairs,omitempty"`
	// The row's place in the table's hierarchy (hierarchy.go): Level 0 for totals, 1 at the
	// top; ParentSeq the Seq of the row that sums it (0 for none); IsLeaf for item rows no
	// other row breaks down: summing a side's leaves, repeats left out, gives its total.
	Level     int  `json:"level"`
	ParentSeq int  `json:"parent_row_seq,omitempty"`
	IsLeaf    bool `json:"is_leaf"`
	// LabelPath is the row's label from all its label columns (`货物/办公设备购置费/台式计算机`).
	LabelPath string `json:"label_path,omitempty"`
	// RepeatOf is the Seq of the row whose amount this row repeats (a merged cell printed
	// once across several rows, or again after a page break); 0 when none.
	RepeatOf int `json:"repeat_of_row,omitempty"`
}

// CodeRef is one more code of a cross-classified row.
type CodeRef struct {
	Code   string `json:"code"`
	Name   string `json:"name,omitempty"`
	Scheme string `json:"scheme"` // "functional", "economic" (部门经济) or "economic_gov" (政府经济)
	Level  int    `json:"level"`
	Raw    string `json:"raw,omitempty"` // the cell as printed
	Column int    `json:"column"`        // index into Table.Columns
}

// Value is one amount cell.
type Value struct {
	// Raw is the cell text as printed (fragments joined with a space).
	Raw string `json:"raw"`
	// Present is false for a blank cell and for `-`/`—` (no amount, distinct from 0).
	Present bool          `json:"present"`
	Amount  money.Decimal `json:"amount"`
	// Type is what the value measures (money, percent, count, score, indicator, …; see
	// coltype.go); Unit its unit (元, 万元, %, 人, 辆, 分, 小时, …), "" when none is printed.
	Type ValueType `json:"type,omitempty"`
	Unit string    `json:"unit,omitempty"`
	// Yuan is Amount converted to 元 exactly (Amount itself when the unit is 元); nil for
	// anything but money in a known unit (a percent, a count, an amount whose unit the
	// document does not print): never 0 for "not money".
	Yuan *money.Decimal `json:"yuan,omitempty"`
	// Unresolved is true when two readings remained equally good; Amount then holds the
	// geometric reading and a Finding says so.
	Unresolved bool `json:"unresolved,omitempty"`
	// LowConfidence is true for OCR values below the confidence threshold that no identity
	// confirmed.
	LowConfidence bool        `json:"low_confidence,omitempty"`
	Page          int         `json:"page,omitempty"`
	Box           extract.Box `json:"box"`
	Source        string      `json:"source,omitempty"`
	Confidence    float64     `json:"confidence,omitempty"`
	Repairs       []Repair    `json:"repairs,omitempty"`
	// RepeatOf is the Seq of the row that holds this value first when the value is a merged
	// cell's repeat (counted once: there); 0 otherwise.
	RepeatOf int `json:"repeat_of_row,omitempty"`
}

// Repair records one change to a printed value: what it was, what it became and why.
type Repair struct {
	Kind     rules.RepairKind `json:"kind"` // join_split_number, code_fix, ocr_confirmed, … (rules.Repairs)
	Before   string           `json:"before"`
	After    string           `json:"after"`
	Evidence string           `json:"evidence"`
}

// Severity orders findings (package rules holds the registry of finding kinds).
type Severity = rules.Severity

const (
	SeverityError    = rules.SeverityError    // the source breaks an identity
	SeverityWarning  = rules.SeverityWarning  // suspicious, or our own reading is uncertain
	SeverityRounding = rules.SeverityRounding // a difference within printed precision × terms
	SeverityInfo     = rules.SeverityInfo
)

// Finding is one reported problem.
type Finding struct {
	// Rule is a stable identifier (`hierarchy_sum`, `row_identity`, `table_total`,
	// `cross_table`, `prose_figure`, `malformed_code`, `code_name_mismatch`, `unresolved_split`,
	// `low_confidence`, ...).
	Rule     rules.Kind `json:"rule"`
	Severity Severity   `json:"severity"`
	Message  string     `json:"message"`
	// Expected is what the identity computes; Printed what the document prints.
	Expected string `json:"expected,omitempty"`
	Printed  string `json:"printed,omitempty"`
	// Refs locate every cell involved; the first is the cell the finding is about.
	Refs []Ref `json:"refs"`
	// ExplainedByRepair is true when a repair this stage made could account for the finding.
	ExplainedByRepair bool `json:"explained_by_repair,omitempty"`
	// Identity names the entry of the identities' rule table (docs/normalize.md) a broken
	// identity instantiates: what it relates and when it applies.
	Identity string `json:"identity,omitempty"`
	// Candidates are the readings the identities weighed for a doubtful OCR amount
	// (ocr_resolved: among them the one chosen; ocr_suspect, low_confidence: none chosen).
	Candidates []string `json:"candidates,omitempty"`
	// Review is set when a reviewer dismissed the finding (package corrections): it stays
	// in every output, marked.
	Review *Review `json:"review,omitempty"`
}

// Review is a reviewer's decision that a finding needs no action: who, when and why.
type Review struct {
	By  string `json:"by"`
	At  string `json:"at"`
	Why string `json:"why,omitempty"`
}

// Ref points at one cell (or row, when Column is -1) of one table.
type Ref struct {
	Table  int         `json:"table"` // Table.Seq
	Row    int         `json:"row"`   // Row.Seq, 0 for the table as a whole
	Column int         `json:"column"`
	Code   string      `json:"code,omitempty"`
	Name   string      `json:"name,omitempty"`
	Path   string      `json:"path,omitempty"` // column path joined with "/"
	Page   int         `json:"page"`
	Box    extract.Box `json:"box"`
}
