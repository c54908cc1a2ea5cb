// Package findtext renders a finding for people, in Chinese (the default: analysts read
// Chinese) or English, from the finding's structured fields: its rule, severity, the
// printed and expected values and the cells it refers to. The workbook's 校验 sheet and cell
// comments, findings.csv's message column and the review page all use it.
//
// Decisions: the Chinese text is built here from the fields, never translated from
// normalize's English message (normalize keeps its own wording for logs and tests and is
// free to change it); English is normalize's own message, which already says everything in
// English. A rule this package has no template for still gets a Chinese sentence: the
// rule's name, where, and both values.
package findtext

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// Lang is a language of finding texts.
type Lang string

const (
	ZH Lang = "zh" // the default
	EN Lang = "en"
)

// ParseLang reads a --message-lang value ("" is Chinese).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "zh", "zh-cn", "cn", "chinese":
		return ZH, nil
	case "en", "english":
		return EN, nil
	}
	return "", fmt.Errorf("unknown language %q (want zh or en)", s)
}

// Titles gives a table's title by its seq (for "表3《一般公共预算支出表》").
type Titles func(seq int) string

// TitlesOf is the Titles of a document.
func TitlesOf(doc *normalize.Document) Titles {
	m := map[int]string{}
	for _, t := range doc.Tables {
		m[t.Seq] = t.Title
	}
	return func(seq int) string { return m[seq] }
}

// ruleNames are the rules' Chinese names (the 规则 a reader filters by).
var ruleNames = map[string]string{
	"hierarchy_sum":           "上下级汇总",
	"row_identity":            "行内勾稽",
	"table_total":             "合计行",
	"cross_table":             "表间勾稽",
	"prose_figure":            "说明与表格",
	"malformed_code":          "科目编码",
	"code_name_mismatch":      "编码与名称",
	"unresolved_split":        "折行数字",
	"low_confidence":          "识别置信度低",
	"ocr_suspect":             "识别存疑",
	"ocr_identity_fix":        "按勾稽修正识别",
	"ocr_resolved":            "按勾稽选定读数",
	"unparsed_amount":         "非金额",
	"low_confidence_mapping":  "科目对应存疑",
	"ocr_header_snap":         "表头校正",
	"ocr_header_doubt":        "表头存疑",
	"unit_inferred":           "单位推定",
	"unit_unknown":            "单位不明",
	"unlabelled_row":          "无名称行",
	"identity_not_applicable": "勾稽不适用",
	"identities_checked":      "勾稽检查汇总",
	"correction":              "人工更正",
	"correction_not_applied":  "更正未应用",
	"page_failed":             "页面无法读取",
}

// RuleName is the rule's name in lang (the rule id itself in English or when unnamed).
func RuleName(rule string, lang Lang) string {
	if lang == EN {
		return rule
	}
	if n, ok := ruleNames[rule]; ok {
		return n
	}
	return rule
}

// Severity is the severity's name in lang.
func Severity(s normalize.Severity, lang Lang) string {
	if lang == EN {
		return string(s)
	}
	switch s {
	case normalize.SeverityError:
		return "错误"
	case normalize.SeverityWarning:
		return "警告"
	case normalize.SeverityRounding:
		return "尾差"
	case normalize.SeverityInfo:
		return "提示"
	}
	return string(s)
}

// About says whether the finding is about the document or about this tool's reading of it.
func About(f normalize.Finding, lang Lang) string {
	switch {
	case lang == EN && f.AboutReading():
		return "reading"
	case lang == EN:
		return "source"
	case f.AboutReading():
		return "识别存疑（非原文）"
	}
	return "原文"
}

// Difference is printed − expected, exact; ok is false when either is not a number.
func Difference(f normalize.Finding) (d money.Decimal, ok bool) {
	p, err1 := money.Parse(f.Printed)
	e, err2 := money.Parse(f.Expected)
	if err1 != nil || err2 != nil || f.Printed == "" || f.Expected == "" {
		return money.Decimal{}, false
	}
	d, err := p.Sub(e)
	return d, err == nil
}

// Where names a cell: 表3《…》「2101101 行政单位医疗」合计（第12页）.
func Where(r normalize.Ref, titles Titles) string {
	var b strings.Builder
	if r.Table > 0 {
		fmt.Fprintf(&b, "表%d", r.Table)
		if titles != nil {
			if t := titles(r.Table); t != "" {
				fmt.Fprintf(&b, "《%s》", t)
			}
		}
	}
	if r.Row > 0 {
		label := strings.TrimSpace(r.Code + " " + r.Name)
		if label == "" {
			label = fmt.Sprintf("第%d行", r.Row)
		}
		fmt.Fprintf(&b, "「%s」", label)
	}
	if r.Path != "" {
		b.WriteString(r.Path)
	}
	switch {
	case r.Page > 0 && b.Len() == 0:
		fmt.Fprintf(&b, "第%d页", r.Page)
	case r.Page > 0:
		fmt.Fprintf(&b, "（第%d页）", r.Page)
	}
	return b.String()
}

