package export

import (
	"fmt"
	"io"
	"math/bits"
	"path/filepath"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// Parquet layout decisions:
//
//   - One file per document, OUT/parquet/year=<year>/doc_kind=<kind>/<doc-id>.parquet. A
//     document is written (and replaced, and skipped on --resume) as a unit, each file via a
//     temp name and rename, so the dataset is never half-written and memory stays bounded by
//     one document. Many small files is the price; `COPY (SELECT …) TO` in DuckDB compacts.
//   - year and doc_kind live only in the folder names (Hive partitioning), not in the files:
//     Spark rejects a column that is both in the data and in the partition path. Unknown
//     values go to __HIVE_DEFAULT_PARTITION__, which DuckDB, Spark and Trino read as NULL.
//   - value_yuan is DECIMAL(38,12) (16-byte FIXED_LEN_BYTE_ARRAY): money.Decimal is an int64
//     coefficient with at most money.MaxScale = 12 decimals, so any amount it can hold fits in
//     19+12 = 31 digits at scale 12: every value is stored exactly, and sums in SQL are exact.
//     value (the amount in the table's unit, as printed) is a string, because its scale is
//     the printed one and differs between tables.
//   - Snappy compression: the codec every Parquet reader supports.

// ParquetScale and ParquetPrecision are value_yuan's DECIMAL type.
const (
	ParquetScale     = money.MaxScale
	ParquetPrecision = 38
)

// HiveNull is the partition value for an unknown year or document kind.
const HiveNull = "__HIVE_DEFAULT_PARTITION__"

// ParquetPartition is the Hive partition folder of a document, relative to OUT/parquet.
func ParquetPartition(doc *normalize.Document) string {
	year := HiveNull
	if doc.Year > 0 {
		year = strconv.Itoa(doc.Year)
	}
	kind := HiveNull
	if doc.DocKind != "" {
		kind = doc.DocKind
	}
	return filepath.Join("year="+year, "doc_kind="+kind)
}

// ParquetBox is the bbox column: a struct, so SQL can say bbox.x0.
type ParquetBox struct {
	X0 float64 `parquet:"x0"`
	Y0 float64 `parquet:"y0"`
	X1 float64 `parquet:"x1"`
	Y1 float64 `parquet:"y1"`
}

// ParquetCell is one row of the Parquet dataset (CellColumns without year and doc_kind).
type ParquetCell struct {
	DocID             string     `parquet:"doc_id,dict"`
	SourceFile        string     `parquet:"source_file,dict"`
	SourceSHA256      string     `parquet:"source_sha256,dict"`
	Issuer            string     `parquet:"issuer,dict"`
	TableSeq          int32      `parquet:"table_seq"`
	TableKind         string     `parquet:"table_kind,dict"`
	TableTitle        string     `parquet:"table_title,dict"`
	Side              string     `parquet:"side,optional,dict"`
	RowSeq            int32      `parquet:"row_seq"`
	RowKind           string     `parquet:"row_kind,dict"`
	Code              string     `parquet:"code,optional"`
	CodeLevel         int32      `parquet:"code_level"`
	Name              string     `parquet:"name"`
	MappedCode        string     `parquet:"mapped_code,optional"`
	MappingConfidence *float64   `parquet:"mapping_confidence,optional"`
	ColumnIndex       int32      `parquet:"column_index"`
	ColumnPath        string     `parquet:"column_path,dict"`
	Value             string     `parquet:"value"`
	Unit              string     `parquet:"unit,dict"`
	ValueYuan         *[16]byte  `parquet:"value_yuan,optional,decimal(12:38)"`
	Page              int32      `parquet:"page"`
	BBox              ParquetBox `parquet:"bbox"`
	Source            string     `parquet:"source,dict"`
	Confidence        float64    `parquet:"confidence"`
	Repairs           string     `parquet:"repairs,optional"`
	LowConfidence     bool       `parquet:"low_confidence"`
	Unresolved        bool       `parquet:"unresolved"`
	OtherCodes        string     `parquet:"other_codes,optional"`
	ColumnType        string     `parquet:"column_type,dict"`
	Level             int32      `parquet:"level"`
	ParentRowSeq      *int32     `parquet:"parent_row_seq,optional"`
	IsLeaf            bool       `parquet:"is_leaf"`
	LabelPath         string     `parquet:"label_path"`
	RepeatOfRow       *int32     `parquet:"repeat_of_row,optional"`
}

// parquetBatch is how many rows are buffered before they go to the Parquet writer.
const parquetBatch = 1024

// ParquetCells streams Cells into one Parquet file.
type ParquetCells struct {
	w   *parquet.GenericWriter[ParquetCell]
	buf []ParquetCell
}

// NewParquetCells starts a Parquet file on w; meta goes into the file's key-value metadata.
func NewParquetCells(w io.Writer, doc *normalize.Document, meta Meta) *ParquetCells {
	opts := []parquet.WriterOption{
		parquet.Compression(&snappy.Codec{}),
		parquet.CreatedBy("budgetpdf", meta.ToolVersion, ""),
		parquet.KeyValueMetadata("budgetpdf.doc_id", meta.DocID),
		parquet.KeyValueMetadata("budgetpdf.year", strconv.Itoa(doc.Year)),
		parquet.KeyValueMetadata("budgetpdf.doc_kind", doc.DocKind),
		parquet.KeyValueMetadata("budgetpdf.source_sha256", doc.SHA256),
	}
	return &ParquetCells{w: parquet.NewGenericWriter[ParquetCell](w, opts...), buf: make([]ParquetCell, 0, parquetBatch)}
}

// Write adds one cell; it fails when the amount cannot be held exactly (never rounded).
func (p *ParquetCells) Write(c Cell) error {
	var dec *[16]byte
	if c.ValueYuan != nil {
		d, err := Decimal128(*c.ValueYuan, ParquetScale)
		if err != nil {
			return fmt.Errorf("table %d row %d %s: value_yuan: %w", c.TableSeq, c.RowSeq, c.ColumnPath, err)
		}
		dec = &d
	}
	row := ParquetCell{
		DocID: c.DocID, SourceFile: c.SourceFile, SourceSHA256: c.SourceSHA256, Issuer: c.Issuer,
		TableSeq: int32(c.TableSeq), TableKind: c.TableKind, TableTitle: c.TableTitle, Side: c.Side,
		RowSeq: int32(c.RowSeq), RowKind: c.RowKind, Code: c.Code, CodeLevel: int32(c.CodeLevel),
		Name: c.Name, MappedCode: c.MappedCode, ColumnIndex: int32(c.ColumnIndex), ColumnPath: c.ColumnPath, Value: c.Value.String(),
		Unit: c.Unit, ValueYuan: dec, Page: int32(c.Page),
		BBox:   ParquetBox{c.BBox.X0, c.BBox.Y0, c.BBox.X1, c.BBox.Y1},
		Source: c.Source, Confidence: c.Confidence, Repairs: RepairsText(c.Repairs),
		LowConfidence: c.LowConfidence, Unresolved: c.Unresolved, OtherCodes: OtherCodesText(c.OtherCodes),
		ColumnType: c.ColumnType,
		Level:      int32(c.Level), IsLeaf: c.IsLeaf, LabelPath: c.LabelPath,
	}
	if c.ParentRowSeq > 0 {
		p := int32(c.ParentRowSeq)
		row.ParentRowSeq = &p
	}
	if c.RepeatOfRow > 0 {
		r := int32(c.RepeatOfRow)
		row.RepeatOfRow = &r
	}
	if c.MappedCode != "" {
		mc := c.MappingConfidence
		row.MappingConfidence = &mc
	}
	p.buf = append(p.buf, row)
	if len(p.buf) == cap(p.buf) {
		return p.flush()
	}
	return nil
}

func (p *ParquetCells) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return err
	}
	clear(p.buf)
	p.buf = p.buf[:0]
	return nil
}

// Close writes the buffered rows and the file footer.
func (p *ParquetCells) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}

// Decimal128 encodes d at the given scale as a 16-byte big-endian two's complement integer
// (Parquet's DECIMAL on FIXED_LEN_BYTE_ARRAY). Scaling up is exact; a value with more
// decimals than scale is an error, never rounded.
func Decimal128(d money.Decimal, scale int) ([16]byte, error) {
	var out [16]byte
	if d.Scale > scale {
		n := d.Normalize(scale)
		if n.Scale > scale {
			return out, fmt.Errorf("%s has more than %d decimals", d, scale)
		}
		d = n
	}
	neg := d.Coef < 0
	mag := uint64(d.Coef)
	if neg {
		mag = uint64(-(d.Coef + 1)) + 1 // |MinInt64| without overflow
	}
	mul := uint64(1)
	for range scale - d.Scale {
		mul *= 10 // at most 10^12: fits
	}
	hi, lo := bits.Mul64(mag, mul)
	if neg {
		// two's complement of the 128-bit (hi, lo)
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	for i := range 8 {
		out[7-i] = byte(hi >> (8 * i))
		out[15-i] = byte(lo >> (8 * i))
	}
	return out, nil
}
