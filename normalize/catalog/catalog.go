package catalog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/budgetpdf/budgetpdf/internal/safetext"
)

// Schemes (the code's classification).
const (
	Functional  = "functional"   // 支出功能分类 201 / 20103 / 2010301
	Economic    = "economic"     // 部门预算支出经济分类 301 / 30101
	EconomicGov = "economic_gov" // 政府预算支出经济分类 501 / 50101
	Revenue     = "revenue"      // 收入分类 101 / 10101 / ... (accepted on import, not mapped)
)

// Variant kinds, strongest first.
const (
	KindImported  = "imported"  // from an official catalog file the user imported
	KindCanonical = "canonical" // the name the newest attesting document prints
	KindAlias     = "alias"     // an older or regional official name
	KindPrinted   = "printed"   // a form some document prints (typos and short forms included)
	KindLearned   = "learned"   // learned from documents the user converted
)

// Variant is one name attested for a code.
type Variant struct {
	Name    string
	Kind    string
	Sources []string // where it is printed (repository@commit:path, URL, corpus file, ...)
	Count   int      // how many times it was seen (learned entries; 0 = not counted)
	Edition int      // newest document year that prints it, 0 when unknown
}

// Entry is one code.
type Entry struct {
	Scheme   string
	Code     string
	Level    int // 1 类, 2 款, 3 项 (4 目 for revenue)
	Parent   string
	Name     string // preferred name: imported > canonical > most attested
	Variants []Variant
}

// Catalog is an immutable set of entries with a name index.
type Catalog struct {
	entries map[string]*Entry
	byKey   map[string][]string // NameKey(variant) → codes
	sorted  []*Entry
}

//go:embed catalog.csv
var embeddedCSV []byte

var (
	embeddedOnce sync.Once
	embedded     *Catalog
	embeddedErr  error
)

// Embedded returns the catalog compiled into the binary.
func Embedded() (*Catalog, error) {
	embeddedOnce.Do(func() { embedded, embeddedErr = ParseEmbedded() })
	return embedded, embeddedErr
}

// ParseEmbedded builds the embedded catalog afresh (Embedded caches it; benchmarks measure
// this).
func ParseEmbedded() (*Catalog, error) {
	rows, err := ReadRows(bytes.NewReader(embeddedCSV))
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	return Build(rows), nil
}

// Row is one line of a catalog CSV: a (code, name variant) pair with its evidence.
type Row struct {
	Scheme  string
	Code    string
	Name    string
	Kind    string
	Edition int
	Count   int
	Sources []string
}

// Header is the CSV header of catalog.csv, imported.csv and learned.csv.
var Header = []string{"scheme", "code", "name", "kind", "edition", "count", "sources"}

// SourceSep separates sources inside the sources column.
const SourceSep = " | "

// ReadRows parses a catalog CSV.
func ReadRows(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(Header)
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(Header, ",") {
		return nil, fmt.Errorf("catalog csv: header must be %s", strings.Join(Header, ","))
	}
	rows := make([]Row, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		for j := range rec {
			rec[j] = safetext.CSVUnescape(rec[j]) // WriteRows quotes formula-like text
		}
		ed, err1 := atoiEmpty(rec[4])
		n, err2 := atoiEmpty(rec[5])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("catalog csv line %d: bad edition or count", i+2)
		}
		var srcs []string
		if rec[6] != "" {
			srcs = strings.Split(rec[6], SourceSep)
		}
		rows = append(rows, Row{Scheme: rec[0], Code: rec[1], Name: rec[2], Kind: rec[3], Edition: ed, Count: n, Sources: srcs})
	}
	return rows, nil
}

