package extract

import (
	"sort"
	"unicode/utf16"
)

// cmap is a parsed CMap: codespace ranges (how a byte string splits into codes), code→Unicode
// (bfchar/bfrange, ToUnicode CMaps) and code→CID (cidchar/cidrange, encoding CMaps).
//
// Written by hand rather than taken from ledongthuc/pdf, whose cmap decoder scans every
// bfchar linearly per code, re-parses at each font switch and ignores multi-byte range
// arithmetic; here lookups are a map hit or a binary search.
type cmap struct {
	space  []codespace
	uni    map[uint64]string // key: codeKey(n, code)
	ranges []uniRange        // sorted by (n, lo)
	cids   map[uint64]uint32
	cidRng []cidRange // sorted by (n, lo)
	// useCMap names a predefined CMap this one extends (usecmap), if any.
	useCMap string
}

type codespace struct {
	n      int
	lo, hi [4]byte
}

type uniRange struct {
	n      int
	lo, hi uint32
	dst    string   // UTF-16BE of the first code; incremented through the range
	arr    []string // or one UTF-16BE string per code
	hasArr bool
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    uint32
}

func codeKey(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

// Bounds on what a CMap may define, so a hostile file cannot make us allocate without limit.
const (
	maxCMapEntries = 1 << 20
)

// parseCMap parses CMap program text. It never panics; malformed parts are skipped.
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: map[uint64]string{}, cids: map[uint64]uint32{}}
	l := &lexer{data: data}
	var ops []operand
	entries := 0
	for {
		t := l.next()
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokOp {
			if len(ops) < 3*maxCMapEntries {
				ops = append(ops, t)
			}
			continue
		}
		switch t.str {
		case "usecmap":
			if len(ops) > 0 && ops[len(ops)-1].kind == tokName {
				m.useCMap = ops[len(ops)-1].str
			}
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i], ops[i+1]
				if lo.kind != tokString || hi.kind != tokString || len(lo.str) != len(hi.str) || len(lo.str) == 0 || len(lo.str) > 4 {
					continue
				}
				var cs codespace
				cs.n = len(lo.str)
				copy(cs.lo[:], lo.str)
				copy(cs.hi[:], hi.str)
				m.space = append(m.space, cs)
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops) && entries < maxCMapEntries; i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != tokString || len(src.str) == 0 || len(src.str) > 4 {
					continue
				}
				entries++
				switch dst.kind {
				case tokString:
					m.uni[codeKey(len(src.str), bytesCode(src.str))] = utf16BE(dst.str)
				case tokName:
					if r, ok := glyphNameRune(dst.str); ok {
						m.uni[codeKey(len(src.str), bytesCode(src.str))] = string(r)
					}
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops) && entries < maxCMapEntries; i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind != tokString || hi.kind != tokString || len(lo.str) == 0 || len(lo.str) > 4 || len(hi.str) != len(lo.str) {
					continue
				}
				r := uniRange{n: len(lo.str), lo: bytesCode(lo.str), hi: bytesCode(hi.str)}
				if r.hi < r.lo {
					continue
				}
				switch dst.kind {
				case tokString:
					r.dst = dst.str
				case tokArray:
					r.hasArr = true
					for _, e := range dst.arr {
						r.arr = append(r.arr, e.str)
					}
				default:
					continue
				}
				entries++
				m.ranges = append(m.ranges, r)
			}
		case "endcidchar":
			for i := 0; i+1 < len(ops) && entries < maxCMapEntries; i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != tokString || dst.kind != tokNum || len(src.str) == 0 || len(src.str) > 4 || dst.num < 0 {
					continue
				}
				entries++
				m.cids[codeKey(len(src.str), bytesCode(src.str))] = uint32(dst.num)
			}
		case "endcidrange":
			for i := 0; i+2 < len(ops) && entries < maxCMapEntries; i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind != tokString || hi.kind != tokString || dst.kind != tokNum || len(lo.str) == 0 || len(lo.str) > 4 || len(hi.str) != len(lo.str) || dst.num < 0 {
					continue
				}
				r := cidRange{n: len(lo.str), lo: bytesCode(lo.str), hi: bytesCode(hi.str), cid: uint32(dst.num)}
				if r.hi < r.lo {
					continue
				}
				entries++
				m.cidRng = append(m.cidRng, r)
			}
		}
		ops = ops[:0]
	}
	sort.Slice(m.ranges, func(i, j int) bool {
		if m.ranges[i].n != m.ranges[j].n {
			return m.ranges[i].n < m.ranges[j].n
		}
		return m.ranges[i].lo < m.ranges[j].lo
	})
	sort.Slice(m.cidRng, func(i, j int) bool {
		if m.cidRng[i].n != m.cidRng[j].n {
			return m.cidRng[i].n < m.cidRng[j].n
		}
		return m.cidRng[i].lo < m.cidRng[j].lo
	})
	return m
}

