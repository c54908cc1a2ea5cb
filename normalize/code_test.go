package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/tables"
)

func TestAssembleCodes(t *testing.T) {
	type row struct {
		lei, kuan, xiang string
		want             string
		malformed        bool
		cands            []string
		padOnly          bool
	}
	for _, tc := range []struct {
		name string
		rows []row
	}{
		{"three columns, 类 printed on every row", []row{{"201", "", "", "201", false, nil, false}, {"201", "03", "", "20103", false, nil, false}, {"201", "03", "01", "2010301", false, nil, false}}},
		{"blank 类 inherited (seed 表6 prints only 02 under 301)", []row{{"301", "", "", "301", false, nil, false}, {"301", "01", "", "30101", false, nil, false}, {"", "02", "", "30102", false, nil, false}, {"", "99", "", "30199", false, nil, false}, {"302", "", "", "302", false, nil, false}, {"", "11", "", "30211", false, nil, false}}},
		{"blank 类 and 款 inherited for a 项", []row{{"201", "06", "", "20106", false, nil, false}, {"", "", "05", "2010605", false, nil, false}}},
		{"seed 2085 05 02 under 208", []row{{"208", "05", "01", "2080501", false, nil, false}, {"2085", "05", "02", "", true, []string{"2080502"}, false}}},
		{"Wanli 301 2 (leading zero dropped)", []row{{"301", "01", "", "30101", false, nil, false}, {"301", "2", "", "", true, []string{"30102"}, true}}},
		{"whole code in the 类 cell", []row{{"2010301", "", "", "2010301", false, nil, false}}},
		{"款 without any 类 above", []row{{"", "03", "", "", true, nil, false}}},
	} {
		var ctx assembleCtx
		for i, r := range tc.rows {
			code, issue := ctx.assemble(codeParts{lei: r.lei, kuan: r.kuan, xiang: r.xiang, raw: r.lei + " " + r.kuan + " " + r.xiang})
			if code != r.want || (issue != nil) != r.malformed {
				t.Errorf("%s row %d: got %q issue=%v, want %q malformed=%v", tc.name, i, code, issue, r.want, r.malformed)
				continue
			}
			if issue != nil && (len(issue.candidates) != len(r.cands) || len(r.cands) > 0 && issue.candidates[0] != r.cands[0] || issue.padOnly != r.padOnly) {
				t.Errorf("%s row %d: candidates %v padOnly=%v, want %v padOnly=%v", tc.name, i, issue.candidates, issue.padOnly, r.cands, r.padOnly)
			}
		}
	}
}

func TestSplitCodeName(t *testing.T) {
	for _, tc := range []struct{ in, code, name string }{
		{"201 一般公共服务支出", "201", "一般公共服务支出"},
		{"2080505-机关事业单位基本养老保险缴费支出", "2080505", "机关事业单位基本养老保险缴费支出"},
		{"[2010301]行政运行", "2010301", "行政运行"},
		{"201 03 01 行政运行", "2010301", "行政运行"},
		{"２０１　一般公共服务支出", "201", "一般公共服务支出"},
		{"30102 津贴补贴", "30102", "津贴补贴"},
		// The name as printed: full-width brackets and digits kept (wild_08 预算06表).
		{"30213-维修（护）费", "30213", "维修（护）费"},
		{"（2010301）行政运行（１）", "2010301", "行政运行（１）"},
		{"20103 政府办公厅(室)及相关机构事务", "20103", "政府办公厅(室)及相关机构事务"},
		{"2025年第二批州级预算内前期费", "", ""},
		{"一般公共服务支出", "", ""},
		{"61 号环保税分税转移支付资金", "", ""},
	} {
		code, name, ok := splitCodeName(tc.in)
		if code != tc.code || name != tc.name || ok != (tc.code != "") {
			t.Errorf("splitCodeName(%q) = %q, %q, %v; want %q, %q", tc.in, code, name, ok, tc.code, tc.name)
		}
	}
}

func TestSingleCode(t *testing.T) {
	for _, tc := range []struct {
		in, want, cand string
	}{
		{"2010301", "2010301", ""}, {"201 03 01", "2010301", ""}, {"30101", "30101", ""}, {"3012", "", "30102"}, {"201031", "", "2010301"},
		{"3010201", "3010201", ""}, // Chongqing's regional third economic level
	} {
		var ctx assembleCtx
		code, issue := ctx.singleCode(tc.in)
		if code != tc.want {
			t.Errorf("singleCode(%q) = %q, want %q", tc.in, code, tc.want)
		}
		if tc.cand != "" && (issue == nil || len(issue.candidates) == 0 || issue.candidates[0] != tc.cand) {
			t.Errorf("singleCode(%q): issue %+v, want candidate %s", tc.in, issue, tc.cand)
		}
	}
}

// TestRowCodeColumns: the column layouts that carry a row's code and name.
func TestRowCodeColumns(t *testing.T) {
	col := func(role tables.Role, side string, path ...string) tables.Column {
		return tables.Column{Path: path, Role: role, Side: side}
	}
	for _, tc := range []struct {
		name      string
		cols      []tables.Column
		side      string
		cells     []string
		code, row string
	}{
		{"three 科目编码 columns are 类|款|项 (Putuo 决算)",
			[]tables.Column{col(tables.RoleCode, "", "科目编码"), col(tables.RoleCode, "", "科目编码"), col(tables.RoleCode, "", "科目编码"), col(tables.RoleName, "", "科目名称"), col(tables.RoleAmount, "", "合计")},
			"", []string{"201", "06", "01", "行政运行", "1"}, "2010601", "行政运行"},
		{"a 支出 side with only a code-name column (收支总表)",
			[]tables.Column{col(tables.RoleName, "收入", "项目"), col(tables.RoleAmount, "收入", "预算数"), col(tables.RoleCodeName, "支出", "功能分类"), col(tables.RoleAmount, "支出", "预算数")},
			"支出", []string{"", "", "201一般公共服务支出", "3741"}, "201", "一般公共服务支出"},
		{"a 单位编码 column numbers units, not subjects (Xian)",
			[]tables.Column{col(tables.RoleCode, "", "单位编码"), col(tables.RoleName, "", "单位名称"), col(tables.RoleAmount, "", "合计")},
			"", []string{"271001", "西安市人民政府国有资产监督管理委员会", "1"}, "", "西安市人民政府国有资产监督管理委员会"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tables.Row{Side: tc.side, Page: 1}
			for _, c := range tc.cells {
				r.Cells = append(r.Cells, tables.Cell{Text: c})
			}
			src := &tables.Document{File: "t.pdf", Tables: []*tables.Table{{Seq: 1, Kind: tables.KindExpenditure, Unit: "万元", Columns: tc.cols, Rows: []tables.Row{r}}}}
			doc := Normalize(src, Options{})
			if len(doc.Tables) != 1 || len(doc.Tables[0].Rows) != 1 {
				t.Fatalf("got %d tables", len(doc.Tables))
			}
			got := doc.Tables[0].Rows[0]
			if got.Code != tc.code || got.Name != tc.row {
				t.Errorf("code %q name %q, want %q %q", got.Code, got.Name, tc.code, tc.row)
			}
			for _, f := range doc.Findings {
				if f.Rule == "malformed_code" {
					t.Errorf("unexpected %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}
