package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/store"
)

// TestTUIReviewWritesFeedback is the coach's round trip: review an export,
// write an observed rating with a note in review mode (f on the Overview),
// quit; the feedback file beside the export is the only new file, 0600; the
// facilitator imports it and finds it in hone feedback --json.
func TestTUIReviewWritesFeedback(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ana.db")
	ok(t, "gen", "--db", db, "--entries", "120", "--seed", "3")
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", export)
	before := dirState(t, dir)

	u := startTUI(t, 100, 30, nil, "review", export)
	u.waitFor("Overview", "Ana", "f write feedback")
	u.keys("f")
	u.waitFor("Feedback for Ana", "ana-feedback.json", "None (a note in general)")
	u.keys("Right") // the first skill of the catalog
	u.waitFor("Family and youth voice (eng.voice)")
	u.keys("Tab", "Right", "Right", "Right") // observed 3
	u.waitFor("1: ")                         // the skill's anchors are shown
	u.keys("Tab", "Tab")                     // the day stays today
	u.typeText("Sat in on the plan review: the family led the options.")
	u.keys("C-s")
	u.waitFor("saved to", "ana-feedback.json")
	u.keys("q")
	u.waitExit()

	fb := filepath.Join(dir, "ana-feedback.json")
	fi, err := os.Stat(fb)
	if err != nil {
		t.Fatalf("no feedback file: %v\n%s", err, u.screen())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("feedback file mode %v, want 0600", fi.Mode().Perm())
	}
	// Review mode wrote nothing else.
	var others []string
	for _, f := range strings.Fields(dirState(t, dir)) {
		if !strings.HasPrefix(f, fb+":") {
			others = append(others, f)
		}
	}
	if strings.Join(others, " ") != strings.TrimSpace(before) {
		t.Errorf("review mode changed other files:\nbefore %s\nafter  %s", before, strings.Join(others, " "))
	}

	ok(t, "import", "--db", db, fb)
	var got []journal.FeedbackRecord
	if err := json.Unmarshal([]byte(ok(t, "feedback", "--db", db, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Skill == nil || *got[0].Skill != "eng.voice" || got[0].Observed == nil || *got[0].Observed != 3 ||
		got[0].Note == nil || !strings.Contains(*got[0].Note, "the family led the options") {
		t.Errorf("hone feedback --json: %+v", got)
	}
}

// TestTUITodayShowsNewFeedback: feedback imported into a journal shows on
// Today at the next start of hone, new since the last visit (how many, the
// newest observed rating, the newest note); once Today has shown it, the
// next start no longer calls it new, and neither does hone feedback --new.
func TestTUITodayShowsNewFeedback(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ana.db")
	ok(t, "gen", "--db", db, "--entries", "120", "--seed", "3")
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", export)
	fb := filepath.Join(dir, "ana-feedback.json")
	day := journal.DayOf(time.Now()) - 4
	ok(t, "feedback", "add", "--export", export, "-o", fb, "--coach", "Chloe", "--skill", "team.facil", "--observed", "3",
		"--day", day.String())
	ok(t, "feedback", "add", "--export", export, "-o", fb, "--day", day.String(), "The round worked: everyone spoke.")
	ok(t, "import", "--db", db, fb)

	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("From your coach · 2 new since your last visit",
		"◆ Observed 3 in Meeting facilitation on "+day.Short()+", from Chloe",
		"✎ Note, "+day.Short()+", from Chloe: The round worked: everyone spoke.")
	// Today has shown it: the mark is kept (the write runs beside the
	// screen; wait for it rather than race the quit).
	newItems := func() []journal.FeedbackRecord {
		var got []journal.FeedbackRecord
		if err := json.Unmarshal([]byte(ok(t, "feedback", "--db", db, "--new", "--json")), &got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for deadline := time.Now().Add(20 * time.Second); len(newItems()) != 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Today showed the feedback but it is still new:\n%s", u.screen())
		}
	}
	u.keys("q")
	u.waitExit()

	u = startTUI(t, 100, 30, nil, "--db", db)
	screen := u.waitFor("Recent entries", "Reflect")
	if strings.Contains(screen, "From your coach") {
		t.Errorf("the next start calls seen feedback new:\n%s", screen)
	}
	u.keys("q")
	u.waitExit()
}

// TestTUIReviewAsksTheCoach: review mode's feedback form asks the coach's
// name; the feedback file carries it ("coach", SPEC section 11); the
// coach's own journal (--db) keeps it, and the next review's form starts
// with it.
func TestTUIReviewAsksTheCoach(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ana.db")
	ok(t, "gen", "--db", db, "--entries", "60", "--seed", "3")
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", export)
	coachDB := filepath.Join(dir, "coach.db")
	ok(t, "add", "--db", coachDB, "the coach's own journal")

	u := startTUI(t, 100, 30, nil, "review", "--db", coachDB, export)
	u.waitFor("Overview", "Ana", "f write feedback")
	u.keys("f")
	u.waitFor("Feedback for Ana", "Your name")
	u.keys("Tab", "Tab", "Tab") // to the note
	u.typeText("Good to see you with the grandmother.")
	u.keys("Tab")
	u.typeText("Chloe Marsh")
	u.keys("C-s")
	u.waitFor("saved to", "ana-feedback.json")
	// The name is kept in the coach's journal beside the screen: wait
	// for it rather than race the quit.
	kept := func() string {
		d, err := store.Open(coachDB, store.Options{ReadOnly: true})
		if err != nil {
			return ""
		}
		defer d.Close()
		name, _ := store.NewConfigService(d).CoachName()
		return name
	}
	for deadline := time.Now().Add(20 * time.Second); kept() != "Chloe Marsh"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the coach's journal did not keep the name:\n%s", u.screen())
		}
	}
	u.keys("q")
	u.waitExit()

	raw, err := os.ReadFile(filepath.Join(dir, "ana-feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	file, err := journal.ReadFeedback(strings.NewReader(string(raw)))
	if err != nil || file.Coach != "Chloe Marsh" || file.Facilitator != "Ana" || len(file.Items) != 1 {
		t.Fatalf("the feedback file: %+v, %v\n%s", file, err, raw)
	}
	ok(t, "import", "--db", db, filepath.Join(dir, "ana-feedback.json"))
	if got := feedbackJSON(t, db); len(got) != 1 || got[0].Coach == nil || *got[0].Coach != "Chloe Marsh" {
		t.Errorf("hone feedback --json: %+v", got)
	}

	// The next review starts the form with the name.
	u = startTUI(t, 100, 30, nil, "review", "--db", coachDB, export)
	u.waitFor("Overview", "Ana", "f write feedback")
	u.keys("f")
	u.waitFor("Feedback for Ana", "Your name", "Chloe Marsh")
	u.keys("Escape")
	u.waitFor("f write feedback")
	u.keys("q")
	u.waitExit()
}
