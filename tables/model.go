// Package tables rebuilds the disclosure tables from extract's positioned words and rules:
// it finds tables on pages, joins tables continued over pages, resolves multi-level headers
// into column paths, assigns words to cells (keeping wrapped fragments of one cell together),
// splits two-sided tables and names each table's kind.
//
// It does not parse amounts or codes: cells carry raw text and the boxes of their fragments;
// package normalize turns them into typed values.
//
// Decisions (details in docs/tables.md): one grid builder for ruled and unruled tables
// (rules where printed, text alignment where not, the two mixed); a band without rules is
// split only where two lines carry amounts in the same columns, and lines that merely continue
// a cell (a wrapped name, a wrapped number's digits) are joined back, so a fragment is never a
// row; banners spanning all amount columns are left out of column paths (the answer-key
// format); two-sided tables are split only for the summary kinds.
package tables

import (
	"github.com/budgetpdf/budgetpdf/extract"

	"github.com/budgetpdf/budgetpdf/internal/problem"
)

// Document is every table found in one PDF.
type Document struct {
	File  string `json:"file"`
	Pages int    `json:"pages"`
	// DocKind is "budget" (预算), "final" (决算) or "" when the document does not say.
	DocKind string   `json:"doc_kind"`
	Issuer  string   `json:"issuer"`
	Year    int      `json:"year,omitempty"`
	Tables  []*Table `json:"tables"`
	// Problems are page-level failures that did not stop the document (a page that could not
	// be read, an OCR failure, ...). Each names its page.
	Problems []Problem `json:"problems,omitempty"`
	// Prose is the non-table text of the document in reading order, page by page, so that
	// normalize can check the figures 情况说明 quotes against the tables.
	Prose []ProseLine `json:"prose,omitempty"`
}

// Problem is a failure confined to one page (or to the whole file when Page is 0).
type Problem = problem.Problem

// ProseLine is one line of running text outside tables.
type ProseLine struct {
	Page int         `json:"page"`
	Text string      `json:"text"`
	Box  extract.Box `json:"box"`
}

// Table is one logical table; a table continued over several pages is one Table.
type Table struct {
	// Seq is the 1-based position of the table in the document.
	Seq  int  `json:"seq"`
	Kind Kind `json:"kind"`
	// Title is the printed title, lines joined (`2025年部门收入预算总表`); Number the printed
	// table number when there is one (`表3`, `预算01表`).
	Title  string `json:"title"`
	Number string `json:"number,omitempty"`
	Issuer string `json:"issuer,omitempty"` // 编制部门 / 编制单位
	Unit   string `json:"unit"`             // "元", "万元" or "" when not printed
	Pages  []int  `json:"pages"`
	// Regions are the table body's rectangle on each page it occupies.
	Regions []Region `json:"regions,omitempty"`
	Columns []Column `json:"columns"`
	// HeaderRows is how many printed rows the header spans (for reproducing it).
	HeaderRows int   `json:"header_rows"`
	Rows       []Row `json:"rows"`
	// Empty marks a table that is printed without data rows (`本表为空表`, `无`).
	Empty bool     `json:"empty"`
	Notes []string `json:"notes,omitempty"` // 注：… lines under the table
	// Grid tells how the cells were found: "lattice" (ruling lines), "stream" (alignment)
	// or "mixed"; "ocr" when any of its pages was read by OCR (its words mostly OCR words),
	// whether the grid came from the OCR stage's ruling lines or from alignment.
	Grid string `json:"grid"`
}

// Region is a table's extent on one page.
type Region struct {
	Page int         `json:"page"`
	Box  extract.Box `json:"box"`
}

// Role says what a column holds.
type Role string

