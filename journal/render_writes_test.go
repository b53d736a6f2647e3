package journal

import (
	"strings"
	"testing"
)

// countingWriter counts the Write calls it is given.
type countingWriter struct {
	strings.Builder
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Builder.Write(p)
}

// TestWriteEntryListWritesOnce: a list of entries reaches its writer in
// one write, not a write per cell (each one a system call on standard
// output: 131 for `hone list -n 10`, issue 21), and reads the same.
func TestWriteEntryListWritesOnce(t *testing.T) {
	var entries []*Entry
	for i := range 10 {
		entries = append(entries, &Entry{ID: "01m89gn0a3gfn1a" + string(rune('a'+i)), Date: Day(20000 + i), Kind: KindCheckIn,
			Family: "F12", Title: "Plan review", Ratings: map[string]int{"eng.mi": 4}})
	}
	var w countingWriter
	if err := WriteEntryList(&w, entries); err != nil {
		t.Fatal(err)
	}
	if w.writes != 1 {
		t.Errorf("the list took %d writes, want 1", w.writes)
	}
	if lines := strings.Count(w.String(), "\n"); lines != 10 || !strings.Contains(w.String(), "Plan review") {
		t.Errorf("the list reads:\n%s", w.String())
	}
}
