// Package report writes the batch report of a conversion run: OUT/report.html (readable
// offline: no external asset, inline SVG charts) and OUT/index.xlsx (the same list and
// totals for Excel). It lists every document of the run with year, kind, issuer, tables,
// cells and findings, names the documents without any table (no_tables) and the duplicate
// inputs (same SHA-256, converted once), and totals the tables by kind and year.
package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/internal/atomicfile"
)

// File names in OUT.
const (
	HTMLFile  = "report.html"
	IndexFile = "index.xlsx"
)

// Doc is one document of the run.
type Doc struct {
	DocID, Source, Status, Error, SHA256 string
	Year                                 int
	Kind, Issuer                         string
	Pages, Tables, Cells, FailedPages    int
	Findings                             map[string]int // by severity
	TableKinds                           map[string]int
	DuplicateOf                          string
	Workbook                             string // path relative to OUT, "" when none
}

// Meta is about the run.
type Meta struct {
	ToolVersion, Finished string
	Seconds               float64
}

// Write writes report.html and index.xlsx into out (each atomically).
func Write(out string, docs []Doc, meta Meta) error {
	t := totalsOf(docs)
	var buf bytes.Buffer
	if err := writeHTML(&buf, docs, t, meta); err != nil {
		return fmt.Errorf("%s: %w", HTMLFile, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(out, HTMLFile), buf.Bytes()); err != nil {
		return err
	}
	buf.Reset()
	if err := writeXLSX(&buf, docs, t, meta); err != nil {
		return fmt.Errorf("%s: %w", IndexFile, err)
	}
	return atomicfile.WriteFile(filepath.Join(out, IndexFile), buf.Bytes())
}

// totals are the run's counts by status, by kind and year.
type totals struct {
	Status                                map[string]int
	Years                                 []int            // sorted; 0 = unknown
	Kinds                                 []string         // table kinds, by count
	ByKind                                map[string][]int // kind → tables per year (parallel to Years)
	DocYear                               map[int][2]int   // year → documents [budget, final]
	Docs, Tables, Cells, Errors, Warnings int
}

func totalsOf(docs []Doc) totals {
	t := totals{Status: map[string]int{}, ByKind: map[string][]int{}, DocYear: map[int][2]int{}}
	yearSet := map[int]bool{}
	for _, d := range docs {
		t.Status[d.Status]++
		if d.Status == "duplicate" || d.Status == "failed" || d.Status == "not_run" {
			continue
		}
		yearSet[d.Year] = true
		t.Docs++
		t.Tables += d.Tables
		t.Cells += d.Cells
		t.Errors += d.Findings["error"]
		t.Warnings += d.Findings["warning"]
		c := t.DocYear[d.Year]
		if d.Kind == "final" {
			c[1]++
		} else {
			c[0]++
		}
		t.DocYear[d.Year] = c
	}
	for y := range yearSet {
		t.Years = append(t.Years, y)
	}
	slices.Sort(t.Years)
	count := map[string]int{}
	for _, d := range docs {
		if d.Status == "duplicate" {
			continue
		}
		yi := slices.Index(t.Years, d.Year)
		for k, n := range d.TableKinds {
			if t.ByKind[k] == nil {
				t.ByKind[k] = make([]int, len(t.Years))
			}
			if yi >= 0 {
				t.ByKind[k][yi] += n
			}
			count[k] += n
		}
	}
	for k := range count {
		t.Kinds = append(t.Kinds, k)
	}
	sort.Slice(t.Kinds, func(i, j int) bool {
		return count[t.Kinds[i]] > count[t.Kinds[j]] || count[t.Kinds[i]] == count[t.Kinds[j]] && t.Kinds[i] < t.Kinds[j]
	})
	return t
}

func yearText(y int) string {
	if y == 0 {
		return "未知"
	}
	return strconv.Itoa(y)
}

var statusText = map[string]string{
	"converted": "已转换", "partial": "部分页面失败", "skipped": "已转换（跳过）", "failed": "失败",
	"not_run": "未开始", "no_tables": "无表格", "duplicate": "重复文件",
}

var kindText = map[string]string{"budget": "预算", "final": "决算"}

// bar is one bar of an SVG chart.
type bar struct {
	Label       string
	Value       int
	Y, W, TextX float64
}

// bars lays out a horizontal bar chart, 18 px per bar, widths scaled to 360 px.
func bars(labels []string, values []int) []bar {
	top := 1
	for _, v := range values {
		top = max(top, v)
	}
	out := make([]bar, len(labels))
	for i := range labels {
		w := 360 * float64(values[i]) / float64(top)
		out[i] = bar{Label: labels[i], Value: values[i], Y: float64(i * 20), W: w, TextX: 160 + w + 4}
	}
	return out
}

type htmlView struct {
	Meta
	Docs     []Doc
	T        totals
	Years    []string
	KindRows []kindRow
	KindBars []bar
	YearBars []bar
	ChartH   int
	YearH    int
	NoTables []Doc
	Dups     []Doc
	Failed   []Doc
	Status   func(string) string
	DocKind  func(string) string
}

type kindRow struct {
	Kind   string
	Counts []int
	Total  int
}

func writeHTML(w io.Writer, docs []Doc, t totals, meta Meta) error {
	v := htmlView{Meta: meta, Docs: docs, T: t,
		Status:  func(s string) string { return orSelf(statusText, s) },
		DocKind: func(s string) string { return orSelf(kindText, s) }}
	for _, y := range t.Years {
		v.Years = append(v.Years, yearText(y))
	}
	var kl []string
	var kv []int
	for _, k := range t.Kinds {
		r := kindRow{Kind: k, Counts: t.ByKind[k]}
		for _, n := range r.Counts {
			r.Total += n
		}
		v.KindRows = append(v.KindRows, r)
		kl, kv = append(kl, k), append(kv, r.Total)
	}
	v.KindBars, v.ChartH = bars(kl, kv), 20*len(kl)+4
	var yl []string
	var yv []int
	for _, y := range t.Years {
		c := t.DocYear[y]
		yl, yv = append(yl, yearText(y)+" 预算"), append(yv, c[0])
		yl, yv = append(yl, yearText(y)+" 决算"), append(yv, c[1])
	}
	v.YearBars, v.YearH = bars(yl, yv), 20*len(yl)+4
	for _, d := range docs {
		switch d.Status {
		case "no_tables":
			v.NoTables = append(v.NoTables, d)
		case "duplicate":
			v.Dups = append(v.Dups, d)
		case "failed", "partial":
			v.Failed = append(v.Failed, d)
		}
	}
	return page.Execute(w, v)
}

func orSelf(m map[string]string, s string) string {
	if t, ok := m[s]; ok {
		return t
	}
	return s
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>budgetpdf 转换报告</title>
<style>
body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:2px 7px}th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}.err{color:#c00;font-weight:bold}.warn{color:#b60}
.s-failed,.s-partial{color:#c00}.s-no_tables,.s-duplicate{color:#b60}
svg text{font:12px system-ui,sans-serif}
</style></head><body>
<h1>转换报告</h1>
<p>{{.T.Docs}} 个文件已转换（共 {{len .Docs}} 个输入），{{.T.Tables}} 张表，{{.T.Cells}} 个金额单元格；错误 {{.T.Errors}}，警告 {{.T.Warnings}}。
工具版本 {{.ToolVersion}}，完成于 {{.Finished}}，用时 {{printf "%.1f" .Seconds}} 秒。</p>
<p>{{range $s, $n := .T.Status}}{{call $.Status $s}} {{$n}}　{{end}}</p>
{{with .Failed}}<h2>未能完整转换</h2><ul>{{range .}}<li class="s-{{.Status}}">{{.Source}}：{{if .Error}}{{.Error}}{{else}}{{.FailedPages}} 页无法读取{{end}}</li>{{end}}</ul>{{end}}
{{with .NoTables}}<h2>无表格的文件（no_tables）</h2><ul>{{range .}}<li>{{.Source}}（{{.Pages}} 页）</li>{{end}}</ul>{{end}}
{{with .Dups}}<h2>重复的输入（内容相同，只转换一次）</h2><ul>{{range .}}<li>{{.Source}} = {{.DuplicateOf}}（sha256 {{printf "%.12s" .SHA256}}…）</li>{{end}}</ul>{{end}}
<h2>按表类型与年度统计的表数</h2>
<table><thead><tr><th>表类型</th>{{range .Years}}<th>{{.}}</th>{{end}}<th>合计</th></tr></thead><tbody>
{{range .KindRows}}<tr><td>{{.Kind}}</td>{{range .Counts}}<td class="n">{{.}}</td>{{end}}<td class="n">{{.Total}}</td></tr>{{end}}
</tbody></table>
<div style="display:flex;gap:3em;flex-wrap:wrap">
<figure><figcaption>各类型表数</figcaption>
<svg width="560" height="{{.ChartH}}" role="img">{{range .KindBars}}
<text x="150" y="{{.Y}}" dy="14" text-anchor="end">{{.Label}}</text><rect x="160" y="{{.Y}}" width="{{printf "%.1f" .W}}" height="16" fill="#4a7bb7"/><text x="{{printf "%.1f" .TextX}}" y="{{.Y}}" dy="13">{{.Value}}</text>{{end}}
</svg></figure>
<figure><figcaption>各年度文件数（预算/决算）</figcaption>
<svg width="560" height="{{.YearH}}" role="img">{{range .YearBars}}
<text x="150" y="{{.Y}}" dy="14" text-anchor="end">{{.Label}}</text><rect x="160" y="{{.Y}}" width="{{printf "%.1f" .W}}" height="16" fill="#e08a2c"/><text x="{{printf "%.1f" .TextX}}" y="{{.Y}}" dy="13">{{.Value}}</text>{{end}}
</svg></figure>
</div>
<h2>文件</h2>
<table><thead><tr><th>文件</th><th>状态</th><th>年度</th><th>类型</th><th>编制单位</th><th>页数</th><th>表</th><th>单元格</th><th>错误</th><th>警告</th><th>来源</th></tr></thead><tbody>
{{range .Docs}}<tr><td>{{if .Workbook}}<a href="{{.Workbook}}">{{.DocID}}</a>{{else}}{{.DocID}}{{end}}</td><td class="s-{{.Status}}">{{call $.Status .Status}}{{if .DuplicateOf}}（= {{.DuplicateOf}}）{{end}}</td>
<td>{{if .Year}}{{.Year}}{{end}}</td><td>{{call $.DocKind .Kind}}</td><td>{{.Issuer}}</td><td class="n">{{.Pages}}</td><td class="n">{{.Tables}}</td><td class="n">{{.Cells}}</td>
<td class="n err">{{with index .Findings "error"}}{{.}}{{end}}</td><td class="n warn">{{with index .Findings "warning"}}{{.}}{{end}}</td><td>{{.Source}}</td></tr>
{{end}}</tbody></table>
</body></html>
`))

func writeXLSX(w io.Writer, docs []Doc, t totals, meta Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	const list, sum = "文件", "汇总"
	if err := f.SetSheetName("Sheet1", list); err != nil {
		return err
	}
	if _, err := f.NewSheet(sum); err != nil {
		return err
	}
	head := []any{"文件", "状态", "年度", "类型", "编制单位", "页数", "表", "单元格", "错误", "警告", "尾差", "提示", "无法读取的页", "重复于", "来源", "SHA-256", "工作簿", "错误信息"}
	if err := f.SetSheetRow(list, "A1", &head); err != nil {
		return err
	}
	for i, d := range docs {
		row := []any{d.DocID, orSelf(statusText, d.Status), nonZero(d.Year), orSelf(kindText, d.Kind), d.Issuer, d.Pages, d.Tables, d.Cells,
			d.Findings["error"], d.Findings["warning"], d.Findings["rounding"], d.Findings["info"], d.FailedPages, d.DuplicateOf, d.Source, d.SHA256, d.Workbook, d.Error}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(list, cell, &row); err != nil {
			return err
		}
		if d.Workbook != "" {
			c, _ := excelize.CoordinatesToCellName(17, i+2)
			if err := f.SetCellHyperLink(list, c, d.Workbook, "External"); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(head), max(len(docs)+1, 1))
	if err := f.AutoFilter(list, "A1:"+last, nil); err != nil {
		return err
	}
	if err := f.SetPanes(list, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hdr := []any{"表类型"}
	for _, y := range t.Years {
		hdr = append(hdr, yearText(y))
	}
	hdr = append(hdr, "合计")
	if err := f.SetSheetRow(sum, "A1", &hdr); err != nil {
		return err
	}
	for i, k := range t.Kinds {
		row := []any{k}
		total := 0
		for _, n := range t.ByKind[k] {
			row = append(row, n)
			total += n
		}
		row = append(row, total)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sum, cell, &row); err != nil {
			return err
		}
	}
	f.SetDocProps(&excelize.DocProperties{Creator: "budgetpdf " + meta.ToolVersion, Description: "batch report " + meta.Finished})
	return f.Write(w)
}

func nonZero(n int) any {
	if n == 0 {
		return ""
	}
	return n
}
