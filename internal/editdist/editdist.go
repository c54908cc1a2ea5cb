// Package editdist holds the edit distances the stages compare text with (OCR readings
// against labels, names against the catalog): one implementation, shared.
package editdist

// Levenshtein is the number of single-rune insertions, deletions and substitutions that turn
// a into b.
func Levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Weighted is the edit distance from a to b where deleting a rune of a for which cheapDel
// holds, or substituting one for which cheapSub holds, costs half (an OCR reading's stray
// Latin letters match nothing for sure); insertions cost 1.
func Weighted(a, b []rune, cheapDel, cheapSub func(rune) bool) float64 {
	prev := make([]float64, len(b)+1)
	cur := make([]float64, len(b)+1)
	for j := range prev {
		prev[j] = float64(j)
	}
	for i := 1; i <= len(a); i++ {
		del := 1.0
		if cheapDel(a[i-1]) {
			del = 0.5
		}
		cur[0] = prev[0] + del
		for j := 1; j <= len(b); j++ {
			sub := 0.0
			if a[i-1] != b[j-1] {
				sub = 1
				if cheapSub(a[i-1]) {
					sub = 0.5
				}
			}
			cur[j] = min(prev[j-1]+sub, prev[j]+del, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