// Message renders the finding in lang.
func Message(f normalize.Finding, titles Titles, lang Lang) string {
	if lang == EN {
		return f.Message
	}
	var where, other string
	if len(f.Refs) > 0 {
		where = Where(f.Refs[0], titles)
	}
	if len(f.Refs) > 1 {
		o := f.Refs[1]
		o.Page = 0
		other = Where(o, titles)
	}
	if where == "" {
		where = "本文件"
	}
	p, e := f.Printed, f.Expected
	diff := ""
	if d, ok := Difference(f); ok {
		diff = fmt.Sprintf("，差额 %s", d)
	}
	var s string
	switch f.Rule {
	case "hierarchy_sum":
		s = fmt.Sprintf("%s 不等于其下级科目之和：印刷 %s，下级合计 %s%s", where, p, e, diff)
	case "row_identity":
		s = fmt.Sprintf("%s 不等于本行各分项之和：印刷 %s，分项合计 %s%s", where, p, e, diff)
	case "table_total":
		s = fmt.Sprintf("%s 合计不等于所列各行之和：印刷 %s，各行合计 %s%s", where, p, e, diff)
	case "cross_table":
		if other == "" {
			other = "另一表的对应数"
		}
		s = fmt.Sprintf("%s 与 %s 不一致：本表印刷 %s，对应数 %s%s", where, other, p, e, diff)
	case "prose_figure":
		s = fmt.Sprintf("情况说明所述 %s 与表格 %s 所列 %s 不一致%s", p, where, e, diff)
	case "malformed_code":
		s = fmt.Sprintf("%s 科目编码印刷为「%s」", where, p)
		if e != "" {
			s += fmt.Sprintf("，应为 %s", e)
		}
	case "code_name_mismatch":
		s = fmt.Sprintf("%s 科目编码与科目名称不符", where)
		if p != "" || e != "" {
			s += fmt.Sprintf("：印刷 %s，按名称应为 %s", orDash(p), orDash(e))
		}
	case "unresolved_split":
		s = fmt.Sprintf("%s 折行印刷的数字「%s」有两种同样合理的读法，无法确定，请对照原件", where, p)
	case "low_confidence":
		s = fmt.Sprintf("%s OCR 识别为 %s，置信度低，且没有勾稽关系可以印证，请对照原件", where, p) + candidatesZH(f.Candidates)
	case "ocr_suspect":
		s = fmt.Sprintf("%s OCR 识别为 %s，与勾稽关系不符，按勾稽关系应为 %s，请对照原件", where, p, e) + candidatesZH(f.Candidates)
	case "ocr_identity_fix":
		s = fmt.Sprintf("%s OCR 识别为 %s，已按勾稽关系改为 %s", where, p, e)
	case "ocr_resolved":
		s = fmt.Sprintf("%s OCR 识别为 %s，在候选读数（%s）中只有 %s 同时满足两项以上勾稽关系，已采用", where, p, strings.Join(f.Candidates, "、"), e)
	case "unparsed_amount":
		s = fmt.Sprintf("%s 单元格「%s」不是金额", where, p)
	case "low_confidence_mapping":
		s = fmt.Sprintf("%s 科目名称对应的编码把握不大，未采用", where)
	case "ocr_header_snap":
		s = fmt.Sprintf("%s OCR 识别的表头已按已知表头校正", where)
	case "ocr_header_doubt":
		s = fmt.Sprintf("%s OCR 识别的表头「%s」存疑（可能被印章遮挡），请对照原件", where, p)
	case "unit_inferred":
		s = fmt.Sprintf("%s 未印计量单位，按本文件其他表格推定", where)
	case "unlabelled_row":
		s = fmt.Sprintf("%s 印有金额 %s，但本行没有科目编码、名称或其他项目名称，已照印刷导出", where, p)
	case "identity_not_applicable":
		s = fmt.Sprintf("%s 的版式不适用部分勾稽关系，未作检查", where)
	case "identities_checked":
		s = "勾稽关系（完全相符/已检查）：" + checkedCounts(f.Message)
	case "correction":
		s = fmt.Sprintf("%s 已人工更正：%s → %s", where, orDash(p), orDash(e))
	case "correction_not_applied":
		s = fmt.Sprintf("%s 的人工更正（%s → %s）未应用：该单元格现在的读数与更正时不同，请重新核对", where, orDash(p), orDash(e))
	case "page_failed":
		s = fmt.Sprintf("%s 无法读取，本页内容未包含在输出中", where)
	default:
		s = fmt.Sprintf("%s：%s", RuleName(string(f.Rule), ZH), where)
		if p != "" || e != "" {
			s += fmt.Sprintf("，印刷 %s，应为 %s%s", orDash(p), orDash(e), diff)
		}
	}
	switch {
	case f.Severity == normalize.SeverityRounding:
		s += "（在印刷精度的尾差范围内）"
	case f.ExplainedByRepair:
		s += "（可能由本工具对数字的修复造成，请先看该单元格的批注）"
	}
	if f.Review != nil {
		s += fmt.Sprintf("【已复核：%s，%s", f.Review.By, f.Review.At)
		if f.Review.Why != "" {
			s += "，" + f.Review.Why
		}
		s += "】"
	}
	return s
}

// checkedCounts turns normalize's "…: cross_table 34/34, hierarchy_sum 61/61" tail into
// Chinese rule names.
func checkedCounts(msg string) string {
	_, tail, ok := strings.Cut(msg, ": ")
	if !ok {
		return msg
	}
	if tail == "none" {
		return "无"
	}
	parts := strings.Split(tail, ", ")
	for i, p := range parts {
		rule, n, ok := strings.Cut(p, " ")
		if ok {
			parts[i] = RuleName(rule, ZH) + " " + n
		}
	}
	return strings.Join(parts, "，")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Rank orders severities for reading: errors first, then warnings, rounding, info.
func Rank(s normalize.Severity) int {
	switch s {
	case normalize.SeverityError:
		return 0
	case normalize.SeverityWarning:
		return 1
	case normalize.SeverityRounding:
		return 2
	}
	return 3
}

// candidatesZH lists the candidate readings of a flagged OCR amount (none confirmed by two
// independent identities).
func candidatesZH(cands []string) string {
	if len(cands) == 0 {
		return ""
	}
	return "（候选读数：" + strings.Join(cands, "、") + "）"
}
