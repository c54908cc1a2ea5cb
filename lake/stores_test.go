package lake

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestLakeS3 runs the must-show sequence on an in-process S3 server (gofakes3): the
// warehouse is s3://budget-lake/warehouse, the catalog a SQLite file.
func TestLakeS3(t *testing.T) {
	out := converted(t)
	const bucket = "budget-lake"
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer srv.Close()
	// The usual AWS environment, pointing at nothing but the test server.
	t.Setenv("AWS_ACCESS_KEY_ID", "test-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))

	l := openLake(t, Options{
		Location:   "s3://" + bucket + "/warehouse",
		Catalog:    "sqlite:" + filepath.Join(t.TempDir(), "catalog.db"),
		S3Endpoint: srv.URL,
	})
	scenario(t, l, out)

	// The data is in the bucket, not on disk.
	list, err := backend.ListBucket(bucket, nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var parquet, metadata int
	for _, o := range list.Contents {
		switch {
		case strings.HasPrefix(o.Key, "warehouse/budget.db/cells/data/") && strings.HasSuffix(o.Key, ".parquet"):
			parquet++
		case strings.HasPrefix(o.Key, "warehouse/budget.db/cells/metadata/") && strings.HasSuffix(o.Key, ".metadata.json"):
			metadata++
		}
	}
	if parquet == 0 || metadata == 0 {
		t.Errorf("bucket holds %d cells data files and %d metadata files; want both", parquet, metadata)
	}
	tbl, err := l.Table(context.Background(), CellsTable)
	if err != nil {
		t.Fatal(err)
	}
	if loc := tbl.Location(); loc != "s3://"+bucket+"/warehouse/budget.db/cells" {
		t.Errorf("budget.cells is at %s", loc)
	}
}

// postgresURI is the shared catalog the Postgres test uses: the machine's (and CI's)
// PostgreSQL, database test, unless BUDGETPDF_TEST_POSTGRES names another.
func postgresURI() string {
	if u := os.Getenv("BUDGETPDF_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// TestLakePostgres runs the must-show sequence with the catalog in PostgreSQL (the shared
// catalog Spark and Trino would use), under a catalog name of its own that it removes.
func TestLakePostgres(t *testing.T) {
	out := converted(t)
	uri := postgresURI()
	db, err := sql.Open("pgx", uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the cleanup below, which needs it
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL at %s: %v (CI machines run it)", redact(uri), err)
		}
		t.Skipf("no PostgreSQL at %s (set BUDGETPDF_TEST_POSTGRES): %v", redact(uri), err)
	}
	name := fmt.Sprintf("budgetpdf_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() {
		for _, tb := range []string{"iceberg_tables", "iceberg_namespace_properties"} {
			if _, err := db.Exec("DELETE FROM "+tb+" WHERE catalog_name = $1", name); err != nil {
				t.Errorf("cleaning %s: %v", tb, err)
			}
		}
	})

	l := openLake(t, Options{Location: t.TempDir(), Catalog: uri, CatalogName: name})
	scenario(t, l, out)

	// The three tables are rows of Postgres's iceberg_tables, where Spark's and Trino's JDBC
	// catalogs look for them.
	var n int
	if err := db.QueryRow("SELECT count(*) FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2", name, Namespace).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("iceberg_tables has %d tables of catalog %s, want 3", n, name)
	}
	if _, err := os.Stat(filepath.Join(l.opts.Location, CatalogFile)); err == nil {
		t.Errorf("a SQLite catalog was created beside a Postgres one")
	}
}
