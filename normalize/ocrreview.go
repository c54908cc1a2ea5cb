package normalize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
)

// DefaultOCRConfidence is the OCR confidence below which a value is low-confidence unless an
// identity confirms it. It is ocr.LowConfidence (package ocr calibrates its numbers so that a
// misread falls below it); normalize does not import the cgo package, and a test in package
// pipeline asserts that the two stay equal.
const DefaultOCRConfidence = 0.90

// Why an OCR cell is doubtful (see doubtOf).
type doubt int

const (
	trusted  doubt = iota
	lowConf        // a value read below the confidence threshold
	unread         // text that is no amount (`和|/二`): the OCR could not read the digits
	blankOCR       // nothing read in a cell of an OCR table: a missed number looks the same
)

// doubtOf says whether an amount cell's reading can be blamed for a broken identity.
func (n *normalizer) doubtOf(k cellKey) doubt {
	v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	switch {
	case v.Source == extract.SourceOCR && v.Present && v.LowConfidence:
		return lowConf
	case !n.ocrTable[k.table]:
		return trusted
	case !v.Present && strings.TrimSpace(v.Raw) != "" && !isDash(foldWidth(strings.TrimSpace(v.Raw))):
		return unread
	case !v.Present && strings.TrimSpace(v.Raw) == "":
		return blankOCR
	}
	return trusted
}

// reviewReadings weighs the OCR readings against the identities before anything is reported
// about the source (DESIGN.md, "findings about our own reading"):
//
//   - an identity that holds exactly with a low-confidence value confirms it (`ocr_confirmed`,
//     LowConfidence cleared). A rounding-level hold confirms nothing: a misread last digit of
//     a 万元 figure hides inside the tolerance of a long sum.
//   - a broken identity is taken as a misreading when the arithmetic points at a doubtful cell:
//     among the cells of the broken identities, a cell whose every broken identity implies
//     the same value (and whose other identities still hold with it) can explain them alone;
//     the one explaining most of them is the culprit (among equals, the single doubtful one).
//     A doubtful culprit (low-confidence, unreadable, or blank in a scanned table — a blank
//     only when two identities agree on it) gets an `ocr_suspect` finding (warning) with the
//     value the identities imply, instead of a source inconsistency. A trusted culprit leaves
//     the identity to be reported as a source inconsistency — unless the identity holds a
//     low-confidence or unreadable reading and no second identity corroborates the trusted
//     culprit: then, as when no single cell explains it, each doubtful reading is suspect.
//   - a low-confidence culprit is repaired (`ocr_identity_fix`, value replaced, repair and an
//     info finding recorded) when the implied value is a plausible misreading of what was read
//     (the same digits but one or two, one digit more or less, or the sign) and it is
//     determined: two broken identities agree on it, or its one identity has no other
//     doubtful cell. Blank and unreadable cells are never given a number the OCR did not
//     read; their suspect finding says what the identities imply.
//
// It returns the broken identities left to report as source inconsistencies, with their
// evaluations, after the repairs.
func (n *normalizer) reviewReadings(ids []*identity) ([]*identity, []evaluation) {
	suspect := map[cellKey]*suspicion{}
	taken := map[*identity]bool{} // broken identities explained by a reading
	rounds := 0
	for _, ocr := range n.ocrTable {
		if ocr {
			rounds = 4 // text-layer documents have no reading to weigh
		}
	}
	for round := 0; round < rounds; round++ {
		n.confirm(ids)
		changed := false
		var broken []*identity
		for _, id := range ids {
			if n.eval(id).st == fails {
				broken = append(broken, id)
			}
		}
		cands := n.culprits(ids, broken)
		for _, id := range broken {
			best, doubtful := n.culpritOf(id, cands)
			switch {
			case best != nil && n.doubtOf(best.key) != trusted:
				s := suspect[best.key]
				if s == nil {
					s = &suspicion{key: best.key, value: best.value, determined: true}
					suspect[best.key] = s
				}
				s.add(id)
				taken[id] = true
			case len(doubtful) > 0 && (best == nil || best.support < 2):
				// No single cell explains it, or only a trusted one that no second identity
				// corroborates: a low-confidence reading is involved, so every doubtful
				// reading in it is suspect rather than the source.
				for _, k := range doubtful {
					s := suspect[k]
					if s == nil {
						s = &suspicion{key: k}
						suspect[k] = s
					}
					s.determined = false
					s.add(id)
				}
				taken[id] = true
			}
		}
		for _, k := range sortedCellKeys(suspect) {
			s := suspect[k]
			if s.fixed || !s.determined || !n.canFix(s, cands) {
				continue
			}
			n.fixReading(s)
			changed = true
		}
		if !changed {
			break
		}
		// Identities a repair made hold are no longer broken.
		for id := range taken {
			if n.eval(id).st != fails {
				delete(taken, id)
			}
		}
	}
	n.reportSuspects(suspect)
	n.reportLowConfidence()
	var left []*identity
	var evs []evaluation
	for _, id := range ids {
		ev := n.eval(id)
		if ev.st == fails && taken[id] {
			continue
		}
		if ev.st == fails || ev.st == rounding {
			left = append(left, id)
			evs = append(evs, ev)
		}
	}
	return left, evs
}

