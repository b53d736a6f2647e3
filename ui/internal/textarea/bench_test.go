package textarea

import (
	"math/rand/v2"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The benchmarks type a letter and delete it again in notes of 100, 1,000
// and 10,000 lines (the most the textarea holds), with the cursor at the
// end as when hone's form opens an entry, 80 columns by 14 rows: one op is
// Update with a key and View, as in a frame of the form. Upstream's
// textarea is measured alongside, set up alike (MaxHeight 0, as the form
// has it).

var benchKeys = []tea.Msg{
	tea.KeyPressMsg{Code: 'x', Text: "x"},
	tea.KeyPressMsg{Code: tea.KeyBackspace},
}

// benchTwins returns both textareas holding a note of the given lines.
func benchTwins(lines int) *twins {
	tw := newTwins("│ ", "", false, true)
	tw.ours.MaxHeight, tw.theirs.MaxHeight = 0, 0
	tw.setSize(80, 14)
	tw.setValue(note(rand.New(rand.NewPCG(1, 2)), lines))
	tw.update(nil)
	return tw
}

func benchOurs(b *testing.B, lines int) {
	m := benchTwins(lines).ours
	for i := 0; b.Loop(); i++ {
		m, _ = m.Update(benchKeys[i%len(benchKeys)])
		_ = m.View()
	}
}

func benchUpstream(b *testing.B, lines int) {
	m := benchTwins(lines).theirs
	for i := 0; b.Loop(); i++ {
		m, _ = m.Update(benchKeys[i%len(benchKeys)])
		_ = m.View()
	}
}

func BenchmarkKey100Lines(b *testing.B)   { benchOurs(b, 100) }
func BenchmarkKey1000Lines(b *testing.B)  { benchOurs(b, 1_000) }
func BenchmarkKey10000Lines(b *testing.B) { benchOurs(b, 10_000) }

func BenchmarkUpstreamKey100Lines(b *testing.B)  { benchUpstream(b, 100) }
func BenchmarkUpstreamKey1000Lines(b *testing.B) { benchUpstream(b, 1_000) }
