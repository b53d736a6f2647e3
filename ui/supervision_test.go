package ui

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// TestPrepShowsClosedGoal closes a goal set long before the period: the
// Prep tab lists it with the day it was closed.
func TestPrepShowsClosedGoal(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	g := &journal.Goal{Text: "Ask the family what worked before", Skills: []string{"eng.voice"}, Set: testToday - 200}
	if err := j.svc.Goals.CreateGoal(g); err != nil {
		t.Fatal(err)
	}
	if _, err := j.svc.Goals.SetGoalDone(g.ID, true); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "5")
	text := strings.Join(strings.Fields(stripANSI(strings.Join(m.prep.lines, "\n"))), " ")
	want := "• Ask the family what worked before set " + (testToday - 200).Short() + ", closed " + testToday.Short()
	if !strings.Contains(text, want) {
		t.Errorf("the Prep tab lacks %q:\n%s", want, text)
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

// prepLinesMsgs runs cmd and returns the preparations laid out again that
// it sends.
func prepLinesMsgs(t testing.TB, cmd tea.Cmd) []prepLinesMsg {
	t.Helper()
	var out []prepLinesMsg
	for _, msg := range cmdMsgs(t, cmd) {
		if msg, ok := msg.(prepLinesMsg); ok {
			out = append(out, msg)
		}
	}
	return out
}

// TestPrepLaidOutOffTheLoop checks that the Prep tab's lines arrive laid
// out by the command that loads the preparation, for the width of the
// window, and that a resize or a restyle lays them out again in a command
// while the old lines show.
func TestPrepLaidOutOffTheLoop(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "5")
	v := m.prep
	if v.prep == nil || v.err != nil {
		t.Fatalf("no preparation: %v", v.err)
	}
	if got, want := v.linesFor, prepLayoutFor(m.ctx, v.seq); got != want || v.want != want {
		t.Fatalf("lines laid out for %+v (want %+v), want %+v", got, v.want, want)
	}
	if want := renderPrep(v.prep, &m.ctx.styles, 80); !slices.Equal(v.lines, want) {
		t.Fatal("the lines differ from the preparation laid out for 80 cells")
	}

	// A resize: the old lines show until the command lays them out again.
	old := v.lines
	next, cmd := m.Update(teaSize(100, 30))
	m = next.(Model)
	if &m.prep.lines[0] != &old[0] {
		t.Fatal("the resize laid the preparation out on the UI loop")
	}
	if text := plain(m); !strings.Contains(text, "Supervision preparation") || strings.Contains(text, "Laying out") {
		t.Errorf("the old lines do not show while the new ones are on their way:\n%s", text)
	}
	msgs := prepLinesMsgs(t, cmd)
	if len(msgs) != 1 {
		t.Fatalf("the resize sent %d layouts, want 1", len(msgs))
	}
	next, _ = m.Update(msgs[0])
	m = next.(Model)
	if got, want := m.prep.linesFor.w, 100; got != want {
		t.Errorf("lines laid out for %d cells, want %d", got, want)
	}
	if want := renderPrep(m.prep.prep, &m.ctx.styles, 100); !slices.Equal(m.prep.lines, want) {
		t.Error("the lines differ from the preparation laid out for 100 cells")
	}

	// A light background: laid out again with the light styles.
	next, cmd = m.Update(tea.BackgroundColorMsg{Color: color.White})
	m = next.(Model)
	if msgs = prepLinesMsgs(t, cmd); len(msgs) != 1 || msgs[0].layout.dark {
		t.Fatalf("the restyle sent %+v, want one layout for a light background", msgs)
	}
	m = send1(t, m, msgs[0])
	if want := renderPrep(m.prep.prep, &m.ctx.styles, 100); m.prep.linesFor.dark || !slices.Equal(m.prep.lines, want) {
		t.Error("the lines are not laid out with the light styles")
	}

	// Nothing that leaves the width and the styles alone lays out again.
	for _, k := range []string{"j", "k", "G"} {
		next, cmd := m.Update(keyMsg(k))
		m = next.(Model)
		if msgs := prepLinesMsgs(t, cmd); len(msgs) > 0 {
			t.Errorf("%s laid the preparation out again", k)
		}
	}
}

