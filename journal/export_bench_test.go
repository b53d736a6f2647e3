package journal_test

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"hone/journal"
	"hone/journal/gen"
)

// The export side of SPEC section 9: export to JSON under 2 s and import
// under 5 s at 100,000 entries, as whole processes.
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		es := gen.Generate(gen.Options{Entries: n, Seed: 1, End: exportEnd})
		c := journal.BuiltinSkills()
		full := exportJSON(b, journal.BuildExport(es, c, journal.ExportOptions{Full: true, Now: exportNow}))
		b.Run("BuildWriteJSONFull"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := journal.WriteExportJSON(io.Discard, journal.BuildExport(es, c, journal.ExportOptions{Full: true, Now: exportNow})); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(full))/(1<<20), "MiB")
		})
		b.Run("BuildWriteJSONCoachSafe"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := journal.WriteExportJSON(io.Discard, journal.BuildExport(es, c, journal.ExportOptions{Now: exportNow})); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The same exports written as the entries come (WriteExportJSONFrom),
		// here from memory: the store reads them from the file as they are
		// needed (store's BenchmarkExportJSON).
		for _, full := range []bool{true, false} {
			name := "StreamJSONCoachSafe"
			if full {
				name = "StreamJSONFull"
			}
			opts := journal.ExportOptions{Full: full, Now: exportNow}
			src := newSliceSource(es, opts)
			b.Run(name+strconv.Itoa(n), func(b *testing.B) {
				for b.Loop() {
					if _, _, err := journal.WriteExportJSONFrom(io.Discard, src, c, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run("ReadExportFull"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				x, err := journal.ReadExport(bytes.NewReader(full))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := x.Entries(); err != nil {
					b.Fatal(err)
				}
			}
		})
		x, _ := journal.ReadExport(bytes.NewReader(full))
		b.Run("WriteCSV"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := journal.WriteExportCSV(io.Discard, x); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("WriteMarkdown"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if err := journal.WriteExportMarkdown(io.Discard, x, exportEnd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
