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
		name        string
		keys        []string
		text        string // typed after the keys
		paste       string // pasted after the keys
		supervision bool   // seed self-assessments, a starred reflection and a goal
		small       bool   // at 80x24 and 60x16 only
	}{
		{name: "today"},
		{name: "today_end", keys: []string{"G"}},
		{name: "journal", keys: []string{"2"}},
		{name: "journal_filter", keys: []string{"2", "/"}, paste: "skill:facil since:-30d"},
		{name: "entry", keys: []string{"2", "enter"}},
		{name: "form", keys: []string{"n"}, text: "Plan review with the F12 team"},
		{name: "form_rating", keys: []string{"n", "tab", "tab", "4", "right", "right"}},
		{name: "skills", keys: []string{"3"}},
		{name: "skill_detail", keys: []string{"3", "enter"}}, // the drifting skill, where the cursor starts
		{name: "skill_add", keys: []string{"3", "a"}, text: "team.debrief"},
		{name: "prompts", keys: []string{"4"}},
		{name: "entry_starred", keys: []string{"2", "enter", "G", "*"}},
		{name: "prep", keys: []string{"5"}, supervision: true, small: true},
		{name: "prep_end", keys: []string{"5", "G"}, supervision: true, small: true},
		{name: "goal", keys: []string{"5", "g", "tab", "space"}, supervision: true, small: true},
		{name: "self_assessment", keys: []string{"S", "3", "4"}, supervision: true, small: true},
		{name: "self_assessment_saved", keys: []string{"S", "3", "4", "ctrl+s"}, supervision: true, small: true},
	}
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {60, 16}}
	for _, sc := range screens {
		for _, sz := range sizes {
			if sc.small && sz.w > 80 {
				continue
			}
			t.Run(sc.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				j := openJournal(t)
				j.seed(t)
				if sc.supervision {
					j.seedSupervision(t)
				}
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
