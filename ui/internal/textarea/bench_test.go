package textarea

import (
	"math/rand/v2"
	"testing"

	upstream "charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// The benchmarks type a letter and delete it again in notes of 100, 1,000
// and 10,000 lines (the most the textarea holds), with the cursor at the
// end as when the form opens an entry: one op is Update with a key and
// View, as a frame of hone's form costs. Upstream's textarea is measured
// alongside for comparison.

var benchKeys = []tea.Msg{
	tea.KeyPressMsg{Code: 'x', Text: "x"},
	tea.KeyPressMsg{Code: tea.KeyBackspace},
}

func benchNote(lines int) string { return note(rand.New(rand.NewPCG(1, 2)), lines) }

func benchOurs(b *testing.B, lines int) {
	m := New()
	m.Prompt = "│ "
	m.ShowLineNumbers = false
	m.MaxHeight = 0
	m.SetWidth(80)
	m.SetHeight(14)
	m.Focus()
	m.SetValue(benchNote(lines))
	m, _ = m.Update(nil)
	i := 0
	for b.Loop() {
		m, _ = m.Update(benchKeys[i%len(benchKeys)])
		_ = m.View()
		i++
	}
}

func benchUpstream(b *testing.B, lines int) {
	m := upstream.New()
	m.Prompt = "│ "
	m.ShowLineNumbers = false
	m.MaxHeight = 0
	m.SetWidth(80)
	m.SetHeight(14)
	m.Focus()
	m.SetValue(benchNote(lines))
	m, _ = m.Update(nil)
	i := 0
	for b.Loop() {
		m, _ = m.Update(benchKeys[i%len(benchKeys)])
		_ = m.View()
		i++
	}
}

func BenchmarkKey100Lines(b *testing.B)   { benchOurs(b, 100) }
func BenchmarkKey1000Lines(b *testing.B)  { benchOurs(b, 1_000) }
func BenchmarkKey10000Lines(b *testing.B) { benchOurs(b, 10_000) }

func BenchmarkUpstreamKey100Lines(b *testing.B)  { benchUpstream(b, 100) }
func BenchmarkUpstreamKey1000Lines(b *testing.B) { benchUpstream(b, 1_000) }
