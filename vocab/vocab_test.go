package vocab

import "testing"

// TestTotals: each reading of "is this a total?" on the labels that tell them apart.
func TestTotals(t *testing.T) {
	tests := []struct {
		key                                          string
		ends, sub, grand, outline, column, generated bool
	}{
		{"合计", true, true, true, true, true, true},
		{"总计", true, false, true, true, true, true},
		{"小计", true, true, false, true, true, false},
		{"收支总计", true, false, true, true, true, false},
		{"收入合计", true, true, false, true, true, true},
		{"本年支出合计", true, true, false, true, true, false},
		{"一般公共预算拨款合计", true, true, false, false, false, false},
		{"一般公共预算拨款小计", true, true, false, false, true, false},
		{"其中：小计", true, true, false, false, true, false},
		{"基本支出", false, false, false, false, false, false},
		{"合计数", false, false, false, false, false, false},
	}
	for _, tc := range tests {
		got := []bool{EndsInTotal(tc.key), EndsInSubtotal(tc.key), IsGrandTotal(tc.key), IsOutlineTotal(tc.key), IsTotalColumn(tc.key), IsGeneratedTotal(tc.key)}
		want := []bool{tc.ends, tc.sub, tc.grand, tc.outline, tc.column, tc.generated}
		names := []string{"EndsInTotal", "EndsInSubtotal", "IsGrandTotal", "IsOutlineTotal", "IsTotalColumn", "IsGeneratedTotal"}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s(%q) = %v, want %v", names[i], tc.key, got[i], want[i])
			}
		}
	}
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		name string
		re   interface{ FindStringSubmatch(string) []string }
		s    string
		want string // group 1; "-" for no match
	}{
		{"unit", UnitRe, "金额单位：万元", "万元"},
		{"unit price", UnitRe, "单价：元/克", "元/克"},
		{"unit label only", UnitRe, "单位：", ""},
		{"money unit", MoneyUnitLineRe, "单位：苏州市水务局 单位: 元", "元"},
		{"money unit not a price", MoneyUnitLineRe, "单价：元/克", "-"},
		{"table number", TableNumberRe, "表3 一般公共预算支出表", "表3"},
		{"continued", TableNumberRe, "续表 表 1-2：收支总表", "表 1-2"},
		{"budget form", TableNumberRe, "预算03表 部门收支总表", "预算03表"},
		{"not at the start", TableNumberRe, "部门收支总表3", "-"},
	}
	for _, tc := range tests {
		m := tc.re.FindStringSubmatch(tc.s)
		got := "-"
		if m != nil {
			got = m[1]
		}
		if got != tc.want {
			t.Errorf("%s: %q → %q, want %q", tc.name, tc.s, got, tc.want)
		}
	}
}
