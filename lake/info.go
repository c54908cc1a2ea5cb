package lake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go/catalog"
	"github.com/apache/iceberg-go/table"
)

// Info describes a lake: its tables with their snapshots, and its documents.
type Info struct {
	Warehouse string      `json:"warehouse"`
	Tables    []TableInfo `json:"tables"`
	Documents int         `json:"documents"`
	// Latest are the documents written last, newest first.
	Latest []DocInfo `json:"latest_documents"`
}

// TableInfo is one table's current state and history.
type TableInfo struct {
	Name     string `json:"name"` // budget.<table>
	Location string `json:"location"`
	// Metadata is the current metadata file: what DuckDB's iceberg_scan reads.
	Metadata  string         `json:"metadata"`
	Columns   []string       `json:"columns"`
	Partition []string       `json:"partitioned_by,omitempty"`
	Records   int64          `json:"records"` // in the current snapshot
	DataFiles int64          `json:"data_files"`
	Snapshots []SnapshotInfo `json:"snapshots"` // oldest first
}

// SnapshotInfo is one commit: which document it wrote and how the record count moved.
type SnapshotInfo struct {
	ID        int64     `json:"id"`
	Time      time.Time `json:"time"`
	Operation string    `json:"operation"`
	DocID     string    `json:"doc_id,omitempty"`
	Added     int64     `json:"added_records"`
	Deleted   int64     `json:"deleted_records"`
	Records   int64     `json:"total_records"`
	Current   bool      `json:"current,omitempty"`
}

// DocInfo is a budget.documents row.
type DocInfo struct {
	DocID       string    `json:"doc_id"`
	Source      string    `json:"source_file"`
	SHA256      string    `json:"source_sha256"`
	Year        int       `json:"year,omitempty"`
	DocKind     string    `json:"doc_kind,omitempty"`
	Status      string    `json:"status"`
	Cells       int64     `json:"cells"`
	ToolVersion string    `json:"tool_version"`
	ConvertedAt time.Time `json:"converted_at"`
	AddedAt     time.Time `json:"added_at"`
}

// Describe reads the lake's tables and the latest documents written (at most latest).
func (l *Lake) Describe(ctx context.Context, latest int) (*Info, error) {
	info := &Info{Warehouse: l.cat.Name()}
	if w, err := warehouseURL(l.opts); err == nil {
		info.Warehouse = w
	}
	for _, name := range []string{CellsTable, FindingsTable, DocumentsTable} {
		tbl, err := l.Table(ctx, name)
		if errors.Is(err, catalog.ErrNoSuchTable) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("lake: %s.%s: %w", Namespace, name, err)
		}
		info.Tables = append(info.Tables, describeTable(tbl))
		if name == DocumentsTable {
			docs, err := readDocuments(ctx, tbl)
			if err != nil {
				return nil, err
			}
			info.Documents = len(docs)
			slices.SortFunc(docs, func(a, b DocInfo) int { return b.AddedAt.Compare(a.AddedAt) })
			info.Latest = docs[:min(latest, len(docs))]
		}
	}
	return info, nil
}

func describeTable(tbl *table.Table) TableInfo {
	ti := TableInfo{Name: Namespace + "." + tbl.Identifier()[len(tbl.Identifier())-1], Location: tbl.Location(), Metadata: tbl.MetadataLocation()}
	for _, f := range tbl.Schema().Fields() {
		ti.Columns = append(ti.Columns, f.Name)
	}
	spec := tbl.Spec()
	for _, f := range spec.Fields() {
		ti.Partition = append(ti.Partition, f.Name)
	}
	cur := tbl.CurrentSnapshot()
	for _, s := range tbl.Metadata().Snapshots() {
		si := SnapshotInfo{ID: s.SnapshotID, Time: time.UnixMilli(s.TimestampMs).UTC(), Current: cur != nil && cur.SnapshotID == s.SnapshotID}
		if s.Summary != nil {
			p := s.Summary.Properties
			si.Operation = string(s.Summary.Operation)
			si.DocID = p["budgetpdf.doc_id"]
			si.Added, si.Deleted, si.Records = propInt(p, "added-records"), propInt(p, "deleted-records"), propInt(p, "total-records")
		}
		ti.Snapshots = append(ti.Snapshots, si)
	}
	if cur != nil && cur.Summary != nil {
		ti.Records = propInt(cur.Summary.Properties, "total-records")
		ti.DataFiles = propInt(cur.Summary.Properties, "total-data-files")
	}
	return ti
}

func propInt(p map[string]string, k string) int64 {
	n, _ := strconv.ParseInt(p[k], 10, 64)
	return n
}

// readDocuments reads budget.documents' current rows.
func readDocuments(ctx context.Context, tbl *table.Table) ([]DocInfo, error) {
	cols := []string{"doc_id", "source_file", "source_sha256", "year", "doc_kind", "status", "cells", "tool_version", "converted_at", "added_at"}
	at, err := tbl.Scan(table.WithSelectedFields(cols...)).ToArrowTable(ctx)
	if err != nil {
		return nil, fmt.Errorf("lake: reading %s.%s: %w", Namespace, DocumentsTable, err)
	}
	defer at.Release()
	tr := array.NewTableReader(at, batchRows)
	defer tr.Release()
	var out []DocInfo
	for tr.Next() {
		r := tr.RecordBatch()
		col := func(name string) int { return r.Schema().FieldIndices(name)[0] }
		str := func(name string, i int) string { return r.Column(col(name)).(*array.String).Value(i) }
		year, cells := r.Column(col("year")).(*array.Int32), r.Column(col("cells")).(*array.Int64)
		converted, added := r.Column(col("converted_at")).(*array.Timestamp), r.Column(col("added_at")).(*array.Timestamp)
		for i := range int(r.NumRows()) {
			out = append(out, DocInfo{
				DocID: str("doc_id", i), Source: str("source_file", i), SHA256: str("source_sha256", i),
				Year: int(year.Value(i)), DocKind: str("doc_kind", i), Status: str("status", i),
				Cells: cells.Value(i), ToolVersion: str("tool_version", i),
				ConvertedAt: time.UnixMicro(int64(converted.Value(i))).UTC(),
				AddedAt:     time.UnixMicro(int64(added.Value(i))).UTC(),
			})
		}
	}
	return out, tr.Err()
}
