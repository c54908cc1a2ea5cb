// Command gen rebuilds normalize/catalog/catalog.csv and dict.txt.
//
//	go run ./normalize/catalog/gen -shared ../shared
//
// catalog.csv: every (code, name) pair of ../shared/catalog (canonical names and aliases,
// with the sources attestations.csv gives for each printed form), plus the pairs printed in
// the seed dump and in the corpus PDFs (read with `pdftotext -layout`), each with its source.
// dict.txt: the gse segmentation dictionary, i.e. the words of gse's own Chinese dictionary
// that occur inside catalog names (a few thousand words instead of 350,000), so the mapper
// loads in milliseconds.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared folder (catalog/, seed/, corpus/real/)")
	out := flag.String("out", "normalize/catalog", "folder to write catalog.csv and dict.txt into")
	gseDict := flag.String("gse-dict", "", "gse's data/dict/zh/s_1.txt (default: found with `go list -m`)")
	flag.Parse()
	if err := run(*shared, *out, *gseDict); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type pair struct {
	code, name, kind, source string
	edition                  int
}

func run(shared, out, gseDict string) error {
	var pairs []pair
	for _, f := range []string{"functional.csv", "economic.csv", "economic_gov.csv"} {
		ps, err := readShared(filepath.Join(shared, "catalog", f))
		if err != nil {
			return err
		}
		pairs = append(pairs, ps...)
	}
	att, err := readAttestations(filepath.Join(shared, "catalog", "attestations.csv"))
	if err != nil {
		return err
	}
	pairs = append(pairs, att...)
	seed, err := seedPairs(filepath.Join(shared, "seed", "changji-hitech-zone-2026-budget.txt"))
	if err != nil {
		return err
	}
	pairs = append(pairs, seed...)
	pdfs, _ := filepath.Glob(filepath.Join(shared, "corpus", "real", "*.pdf"))
	sort.Strings(pdfs)
	for _, p := range pdfs {
		ps, err := corpusPairs(p)
		if err != nil {
			return err
		}
		pairs = append(pairs, ps...)
	}
	rows := merge(pairs)
	var buf bytes.Buffer
	if err := catalog.WriteRows(&buf, rows); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "catalog.csv"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	c := catalog.Build(rows)
	fmt.Printf("catalog.csv: %d codes, %d variants\n", c.Len(), len(rows))
	if gseDict == "" {
		dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
		if err != nil {
			return fmt.Errorf("locate gse: %w", err)
		}
		gseDict = filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt")
	}
	n, err := writeDict(c, gseDict, filepath.Join(out, "dict.txt"))
	if err != nil {
		return err
	}
	fmt.Printf("dict.txt: %d words\n", n)
	return nil
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out, nil
}

func readShared(path string) ([]pair, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	var out []pair
	for _, r := range recs {
		ed, _ := strconv.Atoi(r["edition"])
		out = append(out, pair{code: r["code"], name: r["name"], kind: catalog.KindCanonical, source: r["source"], edition: ed})
		for _, a := range regexp.MustCompile(`\s*[|;；]\s*`).Split(r["aliases"], -1) {
			if a != "" {
				out = append(out, pair{code: r["code"], name: a, kind: catalog.KindAlias})
			}
		}
		for _, s := range strings.Split(r["all_sources"], " | ") {
			if s != "" {
				// Evidence for the code itself; attached to the canonical name.
				out = append(out, pair{code: r["code"], name: r["name"], kind: catalog.KindCanonical, source: s})
			}
		}
	}
	return out, nil
}

// readAttestations keeps the printed forms of attestations.csv that are not PDF-wrap
// truncations (a strict prefix of another form of the same code, or ending in a dangling 支).
func readAttestations(path string) ([]pair, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	var out []pair
	for _, r := range recs {
		ed, _ := strconv.Atoi(r["edition"])
		out = append(out, pair{code: r["code"], name: r["name_as_printed"], kind: catalog.KindPrinted, source: r["source"], edition: ed})
	}
	return out, nil
}

var (
	seedRow  = regexp.MustCompile(`^(\d{3,4})?\t(\d{1,2})?\t(?:(\d{1,2})?\t)?(\p{Han}[^\t]*)\t`)
	seedCell = regexp.MustCompile(`(?:^|\t)(2\d{2}) (\p{Han}+)`)
)

// seedPairs reads the tab-separated tables of the seed dump: rows `201\t03\t01\t行政运行\t…`,
// child rows `\t02\t津贴补贴\t…` under the 类 above, and `201 一般公共服务支出` cells.
func seedPairs(path string) ([]pair, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src := "seed:" + filepath.Base(path)
	var out []pair
	lei := ""
	for _, line := range strings.Split(string(b), "\n") {
		if m := seedRow.FindStringSubmatch(line); m != nil {
			l, k, x, name := m[1], m[2], m[3], catalog.PrintedName(m[4])
			if l != "" {
				lei = l
			} else if k == "" {
				continue // a text row (绩效 tables), not a code row
			} else {
				l = lei
			}
			if len(l) != 3 || (k != "" && len(k) != 2) || (x != "" && len(x) != 2) || (x != "" && k == "") {
				continue // malformed (the seed prints `2085 05 02`): not evidence for a name
			}
			out = append(out, pair{code: l + k + x, name: name, kind: catalog.KindPrinted, source: src, edition: 2026})
			continue
		}
		for _, m := range seedCell.FindAllStringSubmatch(line, -1) {
			out = append(out, pair{code: m[1], name: m[2], kind: catalog.KindPrinted, source: src, edition: 2026})
		}
	}
	return out, nil
}

