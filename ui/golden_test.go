package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden compares the main screens, as plain text, with the golden
// files in testdata/TestGolden. Regenerate them with
//
//	go test ./ui -run TestGolden -update
//
// and look at them before committing: aligned columns, nothing wider than
// the terminal.
func TestGolden(t *testing.T) {
	screens := []struct {
		name  string
		keys  []string
		text  string // typed after the keys
		paste string // pasted after the keys
	}{
		{name: "today"},
		{name: "journal", keys: []string{"2"}},
		{name: "journal_filter", keys: []string{"2", "/"}, paste: "skill:facil since:-30d"},
		{name: "entry", keys: []string{"2", "enter"}},
		{name: "form", keys: []string{"n"}, text: "Plan review with the F12 team"},
		{name: "form_rating", keys: []string{"n", "tab", "tab", "4", "right", "right"}},
		{name: "skills", keys: []string{"3"}},
		{name: "prompts", keys: []string{"4"}},
	}
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}}
	for _, sc := range screens {
		for _, sz := range sizes {
			t.Run(sc.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				j := openJournal(t)
				j.seed(t)
				m := newTestModel(t, j.svc, sz.w, sz.h)
				m = keys(t, m, sc.keys...)
				m = typeText(t, m, sc.text)
				if sc.paste != "" {
					m = send1(t, m, tea.PasteMsg{Content: sc.paste})
				}
				out := plain(m)
				checkScreen(t, out, sz.w, sz.h)
				golden.RequireEqual(t, out)
			})
		}
	}
}

// checkScreen checks that a screen is exactly w x h cells.
func checkScreen(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i+1, got, w, l)
		}
	}
}