func bytesCode(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// utf16BE decodes a UTF-16BE byte string (ToUnicode destinations). An odd trailing byte is
// taken as a code unit of its own, as some producers write single-byte destinations.
func utf16BE(s string) string {
	if len(s) == 1 {
		return string(rune(s[0]))
	}
	u := make([]uint16, 0, len(s)/2+1)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	if len(s)%2 == 1 {
		u = append(u, uint16(s[len(s)-1]))
	}
	return string(utf16.Decode(u))
}

// hasSpace reports whether the CMap defines codespace ranges.
func (m *cmap) hasSpace() bool { return m != nil && len(m.space) > 0 }

// nextCode splits the first code off s using the codespace ranges. When no range matches,
// it consumes the shortest code length the CMap defines (or one byte), as Acrobat does.
func (m *cmap) nextCode(s string) (code uint32, n int) {
	for _, cs := range m.space {
		if cs.n > len(s) {
			continue
		}
		ok := true
		for i := 0; i < cs.n; i++ {
			if s[i] < cs.lo[i] || s[i] > cs.hi[i] {
				ok = false
				break
			}
		}
		if ok {
			return bytesCode(s[:cs.n]), cs.n
		}
	}
	n = 1
	if len(m.space) > 0 {
		n = m.space[0].n
		for _, cs := range m.space {
			n = min(n, cs.n)
		}
	}
	n = min(n, len(s))
	return bytesCode(s[:n]), n
}

// lookup maps a code of n bytes to Unicode.
func (m *cmap) lookup(n int, code uint32) (string, bool) {
	if m == nil {
		return "", false
	}
	if s, ok := m.uni[codeKey(n, code)]; ok {
		return s, true
	}
	i := sort.Search(len(m.ranges), func(i int) bool {
		r := m.ranges[i]
		return r.n > n || (r.n == n && r.hi >= code)
	})
	if i < len(m.ranges) {
		r := m.ranges[i]
		if r.n == n && r.lo <= code && code <= r.hi {
			off := code - r.lo
			if r.hasArr {
				if int(off) < len(r.arr) {
					return utf16BE(r.arr[off]), true
				}
				return "", false
			}
			return incrementUTF16(r.dst, off), true
		}
	}
	return "", false
}

// incrementUTF16 adds off to the last code unit of a UTF-16BE string (bfrange semantics;
// carrying into the previous byte as real files expect when a range crosses a 256 boundary).
func incrementUTF16(s string, off uint32) string {
	if len(s) < 2 {
		if len(s) == 1 {
			return string(rune(uint32(s[0]) + off))
		}
		return ""
	}
	b := []byte(s)
	last := uint32(b[len(b)-2])<<8 | uint32(b[len(b)-1])
	last += off
	b[len(b)-2] = byte(last >> 8)
	b[len(b)-1] = byte(last)
	return utf16BE(string(b))
}

// cid maps a code to a CID through cidchar/cidrange.
func (m *cmap) cid(n int, code uint32) (uint32, bool) {
	if m == nil {
		return 0, false
	}
	if c, ok := m.cids[codeKey(n, code)]; ok {
		return c, true
	}
	i := sort.Search(len(m.cidRng), func(i int) bool {
		r := m.cidRng[i]
		return r.n > n || (r.n == n && r.hi >= code)
	})
	if i < len(m.cidRng) {
		r := m.cidRng[i]
		if r.n == n && r.lo <= code && code <= r.hi {
			return r.cid + (code - r.lo), true
		}
	}
	return 0, false
}
