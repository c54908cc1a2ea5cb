// Package mapping maps a subject name (科目名称, as printed) to catalog codes with a
// confidence: exact match after normalisation first, then token overlap (gse segmentation
// with a domain dictionary, IDF-weighted) and edit similarity, constrained by the parent
// code, the level and the scheme when the caller knows them.
//
// The segmenter loads only normalize/catalog/dict.txt (the words of gse's dictionary that
// occur in catalog names, ~500 words): gse.NewEmbed("zh") would add 32 MB to the binary and
// take 2 s and 300 MB to load, for words no subject name uses.
package mapping

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/budgetpdf/budgetpdf/internal/editdist"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
)

// DefaultThreshold is the confidence at and above which a mapping is trusted (measured in
// docs/normalize.md: no wrong mapping above it on the corpus, the seed and the fixtures).
const DefaultThreshold = 0.8

// Query narrows the candidates. Zero fields do not constrain.
type Query struct {
	Parent string // the code of the row's parent (20103 for a 项 under it)
	Level  int    // 1 类, 2 款, 3 项
	Scheme string // catalog.Functional, catalog.Economic, ...
}

// Match is one candidate code.
type Match struct {
	Code  string
	Name  string  // the catalog's preferred name for Code
	Via   string  // the variant that matched best
	Score float64 // similarity of the name to Via in [0,1]
	// Confidence is Score discounted by how close the best other code came: two codes that
	// fit equally well (行政运行 without a parent) give 0.
	Confidence float64
	Exact      bool // equal after normalisation
	// Doubt, when set, is why Confidence was capped at DoubtCap (no parent code to narrow a
	// name that could be another code's).
	Doubt string
}

// Mapper holds the catalog's names, segmented.
type Mapper struct {
	cat   *catalog.Catalog
	seg   *gse.Segmenter
	idf   map[string]float64
	cands []cand

	mu    sync.Mutex
	cache map[cacheKey][]Match
}

type cand struct {
	entry  *catalog.Entry
	key    string
	runes  []rune
	tokens tokenSet
	weight float64 // kind of evidence: official names 1, one-document printed forms less
	name   string
}

var (
	segOnce sync.Once
	segErr  error
	shared  *gse.Segmenter
)

// segmenter returns the process-wide segmenter over the domain dictionary.
func segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		s := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
		segErr = s.LoadDictStr(catalog.Dictionary())
		shared = s
	})
	return shared, segErr
}

// New indexes a catalog. Only expenditure schemes are mapped to.
func New(cat *catalog.Catalog) (*Mapper, error) {
	seg, err := segmenter()
	if err != nil {
		return nil, err
	}
	m := &Mapper{cat: cat, seg: seg, idf: map[string]float64{}, cache: map[cacheKey][]Match{}}
	df := map[string]int{}
	for _, e := range cat.Entries() {
		if e.Scheme == catalog.Revenue || e.Level == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, v := range e.Variants {
			k := catalog.NameKey(v.Name)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			c := cand{entry: e, key: k, runes: []rune(k), tokens: m.tokens(k), weight: variantWeight(v), name: v.Name}
			for _, t := range c.tokens.list {
				df[t]++
			}
			m.cands = append(m.cands, c)
		}
	}
	n := float64(len(m.cands) + 1)
	for t, d := range df {
		m.idf[t] = math.Log(n / float64(d))
	}
	return m, nil
}

// variantWeight ranks evidence: official and multi-source names are full weight; a form one
// document prints (typos included) or that was learned once counts a little less, so an
// official name wins a tie.
func variantWeight(v catalog.Variant) float64 {
	switch v.Kind {
	case catalog.KindImported, catalog.KindCanonical, catalog.KindAlias:
		return 1
	case catalog.KindLearned:
		if v.Count >= 3 {
			return 0.98
		}
		return 0.95
	}
	if len(v.Sources) >= 2 {
		return 0.99
	}
	return 0.96
}

