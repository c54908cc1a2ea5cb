package interval

import "testing"

func TestCovered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spans []Span[int]
		want  int
	}{
		{"none", nil, 0},
		{"one", []Span[int]{{2, 5}}, 3},
		{"disjoint", []Span[int]{{8, 10}, {0, 3}}, 5},
		{"overlapping", []Span[int]{{0, 4}, {2, 6}, {5, 7}}, 7},
		{"nested", []Span[int]{{0, 10}, {2, 3}}, 10},
		{"touching", []Span[int]{{0, 2}, {2, 4}}, 4},
		{"empty spans ignored", []Span[int]{{5, 5}, {7, 6}, {0, 1}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Covered(tc.spans); got != tc.want {
				t.Errorf("Covered = %d, want %d", got, tc.want)
			}
		})
	}
	if got := Covered([]Span[float64]{{0.5, 1.5}, {1, 2.25}}); got != 1.75 {
		t.Errorf("Covered(float) = %v, want 1.75", got)
	}
}

func TestShare(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spans  []Span[int]
		lo, hi int
		want   float64
	}{
		{"empty edge", []Span[int]{{0, 10}}, 5, 5, 0},
		{"none", nil, 0, 10, 0},
		{"whole edge, spans reaching past it", []Span[int]{{-5, 4}, {4, 20}}, 0, 10, 1},
		{"half, clipped", []Span[int]{{-3, 2}, {7, 13}}, 0, 10, 0.5},
		{"overlap counted once", []Span[int]{{2, 6}, {4, 8}}, 0, 10, 0.6},
		{"outside", []Span[int]{{11, 20}}, 0, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Share(tc.spans, tc.lo, tc.hi); got != tc.want {
				t.Errorf("Share = %v, want %v", got, tc.want)
			}
		})
	}
	if got := Share([]Span[float64]{{0.5, 1.5}}, 1, 3); got != 0.25 {
		t.Errorf("Share(float) = %v, want 0.25", got)
	}
}
