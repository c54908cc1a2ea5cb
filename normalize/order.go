package normalize

import (
	"cmp"
	"iter"
	"maps"
	"slices"
)

// sortedKeys returns a map's keys in order: identities (and so findings and their numbers)
// must come out the same on every run, and Go's map order is random.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K { return slices.Sorted(maps.Keys(m)) }

// inKeyOrder ranges over a map in key order (for code, row := range inKeyOrder(rows)).
func inKeyOrder[K cmp.Ordered, V any](m map[K]V) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, k := range sortedKeys(m) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
