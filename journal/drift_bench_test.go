package journal

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// benchJournal makes the ratings of a journal of n entries spread over 10
// years before asOf, each entry rating 3 to 7 of 16 skills (about 5), with
// values that wander slowly per skill; groups are oldest first, as a
// RatingService returns them.
func benchJournal(n int, asOf Day) (Catalog, map[string][]Rating) {
	rng := rand.New(rand.NewSource(1))
	c := make(Catalog, 16)
	level := make([]float64, len(c))
	for i := range c {
		c[i] = Skill{ID: fmt.Sprintf("bench.s%02d", i), Name: fmt.Sprintf("Skill %d", i)}
		level[i] = 3
	}
	const span = 3652
	ratings := make(map[string][]Rating, len(c))
	for e := range n {
		date := asOf - span + Day(e*span/n)
		id := fmt.Sprintf("%016d", e)
		for _, s := range rng.Perm(len(c))[:3+rng.Intn(5)] {
			level[s] = min(5, max(1, level[s]+rng.NormFloat64()*0.2))
			v := min(5, max(1, int(level[s]+rng.NormFloat64()*0.7+0.5)))
			ratings[c[s].ID] = append(ratings[c[s].ID], Rating{Skill: c[s].ID, Date: date, EntryID: id, Value: v})
		}
	}
	return c, ratings
}

func benchmarkAnalyzeCatalog(b *testing.B, entries int) {
	asOf := Date(2026, time.June, 30)
	c, ratings := benchJournal(entries, asOf)
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeCatalog(c, ratings, asOf)
	}
}

func BenchmarkAnalyzeCatalog_10000Entries(b *testing.B)  { benchmarkAnalyzeCatalog(b, 10000) }
func BenchmarkAnalyzeCatalog_100000Entries(b *testing.B) { benchmarkAnalyzeCatalog(b, 100000) }

// benchmarkAnalyzeDriftDays analyses every skill as of a day and the six
// after it, as the store keeps a week: one walk of each skill's ratings.
func benchmarkAnalyzeDriftDays(b *testing.B, entries int) {
	asOf := Date(2026, time.June, 30)
	c, ratings := benchJournal(entries, asOf)
	days := make([]Day, 7)
	for i := range days {
		days[i] = asOf + Day(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range c {
			AnalyzeDriftDays(ratings[s.ID], days...)
		}
	}
}

func BenchmarkAnalyzeDriftDays_10000Entries(b *testing.B)  { benchmarkAnalyzeDriftDays(b, 10000) }
func BenchmarkAnalyzeDriftDays_100000Entries(b *testing.B) { benchmarkAnalyzeDriftDays(b, 100000) }
