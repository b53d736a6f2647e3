package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"hone/journal"
)

// buildPrep builds the preparation of `hone prep --days days` as of the
// test day from the journal, as main does.
func buildPrep(t *testing.T, j *testJournal, days int) *journal.Prep {
	t.Helper()
	since, asOf := testToday-journal.Day(days-1), testToday
	period, err := j.svc.Entries.FindEntries(journal.EntryFilter{Since: &since, Until: &asOf})
	if err != nil {
		t.Fatal(err)
	}
	selfs, err := j.svc.Entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := j.svc.Ratings.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	goals, err := j.svc.Goals.Goals()
	if err != nil {
		t.Fatal(err)
	}
	return journal.BuildPrep(period, mustCatalog(t, j), rs, goals,
		journal.PrepOptions{Since: since, AsOf: asOf, SelfAssessments: selfs})
}

func prepMarkdown(t *testing.T, p *journal.Prep) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := journal.WritePrepMarkdown(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWritePrep writes the preparation from the Prep tab: the file is
// private, in a private folder created for it, and holds exactly what
// `hone prep` writes for the same period.
func TestWritePrep(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	opts := testOptions()
	opts.PrepDir = filepath.Join(t.TempDir(), "prep")
	m := newTestModelWith(t, j.svc, opts, 80, 24)
	m = keys(t, m, "5", "[", "]", "]") // 37 days
	if got := m.prep.days; got != 37 {
		t.Fatalf("period of %d days, want 37", got)
	}
	m = keys(t, m, "w")
	path := filepath.Join(opts.PrepDir, "prep-2026-03-04.md")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := prepMarkdown(t, buildPrep(t, j, 37)); !bytes.Equal(got, want) {
		t.Errorf("the file differs from hone prep:\n%s\nwant:\n%s", got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(opts.PrepDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	if !strings.Contains(plain(m), "Wrote ") {
		t.Errorf("no status:\n%s", plain(m))
	}
	leftovers, _ := filepath.Glob(filepath.Join(opts.PrepDir, ".hone-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestPrepShowsHonePrep checks the Prep tab against BuildPrep: its
// questions, the starred reflection first, the goal.
func TestPrepShowsHonePrep(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "p") // from Today
	if m.tab != tabPrep || m.prep.prep == nil {
		t.Fatal("p on Today did not open the prepared Prep tab")
	}
	want := buildPrep(t, j, 30)
	text := strings.Join(m.prep.lines, "\n")
	text = strings.Join(strings.Fields(stripANSI(text)), " ")
	for _, q := range want.Questions {
		if !strings.Contains(text, strings.Join(strings.Fields(q), " ")) {
			t.Errorf("the question %q is missing", q)
		}
	}
	for _, s := range []string{"★ For supervision", "I went quiet", "Reflect more than I ask", "Moved up"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q is missing", s)
		}
	}
	star := strings.Index(text, "I went quiet")
	other := strings.Index(text, "Other reflections")
	if star < 0 || other < 0 || star > other {
		t.Error("the starred reflection does not come first")
	}
	// Without a folder, w is off and the footer does not offer it.
	if m.prep.keys.Write.Enabled() || strings.Contains(lastLine(plain(m)), "w write") {
		t.Error("w is offered without a folder to write to")
	}
}

func TestSetGoal(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "5", "g")
	m = typeText(t, m, "Summarise every decision out loud")
	m = keys(t, m, "ctrl+s")
	if m.prep.form == nil || !strings.Contains(plain(m), "tie the goal to at least one skill") {
		t.Fatalf("a goal without skills was not refused:\n%s", plain(m))
	}
	first := m.prep.form.fields[goalFieldSkills].items[0].id
	m = keys(t, m, "space", "ctrl+s")
	if m.prep.form != nil {
		t.Fatalf("the form is still open:\n%s", plain(m))
	}
	goals, err := j.svc.Goals.Goals()
	if err != nil {
		t.Fatal(err)
	}
	if len(goals) != 1 {
		t.Fatalf("%d goals, want 1", len(goals))
	}
	g := goals[0]
	if g.Text != "Summarise every decision out loud" || !slices.Equal(g.Skills, []string{first}) || g.Set != testToday {
		t.Errorf("goal %+v, want the text, [%s] and today", g, first)
	}
	if text := stripANSI(strings.Join(m.prep.lines, "\n")); !strings.Contains(text, "Summarise every decision out loud") {
		t.Error("the Prep tab does not show the new goal")
	}
}

// TestStarReflection stars the second reflection of an entry from the
// entry view, then takes the star off again: both saved.
func TestStarReflection(t *testing.T) {
	j := openJournal(t)
	e := createEntries(t, j, &journal.Entry{Date: testToday, Kind: journal.KindTeamMeeting, Title: "Two reflections",
		Reflections: []journal.Reflection{
			{Prompt: "First prompt?", Answer: "First answer.", Shared: true},
			{Prompt: "Second prompt?", Answer: "Second answer.", Shared: false},
		}})[0]
	m := newTestModel(t, j.svc, 80, 40)
	m = keys(t, m, "2", "enter")
	if m.screen != screenEntry {
		t.Fatal("the entry did not open")
	}
	m = keys(t, m, "tab", "*")
	got, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reflections[0].Starred || !got.Reflections[1].Starred {
		t.Fatalf("stars %v %v, want the second only", got.Reflections[0].Starred, got.Reflections[1].Starred)
	}
	if got.Reflections[1].Answer != "Second answer." || got.Reflections[1].Shared {
		t.Errorf("starring changed the reflection: %+v", got.Reflections[1])
	}
	screen := plain(m)
	if !strings.Contains(screen, "▸ Reflection 2 ★ for supervision") || !strings.Contains(screen, "Starred for supervision") {
		t.Errorf("no star on the screen:\n%s", screen)
	}

	// Editing the entry keeps the star.
	m = keys(t, m, "e", "ctrl+s")
	if got, _ := j.svc.Entries.FindEntry(e.ID); !got.Reflections[1].Starred {
		t.Error("editing the entry lost the star")
	}

	m = keys(t, m, "*")
	if got, _ := j.svc.Entries.FindEntry(e.ID); got.Reflections[1].Starred {
		t.Error("* again did not take the star off")
	}
	if !strings.Contains(plain(m), "Star removed.") {
		t.Errorf("no status:\n%s", plain(m))
	}
}

func TestSelfAssessment(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t) // the newest self-assessment rates eng.voice 4, eng.mi 3, team.facil 4, plan.safety 4
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "3", "S")
	if m.screen != screenSelfAssess {
		t.Fatal("S on Skills did not open the self-assessment")
	}
	// The catalog's order: eng.voice, eng.mi, eng.culture, ...
	m = keys(t, m, "2", "5", "3")
	if m, quit := press(t, m, "q"); quit || m.screen != screenSelfAssess {
		t.Fatal("q left the self-assessment with ratings unsaved")
	}
	m = keys(t, m, "ctrl+s")
	if m.self.saved == nil {
		t.Fatalf("not saved:\n%s", plain(m))
	}
	saved, err := j.svc.Entries.FindEntry(m.self.saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"eng.voice": 2, "eng.mi": 5, "eng.culture": 3}
	if saved.Kind != journal.KindSelfAssessment || saved.Date != testToday || len(saved.Ratings) != len(want) {
		t.Fatalf("saved %+v", saved)
	}
	for id, v := range want {
		if saved.Ratings[id] != v {
			t.Errorf("%s = %d, want %d", id, saved.Ratings[id], v)
		}
	}
	selfs, _ := j.svc.Entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
	cur, prev := journal.LatestSelfAssessments(selfs, testToday)
	if cur.ID != saved.ID || prev == nil {
		t.Fatal("the saved self-assessment is not the newest")
	}
	if wantChanges := journal.CompareSelfAssessments(prev, cur); !slices.Equal(m.self.changes, wantChanges) {
		t.Errorf("changes %+v, want %+v", m.self.changes, wantChanges)
	}
	screen := plain(m)
	for _, s := range []string{"Moved up", "MI skills 3 → 5", "Moved down", "Family and youth voice 4 → 2", "Rated only this time",
		"Not rated this time"} {
		if !strings.Contains(screen, s) {
			t.Errorf("the comparison lacks %q:\n%s", s, screen)
		}
	}
	m = keys(t, m, "enter")
	if m.screen != screenTabs || m.tab != tabSkills {
		t.Error("enter did not go back to the Skills tab")
	}
}

func TestSelfAssessmentNeedsARating(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "S", "ctrl+s")
	if m.self.saved != nil || !strings.Contains(plain(m), "rate at least one skill") {
		t.Errorf("an empty self-assessment was not refused:\n%s", plain(m))
	}
	m = keys(t, m, "esc")
	if m.screen != screenTabs {
		t.Error("esc with nothing rated did not leave at once")
	}
	if countEntries(t, j) != 0 {
		t.Error("something was saved")
	}
}

func stripANSI(s string) string { return ansi.Strip(s) }

// TestPrepWithoutGoals runs the Prep tab without a goal service: the
// preparation has no goals and g is off.
func TestPrepWithoutGoals(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	svc := j.svc
	svc.Goals = nil
	m := newTestModel(t, svc, 80, 24)
	m = keys(t, m, "5")
	if m.prep.prep == nil || m.prep.err != nil {
		t.Fatalf("no preparation without goals: %v", m.prep.err)
	}
	if m.prep.keys.Goal.Enabled() || strings.Contains(lastLine(plain(m)), "goal") {
		t.Error("g is offered without a goal service")
	}
	m = keys(t, m, "g")
	if m.prep.form != nil {
		t.Error("g opened the goal form")
	}
}
