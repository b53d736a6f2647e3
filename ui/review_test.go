package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"hone/journal"
)

// reviewExports are two coach-safe exports of the seed journal: Ana's as
// it is, and Ben's, whose meeting facilitation drifts too and whose name
// carries an escape sequence.
func reviewExports() []Review {
	c := journal.BuiltinSkills()
	opts := journal.ExportOptions{Now: fixedNow, Facilitator: "Ana"}
	a := journal.BuildExport(seedEntries(), c, opts)
	es := seedEntries()
	for _, e := range es {
		if v, ok := e.Ratings["team.facil"]; ok && e.Date >= testToday-30 {
			e.Ratings["team.facil"] = v - 3
		}
		if v, ok := e.Ratings["plan.safety"]; ok && e.Date < testToday-30 {
			e.Ratings["plan.safety"] = v - 1
		}
	}
	opts.Facilitator = "Ben"
	b := journal.BuildExport(es, c, opts)
	return []Review{{Name: "Ana", Export: a}, {Name: "Ben \x1b[31mred\x1b[0m", Export: b}}
}

// newReviewModel builds review mode over reviews at a size and runs its
// loading to the end.
func newReviewModel(t testing.TB, reviews []Review, w, h int) Model {
	t.Helper()
	m := NewReview(reviews, testOptions())
	m = run(t, m, m.Init())
	return send1(t, m, teaSize(w, h))
}

