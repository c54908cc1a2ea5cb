package normalize

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
)

func amounts(cs []candidateReading) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.amount.String()+" "+c.from)
	}
	return out
}

// TestReadingCandidates: the candidates of (a) the OCR's alternatives and (b) the column's
// printed format, for the misreadings issue 11 lists.
func TestReadingCandidates(t *testing.T) {
	twoDec := columnFormat{scale: 2, known: true}
	cases := []struct {
		name string
		raw  string
		alts []extract.Alternative
		f    columnFormat
		want []string // "amount from"
	}{
		{"point and separators lost: the column's decimals put them back", "334370400", nil, twoDec, []string{"3343704.00 format"}},
		{"a reading already in the column's format gives nothing new", "578040.10", nil, twoDec, nil},
		{"format unknown: the reading's own scale", "334370400", nil, columnFormat{}, nil},
		{"alternatives, each in the column's format; duplicates once", "3844900.00",
			[]extract.Alternative{{Text: "38,454,900.00", From: "digits_model@1.7x"}, {Text: "3845490000", From: "text_model"}, {Text: "38454900.00", From: "digit_vote"}}, twoDec,
			[]string{"38454900.00 ocr:digits_model@1.7x"}},
		{"an alternative with an impossible grouping is no candidate", "2988.00",
			[]extract.Alternative{{Text: "29,88.00", From: "text_model"}, {Text: "29881.00", From: "digit_shapes"}}, twoDec,
			[]string{"29881.00 ocr:digit_shapes"}},
		{"an alternative without the point is written in the column's format", "11496700",
			[]extract.Alternative{{Text: "114967800", From: "digits_model@0.8x"}}, twoDec,
			[]string{"114967.00 format", "1149678.00 ocr:digits_model@0.8x+format"}},
		{"a minus read before a number: the unsigned value", "-20", nil, columnFormat{scale: 0, known: true}, []string{"20 sign"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cur, err := ParseAmount(c.raw)
			if err != nil {
				t.Fatal(err)
			}
			got := amounts(readingCandidates(c.raw, cur.Value, c.alts, c.f))
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("candidates %q, want %q", got, c.want)
			}
		})
	}
}

// TestEditCandidates: (c) one digit confused, dropped or invented, in the column's format,
// bounded, none equal to the reading or to a candidate already weighed.
func TestEditCandidates(t *testing.T) {
	cases := []struct {
		cur     string
		f       columnFormat
		must    []string
		mustNot []string
		n       int // how many
	}{
		{"3844900.00", columnFormat{2, true}, []string{"38454900.00", "3844901.00", "384490.00"}, []string{"3844900.00", "3844900.0"}, 0},
		{"2988.00", columnFormat{2, true}, []string{"29881.00", "2989.00", "298.00"}, nil, 0},
		{"578040.10", columnFormat{2, true}, []string{"578040.00"}, nil, 0},
		{"180", columnFormat{}, []string{"100", "18", "1800"}, []string{"180"}, 0},
		// Digits "7": 9 confusions + 1 deletion (0, the same as the confusion 7→0) + 20
		// insertions less 07 (= 7) and 77 twice: 27, no duplicates.
		{"7", columnFormat{}, []string{"17", "70", "0"}, []string{"7", "07"}, 27},
	}
	for _, c := range cases {
		cur := money.MustParse(c.cur)
		got := editCandidates(cur, c.f, nil)
		seen := map[string]bool{}
		for _, g := range got {
			s := g.amount.String()
			if seen[s] {
				t.Errorf("%s: %s twice", c.cur, s)
			}
			seen[s] = true
			if c.f.known && g.amount.Scale != c.f.scale {
				t.Errorf("%s: %s not in the column's format", c.cur, s)
			}
		}
		for _, m := range c.must {
			if !seen[m] {
				t.Errorf("%s: no candidate %s", c.cur, m)
			}
		}
		for _, m := range c.mustNot {
			if seen[m] {
				t.Errorf("%s: candidate %s", c.cur, m)
			}
		}
		if c.n > 0 && len(got) != c.n {
			t.Errorf("%s: %d candidates, want %d: %q", c.cur, len(got), c.n, amounts(got))
		}
		if len(got) > 20*len(strings.Trim(c.cur, "-."))+10 {
			t.Errorf("%s: %d candidates, over the bound", c.cur, len(got))
		}
	}
	// Already weighed: not again.
	have := []candidateReading{{amount: money.MustParse("100"), from: "format"}}
	for _, g := range editCandidates(money.MustParse("180"), columnFormat{}, have) {
		if g.amount.String() == "100" {
			t.Errorf("100 weighed twice")
		}
	}
}

