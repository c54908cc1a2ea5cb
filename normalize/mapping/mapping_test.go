package mapping

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
)

func newMapper(t testing.TB) *Mapper {
	t.Helper()
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(cat)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMapExamples(t *testing.T) {
	m := newMapper(t)
	for _, tc := range []struct {
		name string
		q    Query
		want string
	}{
		{"一般公共服务支出", Query{}, "201"},
		{"二、公共安全支出", Query{}, "204"},
		{"文化旅游体育与传媒支", Query{Level: 1}, "207"},
		{"行政运行", Query{Parent: "20103"}, "2010301"},
		{"政府办公厅及相关机构事务", Query{Parent: "201"}, "20103"},
		{"其它财政事务支出", Query{Parent: "20106"}, "2010699"},
		{"机关事业单位基本养老保险缴费支出", Query{}, "2080505"},
		{"津贴补贴", Query{Scheme: catalog.Economic}, "30102"},
		{"维修(护)费", Query{Scheme: catalog.Economic}, "30213"},
	} {
		got := m.Best(tc.name, tc.q)
		t.Logf("%s %+v -> %s %s score %.3f conf %.3f", tc.name, tc.q, got.Code, got.Name, got.Score, got.Confidence)
		if got.Code != tc.want {
			t.Errorf("Map(%q, %+v) = %s (%s), want %s", tc.name, tc.q, got.Code, got.Name, tc.want)
		}
	}
	// Ambiguous without a parent: 行政运行 is the 项 of dozens of 款.
	if got := m.Best("行政运行", Query{}); got.Confidence >= DefaultThreshold {
		t.Errorf("行政运行 without parent mapped with confidence %.3f to %s", got.Confidence, got.Code)
	}
}

func TestMapDebug(t *testing.T) {
	m := newMapper(t)
	for _, n := range []string{"文化旅游体育与传媒支", "政府办公厅及相关机构事务"} {
		for _, c := range m.Map(n, Query{}, 3) {
			t.Logf("%s -> %+v", n, c)
		}
	}
}
