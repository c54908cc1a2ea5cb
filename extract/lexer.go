package extract

import (
	"bytes"
	"strconv"
)

// The content-stream lexer. ledongthuc/pdf's Interpret cannot be used for page content: it
// boxes every token in an interface (slow on 100k-glyph pages), it cannot skip inline image
// data (BI … ID <binary> EI), and it panics on malformed input. Content streams need only a
// small subset of PDF syntax, so this lexer works on the decoded bytes directly.

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokNum
	tokName
	tokString
	tokArray // operand only: a parsed [ ... ]
	tokDict  // operand only: a parsed << ... >>
	tokOp    // an operator keyword (including true/false/null)
)

// operand is one value on the interpreter's operand stack.
type operand struct {
	kind tokKind
	num  float64
	str  string    // name (without '/') or raw string bytes or operator
	arr  []operand // array elements, or dict key/value pairs (names at even positions)
}

// dictGet returns the value for key in a tokDict operand.
func (o operand) dictGet(key string) (operand, bool) {
	for i := 0; i+1 < len(o.arr); i += 2 {
		if o.arr[i].str == key {
			return o.arr[i+1], true
		}
	}
	return operand{}, false
}

type lexer struct {
	data []byte
	pos  int
	// depth guards against hostile nesting of arrays and dicts.
	depth int
}

const maxNesting = 64

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isWhite(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.data) && l.data[l.pos] != '\n' && l.data[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// next reads one complete operand or operator. Arrays and dicts are read whole.
func (l *lexer) next() operand {
	l.skipSpace()
	if l.pos >= len(l.data) {
		return operand{kind: tokEOF}
	}
	c := l.data[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.data) && !isWhite(l.data[l.pos]) && !isDelimiter(l.data[l.pos]) {
			l.pos++
		}
		return operand{kind: tokName, str: decodeNameEscapes(l.data[start:l.pos])}
	case c == '(':
		l.pos++
		return operand{kind: tokString, str: l.literalString()}
	case c == '<':
		if l.pos+1 < len(l.data) && l.data[l.pos+1] == '<' {
			l.pos += 2
			return l.dict()
		}
		l.pos++
		return operand{kind: tokString, str: l.hexString()}
	case c == '[':
		l.pos++
		return l.array()
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		// Stray delimiter: report it as an operator so the interpreter ignores it.
		l.pos++
		if c == '>' && l.pos < len(l.data) && l.data[l.pos] == '>' {
			l.pos++
			return operand{kind: tokOp, str: ">>"}
		}
		return operand{kind: tokOp, str: string(c)}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return l.number()
	default:
		start := l.pos
		for l.pos < len(l.data) && !isWhite(l.data[l.pos]) && !isDelimiter(l.data[l.pos]) {
			l.pos++
		}
		if l.pos == start { // lone delimiter we do not handle; skip it
			l.pos++
		}
		return operand{kind: tokOp, str: string(l.data[start:l.pos])}
	}
}

func (l *lexer) number() operand {
	start := l.pos
	l.pos++
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' {
			l.pos++
			continue
		}
		break
	}
	s := l.data[start:l.pos]
	// Fast path for the common plain integers and decimals.
	if v, ok := parseSimpleNumber(s); ok {
		return operand{kind: tokNum, num: v}
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		// Producers write things like "--5" or "0.-1"; PDF readers treat them leniently.
		v = lenientNumber(s)
	}
	return operand{kind: tokNum, num: v}
}

func parseSimpleNumber(s []byte) (float64, bool) {
	neg := false
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, false
	}
	var intPart, frac float64
	var scale float64 = 1
	seenDot, digits := false, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if digits > 15 {
				return 0, false
			}
			if seenDot {
				scale *= 10
				frac = frac*10 + float64(c-'0')
			} else {
				intPart = intPart*10 + float64(c-'0')
			}
		case c == '.' && !seenDot:
			seenDot = true
		default:
			return 0, false
		}
	}
	v := intPart + frac/scale
	if neg {
		v = -v
	}
	return v, true
}

// lenientNumber keeps the leading sign and the first well-formed number in s.
func lenientNumber(s []byte) float64 {
	neg := false
	for len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = neg != (s[0] == '-')
		s = s[1:]
	}
	end := 0
	dot := false
	for end < len(s) && ((s[end] >= '0' && s[end] <= '9') || (s[end] == '.' && !dot)) {
		dot = dot || s[end] == '.'
		end++
	}
	v, _ := strconv.ParseFloat(string(s[:end]), 64)
	if neg {
		v = -v
	}
	return v
}

func (l *lexer) literalString() string {
	var buf []byte
	depth := 1
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(buf)
			}
		case '\\':
			if l.pos >= len(l.data) {
				return string(buf)
			}
			e := l.data[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.data) && l.data[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; k++ {
						v = v*8 + int(l.data[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		buf = append(buf, c)
	}
	return string(buf)
}

func (l *lexer) hexString() string {
	var buf []byte
	hi, have := byte(0), false
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhexByte(c)
		if !ok {
			continue
		}
		if have {
			buf = append(buf, hi<<4|v)
			have = false
		} else {
			hi, have = v, true
		}
	}
	if have {
		buf = append(buf, hi<<4)
	}
	return string(buf)
}

func unhexByte(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func decodeNameEscapes(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := unhexByte(b[i+1])
			lo, ok2 := unhexByte(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func (l *lexer) array() operand {
	l.depth++
	defer func() { l.depth-- }()
	var elems []operand
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			return operand{kind: tokArray, arr: elems}
		}
		if l.data[l.pos] == ']' {
			l.pos++
			return operand{kind: tokArray, arr: elems}
		}
		if l.depth > maxNesting {
			l.pos++
			continue
		}
		t := l.next()
		if t.kind == tokEOF {
			return operand{kind: tokArray, arr: elems}
		}
		elems = append(elems, t)
	}
}

func (l *lexer) dict() operand {
	l.depth++
	defer func() { l.depth-- }()
	var elems []operand
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			return operand{kind: tokDict, arr: elems}
		}
		if l.data[l.pos] == '>' {
			l.pos++
			if l.pos < len(l.data) && l.data[l.pos] == '>' {
				l.pos++
			}
			return operand{kind: tokDict, arr: elems}
		}
		if l.depth > maxNesting {
			l.pos++
			continue
		}
		t := l.next()
		if t.kind == tokEOF {
			return operand{kind: tokDict, arr: elems}
		}
		elems = append(elems, t)
	}
}

// inlineImage is called after the BI operator: it reads the image dictionary up to ID, then
// skips the binary data up to EI. It returns the dictionary as key/value pairs.
func (l *lexer) inlineImage() operand {
	var elems []operand
	for {
		t := l.next()
		if t.kind == tokEOF {
			return operand{kind: tokDict, arr: elems}
		}
		if t.kind == tokOp && t.str == "ID" {
			break
		}
		elems = append(elems, t)
	}
	// One whitespace byte follows ID; then data. The data ends at whitespace+"EI" followed by
	// whitespace or the end (the data itself may contain "EI", so demand the delimiters).
	if l.pos < len(l.data) && isWhite(l.data[l.pos]) {
		l.pos++
	}
	for i := l.pos; i+1 < len(l.data); i++ {
		if l.data[i] == 'E' && l.data[i+1] == 'I' && (i == l.pos || isWhite(l.data[i-1])) &&
			(i+2 == len(l.data) || isWhite(l.data[i+2]) || isDelimiter(l.data[i+2])) {
			l.pos = i + 2
			return operand{kind: tokDict, arr: elems}
		}
	}
	l.pos = len(l.data)
	return operand{kind: tokDict, arr: elems}
}