// tokens segments a name key into words (single CJK characters where the dictionary has no
// word) and drops the generic words every name shares.
func (m *Mapper) tokens(key string) tokenSet {
	ts := tokenSet{set: map[string]bool{}}
	for _, w := range m.seg.Cut(key) {
		w = strings.TrimSpace(w)
		if w == "" || w == "(" || w == ")" || ts.set[w] {
			continue
		}
		ts.set[w] = true
		ts.list = append(ts.list, w)
	}
	slices.Sort(ts.list)
	return ts
}

// tokenSet is a name's tokens, as a set and in sorted order: scores sum float weights over
// the list, so that they come out bit for bit the same in every run (a sum in map order
// differs in the last bits, enough to swap two candidates whose names tie, as 22904 and 22999
// did in one run of a Chongqing document).
type tokenSet struct {
	set  map[string]bool
	list []string
}

// Map returns the candidates for name, best first (at most limit; 0 = 5).
func (m *Mapper) Map(name string, q Query, limit int) []Match {
	if limit <= 0 {
		limit = 5
	}
	key := catalog.NameKey(name)
	if key == "" {
		return nil
	}
	// The same subjects recur in every table of a document and in every document of a
	// batch: answers are cached per (name, query).
	ck := cacheKey{key, q}
	m.mu.Lock()
	cached, ok := m.cache[ck]
	m.mu.Unlock()
	if !ok {
		cached = m.match(key, q)
		m.mu.Lock()
		if len(m.cache) >= maxCache {
			clear(m.cache)
		}
		m.cache[ck] = cached
		m.mu.Unlock()
	}
	if len(cached) > limit {
		cached = cached[:limit]
	}
	return append([]Match(nil), cached...)
}

// maxCache bounds the answer cache (a batch of thousands of documents still reuses most).
const maxCache = 1 << 16

type cacheKey struct {
	key string
	q   Query
}

