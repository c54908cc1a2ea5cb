package problem

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestProblem(t *testing.T) {
	panicErr := fmt.Errorf("table 3: %w", &Panic{Value: "index out of range", Stack: []byte("goroutine 1\nmain.f()")})
	tests := []struct {
		name                string
		p                   Problem
		msg, errText, stack string
	}{
		{"extract error naming file and page", New("a.pdf", 3, Extract, errors.New("a.pdf: page 3: malformed page: bad xref")),
			"a.pdf: page 3: extract: malformed page: bad xref", "malformed page: bad xref", ""},
		{"multi-line error: one-line message, whole error kept", New("a.pdf", 2, OCR, errors.New("tesseract failed\nline two")),
			"a.pdf: page 2: ocr: tesseract failed", "tesseract failed\nline two", ""},
		{"wrapped panic: stack apart", New("b.pdf", 4, Tables, panicErr),
			"b.pdf: page 4: tables: table 3: internal error: index out of range", "table 3: internal error: index out of range", "goroutine 1\nmain.f()"},
		{"recovered in normalize, no page", Recovered("c.pdf", 0, Normalize, "identities", "nil map", []byte("stack")),
			"c.pdf: normalize: identities: internal error: nil map", "identities: internal error: nil map", "stack"},
		{"renamed to the submitted name", New("/tmp/x/in.pdf", 1, Extract, errors.New("/tmp/x/in.pdf: page 1: no fonts")).Renamed("/tmp/x/in.pdf", "county/in.pdf"),
			"county/in.pdf: page 1: extract: no fonts", "no fonts", ""},
	}
	for _, tc := range tests {
		if tc.p.Message != tc.msg || tc.p.Error != tc.errText || tc.p.Stack != tc.stack {
			t.Errorf("%s: got message %q error %q stack %q, want %q %q %q", tc.name, tc.p.Message, tc.p.Error, tc.p.Stack, tc.msg, tc.errText, tc.stack)
		}
		if strings.Contains(tc.p.Message, "\n") {
			t.Errorf("%s: message has a line break: %q", tc.name, tc.p.Message)
		}
	}
}
