package normalize

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/problem"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/sumcheck"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Options configure normalization. The zero value uses the embedded catalog plus the
// user's imported and learned entries (catalog.Load), and the default thresholds.
type Options struct {
	// Catalog overrides the catalog (tests, leave-one-out measurements).
	Catalog *catalog.Catalog
	// MappingThreshold is the confidence from which a name→code mapping is trusted
	// (default mapping.DefaultThreshold). Below it the mapping is reported, never applied.
	MappingThreshold float64
	// OCRConfidence is the word confidence below which an OCR value is low-confidence unless
	// an identity confirms it (default DefaultOCRConfidence, = ocr.LowConfidence).
	OCRConfidence float64
	// Alternatives are the OCR stage's other readings of doubtful numbers (IndexAlternatives
	// of the pages): candidates the identities choose among (resolve.go). nil: none.
	Alternatives AlternativeIndex
	// Split overrides the split-number geometry (nil: DefaultSplitSettings).
	Split *SplitSettings
}

// Normalize types, repairs, maps and checks the tables of one document. It never fails:
// a table that cannot be typed is reported as a Problem and the rest goes on.
func Normalize(doc *tables.Document, opts Options) *Document {
	out := &Document{File: doc.File, Pages: doc.Pages, DocKind: doc.DocKind, Issuer: doc.Issuer, Year: doc.Year, Problems: append([]tables.Problem(nil), doc.Problems...)}
	n, err := newNormalizer(doc, out, opts)
	if err != nil {
		out.Problems = append(out.Problems, problem.New(doc.File, 0, problem.Normalize, err))
		return out
	}
	for _, t := range doc.Tables {
		n.guard(fmt.Sprintf("table %d (%s)", t.Seq, t.Title), firstPage(t), func() { n.table(t) })
	}
	n.guard("identities", 0, n.check)
	for ti, t := range out.Tables {
		page := 0
		if len(t.Pages) > 0 {
			page = t.Pages[0]
		}
		n.guard(fmt.Sprintf("hierarchy of table %d (%s)", t.Seq, t.Title), page, func() { n.hierarchy(ti) })
	}
	n.guard("prose", 0, n.proseChecks)
	n.guard("ocr headers", 0, n.snapOCRHeaders)
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	return out
}

type normalizer struct {
	src    *tables.Document
	doc    *Document
	cat    *catalog.Catalog
	mapper *mapping.Mapper
	opts   Options
	split  *SplitSettings
	// pending are amount cells the geometry left with several readings.
	pending []*pendingCell
	// constraints collected by check, kept for choosing between readings.
	repaired map[cellKey]bool
	// aggregate marks cells that are sums of other printed cells (parents, totals).
	aggregate map[cellKey]bool
	// ocrTable marks the tables (indexes into doc.Tables) read from OCR words: their blank
	// and unreadable cells are readings too.
	ocrTable map[int]bool
	// alphabet is the set of characters of the catalog's names (see misreadLooking).
	alphabet map[rune]bool
	// unitRows marks, per table index, the rows of units in by-unit tables (see units.go).
	unitRows map[int]map[int]bool
	// colScale caches the largest printed scale of each (table, column) for the identities.
	colScale map[[2]int]int
	// formats are the cells printed in an unusual number format, reported per table.
	formats []formatSeen
	// leftTerms, rightTerms are eval's reused buffers.
	leftTerms, rightTerms []sumcheck.Term
	// alts are the OCR alternatives of one-line OCR amount cells (Options.Alternatives).
	alts map[cellKey][]extract.Alternative
	// cellCandidates are the candidate readings of doubtful cells resolveReadings could not
	// choose among, listed in their findings.
	cellCandidates map[cellKey][]string
}

type formatSeen struct {
	key    cellKey
	format string
}

type cellKey struct{ table, row, col int } // indexes into doc.Tables / Rows / Values

type pendingCell struct {
	key      cellKey
	readings []reading
	raw      string
	evidence string
}

var (
	userCatalogOnce sync.Once
	userCatalog     *catalog.Catalog
	userCatalogErr  error
)

// defaultCatalog is the embedded catalog merged with the user's store, loaded once.
func defaultCatalog() (*catalog.Catalog, error) {
	userCatalogOnce.Do(func() { userCatalog, userCatalogErr = catalog.Load("") })
	return userCatalog, userCatalogErr
}

