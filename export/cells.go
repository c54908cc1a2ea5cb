package export

import (
	"encoding/json"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"iter"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Meta is what a writer needs to know about a document beyond its model: the name convert
// gave it, where it came from and what produced the output.
type Meta struct {
	DocID       string // sanitised file stem, unique within the run (the output folder name)
	SourceFile  string // the PDF path as given to convert
	ToolVersion string
	ConvertedAt string // RFC 3339
	// Lang is the language of finding texts (findings.csv message, 校验, cell comments);
	// "" is Chinese.
	Lang findtext.Lang
}

// Cell is one amount cell in long form: one row of cells.csv and of the Parquet dataset.
// Only cells that hold an amount are listed (a blank or `-` cell is no amount, and no row).
type Cell struct {
	DocID             string
	SourceFile        string
	SourceSHA256      string
	Issuer            string
	Year              int
	DocKind           string
	TableSeq          int
	TableKind         string
	TableTitle        string
	Side              string
	RowSeq            int
	RowKind           string
	Code              string
	CodeLevel         int
	Name              string
	MappedCode        string
	MappingConfidence float64
	ColumnIndex       int // 0-based index into the table's columns (as Ref.Column)
	ColumnPath        string
	Value             money.Decimal // in the table's unit, at the printed scale
	Unit              string
	ValueYuan         *money.Decimal // nil unless the value is money in a known unit
	Page              int
	BBox              extract.Box
	Source            string
	Confidence        float64
	Repairs           []normalize.Repair
	LowConfidence     bool
	Unresolved        bool
	// OtherCodes are the row's codes in the other classifications of a cross-classified
	// table (Row.OtherCodes): Beijing's 支出总表 rows carry a 政府经济 and a 部门经济 code
	// beside their functional subject code.
	OtherCodes []normalize.CodeRef
	// ColumnType is what the value measures: money, percent, count, score, indicator, …
	// (normalize.ValueType); only money has a ValueYuan.
	ColumnType string
	// The row's place in its table (normalize/hierarchy.go): Level 0 for totals, 1 at the
	// top; ParentRowSeq the row that sums it (0: none); IsLeaf for the item rows whose sum
	// is the total; LabelPath the row's label from all its label columns; RepeatOfRow the
	// row that holds this value first when it is a merged cell's repeat (0: none).
	Level        int
	ParentRowSeq int
	IsLeaf       bool
	LabelPath    string
	RepeatOfRow  int
}

// CellColumns are the long-form column names, in order (cells.csv header; Parquet adds
// year and doc_kind through its Hive partition folders instead).
var CellColumns = []string{
	"doc_id", "source_file", "source_sha256", "issuer", "year", "doc_kind",
	"table_seq", "table_kind", "table_title", "side", "row_seq", "row_kind",
	"code", "code_level", "name", "mapped_code", "mapping_confidence", "column_index", "column_path",
	"value", "unit", "value_yuan", "page", "bbox", "source", "confidence", "repairs",
	"low_confidence", "unresolved", "other_codes", "column_type",
	"level", "parent_row_seq", "is_leaf", "label_path", "repeat_of_row",
}

// Cells lists the amount cells of doc, table by table, row by row, column by column.
// It allocates one Cell at a time, so callers can stream any size of document.
func Cells(doc *normalize.Document, meta Meta) iter.Seq[Cell] {
	return func(yield func(Cell) bool) {
		for _, t := range doc.Tables {
			for _, r := range t.Rows {
				for i, v := range r.Values {
					if !v.Present || i >= len(t.Columns) || t.Columns[i].Role != tables.RoleAmount {
						continue
					}
					c := Cell{
						DocID:             meta.DocID,
						SourceFile:        meta.SourceFile,
						SourceSHA256:      doc.SHA256,
						Issuer:            doc.Issuer,
						Year:              doc.Year,
						DocKind:           doc.DocKind,
						TableSeq:          t.Seq,
						TableKind:         string(t.Kind),
						TableTitle:        t.Title,
						Side:              r.Side,
						RowSeq:            r.Seq,
						RowKind:           string(r.Kind),
						Code:              r.Code,
						CodeLevel:         r.CodeLevel,
						Name:              r.Name,
						MappedCode:        r.MappedCode,
						MappingConfidence: r.MappingConfidence,
						ColumnIndex:       i,
						ColumnPath:        keyfile.ColumnPath(t.Columns[i]),
						Value:             v.Amount,
						Unit:              v.Unit,
						ValueYuan:         v.Yuan,
						Page:              v.Page,
						BBox:              v.Box,
						Source:            v.Source,
						Confidence:        v.Confidence,
						Repairs:           v.Repairs,
						LowConfidence:     v.LowConfidence,
						Unresolved:        v.Unresolved,
						OtherCodes:        r.OtherCodes,
						ColumnType:        string(v.Type),
						Level:             r.Level,
						ParentRowSeq:      r.ParentSeq,
						IsLeaf:            r.IsLeaf,
						LabelPath:         r.LabelPath,
						RepeatOfRow:       v.RepeatOf,
					}
					if c.Page == 0 {
						c.Page = r.Page
					}
					if !yield(c) {
						return
					}
				}
			}
		}
	}
}

// OtherCodesText renders a row's other codes as `scheme:code` joined by `;`
// (`economic_gov:50203;economic:30216`), in the order the table prints them; "" for none.
// One text column rather than a column per scheme: the schemes a table crosses vary by
// region, and a fixed long-form layout must not grow columns with the documents.
func OtherCodesText(refs []normalize.CodeRef) string {
	var sb strings.Builder
	for _, r := range refs {
		if r.Code == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(';')
		}
		scheme := r.Scheme
		if scheme == "" {
			scheme = "unknown"
		}
		sb.WriteString(scheme)
		sb.WriteByte(':')
		sb.WriteString(r.Code)
	}
	return sb.String()
}

// RepairsText renders repairs as a JSON array (empty string for none): machine-readable in
// CSV and Parquet alike, and DuckDB/Spark can parse it with their JSON functions.
func RepairsText(rs []normalize.Repair) string {
	if len(rs) == 0 {
		return ""
	}
	b, err := json.Marshal(rs)
	if err != nil {
		// Repair holds only strings; Marshal cannot fail on it.
		return ""
	}
	return string(b)
}

// BBoxText renders a box as "x0,y0,x1,y1" in points with two decimals; "" for no box.
func BBoxText(b extract.Box) string {
	if b == (extract.Box{}) {
		return ""
	}
	var sb strings.Builder
	for i, v := range [4]float64{b.X0, b.Y0, b.X1, b.Y1} {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(formatFloat(v, 2))
	}
	return sb.String()
}
