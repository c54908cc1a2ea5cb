package normalize

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
)

// AlternativeIndex holds the OCR stage's other readings of doubtful numbers
// (extract.Word.Alternatives) by page and word box, the way a cell's fragment carries them
// (the tables stage copies a one-word line's box unchanged). See IndexAlternatives.
type AlternativeIndex map[AltKey][]extract.Alternative

// AltKey locates one OCR word.
type AltKey struct {
	Page int
	Box  extract.Box
}

// IndexAlternatives collects the alternatives of the pages' OCR words.
func IndexAlternatives(pages []*extract.Page) AlternativeIndex {
	var ix AlternativeIndex
	for _, p := range pages {
		if p == nil {
			continue
		}
		for _, w := range p.Words {
			if len(w.Alternatives) == 0 {
				continue
			}
			if ix == nil {
				ix = AlternativeIndex{}
			}
			ix[AltKey{p.Number, w.Box()}] = w.Alternatives
		}
	}
	return ix
}

// candidateReading is one value a doubtful cell may really print, and where it comes from.
type candidateReading struct {
	amount money.Decimal // as printed (the cell's unit)
	from   string        // "ocr:<reader>", "format", "edit"
}

// columnFormat is how a column prints its amounts, learnt from its confidently read cells.
type columnFormat struct {
	scale int  // decimals
	known bool // enough confident cells agree on it
}

// formatOf returns the printed format of cell k's column: the scale most of its confidently
// read cells (at least three, four fifths of them) print, the cell itself left out.
func (n *normalizer) formatOf(k cellKey) columnFormat {
	count := map[int]int{}
	total := 0
	for ri, r := range n.doc.Tables[k.table].Rows {
		v := r.Values[k.col]
		if ri == k.row || !v.Present || v.LowConfidence || v.Type != TypeMoney {
			continue
		}
		count[v.Amount.Scale]++
		total++
	}
	best, bc := 0, 0
	for s, c := range count {
		if c > bc || c == bc && s > best {
			best, bc = s, c
		}
	}
	return columnFormat{scale: best, known: total >= 3 && 5*bc >= 4*total}
}

// withScale writes digits (a sign allowed first) as a decimal with scale decimals.
func withScale(digits string, scale int) (money.Decimal, bool) {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	if digits == "" || len(digits) > 17 {
		return money.Decimal{}, false
	}
	for len(digits) <= scale {
		digits = "0" + digits
	}
	s := digits
	if scale > 0 {
		s = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		s = "-" + s
	}
	d, err := money.Parse(s)
	return d, err == nil
}

// signedDigits is a reading's sign and digits (`-1,234.50` → `-123450`).
func signedDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, foldWidth(s))
	if strings.HasPrefix(strings.TrimSpace(foldWidth(s)), "-") {
		return "-" + d
	}
	return d
}

// irregularGroups reports a reading whose thousands separators no document prints: a group
// after the first that is not three digits, or a first group of more than three.
func irregularGroups(s string) bool {
	s = strings.TrimPrefix(strings.TrimSpace(foldWidth(s)), "-")
	if !strings.Contains(s, ",") {
		return false
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return true
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return true
		}
	}
	return false
}

// readingCandidates are a doubtful cell's candidates from its OCR alternatives (a) and from
// the column's printed format (b): every reading's digits written with the column's
// decimals (`334370400` in a two-decimal column is 3343704.00). A reading whose thousands
// grouping is impossible is no candidate; a reading without separators is (OCR loses them).
func readingCandidates(raw string, cur money.Decimal, alts []extract.Alternative, f columnFormat) []candidateReading {
	scale := cur.Scale
	if f.known {
		scale = f.scale
	}
	var out []candidateReading
	seen := map[string]bool{cur.String(): true}
	add := func(d money.Decimal, from string) {
		if f.known && d.Scale != f.scale || seen[d.String()] {
			return
		}
		seen[d.String()] = true
		out = append(out, candidateReading{amount: d, from: from})
	}
	type src struct{ text, from string }
	srcs := []src{{raw, "format"}}
	if _, err := ParseAmount(raw); err != nil && numericCore(raw) != "" {
		// The number inside a reading a seal's or rule's strokes garbled (`as193.52`,
		// `6.05-`, `四139`): the strokes read as letters, marks or a Han character.
		srcs = append(srcs, src{numericCore(raw), "strip"})
	}
	for _, a := range alts {
		srcs = append(srcs, src{a.Text, "ocr:" + a.From})
	}
	for _, s := range srcs {
		if irregularGroups(s.text) {
			// `167,94`, `2,156,30` in a two-decimal column: the point read as a comma.
			if d, ok := commaPoint(s.text, f); ok {
				add(d, s.from+"+point")
			}
			continue
		}
		if d, err := money.Parse(strings.ReplaceAll(foldWidth(strings.TrimSpace(s.text)), ",", "")); err == nil {
			add(d, s.from)
		}
		if d, ok := withScale(signedDigits(s.text), scale); ok {
			from := s.from
			if from != "format" && d.Scale != digitsScale(s.text) {
				from += "+format"
			}
			add(d, from)
		}
	}
	if cur.Sign() < 0 {
		// A minus read before a number is often a stroke of a rule or a seal.
		add(cur.Abs(), "sign")
	}
	return out
}