// mapperCache keeps the mapper of the last catalog: a batch converts many documents with
// the same catalog and the index costs a few milliseconds to build.
var mapperCache struct {
	sync.Mutex
	cat *catalog.Catalog
	m   *mapping.Mapper
}

func newNormalizer(src *tables.Document, doc *Document, opts Options) (*normalizer, error) {
	if opts.MappingThreshold == 0 {
		opts.MappingThreshold = mapping.DefaultThreshold
	}
	split := &defaultSplit
	if opts.Split != nil {
		split = opts.Split
	}
	if opts.OCRConfidence == 0 {
		opts.OCRConfidence = DefaultOCRConfidence
	}
	cat := opts.Catalog
	if cat == nil {
		var err error
		if cat, err = defaultCatalog(); err != nil {
			return nil, err
		}
	}
	m, err := mapperFor(cat)
	if err != nil {
		return nil, err
	}
	return &normalizer{src: src, doc: doc, cat: cat, mapper: m, opts: opts, split: split, repaired: map[cellKey]bool{}, aggregate: map[cellKey]bool{}, ocrTable: map[int]bool{}, unitRows: map[int]map[int]bool{}, colScale: map[[2]int]int{},
		alts: map[cellKey][]extract.Alternative{}, cellCandidates: map[cellKey][]string{}}, nil
}

// mapperFor builds (once per catalog) the name mapper.
func mapperFor(cat *catalog.Catalog) (*mapping.Mapper, error) {
	mapperCache.Lock()
	defer mapperCache.Unlock()
	if mapperCache.cat == cat && mapperCache.m != nil {
		return mapperCache.m, nil
	}
	m, err := mapping.New(cat)
	if err != nil {
		return nil, err
	}
	mapperCache.cat, mapperCache.m = cat, m
	return m, nil
}

// guard runs f, turning a panic into a Problem naming the file and page: one bad table never
// takes the document down.
func (n *normalizer) guard(what string, page int, f func()) {
	defer func() {
		if r := recover(); r != nil {
			n.doc.Problems = append(n.doc.Problems, problem.Recovered(n.src.File, page, problem.Normalize, what, r, debug.Stack()))
		}
	}()
	f()
}

func firstPage(t *tables.Table) int {
	if len(t.Pages) > 0 {
		return t.Pages[0]
	}
	return 0
}

// table types one table.
func (n *normalizer) table(t *tables.Table) {
	ti := len(n.doc.Tables)
	nt := &Table{Seq: t.Seq, Kind: t.Kind, Title: t.Title, Number: t.Number, Unit: t.Unit, Pages: t.Pages,
		Columns: t.Columns, HeaderRows: t.HeaderRows, Empty: t.Empty, Notes: t.Notes, Regions: t.Regions}
	n.doc.Tables = append(n.doc.Tables, nt)
	n.ocrTable[ti] = t.Grid == "ocr"
	if nt.Unit == "" {
		nt.Unit = n.tableUnit(t)
	}
	typer := newTableTyper(t, nt.Unit)
	scheme := tableScheme(t)
	ctx := map[string]*assembleCtx{}
	for ri, r := range t.Rows {
		row := &Row{Seq: ri + 1, Side: r.Side, Page: r.Page, Values: make([]Value, len(t.Columns))}
		nt.Rows = append(nt.Rows, row)
		if ctx[r.Side] == nil {
			ctx[r.Side] = &assembleCtx{}
		}
		n.rowIdentity(t, r, row, ctx[r.Side], scheme)
		typer.observe(r)
		rc := typer.rowContext(r)
		for ci, col := range t.Columns {
			if ci >= len(r.Cells) {
				continue
			}
			cell := r.Cells[ci]
			row.Box = unionBox(row.Box, cellBox(cell, r.Page))
			if col.Role != tables.RoleAmount {
				row.Values[ci] = Value{Raw: cell.Text, Type: typer.cols[ci].typ}
				if row.Values[ci].Type == "" {
					row.Values[ci].Type = TypeText
				}
				continue
			}
			typ, unit := typer.cellType(r, rc, ci, cell.Text)
			row.Values[ci] = n.value(cellKey{ti, ri, ci}, cell, typ, unit, r.Page, t.Kind, signedColumn(col))
			if t.Grid == "ocr" && len(cell.Fragments) == 0 {
				// A blank cell of a scanned table: where the number would be, so that a
				// finding about a number OCR may have missed points at the image.
				v := &row.Values[ci]
				v.Source, v.Confidence = extract.SourceOCR, 0
				v.Box = blankCellBox(r, col)
			}
		}
		row.Kind = rowKind(row, t)
	}
	n.markUnitRows(ti, t)
	n.mapRows(nt, scheme)
	n.reportUnknownUnits(ti)
	n.reportFormats(ti)
}

