package normalize

import "strings"

// soleRowLabel labels the one row of a table side that prints amounts when nothing on the
// row says what it is (no code, no name, no label column): the 三公 tables printed as a
// single row under their header (“三公”经费预算数/合计 … 18.10), Beijing's 收入总表 whose only
// line is the unit's figures, a 绩效目标表's 资金总额. The label is the table's title: the
// row is the table. It stays an `item` and a leaf (no total line is printed; its kind is
// what the identities and the cross-table checks already read), and its Name stays blank:
// the answer keys print these rows without a name (the putuo 三公 key: `,,867.50,…`).
func soleRowLabel(t *Table, rows []int) {
	title := strings.TrimSpace(t.Title)
	if title == "" {
		return
	}
	sole := -1
	for _, i := range rows {
		r := t.Rows[i]
		amounts := false
		for _, v := range r.Values {
			if v.Present {
				amounts = true
				break
			}
		}
		if !amounts {
			continue
		}
		if sole >= 0 {
			return // several rows with amounts: the ordinary labels apply
		}
		sole = i
	}
	if sole < 0 {
		return
	}
	if r := t.Rows[sole]; r.Kind == RowItem && r.Code == "" && r.Name == "" && r.LabelPath == "" {
		r.LabelPath = title
	}
}
