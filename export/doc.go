// Package export writes normalized documents as Excel workbooks, CSV (answer-key format and
// one row per amount cell), Parquet for the data lake and JSON with full provenance.
//
// The layout it produces is documented for users in docs/OUTPUT.md; the decisions behind
// each writer are at the top of its file (xlsx.go, parquet.go). In short:
//   - Money never passes through float64: Excel cells get the exact decimal text as their
//     numeric value, Parquet gets DECIMAL(38,12) (exact for every money.Decimal), CSV and
//     JSON the printed decimal string.
//   - Every file is written to a temp name and renamed (CreateAtomic, WriteFileAtomic), so
//     an interrupted run leaves no half file under a final name.
//   - A document is written in one pass and then dropped (Cells is an iterator; Parquet is
//     buffered 1024 rows at a time), so memory is bounded by one document.
package export
