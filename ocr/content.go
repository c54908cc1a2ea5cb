package ocr

import (
	"bytes"
	"strconv"
)

// contentOp is what the scanner reports for each operator.
type contentOp struct {
	op       string
	operands []operand
}

type operand struct {
	num    float64
	isNum  bool
	name   string // without the leading slash
	isName bool
}

// scanContent walks a content stream and calls fn for each operator with its operands.
// It understands exactly as much syntax as it needs to stay in sync: strings (with
// escapes and nesting), hex strings, arrays, dictionaries, comments and inline images.
func scanContent(b []byte, fn func(contentOp)) {
	var ops []operand
	i := 0
	n := len(b)
	isDelim := func(c byte) bool {
		return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
	}
	isSpace := func(c byte) bool {
		return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
	}
	for i < n {
		c := b[i]
		switch {
		case isSpace(c):
			i++
		case c == '%':
			for i < n && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '(':
			depth := 0
			for i < n {
				switch b[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
				if depth == 0 {
					break
				}
			}
			ops = append(ops, operand{})
		case c == '<' && i+1 < n && b[i+1] == '<':
			i += 2
			ops = append(ops, operand{})
		case c == '>' && i+1 < n && b[i+1] == '>':
			i += 2
		case c == '<':
			for i < n && b[i] != '>' {
				i++
			}
			i++
			ops = append(ops, operand{})
		case c == '[' || c == ']' || c == '{' || c == '}':
			i++
			if c == '[' {
				ops = append(ops, operand{})
			}
		case c == '/':
			j := i + 1
			for j < n && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			ops = append(ops, operand{name: string(b[i+1 : j]), isName: true})
			i = j
		default:
			j := i
			for j < n && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			if j == i { // a stray delimiter such as ')' or '>'
				i++
				continue
			}
			tok := b[i:j]
			i = j
			if (tok[0] >= '0' && tok[0] <= '9') || tok[0] == '-' || tok[0] == '+' || tok[0] == '.' {
				v, err := strconv.ParseFloat(string(tok), 64)
				ops = append(ops, operand{num: v, isNum: err == nil})
				continue
			}
			word := string(tok)
			if word == "true" || word == "false" || word == "null" {
				ops = append(ops, operand{})
				continue
			}
			if word == "BI" {
				// Inline image: skip its dictionary and data up to "EI" on a token boundary.
				k := bytes.Index(b[i:], []byte("ID"))
				if k < 0 {
					return
				}
				i += k + 2
				for i < n {
					k := bytes.Index(b[i:], []byte("EI"))
					if k < 0 {
						return
					}
					i += k + 2
					before := b[i-3]
					if isSpace(before) && (i >= n || isSpace(b[i])) {
						break
					}
				}
				fn(contentOp{op: "BI"})
				ops = ops[:0]
				continue
			}
			fn(contentOp{op: word, operands: ops})
			ops = ops[:0]
		}
	}
}