// commaPoint reads a reading without a point whose last comma is followed by exactly the
// decimals its column prints, the groups before it regular (`167,94`, `2,156,30` in a
// two-decimal column), as that comma being the decimal point: OCR confuses the two marks,
// and a comma before the last two digits is no thousands separator any document prints.
func commaPoint(s string, f columnFormat) (money.Decimal, bool) {
	s = strings.TrimSpace(foldWidth(s))
	i := strings.LastIndexByte(s, ',')
	if !f.known || f.scale == 0 || i < 0 || strings.Contains(s, ".") || len(s)-i-1 != f.scale {
		return money.Decimal{}, false
	}
	head := s[:i]
	if irregularGroups(head) {
		return money.Decimal{}, false
	}
	d, err := money.Parse(strings.ReplaceAll(head, ",", "") + "." + s[i+1:])
	return d, err == nil
}

// numericCore is the longest run of digits, points and commas in a reading, without a
// point or comma at its ends ("" when it has no digit).
func numericCore(s string) string {
	best, bestDigits := "", 0
	for _, run := range strings.FieldsFunc(foldWidth(s), func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == ',')
	}) {
		run = strings.Trim(run, ".,")
		d := 0
		for _, r := range run {
			if r >= '0' && r <= '9' {
				d++
			}
		}
		if d > bestDigits {
			best, bestDigits = run, d
		}
	}
	return best
}

// digitsScale is the number of digits after a reading's decimal point.
func digitsScale(s string) int {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return 0
	}
	return len(s) - i - 1
}

// maxEditDigits bounds the single-digit edits (c): 20·d+10 candidates per reading.
const maxEditDigits = 16

// editCandidates are the readings one digit away from the current one (a digit confused,
// dropped or invented), written with the column's decimals.
func editCandidates(cur money.Decimal, f columnFormat, have []candidateReading) []candidateReading {
	scale := cur.Scale
	if f.known {
		scale = f.scale
	}
	d := signedDigits(cur.String())
	sign := ""
	if strings.HasPrefix(d, "-") {
		sign, d = "-", d[1:]
	}
	if len(d) > maxEditDigits {
		return nil
	}
	seen := map[string]bool{cur.String(): true}
	for _, c := range have {
		seen[c.amount.String()] = true
	}
	var out []candidateReading
	add := func(digits string) {
		if digits = strings.TrimLeft(digits, "0"); digits == "" {
			digits = "0" // 6→0 is a common confusion
		}
		v, ok := withScale(sign+digits, scale)
		if !ok || seen[v.String()] {
			return
		}
		seen[v.String()] = true
		out = append(out, candidateReading{amount: v, from: "edit"})
	}
	for i := 0; i <= len(d); i++ {
		for c := byte('0'); c <= '9'; c++ {
			add(d[:i] + string(c) + d[i:]) // a dropped digit
			if i < len(d) && d[i] != c {
				add(d[:i] + string(c) + d[i+1:]) // a confused digit
			}
		}
		if i < len(d) {
			add(d[:i] + d[i+1:]) // an invented digit
		}
	}
	return out
}

// trial is a candidate weighed against the identities of its cell.
type trial struct {
	cand   candidateReading
	gained []*identity // identities that fail (or cannot be checked) now and hold with it
}

