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

// TestSkillDetailShowsObservedRatings: the skill's detail draws the coach's
// observed rating as a second series (◆) on the chart, names it in the
// legend apart from the self-ratings, and lists the note with the
// calibration sentence; the verdict stays the self-ratings' own.
func TestSkillDetailShowsObservedRatings(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	before := newTestModel(t, j.svc, 100, 40)
	before = keys(t, before, "3")
	before = cursorTo(t, before, "eng.mi")
	before = keys(t, before, "enter")
	chartBefore := stripANSI(before.skills.detail.chart)

	j.svc.Feedback = store.NewFeedbackService(j.db)
	id, err := store.NewConfigService(j.db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	obs := journal.Feedback{ID: "fb-1", Day: testToday - 5, Skill: "eng.mi", Observed: 5, Note: "Your summaries landed."}
	file := &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: id,
		WrittenAt: fixedNow, Items: []journal.FeedbackItem{obs.Item()}}
	if _, err := j.svc.Feedback.ImportFeedback(file, testToday); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 100, 40)
	m = keys(t, m, "3")
	m = cursorTo(t, m, "eng.mi")
	m = keys(t, m, "enter")
	d := m.skills.detail
	if d == nil || d.chart == "" {
		t.Fatal("no detail or chart")
	}
	chart := stripANSI(d.chart)
	if strings.Count(chart, "◆") != 1 || strings.Contains(chartBefore, "◆") {
		t.Errorf("the chart should mark the one observed rating with ◆:\n%s", chart)
	}
	ratings, _ := j.svc.Ratings.Ratings()
	want := journal.CalibrationSentence(&obs, journal.SelfRatingsAround(ratings["eng.mi"], obs.Day), testToday)
	text := strings.Join(strings.Fields(stripANSI(strings.Join(d.body, "\n"))), " ")
	for _, s := range []string{"◆ observed by your coach (1)", "From your coach", "observed 5", want, "Your summaries landed.", "drifting"} {
		if !strings.Contains(text, s) {
			t.Errorf("the detail lacks %q:\n%s", s, text)
		}
	}
	if d.drift != before.skills.detail.drift {
		t.Errorf("an observed rating changed the drift: %+v, was %+v", d.drift, before.skills.detail.drift)
	}
}