// reportFormats reports, once per table and format, the cells read from an unusual but
// unambiguous number format (`120258,600`, full-width digits): info, about the reading.
func (n *normalizer) reportFormats(ti int) {
	count := map[string]int{}
	first := map[string]cellKey{}
	for _, f := range n.formats {
		if f.key.table != ti {
			continue
		}
		if count[f.format] == 0 {
			first[f.format] = f.key
		}
		count[f.format]++
	}
	for _, f := range sortedKeys(count) {
		k := first[f]
		v := n.doc.Tables[ti].Rows[k.row].Values[k.col]
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: rules.NumberFormat, Severity: SeverityInfo,
			Message: fmt.Sprintf("table %d: %d numbers printed with %s, read as such (first: %q = %s)", n.doc.Tables[ti].Seq, count[f], f, v.Raw, v.Amount),
			Printed: v.Raw, Expected: v.Amount.String(), Refs: []Ref{n.ref(k, v)}})
	}
}

// tableUnit is the unit of a table whose header line prints none: one its title prints
// (`…总表（万元）`), else, for a scanned table only, the unit every other table of the
// document prints (OCR can miss the small `单位：元` line; the finding says so). A text-layer
// table gets no unit from its neighbours: a 绩效 form in 元 beside 万元 tables is common, and
// its amounts are then unit_unknown rather than guessed.
func (n *normalizer) tableUnit(t *tables.Table) string {
	if lt := labelTyping(t.Title); lt.typ == TypeMoney {
		return lt.unit
	}
	if t.Grid != "ocr" || t.Kind == tables.KindPerformance || t.Kind == tables.KindOther {
		return ""
	}
	seen := map[string]bool{}
	for _, o := range n.src.Tables {
		if o.Unit != "" {
			seen[o.Unit] = true
		}
	}
	if len(seen) != 1 {
		return ""
	}
	u := sortedKeys(seen)[0]
	if !t.Empty && len(t.Rows) > 0 {
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unit_inferred", Severity: SeverityInfo,
			Message: fmt.Sprintf("table %d: no unit read on the scanned page; %s, the unit every other table of the document prints, assumed", t.Seq, u),
			Refs:    []Ref{{Table: t.Seq, Column: -1, Page: firstPage(t)}}})
	}
	return u
}