// TestPickCandidate: a candidate is chosen only when it is the only one that makes at least
// two independent identities hold; identities over the same other cells count once.
func TestPickCandidate(t *testing.T) {
	k := cellKey{0, 1, 4}
	row := &identity{desc: "row", left: []cellKey{k}, right: []cellKey{{0, 1, 5}, {0, 1, 6}}}
	hier := &identity{desc: "hier", left: []cellKey{{0, 0, 4}}, right: []cellKey{k, {0, 2, 4}}}
	cross := &identity{desc: "cross", left: []cellKey{k}, right: []cellKey{{1, 3, 4}}}
	crossAgain := &identity{desc: "cross again", left: []cellKey{{1, 3, 4}}, right: []cellKey{k}} // the same relation
	tr := func(v string, ids ...*identity) trial {
		return trial{cand: candidateReading{amount: money.MustParse(v)}, gained: ids}
	}
	cases := []struct {
		name   string
		trials []trial
		want   string // chosen value, "" for none
		strong int    // trials confirmed by two independent identities
	}{
		{"one candidate, two identities", []trial{tr("100", row, hier), tr("190", row)}, "100", 1},
		{"one identity is not enough", []trial{tr("100", row)}, "", 0},
		{"the same relation twice is one identity", []trial{tr("100", cross, crossAgain)}, "", 0},
		{"two candidates each confirmed twice: a tie stays flagged", []trial{tr("100", row, hier), tr("109", cross, hier)}, "", 2},
		{"three identities", []trial{tr("100", row, hier, cross), tr("10", crossAgain)}, "100", 1},
		{"nothing", nil, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chosen, strong := pickCandidate(k, c.trials)
			got := ""
			if chosen != nil {
				got = chosen.cand.amount.String()
			}
			if got != c.want || len(strong) != c.strong {
				t.Errorf("chosen %q with %d confirmed, want %q with %d", got, len(strong), c.want, c.strong)
			}
		})
	}
}

// TestResolveReadings: the whole rule on a scanned table (ocrDoc, 万元, integers).
func TestResolveReadings(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(r [][]string) [][]string
		code   string
		col    string
		value  string // after review
		repair string // last repair kind
		cands  string // candidates listed in the cell's finding ("" none)
	}{
		{
			name: "a dropped digit two identities confirm (row and 款) is resolved",
			edit: func(r [][]string) [][]string { r[2][4] = "10@0.6"; return r },
			code: "2010301", col: "合计", value: "100", repair: "ocr_resolved", cands: "100",
		},
		{
			name: "an OCR alternative two identities confirm",
			edit: func(r [][]string) [][]string { r[2][5] = "700@0.6"; return r }, // 1 read as 7; alternatives below
			code: "2010301", col: "基本支出", value: "100", repair: "ocr_resolved", cands: "100 / 709",
		},
		{
			name: "digits among seal strokes (`a100-`, no amount) two identities confirm are resolved",
			edit: func(r [][]string) [][]string { r[2][4] = "a100-"; return r },
			code: "2010301", col: "合计", value: "100", repair: "ocr_resolved", cands: "100",
		},
		{
			name: "digits among strokes that no identity confirms stay unread, their number listed",
			edit: func(r [][]string) [][]string { r[2][4] = "a170-"; return r },
			code: "2010301", col: "合计", value: "0", cands: "170",
		},
		{
			name: "only one identity: not resolved, the candidate listed",
			edit: func(r [][]string) [][]string {
				return [][]string{{"201", "03", "01", "行政运行", "10@0.6", "100@0.6", ""}}
			},
			code: "2010301", col: "合计", value: "10", cands: "100",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			td := ocrDoc(c.edit(baseRows()))
			ix := AlternativeIndex{}
			for _, r := range td.Tables[0].Rows {
				for _, cell := range r.Cells {
					if cell.Text == "700" {
						fr := cell.Fragments[0]
						ix[AltKey{fr.Page, fr.Box}] = []extract.Alternative{{Text: "100", From: "digits_model@1.7x"}, {Text: "709", From: "text_model"}}
					}
				}
			}
			doc := Normalize(td, Options{Alternatives: ix})
			v := cellOf(t, doc, c.code, c.col)
			last := ""
			if len(v.Repairs) > 0 {
				last = string(v.Repairs[len(v.Repairs)-1].Kind)
			}
			if v.Amount.String() != c.value || last != c.repair {
				t.Errorf("%s %s = %s repair %q, want %s %q (%+v)", c.code, c.col, v.Amount, last, c.value, c.repair, v.Repairs)
			}
			var listed []string
			for _, f := range doc.Findings {
				if len(f.Refs) > 0 && f.Refs[0].Box == v.Box && len(f.Candidates) > 0 {
					listed = append(listed, string(f.Rule)+" "+strings.Join(f.Candidates, " / "))
					if f.Rule != "ocr_resolved" && !strings.Contains(f.Message, "candidate readings") {
						t.Errorf("the message does not list the candidates: %s", f.Message)
					}
				}
			}
			want := ""
			if c.cands != "" {
				rule := "ocr_resolved"
				if c.repair == "" {
					rule = "ocr_suspect"
				}
				want = rule + " " + c.cands
			}
			if strings.Join(listed, "|") != want {
				t.Errorf("findings with candidates %q, want %q", listed, want)
			}
		})
	}
}

