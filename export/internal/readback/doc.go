// Package readback checks convert's outputs with readers that share no code with the
// writers: DuckDB (through its Go driver) reads the Parquet dataset as one Hive-partitioned
// table. It has only tests.
//
// Why DuckDB rather than Arrow's Go Parquet reader: DuckDB is what analysts point at the
// folder, it understands the Hive partitions (year=/doc_kind=) and DECIMAL exactly, so one
// query checks the claim "the folder reads as one table and its sums equal the tables'".
// The driver links a prebuilt static library: on this 2-core machine the test package
// builds in about 12 s from a warm module cache and then runs in well under a second,
// while arrow-go would compile several hundred Go files and still leave Hive partitioning
// to us. The price is cgo and a large module download (once per machine).
package readback