// independent counts the gained identities that relate the cell to different cells: two
// identities over the same other cells say the same thing twice.
func independent(k cellKey, ids []*identity) int {
	sigs := map[string]bool{}
	for _, id := range ids {
		var others []string
		for _, o := range append(append([]cellKey(nil), id.left...), id.right...) {
			if o != k {
				others = append(others, fmt.Sprint(o))
			}
		}
		sort.Strings(others)
		sigs[strings.Join(others, ";")] = true
	}
	return len(sigs)
}

// weigh sets each candidate in turn and keeps those that break no identity that holds with
// the current reading, listing the identities each newly satisfies.
func (n *normalizer) weigh(k cellKey, cands []candidateReading, touching []*identity) []trial {
	v := &n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	orig := *v
	defer func() { *v = orig }()
	before := make([]status, len(touching))
	for i, id := range touching {
		before[i] = n.eval(id).st
	}
	var out []trial
	for _, c := range cands {
		n.setAmount(v, Amount{Value: c.amount, Present: true})
		t := trial{cand: c}
		ok := true
		for i, id := range touching {
			st := n.eval(id).st
			switch {
			case before[i] == holds && st != holds, before[i] == rounding && st == fails:
				ok = false
			case (before[i] == fails || before[i] == skip) && (st == holds || st == rounding):
				t.gained = append(t.gained, id)
			}
			if !ok {
				break
			}
		}
		if ok && len(t.gained) > 0 {
			out = append(out, t)
		}
		*v = orig
	}
	return out
}

// pickCandidate returns the one trial whose gained identities include two independent ones,
// nil when none or several do; and every trial that does (what a flag lists).
func pickCandidate(k cellKey, ts []trial) (*trial, []trial) {
	var strong []trial
	for _, t := range ts {
		if independent(k, t.gained) >= 2 {
			strong = append(strong, t)
		}
	}
	if len(strong) == 1 {
		return &strong[0], strong
	}
	return nil, strong
}

// resolution is the outcome for one doubtful cell.
type resolution struct {
	key        cellKey
	chosen     *trial
	candidates []string // the alternatives and format readings weighed (chosen: the list it was chosen from)
	edits      int      // single-digit edits weighed
}

// resolveCell weighs a doubtful cell's candidates: the alternatives and format readings
// first, single-digit edits only when those leave no candidate that two independent
// identities confirm.
func (n *normalizer) resolveCell(k cellKey, touching []*identity) resolution {
	v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	f := n.formatOf(k)
	res := resolution{key: k}
	base := readingCandidates(v.Raw, v.Amount, n.alts[k], f)
	if v.LowConfidence || !v.Present {
		for _, c := range base {
			res.candidates = append(res.candidates, c.amount.String())
		}
	} else {
		// A confidently read cell is weighed only against its column's format: single-digit
		// edits of a trusted reading would rewrite the source's own typos.
		var kept []candidateReading
		for _, c := range base {
			if c.from == "format" && f.known && v.Amount.Scale != f.scale {
				kept = append(kept, c)
			}
		}
		base = kept
	}
	pick := func(ts []trial) (*trial, []trial) { return pickCandidate(k, ts) }
	ts := n.weigh(k, base, touching)
	chosen, strong := pick(ts)
	if chosen == nil && len(strong) == 0 && v.LowConfidence {
		ec := editCandidates(v.Amount, f, base)
		res.edits = len(ec)
		edits := n.weigh(k, ec, touching)
		chosen, strong = pick(edits)
		ts = append(ts, edits...)
	}
	if chosen != nil {
		res.chosen = chosen
		if !slices.Contains(res.candidates, chosen.cand.amount.String()) {
			res.candidates = append(res.candidates, chosen.cand.amount.String())
		}
		return res
	}
	// Flagged: the candidates worth a look are the confirmed ones, else any that satisfies
	// an identity, else the OCR's own alternatives.
	list := strong
	if len(list) == 0 {
		list = ts
	}
	if len(list) > 0 {
		res.candidates = nil
		for _, t := range list {
			res.candidates = append(res.candidates, t.cand.amount.String())
		}
	}
	if len(res.candidates) > maxListed {
		res.candidates = res.candidates[:maxListed]
	}
	return res
}

// maxListed caps the candidates a finding lists.
const maxListed = 8

