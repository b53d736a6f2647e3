package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hone/journal"
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