// value types one amount cell.
func (n *normalizer) value(k cellKey, cell tables.Cell, typ ValueType, unit string, page int, kind tables.Kind, signed bool) Value {
	v := Value{Raw: cell.Text, Type: typ, Unit: unit, Page: page, Box: cellBox(cell, page), Source: extract.SourceText, Confidence: 1}
	for i, f := range cell.Fragments {
		if i == 0 && f.Page != 0 {
			v.Page = f.Page
		}
		if f.Source == extract.SourceOCR {
			v.Source = extract.SourceOCR
		}
		if f.Confidence > 0 && f.Confidence < v.Confidence {
			v.Confidence = f.Confidence
		}
	}
	if strings.TrimSpace(cell.Text) == "" {
		return v
	}
	cr := readCell(cell, n.split)
	if cr.err != nil && typ != TypeMoney {
		// A number printed with its unit (`123人`, `12小时`) in a count or indicator column.
		if num, _, ok := unitSuffix(cell.Text); ok {
			if a, err := ParseAmount(num); err == nil {
				cr = cellReading{readings: []reading{{amount: a, text: num, how: "number and unit"}}, decided: true}
			}
		}
	}
	if cr.err != nil {
		if typ == TypeIndicator || typ == TypeText || typ == TypeDate || typ == TypeCode {
			return v // text by the column's type (`≥95%`, `有效`, `2026年全年`): not a number to read
		}
		// Words without a digit (`优`, `指标值`, a header line) in an amount column are text
		// the column also holds (绩效 tables grade with words): noted, not a warning. A
		// cell with digits that do not make a number is.
		sev := SeverityWarning
		if !strings.ContainsAny(foldWidth(cell.Text), "0123456789") || kind == tables.KindPerformance {
			sev = SeverityInfo
		}
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "unparsed_amount", Severity: sev,
			Message: fmt.Sprintf("%s: page %d: cell %q is not an amount: %v", n.src.File, v.Page, cell.Text, cr.err),
			Printed: cell.Text, Refs: []Ref{n.ref(k, v)}})
		return v
	}
	r := cr.readings[0]
	n.setAmount(&v, r.amount)
	if len(cell.Fragments) == 1 && cell.Fragments[0].Source == extract.SourceOCR {
		if alts := n.opts.Alternatives[AltKey{cell.Fragments[0].Page, cell.Fragments[0].Box}]; len(alts) > 0 {
			n.alts[k] = alts
		}
	}
	if f := r.amount.Format; f != "" {
		n.formats = append(n.formats, formatSeen{k, f})
	}
	if cr.joined {
		v.Repairs = append(v.Repairs, Repair{Kind: cr.kind, Before: cell.Text, After: v.Amount.String(), Evidence: cr.evidence})
		n.repaired[k] = true
	}
	if !cr.decided && len(cr.readings) > 1 {
		n.pending = append(n.pending, &pendingCell{key: k, readings: cr.readings, raw: cell.Text, evidence: cr.evidence})
	}
	// Cleared by the identity review when an identity holds exactly with the value. A minus
	// sign read by OCR is doubted whatever its confidence: budget amounts are rarely
	// negative, and a rule stroke or a seal's edge before a number reads as one.
	if v.Source == extract.SourceOCR && (v.Confidence < n.opts.OCRConfidence || v.Amount.Sign() < 0 && !signed) {
		v.LowConfidence = true
	}
	return v
}

// signedColumn reports a column whose header announces negative amounts (`结算追补…（负数为扣减
// 结余资金）`, 增减, 差额): a minus sign there is expected, not a doubt.
func signedColumn(c tables.Column) bool {
	p := strings.Join(c.Path, "")
	for _, w := range []string{"负数", "扣减", "增减", "差额", "减少", "调减"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// setAmount stores a reading and, for money in a known unit, its value in 元.
func (n *normalizer) setAmount(v *Value, a Amount) {
	v.Present = a.Present
	v.Amount = a.Value
	if a.Percent {
		v.Type, v.Unit = TypePercent, "%"
	}
	v.Yuan = nil
	if y, ok := yuanOf(v.Type, v.Unit, a.Value); ok && a.Present {
		v.Yuan = &y
	}
}

// blankCellBox is where a blank cell sits: its column's extent across the row's text.
func blankCellBox(r tables.Row, col tables.Column) extract.Box {
	var b extract.Box
	for _, c := range r.Cells {
		for _, f := range c.Fragments {
			if f.Page == r.Page {
				b = unionBox(b, f.Box)
			}
		}
	}
	if b == (extract.Box{}) || col.X1 <= col.X0 {
		return b // columns are measured on the table's first page; continuation pages of a scan line up closely
	}
	return extract.Box{X0: col.X0, Y0: b.Y0, X1: col.X1, Y1: b.Y1}
}

func cellBox(c tables.Cell, page int) extract.Box {
	var b extract.Box
	for _, f := range c.Fragments {
		if f.Page == page || page == 0 {
			b = unionBox(b, f.Box)
		}
	}
	return b
}

// ref points at a value.
func (n *normalizer) ref(k cellKey, v Value) Ref {
	t := n.doc.Tables[k.table]
	r := Ref{Table: t.Seq, Row: k.row + 1, Column: k.col, Page: v.Page, Box: v.Box}
	if k.row < len(t.Rows) {
		row := t.Rows[k.row]
		r.Code, r.Name = row.Code, row.Name
		if r.Page == 0 {
			r.Page = row.Page
		}
	}
	if k.col >= 0 && k.col < len(t.Columns) {
		r.Path = strings.Join(t.Columns[k.col].Path, "/")
	}
	return r
}