// TestCommaPoint: a comma before the column's decimals is a misread point; a comma that could
// be a thousands separator, a reading with a point, or a column of unknown format is not.
func TestCommaPoint(t *testing.T) {
	two := columnFormat{scale: 2, known: true}
	cases := []struct {
		read string
		f    columnFormat
		want string // "" for no reading
	}{
		{"167,94", two, "167.94"},
		{"2,156,30", two, "2156.30"},
		{"105,814,60", two, "105814.60"},
		{"1234,56", two, "1234.56"},
		{"12,34,56", two, ""},                  // the groups before the comma are no grouping either
		{"12,345", two, ""},                    // a thousands separator
		{"1.2,34", two, ""},                    // a point already read
		{"167,94", columnFormat{scale: 2}, ""}, // format not known
		{"167,9", columnFormat{scale: 1, known: true}, "167.9"},
		{"167,94", columnFormat{scale: 0, known: true}, ""},
	}
	for _, c := range cases {
		d, ok := commaPoint(c.read, c.f)
		got := ""
		if ok {
			got = d.String()
		}
		if got != c.want {
			t.Errorf("commaPoint(%q, %+v) = %q, want %q", c.read, c.f, got, c.want)
		}
	}
}

// TestResolveJointly: two unread cells of one 款 (`100,30`, `20,20`: points read as commas)
// whose own row identities and their shared 款 sum hold with the column's format are read
// together; when one of them has no identity of its own that holds, neither is.
func TestResolveJointly(t *testing.T) {
	rows := func(a, b, basic string) [][]string {
		return [][]string{
			{"201", "", "", "一般公共服务支出", "120.50", "100.30", "20.20"},
			{"201", "03", "", "政府办公厅（室）及相关机构事务", "120.50", "100.30", "20.20"},
			{"201", "03", "01", "行政运行", a, basic, ""},
			{"201", "03", "02", "一般行政管理事务", b, "", "20.20"},
			{"", "", "", "合计", "120.50", "100.30", "20.20"},
		}
	}
	cases := []struct {
		name         string
		rows         [][]string
		want1, want2 string // 合计 of 2010301 and 2010302 after review
		repair       string
	}{
		{"both unread, each with its row identity", rows("100,30", "20,20", "100.30"), "100.30", "20.20", "ocr_resolved"},
		{"one unread alone is resolved by itself", rows("100,30", "20.20", "100.30"), "100.30", "20.20", "ocr_resolved"},
		{"a row identity that fails leaves both unread", rows("100,30", "20,20", "100.40"), "0", "0", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := Normalize(ocrDoc(c.rows), Options{})
			v1, v2 := cellOf(t, doc, "2010301", "合计"), cellOf(t, doc, "2010302", "合计")
			if v1.Amount.String() != c.want1 || v2.Amount.String() != c.want2 {
				t.Errorf("合计 = %s, %s; want %s, %s", v1.Amount, v2.Amount, c.want1, c.want2)
			}
			last := ""
			if len(v1.Repairs) > 0 {
				last = string(v1.Repairs[len(v1.Repairs)-1].Kind)
			}
			if last != c.repair {
				t.Errorf("repair of 2010301 %q, want %q (%+v)", last, c.repair, v1.Repairs)
			}
		})
	}
}
