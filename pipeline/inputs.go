package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Input is one document of a batch.
type Input struct {
	Path  string // as found (cleaned), used in messages and outputs
	DocID string // the output folder name: sanitised file stem, unique within the batch
	Size  int64
	// Source, when set, is the name the outputs and messages give the document instead of
	// Path: `budgetpdf worker` reads a downloaded copy of the file submitted as Source.
	Source string
}

// Name is the document's name in outputs and messages: Source, else Path.
func (in Input) Name() string {
	if in.Source != "" {
		return in.Source
	}
	return in.Path
}

// Expand turns command-line arguments (files, folders searched recursively for *.pdf, glob
// patterns) into the batch's documents, sorted by path, each once, with unique DocIDs.
// A file named explicitly is taken whatever its extension (it fails later, clearly, if it
// is not a PDF). An argument that matches nothing is an error naming it.
func Expand(args []string) ([]Input, error) {
	seen := map[string]bool{}
	var paths []string
	add := func(p string) {
		p = filepath.Clean(p)
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			paths = append(paths, p)
		}
	}
	for _, arg := range args {
		matches := []string{arg}
		if _, err := os.Stat(arg); err != nil && strings.ContainsAny(arg, "*?[") {
			m, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, fmt.Errorf("%s: bad pattern: %w", arg, gerr)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("%s: no file matches", arg)
			}
			matches = m
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", m, unwrapPathError(err))
			}
			if !st.IsDir() {
				add(m)
				continue
			}
			n := 0
			err = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return fmt.Errorf("%s: %w", p, unwrapPathError(err))
				}
				if d.IsDir() {
					// Hidden folders (.git, our own .tmp files' folders) are not documents.
					if p != m && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if strings.EqualFold(filepath.Ext(p), ".pdf") && !strings.HasPrefix(d.Name(), ".") {
					add(p)
					n++
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, fmt.Errorf("%s: no PDF files in this folder", m)
			}
		}
	}
	slices.Sort(paths)
	ids := DocIDs(paths)
	out := make([]Input, len(paths))
	for i, p := range paths {
		var size int64
		if st, err := os.Stat(p); err == nil {
			size = st.Size()
		}
		out[i] = Input{Path: p, DocID: ids[i], Size: size}
	}
	return out, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// DocIDs gives each path its output folder name: the file stem with anything but letters
// (Chinese included), digits, '-', '_' and '.' turned into '_', made unique within the batch
// (case-insensitively, for case-insensitive file systems) by -2, -3, … in path order.
func DocIDs(paths []string) []string {
	used := map[string]bool{}
	ids := make([]string, len(paths))
	for i, p := range paths {
		base := SanitizeID(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)))
		id := base
		for n := 2; used[strings.ToLower(id)] || reservedID(id); n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[strings.ToLower(id)] = true
		ids[i] = id
	}
	return ids
}

// reservedID are names the output folder itself uses.
func reservedID(id string) bool {
	switch strings.ToLower(id) {
	case "parquet", "cells.csv", "run.json":
		return true
	}
	return false
}

// SanitizeID makes a file stem safe as a folder name on every system.
func SanitizeID(stem string) string {
	var b strings.Builder
	for _, r := range stem {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	s := strings.Trim(b.String(), "._")
	if len([]rune(s)) > 100 {
		s = string([]rune(s)[:100])
	}
	if s == "" {
		s = "document"
	}
	return s
}

// Shard returns the index-th of n deterministic shards of inputs (index from 0, as
// Kubernetes' JOB_COMPLETION_INDEX). Every process that expands the same arguments gets
// the same shards, so n processes together convert every document exactly once, each into
// the folder name the whole batch would give it. Shards are balanced by file size (largest
// first, each to the lightest shard; ties by path), a stand-in for pages: a scanned
// document is both big and slow.
func Shard(inputs []Input, index, n int) ([]Input, error) {
	if n < 1 || index < 0 || index >= n {
		return nil, fmt.Errorf("shard %d/%d: want 0 <= index < n", index, n)
	}
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if d := inputs[b].Size - inputs[a].Size; d != 0 {
			return int(min(max(d, -1), 1))
		}
		return strings.Compare(inputs[a].Path, inputs[b].Path)
	})
	load := make([]int64, n)
	mine := make([]bool, len(inputs))
	for _, i := range order {
		lightest := 0
		for s := 1; s < n; s++ {
			if load[s] < load[lightest] {
				lightest = s
			}
		}
		load[lightest] += max(inputs[i].Size, 1)
		mine[i] = lightest == index
	}
	var out []Input
	for i, in := range inputs {
		if mine[i] {
			out = append(out, in)
		}
	}
	return out, nil
}

// ParseShard reads `I/N` (I from 0), or `N` alone with I from the environment variable
// JOB_COMPLETION_INDEX that Kubernetes sets in the pods of an Indexed Job.
func ParseShard(s string, getenv func(string) string) (index, n int, err error) {
	is, ns, ok := strings.Cut(s, "/")
	if !ok {
		is, ns = getenv("JOB_COMPLETION_INDEX"), s
		if is == "" {
			return 0, 0, fmt.Errorf("--shard %s: give I/N, or N with JOB_COMPLETION_INDEX set", s)
		}
	}
	if index, err = strconv.Atoi(strings.TrimSpace(is)); err != nil {
		return 0, 0, fmt.Errorf("--shard %s: index %q is not a number", s, is)
	}
	if n, err = strconv.Atoi(strings.TrimSpace(ns)); err != nil {
		return 0, 0, fmt.Errorf("--shard %s: count %q is not a number", s, ns)
	}
	if n < 1 || index < 0 || index >= n {
		return 0, 0, fmt.Errorf("--shard %s: want 0 <= I < N", s)
	}
	return index, n, nil
}
