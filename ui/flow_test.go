package ui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"hone/journal"
)

// TestFlowCreateEntry runs the real program, as a person at the keyboard
// would: open the form, type a title, rate a skill, save with ctrl+s; then
// the bbolt file holds the entry.
func TestFlowCreateEntry(t *testing.T) {
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, JournalPath: j.path})
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitFor(t, tm, "Reflect")

	tm.Type("n")
	waitFor(t, tm, "New entry")
	tm.Type("Family meeting with F12")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab}) // notes
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab}) // ratings
	tm.Type("4")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "Saved.")

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("%d entries in the journal, want 1", len(es))
	}
	e := es[0]
	if e.Title != "Family meeting with F12" || e.Date != testToday || e.Kind != journal.KindTeamMeeting {
		t.Errorf("saved %+v", e)
	}
	if len(e.Ratings) != 1 {
		t.Errorf("ratings %v, want one", e.Ratings)
	}
	for id, v := range e.Ratings {
		if v != 4 {
			t.Errorf("rating %s=%d, want 4", id, v)
		}
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
