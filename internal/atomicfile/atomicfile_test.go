package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAndAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "a.csv")
	if err := WriteFile(path, []byte("x,y\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "x,y\n" {
		t.Fatalf("read back %q, %v", b, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	// An aborted write leaves the old content; a crashed one leaves a temp file that
	// RemoveStale finds.
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	crashed, err := Create(filepath.Join(dir, "b.csv"))
	if err != nil {
		t.Fatal(err)
	}
	crashed.Write([]byte("half"))
	crashed.File.Close() // no Commit, no Abort: as after a kill
	if b, _ := os.ReadFile(path); string(b) != "x,y\n" {
		t.Errorf("aborted write changed the file: %q", b)
	}
	n, err := RemoveStale(dir)
	if err != nil || n != 1 {
		t.Errorf("RemoveStale removed %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.csv")); !os.IsNotExist(err) {
		t.Errorf("a never-committed file exists under its final name")
	}
}