// match scores every admissible candidate for a name key.
func (m *Mapper) match(key string, q Query) []Match {
	const limit = 5
	qr := []rune(key)
	qt := m.tokens(key)
	best := map[string]Match{}
	for i := range m.cands {
		c := &m.cands[i]
		e := c.entry
		if q.Scheme != "" && e.Scheme != q.Scheme || q.Level != 0 && e.Level != q.Level || q.Parent != "" && e.Parent != q.Parent {
			continue
		}
		s, exact := m.similarity(key, qr, qt, c)
		s *= c.weight
		if b, ok := best[e.Code]; !ok || s > b.Score {
			best[e.Code] = Match{Code: e.Code, Name: e.Name, Via: c.name, Score: s, Exact: exact}
		}
	}
	out := make([]Match, 0, len(best))
	for _, b := range best {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Code < out[j].Code
	})
	for i := range out {
		other := 0.0
		if i == 0 && len(out) > 1 {
			other = out[1].Score
		} else if i > 0 {
			other = out[0].Score
		}
		out[i].Confidence = confidence(out[i].Score, other)
	}
	// An exact match that no other code shares is as good as it gets, however close some
	// fuzzy neighbour came (机关事业单位基本养老保险缴费支出 vs …职业年金缴费支出).
	if len(out) > 0 && out[0].Exact && (len(out) == 1 || !out[1].Exact) {
		out[0].Confidence = max(out[0].Confidence, round3(0.95*out[0].Score+0.05))
	}
	if q.Parent == "" && len(out) > 0 {
		if why := m.doubt(key, out[0], q); why != "" {
			out[0].Confidence = min(out[0].Confidence, DoubtCap)
			out[0].Doubt = why
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// DoubtCap is the confidence a mapping without a parent code keeps when the name could
// belong elsewhere (see doubt): below DefaultThreshold, so it is reported, never applied.
const DoubtCap = 0.75

// doubt says why the best match of a name whose parent is unknown may be another code that
// the catalog does not know or that the name only partly shows; "" when there is no doubt.
// The catalog is partial (a name attested only by one document can be missing), so without
// a parent an answer is trusted only when the name is itself a known name, no other code
// bears it in any scheme or level, and no other code's name continues it.
func (m *Mapper) doubt(key string, b Match, q Query) string {
	if !b.Exact {
		if q.Level == 0 {
			return "a similar name, not a known one, and neither parent nor level to narrow it"
		}
		return ""
	}
	qr := []rune(key)
	for i := range m.cands {
		c := &m.cands[i]
		if c.entry.Code == b.Code {
			continue
		}
		if q.Level == 0 && c.entry.Code == parentOf(b.Code) {
			// 信访业务 is 2014004's name and one character off its 款 信访事务: a document
			// printing it without a code may mean either.
			if editdist.Levenshtein(qr, c.runes) <= 1 {
				return "the name is one character off its parent's, " + c.entry.Code + " " + c.name
			}
		}
		if q.Level == 0 && c.key == key {
			return "the name is also " + c.entry.Code + "'s (" + c.entry.Scheme + ")"
		}
		if (q.Scheme == "" || c.entry.Scheme == q.Scheme) && len(c.key) > len(key) && strings.HasPrefix(c.key, key) {
			return "the name may be cut short: " + c.entry.Code + " " + c.name + " continues it"
		}
	}
	return ""
}

// Best is Map's first candidate (zero Match when there is none).
func (m *Mapper) Best(name string, q Query) Match {
	ms := m.Map(name, q, 2)
	if len(ms) == 0 {
		return Match{}
	}
	return ms[0]
}

// confidence discounts a score by the runner-up: a margin of 0.25 or more keeps the score,
// no margin gives 0.
func confidence(score, other float64) float64 {
	if score <= 0 {
		return 0
	}
	margin := (score - other) / 0.25
	if margin > 1 {
		margin = 1
	}
	if margin < 0 {
		margin = 0
	}
	return round3(score * margin)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// similarity scores a query against one candidate name.
func (m *Mapper) similarity(key string, qr []rune, qt tokenSet, c *cand) (float64, bool) {
	if key == c.key {
		return 1, true
	}
	// `政府办公厅及相关机构事务` for `政府办公厅（室）及相关机构事务`: equal but for a bracket.
	if stripBrackets(key) == stripBrackets(c.key) {
		return 0.95, false
	}
	// A name cut off by the cell width (`文化旅游体育与传媒支`) is a prefix of the full name.
	// It is also how a 款 name relates to its own 其他…支出 项, so a prefix alone stays
	// below the threshold: reported, never applied.
	if len(qr) >= 5 && len(qr) < len(c.runes) && strings.HasPrefix(c.key, key) {
		return 0.7 + 0.09*float64(len(qr))/float64(len(c.runes)), false
	}
	dice := m.dice(qt, c.tokens)
	edit := 1 - float64(editdist.Levenshtein(qr, c.runes))/float64(max(len(qr), len(c.runes)))
	s := 0.5*dice + 0.5*edit
	// 其他… names are the residual 项/款 of their parent: never the parent itself.
	if strings.HasPrefix(key, "其他") != strings.HasPrefix(c.key, "其他") {
		s *= 0.8
	}
	return s, false
}

// dice is the IDF-weighted Dice coefficient of two token sets.
func (m *Mapper) dice(a, b tokenSet) float64 {
	var wa, wb, common float64
	for _, t := range a.list {
		w := m.weightOf(t)
		wa += w
		if b.set[t] {
			common += w
		}
	}
	for _, t := range b.list {
		wb += m.weightOf(t)
	}
	if wa+wb == 0 {
		return 0
	}
	return 2 * common / (wa + wb)
}

func (m *Mapper) weightOf(t string) float64 {
	if w, ok := m.idf[t]; ok {
		return w + 0.1
	}
	// A token no catalog name has: as rare as it gets.
	return math.Log(float64(len(m.cands)+1)) + 0.1
}

// stripBrackets removes parenthesised parts of a key (keys use ASCII brackets).
func stripBrackets(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RuneLen is a helper for callers that gate on name length.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// parentOf is the code one level up ("" for a 类).
func parentOf(code string) string {
	if len(code) > 3 {
		return code[:len(code)-2]
	}
	return ""
}
