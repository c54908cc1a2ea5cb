package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/budgetpdf/budgetpdf/internal/cliflag"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func init() {
	commands["catalog"] = command{summary: "grow the subject-code catalog (import, learn, stats)", run: runCatalog}
}

// runCatalog: `budgetpdf catalog import FILE.csv|xlsx`, `catalog learn FILE.pdf...`,
// `catalog stats`. Imported and learned entries live in catalog.Dir() ($BUDGETPDF_CATALOG_DIR
// overrides it, or --dir); the embedded catalog is never modified.
func runCatalog(args []string, stdout, stderr io.Writer) int {
	const usage = "usage: budgetpdf catalog import FILE.csv|FILE.xlsx | learn FILE.pdf... | stats  [--dir DIR]"
	if len(args) == 0 || cliflag.HelpRequested(args[:1]) {
		fmt.Fprintln(stderr, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub := args[0]
	fs := flag.NewFlagSet("catalog "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, usage+"\n\nflags:"); fs.PrintDefaults() }
	dir := fs.String("dir", "", "catalog folder (default $"+catalog.EnvDir+" or the user data folder)")
	pos, err := cliflag.Interleaved(fs, args[1:])
	if err != nil {
		return usageExit(err)
	}
	if *dir == "" {
		d, err := catalog.Dir()
		if err != nil {
			fmt.Fprintln(stderr, "budgetpdf catalog:", err)
			return exitFailed
		}
		*dir = d
	}
	switch sub {
	case "import":
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "usage: budgetpdf catalog import FILE.csv|FILE.xlsx")
			return exitUsage
		}
		rows, source, err := catalog.ParseOfficial(pos[0])
		if err != nil {
			fmt.Fprintln(stderr, "budgetpdf catalog import:", err)
			return exitFailed
		}
		total, err := catalog.SaveImported(*dir, source, rows)
		if err != nil {
			fmt.Fprintln(stderr, "budgetpdf catalog import:", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "imported %d codes from %s into %s (%d imported rows in total)\n", len(rows), pos[0], *dir, total)
	case "learn":
		if len(pos) == 0 {
			fmt.Fprintln(stderr, "usage: budgetpdf catalog learn FILE.pdf...")
			return exitUsage
		}
		failed := false
		for _, path := range pos {
			res, err := pipeline.Run(path, pipeline.Options{})
			if err != nil {
				fmt.Fprintf(stderr, "budgetpdf catalog learn: %s: %v\n", path, err)
				failed = true
				continue
			}
			var pairs []catalog.Pair
			for _, t := range res.Doc.Tables {
				for _, r := range t.Rows {
					// Only printed, well-formed codes that needed no repair are evidence.
					if r.Code != "" && r.Name != "" && len(r.Repairs) == 0 && r.CodeLevel > 0 {
						pairs = append(pairs, catalog.Pair{Code: r.Code, Name: r.Name, Source: "learned:" + path})
					}
				}
			}
			n, err := catalog.Learn(*dir, pairs)
			if err != nil {
				fmt.Fprintf(stderr, "budgetpdf catalog learn: %s: %v\n", path, err)
				failed = true
				continue
			}
			fmt.Fprintf(stdout, "%s: %d pairs seen, %d new\n", path, len(pairs), n)
		}
		if failed {
			return exitFailed
		}
	case "stats":
		c, err := catalog.Load(*dir)
		if err != nil {
			fmt.Fprintln(stderr, "budgetpdf catalog:", err)
			return exitFailed
		}
		embedded, err := catalog.Embedded()
		if err != nil {
			fmt.Fprintln(stderr, "budgetpdf catalog:", err)
			return exitFailed
		}
		if len(pos) != 0 {
			fmt.Fprintln(stderr, "usage: budgetpdf catalog stats [--dir DIR]")
			return exitUsage
		}
		by := map[string]int{}
		kinds := map[string]int{}
		newCodes := map[string]int{} // codes known only from the user's store, by kind
		for _, e := range c.Entries() {
			by[e.Scheme]++
			for _, v := range e.Variants {
				kinds[v.Kind]++
			}
			if k := e.Variants[0].Kind; k == catalog.KindImported || k == catalog.KindLearned {
				if _, inEmbedded := embedded.Lookup(e.Code); !inEmbedded {
					newCodes[k]++
				}
			}
		}
		fmt.Fprintf(stdout, "catalog (%s): %d codes: functional %d, economic %d, economic_gov %d, revenue %d\n", *dir, c.Len(), by[catalog.Functional], by[catalog.Economic], by[catalog.EconomicGov], by[catalog.Revenue])
		fmt.Fprintf(stdout, "name variants: imported %d, canonical %d, alias %d, printed %d, learned %d\n", kinds[catalog.KindImported], kinds[catalog.KindCanonical], kinds[catalog.KindAlias], kinds[catalog.KindPrinted], kinds[catalog.KindLearned])
		fmt.Fprintf(stdout, "embedded %d codes; the user's store adds %d imported and %d learned codes\n", embedded.Len(), newCodes[catalog.KindImported], newCodes[catalog.KindLearned])
	default:
		fmt.Fprintf(stderr, "budgetpdf catalog: unknown subcommand %q\n", sub)
		return exitUsage
	}
	return exitOK
}
