package export

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/normalize"
)

func sampleDoc(t testing.TB) *normalize.Document { return exporttest.Sample(t) }

func sampleMeta() Meta {
	return Meta{DocID: exporttest.SampleDocID, SourceFile: exporttest.SampleSource, ToolVersion: "test", ConvertedAt: "2026-01-02T03:04:05Z"}
}
