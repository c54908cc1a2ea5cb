package editdist

import "testing"

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "行政运行", 4},
		{"行政运行", "", 4},
		{"行政运行", "行政运行", 0},
		{"一般公共预算", "版公共预算", 2}, // OCR: 一般 → 版
		{"其它支出", "其他支出", 1},
		{"公务接待费", "公务接待", 1},
		{"kitten", "sitting", 3},
	} {
		if got := Levenshtein([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestWeighted(t *testing.T) {
	latin := func(r rune) bool { return r < 0x80 }
	never := func(rune) bool { return false }
	for _, c := range []struct {
		a, b          string
		cheapDel, sub func(rune) bool
		want          float64
	}{
		{"因公出国（境）Be", "因公出国（境）费", latin, latin, 1}, // B for 费 half, e deleted half
		{"因公出国（境）芒", "因公出国（境）费", latin, latin, 1},  // a Chinese misread costs a whole edit
		{"公务接待费", "公务接待费", latin, latin, 0},
		{"公务接待费", "公务接待", latin, latin, 1},  // a Chinese rune deleted
		{"FH行政运行", "行政运行", latin, latin, 1}, // two stray letters deleted at half each
		{"FH行政运行", "行政运行", never, never, 2}, // the same, at full cost
		{"", "费", latin, latin, 1},          // insertions always cost 1
	} {
		if got := Weighted([]rune(c.a), []rune(c.b), c.cheapDel, c.sub); got != c.want {
			t.Errorf("Weighted(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
