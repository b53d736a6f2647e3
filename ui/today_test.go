package ui

import (
	"strings"
	"testing"

	"hone/journal"
)

// todaysSuggestion returns the prompt Today suggests, checking that it was
// chosen for a skill.
func todaysSuggestion(t *testing.T, m Model) suggestion {
	t.Helper()
	if len(m.today.suggest) == 0 {
		t.Fatal("Today suggests no prompt")
	}
	s := m.today.suggest[m.today.pick]
	if s.skill == "" || s.why == "" {
		t.Fatalf("the seed should make Today suggest a prompt for a skill, with why: %+v", s)
	}
	return s
}

// sameSuggestion reports whether a and b are the same prompt, for the same
// skill, for the same reason.
func sameSuggestion(a, b suggestion) bool {
	return a.prompt.ID == b.prompt.ID && a.prompt.Text == b.prompt.Text && a.skill == b.skill && a.why == b.why
}

// TestReflectIntoTodaysEntry answers Today's suggested prompt when one
// entry is dated today (a self-assessment aside): the form opens on that
// entry with a new reflection for the prompt, focused, which says why it
// was chosen; saved, the same entry keeps its reflections and gains the
// new one, and nothing else changes.
func TestReflectIntoTodaysEntry(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	e := createEntries(t, j,
		&journal.Entry{Date: testToday, Kind: journal.KindTeamMeeting, Phase: 2, Family: "F12", Title: "Family meeting",
			Ratings: map[string]int{"team.facil": 4}, Tags: []string{"mi"},
			Reflections: []journal.Reflection{{Prompt: "What went well?", Answer: "The agenda.", Shared: true, Starred: true}}},
		&journal.Entry{Date: testToday, Kind: journal.KindSelfAssessment, Ratings: map[string]int{"eng.mi": 3}},
	)[0]
	before := countEntries(t, j)
	m := newTestModel(t, j.svc, 80, 24)
	s := todaysSuggestion(t, m)

	// The command that reads today's entries carries the suggestion whole.
	next, cmd := m.Update(keyMsg("enter"))
	var answer *answerMsg
	for _, msg := range cmdMsgs(t, cmd) {
		if a, ok := msg.(answerMsg); ok {
			answer = &a
		}
	}
	if answer == nil || answer.entry == nil || answer.entry.ID != e.ID || !sameSuggestion(answer.suggestion, s) {
		t.Fatalf("enter on Today answered %+v, want today's entry %s and the suggestion %+v", answer, e.ID, s)
	}
	m = send1(t, next.(Model), *answer)

	if m.screen != screenForm || m.form.orig == nil || m.form.orig.ID != e.ID {
		t.Fatalf("enter did not open today's entry in the form (screen %v):\n%s", m.screen, plain(m))
	}
	cur := m.form.current()
	if cur.field != fieldReflection || cur.refl != 1 || len(m.form.refls) != 2 {
		t.Fatalf("focus on %+v of %d reflections, want the new second one", cur, len(m.form.refls))
	}
	r := m.form.refls[1]
	if r.promptID != s.prompt.ID || r.prompt != s.prompt.Text || !r.shared {
		t.Errorf("the new reflection is for %q (%s, shared %v), want %s", r.prompt, r.promptID, r.shared, s.prompt.ID)
	}
	if want := "Added to today's entry. " + s.why; r.why != want {
		t.Errorf("why %q, want %q", r.why, want)
	}
	if got := plain(m); !strings.Contains(got, "Edit entry") || !strings.Contains(got, "Added to today's entry.") {
		t.Errorf("the form does not say the prompt goes into today's entry:\n%s", got)
	}
	if m.form.dirty() {
		t.Error("the form is dirty before anything was typed")
	}

	m = typeText(t, m, "I reflected twice before asking.")
	m = keys(t, m, "ctrl+s")
	if m.screen == screenForm {
		t.Fatalf("not saved:\n%s", plain(m))
	}
	if got := countEntries(t, j); got != before {
		t.Errorf("%d entries after the save, want %d", got, before)
	}
	got, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reflections) != 2 {
		t.Fatalf("%d reflections, want 2: %+v", len(got.Reflections), got.Reflections)
	}
	if r := got.Reflections[0]; r != e.Reflections[0] {
		t.Errorf("the first reflection is %+v, want it unchanged: %+v", r, e.Reflections[0])
	}
	if r := got.Reflections[1]; r.PromptID != s.prompt.ID || r.Prompt != s.prompt.Text || r.Answer != "I reflected twice before asking." || !r.Shared {
		t.Errorf("the new reflection is %+v", r)
	}
	if got.Date != e.Date || got.Kind != e.Kind || got.Phase != e.Phase || got.Family != e.Family || got.Title != e.Title ||
		len(got.Ratings) != 1 || got.Ratings["team.facil"] != 4 || strings.Join(got.Tags, " ") != "mi" || !got.Created.Equal(e.Created) {
		t.Errorf("the rest of the entry changed: %+v, was %+v", got, e)
	}
}

