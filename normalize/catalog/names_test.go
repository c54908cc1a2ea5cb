package catalog

import "testing"

// TestNameKey: the matching form of a name folds what printing varies (全角/半角, bracket
// shapes, 其它/其他, wrap spaces, list markers, prose path markers, quotes) and nothing else;
// PrintedName only drops the wrap spaces.
func TestNameKey(t *testing.T) {
	for _, tc := range []struct {
		name, in, key, printed string
	}{
		{"其它 is 其他", "其它财政事务支出", "其他财政事务支出", "其它财政事务支出"},
		{"full-width brackets", "政府办公厅（室）及相关机构事务", "政府办公厅(室)及相关机构事务", "政府办公厅（室）及相关机构事务"},
		{"square and lenticular brackets", "【30227】委托业务费〔项〕", "(30227)委托业务费(项)", "【30227】委托业务费〔项〕"},
		{"full-width digits and letters", "ＰＰＰ项目２０２６", "PPP项目2026", "ＰＰＰ项目２０２６"},
		{"wrap spaces (ASCII, ideographic, no-break)", "机关事业单位基本养老 保险\u3000缴费\u00a0支出", "机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴费支出"},
		{"list marker 一、", "一、一般公共服务支出", "一般公共服务支出", "一、一般公共服务支出"},
		{"list marker （二）", "（二）公务接待费", "公务接待费", "（二）公务接待费"},
		{"list marker 1.", "1.公务用车购置费", "公务用车购置费", "1.公务用车购置费"},
		{"其中： and a nested marker", "其中：（1）公务用车购置费", "公务用车购置费", "其中：（1）公务用车购置费"},
		{"prose path markers", "卫生健康支出（类）行政事业单位医疗（款）", "卫生健康支出行政事业单位医疗", "卫生健康支出（类）行政事业单位医疗（款）"},
		{"quotes of 三公", "“三公”经费支出", "三公经费支出", "“三公”经费支出"},
		{"trailing colon", "基本支出：", "基本支出", "基本支出："},
		{"plain name unchanged", "行政运行", "行政运行", "行政运行"},
	} {
		if got := NameKey(tc.in); got != tc.key {
			t.Errorf("%s: NameKey(%q) = %q, want %q", tc.name, tc.in, got, tc.key)
		}
		if got := PrintedName(tc.in); got != tc.printed {
			t.Errorf("%s: PrintedName(%q) = %q, want %q", tc.name, tc.in, got, tc.printed)
		}
	}
}

// TestNameKeyEquivalence: printings of one name share a key; different subjects never do
// (folding must not erase the characters that tell 行政/事业, 其他/其中 apart).
func TestNameKeyEquivalence(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		equal bool
	}{
		{"其它一般公共服务支出", "其他一般公共服务支出", true},
		{"政府办公厅(室)及相关机构事务", "政府办公厅（室）及相关机构事务", true},
		{"一、 一般公共服务支出", "一般公共服务支出", true},
		{"行政事业单位医疗", "行政事业 单位医疗", true},
		{"行政单位医疗", "事业单位医疗", false},
		{"其他支出", "其中支出", false},
		{"公务接待费", "公务用车运行维护费", false},
		{"政府办公厅（室）及相关机构事务", "政府办公厅及相关机构事务", false},
	} {
		if got := NameKey(tc.a) == NameKey(tc.b); got != tc.equal {
			t.Errorf("NameKey(%q)=%q vs NameKey(%q)=%q: equal %v, want %v", tc.a, NameKey(tc.a), tc.b, NameKey(tc.b), got, tc.equal)
		}
	}
}
