package ui

import (
	"strings"
	"testing"

	"hone/journal"
	"hone/store"
)

// TestPrepShowsCoachFeedback: the Prep tab shows the coach feedback the
// journal holds, as hone prep does: the observed rating beside the
// facilitator's own ratings of that week, and the note.
func TestPrepShowsCoachFeedback(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.svc.Feedback = store.NewFeedbackService(j.db)
	id, err := store.NewConfigService(j.db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	obs := journal.Feedback{ID: "fb-1", Day: testToday - 5, Skill: "eng.mi", Observed: 2, Note: "Try a summary before the plan.", Coach: "Chloe"}
	file := &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: id, Coach: "Chloe",
		WrittenAt: fixedNow, Items: []journal.FeedbackItem{obs.Item()}}
	if _, err := j.svc.Feedback.ImportFeedback(file, testToday); err != nil {
		t.Fatal(err)
	}
	ratings, err := j.svc.Ratings.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	want := journal.CalibrationSentence(&obs, journal.SelfRatingsAround(ratings["eng.mi"], obs.Day), testToday)
	if !strings.HasPrefix(want, "Your coach observed 2 on") {
		t.Fatalf("calibration sentence %q", want)
	}

	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "5")
	text := strings.Join(strings.Fields(stripANSI(strings.Join(m.prep.lines, "\n"))), " ")
	for _, s := range []string{"From your coach", "MI skills, from Chloe", want, "Try a summary before the plan."} {
		if !strings.Contains(text, s) {
			t.Errorf("the Prep tab lacks %q:\n%s", s, text)
		}
	}

	// Without the service, the section is left out.
	j.svc.Feedback = nil
	m = newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "5")
	if strings.Contains(stripANSI(strings.Join(m.prep.lines, "\n")), "From your coach") {
		t.Error("feedback shown without the service")
	}
}