const (
	RoleLei   Role = "lei"   // 类 digits of a functional/economic code
	RoleKuan  Role = "kuan"  // 款 digits
	RoleXiang Role = "xiang" // 项 digits
	RoleCode  Role = "code"  // a whole code in one column (科目编码)
	// RoleCodeName is a column whose cells print code and name together (`2080505-机关事业
	// 单位基本养老保险缴费支出`, `[30227]委托业务费`, `201 一般公共服务支出`): normalize splits them.
	RoleCodeName Role = "code_name"
	RoleName     Role = "name"   // subject / item name (科目名称, 项目)
	RoleAmount   Role = "amount" // money (or a count, in 三公 tables: still numeric)
	RoleLine     Role = "line"   // 行次 (line numbers in 决算 tables)
	RoleText     Role = "text"   // anything else (units, indicator text in 绩效 tables)
)

// Column is one leaf column of the header.
type Column struct {
	// Path is the header text from the top level down to this leaf, each level's wrapped
	// text joined without spaces. A banner spanning all amount columns is left out.
	Path []string `json:"path"`
	Role Role     `json:"role"`
	// Side is "" for ordinary tables; in two-sided tables the half this column belongs to
	// (`收入` / `支出`, or `人员经费` / `公用经费`).
	Side string `json:"side,omitempty"`
	// X0, X1 are the column's horizontal extent on the first page it appears on.
	X0 float64 `json:"x0"`
	X1 float64 `json:"x1"`
}

// Row is one logical row. Cells is parallel to Table.Columns (len(Cells) == len(Columns));
// in two-sided tables a row belongs to one side and only that side's cells are filled.
type Row struct {
	Side  string `json:"side,omitempty"`
	Page  int    `json:"page"`
	Cells []Cell `json:"cells"`
}

// Cell is the content of one cell: its text in reading order and the fragments it came from.
type Cell struct {
	// Text is the fragments' text joined: wrapped name lines are concatenated without a space;
	// numeric fragments of a wrapped number are joined with a single space (`1204 5`) so that
	// normalize sees, and records, the repair.
	Text      string     `json:"text"`
	Fragments []Fragment `json:"fragments,omitempty"`
	// Merged is true when the text comes from a merged cell spanning several rows (the text
	// is repeated on every row it spans).
	Merged bool `json:"merged,omitempty"`
}

// Fragment is one line of text inside a cell, with where it came from.
type Fragment struct {
	Text       string      `json:"text"`
	Page       int         `json:"page"`
	Box        extract.Box `json:"box"`
	Source     string      `json:"source"`     // extract.SourceText or extract.SourceOCR
	Confidence float64     `json:"confidence"` // as in extract.Word
}

// Kind names what a table is, independent of region and wording.
type Kind string

// The standard table kinds. Budget (预算) and final accounts (决算) share kinds; the
// document's DocKind tells them apart.
const (
	KindSummary        Kind = "summary"         // 收支总表 / 收入支出决算总表 (two-sided)
	KindIncome         Kind = "income"          // 收入总表 / 收入决算表
	KindExpenditure    Kind = "expenditure"     // 支出总表 / 支出决算表
	KindFiscalSummary  Kind = "fiscal_summary"  // 财政拨款收支总表 (two-sided)
	KindGPBExpenditure Kind = "gpb_expenditure" // 一般公共预算(财政拨款)支出表, 功能分类
	KindGPBBasic       Kind = "gpb_basic"       // 一般公共预算基本支出表, 经济分类
	KindGPBProject     Kind = "gpb_project"     // 一般公共预算项目支出表
	KindGovFund        Kind = "gov_fund"        // 政府性基金预算(财政拨款)支出表
	KindStateCapital   Kind = "state_capital"   // 国有资本经营预算支出表
	KindThreePublic    Kind = "three_public"    // “三公”经费支出表
	KindAdminRunning   Kind = "admin_running"   // 机关运行经费
	KindEntrusted      Kind = "entrusted"       // 委托业务费
	KindCarryover      Kind = "carryover"       // 上年结转结余
	KindProcurement    Kind = "procurement"     // 政府采购
	KindPerformance    Kind = "performance"     // 绩效目标表
	// KindUnits is the list of the units a document covers (部门预算/决算单位构成: 序号 | 单位名称 |
	// 备注), printed in a frame in the 概况 part: not a budget table, no amounts.
	KindUnits Kind = "units"
	KindOther Kind = "other" // anything else (still extracted)
)
