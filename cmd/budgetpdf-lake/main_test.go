package main

import (
	"bytes"
	"strings"
	"testing"
)

// Asked-for help is output (stdout, exit 0) for the command and for every subcommand; a
// usage error goes to stderr with the usage status.
func TestHelpOnStdout(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		toStdout bool
	}{
		{[]string{"--help"}, exitOK, true},
		{[]string{"add", "--help"}, exitOK, true},
		{[]string{"info", "-h"}, exitOK, true},
		{[]string{"serve", "-help"}, exitOK, true},
		{[]string{"add", "--no-such-flag"}, exitUsage, false},
		{nil, exitUsage, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, stderr.String())
			}
			out, other := stdout.String(), stderr.String()
			if !tc.toStdout {
				out, other = other, out
			}
			if !strings.Contains(out, "budgetpdf-lake") || other != "" {
				t.Errorf("usage on the wrong stream: stdout %q, stderr %q", stdout.String(), stderr.String())
			}
		})
	}
}
