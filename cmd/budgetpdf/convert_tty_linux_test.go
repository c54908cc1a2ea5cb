package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair (Linux /dev/ptmx) with the given width: a real
// terminal for convert's stderr, no fake. The returned function closes the terminal side
// and returns everything written to it.
func openPTY(t *testing.T, cols int) (*os.File, func() string) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(ptmx.Fd())
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err == nil {
		err = unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0)
	}
	if err != nil {
		ptmx.Close()
		t.Skipf("pseudo-terminal: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		ptmx.Close()
		t.Skipf("pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: uint16(cols)}); err != nil {
		t.Fatal(err)
	}
	// Raw output: no \n → \r\n, so the bytes read are the bytes written.
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Oflag &^= unix.OPOST
	if err := unix.IoctlSetTermios(int(tty.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&buf, ptmx) // ends with EIO once the terminal side is closed
		close(done)
	}()
	return tty, func() string {
		tty.Close()
		<-done
		ptmx.Close()
		return buf.String()
	}
}

// TestConvertTerminalBar runs convert with stderr on a real pseudo-terminal: the progress
// bar (files, pages, ETA) is drawn there, redrawn in place, cut to the terminal's width and
// cleared before the summary; stdout, not a terminal, still gets the JSON lines, and a
// terminal stdout gets none. -q draws no bar.
func TestConvertTerminalBar(t *testing.T) {
	needCorpus(t)
	in := batchDir(t, map[string]string{
		"a.pdf": "putuo-govoffice-2025-budget.pdf", // 22 pages
		"b.pdf": "putuo-govoffice-2025-budget.pdf",
		"c.pdf": "putuo-wanli-2024-budget.pdf", // 33 pages
	})
	const clear = "\r\033[K"
	barRE := regexp.MustCompile(`^\[[#.]{20}\] [0-3]/3 files  \d+ pages  ETA `)
	cutBarRE := regexp.MustCompile(`^\[[#.]{20}\] [0-3]/3 files  `)
	final := regexp.MustCompile(`^\[#{20}\] 3/3 files  77 pages  ETA --$`)
	cases := []struct {
		name        string
		cols        int
		flags       []string
		stdoutOnTTY bool
		bar         bool
		jsonLines   int
	}{
		{"wide terminal", 120, nil, false, true, 3},
		{"narrow terminal", 40, nil, false, true, 3},
		{"stdout on the terminal too", 120, nil, true, true, 0},
		{"quiet", 120, []string{"-q"}, false, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tty, read := openPTY(t, c.cols)
			var stdoutBuf bytes.Buffer
			var stdout io.Writer = &stdoutBuf
			if c.stdoutOnTTY {
				stdout = tty
			}
			args := append([]string{"--no-ocr", "--keep-duplicates", "--workers", "1", "-o", t.TempDir(), in}, c.flags...)
			code := runConvert(args, stdout, tty)
			term := read()
			if code != exitOK {
				t.Fatalf("exit %d\n%q", code, term)
			}
			if n := len(jsonLines(t, stdoutBuf.String())); n != c.jsonLines {
				t.Errorf("%d JSON lines on stdout, want %d", n, c.jsonLines)
			}
			if n := strings.Count(term, `{"doc_id"`); n != 0 {
				t.Errorf("%d JSON lines on the terminal", n)
			}
			// Each draw starts with "\r\033[K" (back to column 0, clear the line).
			parts := strings.Split(term, clear)
			var bars []string
			for _, p := range parts[1:] {
				if strings.HasPrefix(p, "[") {
					bars = append(bars, p)
				}
			}
			if !c.bar {
				if len(bars) > 0 || strings.Contains(term, clear) {
					t.Errorf("-q drew a bar:\n%q", term)
				}
				return
			}
			if len(bars) < 3 {
				t.Fatalf("%d bar draws, want at least one per document:\n%q", len(bars), term)
			}
			for _, b := range bars {
				if n := utf8.RuneCountInString(b); n > c.cols-1 {
					t.Errorf("bar %q is %d characters on a %d-column terminal", b, n, c.cols)
				}
				if strings.Contains(b, "\n") {
					t.Errorf("bar %q ends a line: it must be redrawn in place", b)
				}
			}
			for i, b := range bars {
				re := barRE
				if c.cols <= 50 { // cut: only the start is there, and it fills the line
					re = cutBarRE
					if n := utf8.RuneCountInString(b); n != c.cols-1 {
						t.Errorf("bar %d %q: %d characters, want the line's %d", i, b, n, c.cols-1)
					}
				}
				if !re.MatchString(b) {
					t.Errorf("bar %d %q: not [####....] n/3 files  N pages  ETA …", i, b)
				}
			}
			last := bars[len(bars)-1]
			if c.cols > 50 && !final.MatchString(last) {
				t.Errorf("last bar %q, want %s", last, final)
			}
			// The bar is cleared before the summary, which starts on a clean line.
			after := parts[len(parts)-1]
			if after == last {
				t.Fatalf("the bar was not cleared at the end:\n%q", term)
			}
			if !strings.HasPrefix(after, "3 documents: 3 converted") {
				t.Errorf("after the last clear: %q, want the summary", after)
			}
		})
	}
}