var (
	layoutSplit = regexp.MustCompile(`^\s*(\d{3})\s{1,8}(\d{2})?\s{0,8}(\d{2})?\s+(\p{Han}[\p{Han}（）()、，,]*)`)
	layoutOne   = regexp.MustCompile(`^\s*\[?(\d{7}|\d{5}|\d{3})\]?\s*[-－]?\s*(\p{Han}[\p{Han}（）()、，,]*)`)
	yearRe      = regexp.MustCompile(`(20\d\d)`)
)

// corpusPairs reads code/name pairs from a corpus PDF's text layer.
func corpusPairs(path string) ([]pair, error) {
	txt, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext %s: %w", path, err)
	}
	src := "corpus:" + filepath.Base(path)
	ed := 0
	if m := yearRe.FindString(filepath.Base(path)); m != "" {
		ed, _ = strconv.Atoi(m)
	}
	var out []pair
	sc := bufio.NewScanner(bytes.NewReader(txt))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		var code, name string
		if m := layoutSplit.FindStringSubmatch(line); m != nil && (m[2] != "" || m[3] == "") {
			code, name = m[1]+m[2]+m[3], m[4]
		} else if m := layoutOne.FindStringSubmatch(line); m != nil {
			code, name = m[1], m[2]
		} else {
			continue
		}
		scheme := catalog.SchemeOf(code)
		if lvl, _ := catalog.LevelOf(code, scheme); lvl == 0 || scheme == catalog.Revenue {
			continue
		}
		if utf8.RuneCountInString(name) < 2 {
			continue
		}
		out = append(out, pair{code: code, name: name, kind: catalog.KindPrinted, source: src, edition: ed})
	}
	return out, sc.Err()
}

// merge turns pairs into rows: one per (code, name), with the union of sources, dropping
// printed forms that are wrap truncations of another form of the same code.
func merge(pairs []pair) []catalog.Row {
	type key struct{ code, name string }
	rows := map[key]*catalog.Row{}
	names := map[string][]string{}
	rank := map[string]int{catalog.KindCanonical: 0, catalog.KindAlias: 1, catalog.KindPrinted: 2}
	for _, p := range pairs {
		name := catalog.PrintedName(p.name)
		if name == "" {
			continue
		}
		k := key{p.code, name}
		r := rows[k]
		if r == nil {
			r = &catalog.Row{Scheme: catalog.SchemeOf(p.code), Code: p.code, Name: name, Kind: p.kind}
			rows[k] = r
			names[p.code] = append(names[p.code], name)
		}
		if rank[p.kind] < rank[r.Kind] {
			r.Kind = p.kind
		}
		if p.source != "" && !contains(r.Sources, p.source) {
			r.Sources = append(r.Sources, p.source)
		}
		r.Edition = max(r.Edition, p.edition)
	}
	// A printed-only name seen under two codes is a mislabelled row somewhere (the seed
	// prints 23304 地方政府专项债务付息支出, the name of 23204): it stays only with the
	// codes for which it is the sole name. (Names printed under many codes, 行政运行, are
	// generic 项 names, not mislabels.)
	codesOf := map[string][]string{}
	for k, r := range rows {
		if nk := catalog.NameKey(k.name); r.Kind == catalog.KindPrinted && !contains(codesOf[nk], k.code) {
			codesOf[nk] = append(codesOf[nk], k.code)
		}
	}
	var out []catalog.Row
	for k, r := range rows {
		if r.Kind == catalog.KindPrinted && truncated(k.name, names[k.code]) {
			continue
		}
		if r.Kind == catalog.KindPrinted && len(codesOf[catalog.NameKey(k.name)]) == 2 && len(names[k.code]) > 1 && sameLevel(codesOf[catalog.NameKey(k.name)]) {
			continue
		}
		sort.Strings(r.Sources)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Code != out[j].Code {
			return out[i].Code < out[j].Code
		}
		if rank[out[i].Kind] != rank[out[j].Kind] {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// truncated reports a name that is a strict prefix of another name of the same code, or
// that ends in a dangling 支 (a wrapped 支出).
func truncated(name string, others []string) bool {
	if strings.HasSuffix(name, "支") {
		return true
	}
	k := catalog.NameKey(name)
	for _, o := range others {
		ok := catalog.NameKey(o)
		if ok != k && strings.HasPrefix(ok, k) {
			return true
		}
	}
	return false
}

// sameLevel reports codes of one scheme and length (a name shared by a 款 and one of its
// 项, like 其他支出, or by an economic and a government-economic code, is normal).
func sameLevel(codes []string) bool {
	for _, c := range codes[1:] {
		if len(c) != len(codes[0]) || catalog.SchemeOf(c) != catalog.SchemeOf(codes[0]) {
			return false
		}
	}
	return true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// writeDict keeps the words of gse's dictionary that occur inside catalog names.
func writeDict(c *catalog.Catalog, gsePath, out string) (int, error) {
	var corpus []string
	for _, e := range c.Entries() {
		for _, v := range e.Variants {
			corpus = append(corpus, catalog.NameKey(v.Name))
		}
	}
	all := strings.Join(corpus, "\n")
	f, err := os.Open(gsePath)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var lines []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		w := fields[0]
		n := utf8.RuneCountInString(w)
		if n < 2 || n > 8 || seen[w] || !allHan(w) || !strings.Contains(all, w) {
			continue
		}
		seen[w] = true
		lines = append(lines, w+" "+fields[1]+" "+strings.Join(fields[2:], " "))
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	sort.Strings(lines)
	return len(lines), os.WriteFile(out, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
