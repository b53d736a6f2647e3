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

// TestTodayShowsNewFeedback: feedback imported since the last visit shows
// on Today (how many, the newest observed rating and the newest note, each
// on one line, made safe for the terminal) and is then marked seen: the
// next start does not call it new, and the session that showed it keeps
// showing it. Feedback seen is not new again until more comes in.
func TestTodayShowsNewFeedback(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	fb := store.NewFeedbackService(j.db)
	j.svc.Feedback = fb
	id, err := store.NewConfigService(j.db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	items := []journal.Feedback{
		{ID: "fb-1", Day: testToday - 9, Skill: "eng.mi", Observed: 2},
		{ID: "fb-2", Day: testToday - 5, Skill: "eng.mi", Observed: 4, Coach: "Chloe"},
		{ID: "fb-3", Day: testToday - 3, Note: "Good to see you\n with the \x1b[31mgrandmother.\x1b]8;;http://x\x07"},
	}
	file := &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: id, Coach: "Chloe",
		WrittenAt: fixedNow}
	for _, f := range items {
		file.Items = append(file.Items, f.Item())
	}
	if _, err := fb.ImportFeedback(file, testToday); err != nil {
		t.Fatal(err)
	}
	today := func(m Model) string { return strings.Join(strings.Fields(plain(m)), " ") }

	// A window too small to draw Today shows nothing: still new.
	small := newTestModel(t, j.svc, 50, 12)
	if strings.Contains(plain(small), "From your coach") {
		t.Fatalf("a window too small shows Today:\n%s", plain(small))
	}
	if news, err := fb.NewFeedback(); err != nil || len(news) != 3 {
		t.Fatalf("a window too small to show Today marked the feedback seen: %+v, %v", news, err)
	}

	m := newTestModel(t, j.svc, 100, 40)
	text := today(m)
	for _, s := range []string{
		"From your coach · 3 new since your last visit",
		"◆ Observed 4 in MI skills on " + (testToday - 5).Short() + ", from Chloe",
		"✎ Note, " + (testToday - 3).Short() + ", from Chloe: Good to see you with the grandmother.",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("Today lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(plain(m), "\x1b]") || strings.Contains(text, "http://x") {
		t.Errorf("a control sequence of the note reached the screen:\n%q", plain(m))
	}
	if news, err := fb.NewFeedback(); err != nil || len(news) != 0 {
		t.Errorf("after Today showed it, new feedback: %+v, %v", news, err)
	}
	// This session keeps it on Today through a reload.
	m = run(t, m, m.reload(""))
	if !strings.Contains(today(m), "3 new since your last visit") {
		t.Errorf("a reload took the feedback off Today:\n%s", today(m))
	}
	// The next start: nothing new.
	if text := today(newTestModel(t, j.svc, 100, 40)); strings.Contains(text, "From your coach") {
		t.Errorf("the next start calls seen feedback new:\n%s", text)
	}

	// More comes in while hone shows another tab: new until Today shows it.
	m = newTestModel(t, j.svc, 100, 40)
	m = keys(t, m, "2")
	more := *file
	more.Items = []journal.FeedbackItem{(&journal.Feedback{ID: "fb-4", Day: testToday - 1, Skill: "eng.mi", Note: "A second note."}).Item()}
	if _, err := fb.ImportFeedback(&more, testToday); err != nil {
		t.Fatal(err)
	}
	m = run(t, m, m.reload(""))
	if news, err := fb.NewFeedback(); err != nil || len(news) != 1 {
		t.Errorf("new feedback marked seen on the Journal tab: %+v, %v", news, err)
	}
	m = keys(t, m, "1")
	if text := today(m); !strings.Contains(text, "From your coach · 1 new since your last visit") ||
		!strings.Contains(text, "✎ Note on MI skills, "+(testToday-1).Short()+", from Chloe: A second note.") ||
		strings.Contains(text, "Observed") {
		t.Errorf("Today with one new note:\n%s", text)
	}
	if news, err := fb.NewFeedback(); err != nil || len(news) != 0 {
		t.Errorf("after Today showed it, new feedback: %+v, %v", news, err)
	}
}

// TestTodayLongNote: a note of the longest kind (64 KiB, many lines and
// control characters) shows on Today as one line that fits the window.
func TestTodayLongNote(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	fb := store.NewFeedbackService(j.db)
	j.svc.Feedback = fb
	id, err := store.NewConfigService(j.db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	note := "Start \x1b[2J" + strings.Repeat("a long, long line\n\x07", 3500)
	note = note[:journal.MaxFeedbackNote-10]
	f := journal.Feedback{ID: "fb-long", Day: testToday - 1, Note: note}
	file := &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: id,
		WrittenAt: fixedNow, Items: []journal.FeedbackItem{f.Item()}}
	if _, err := fb.ImportFeedback(file, testToday); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 80, 24)
	var line string
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, "✎ Note") {
			line = l
		}
	}
	if !strings.Contains(line, "Start a long, long line a long") || !strings.HasSuffix(strings.TrimRight(line, " "), "…") ||
		strings.ContainsAny(line, "\x1b\x07") {
		t.Errorf("the note's line: %q\n%s", line, plain(m))
	}
}

// benchTodayNote is a frame of Today (80x24) showing new feedback whose
// note is note.
func benchTodayNote(b *testing.B, note string) {
	j := openJournal(b)
	j.seed(b)
	fb := store.NewFeedbackService(j.db)
	j.svc.Feedback = fb
	id, err := store.NewConfigService(j.db).JournalID()
	if err != nil {
		b.Fatal(err)
	}
	f := journal.Feedback{ID: "fb-long", Day: testToday - 1, Note: note}
	file := &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: id,
		WrittenAt: fixedNow, Items: []journal.FeedbackItem{f.Item()}}
	if _, err := fb.ImportFeedback(file, testToday); err != nil {
		b.Fatal(err)
	}
	m := newTestModel(b, j.svc, 80, 24)
	if !strings.Contains(m.render(), "From your coach") {
		b.Fatal("Today does not show the feedback")
	}
	for b.Loop() {
		_ = m.render()
	}
}

func BenchmarkTodayFrameNote64KiB(b *testing.B) {
	benchTodayNote(b, strings.Repeat("a long, long line ", 3700)[:journal.MaxFeedbackNote-10])
}

func BenchmarkTodayFrameNote40B(b *testing.B) {
	benchTodayNote(b, "The round worked: everyone spoke.")
}
