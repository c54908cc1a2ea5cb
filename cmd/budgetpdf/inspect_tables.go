package main

import (
	"errors"
	"io"
)

// printTables prints the tables the tables stage finds in path (all pages when page is 0),
// as aligned text grids or, with asJSON, as the tables.Document JSON. `inspect --tables`.
func printTables(w io.Writer, path string, page int, asJSON bool) error {
	return errors.New("inspect --tables: the tables stage is not implemented yet")
}
