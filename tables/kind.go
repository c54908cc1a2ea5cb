package tables

import (
	"github.com/budgetpdf/budgetpdf/internal/editdist"
	"regexp"
	"strings"
)

// kindRule maps title wording to a kind. Rules are tried in order: the specific ones
// (三公, 政府性基金, 财政拨款收支总表 …) before the general ones (收支总表, 支出表), because the
// general words occur inside the specific titles.
type kindRule struct {
	kind Kind
	re   *regexp.Regexp
}

var titleKinds = []kindRule{
	{KindPerformance, regexp.MustCompile(`绩效`)},
	{KindUnits, regexp.MustCompile(`单位构成`)},
	{KindThreePublic, regexp.MustCompile(`三公`)},
	{KindAdminRunning, regexp.MustCompile(`机关运行经费`)},
	{KindEntrusted, regexp.MustCompile(`委托业务`)},
	{KindProcurement, regexp.MustCompile(`政府采购`)},
	{KindCarryover, regexp.MustCompile(`上年结转|结转结余|结转资金`)},
	{KindGovFund, regexp.MustCompile(`政府性基金`)},
	{KindStateCapital, regexp.MustCompile(`国有资本经营`)},
	{KindFiscalSummary, regexp.MustCompile(`财政拨款收支|财政拨款收入支出`)},
	{KindSummary, regexp.MustCompile(`收支总|收入支出决算总|收支预算总|财务收支|收支总体|收支情况总|综合预算收支`)},
	{KindGPBBasic, regexp.MustCompile(`(一般公共预算|财政拨款).*基本支出`)},
	{KindGPBProject, regexp.MustCompile(`(一般公共预算|财政拨款).*项目支出`)},
	// `一般公共预算支出表（按经济分类）`: the economic classification of the 一般公共预算 spending,
	// the table other sets title 基本支出表（经济分类） (Xi'an, Shenzhen).
	{KindGPBBasic, regexp.MustCompile(`(一般公共预算|财政拨款).*经济分类`)},
	{KindGPBExpenditure, regexp.MustCompile(`一般公共预算.*支出|财政拨款支出(预算|决算)?(明细)?表`)},
	// Department-wide basic/project breakdowns and special-fund tables are not the
	// standard 支出总表 even though their titles end in 支出…表.
	{KindOther, regexp.MustCompile(`基本支出(预算)?总?表|项目支出(及其他支出)?(预算|总|情况)?表|专项业务经费|购买服务`)},
	{KindIncome, regexp.MustCompile(`收入(预算|决算)?(总|总体|情况|明细)?表|收入总体情况|收入预算总`)},
	{KindExpenditure, regexp.MustCompile(`支出(预算|决算)?(总|总体|情况)?表|支出总体情况|支出预算总`)},
}

var qualifierRe = regexp.MustCompile(`[（(][^（()）]*不含[^（()）]*[)）]`)

// kindOfTitle names a table from its title; "" when the title says nothing known.
func kindOfTitle(title string) Kind {
	t := compact(title)
	t = strings.NewReplacer("\"", "", "“", "", "”", "", "＂", "").Replace(t)
	// `（不含上年结转）` and the like qualify the table; they do not name it.
	t = qualifierRe.ReplaceAllString(t, "")
	if t == "" {
		return ""
	}
	for _, r := range titleKinds {
		if r.re.MatchString(t) {
			return r.kind
		}
	}
	return ""
}

// kindOfHeader names an untitled table from its column paths (a table whose title the
// extraction missed, or the part of a table continued on a page where nothing precedes it).
func kindOfHeader(paths [][]string, twoSided bool) Kind {
	var all []string
	for _, p := range paths {
		all = append(all, strings.Join(p, "/"))
	}
	h := strings.Join(all, "|")
	switch {
	case strings.Contains(h, "三公") || strings.Contains(h, "因公出国"):
		return KindThreePublic
	case strings.Contains(h, "绩效") || strings.Contains(h, "指标"):
		return KindPerformance
	case twoSided && (strings.Contains(h, "人员经费") || strings.Contains(h, "公用经费")):
		return KindGPBBasic
	case twoSided && strings.Contains(h, "一般公共预算"):
		return KindFiscalSummary
	case twoSided:
		return KindSummary
	case strings.Contains(h, "人员经费") && strings.Contains(h, "公用经费") && strings.Contains(h, "经济分类"):
		return KindGPBBasic
	case strings.Contains(h, "基本支出") && strings.Contains(h, "项目支出") && !strings.Contains(h, "财政拨款"):
		return KindExpenditure
	case strings.Contains(h, "事业收入") || strings.Contains(h, "财政拨款收入") || strings.Contains(h, "上级补助收入"):
		return KindIncome
	}
	return KindOther
}

// isUnitList reports whether an untitled table lists the units a document covers: a
// `单位名称` item column and not one amount printed.
func isUnitList(t *Table) bool {
	units := false
	for _, c := range t.Columns {
		if (c.Role == RoleName || c.Role == RoleCodeName) && strings.Contains(strings.Join(c.Path, "/"), "单位名称") {
			units = true
		}
	}
	if !units {
		return false
	}
	for _, r := range t.Rows {
		for i, c := range r.Cells {
			if t.Columns[i].Role == RoleAmount && isNumeric(c.Text) {
				return false
			}
		}
	}
	return true
}

// ocrKeywords are the title words that tell the kinds apart. OCR misreads one character of
// them often enough (`财政二款收支`, `”段公共预算`, `其本支出`) to send a table to the wrong
// kind; for tables read by OCR the title is matched with those words restored.
var ocrKeywords = []string{"一般公共预算", "财政拨款", "政府性基金", "国有资本经营", "基本支出", "项目支出",
	"收入支出", "机关运行经费", "政府采购", "上年结转", "绩效目标", "委托业务"}

// restoreKeywords replaces in s every run of runes within one edit of one of ocrKeywords
// (two for words of six characters: OCR reads 一般 as ”段 or as 版) by that keyword. No two
// keywords are that close to each other or to another kind's words (收支总表 is not a
// keyword: it is one character from 收入总表).
func restoreKeywords(s string) string {
	rs := []rune(s)
	for _, kw := range ocrKeywords {
		if strings.Contains(string(rs), kw) {
			continue // printed right (a near window beside it must not eat its neighbours)
		}
		k := []rune(kw)
		tol := 1
		if len(k) >= 6 {
			tol = 2
		}
		for i := 0; i < len(rs); i++ {
			best, bestLen := tol+1, 0
			for l := len(k) - tol; l <= len(k)+tol; l++ {
				if l <= 0 || i+l > len(rs) {
					continue
				}
				if d := editdist.Levenshtein(rs[i:i+l], k); d < best {
					best, bestLen = d, l
				}
			}
			if bestLen > 0 && best > 0 {
				rs = append(append(append([]rune(nil), rs[:i]...), k...), rs[i+bestLen:]...)
				i += len(k) - 1
			}
		}
	}
	return string(rs)
}
