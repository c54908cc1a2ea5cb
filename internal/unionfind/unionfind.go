// Package unionfind is a disjoint-set forest over 0..n-1. The grid readers (ocr, tables)
// join crossing rulings and merged cells with it; one copy keeps their groupings alike.
package unionfind

// Sets partitions 0..n-1; every element starts in a set of its own.
type Sets struct{ parent []int }

// New returns n singleton sets.
func New(n int) *Sets {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return &Sets{parent: p}
}

// Find returns the representative of i's set (path halving keeps the trees flat).
func (s *Sets) Find(i int) int {
	for s.parent[i] != i {
		s.parent[i] = s.parent[s.parent[i]]
		i = s.parent[i]
	}
	return i
}

// Union joins a's set to b's: b's representative stands for both.
func (s *Sets) Union(a, b int) {
	if ra, rb := s.Find(a), s.Find(b); ra != rb {
		s.parent[ra] = rb
	}
}
