package extract_test

import (
	"fmt"
	"log"

	"github.com/budgetpdf/budgetpdf/extract"
)

// Open a PDF and read one page: its verdict (text layer, scan, ...), its words with their
// boxes in points, and its ruling lines.
func ExampleOpen() {
	f, err := extract.Open("../fixtures/sample/changji-hitech-zone-2026-budget.pdf")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	p, err := f.Page(1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pages:", f.NumPages())
	fmt.Println("page 1:", p.Verdict, len(p.Words) > 0)
	fmt.Println("first word:", p.Words[0].Text)
	// Output:
	// pages: 37
	// page 1: text true
	// first word: 昌吉高新技术产业开发区管理委员会
}
