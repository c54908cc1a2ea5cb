package lake

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCSVSourceUnquotes: convert's CSVs quote text a spreadsheet would run as a formula
// ('=1+1); the lake stores the text itself, and numbers (-12.50) as they are.
func TestCSVSourceUnquotes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cells.csv")
	if err := os.WriteFile(p, []byte("\ufeffname,value\n'=1+1,-12.50\n''=2,3\n'abc,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := openCSV(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := [][]string{{"=1+1", "-12.50"}, {"'=2", "3"}, {"'abc", "4"}}
	for i, w := range want {
		rec, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rec, w) {
			t.Errorf("row %d: %q, want %q", i+1, rec, w)
		}
	}
}
