package lake

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/iceberg-go"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/money"
)

// Column types. The lake's tables take their columns from the CSV headers of the files
// they ingest (cells.csv, findings.csv), so a column convert adds later is added to the
// table too (schema evolution). A column's type comes from this table, by name; a name it
// does not know is a string. Types are chosen once and never changed (Iceberg cannot turn
// a string column into a number), which is why the columns other branches announced for
// cells.csv are listed before they exist.
var columnTypes = map[string]iceberg.Type{
	"year":                iceberg.PrimitiveTypes.Int32,
	"table_seq":           iceberg.PrimitiveTypes.Int32,
	"row_seq":             iceberg.PrimitiveTypes.Int32,
	"code_level":          iceberg.PrimitiveTypes.Int32,
	"mapping_confidence":  iceberg.PrimitiveTypes.Float64,
	"column_index":        iceberg.PrimitiveTypes.Int32,
	"value_yuan":          yuanType,
	"page":                iceberg.PrimitiveTypes.Int32,
	"bbox":                boxType(),
	"confidence":          iceberg.PrimitiveTypes.Float64,
	"low_confidence":      iceberg.PrimitiveTypes.Bool,
	"unresolved":          iceberg.PrimitiveTypes.Bool,
	"level":               iceberg.PrimitiveTypes.Int32, // announced cells.csv columns
	"parent_row_seq":      iceberg.PrimitiveTypes.Int32,
	"is_leaf":             iceberg.PrimitiveTypes.Bool,
	"repeat_of_row":       iceberg.PrimitiveTypes.Int32,
	"finding":             iceberg.PrimitiveTypes.Int32, // findings.csv
	"explained_by_repair": iceberg.PrimitiveTypes.Bool,
	"ref":                 iceberg.PrimitiveTypes.Int32,
	"pages":               iceberg.PrimitiveTypes.Int32, // documents
	"failed_pages":        iceberg.PrimitiveTypes.Int32,
	"tables":              iceberg.PrimitiveTypes.Int32,
	"cells":               iceberg.PrimitiveTypes.Int64,
	"findings_error":      iceberg.PrimitiveTypes.Int32,
	"findings_warning":    iceberg.PrimitiveTypes.Int32,
	"findings_rounding":   iceberg.PrimitiveTypes.Int32,
	"findings_info":       iceberg.PrimitiveTypes.Int32,
	"seconds":             iceberg.PrimitiveTypes.Float64,
	"converted_at":        iceberg.PrimitiveTypes.TimestampTz,
	"added_at":            iceberg.PrimitiveTypes.TimestampTz,
}

// yuanType is value_yuan's type, the Parquet dataset's: every money.Decimal (an int64
// coefficient with at most 12 decimals) fits exactly, so sums in SQL are exact.
var yuanType = iceberg.DecimalTypeOf(export.ParquetPrecision, export.ParquetScale)

// boxFields are bbox's members, as in the Parquet dataset (SQL says bbox.x0).
var boxFields = []string{"x0", "y0", "x1", "y1"}

// boxType is bbox's struct; its member IDs are placeholders that newSchema renumbers.
func boxType() *iceberg.StructType {
	st := &iceberg.StructType{}
	for i, n := range boxFields {
		st.FieldList = append(st.FieldList, iceberg.NestedField{ID: i + 1, Name: n, Type: iceberg.PrimitiveTypes.Float64})
	}
	return st
}

// typeOf is the lake type of a column by name.
func typeOf(name string) iceberg.Type {
	if t, ok := columnTypes[name]; ok {
		return t
	}
	return iceberg.PrimitiveTypes.String
}

// newSchema makes a schema of optional columns named names, in order, typed by typeOf.
// Every column is optional: a CSV cannot tell an empty value from a missing one, and an
// empty field is NULL.
func newSchema(names []string) *iceberg.Schema {
	id := len(names)
	fields := make([]iceberg.NestedField, len(names))
	for i, n := range names {
		t := typeOf(n)
		if st, ok := t.(*iceberg.StructType); ok {
			c := &iceberg.StructType{}
			for _, f := range st.FieldList {
				id++
				f.ID = id
				c.FieldList = append(c.FieldList, f)
			}
			t = c
		}
		fields[i] = iceberg.NestedField{ID: i + 1, Name: n, Type: t}
	}
	return iceberg.NewSchema(0, fields...)
}

// appendText appends the CSV text s to b, parsed as b's type; "" is NULL. A value that does
// not parse is an error, never a NULL: the lake holds what the CSV says or refuses it.
func appendText(b array.Builder, s string) error {
	if s == "" {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(s)
	case *array.Int32Builder:
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return err
		}
		b.Append(int32(n))
	case *array.Int64Builder:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.Float64Builder:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		b.Append(f)
	case *array.BooleanBuilder:
		v, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		b.Append(v)
	case *array.Decimal128Builder:
		n, err := decimalNum(s, int(b.Type().(*arrow.Decimal128Type).Scale))
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.TimestampBuilder:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return err
		}
		b.Append(arrow.Timestamp(t.UnixMicro()))
	case *array.StructBuilder:
		return appendBox(b, s)
	default:
		return fmt.Errorf("no reader for a %s column", b.Type())
	}
	return nil
}

// decimalNum reads an exact decimal (cells.csv's value_yuan) as a Decimal128 at scale.
func decimalNum(s string, scale int) (decimal128.Num, error) {
	d, err := money.Parse(s)
	if err != nil {
		return decimal128.Num{}, err
	}
	b, err := export.Decimal128(d, scale)
	if err != nil {
		return decimal128.Num{}, err
	}
	var hi, lo uint64
	for i := range 8 {
		hi = hi<<8 | uint64(b[i])
		lo = lo<<8 | uint64(b[8+i])
	}
	return decimal128.New(int64(hi), lo), nil
}

// appendBox reads "x0,y0,x1,y1" into the bbox struct.
func appendBox(b *array.StructBuilder, s string) error {
	parts := strings.Split(s, ",")
	if len(parts) != b.NumField() {
		return fmt.Errorf("want %d numbers, got %q", b.NumField(), s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return err
		}
		v[i] = f
	}
	b.Append(true)
	for i := range parts {
		b.FieldBuilder(i).(*array.Float64Builder).Append(v[i])
	}
	return nil
}
