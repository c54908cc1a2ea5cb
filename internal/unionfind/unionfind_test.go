package unionfind

import "testing"

func TestSets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		unions [][2]int
		same   [][2]int
		apart  [][2]int
	}{
		{"singletons", 3, nil, nil, [][2]int{{0, 1}, {1, 2}}},
		{"chain", 5, [][2]int{{0, 1}, {1, 2}, {3, 4}}, [][2]int{{0, 2}, {3, 4}}, [][2]int{{2, 3}}},
		{"joined twice", 4, [][2]int{{0, 1}, {1, 0}, {2, 3}, {0, 3}}, [][2]int{{1, 2}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(tc.n)
			for _, u := range tc.unions {
				s.Union(u[0], u[1])
			}
			for _, p := range tc.same {
				if s.Find(p[0]) != s.Find(p[1]) {
					t.Errorf("%d and %d are apart, want one set", p[0], p[1])
				}
			}
			for _, p := range tc.apart {
				if s.Find(p[0]) == s.Find(p[1]) {
					t.Errorf("%d and %d share a set, want apart", p[0], p[1])
				}
			}
		})
	}
	// Union makes b's representative stand for both: callers key their groups by it.
	s := New(2)
	s.Union(0, 1)
	if s.Find(0) != 1 {
		t.Errorf("Find(0) = %d after Union(0, 1), want 1", s.Find(0))
	}
}
