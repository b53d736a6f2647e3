package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// footerScreens are the screens and fields whose footers TestFooters
// checks: the keys that lead there from the start.
var footerScreens = []struct {
	name        string
	keys        []string
	supervision bool
}{
	{name: "today"},
	{name: "journal", keys: []string{"2"}},
	{name: "journal filter", keys: []string{"2", "/"}},
	{name: "entry", keys: []string{"2", "enter"}},
	{name: "entry oldest", keys: []string{"2", "G", "enter"}},
	{name: "entry second", keys: []string{"2", "j", "enter"}},
	{name: "form title", keys: []string{"n"}},
	{name: "form notes", keys: []string{"n", "tab"}},
	{name: "form ratings", keys: []string{"n", "tab", "tab"}},
	{name: "form ratings rated", keys: []string{"n", "tab", "tab", "3"}},
	{name: "form reflect", keys: []string{"n", "tab", "tab", "tab"}},
	{name: "form tags", keys: []string{"n", "tab", "tab", "tab", "tab"}},
	{name: "form date", keys: []string{"n", "tab", "tab", "tab", "tab", "tab"}},
	{name: "form kind", keys: []string{"n", "tab", "tab", "tab", "tab", "tab", "tab"}},
	{name: "form phase", keys: []string{"n", "tab", "tab", "tab", "tab", "tab", "tab", "tab"}},
	{name: "form family", keys: []string{"n", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab"}},
	{name: "form picker", keys: []string{"n", "tab", "tab", "tab", "ctrl+p"}},
	{name: "form help", keys: []string{"n", "f1"}},
	{name: "form question", keys: []string{"n", "x", "esc"}},
	{name: "skills", keys: []string{"3"}},
	{name: "skill detail", keys: []string{"3", "enter"}},
	{name: "skill add", keys: []string{"3", "a"}},
	{name: "prompts", keys: []string{"4"}},
	{name: "prompts filter", keys: []string{"4", "/"}},
	{name: "prep", keys: []string{"5"}, supervision: true},
	{name: "goal", keys: []string{"5", "g"}, supervision: true},
	{name: "self-assessment", keys: []string{"S"}, supervision: true},
	{name: "export", keys: []string{"X"}},
	{name: "help", keys: []string{"?"}},
}

// TestFooters renders the footer of every screen and form field at 80 and
// 100 columns: it is never cut, and every key it lists does something
// there (the screen changes, or the program quits).
func TestFooters(t *testing.T) {
	for _, sc := range footerScreens {
		for _, w := range []int{80, 100} {
			t.Run(sc.name+"_"+itoa(w), func(t *testing.T) {
				open := func() Model {
					j := openJournal(t)
					j.seed(t)
					if sc.supervision {
						j.seedSupervision(t)
					}
					m := newTestModel(t, j.svc, w, 24)
					return keys(t, m, footerKeyNames(sc.keys)...)
				}
				m := open()
				lines := strings.Split(plain(m), "\n")
				footer := lines[len(lines)-1]
				if strings.Contains(footer, "…") || strings.Contains(footer, "...") {
					t.Errorf("the footer is cut: %q", footer)
				}
				listed := m.footerKeys(w - 1)
				if len(listed) == 0 {
					t.Fatalf("no keys in the footer: %q", footer)
				}
				for _, b := range listed {
					if !strings.Contains(footer, b.Help().Key+" "+b.Help().Desc) {
						t.Errorf("the footer %q does not show %q", footer, b.Help().Key+" "+b.Help().Desc)
					}
					if !doesSomething(t, open(), b) {
						t.Errorf("%q %q is in the footer but does nothing there:\n%s", b.Help().Key, b.Help().Desc, plain(m))
					}
				}
			})
		}
	}
}

// doesSomething presses b's first key on m and reports whether the screen
// changed (its styles too: the focused field's label), or the program
// quit, or for ctrl+e whether the editor was started (it runs outside the
// screen, in a command the test does not run).
func doesSomething(t *testing.T, m Model, b key.Binding) bool {
	t.Helper()
	before := m.View().Content
	k := b.Keys()[0]
	if k == "a-z" {
		k = "m"
	}
	n, cmd := m.Update(footerKey(k))
	if k == "ctrl+e" {
		return cmd != nil
	}
	next, quit := runQuit(t, n.(Model), cmd)
	return quit || next.View().Content != before
}

// footerKeyNames turns key names the footer's bindings use into ones
// keys() presses.
func footerKeyNames(ks []string) []string { return ks }

// footerKey is the key message for a binding's key name.
func footerKey(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"pgdown": {Code: tea.KeyPgDown},
		"pgup":   {Code: tea.KeyPgUp},
		"home":   {Code: tea.KeyHome},
		"end":    {Code: tea.KeyEnd},
		"f1":     {Code: tea.KeyF1},
		"delete": {Code: tea.KeyDelete},
	}
	if m, ok := named[k]; ok {
		return m
	}
	return keyMsg(k)
}

// TestFormHelpListsOnlyItsKeys opens the help in the form: the global keys
// typed characters would trigger elsewhere (1-5 tabs, q quit) are not
// listed there, since in the form they type or rate; f1 and ctrl+c are.
func TestFormHelpListsOnlyItsKeys(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n", "tab", "tab")
	m = send1(t, m, footerKey("f1"))
	help := plain(m)
	for _, gone := range []string{"tabs", "q quit", "q      quit", "next tab"} {
		if strings.Contains(help, gone) {
			t.Errorf("the form's help lists %q:\n%s", gone, help)
		}
	}
	for _, want := range []string{"1-5", "rate", "f1", "ctrl+c", "a-z", "jump to skill"} {
		if !strings.Contains(help, want) {
			t.Errorf("the form's help does not list %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, "…") {
		t.Errorf("the form's help is cut:\n%s", help)
	}
}
