package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hone/journal"
)

// TestAccessibleWritesAnEntry writes an entry with three ratings and a
// reflection through plain standard input, as a screen reader's user
// would type it, and finds it with hone list --json.
func TestAccessibleWritesAnEntry(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	answers := strings.Join([]string{
		"1",                             // write an entry
		"someday",                       // date: refused, asked again
		"yesterday",                     // date
		"3",                             // kind: crisis
		"4",                             // phase 3
		"F12",                           // family
		"Safety plan",                   // title
		"Dad called the team together.", // notes
		"2 12 15",                       // skills: eng.mi, plan.safety, self.reflect
		"4", "2", "5",                   // their ratings
		"I stepped back and it worked.", // the reflection
		"",                              // shared: yes
		"safety",                        // tags
		"4",                             // quit
	}, "\n") + "\n"
	r := hone(t, answers, []string{"HONE_ACCESSIBLE=1"}, "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	for _, want := range []string{
		"accessible mode",
		`"someday" is not a date`,
		"Rate MI skills.",
		"Saved, entry ",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the session never said %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("accessible output holds escape sequences:\n%q", r.stdout)
	}
	var got []journal.EntryRecord
	if err := json.Unmarshal([]byte(ok(t, "--db", db, "list", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("the journal holds %d entries, want 1", len(got))
	}
	e := got[0]
	want := map[string]int{"eng.mi": 4, "plan.safety": 2, "self.reflect": 5}
	if len(e.Ratings) != len(want) {
		t.Errorf("ratings = %v, want %v", e.Ratings, want)
	}
	for id, n := range want {
		if e.Ratings[id] != n {
			t.Errorf("ratings = %v, want %v", e.Ratings, want)
		}
	}
	if e.Kind != journal.KindCrisis || e.Phase != 3 || e.Family != "F12" || e.Title == nil || *e.Title != "Safety plan" ||
		e.Notes == nil || *e.Notes != "Dad called the team together." || strings.Join(e.Tags, ",") != "safety" {
		t.Errorf("entry = %+v", e)
	}
	if len(e.Reflections) != 1 || e.Reflections[0].Answer != "I stepped back and it worked." || e.Reflections[0].Prompt == "" {
		t.Errorf("reflections = %+v, want the answer to the suggested prompt", e.Reflections)
	}
}

// TestAccessibleInputEndsMidEntry holds that input ending in the middle of
// an entry saves nothing and says so.
func TestAccessibleInputEndsMidEntry(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "1\ntoday\n2\n", nil, "--accessible", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing was saved") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr %q", r.code, r.stdout, r.stderr)
	}
	if out := ok(t, "--db", db, "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("the journal holds entries after an unfinished one: %s", out)
	}
}

// TestAccessibleReadsNewFeedback: coach feedback new since the last visit
// is read out whole in accessible mode, as Today shows it on the full
// screen (a screen reader's user has no Prep tab to find it on), and is
// then marked seen: the next session does not read it out again.
func TestAccessibleReadsNewFeedback(t *testing.T) {
	db, fb, add := coachedJournal(t, "Mo")
	add("--skill", "team.facil", "--observed", "3")
	add("First line NOTE-a1.\nSecond line NOTE-a2.")
	ok(t, "import", "--db", db, fb)

	r := hone(t, "4\n", nil, "--accessible", "--db", db)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
	for _, want := range []string{"From your coach: 2 items", "Your coach observed 3", "NOTE-a1", "NOTE-a2", "from Mo"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("accessible mode never said %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("accessible output holds escape sequences:\n%q", r.stdout)
	}
	if got := feedbackJSON(t, db, "--new"); len(got) != 0 {
		t.Errorf("after accessible mode read it out, %d items are still new", len(got))
	}
	again := hone(t, "4\n", nil, "--accessible", "--db", db)
	if strings.Contains(again.stdout, "NOTE-a1") || strings.Contains(again.stdout, "From your coach") {
		t.Errorf("the next session read the seen feedback out again:\n%s", again.stdout)
	}
}
