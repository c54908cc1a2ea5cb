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

// classifyRef is digitBank.classify as it was before issue 11 (every distance in full).
func (db *digitBank) classifyRef(f *feature, src int) (int, float64, float64) {
	var dm [10]float64
	for d := range dm {
		dm[d] = math.Inf(1)
	}
	for i := range db.ex {
		e := &db.ex[i]
		if e.src == src {
			continue
		}
		dm[e.digit] = math.Min(dm[e.digit], featDist(f, &e.f))
	}
	best, d1, d2 := -1, math.Inf(1), math.Inf(1)
	for d, v := range dm {
		switch {
		case v < d1:
			best, d2, d1 = d, d1, v
		case v < d2:
			d2 = v
		}
	}
	if math.IsInf(d1, 1) {
		return -1, d1, d2
	}
	return best, d1, d2
}

// TestDigitBankClassifySameAsBefore: classify, which gives up on an example once it is
// farther than the digit's nearest so far, must return what the full distances return —
// for glyphs of the bank's own shapes, copies of its examples, and noise.
func TestDigitBankClassifySameAsBefore(t *testing.T) {
	bank := &digitBank{ex: randomBank(5)}
	bank.edit()
	rng := rand.New(rand.NewPCG(9, 9))
	var queries []feature
	for k := range 300 {
		f := bank.ex[rng.IntN(len(bank.ex))].f
		switch k % 3 {
		case 1:
			for i := range f {
				if rng.IntN(4) == 0 {
					f[i] = rng.Float32()
				}
			}
		case 2:
			for i := range f {
				f[i] = rng.Float32()
			}
		}
		queries = append(queries, f)
	}
	exits := 0
	for k, f := range queries {
		src := rng.IntN(90) - 5 // some queries from a line of the bank, most not
		d, d1, d2 := bank.classify(&f, src)
		rd, rd1, rd2 := bank.classifyRef(&f, src)
		if d != rd || d1 != rd1 || d2 != rd2 {
			t.Fatalf("query %d: classify %d %v %v, before %d %v %v", k, d, d1, d2, rd, rd1, rd2)
		}
		if _, ok := featDistWithin(&f, &bank.ex[0].f, d1); !ok {
			exits++
		}
	}
	if exits == 0 {
		t.Errorf("no distance given up early: the test does not exercise featDistWithin")
	}
}
