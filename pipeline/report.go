package pipeline

import (
	"strings"
	"time"

	"github.com/budgetpdf/budgetpdf/report"
)

// writeReport writes OUT/report.html and OUT/index.xlsx for the batch's documents.
func writeReport(opts BatchOptions, sum *Summary) error {
	docs := make([]report.Doc, len(sum.Results))
	for i, r := range sum.Results {
		status := string(r.Status)
		if r.Status == StatusSkipped && r.Tables == 0 {
			status = string(StatusNoTables) // already converted, and still no table
		}
		docs[i] = report.Doc{DocID: r.DocID, Source: r.Source, Status: status, Error: r.Error, SHA256: r.SHA256,
			Year: r.Year, Kind: r.DocKind, Issuer: r.Issuer, Pages: r.Pages, Tables: r.Tables, Cells: r.Cells,
			Findings: r.Findings, TableKinds: r.TableKinds, FailedPages: len(r.FailedPages), DuplicateOf: r.DuplicateOf}
		for _, f := range r.Files {
			if strings.HasSuffix(f, ".xlsx") {
				docs[i].Workbook = f // relative to OUT, as report.html sits in OUT
			}
		}
	}
	meta := report.Meta{ToolVersion: opts.ToolVersion, Finished: opts.Now().UTC().Format(time.RFC3339), Seconds: sum.Elapsed.Seconds()}
	return report.Write(opts.Out, docs, meta)
}
