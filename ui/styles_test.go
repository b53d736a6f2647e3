package ui

import (
	"image/color"
	"regexp"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// colourCode matches an SGR sequence that sets a foreground, background or
// underline colour.
var colourCode = regexp.MustCompile(`\x1b\[[0-9;:]*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7]|58)[;:m]`)

// TestNoColorIsMonochrome checks that with an ASCII colour profile (what
// NO_COLOR gives) no screen sets a colour.
func TestNoColorIsMonochrome(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	screens := map[string][]string{
		"today": nil, "journal": {"2"}, "entry": {"2", "enter"}, "form": {"n", "tab", "tab", "4"},
		"skills": {"3"}, "prompts": {"4"}, "help": {"?"},
	}
	for name, ks := range screens {
		m := newTestModel(t, j.svc, 100, 30)
		m = send1(t, m, tea.ColorProfileMsg{Profile: colorprofile.Ascii})
		m = keys(t, m, ks...)
		if loc := colourCode.FindStringIndex(m.View().Content); loc != nil {
			c := m.View().Content
			t.Errorf("%s: a colour at %d: %q", name, loc[0], c[max(0, loc[0]-20):min(len(c), loc[1]+20)])
		}
	}
}

// TestBackgroundPicksStyles checks that a light terminal gets the light
// palette and a dark one the dark palette.
func TestBackgroundPicksStyles(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = send1(t, m, tea.BackgroundColorMsg{Color: color.White})
	if m.ctx.styles.Dark || m.ctx.styles.Markdown != "light" {
		t.Errorf("white background: dark=%v markdown=%q", m.ctx.styles.Dark, m.ctx.styles.Markdown)
	}
	m = send1(t, m, tea.BackgroundColorMsg{Color: color.Black})
	if !m.ctx.styles.Dark || m.ctx.styles.Markdown != "dark" {
		t.Errorf("black background: dark=%v markdown=%q", m.ctx.styles.Dark, m.ctx.styles.Markdown)
	}
	if colourCode.FindString(m.View().Content) == "" {
		t.Error("no colour at all on a colour terminal")
	}
}