// confirm clears LowConfidence on a value an identity holds exactly with when it is the
// identity's only doubtful value: two doubtful readings can agree with each other by
// chance (the same stray `1` read in a 款 and its only 项), so an identity confirms one
// reading against values already trusted, and confirmations spread one at a time.
func (n *normalizer) confirm(ids []*identity) {
	for changed := true; changed; {
		changed = false
		for _, id := range ids {
			var doubtful []cellKey
			for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
				if v := n.doc.Tables[k.table].Rows[k.row].Values[k.col]; v.LowConfidence && v.Present {
					doubtful = append(doubtful, k)
				}
			}
			if len(doubtful) != 1 || n.eval(id).st != holds {
				continue
			}
			v := &n.doc.Tables[doubtful[0].table].Rows[doubtful[0].row].Values[doubtful[0].col]
			v.LowConfidence = false
			v.Repairs = append(v.Repairs, Repair{Kind: "ocr_confirmed", Before: v.Raw, After: v.Amount.String(),
				Evidence: fmt.Sprintf("OCR confidence %.2f; the identity %s holds exactly with this value", v.Confidence, id.desc)})
			changed = true
		}
	}
}

// candidate is a cell that, with value, would make the broken identities it is part of hold.
type candidate struct {
	key     cellKey
	value   money.Decimal // in the unit amountOf compares in
	support int           // broken identities it explains
}

// culprits returns, per cell of a broken identity, the candidate value when every broken
// identity of the cell implies the same one and the cell's other identities still hold (or
// stay within rounding) with it.
func (n *normalizer) culprits(ids, broken []*identity) map[cellKey]*candidate {
	touching := map[cellKey][]*identity{}
	for _, id := range ids {
		for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
			touching[k] = append(touching[k], id)
		}
	}
	implied := map[cellKey][]money.Decimal{}
	for _, id := range broken {
		ev := n.eval(id)
		diff, err := ev.actual.Sub(ev.expected)
		if err != nil {
			continue
		}
		for side, keys := range [][]cellKey{id.left, id.right} {
			for _, k := range keys {
				cur, _, _, _ := n.amountOf(k)
				want, err := cur.Sub(diff)
				if side == 1 {
					want, err = cur.Add(diff)
				}
				if err == nil {
					implied[k] = append(implied[k], want)
				}
			}
		}
	}
	out := map[cellKey]*candidate{}
	for k, ws := range implied {
		same := true
		for _, w := range ws[1:] {
			if !w.Equal(ws[0]) {
				same = false
			}
		}
		if !same || ws[0].Sign() < 0 {
			continue
		}
		if n.doubtOf(k) != trusted && !n.keepsHolding(k, ws[0], touching[k]) {
			continue
		}
		out[k] = &candidate{key: k, value: ws[0], support: len(ws)}
	}
	return out
}

// keepsHolding reports whether the identities of cell k that hold now still hold (or stay
// within rounding) with the value w.
func (n *normalizer) keepsHolding(k cellKey, w money.Decimal, ids []*identity) bool {
	v := &n.doc.Tables[k.table].Rows[k.row].Values[k.col]
	orig := *v
	defer func() { *v = orig }()
	before := make([]status, len(ids))
	for i, id := range ids {
		before[i] = n.eval(id).st
	}
	n.setCompared(v, w)
	for i, id := range ids {
		if before[i] == fails {
			continue
		}
		if st := n.eval(id).st; st == fails || before[i] == holds && st != holds {
			return false
		}
	}
	return true
}

// setCompared sets a value from an amount in the unit amountOf compares in (元 for 元 and
// 万元 tables), at the printed scale when it fits.
func (n *normalizer) setCompared(v *Value, w money.Decimal) {
	a := w
	if sh := unitShift(v.Unit); sh > 0 && v.Type == TypeMoney {
		if x, err := w.Shift(-sh); err == nil {
			a = x
		}
	}
	if r, err := a.Rescale(v.Amount.Scale); err == nil && r.Equal(a) {
		a = r
	}
	n.setAmount(v, Amount{Value: a, Present: true})
}