// WriteRows writes rows in the catalog CSV format.
func WriteRows(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, r := range rows {
		// Names and sources come from imported files: quoted so a spreadsheet opening the
		// catalog does not run them as formulas (docs/OUTPUT.md); ReadRows undoes it.
		rec := []string{safetext.CSVText(r.Scheme), safetext.CSVText(r.Code), safetext.CSVText(r.Name), safetext.CSVText(r.Kind),
			itoaEmpty(r.Edition), itoaEmpty(r.Count), safetext.CSVText(strings.Join(r.Sources, SourceSep))}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func atoiEmpty(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

func itoaEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

var kindRank = map[string]int{KindImported: 0, KindCanonical: 1, KindAlias: 2, KindPrinted: 3, KindLearned: 4}

// Build indexes rows; several rows for the same (code, name) merge their evidence, keeping
// the strongest kind.
func Build(rows []Row) *Catalog {
	c := &Catalog{entries: map[string]*Entry{}, byKey: map[string][]string{}}
	for _, r := range rows {
		if r.Code == "" || r.Name == "" {
			continue
		}
		e := c.entries[r.Code]
		if e == nil {
			lvl, parent := LevelOf(r.Code, r.Scheme)
			e = &Entry{Scheme: r.Scheme, Code: r.Code, Level: lvl, Parent: parent}
			c.entries[r.Code] = e
		}
		merged := false
		for i := range e.Variants {
			v := &e.Variants[i]
			if v.Name != r.Name {
				continue
			}
			if kindRank[r.Kind] < kindRank[v.Kind] {
				v.Kind = r.Kind
			}
			v.Sources = appendUnique(v.Sources, r.Sources...)
			v.Count += r.Count
			v.Edition = max(v.Edition, r.Edition)
			merged = true
			break
		}
		if !merged {
			e.Variants = append(e.Variants, Variant{Name: r.Name, Kind: r.Kind, Sources: append([]string(nil), r.Sources...), Count: r.Count, Edition: r.Edition})
		}
	}
	for _, e := range c.entries {
		sort.SliceStable(e.Variants, func(i, j int) bool {
			a, b := e.Variants[i], e.Variants[j]
			if kindRank[a.Kind] != kindRank[b.Kind] {
				return kindRank[a.Kind] < kindRank[b.Kind]
			}
			if len(a.Sources)+a.Count != len(b.Sources)+b.Count {
				return len(a.Sources)+a.Count > len(b.Sources)+b.Count
			}
			return a.Name < b.Name
		})
		e.Name = e.Variants[0].Name
		seen := map[string]bool{}
		for _, v := range e.Variants {
			k := NameKey(v.Name)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			c.byKey[k] = append(c.byKey[k], e.Code)
		}
		c.sorted = append(c.sorted, e)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Code < c.sorted[j].Code })
	return c
}

// Rows returns the catalog as rows again (one per variant), in code order.
func (c *Catalog) Rows() []Row {
	var rows []Row
	for _, e := range c.sorted {
		for _, v := range e.Variants {
			rows = append(rows, Row{Scheme: e.Scheme, Code: e.Code, Name: v.Name, Kind: v.Kind, Edition: v.Edition, Count: v.Count, Sources: v.Sources})
		}
	}
	return rows
}

// Filter returns a catalog without the evidence keep rejects (used to measure the mapping
// without the document under test: leave-one-out). Variants left without evidence vanish,
// and so do entries left without variants.
func (c *Catalog) Filter(keep func(source string) bool) *Catalog {
	var rows []Row
	for _, r := range c.Rows() {
		var srcs []string
		for _, s := range r.Sources {
			if keep(s) {
				srcs = append(srcs, s)
			}
		}
		if len(srcs) == 0 && (len(r.Sources) > 0) {
			continue
		}
		r.Sources = srcs
		rows = append(rows, r)
	}
	return Build(rows)
}

// Merge returns a catalog holding the rows of c followed by more (e.g. the user's imported
// and learned entries over the embedded ones).
func (c *Catalog) Merge(more []Row) *Catalog {
	if len(more) == 0 {
		return c
	}
	rows := append(c.Rows(), more...)
	return Build(rows)
}

// Lookup returns the entry for a code.
func (c *Catalog) Lookup(code string) (*Entry, bool) {
	e, ok := c.entries[code]
	return e, ok
}

// ByKey returns the codes one of whose names has this NameKey.
func (c *Catalog) ByKey(key string) []string { return c.byKey[key] }

// Entries returns every entry in code order.
func (c *Catalog) Entries() []*Entry { return c.sorted }

// Children returns the entries one level below code ("" for the 类 of a scheme).
func (c *Catalog) Children(code, scheme string) []*Entry {
	var out []*Entry
	for _, e := range c.sorted {
		if e.Parent == code && (code != "" || e.Scheme == scheme) {
			out = append(out, e)
		}
	}
	return out
}

// Len is the number of codes.
func (c *Catalog) Len() int { return len(c.sorted) }

// HasName reports whether name (compared by NameKey) is attested for code.
func (e *Entry) HasName(name string) bool {
	k := NameKey(name)
	for _, v := range e.Variants {
		if NameKey(v.Name) == k {
			return true
		}
	}
	return false
}

// SchemeOf guesses a code's scheme from its digits.
func SchemeOf(code string) string {
	if code == "" {
		return ""
	}
	switch code[0] {
	case '1':
		return Revenue
	case '2':
		return Functional
	case '3':
		return Economic
	case '5':
		return EconomicGov
	}
	return ""
}

// LevelOf returns the level and parent code of a code of the given scheme; level 0 when the
// digits do not fit the scheme's shape.
func LevelOf(code, scheme string) (int, string) {
	switch scheme {
	case Functional, Revenue:
		switch len(code) {
		case 3:
			return 1, ""
		case 5:
			return 2, code[:3]
		case 7:
			return 3, code[:5]
		case 9:
			if scheme == Revenue {
				return 4, code[:7]
			}
		}
	case Economic, EconomicGov:
		switch len(code) {
		case 3:
			return 1, ""
		case 5:
			return 2, code[:3]
		}
	}
	return 0, ""
}

func appendUnique(dst []string, src ...string) []string {
	for _, s := range src {
		found := false
		for _, d := range dst {
			if d == s {
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, s)
		}
	}
	return dst
}

//go:embed dict.txt
var dictTxt string

// Dictionary is the gse segmentation dictionary (`word freq pos` lines) built from the words
// of gse's Chinese dictionary that occur in catalog names.
func Dictionary() string { return dictTxt }
