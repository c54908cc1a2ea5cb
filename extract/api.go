package extract

import "errors"

// File is an open PDF. Pages are extracted one at a time so memory is bounded by the
// largest page, not the file.
type File struct {
	Path string
}

// ErrNotImplemented is returned by the skeleton until the interpreter lands.
var ErrNotImplemented = errors.New("not implemented yet")

// Open opens a PDF for extraction. Encrypted files with an empty user password open;
// anything else that cannot be opened is an error naming the file.
func Open(path string) (*File, error) { return nil, ErrNotImplemented }

// NumPages is the number of pages.
func (f *File) NumPages() int { return 0 }

// Page extracts page n (1-based). A malformed page gives an error naming the file and page;
// it never panics, and other pages are unaffected.
func (f *File) Page(n int) (*Page, error) { return nil, ErrNotImplemented }

// Close releases the file.
func (f *File) Close() error { return nil }
