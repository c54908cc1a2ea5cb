package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Input is one document of a batch.
type Input struct {
	Path  string // as found (cleaned), used in messages and outputs
	DocID string // the output folder name: sanitised file stem, unique within the batch
	Size  int64
	// Source, when set, is the name the outputs and messages give the document instead of
	// Path: `budgetpdf worker` reads a downloaded copy of the file submitted as Source.
	Source string
	// Err, when set, is why this path found by Expand cannot be read as a document (a
	// subfolder that cannot be read, a folder named like a PDF). The batch lists it as a
	// failed input (no DocID, no outputs) and converts the rest.
	Err error
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
// is not a PDF). An argument that matches nothing is an error naming it. A path that is
// found but cannot be a document — a folder (or subfolder) that cannot be read, a folder
// named `*.pdf` holding no PDF — is an Input with Err set, so it fails alone.
func Expand(args []string) ([]Input, error) {
	seen := map[string]bool{}
	var paths []string
	bad := map[string]error{}
	key := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	add := func(p string) {
		p = filepath.Clean(p)
		if k := key(p); !seen[k] {
			seen[k] = true
			paths = append(paths, p)
		}
	}
	addBad := func(p string, err error) {
		p = filepath.Clean(p)
		if k := key(p); !seen[k] {
			seen[k] = true
			bad[p] = err
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
			n, nbad := 0, 0
			err = walkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					// An unreadable folder fails alone; the rest of the tree is converted.
					addBad(p, fmt.Errorf("cannot read this folder: %w", unwrapPathError(err)))
					nbad++
					if d != nil && d.IsDir() && p != m {
						return filepath.SkipDir
					}
					return nil
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
			switch {
			case n > 0 || nbad > 0:
			case strings.EqualFold(filepath.Ext(m), ".pdf"):
				// Named (or matched) as a PDF: a bad input of the batch, not a usage error.
				addBad(m, errors.New("is a folder, not a PDF file, and holds no PDF"))
			default:
				return nil, fmt.Errorf("%s: no PDF files in this folder", m)
			}
		}
	}
	slices.Sort(paths)
	ids := DocIDs(paths)
	out := make([]Input, 0, len(paths)+len(bad))
	for i, p := range paths {
		var size int64
		if st, err := os.Stat(p); err == nil {
			size = st.Size()
		}
		out = append(out, Input{Path: p, DocID: ids[i], Size: size})
	}
	for p, err := range bad {
		out = append(out, Input{Path: p, Err: err})
	}
	slices.SortStableFunc(out, func(a, b Input) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// walkDir is filepath.WalkDir; tests replace it to make a folder unreadable when they run
// as root (who can read any folder whatever its mode).
var walkDir = filepath.WalkDir

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
	if len(s) > MaxIDBytes {
		// Cut at a rune boundary and add a hash of the whole stem, so two long names that
		// share their beginning still get different ids.
		sum := sha256.Sum256([]byte(stem))
		suffix := "-" + hex.EncodeToString(sum[:4])
		cut := MaxIDBytes - len(suffix)
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimRight(s[:cut], "._-") + suffix
	}
	if s == "" {
		s = "document"
	}
	return s
}

// MaxIDBytes bounds a doc id (in UTF-8 bytes): file systems allow 255 bytes per name, and the
// longest name made from an id, the Parquet file's temporary `.<id>.parquet.tmp-<10 digits>`,
// adds 24; the rest leaves room for the -2, -3, … that make ids unique. A Chinese name of
// 67 characters or more is longer than this.
const MaxIDBytes = 200

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
