// Package export writes normalized documents as Excel workbooks, CSV (answer-key format and
// one row per amount cell), Parquet for the data lake and JSON with full provenance.
package export
