package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
	"hone/store"
)

// manyEntries returns n small entries, one a day back from yesterday.
func manyEntries(n int) []*journal.Entry {
	es := make([]*journal.Entry, n)
	for i := range es {
		es[i] = &journal.Entry{
			Date:    testToday - 1 - journal.Day(i%3000),
			Kind:    journal.Kinds[i%len(journal.Kinds)],
			Family:  "F" + itoa(i%40),
			Title:   "Entry number " + itoa(i),
			Ratings: map[string]int{"eng.mi": 1 + i%5, "team.facil": 1 + (i/5)%5},
		}
	}
	return es
}

// TestJournalPagesAsTheCursorMoves checks that the list asks the store for
// one page at a time, the next one before the cursor reaches the end.
func TestJournalPagesAsTheCursorMoves(t *testing.T) {
	j := openJournal(t)
	if err := store.NewEntryService(j.db).CreateEntries(manyEntries(450)); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2")
	if got := len(m.journal.rows); got != pageSize {
		t.Fatalf("%d rows after opening, want one page of %d", got, pageSize)
	}
	if !strings.Contains(plain(m), "1 of 200+ entries") {
		t.Errorf("the count does not say more are coming:\n%s", plain(m))
	}
	// Paging down near the end of the first page fetches the second.
	for m.journal.cursor < pageSize-pageSize/4-m.journal.height {
		m = keys(t, m, "pgdown")
	}
	if got := len(m.journal.rows); got != 2*pageSize {
		t.Fatalf("%d rows with the cursor at %d, want %d", got, m.journal.cursor, 2*pageSize)
	}
	m = keys(t, m, "G", "G", "G")
	if got := len(m.journal.rows); got != 450 || !m.journal.done {
		t.Fatalf("%d rows (done %v), want all 450", got, m.journal.done)
	}
	if got := m.journal.selected().Title; got != "Entry number 449" {
		t.Errorf("last row is %q", got)
	}
	if !strings.Contains(plain(m), "450 of 450 entries") {
		t.Errorf("count at the end:\n%s", plain(m))
	}
	m = keys(t, m, "g")
	if m.journal.cursor != 0 || m.journal.offset != 0 {
		t.Errorf("g: cursor %d offset %d", m.journal.cursor, m.journal.offset)
	}
}

func TestJournalFilter(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "/")
	m = send1(t, m, tea.PasteMsg{Content: "kind:crisis"})
	m = keys(t, m, "enter")
	if m.journal.typing() {
		t.Fatal("enter did not leave the filter line")
	}
	for _, e := range m.journal.rows {
		if e.Kind != journal.KindCrisis {
			t.Fatalf("filter kind:crisis shows a %s", e.Kind)
		}
	}
	if len(m.journal.rows) == 0 {
		t.Fatal("no crisis entries")
	}
	m = keys(t, m, "/")
	m = keys(t, m, "ctrl+u")
	m = send1(t, m, tea.PasteMsg{Content: "kind:party"})
	m = keys(t, m, "enter")
	if got := plain(m); !strings.Contains(got, `kind: "party" is not a kind`) {
		t.Errorf("no error for a bad kind:\n%s", got)
	}
	m = keys(t, m, "esc")
	if m.journal.query != "" || len(m.journal.rows) != len(seedEntries()) {
		t.Errorf("esc did not clear the filter: %q, %d rows", m.journal.query, len(m.journal.rows))
	}
}

// memEntries is an in-memory EntryService for the benchmark: it pages a
// slice and ignores the other filters.
type memEntries struct {
	journal.EntryService
	es []*journal.Entry
}

func (m memEntries) FindEntries(f journal.EntryFilter) ([]*journal.Entry, error) {
	lo := min(f.Offset, len(m.es))
	hi := len(m.es)
	if f.Limit > 0 {
		hi = min(lo+f.Limit, hi)
	}
	return m.es[lo:hi], nil
}

// BenchmarkJournalKey100k measures a key press on the Journal list of a
// 100,000-entry journal: Update and View, as one frame.
func BenchmarkJournalKey100k(b *testing.B) {
	j := openJournal(b)
	es := manyEntries(100_000)
	svc := j.svc
	svc.Entries = memEntries{es: es}
	m := newTestModel(b, svc, 120, 40)
	m = keys(b, m, "2")
	for b.Loop() {
		m = keys(b, m, "j")
		_ = m.View()
	}
}
