package ocr

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// editRef is digitBank.edit as it was before issue 11's rewrite (every pair's distance
// computed in each pass, every neighbour list sorted): the rewrite must keep the same
// examples and the same distances.
func (db *digitBank) editRef() {
	type nb struct {
		d     float64
		digit int
	}
	keep := make([]bool, len(db.ex))
	var near []float64
	for i, e := range db.ex {
		var nbs []nb
		for j, o := range db.ex {
			if j != i && o.src != e.src {
				nbs = append(nbs, nb{featDist(&e.f, &o.f), o.digit})
			}
		}
		slices.SortFunc(nbs, func(a, b nb) int { return cmp.Compare(a.d, b.d) })
		nbs = nbs[:min(3, len(nbs))]
		same := 0
		for _, x := range nbs {
			if x.digit == e.digit {
				same++
			}
		}
		keep[i] = len(nbs) > 0 && 2*same > len(nbs)
		if keep[i] && nbs[0].digit == e.digit {
			near = append(near, nbs[0].d)
		}
	}
	var apart []float64
	for i, e := range db.ex {
		if !keep[i] {
			continue
		}
		m := math.Inf(1)
		for j, o := range db.ex {
			if keep[j] && o.digit != e.digit {
				m = math.Min(m, featDist(&e.f, &o.f))
			}
		}
		if !math.IsInf(m, 1) {
			apart = append(apart, m)
		}
	}
	db.finishEdit(keep, near, apart)
}

// TestDigitBankEditSameAsBefore compares edit with editRef on banks of noisy digit-like
// features: coarse values and repeated examples make equal distances (the ties the fast
// neighbour search must resolve as the sort did), few lines make same-line neighbours.
func TestDigitBankEditSameAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for _, c := range []struct {
		name          string
		n, lines      int
		levels, dupOf int
	}{
		{"one line", 12, 1, 4, 0},
		{"few", 9, 4, 4, 0},
		{"coarse, many ties", 200, 30, 2, 5},
		{"full bank", 480, 80, 8, 20},
		{"fine values", 300, 60, 256, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var protos [10]feature
			for d := range protos {
				for i := range protos[d] {
					protos[d][i] = float32(rng.IntN(c.levels)) / float32(c.levels)
				}
			}
			var ex []example
			for k := range c.n {
				d := rng.IntN(10)
				f := protos[d]
				if c.dupOf > 0 && k%c.dupOf == 0 && len(ex) > 0 {
					f = ex[rng.IntN(len(ex))].f
				} else {
					for i := range f {
						if rng.IntN(6) == 0 {
							f[i] = float32(rng.IntN(c.levels)) / float32(c.levels)
						}
					}
				}
				if rng.IntN(15) == 0 {
					d = rng.IntN(10) // a mislabelled example: edit must drop it
				}
				ex = append(ex, example{f: f, digit: d, src: rng.IntN(c.lines)})
			}
			got := &digitBank{ex: slices.Clone(ex)}
			want := &digitBank{ex: slices.Clone(ex)}
			got.edit()
			want.editRef()
			if len(got.ex) != len(want.ex) || got.typical != want.typical || got.maxDist != want.maxDist {
				t.Fatalf("kept %d typical %v maxDist %v, before %d %v %v", len(got.ex), got.typical, got.maxDist, len(want.ex), want.typical, want.maxDist)
			}
			for i := range got.ex {
				if got.ex[i] != want.ex[i] {
					t.Fatalf("example %d differs", i)
				}
			}
			if len(want.ex) == len(ex) && c.n > 50 {
				t.Errorf("no example dropped: the case does not exercise the edit")
			}
		})
	}
}

// randomBank is a full bank (480 examples from 80 lines) of noisy digit-like features.
func randomBank(seed uint64) []example {
	rng := rand.New(rand.NewPCG(seed, 1))
	var protos [10]feature
	for d := range protos {
		for i := range protos[d] {
			protos[d][i] = float32(rng.IntN(8)) / 8
		}
	}
	ex := make([]example, 0, 10*bankPerDigit)
	for k := range 10 * bankPerDigit {
		f := protos[k%10]
		for i := range f {
			if rng.IntN(6) == 0 {
				f[i] = float32(rng.IntN(8)) / 8
			}
		}
		ex = append(ex, example{f: f, digit: k % 10, src: rng.IntN(80)})
	}
	return ex
}

// BenchmarkDigitBankEdit times edit against editRef on a full bank:
//
//	go test ./ocr -run '^$' -bench 'BenchmarkDigitBankEdit'
func BenchmarkDigitBankEdit(b *testing.B) {
	ex := randomBank(7)
	for _, c := range []struct {
		name string
		edit func(*digitBank)
	}{{"now", (*digitBank).edit}, {"before", (*digitBank).editRef}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				c.edit(&digitBank{ex: slices.Clone(ex)})
			}
		})
	}
}
