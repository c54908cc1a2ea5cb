package sumcheck

import (
	"regexp"
	"strings"
)

// groupTotal is a total that names the group it totals (`“三公”经费合计`): it adds only the
// figures of that group, whatever else the table prints beside them.
type groupTotal struct {
	total   *regexp.Regexp // the total's label, quotes and spaces removed
	members *regexp.Regexp // the labels of the group's figures
}

// groupTotals are the known groups. The Suzhou/Wuxi 一般公共预算“三公”经费、会议费、培训费支出表
// prints `“三公”经费合计 | 因公出国（境）费 | 公务用车… | 公务接待费 | 会议费 | 培训费`: 会议费 and
// 培训费 are no 三公 expense, so its 合计 is 出国 + 公务用车 + 接待 (it holds so on every such
// table of the wild corpus: docs/wild-triage.md). Xi'an's table of the same name prints a plain
// 合计 over a 三公 小计, 会议费 and 培训费: all of them are its parts (a plain 合计 names no group).
var groupTotals = []groupTotal{{
	total:   regexp.MustCompile(`^三公经费.*合计$`),
	members: regexp.MustCompile(`因公出国|公务用车|公务接待|三公`),
}}

var unquote = strings.NewReplacer("“", "", "”", "", "\"", "", "‘", "", "’", "", " ", "", "\u3000", "")

// GroupMembers tells which of a total's parts it adds when its label names a group: keep[i]
// for parts[i]; nil when the label names no known group (every part is added).
func GroupMembers(totalLabel string, parts []string) []bool {
	label := unquote.Replace(totalLabel)
	for _, g := range groupTotals {
		if !g.total.MatchString(label) {
			continue
		}
		keep := make([]bool, len(parts))
		for i, p := range parts {
			keep[i] = g.members.MatchString(p)
		}
		return keep
	}
	return nil
}
