package normalize

import "testing"

// TestIsTotalCol: which amount-column labels are the total of their sibling columns.
func TestIsTotalCol(t *testing.T) {
	cases := []struct {
		label string
		want  bool
	}{
		{"合计", true},
		{"总计", true},
		{"小计", true},
		{"支出总计", true}, // Shenzhen 表3/表7/表8: 支出总计 | 基本支出 | 项目支出
		{"收入总计", true},
		{"本年支出合计", true},
		{"支出合计", true},
		{"人员经费小计", true},
		{"基本支出", false},
		{"项目支出", false},
		{"上年结转", false},
		{"一般公共预算财政拨款收入合计数", false}, // a long label ending elsewhere is a figure, not the sum
		{"一般公共预算拨款支出总计占比", false},
	}
	for _, c := range cases {
		if got := isTotalCol(c.label); got != c.want {
			t.Errorf("isTotalCol(%q) = %v, want %v", c.label, got, c.want)
		}
	}
}
