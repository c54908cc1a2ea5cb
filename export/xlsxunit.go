package export

import (
	"fmt"

	"github.com/budgetpdf/budgetpdf/normalize"
)

// writeUnitColumn adds a 单位 column after the printed ones: each row's money unit
// (RowUnit, as the per-table CSVs' unit column), so that a sheet whose rows mix 元 and
// 万元, or a row copied out of the sheet, still says what its amounts count. The rows are
// placed as writeRows places them (sheetRows; both sides of one sheet row print in the
// table's unit).
func (x *xlsxWriter) writeUnitColumn(sheet string, t *normalize.Table, col, headerTop, depth, first int) error {
	if len(t.Rows) == 0 {
		return nil
	}
	top, bottom := cellName(col, headerTop), cellName(col, headerTop+max(depth, 1)-1)
	if err := x.f.SetCellStr(sheet, top, "单位"); err != nil {
		return fmt.Errorf("unit column header: %w", err)
	}
	if bottom != top {
		if err := x.f.MergeCell(sheet, top, bottom); err != nil {
			return fmt.Errorf("unit column header: %w", err)
		}
	}
	if st, err := x.f.GetCellStyle(sheet, cellName(col-1, headerTop)); err == nil {
		if err := x.f.SetCellStyle(sheet, top, bottom, st); err != nil {
			return fmt.Errorf("unit column header: %w", err)
		}
	}
	at, _ := sheetRows(t, first)
	for i, r := range t.Rows {
		if u := RowUnit(t, r); u != "" {
			if err := x.f.SetCellStr(sheet, cellName(col, at[i]), u); err != nil {
				return fmt.Errorf("unit of row %d: %w", r.Seq, err)
			}
		}
	}
	return x.f.SetColWidth(sheet, colName(col), colName(col), 7)
}