// TestReflectInNewEntry answers Today's suggested prompt in a new entry
// when no entry is dated today, or two are, or only a self-assessment is.
func TestReflectInNewEntry(t *testing.T) {
	tests := []struct {
		name  string
		today []journal.Kind
	}{
		{"NoEntryToday", nil},
		{"TwoEntriesToday", []journal.Kind{journal.KindTeamMeeting, journal.KindCheckIn}},
		{"OnlySelfAssessmentToday", []journal.Kind{journal.KindSelfAssessment}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := openJournal(t)
			j.seed(t)
			for _, k := range tt.today {
				e := &journal.Entry{Date: testToday, Kind: k, Title: "Today"}
				if k == journal.KindSelfAssessment {
					e.Ratings = map[string]int{"eng.mi": 3}
				}
				createEntries(t, j, e)
			}
			before := countEntries(t, j)
			m := newTestModel(t, j.svc, 80, 24)
			s := todaysSuggestion(t, m)
			m = keys(t, m, "enter")
			if m.screen != screenForm || m.form.orig != nil {
				t.Fatalf("enter did not open a new entry (screen %v)", m.screen)
			}
			cur := m.form.current()
			if cur.field != fieldReflection || len(m.form.refls) != 1 {
				t.Fatalf("focus on %+v of %d reflections, want the suggested one", cur, len(m.form.refls))
			}
			if r := m.form.refls[0]; r.promptID != s.prompt.ID || r.why != s.why {
				t.Errorf("the reflection is for %s, why %q; want %s, why %q", r.promptID, r.why, s.prompt.ID, s.why)
			}
			m = typeText(t, m, "An answer.")
			m = keys(t, m, "ctrl+s")
			if got := countEntries(t, j); got != before+1 {
				t.Errorf("%d entries after the save, want %d", got, before+1)
			}
			es, err := j.svc.Entries.FindEntries(journal.EntryFilter{Search: "An answer."})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 || es[0].Date != testToday || len(es[0].Reflections) != 1 || es[0].Reflections[0].PromptID != s.prompt.ID {
				t.Errorf("saved %+v", es)
			}
		})
	}
}

// TestTodayNewIgnoresTodaysEntry: n on Today starts a new entry even when
// one is dated today.
func TestTodayNewIgnoresTodaysEntry(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	createEntries(t, j, &journal.Entry{Date: testToday, Kind: journal.KindTeamMeeting, Title: "Family meeting"})
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n")
	if m.screen != screenForm || m.form.orig != nil {
		t.Fatalf("n did not open a new entry (screen %v)", m.screen)
	}
	if cur := m.form.current(); cur.field != fieldTitle {
		t.Errorf("focus on %+v, want the title", cur)
	}
}

// TestAnswerArrivingLateIsDropped: an answer that arrives once another
// screen has opened (here the form, on n) leaves that screen alone.
func TestAnswerArrivingLateIsDropped(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	e := createEntries(t, j, &journal.Entry{Date: testToday, Kind: journal.KindTeamMeeting, Title: "Family meeting"})[0]
	m := newTestModel(t, j.svc, 80, 24)
	s := todaysSuggestion(t, m)
	m = keys(t, m, "n")
	m = typeText(t, m, "Typed first")
	m = send1(t, m, answerMsg{suggestion: s, entry: e})
	if m.screen != screenForm || m.form.orig != nil || m.form.title.Value() != "Typed first" {
		t.Errorf("a late answer replaced the open form (screen %v, editing %v, title %q)", m.screen, m.form.orig != nil, m.form.title.Value())
	}
}
