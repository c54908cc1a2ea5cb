package tables

// bandLine is what splitBands knows of one line of a ruled band: the columns it fills, the
// columns where it prints an amount, and the column of its leading code or enumeration
// (-1 without one).
type bandLine struct {
	cols, amountCols map[int]bool
	leadCol          int
}

// anyStacked reports whether two lines of a ruled band are rows stacked in one band rather
// than the lines of one row. Stacked rows fill the same columns (two or more in common) and
// are alike there: both print an amount in one of those columns, or both start with a code
// or item number in the same column. The lines of one row whose names wrap in two name
// columns also share two columns, but only text ones: wild_53 表6 prints `其他商品和服务 50299
// 其他商品和服务 204,884,150.00` over `30299 支出 支出` (the code on the name's second line),
// wild_54 表4 `(2)商品和服务 … 3、机关资本性支出` over `4 … 支出 4706442.50 （一） 196000.00`
// (the 序号 on the second line). Split, the first line became a row of its own without
// amounts and the hierarchy sums lost the second one.
func anyStacked(ls []bandLine) bool {
	for i := range ls {
		for j := i + 1; j < len(ls); j++ {
			a, b := ls[i], ls[j]
			shared, amount := 0, false
			for c := range a.cols {
				if b.cols[c] {
					shared++
					if a.amountCols[c] && b.amountCols[c] {
						amount = true
					}
				}
			}
			sameLead := a.leadCol >= 0 && a.leadCol == b.leadCol
			if shared >= 2 && (amount || sameLead) {
				return true
			}
		}
	}
	return false
}
