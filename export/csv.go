package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
	"github.com/budgetpdf/budgetpdf/internal/safetext"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
)

// CSV text cells go through csvText: valid UTF-8, and a text a spreadsheet would run as a
// formula (`=1+1`, `@SUM(1,2)`, `-A1`, a leading tab) gets a leading ' (docs/OUTPUT.md).
// Cells that hold a parsed number (an amount, a count, a page) are written as they are, so
// a negative amount `-12.50` stays a number.
func csvText(s string) string { return safetext.CSVText(s) }

// plainNumber matches a decimal number as our outputs write one (`-12.50`, `3`).
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// csvValue is a field that holds a number when it parses as one (a finding's printed and
// expected values), and text otherwise.
func csvValue(s string) string {
	if plainNumber.MatchString(s) {
		return s
	}
	return csvText(s)
}

// safeKeyTable is t with its text cells (header, side, code, name) made safe for a
// spreadsheet; amount cells are parsed numbers (keyfile.TableOf) and stay as they are.
func safeKeyTable(t keyfile.Table) keyfile.Table {
	out := keyfile.Table{Header: make([]string, len(t.Header)), Rows: make([][]string, len(t.Rows))}
	for i, h := range t.Header {
		out.Header[i] = csvText(h)
	}
	k := t.AmountColumns()
	for i, r := range t.Rows {
		rec := make([]string, len(r))
		for j, c := range r {
			if j < k {
				rec[j] = csvText(c)
			} else {
				rec[j] = csvValue(c)
			}
		}
		out.Rows[i] = rec
	}
	return out
}

// utf8BOM makes Excel open our CSVs as UTF-8 (without it, Chinese text shows as mojibake).
const utf8BOM = "\ufeff"

// WriteTableCSVs writes tables/NN_<kind>.csv for every table of doc into dir (UTF-8 with
// BOM) and returns the file names written: the answer-key columns first, unchanged (the
// scorer reads the same keyfile.Tables), then the row's structure (TableCSVColumns) and every
// printed column as printed (PrintedColumns).
func WriteTableCSVs(dir string, doc *normalize.Document) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, nt := range keyfile.Tables(doc) {
		b, err := keyfile.EncodeCSV(safeKeyTable(WideTable(nt)), true)
		if err != nil {
			return names, fmt.Errorf("table %d: %w", nt.Table.Seq, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, nt.File), b); err != nil {
			return names, err
		}
		names = append(names, nt.File)
	}
	return names, nil
}

// TableCSVColumns are the columns a per-table CSV adds after the answer-key columns, before
// the printed columns (keyfile.TableCSVColumns).
var TableCSVColumns = keyfile.TableCSVColumns

// PrintedPrefix heads the printed columns of a per-table CSV: `printed:` and the column's
// header path (side first in two-sided tables), one per column of the table in printed
// order, text columns included, each cell as printed.
const PrintedPrefix = "printed:"

// WideTable is nt's key table with TableCSVColumns and the printed columns appended.
func WideTable(nt keyfile.NamedTable) keyfile.Table {
	t := nt.Table
	wide := keyfile.Table{Header: slices.Clone(nt.Key.Header), RowOf: nt.Key.RowOf}
	wide.Header = append(wide.Header, TableCSVColumns...)
	for _, c := range t.Columns {
		wide.Header = append(wide.Header, PrintedPrefix+sidePath(c.Side, keyfile.ColumnPath(c)))
	}
	wide.Rows = make([][]string, len(nt.Key.Rows))
	for k, rec := range nt.Key.Rows {
		r := t.Rows[nt.Key.RowOf[k]]
		out := append(slices.Clone(rec), RowUnit(t, r), string(r.Kind), strconv.Itoa(r.Seq), strconv.Itoa(r.Level),
			itoaNonZero(r.ParentSeq), strconv.FormatBool(r.IsLeaf), r.LabelPath, itoaNonZero(r.RepeatOf))
		for i := range t.Columns {
			v := ""
			if i < len(r.Values) {
				v = strings.TrimSpace(r.Values[i].Raw)
			}
			out = append(out, v)
		}
		wide.Rows[k] = out
	}
	return wide
}

// sidePath puts a column's side before its header path, each level once: a breakdown's
// side (`支出/功能分类`) already holds the banners its columns' paths may start with
// (`功能分类/金额`, `支出/预算数`), so those leading levels are not repeated
// (`支出/功能分类/金额`, not `支出/功能分类/功能分类/金额`).
func sidePath(side, p string) string {
	if side == "" {
		return p
	}
	levels := strings.Split(side, "/")
	rest := strings.Split(p, "/")
	for len(rest) > 1 && slices.Contains(levels, rest[0]) {
		rest = rest[1:]
	}
	if len(rest) == 1 && slices.Contains(levels, rest[0]) {
		return side
	}
	return side + "/" + strings.Join(rest, "/")
}

// RowUnit is the unit of a row's money amounts: the unit of its first money value, else the
// table's.
func RowUnit(t *normalize.Table, r *normalize.Row) string {
	for _, v := range r.Values {
		if v.Present && v.Type == normalize.TypeMoney && v.Unit != "" {
			return v.Unit
		}
	}
	return t.Unit
}

// FindingColumns is the header of findings.csv: one row per (finding, located cell), so a
// finding about three cells has three rows sharing its number.
var FindingColumns = []string{
	"finding", "severity", "rule", "message", "expected", "printed", "explained_by_repair",
	"ref", "table_seq", "table_title", "row_seq", "code", "name", "column_index", "column_path",
	"page", "bbox", "about", "detail", "review",
}