// TestPrepTakesLinesFromTheMessage checks that the Prep tab takes the
// lines a prepMsg carries as they are, and drops those of an older load,
// or laid out for another width, or older layouts.
func TestPrepTakesLinesFromTheMessage(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "5")
	p := buildPrep(t, j, 30)
	seq := m.prep.seq
	sentinel := func(s string) []string { return []string{" " + s + " 1", " " + s + " 2"} }

	tests := []struct {
		name   string
		msg    prepMsg
		taken  bool
		layout bool // a layout command follows
	}{
		{"OK", prepMsg{seq: seq, prep: p, layout: prepLayoutFor(m.ctx, seq), lines: sentinel("current")}, true, false},
		{"OlderLoad", prepMsg{seq: seq - 1, prep: p, layout: prepLayoutFor(m.ctx, seq-1), lines: sentinel("older")}, false, false},
		{"OtherWidth", prepMsg{seq: seq, prep: p, layout: prepLayout{seq: seq, w: 60, dark: m.ctx.styles.Dark}, lines: sentinel("narrow")}, false, true},
		{"OtherStyles", prepMsg{seq: seq, prep: p, layout: prepLayout{seq: seq, w: 80, dark: !m.ctx.styles.Dark}, lines: sentinel("light")}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := m.prep.lines
			next, cmd := m.Update(tt.msg)
			got := next.(Model)
			if taken := &got.prep.lines[0] == &tt.msg.lines[0]; taken != tt.taken {
				t.Errorf("lines taken: %v, want %v", taken, tt.taken)
			}
			if !tt.taken && &got.prep.lines[0] != &before[0] {
				t.Error("the lines shown changed")
			}
			if tt.taken && !strings.Contains(plain(got), "current 1") {
				t.Errorf("the lines of the message do not show:\n%s", plain(got))
			}
			msgs := prepLinesMsgs(t, cmd)
			if got, want := len(msgs) > 0, tt.layout; got != want {
				t.Fatalf("a layout follows: %v, want %v", got, want)
			}
			if !tt.layout {
				return
			}
			if msgs[0].layout != prepLayoutFor(m.ctx, seq) {
				t.Errorf("laid out again for %+v, want %+v", msgs[0].layout, prepLayoutFor(m.ctx, seq))
			}
			got = send1(t, got, msgs[0])
			if want := renderPrep(p, &got.ctx.styles, 80); !slices.Equal(got.prep.lines, want) {
				t.Error("the preparation is not laid out again for the window")
			}
		})
	}

	// Of two layouts on their way, the older is dropped.
	next, first := m.Update(teaSize(100, 30))
	m = next.(Model)
	next, second := m.Update(teaSize(90, 30))
	m = next.(Model)
	older, newer := prepLinesMsgs(t, first), prepLinesMsgs(t, second)
	if len(older) != 1 || len(newer) != 1 {
		t.Fatalf("%d and %d layouts, want 1 each", len(older), len(newer))
	}
	before := m.prep.lines
	m = send1(t, m, older[0])
	if &m.prep.lines[0] != &before[0] {
		t.Error("the layout for 100 cells was taken after a resize to 90")
	}
	m = send1(t, m, newer[0])
	if got, want := m.prep.linesFor.w, 90; got != want {
		t.Errorf("lines laid out for %d cells, want %d", got, want)
	}
}

// TestPrepLayingOut checks the screen of a preparation that arrived laid
// out for another width: it says so until its lines arrive.
func TestPrepLayingOut(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	next, cmd := m.Update(keyMsg("5"))
	m = next.(Model)
	next, _ = m.Update(teaSize(90, 24)) // while the preparation loads
	m = next.(Model)
	var load prepMsg
	for _, msg := range cmdMsgs(t, cmd) {
		if msg, ok := msg.(prepMsg); ok {
			load = msg
		}
	}
	if load.prep == nil || load.layout.w != 80 {
		t.Fatalf("the load sent %+v, want a preparation laid out for 80 cells", load.layout)
	}
	next, cmd = m.Update(load)
	m = next.(Model)
	if m.prep.prep != load.prep || m.prep.lines != nil {
		t.Fatal("the preparation was not taken without its lines")
	}
	if text := plain(m); !strings.Contains(text, "Laying out…") || !strings.Contains(text, "Updating…") {
		t.Errorf("no word of the layout on its way:\n%s", text)
	}
	m = run(t, m, cmd)
	if got, want := m.prep.linesFor, prepLayoutFor(m.ctx, m.prep.seq); got != want || len(m.prep.lines) == 0 {
		t.Errorf("lines laid out for %+v, want %+v", got, want)
	}
	if text := plain(m); strings.Contains(text, "Laying out…") || strings.Contains(text, "Updating…") {
		t.Errorf("still laying out:\n%s", text)
	}
}
