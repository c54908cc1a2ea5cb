// Package corpus finds the shared read-only material (../shared beside the repository: the
// real and wild PDFs, the seed dump) for tests. One place spells the path, and one rule
// says what a missing file means: locally the test skips, saying why; where the suite must
// be complete (CI set, or BUDGETPDF_REQUIRE_SHARED=1, which `make test` sets) it fails, so
// that a run without ../shared cannot pass as a green run.
//
// It imports testing: only tests import it.
package corpus

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// RequireEnv names the variable that turns a missing shared file into a failure.
const RequireEnv = "BUDGETPDF_REQUIRE_SHARED"

// Required reports whether a missing shared file fails the test (CI or RequireEnv set).
func Required() bool {
	if v := os.Getenv(RequireEnv); v != "" && v != "0" {
		return true
	}
	return os.Getenv("CI") != ""
}

var root struct {
	once sync.Once
	rel  string // the repository root relative to the working directory ("../..")
	err  error
}

// repoRoot is the repository root as a relative path from the test's working directory
// (its package folder): the nearest folder above holding go.mod. Relative, so that paths
// read as they always did (`../../../shared/corpus/real/x.pdf`) in names and messages.
func repoRoot() (string, error) {
	root.once.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			root.err = err
			return
		}
		rel := "."
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root.rel = rel
				return
			}
			if filepath.Dir(dir) == dir {
				root.err = os.ErrNotExist
				return
			}
			rel = filepath.Join(rel, "..")
		}
	})
	return root.rel, root.err
}

// Shared is the shared folder, ../shared beside the repository, whether it exists or not.
func Shared() string {
	r, err := repoRoot()
	if err != nil {
		r = "." // no go.mod above: the path then names a folder that is absent
	}
	return filepath.Join(r, "..", "shared")
}

// Dir is ../shared/<rel> (rel slash-separated) unchecked, for package-level lists of
// inputs; whatever opens it calls Missing when it is absent.
func Dir(rel string) string {
	return filepath.Join(Shared(), filepath.FromSlash(rel))
}

// Path is ../shared/<rel> (a file or a folder, rel slash-separated), skipping or failing the
// test when it is absent.
func Path(t testing.TB, rel string) string {
	t.Helper()
	p := Dir(rel)
	if _, err := os.Stat(p); err != nil {
		Missing(t, p, err)
	}
	return p
}

// Real is the folder of real documents, ../shared/corpus/real.
func Real(t testing.TB) string {
	t.Helper()
	return Path(t, "corpus/real")
}

// Wild is the folder of unkeyed documents, ../shared/corpus/wild.
func Wild(t testing.TB) string {
	t.Helper()
	return Path(t, "corpus/wild")
}

// Missing ends a test whose input outside the repository (a shared file, a key's source)
// is absent: a skip locally, a failure where Required.
func Missing(t testing.TB, path string, err error) {
	t.Helper()
	if Required() {
		t.Fatalf("%s is absent (%v) and %s or CI is set: the shared corpus must be beside the repository", path, err, RequireEnv)
	}
	t.Skipf("%s is absent (%v): ../shared is not beside the repository", path, err)
}
