// Package safetext makes text from documents safe to write out: every output is valid
// UTF-8, a CSV text cell cannot be taken for a spreadsheet formula, and a message printed
// to a terminal cannot carry control sequences (a PDF's font or filter name, a file name).
// One helper for every writer, so the rules cannot drift apart between them.
package safetext

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Replacement stands for each invalid UTF-8 byte sequence.
const Replacement = "\uFFFD"

// UTF8 returns s with every invalid byte sequence replaced by U+FFFD.
func UTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, Replacement)
}

// formulaStart reports a first character a spreadsheet reads as the start of a formula
// (OWASP CSV injection: = + - @, and tab / carriage return before them).
func formulaStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// CSVText is a CSV text cell: valid UTF-8, and prefixed with ' when a spreadsheet would
// otherwise run it as a formula (`=1+1`, `@SUM(1,2)`, `-A1`). Text that already starts with
// quotes before such a character gets one more, so CSVUnescape gives back the exact text.
// Only for text: a cell holding a parsed number (`-12.50`) is written as is.
func CSVText(s string) string {
	s = UTF8(s)
	if formulaStart(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// CSVUnescape undoes CSVText (for readers of our own CSVs, such as the lake).
func CSVUnescape(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

// Terminal returns s with what a terminal would act on made visible: control characters
// other than newline and tab, DEL, C1 controls, bidirectional overrides and invalid UTF-8
// bytes are written as Go escapes (\x1b, \a, \u202e, \xff); the rest is left as is.
func Terminal(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case escapeRune(r):
			q := fmt.Sprintf("%+q", string(r)) // "\x1b", "\a", "\u202e"
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || escapeRune(r) {
			return true
		}
		i += n
	}
	return false
}

func escapeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// clearLine is the one control sequence the progress bar writes itself: carriage return,
// erase line. Writer lets it through at the start of a write and escapes everything else.
const clearLine = "\r\033[K"

// Writer escapes (Terminal) what is written to a terminal-facing stream (stderr, and stdout
// on a terminal). Each Write is escaped whole: callers write whole messages (fmt.Fprintf).
type Writer struct {
	W io.Writer
}

// Write writes Terminal(p) and reports len(p) written when it all went out.
func (w Writer) Write(p []byte) (int, error) {
	s := string(p)
	var out strings.Builder
	for strings.HasPrefix(s, clearLine) {
		out.WriteString(clearLine)
		s = s[len(clearLine):]
	}
	out.WriteString(Terminal(s))
	if _, err := io.WriteString(w.W, out.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Fd is the underlying file's descriptor (so terminal checks see through the Writer), or
// an invalid one.
func (w Writer) Fd() uintptr {
	if f, ok := w.W.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}