// culpritOf returns the candidate that explains the broken identity best — the one with
// the most support; among equals, the single doubtful one (a misreading is likelier than a
// source error where a reading is in doubt) — or nil when no single cell stands out, and the
// identity's low-confidence and unreadable cells.
func (n *normalizer) culpritOf(id *identity, cands map[cellKey]*candidate) (*candidate, []cellKey) {
	var doubtful []cellKey
	var top []*candidate
	for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
		d := n.doubtOf(k)
		if d == lowConf || d == unread {
			doubtful = append(doubtful, k)
		}
		c := cands[k]
		if c == nil || d == blankOCR && c.support < 2 {
			// A blank is blamed only where two identities agree on what it misses: a
			// source that leaves a cell blank looks the same.
			continue
		}
		switch {
		case len(top) == 0 || c.support > top[0].support:
			top = []*candidate{c}
		case c.support == top[0].support:
			top = append(top, c)
		}
	}
	if len(top) == 1 {
		return top[0], doubtful
	}
	var pick *candidate
	for _, c := range top {
		if n.doubtOf(c.key) != trusted {
			if pick != nil {
				return nil, doubtful // two doubtful readings explain it equally
			}
			pick = c
		}
	}
	return pick, doubtful
}

// suspicion is a doubtful reading some broken identities point at.
type suspicion struct {
	key        cellKey
	value      money.Decimal // what the identities imply (when determined)
	determined bool          // one value explains all its broken identities
	ids        []*identity
	fixed      bool
	before     string
}

func (s *suspicion) add(id *identity) {
	for _, x := range s.ids {
		if x == id {
			return
		}
	}
	s.ids = append(s.ids, id)
}

// canFix decides whether a suspect reading is replaced by the implied value.
func (n *normalizer) canFix(s *suspicion, cands map[cellKey]*candidate) bool {
	if n.doubtOf(s.key) != lowConf {
		return false // never a number the OCR did not read
	}
	c := cands[s.key]
	if c == nil || !c.value.Equal(s.value) {
		return false
	}
	if c.support < 2 {
		for _, id := range s.ids {
			for _, k := range append(append([]cellKey(nil), id.left...), id.right...) {
				if k != s.key && n.doubtOf(k) != trusted {
					return false
				}
			}
		}
	}
	v := n.doc.Tables[s.key.table].Rows[s.key.row].Values[s.key.col]
	probe := v
	n.setCompared(&probe, s.value)
	return plausibleMisread(v.Amount, probe.Amount)
}

// plausibleMisread reports whether OCR could have read got where the page prints want: the
// same digits but one or two, one digit more or less, or only the sign.
func plausibleMisread(got, want money.Decimal) bool {
	if got.Scale != want.Scale {
		return false
	}
	if got.Abs().Equal(want.Abs()) {
		return true
	}
	a, b := []rune(got.Abs().String()), []rune(want.Abs().String())
	if len(a) == len(b) {
		diff := 0
		for i := range a {
			if a[i] != b[i] {
				diff++
			}
		}
		return diff <= 2
	}
	if len(a)-len(b) == 1 || len(b)-len(a) == 1 {
		long, short := a, b
		if len(b) > len(a) {
			long, short = b, a
		}
		for i := range long {
			if string(long[:i])+string(long[i+1:]) == string(short) {
				return true
			}
		}
	}
	return false
}

// fixReading replaces a suspect reading with the implied value.
func (n *normalizer) fixReading(s *suspicion) {
	v := &n.doc.Tables[s.key.table].Rows[s.key.row].Values[s.key.col]
	s.before = v.Raw
	n.setCompared(v, s.value)
	v.LowConfidence = false
	var descs []string
	for _, id := range s.ids {
		descs = append(descs, id.desc)
	}
	v.Repairs = append(v.Repairs, Repair{Kind: "ocr_identity_fix", Before: v.Raw, After: v.Amount.String(),
		Evidence: fmt.Sprintf("OCR read %q (confidence %.2f); the only value that makes %s hold", v.Raw, v.Confidence, strings.Join(descs, "; "))})
	n.repaired[s.key] = true
	s.fixed = true
}

