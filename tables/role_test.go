package tables

import "testing"

// TestRoleOfProjectHeaders: 项目 + two characters names a kind of project (a name column)
// unless it names an amount: 项目总额 (Beijing's 项目支出绩效目标表), 项目金额 (Xi'an's
// 专项业务经费支出表), 项目资金 are money (issue 14: they were exported as text).
func TestRoleOfProjectHeaders(t *testing.T) {
	amounts := []string{"889,510,000.00", "675.970000", "1,204.50"}
	names := []string{"办公场所租赁", "城市宣传经费", "市直单位"}
	tests := []struct {
		leaf string
		body []string
		want Role
	}{
		{"项目金额", amounts, RoleAmount},
		{"项目总额", amounts, RoleAmount},
		{"项目资金", amounts, RoleAmount},
		{"项目金额", nil, RoleAmount},
		{"项目类别", names, RoleName},
		{"项目单位", names, RoleName},
		{"项目", names, RoleName},
		{"项目名称", names, RoleName},
		{"项目支出", amounts, RoleAmount},
	}
	set := DefaultSettings()
	for _, tc := range tests {
		if got := roleOf(tc.leaf, tc.leaf, tc.body, false, &set); got != tc.want {
			t.Errorf("roleOf(%s, %v) = %v, want %v", tc.leaf, tc.body, got, tc.want)
		}
	}
}
