package textarea

import (
	"math/rand/v2"
	"strings"
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

// The one-line benchmarks type a letter and delete it again at the end of
// one line of 10,000 and 100,000 characters, no line break (issue 17, item
// 13), words of 7 letters or none at all, as the form draws the notes.
func benchOneLine(b *testing.B, chars, wordLen int) {
	m := newLongLineModel()
	m = typeLine(m, 300, wordLen) // the line, grown key by key from here
	var s strings.Builder
	for i := range chars - 300 {
		if wordLen > 0 && i%(wordLen+1) == wordLen {
			s.WriteByte(' ')
		} else {
			s.WriteByte(byte('a' + i%26))
		}
	}
	m.InsertString(s.String())
	m, _ = m.Update(nil)
	_ = m.View()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m, _ = m.Update(benchKeys[i%len(benchKeys)])
		_ = m.View()
	}
}

func BenchmarkKeyOneLine_10000Chars(b *testing.B)       { benchOneLine(b, 10_000, 0) }
func BenchmarkKeyOneLine_100000Chars(b *testing.B)      { benchOneLine(b, 100_000, 0) }
func BenchmarkKeyOneLineWords_100000Chars(b *testing.B) { benchOneLine(b, 100_000, 7) }
