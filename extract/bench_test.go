package extract

import (
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkExtractCorpus extracts every page of every corpus file per iteration and reports
// pages/second and the largest heap in use seen after any page (a page's result is dropped
// before the next one is read, as a streaming caller would).
func BenchmarkExtractCorpus(b *testing.B) {
	files := corpusFiles(b)
	pages := 0
	var peak uint64
	var ms runtime.MemStats
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, path := range files {
			f, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			for n := 1; n <= f.NumPages(); n++ {
				if _, err := f.Page(n); err != nil {
					b.Fatal(err)
				}
				pages++
				if i == 0 && n%8 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
			}
			f.Close()
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkExtractFile is the same per file, to see which producer costs what.
func BenchmarkExtractFile(b *testing.B) {
	for _, path := range corpusFiles(b) {
		b.Run(filepath.Base(path), func(b *testing.B) {
			pages := 0
			for i := 0; i < b.N; i++ {
				f, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				for n := 1; n <= f.NumPages(); n++ {
					if _, err := f.Page(n); err != nil {
						b.Fatal(err)
					}
					pages++
				}
				f.Close()
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
