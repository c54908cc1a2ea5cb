package normalize

import (
	"testing"
)

// TestSeedGenuineInconsistencies: the inconsistencies DOMAIN.md lists for the seed are
// reported as errors about the right cell with both values.
func TestSeedGenuineInconsistencies(t *testing.T) {
	doc := Normalize(seedDocument(t), Options{})
	for _, p := range doc.Problems {
		t.Errorf("problem: %s", p.Message)
	}
	for _, tc := range []struct {
		table             int
		code, column      string
		printed, expected string
	}{
		{3, "21203", "合计", "26612", "22612"}, // 城乡社区公共设施 26612 whose parts say 22612
		{3, "2101101", "合计", "55", "56"},     // 行政单位医疗 55 | 56
		{3, "2013601", "合计", "250", "251"},   // 行政运行 250 where 表2 says 251
		{3, "23303", "合计", "44", "4"},        // 233 03 prints 44, its 项 and 233 say 4
		{7, "23204", "合计", "305", "1372"},    // 表8 232 04 prints 305, its 项 sum to 1372
		{3, "2101102", "合计", "39", "40"},     // 事业单位医疗: 表3 39, 表2 40
	} {
		found := false
		for _, f := range doc.Findings {
			if f.Severity != SeverityError || len(f.Refs) == 0 {
				continue
			}
			r := f.Refs[0]
			if r.Table == tc.table && r.Code == tc.code && r.Path == tc.column && f.Printed == tc.printed && f.Expected == tc.expected {
				found = true
			}
		}
		if !found {
			t.Errorf("no error finding for table %d %s %s printed %s expected %s", tc.table, tc.code, tc.column, tc.printed, tc.expected)
		}
	}
	// The malformed code is repaired (hierarchy, name and catalog agree) and reported.
	repaired := false
	for _, r := range doc.Tables[2].Rows {
		if r.CodeRaw == "2085 05 02" {
			repaired = r.Code == "2080502" && len(r.Repairs) == 1 && r.Repairs[0].Kind == "code_fix"
		}
	}
	if !repaired {
		t.Errorf("2085 05 02 not repaired to 2080502")
	}
	// The wrapped numbers of 表2 are joined.
	for _, r := range doc.Tables[1].Rows {
		if r.Code == "229" && (!r.Values[4].Present || r.Values[4].Amount.String() != "12045" || len(r.Values[4].Repairs) == 0) {
			t.Errorf("表2 229 总计 = %s (repairs %v), want 12045 joined from 1204/5", r.Values[4].Amount, r.Values[4].Repairs)
		}
		if r.Kind == RowTotal && r.Values[4].Amount.String() != "58822" {
			t.Errorf("表2 合计 总计 = %s, want 58822 joined from 5882 2", r.Values[4].Amount)
		}
	}
}
