package corpus

import (
	"path/filepath"
	"testing"
)

// fakeTB records how a helper ended a test instead of ending this one.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = true; panic(f) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.failed = true; panic(f) }

func run(fn func(t testing.TB)) (f *fakeTB) {
	f = &fakeTB{}
	defer func() {
		if r := recover(); r != nil && r != f {
			panic(r)
		}
	}()
	fn(f)
	return f
}

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		name, ci, require string
		wantFail          bool
	}{
		{"local: skip", "", "", false},
		{"required by make test", "", "1", true},
		{"required by CI", "true", "", true},
		{"explicitly not required", "", "0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			t.Setenv(RequireEnv, tc.require)
			f := run(func(tb testing.TB) { Path(tb, "corpus/no-such-folder-h17") })
			if f.failed != tc.wantFail || f.skipped == tc.wantFail {
				t.Errorf("failed=%v skipped=%v, want failed=%v", f.failed, f.skipped, tc.wantFail)
			}
		})
	}
}

// TestShared: the shared folder is spelled from the repository root, whatever the package.
func TestShared(t *testing.T) {
	// internal/corpus is two below the root.
	if got, want := Shared(), filepath.Join("..", "..", "..", "shared"); got != want {
		t.Errorf("Shared() = %q, want %q", got, want)
	}
	if got, want := Dir("corpus/real"), filepath.Join("..", "..", "..", "shared", "corpus", "real"); got != want {
		t.Errorf("Dir(corpus/real) = %q, want %q", got, want)
	}
}