func TestReviewGolden(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{name: "overview"},
		{name: "skills", keys: []string{"2"}},
		{name: "skill_detail", keys: []string{"2", "j", "enter"}},
		{name: "team", keys: []string{"3"}},
		{name: "skills_ben", keys: []string{"2", "]"}},
	}
	for _, sc := range screens {
		for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			t.Run(sc.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				m := newReviewModel(t, reviewExports(), sz.w, sz.h)
				m = keys(t, m, sc.keys...)
				out := plain(m)
				checkScreen(t, out, sz.w, sz.h)
				if strings.Contains(m.View().Content, "\x1b[31m") {
					t.Error("an escape sequence from an export reached the screen")
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestReviewSwitchesFacilitatorsAndTabs(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	if got, want := m.tab, tabOverview; got != want {
		t.Fatalf("first tab %v, want %v", got, want)
	}
	if !strings.Contains(plain(m), "Ana") || !strings.Contains(plain(m), "Coach-safe export") {
		t.Fatalf("the overview lacks the name or the privacy statement:\n%s", plain(m))
	}
	m = keys(t, m, "]")
	if got, want := m.ctx.fac, 1; got != want {
		t.Fatalf("] shows facilitator %d, want %d", got, want)
	}
	if !strings.Contains(plain(m), "Ben red") {
		t.Errorf("] does not show Ben:\n%s", plain(m))
	}
	m = keys(t, m, "]")
	if got := m.ctx.fac; got != 0 {
		t.Errorf("] goes round to facilitator %d, want 0", got)
	}
	m = keys(t, m, "[")
	if got := m.ctx.fac; got != 1 {
		t.Errorf("[ shows facilitator %d, want 1", got)
	}

	// The Skills tab shows the facilitator's own drift: Ben's facilitation
	// drifts, Ana's improves.
	m = keys(t, m, "2")
	if got, want := m.tab, tabSkills; got != want {
		t.Fatalf("2 shows %v, want %v", got, want)
	}
	row := func(m Model, name string) string {
		for _, l := range strings.Split(plain(m), "\n") {
			if strings.Contains(l, name) {
				return l
			}
		}
		return ""
	}
	if r := row(m, "Meeting facilitation"); !strings.Contains(r, "drifting") {
		t.Errorf("Ben's facilitation: %q", r)
	}
	// An open skill follows the switch to the other facilitator.
	m = keys(t, m, "enter")
	if m.skills.detail == nil {
		t.Fatal("enter opens no skill")
	}
	id := m.skills.detail.skill.ID
	m = keys(t, m, "[")
	if m.skills.detail == nil || m.skills.detail.skill.ID != id {
		t.Fatalf("the open skill closed on a switch")
	}
	if got, want := m.skills.detail.drift, m.ctx.review.facs[0].in.drift[m.ctx.review.facs[0].in.index[id]]; got.Status != want.Status ||
		got.Ratings != want.Ratings {
		t.Errorf("after [ the detail shows %v, want Ana's %v", got.Status, want.Status)
	}
	m = keys(t, m, "esc", "]")
	if r := row(m, "Meeting facilitation"); !strings.Contains(r, "drifting") {
		t.Errorf("Ben's facilitation after switching back: %q", r)
	}

	m = keys(t, m, "tab")
	if got, want := m.tab, tabTeam; got != want {
		t.Errorf("tab shows %v, want %v", got, want)
	}
	if !strings.Contains(plain(m), "learn together") {
		t.Errorf("the Team tab:\n%s", plain(m))
	}
	m = keys(t, m, "tab")
	if got, want := m.tab, tabOverview; got != want {
		t.Errorf("tab goes round to %v, want %v", got, want)
	}
	m = keys(t, m, "4", "5")
	if got, want := m.tab, tabOverview; got != want {
		t.Errorf("4 and 5 show %v in review mode, want %v", got, want)
	}
}

func TestReviewOneExportHasNoTeamTab(t *testing.T) {
	m := newReviewModel(t, reviewExports()[:1], 80, 24)
	out := plain(m)
	if strings.Contains(out, "Team") || strings.Contains(out, "facilitator") && strings.Contains(out, "[/]") {
		t.Errorf("one export shows a Team tab or the switcher:\n%s", out)
	}
	m = keys(t, m, "3", "]")
	if m.tab != tabOverview || m.ctx.fac != 0 {
		t.Errorf("3 or ] did something with one export: tab %v, facilitator %d", m.tab, m.ctx.fac)
	}
}

// TestReviewWriteKeysAreInert presses every key that writes in the journal
// TUI: none does anything in review mode, none is offered, and nothing
// reaches the (absent) services, which would panic.
func TestReviewWriteKeysAreInert(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	writes := []string{"n", "e", "d", "a", "x", "S", "X", "w", "g", "*", "ctrl+s", "ctrl+e", "y"}
	for _, where := range [][]string{{"1"}, {"2"}, {"2", "enter"}, {"3"}} {
		m = keys(t, m, "esc")
		m = keys(t, m, where...)
		before := plain(m)
		for _, k := range writes {
			m = keys(t, m, k)
			if m.screen != screenTabs || m.question != nil || m.skills.form != nil {
				t.Fatalf("%v then %s: screen %v, question %v, form %v", where, k, m.screen, m.question, m.skills.form != nil)
			}
		}
		if got := plain(m); got != before {
			t.Errorf("%v: the write keys changed the screen:\n%s\nwas:\n%s", where, got, before)
		}
		footer := lastLine(plain(m))
		for _, absent := range []string{"add", "archive", "self-assessment", "new", "edit", "delete", "export", "write"} {
			if strings.Contains(footer, absent) {
				t.Errorf("%v: the footer offers %q: %s", where, absent, footer)
			}
		}
	}
	// Nor does the full help list them.
	for _, where := range [][]string{{"2"}, {"2", "enter"}, {"1"}, {"3"}} {
		m = keys(t, m, "esc")
		m = keys(t, m, where...)
		m = keys(t, m, "?")
		help := plain(m)
		if !strings.Contains(help, "Review mode: read-only") {
			t.Errorf("%v: the help does not say review mode is read-only:\n%s", where, help)
		}
		for _, absent := range []string{"add", "archive", "self-assessment", "export", "Journal file"} {
			if strings.Contains(help, absent) {
				t.Errorf("%v: the help lists %q:\n%s", where, absent, help)
			}
		}
		m = keys(t, m, "esc")
	}
	// Messages that write are dropped whatever sends them.
	for _, msg := range []any{openFormMsg{}, openSelfAssessMsg{}, deleteMsg{id: "x"}, archiveSkillMsg{id: "eng.mi"}, openExportMsg{}} {
		next, cmd := m.Update(msg)
		if cmd != nil || next.(Model).screen != screenTabs {
			t.Errorf("%T is not dropped", msg)
		}
	}
}
