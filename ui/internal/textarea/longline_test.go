package textarea

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/rivo/uniseg"
)

// Typing one long line, with no line break, must take memory in
// proportion to the line, not to its square: the cache of wrapped lines
// kept a copy of the whole line for every key typed (issue 17, item 13:
// 10,000 characters took 829 MB in the form).

// typeLine types n letters, a space after every wordLen of them (none if
// wordLen is 0), into a textarea 70 columns wide, as the form draws it.
func typeLine(m Model, n, wordLen int) Model {
	for i := range n {
		msg := tea.KeyPressMsg{Code: 'a' + rune(i%26), Text: string('a' + rune(i%26))}
		if wordLen > 0 && i%(wordLen+1) == wordLen {
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		}
		m, _ = m.Update(msg)
		_ = m.View()
	}
	return m
}

func newLongLineModel() Model {
	m := New()
	m.ShowLineNumbers = false
	m.Prompt = "│ "
	m.CharLimit, m.MaxHeight = 0, 0
	m.SetWidth(72)
	m.SetHeight(10)
	m.Focus()
	return m
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func TestLongLineMemory(t *testing.T) {
	for _, tc := range []struct {
		chars, wordLen int
	}{
		{4_000, 0}, {4_000, 7}, {10_000, 1},
	} {
		t.Run(fmt.Sprintf("%dchars_words%d", tc.chars, tc.wordLen), func(t *testing.T) {
			m := newLongLineModel()
			before := heapAlloc()
			m = typeLine(m, tc.chars, tc.wordLen)
			after := heapAlloc()
			if got, want := len(m.Value()), tc.chars; got != want {
				t.Fatalf("typed %d characters, the value holds %d", want, got)
			}
			// The line itself, its copy in the cache and its wrapped rows
			// take about 4 bytes a rune each; 100 a character is room
			// for slices grown by doubling, never a copy per key.
			grew := int64(after) - int64(before)
			if bound := int64(1<<20 + 100*tc.chars); grew > bound {
				t.Errorf("the heap grew by %d bytes after typing %d characters in one line, want at most %d", grew, tc.chars, bound)
			}
			if !strings.Contains(m.View(), "│") {
				t.Error("the textarea draws nothing")
			}
			runtime.KeepAlive(m)
		})
	}
}

// TestPlainWidth: the runes plainWidth calls plain are one cell wide each,
// alone and after any other of them, as uniseg counts them, so that wrap
// may count their width by their number.
func TestPlainWidth(t *testing.T) {
	var plain []rune
	for r := rune(0); r < 0x400; r++ {
		if plainWidth(r) {
			plain = append(plain, r)
		}
	}
	for _, a := range plain {
		if got := uniseg.StringWidth(string(a)); got != 1 {
			t.Fatalf("%U is %d cells wide, not 1", a, got)
		}
		for _, b := range plain {
			if got := uniseg.StringWidth(string([]rune{a, b})); got != 2 {
				t.Fatalf("%U %U are %d cells wide, not 2", a, b, got)
			}
		}
	}
}