// What a finding is about (the about column): the source document (an identity it breaks,
// a misprinted code), or this tool's reading of it (a doubtful OCR value, a split number it
// could not resolve, a page it could not read): check the page before blaming the source.
const (
	AboutSource  = "source"
	AboutReading = "reading"
)

func findingAbout(f normalize.Finding) string {
	if f.AboutReading() {
		return AboutReading
	}
	return AboutSource
}

// ProblemRule is the rule findings.csv gives the page-level failures carried over from the
// earlier stages (a page that could not be read, a scanned page OCR could not recognise).
const ProblemRule = string(rules.PageFailed)

// WriteFindingsCSV writes the findings of doc, then its page problems, UTF-8 with BOM. The
// message is rendered in lang (package findtext); detail is normalize's own message.
func WriteFindingsCSV(w io.Writer, doc *normalize.Document, lang findtext.Lang) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(FindingColumns); err != nil {
		return err
	}
	titles := map[int]string{}
	for _, t := range doc.Tables {
		titles[t.Seq] = t.Title
	}
	n := 0
	tf := func(seq int) string { return titles[seq] }
	for _, f := range doc.Findings {
		n++
		head := []string{strconv.Itoa(n), string(f.Severity), string(f.Rule), csvText(findtext.Message(f, tf, lang)), csvValue(f.Expected), csvValue(f.Printed), strconv.FormatBool(f.ExplainedByRepair)}
		tail := []string{findingAbout(f), csvText(f.Message), csvText(reviewText(f.Review))}
		if len(f.Refs) == 0 {
			rec := append(head, make([]string, len(FindingColumns)-len(head)-len(tail))...)
			if err := cw.Write(append(rec, tail...)); err != nil {
				return err
			}
			continue
		}
		for i, r := range f.Refs {
			rec := append(append([]string(nil), head...),
				strconv.Itoa(i+1), itoaNonZero(r.Table), csvText(titles[r.Table]), itoaNonZero(r.Row), csvText(r.Code), csvText(r.Name),
				columnText(r.Column), csvText(r.Path), itoaNonZero(r.Page), BBoxText(r.Box))
			rec = append(rec, tail...)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	for _, p := range doc.Problems {
		n++
		rec := make([]string, len(FindingColumns))
		rec[0], rec[1], rec[2], rec[3] = strconv.Itoa(n), string(normalize.SeverityError), ProblemRule, csvText(p.Message)
		if lang != findtext.EN {
			rec[3] = csvText(findtext.Message(normalize.Finding{Rule: rules.PageFailed, Refs: []normalize.Ref{{Page: p.Page}}}, nil, lang) + "：" + p.Message)
		}
		rec[6] = "false"
		rec[slices.Index(FindingColumns, "page")] = itoaNonZero(p.Page)
		rec[slices.Index(FindingColumns, "about")] = AboutReading // a page this tool could not read
		rec[slices.Index(FindingColumns, "detail")] = csvText(p.Message)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CellsCSV streams Cells as CSV rows (UTF-8 with BOM and the CellColumns header).
type CellsCSV struct {
	w   *csv.Writer
	rec []string
}

// NewCellsCSV writes the BOM and header to w.
func NewCellsCSV(w io.Writer) (*CellsCSV, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, err
	}
	c := &CellsCSV{w: csv.NewWriter(w), rec: make([]string, len(CellColumns))}
	if err := c.w.Write(CellColumns); err != nil {
		return nil, err
	}
	return c, nil
}

// Write adds one cell.
func (c *CellsCSV) Write(x Cell) error {
	r := c.rec[:0]
	r = append(r, csvText(x.DocID), csvText(x.SourceFile), x.SourceSHA256, csvText(x.Issuer), itoaNonZero(x.Year), csvText(x.DocKind),
		strconv.Itoa(x.TableSeq), csvText(x.TableKind), csvText(x.TableTitle), csvText(x.Side), strconv.Itoa(x.RowSeq), csvText(x.RowKind),
		csvText(x.Code), itoaNonZero(x.CodeLevel), csvText(x.Name), csvText(x.MappedCode), "")
	if x.MappedCode != "" {
		r[len(r)-1] = formatFloat(x.MappingConfidence, -1)
	}
	yuan := ""
	if x.ValueYuan != nil {
		yuan = x.ValueYuan.String()
	}
	r = append(r, strconv.Itoa(x.ColumnIndex), csvText(x.ColumnPath), x.Value.String(), csvText(x.Unit), yuan,
		itoaNonZero(x.Page), BBoxText(x.BBox), csvText(x.Source), formatFloat(x.Confidence, -1),
		csvText(RepairsText(x.Repairs)), strconv.FormatBool(x.LowConfidence), strconv.FormatBool(x.Unresolved),
		csvText(OtherCodesText(x.OtherCodes)), csvText(x.ColumnType),
		strconv.Itoa(x.Level), itoaNonZero(x.ParentRowSeq), strconv.FormatBool(x.IsLeaf), csvText(x.LabelPath), itoaNonZero(x.RepeatOfRow))
	c.rec = r
	return c.w.Write(r)
}

// Flush writes buffered rows to the underlying writer.
func (c *CellsCSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

func itoaNonZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// columnText is a Ref column: the model's 0-based index into Table.Columns (as in
// document.json), empty for a whole-row reference (-1).
func columnText(c int) string {
	if c < 0 {
		return ""
	}
	return strconv.Itoa(c)
}

func formatFloat(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// reviewText is the review column: who dismissed the finding, when and why.
func reviewText(r *normalize.Review) string {
	if r == nil {
		return ""
	}
	s := r.By + " " + r.At
	if r.Why != "" {
		s += ": " + r.Why
	}
	return s
}