// resolveReadings chooses, for each doubtful OCR amount, among its candidate readings the one
// the identities confirm (issue 11): accepted only when exactly one candidate makes at least
// two independent identities hold that the current reading breaks or cannot check, and breaks
// none that holds. The chosen value carries an `ocr_resolved` repair and an info finding;
// the candidates of a cell left doubtful are kept for its finding (n.cellCandidates).
// Doubtful: low confidence, or read confidently but part of a broken identity (then only its
// column's format is weighed). Rounds repeat while a choice makes more identities checkable.
func (n *normalizer) resolveReadings(ids []*identity) {
	touching := map[cellKey][]*identity{}
	for _, id := range ids {
		for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
			touching[k] = append(touching[k], id)
		}
	}
	for round := 0; round < 3; round++ {
		inBroken := map[cellKey]bool{}
		for _, id := range ids {
			if n.eval(id).st == fails {
				for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
					inBroken[k] = true
				}
			}
		}
		var doubtful []cellKey
		for k := range touching {
			v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
			unread := n.unreadNumber(k)
			if v.Source != extract.SourceOCR || !v.Present && !unread || n.repaired[k] || v.Type != TypeMoney {
				continue
			}
			if v.LowConfidence || inBroken[k] || unread {
				doubtful = append(doubtful, k)
			}
		}
		sort.Slice(doubtful, func(i, j int) bool { return keyLess(doubtful[i], doubtful[j]) })
		var chosen []resolution
		for _, k := range doubtful {
			r := n.resolveCell(k, touching[k])
			if r.chosen != nil {
				chosen = append(chosen, r)
				continue
			}
			if len(r.candidates) > 0 && (n.doc.Tables[k.table].Rows[k.row].Values[k.col].LowConfidence || n.unreadNumber(k)) {
				n.cellCandidates[k] = r.candidates
			}
		}
		// Two cells whose choices rest on the same identity: either may be the misreading.
		uses := map[*identity]int{}
		for _, r := range chosen {
			for _, id := range r.chosen.gained {
				uses[id]++
			}
		}
		applied := false
		for _, r := range chosen {
			shared := false
			for _, id := range r.chosen.gained {
				if uses[id] > 1 {
					shared = true
				}
			}
			if shared {
				continue
			}
			n.applyResolution(r)
			applied = true
		}
		if !applied {
			break
		}
	}
	n.resolveJointly(ids, touching)
}

// resolveJointly reads together the unread cells that have a single candidate reading (the
// column's format applied to what was read: `34,97` is 34.97 in a two-decimal column) when
// they share an identity, so that none can be confirmed alone (two unread items of one 类).
// All are set at once; a cell keeps its reading only when it then makes two independent
// identities hold, one of them its own (no other cell of the group in it), and breaks none
// that held; the others are put back and the rest weighed again.
func (n *normalizer) resolveJointly(ids []*identity, touching map[cellKey][]*identity) {
	type joint struct {
		key  cellKey
		cand candidateReading
		orig Value
	}
	var group []*joint
	for _, k := range sortedCellKeys(touching) {
		if n.repaired[k] || !n.unreadNumber(k) || n.doc.Tables[k.table].Rows[k.row].Values[k.col].Type != TypeMoney {
			continue
		}
		v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
		cands := readingCandidates(v.Raw, v.Amount, nil, n.formatOf(k))
		if len(cands) != 1 {
			continue
		}
		group = append(group, &joint{key: k, cand: cands[0], orig: v})
	}
	if len(group) < 2 {
		return
	}
	before := map[*identity]status{}
	for _, id := range ids {
		before[id] = n.eval(id).st
	}
	restore := func(j *joint) { n.doc.Tables[j.key.table].Rows[j.key.row].Values[j.key.col] = j.orig }
	for _, j := range group {
		n.setAmount(&n.doc.Tables[j.key.table].Rows[j.key.row].Values[j.key.col], Amount{Value: j.cand.amount, Present: true})
	}
	var gained map[cellKey][]*identity
	for changed := true; changed && len(group) > 0; {
		changed = false
		in := map[cellKey]bool{}
		for _, j := range group {
			in[j.key] = true
		}
		gained = map[cellKey][]*identity{}
		broke := map[cellKey]bool{}
		own := map[cellKey]bool{}
		for _, id := range ids {
			st := n.eval(id).st
			keys := append(append([]cellKey(nil), id.left...), id.right...)
			var members []cellKey
			for _, k := range keys {
				if in[k] {
					members = append(members, k)
				}
			}
			for _, k := range members {
				switch {
				case before[id] == holds && st != holds:
					broke[k] = true
				case (before[id] == fails || before[id] == skip) && st == holds:
					gained[k] = append(gained[k], id)
					own[k] = own[k] || len(members) == 1
				}
			}
		}
		kept := group[:0]
		for _, j := range group {
			if broke[j.key] || !own[j.key] || independent(j.key, gained[j.key]) < 2 {
				restore(j)
				changed = true
				continue
			}
			kept = append(kept, j)
		}
		group = kept
	}
	if len(group) < 2 {
		// A lone cell is resolveCell's to confirm; it found no two identities for it.
		for _, j := range group {
			restore(j)
		}
		return
	}
	for _, j := range group {
		restore(j)
	}
	for _, j := range group {
		n.applyResolution(resolution{key: j.key, chosen: &trial{cand: j.cand, gained: gained[j.key]},
			candidates: []string{j.cand.amount.String()}})
	}
}

