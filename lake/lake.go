// Package lake keeps converted documents in an Apache Iceberg data lake: three tables,
// budget.cells (one row per cell of cells.csv), budget.findings (findings.csv with the
// document's id) and budget.documents (one row per document), under a SQL catalog.
//
// Decisions:
//
//   - A document is added from its output folder (conversion.json, cells.csv,
//     findings.csv), not from memory: the lake holds exactly the CSV's cells, and a document
//     converted in another process (a child, a worker on another machine) is added the same
//     way.
//   - A document is replaced, never duplicated: each table gets one overwrite snapshot
//     filtered on doc_id (the output folder name, the unit convert replaces), so any number
//     of re-runs leaves one copy. cells and findings are written first and the documents row
//     last, so a documents row says its cells are complete (there are no multi-table
//     transactions in a SQL catalog); --resume trusts it the way it trusts conversion.json.
//   - The catalog is Iceberg's SQL (JDBC) catalog: SQLite at LOCATION/catalog.db for a
//     local lake (pure Go driver, no cgo), or any Postgres for a shared one, which Spark's
//     and Trino's JDBC catalogs open as they are.
package lake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	sqlcat "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/io"
	_ "github.com/apache/iceberg-go/io/gocloud/s3" // s3:// warehouses
	"github.com/apache/iceberg-go/table"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

// Namespace and table names.
const (
	Namespace      = "budget"
	CellsTable     = "cells"
	FindingsTable  = "findings"
	DocumentsTable = "documents"
	// CatalogName is the catalog_name the SQL catalog files the tables under: Spark's and
	// Trino's JDBC catalogs must be given the same name to see them.
	CatalogName = "budgetpdf"
	// CatalogFile is a local lake's SQLite catalog, inside LOCATION.
	CatalogFile = "catalog.db"
	// WarehouseDir is a local lake's data, inside LOCATION.
	WarehouseDir = "warehouse"
)

// Options say where the lake is.
type Options struct {
	// Location is a local folder or s3://bucket/prefix.
	Location string
	// Catalog is the SQL catalog: "" for SQLite at Location/catalog.db (local lakes
	// only), postgres://… for a shared catalog, sqlite:PATH for another SQLite file.
	Catalog string
	// CatalogName is the catalog_name rows are filed under (default CatalogName).
	CatalogName string
	// S3Endpoint is an S3-compatible store's URL (MinIO, Ceph, a test server); "" is AWS.
	// Credentials and region come from the usual AWS environment variables.
	S3Endpoint string
	S3Region   string
	// Resume makes AddDocument skip a document whose conversion the lake already holds
	// (same doc_id, content hash, tool version and conversion time).
	Resume bool
}

// Lake is an open lake. Its methods may be called from several goroutines: writes are
// serialised (Iceberg commits to one table are sequential anyway).
type Lake struct {
	opts Options
	db   *sql.DB
	cat  *sqlcat.Catalog
	mu   sync.Mutex
	docs map[string]docState // the documents table, for Resume
}

// Open opens (and on first use creates) the lake's catalog and namespace. Tables are
// created by the first document added.
func Open(ctx context.Context, opts Options) (*Lake, error) {
	if opts.Location == "" {
		return nil, errors.New("lake: no location")
	}
	if opts.CatalogName == "" {
		opts.CatalogName = CatalogName
	}
	warehouse, err := warehouseURL(opts)
	if err != nil {
		return nil, err
	}
	driver, dialect, dsn, err := catalogDSN(opts)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("lake catalog %s: %w", redact(opts.Catalog), err)
	}
	props := iceberg.Properties{"warehouse": warehouse, "init_catalog_tables": "true"}
	if opts.S3Endpoint != "" {
		props[io.S3EndpointURL] = opts.S3Endpoint
	}
	region := opts.S3Region
	if region == "" && opts.S3Endpoint != "" && os.Getenv("AWS_REGION") == "" && os.Getenv("AWS_DEFAULT_REGION") == "" {
		region = "us-east-1" // S3-compatible stores ignore it, but requests must be signed with one
	}
	if region != "" {
		props[io.S3Region] = region
	}
	cat, err := sqlcat.NewCatalog(opts.CatalogName, db, dialect, props)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("lake catalog %s: %w", redact(opts.Catalog), err)
	}
	l := &Lake{opts: opts, db: db, cat: cat}
	if err := l.ensureNamespace(ctx); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// Close releases the catalog.
