// Package problem is a failure that did not stop a document: a page that could not be read
// or OCRed, a table whose building panicked. Its parts (file, page, stage, error, stack) are
// kept apart so that each reader takes what it needs — a person the one-line Message, a
// bug report the Stack — instead of every reader cutting a message string that repeats
// them (issue 17). tables.Problem is this type.
package problem

import (
	"errors"
	"fmt"
	"strings"
)

// The stages a problem comes from.
const (
	Extract   = "extract"
	OCR       = "ocr"
	Tables    = "tables"
	Normalize = "normalize"
)

// Problem is one failure that the document survived.
type Problem struct {
	// File is the document as named to the user; Page is 1-based, 0 when the problem is not
	// about one page.
	File string `json:"file,omitempty"`
	Page int    `json:"page"`
	// Stage is the stage that failed (Extract, OCR, Tables, Normalize).
	Stage string `json:"stage,omitempty"`
	// Error is the failure itself, without the file and page.
	Error string `json:"error,omitempty"`
	// Stack is where a recovered panic happened (a bug of ours); empty for a bad input.
	Stack string `json:"stack,omitempty"`
	// Message is file, page, stage and the first line of the error in one line: what
	// outputs, logs and reports print.
	Message string `json:"message"`
}

// New describes err in stage on page of file. A prefix `file: page N: ` that err already
// carries (extract's errors name file and page) is not repeated; a *Panic's stack goes to
// Stack, not into the message.
func New(file string, page int, stage string, err error) Problem {
	var pe *Panic
	if errors.As(err, &pe) {
		return newProblem(file, page, stage, err.Error(), string(pe.Stack))
	}
	return newProblem(file, page, stage, err.Error(), "")
}

// Panic is a recovered panic as an error: the value and where it happened, apart.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("internal error: %v", p.Value) }

// Recovered describes a panic (value v, stack) recovered in stage on page of file.
func Recovered(file string, page int, stage, what string, v any, stack []byte) Problem {
	msg := fmt.Sprintf("internal error: %v", v)
	if what != "" {
		msg = what + ": " + msg
	}
	return newProblem(file, page, stage, msg, string(stack))
}

func newProblem(file string, page int, stage, msg, stack string) Problem {
	if file != "" {
		msg = strings.TrimPrefix(msg, fmt.Sprintf("%s: page %d: ", file, page))
	}
	p := Problem{File: file, Page: page, Stage: stage, Error: msg, Stack: stack}
	p.Message = p.line()
	return p
}

// line renders Message.
func (p Problem) line() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ": ")
	}
	if p.Page > 0 {
		fmt.Fprintf(&b, "page %d: ", p.Page)
	}
	if p.Stage != "" {
		b.WriteString(p.Stage + ": ")
	}
	b.WriteString(Headline(p.Error))
	return b.String()
}

// Renamed is p with the file old called name (a batch names the file as submitted, not
// the copy it read).
func (p Problem) Renamed(old, name string) Problem {
	if p.File == old {
		p.File = name
	}
	p.Error = strings.ReplaceAll(p.Error, old, name)
	p.Message = strings.ReplaceAll(p.Message, old, name)
	return p
}

// Headline is the first line of a message that may carry more (a stack, a tool's output):
// what a one-line report shows.
func Headline(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
