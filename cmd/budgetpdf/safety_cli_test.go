package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskFull runs the real binary with its output folder on a small tmpfs (a mount
// namespace of its own: `unshare -rm`, no root needed where user namespaces are allowed).
// The document that does not fit fails naming the file and "no space left on device", its
// partial outputs are gone, and the run still ends with the summary and run.json; when
// not even run.json fits, the run says which files it could not write and exits 3.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	needCorpus(t)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare(1): cannot mount a small tmpfs")
	}
	if out, err := exec.Command("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt").CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs in a user namespace here: %v %s", err, out)
	}
	bin := buildBinary(t)
	good, err := filepath.Abs(filepath.Join(convertCorpus, "putuo-wanli-2024-budget.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		fill    bool // fill the file system before the run
		code    int
		stderr  []string
		runJSON bool
	}{
		// 400 KiB: the document's outputs (≈1 MB) do not fit, the run's files do.
		{"document does not fit", false, exitFailed, []string{"1 failed", good + ": write", "no space left on device"}, true},
		{"nothing fits", true, exitRun, []string{"1 failed", "run.json not written", "no space left on device"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mnt := t.TempDir()
			script := `mount -t tmpfs -o size=400k tmpfs "$1" || exit 99
if [ "$2" = fill ]; then dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null; fi
"$3" convert --no-ocr "$4" -o "$1/out" >/dev/null
code=$?
find "$1/out" -type f | sort > "$1.files"
cat "$1/out/run.json" > "$1.run" 2>/dev/null
exit $code`
			fill := "no"
			if c.fill {
				fill = "fill"
			}
			var stderr bytes.Buffer
			cmd := exec.Command("unshare", "-rm", "sh", "-c", script, "sh", mnt, fill, bin, good)
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			code := cmd.ProcessState.ExitCode()
			if code == 99 {
				t.Fatalf("mount failed: %s", stderr.String())
			}
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, stderr.String())
			}
			for _, m := range c.stderr {
				if !strings.Contains(stderr.String(), m) {
					t.Errorf("stderr lacks %q:\n%s", m, stderr.String())
				}
			}
			files, _ := os.ReadFile(mnt + ".files")
			for _, f := range strings.Fields(string(files)) {
				rel, _ := filepath.Rel(filepath.Join(mnt, "out"), f)
				if strings.HasPrefix(rel, "putuo-wanli-2024-budget") || strings.HasPrefix(rel, "parquet") || strings.Contains(rel, ".tmp-") {
					t.Errorf("left behind: %s", rel)
				}
			}
			b, err := os.ReadFile(mnt + ".run")
			if !c.runJSON {
				if err == nil && len(b) > 0 {
					t.Errorf("run.json written on a full disk? %s", b)
				}
				return
			}
			var rec struct {
				Documents []struct {
					Status, Error string
				}
			}
			if err := json.Unmarshal(b, &rec); err != nil || len(rec.Documents) != 1 || rec.Documents[0].Status != "failed" || !strings.Contains(rec.Documents[0].Error, "no space left on device") {
				t.Errorf("run.json %s (%v)", b, err)
			}
		})
	}
}

// TestCrashExitStatus: a panic in a command is an internal error, exit 4 with the stack,
// not Go's exit 2 (the usage error's).
func TestCrashExitStatus(t *testing.T) {
	commands["test-panic"] = command{run: func([]string, io.Writer, io.Writer) int { panic("boom") }}
	defer delete(commands, "test-panic")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"test-panic"}, exitCrash, "internal error (please report it): boom"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("%q: exit %d, want %d; stderr %q", c.args, code, c.code, stderr.String())
		}
	}
}