// unreadNumber reports an OCR cell read as digits mixed with what no number prints
// (`as193.52`, `305-`: strokes of a seal or a rule read with the number). Its number is
// weighed like a doubtful reading's: only a candidate two independent identities confirm
// replaces it, else it stays unread and flagged.
func (n *normalizer) unreadNumber(k cellKey) bool {
	v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	return n.doubtOf(k) == unread && numericCore(v.Raw) != ""
}

// applyResolution replaces the reading with the chosen candidate and says so.
func (n *normalizer) applyResolution(r resolution) {
	k := r.key
	v := &n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	before := v.Raw
	beforeAmount := v.Amount.String()
	if !v.Present {
		beforeAmount = "no amount"
		n.dropUnparsedFinding(k)
	}
	n.setAmount(v, Amount{Value: r.chosen.cand.amount, Present: true})
	v.LowConfidence = false
	var descs []string
	for _, id := range r.chosen.gained {
		descs = append(descs, id.desc)
	}
	cands := r.candidates
	weighed := "[" + strings.Join(cands, ", ") + "]"
	if r.edits > 0 {
		weighed += fmt.Sprintf(" and %d single-digit edits", r.edits)
	}
	evidence := fmt.Sprintf("OCR read %q (%s, confidence %.2f); of the candidates %s only %s (from %s) makes two independent identities hold: %s",
		before, beforeAmount, v.Confidence, weighed, v.Amount.String(), r.chosen.cand.from, strings.Join(descs, "; "))
	v.Repairs = append(v.Repairs, Repair{Kind: "ocr_resolved", Before: before, After: v.Amount.String(), Evidence: evidence})
	n.repaired[k] = true
	delete(n.cellCandidates, k)
	refs := []Ref{n.ref(k, *v)}
	seen := map[cellKey]bool{k: true}
	for _, id := range r.chosen.gained {
		for _, o := range append(append([]cellKey(nil), id.left...), id.right...) {
			if !seen[o] {
				seen[o] = true
				refs = append(refs, n.ref(o, n.doc.Tables[o.table].Rows[o.row].Values[o.col]))
			}
		}
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "ocr_resolved", Severity: SeverityInfo,
		Message: fmt.Sprintf("%s (page %d): %s", n.describeCell(k), v.Page, evidence),
		Printed: before, Expected: v.Amount.String(), Candidates: cands, Refs: refs})
}

func keyLess(a, b cellKey) bool {
	if a.table != b.table {
		return a.table < b.table
	}
	if a.row != b.row {
		return a.row < b.row
	}
	return a.col < b.col
}

// dropUnparsedFinding removes the unparsed_amount finding of a cell whose number was
// resolved (the ocr_resolved finding says what was read and why the number stands).
func (n *normalizer) dropUnparsedFinding(k cellKey) {
	seq := n.doc.Tables[k.table].Seq
	out := n.doc.Findings[:0]
	for _, f := range n.doc.Findings {
		if f.Rule == "unparsed_amount" && len(f.Refs) == 1 && f.Refs[0].Table == seq && f.Refs[0].Row == k.row+1 && f.Refs[0].Column == k.col {
			continue
		}
		out = append(out, f)
	}
	n.doc.Findings = out
}