// reportSuspects turns the suspicions into findings about the reading.
func (n *normalizer) reportSuspects(suspect map[cellKey]*suspicion) {
	for _, k := range sortedCellKeys(suspect) {
		s := suspect[k]
		v := &n.doc.Tables[k.table].Rows[k.row].Values[k.col]
		var descs []string
		refs := []Ref{n.ref(k, *v)}
		seen := map[cellKey]bool{k: true}
		for _, id := range s.ids {
			descs = append(descs, id.desc)
			for _, o := range append(append([]cellKey(nil), id.left...), id.right...) {
				if !seen[o] {
					seen[o] = true
					refs = append(refs, n.ref(o, n.doc.Tables[o.table].Rows[o.row].Values[o.col]))
				}
			}
		}
		where := fmt.Sprintf("%s (page %d, image box %.0f,%.0f–%.0f,%.0f)", n.describeCell(k), refs[0].Page, v.Box.X0, v.Box.Y0, v.Box.X1, v.Box.Y1)
		f := Finding{Rule: "ocr_suspect", Severity: SeverityWarning, Refs: refs}
		expected := ""
		if s.determined {
			probe := *v
			n.setCompared(&probe, s.value)
			expected = probe.Amount.String()
		}
		if s.fixed {
			f.Rule, f.Severity = "ocr_identity_fix", SeverityInfo
			f.Printed, f.Expected = s.before, v.Amount.String()
			f.Message = fmt.Sprintf("%s: OCR read %q, repaired to %s: the only value with which %s hold", where, s.before, v.Amount.String(), strings.Join(descs, "; "))
			n.doc.Findings = append(n.doc.Findings, f)
			continue
		}
		if v.Present {
			v.LowConfidence = true // contradicted: not to be trusted even if read confidently
		}
		f.Printed, f.Expected = v.Raw, expected
		f.Candidates = n.cellCandidates[k]
		read := fmt.Sprintf("OCR read %q (confidence %.2f)", v.Raw, v.Confidence)
		switch n.doubtOf(k) {
		case blankOCR:
			read = "OCR read no amount here"
		case unread:
			read = fmt.Sprintf("OCR read %q, which is no amount", v.Raw)
		}
		if expected != "" {
			f.Message = fmt.Sprintf("%s: %s; the identities give %s: %s", where, read, expected, strings.Join(descs, "; "))
		} else {
			f.Message = fmt.Sprintf("%s: %s, and the identities around it do not hold: %s", where, read, strings.Join(descs, "; "))
		}
		f.Message += candidatesNote(f.Candidates)
		n.doc.Findings = append(n.doc.Findings, f)
	}
}

// reportLowConfidence reports each value that stays low-confidence (no identity confirmed it,
// none contradicted it): the user must check it on the page image.
func (n *normalizer) reportLowConfidence() {
	reported := map[cellKey]bool{}
	for _, f := range n.doc.Findings {
		if f.Rule == "ocr_suspect" && len(f.Refs) > 0 {
			r := f.Refs[0]
			reported[cellKey{n.tableIndex(r.Table), r.Row - 1, r.Column}] = true
		}
	}
	for ti, t := range n.doc.Tables {
		for ri, r := range t.Rows {
			for ci := range r.Values {
				v := r.Values[ci]
				k := cellKey{ti, ri, ci}
				if !v.LowConfidence || reported[k] {
					continue
				}
				why := fmt.Sprintf("with confidence %.2f", v.Confidence)
				if v.Confidence >= n.opts.OCRConfidence && v.Amount.Sign() < 0 {
					why = "with a minus sign (amounts are rarely negative; a stroke before a number reads as one)"
				}
				n.doc.Findings = append(n.doc.Findings, Finding{Rule: "low_confidence", Severity: SeverityWarning,
					Message: fmt.Sprintf("%s (page %d): OCR read %q %s and no identity confirms it", n.describeCell(k), v.Page, v.Raw, why) + candidatesNote(n.cellCandidates[k]),
					Printed: v.Raw, Refs: []Ref{n.ref(k, v)}, Candidates: n.cellCandidates[k]})
			}
		}
	}
}

func (n *normalizer) tableIndex(seq int) int {
	for i, t := range n.doc.Tables {
		if t.Seq == seq {
			return i
		}
	}
	return -1
}

// sortedCellKeys returns a map's cell keys in table, row, column order (map order is random;
// repairs and findings must not depend on it).
func sortedCellKeys[V any](m map[cellKey]V) []cellKey {
	keys := make([]cellKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.table != b.table {
			return a.table < b.table
		}
		if a.row != b.row {
			return a.row < b.row
		}
		return a.col < b.col
	})
	return keys
}

// candidatesNote lists the candidate readings of a cell left flagged.
func candidatesNote(cands []string) string {
	if len(cands) == 0 {
		return ""
	}
	return "; candidate readings (no single one confirmed by two independent identities): " + strings.Join(cands, " / ")
}
