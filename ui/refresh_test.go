package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// outsideWrite hands the model the news that another process wrote to the
// journal, as the watch command would, and runs what follows, but for the
// next look (whose timer the test runner would fire at once, forever).
func outsideWrite(t *testing.T, m Model) Model {
	t.Helper()
	next, cmd := m.Update(watchedMsg{changed: true})
	m = next.(Model)
	drain(t, cmd, func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(watchTickMsg); ok {
			return nil
		}
		next, cmd := m.Update(msg)
		m = next.(Model)
		return cmd
	})
	return m
}

// rowTitles returns the titles the Journal list holds.
func rowTitles(m Model) []string {
	var out []string
	for _, e := range m.journal.rows {
		out = append(out, e.Title)
	}
	return out
}

func TestOutsideWriteRefreshesAndKeepsTheForm(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	opts := testOptions()
	m := newTestModelWith(t, j.svc, opts, 80, 24)
	m = keys(t, m, "2", "/")
	m = typeText(t, m, "quick")
	m = keys(t, m, "enter", "n")
	m = typeText(t, m, "Words not saved yet")

	// Another hone adds an entry.
	other := &journal.Entry{Date: testToday, Title: "Added from another hone", Notes: "quick note"}
	if err := j.svc.Entries.CreateEntry(other); err != nil {
		t.Fatal(err)
	}
	m = outsideWrite(t, m)
	if !slices.Contains(rowTitles(m), "Added from another hone") {
		t.Errorf("the Journal list was not refreshed: %q", rowTitles(m))
	}
	if !slices.ContainsFunc(m.today.recent, func(e *journal.Entry) bool { return e.ID == other.ID }) {
		t.Error("Today was not refreshed")
	}
	if m.screen != screenForm || m.form.title.Value() != "Words not saved yet" {
		t.Fatalf("the refresh touched the form: screen %v, title %q", m.screen, m.form.title.Value())
	}
	if got := m.journal.filter.Value(); got != "quick" || m.journal.query != "quick" {
		t.Errorf("the refresh reset the filter to %q (query %q)", got, m.journal.query)
	}
	m = keys(t, m, "ctrl+s")
	if !strings.Contains(plain(m), "Saved.") {
		t.Fatalf("the form did not save after the refresh:\n%s", plain(m))
	}
	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range es {
		titles = append(titles, e.Title)
	}
	if !slices.Contains(titles, "Words not saved yet") || !slices.Contains(titles, "Added from another hone") {
		t.Errorf("the journal holds %q", titles)
	}
}

func TestOutsideWriteRefreshesTheEntryOnScreen(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "enter")
	e := *m.entry.entry
	e.Title = "Retitled in another hone"
	if err := j.svc.Entries.UpdateEntry(&e); err != nil {
		t.Fatal(err)
	}
	m = outsideWrite(t, m)
	if m.screen != screenEntry || !strings.Contains(plain(m), "Retitled in another hone") {
		t.Fatalf("the entry on screen was not refreshed:\n%s", plain(m))
	}
	if err := j.svc.Entries.DeleteEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	m = outsideWrite(t, m)
	if m.screen != screenTabs || !strings.Contains(plain(m), "Another hone deleted the entry") {
		t.Fatalf("an entry deleted elsewhere stays on screen:\n%s", plain(m))
	}
}

func TestEditOfAnEntryChangedElsewhereAsks(t *testing.T) {
	for _, c := range []struct {
		name     string
		change   func(j *testJournal, e journal.Entry) error
		question string
	}{
		{"Changed", func(j *testJournal, e journal.Entry) error {
			e.Notes = "Notes from another hone"
			return j.svc.Entries.UpdateEntry(&e)
		}, "Another hone changed this entry since you opened it. Save yours over it?"},
		{"Deleted", func(j *testJournal, e journal.Entry) error {
			return j.svc.Entries.DeleteEntry(e.ID)
		}, "Another hone deleted this entry since you opened it. Save yours as a new entry?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := openJournal(t)
			j.seed(t)
			m := newTestModel(t, j.svc, 100, 30)
			m = keys(t, m, "2", "enter", "e")
			orig := *m.form.orig
			m = typeText(t, m, " (mine)")
			want := orig.Title + " (mine)"
			if err := c.change(j, orig); err != nil {
				t.Fatal(err)
			}
			m = outsideWrite(t, m)
			if m.screen != screenForm || m.form.title.Value() != want {
				t.Fatalf("the refresh touched the form: screen %v, title %q", m.screen, m.form.title.Value())
			}
			m = keys(t, m, "ctrl+s")
			if m.question == nil || !strings.Contains(m.question.text, c.question) {
				t.Fatalf("saving over a change made elsewhere did not ask; question %v\n%s", m.question, plain(m))
			}
			// No: back to the form, the text kept, nothing written.
			m = keys(t, m, "n")
			if m.screen != screenForm || m.form.title.Value() != want || m.form.saving {
				t.Fatalf("after n: screen %v, title %q, saving %v", m.screen, m.form.title.Value(), m.form.saving)
			}
			if es, _ := j.svc.Entries.FindEntries(journal.EntryFilter{Search: "(mine)"}); len(es) != 0 {
				t.Fatal("n saved the entry")
			}
			// Yes: saved, over the other change or as a new entry.
			m = keys(t, m, "ctrl+s", "y")
			if !strings.Contains(plain(m), "Saved.") {
				t.Fatalf("y did not save:\n%s", plain(m))
			}
			es, err := j.svc.Entries.FindEntries(journal.EntryFilter{Search: "(mine)"})
			if err != nil || len(es) != 1 || es[0].Title != want {
				t.Fatalf("after y the journal holds %d entries with the edit (%v)", len(es), err)
			}
			if c.name == "Deleted" && es[0].ID == orig.ID {
				t.Error("the entry deleted elsewhere came back under its old id, not as a new entry")
			}
		})
	}
}

func TestOutsideWritesShowAtTheTopOfTheJournal(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2")
	// More entries than the list shows, written elsewhere: the list, its
	// cursor at the top, shows the newest.
	for i := range 30 {
		e := &journal.Entry{Date: testToday, Title: fmt.Sprintf("Outside %02d", i), Notes: "n"}
		if err := j.svc.Entries.CreateEntry(e); err != nil {
			t.Fatal(err)
		}
	}
	m = outsideWrite(t, m)
	if !strings.Contains(plain(m), "Outside 29") {
		t.Fatalf("the newest entry written elsewhere is not on screen:\n%s", plain(m))
	}
	// Moved down to an entry, the cursor stays on it.
	m = keys(t, m, "down", "down")
	id := m.journal.selectedID()
	e := &journal.Entry{Date: testToday, Title: "Outside again", Notes: "n"}
	if err := j.svc.Entries.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	m = outsideWrite(t, m)
	if got := m.journal.selectedID(); got != id {
		t.Errorf("the refresh moved the cursor from %s to %s", id, got)
	}
}
