package ocr

import "testing"

// TestVoteChars: the Changsha scan's names as the variants read them (ocr/reread.go): the
// recurring reading wins per character, a split vote keeps the first reading.
func TestVoteChars(t *testing.T) {
	v := func(s string, w float64) vote { return vote{text: []rune(s), weight: w} }
	for _, tc := range []struct {
		name  string
		votes []vote
		want  string
		ok    bool
	}{
		{"辖 by confidence", []vote{v("级及所烷区", 0.84), v("级及所皖区", 0.65), v("级及所达区", 0.77), v("级及所棕区", 0.71),
			v("级及所棕区", 0.76), v("级及所辖区", 0.99), v("级及所辖区", 0.99), v("级及所术区", 0.72)}, "级及所辖区", true},
		{"蓉 by count", []vote{v("芙营区", 0.94), v("芙蓉区", 0.97), v("芙鞭区", 0.88), v("芙蓉区", 0.96), v("芙艺区", 0.96),
			v("芙营区", 0.94), v("鞭艺区", 0.88), v("芙蓉区", 0.94)}, "芙蓉区", true},
		{"split stays", []vote{v("项区区（汀", 0.84), v("项花区（湘", 0.91), v("项楷区（湘", 0.92), v("项巷区（湘", 0.90),
			v("项区区（湘", 0.93), v("项敬区（湘", 0.91), v("苦区区（湘", 0.87), v("苦楷区（湘", 0.91)}, "", false},
		{"noise only", []vote{v("一上", 0.55), v("元", 0.5)}, "", false},
	} {
		got, conf, ok := voteChars(tc.votes)
		if got != tc.want || ok != tc.ok || ok && (conf <= 0 || conf > 1) {
			t.Errorf("%s: %q %.2f %v, want %q %v", tc.name, got, conf, ok, tc.want, tc.ok)
		}
	}
}

// TestSqueezeGaps: wide gaps between ink shrink to the kept width, narrow ones and the
// margins stay.
func TestSqueezeGaps(t *testing.T) {
	// Ink columns at 3–4, 15 and 18; the 10-column gap shrinks to 2, the 2-column one stays.
	g := newGray(22, 3)
	for i := range g.pix {
		g.pix[i] = 255
	}
	for _, x := range []int{3, 4, 15, 18} {
		g.pix[1*g.w+x] = 0
	}
	r := g.squeezeGaps(4, 2)
	if r.w != 22-10+2 {
		t.Fatalf("width %d, want %d", r.w, 14)
	}
	var ink []int
	for x := 0; x < r.w; x++ {
		if r.pix[1*r.w+x] == 0 {
			ink = append(ink, x)
		}
	}
	if want := []int{3, 4, 7, 10}; len(ink) != 4 || ink[0] != want[0] || ink[1] != want[1] || ink[2] != want[2] || ink[3] != want[3] {
		t.Errorf("ink at %v, want %v", ink, want)
	}
}
