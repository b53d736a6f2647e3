package ui

import (
	"strings"
	"testing"

	"hone/journal"
)

// createEntries writes entries through the service and returns them with
// their ids.
func createEntries(t *testing.T, j *testJournal, es ...*journal.Entry) []*journal.Entry {
	t.Helper()
	for _, e := range es {
		if err := j.svc.Entries.CreateEntry(e); err != nil {
			t.Fatal(err)
		}
	}
	return es
}

// selectedPrompt returns the prompt under the Prompts cursor.
func selectedPrompt(t *testing.T, m Model) journal.Prompt {
	t.Helper()
	v := m.prompts
	if v.cursor >= len(v.rows) || v.rows[v.cursor].heading != "" {
		t.Fatal("no prompt under the cursor")
	}
	return v.rows[v.cursor].prompt
}

// TestAnswerPromptIntoTodaysEntry answers a prompt from the library when
// one entry is dated today: the form opens on that entry with a new
// reflection for the prompt, focused; saved, the entry holds it.
func TestAnswerPromptIntoTodaysEntry(t *testing.T) {
	j := openJournal(t)
	e := createEntries(t, j,
		&journal.Entry{Date: testToday - 1, Kind: journal.KindCheckIn, Title: "Yesterday"},
		&journal.Entry{Date: testToday, Kind: journal.KindTeamMeeting, Title: "Plan review", Ratings: map[string]int{"eng.mi": 4},
			Reflections: []journal.Reflection{{Prompt: "What went well?", Answer: "The agenda.", Shared: true, Starred: true}}},
		&journal.Entry{Date: testToday, Kind: journal.KindSelfAssessment, Ratings: map[string]int{"eng.mi": 3}},
	)[1]
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "4", "j")
	p := selectedPrompt(t, m)
	m = keys(t, m, "enter")
	if m.screen != screenForm || m.form.orig == nil || m.form.orig.ID != e.ID {
		t.Fatalf("enter did not open today's entry in the form (screen %v)", m.screen)
	}
	cur := m.form.current()
	if cur.field != fieldReflection || m.form.refls[cur.refl].promptID != p.ID {
		t.Fatalf("focus on %+v, want the new reflection for %s", cur, p.ID)
	}
	m = typeText(t, m, "I reflected twice before asking.")
	m = keys(t, m, "ctrl+s")
	if m.screen == screenForm {
		t.Fatalf("not saved:\n%s", plain(m))
	}
	got, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reflections) != 2 {
		t.Fatalf("%d reflections, want 2: %+v", len(got.Reflections), got.Reflections)
	}
	if r := got.Reflections[0]; !r.Starred || r.Answer != "The agenda." {
		t.Errorf("the first reflection changed: %+v", r)
	}
	if r := got.Reflections[1]; r.PromptID != p.ID || r.Prompt != p.Text || r.Answer != "I reflected twice before asking." {
		t.Errorf("the new reflection is %+v", r)
	}
	if got.Ratings["eng.mi"] != 4 || got.Title != "Plan review" {
		t.Errorf("the rest of the entry changed: %+v", got)
	}
}

// TestAnswerPromptInNewEntry answers into a new entry when there is no
// entry today, or more than one.
func TestAnswerPromptInNewEntry(t *testing.T) {
	for _, today := range []int{0, 2} {
		j := openJournal(t)
		for range today {
			createEntries(t, j, &journal.Entry{Date: testToday, Kind: journal.KindCheckIn})
		}
		m := newTestModel(t, j.svc, 80, 24)
		m = keys(t, m, "4")
		p := selectedPrompt(t, m)
		m = keys(t, m, "enter")
		if m.screen != screenForm || m.form.orig != nil {
			t.Fatalf("%d entries today: enter did not open a new entry", today)
		}
		m = typeText(t, m, "An answer.")
		m = keys(t, m, "ctrl+s")
		es, err := j.svc.Entries.FindEntries(journal.EntryFilter{Search: "An answer."})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Reflections[0].PromptID != p.ID {
			t.Errorf("%d entries today: saved %+v", today, es)
		}
	}
}

func TestAddPrompt(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "4", "j", "a")
	if v := m.prompts.form.value(promptFieldTags); v != "eng.voice" {
		t.Errorf("tags start as %q, want the skill of the group under the cursor", v)
	}
	m = typeText(t, m, "Who did I not hear from today?")
	m = keys(t, m, "tab")
	m = typeText(t, m, " team.facil,phase:2")
	m = keys(t, m, "ctrl+s")
	if m.prompts.form != nil {
		t.Fatalf("the form is still open:\n%s", plain(m))
	}
	ps, err := j.svc.Prompts.Prompts()
	if err != nil {
		t.Fatal(err)
	}
	last := ps[len(ps)-1]
	if last.Text != "Who did I not hear from today?" || strings.Join(last.Tags, " ") != "eng.voice team.facil phase:2" || last.Builtin {
		t.Errorf("added %+v", last)
	}
	if got := selectedPrompt(t, m); got.ID != last.ID {
		t.Errorf("the cursor is on %s, want the new prompt %s", got.ID, last.ID)
	}
	if !strings.Contains(plain(m), "Added your prompt") {
		t.Errorf("no status:\n%s", plain(m))
	}
}

func TestAddPromptRefusesBadTag(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "4", "a")
	m = typeText(t, m, "A prompt")
	m = keys(t, m, "tab")
	m = typeText(t, m, " Not_A_Tag!")
	m = keys(t, m, "ctrl+s")
	if m.prompts.form == nil || m.prompts.form.errAt != promptFieldTags {
		t.Fatalf("bad tag: the form should stay with the error at the tags:\n%s", plain(m))
	}
	if !strings.Contains(plain(m), "is not a prompt tag") {
		t.Errorf("no error on the screen:\n%s", plain(m))
	}
}
