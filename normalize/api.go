package normalize

import (
	"fmt"
	"runtime/debug"
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
	// UnverifiedConfidence is the OCR confidence below which an amount no identity checks is
	// flagged ocr_unverified (default DefaultUnverifiedConfidence; unverified.go).
	UnverifiedConfidence float64
	// Alternatives are the OCR stage's other readings of doubtful numbers (IndexAlternatives
	// of the pages): candidates the identities choose among (resolve.go). nil: none.
	Alternatives AlternativeIndex
	// Obscured are the OCR stage's regions of ink it removed or could not read, by page
	// (IndexObscured of the pages): a blank amount cell under one is flagged. nil: none.
	Obscured map[int][]extract.Box
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
	n.guard("ocr lost labels", 0, n.flagLostLabels)
	n.guard("ocr missing header levels", 0, n.flagMissingUpperLevels)
	n.guard("unlabelled rows", 0, n.reportUnlabelled)
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
	if opts.UnverifiedConfidence == 0 {
		opts.UnverifiedConfidence = DefaultUnverifiedConfidence
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
				n.flagObscured(cellKey{ti, ri, ci}, *v)
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