func (l *Lake) Close() error {
	err := l.cat.Close()
	if e := l.db.Close(); err == nil {
		err = e
	}
	return err
}

// Catalog is the lake's Iceberg catalog (for reading tables with iceberg-go).
func (l *Lake) Catalog() catalog.Catalog { return l.cat }

// Table loads budget.<name>.
func (l *Lake) Table(ctx context.Context, name string) (*table.Table, error) {
	return l.cat.LoadTable(ctx, ident(name))
}

func ident(name string) table.Identifier { return table.Identifier{Namespace, name} }

func (l *Lake) ensureNamespace(ctx context.Context) error {
	ok, err := l.cat.CheckNamespaceExists(ctx, table.Identifier{Namespace})
	if err != nil {
		return fmt.Errorf("lake catalog: %w", err)
	}
	if ok {
		return nil
	}
	err = l.cat.CreateNamespace(ctx, table.Identifier{Namespace}, iceberg.Properties{"comment": "budgetpdf: converted budget and final-accounts disclosures"})
	if err != nil && !errors.Is(err, catalog.ErrNamespaceAlreadyExists) {
		return fmt.Errorf("lake catalog: create namespace %s: %w", Namespace, err)
	}
	return nil
}

// IsS3 reports whether a location is an S3 URL.
func IsS3(location string) bool {
	return strings.HasPrefix(location, "s3://") || strings.HasPrefix(location, "s3a://")
}

// warehouseURL is where the catalog puts new tables: LOCATION/warehouse for a folder (an
// absolute file:// URL, which Spark, Trino and DuckDB resolve the same), the S3 URL itself.
func warehouseURL(opts Options) (string, error) {
	if IsS3(opts.Location) {
		u, err := url.Parse(opts.Location)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("lake location %q: want s3://bucket/prefix", opts.Location)
		}
		return strings.TrimRight(opts.Location, "/"), nil
	}
	if strings.Contains(opts.Location, "://") {
		return "", fmt.Errorf("lake location %q: want a folder or s3://bucket/prefix", opts.Location)
	}
	abs, err := filepath.Abs(opts.Location)
	if err != nil {
		return "", fmt.Errorf("lake location %s: %w", opts.Location, err)
	}
	dir := filepath.Join(abs, WarehouseDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("lake location: %w", err)
	}
	return "file://" + filepath.ToSlash(dir), nil
}

// catalogDSN turns the catalog option into a database/sql driver, bun dialect and DSN.
func catalogDSN(opts Options) (driver string, dialect sqlcat.SupportedDialect, dsn string, err error) {
	c := opts.Catalog
	switch {
	case c == "" && IsS3(opts.Location):
		return "", "", "", fmt.Errorf("lake %s: an S3 lake needs a SQL catalog (postgres://… or sqlite:PATH)", opts.Location)
	case c == "":
		abs, err := filepath.Abs(filepath.Join(opts.Location, CatalogFile))
		if err != nil {
			return "", "", "", err
		}
		return "sqlite", sqlcat.SQLite, sqliteDSN(abs), nil
	case strings.HasPrefix(c, "postgres://") || strings.HasPrefix(c, "postgresql://"):
		return "pgx", sqlcat.Postgres, c, nil
	case strings.HasPrefix(c, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(c, "sqlite:"), "//")
		if p == "" {
			return "", "", "", fmt.Errorf("lake catalog %q: no file", c)
		}
		return "sqlite", sqlcat.SQLite, sqliteDSN(p), nil
	}
	return "", "", "", fmt.Errorf("lake catalog %q: want postgres://… or sqlite:PATH", redact(c))
}

// sqliteDSN waits on a locked database (two writers: a convert and a lake info, two
// workers) instead of failing at once, and uses WAL so readers do not block the writer.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)"
}

// redact hides a password in a catalog URI for messages.
func redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	return u.Redacted()
}
