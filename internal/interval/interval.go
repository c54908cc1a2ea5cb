// Package interval measures unions of intervals on a line: how much of a cell edge the
// ruling lines cover (tables in points, ocr in pixels) is one computation for both.
package interval

import (
	"cmp"
	"slices"
)

// Number is a coordinate: pixels (int) or points (float64).
type Number interface{ ~int | ~float64 }

// Span is the interval [Lo, Hi]; a span with Hi <= Lo is empty.
type Span[T Number] struct{ Lo, Hi T }

// Covered is the length of the union of spans: overlapping spans count once. It sorts
// spans in place.
func Covered[T Number](spans []Span[T]) T {
	spans = slices.DeleteFunc(spans, func(s Span[T]) bool { return s.Hi <= s.Lo })
	if len(spans) == 0 {
		return 0
	}
	slices.SortFunc(spans, func(x, y Span[T]) int { return cmp.Compare(x.Lo, y.Lo) })
	var total T
	lo, hi := spans[0].Lo, spans[0].Hi
	for _, s := range spans[1:] {
		if s.Lo > hi {
			total += hi - lo
			lo, hi = s.Lo, s.Hi
		} else if s.Hi > hi {
			hi = s.Hi
		}
	}
	return total + hi - lo
}

// Share is the fraction of [lo, hi] that the spans cover, each clipped to [lo, hi]: how
// much of a cell edge the ruling lines at it draw. It is 0 for an empty [lo, hi] and
// clips spans in place.
func Share[T Number](spans []Span[T], lo, hi T) float64 {
	if hi <= lo {
		return 0
	}
	for i := range spans {
		spans[i].Lo, spans[i].Hi = max(spans[i].Lo, lo), min(spans[i].Hi, hi)
	}
	return float64(Covered(spans)) / float64(hi-lo)
}
