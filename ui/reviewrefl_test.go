package ui

import (
	"strings"
	"testing"

	"hone/journal"
	"hone/journal/gen"
)

// reflectionExport is a coach-safe export whose shared reflections are
// out of date order in the journal: one starred, one private, and three
// more over a year.
func reflectionExport() Review {
	mk := func(ago int, ratings map[string]int, refls ...journal.Reflection) *journal.Entry {
		return &journal.Entry{ID: "e" + itoa(ago), Date: testToday - journal.Day(ago), Kind: journal.KindCheckIn,
			Ratings: ratings, Reflections: refls}
	}
	es := []*journal.Entry{
		mk(300, map[string]int{"eng.mi": 2}, journal.Reflection{Prompt: "What was hard?", Answer: "Oldest answer about silence", Shared: true}),
		mk(200, map[string]int{"eng.mi": 5, "plan.safety": 3}, journal.Reflection{Prompt: "Bring this?", Answer: "Starred answer from spring", Shared: true, Starred: true}),
		mk(40, map[string]int{"plan.safety": 4}, journal.Reflection{Prompt: "What went well?", Answer: "Middle answer on the safety plan", Shared: true},
			journal.Reflection{Prompt: "Private?", Answer: "Private words never shown", Starred: true}),
		mk(3, map[string]int{"team.facil": 1}, journal.Reflection{Prompt: "What next?\x1b[31m", Answer: "Newest answer about the agenda \x1b]8;;http://x\x07link", Shared: true}),
	}
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: fixedNow, Facilitator: "Ana"})
	return Review{Name: "Ana", Export: x}
}

// order returns the indexes in out of each of subs, -1 for one missing.
func order(out string, subs ...string) []int {
	is := make([]int, len(subs))
	for i, s := range subs {
		is[i] = strings.Index(out, s)
	}
	return is
}

func TestReviewReflectionsTab(t *testing.T) {
	m := newReviewModel(t, []Review{reflectionExport()}, 80, 24)
	m = keys(t, m, "3")
	if m.tab != tabReflections {
		t.Fatalf("3 shows %v with one export, want the Reflections", m.tab)
	}
	out := plain(m)
	checkScreen(t, out, 80, 24)
	is := order(out, "Starred answer", "Newest answer", "Middle answer", "What was hard?")
	for i := 1; i < len(is); i++ {
		if is[i-1] < 0 || is[i] < 0 || is[i-1] > is[i] {
			t.Fatalf("want the starred reflection first, then newest first (positions %v):\n%s", is, out)
		}
	}
	for _, want := range []string{"★", "for supervision", "MI skills 5 · Crisis and safety planning 3", "Bring this?", "4 of 4 shared reflections",
		(testToday - 3).Time().Format("2 Jan 2006") + " · check-in", "Meeting facilitation 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tab lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Private words") {
		t.Errorf("a private reflection shows:\n%s", out)
	}
	if c := m.View().Content; strings.Contains(c, "\x1b[31m") || strings.Contains(c, "\x1b]8") {
		t.Error("an escape sequence from an export reached the screen")
	}

	// By skill: s steps through the skills the entries rate, by name.
	m = keys(t, m, "s")
	skill := m.refl.skill
	if skill == "" {
		t.Fatal("s picks no skill")
	}
	out = plain(m)
	name := m.ctx.review.facs[0].in.skillName(skill)
	if !strings.Contains(out, "· "+name) {
		t.Errorf("the heading does not name %s:\n%s", name, out)
	}
	fac := &m.ctx.review.facs[0]
	for _, r := range fac.shared {
		rates := false
		for _, sr := range r.ratings {
			rates = rates || fac.reflSkillIDs[sr.skill] == skill
		}
		if got := strings.Contains(out, r.answer[:12]); got != rates {
			t.Errorf("skill %s: %q shown %v, want %v:\n%s", skill, r.answer, got, rates, out)
		}
	}

	// By words, with the skill cleared, in any case: every word must be there.
	m = keys(t, m, "x", "/", "S", "A", "F", "E", "T", "Y", " ", "p", "l", "a", "n", "enter")
	out = plain(m)
	if !strings.Contains(out, "Middle answer") || strings.Contains(out, "Newest answer") || !strings.Contains(out, "1 of 4") {
		t.Errorf("words \"safety plan\" should leave the middle reflection alone:\n%s", out)
	}
	m = keys(t, m, "x")
	if out = plain(m); !strings.Contains(out, "4 of 4") {
		t.Errorf("x shows them all again:\n%s", out)
	}
	// esc while typing puts back the words from before.
	m = keys(t, m, "/", "z", "z", "esc")
	if out = plain(m); !strings.Contains(out, "4 of 4") || m.refl.filtering {
		t.Errorf("esc leaves the filter on:\n%s", out)
	}
}

// At 80x24 the cards scroll: the oldest is below the fold, and j brings
// it up.
func TestReviewReflectionsScroll(t *testing.T) {
	m := newReviewModel(t, []Review{reflectionExport()}, 80, 24)
	m = keys(t, m, "3")
	if strings.Contains(plain(m), "Oldest answer") {
		t.Fatalf("four cards fit in 80x24; the test needs one below the fold:\n%s", plain(m))
	}
	for range 20 {
		m = keys(t, m, "j")
	}
	out := plain(m)
	checkScreen(t, out, 80, 24)
	if !strings.Contains(out, "Oldest answer") || !strings.Contains(out, "Reflections") {
		t.Errorf("scrolled to the end, the oldest card or the heading is missing:\n%s", out)
	}
}

// Review mode speaks to the coach: no screen says "your coach" or "your
// ratings", the facilitator's wording, and the note on self-ratings is the
// one for a coach.
func TestReviewSpeaksToTheCoach(t *testing.T) {
	for _, where := range [][]string{{"1"}, {"2"}, {"2", "j", "enter"}, {"2", "enter", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j"},
		{"3"}, {"4"}, {"?"}} {
		m := newReviewModel(t, reviewExports(), 100, 60)
		m = keys(t, m, where...)
		out := plain(m)
		for _, bad := range []string{"your coach", "your ratings", "your own skill", journal.SelfRatingNote[:40]} {
			if strings.Contains(strings.ToLower(out), strings.ToLower(bad)) {
				t.Errorf("keys %v: the screen says %q:\n%s", where, bad, out)
			}
		}
	}
}

// A skill's chart over years of ratings shows the last 12 months (or back
// to the baseline window), with every rating in a strip under it; H shows
// all years and back.
func TestSkillChartLastYear(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 1500, Seed: 1, End: testToday})
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: fixedNow, Facilitator: "Ana"})
	m := newReviewModel(t, []Review{{Name: "Ana", Export: x}}, 100, 40)
	m = keys(t, m, "2", "enter")
	d := m.skills.detail
	if d == nil {
		t.Fatal("enter opens no skill")
	}
	in := &m.ctx.data
	pts := in.history[d.skill.ID]
	s := skillSeries(in, d.skill.ID, d.drift, false)
	want := testToday - 364
	if d.drift.Baseline.Valid {
		want = min(want, d.drift.BaselineFrom)
	}
	if d.drift.Status == journal.StatusDrifting {
		want = min(want, d.drift.ReferenceFrom, d.drift.DriftSince)
	}
	if d.drift.Baseline.Valid && s.baseFrom != d.drift.BaselineFrom {
		t.Errorf("the baseline is drawn from %v, want the start of its window %v", s.baseFrom, d.drift.BaselineFrom)
	}
	if pts[0].day >= want || s.from != want || s.first != pts[0].day {
		t.Fatalf("first rating %v, chart from %v (want %v), first %v", pts[0].day, s.from, want, s.first)
	}
	if all := skillSeries(in, d.skill.ID, d.drift, true); all.from != pts[0].day {
		t.Errorf("all years from %v, want the first rating %v", all.from, pts[0].day)
	}
	out := plain(m)
	since := pts[0].day.Time().Format("Jan 2006")
	if !strings.Contains(out, "Last 12 months") || !strings.Contains(out, since+" ") {
		t.Errorf("the detail does not say it shows 12 months, or lacks the strip from %s:\n%s", since, out)
	}
	chart := d.chart
	m = keys(t, m, "H")
	if d = m.skills.detail; d == nil || !d.allYears || d.chart == chart {
		t.Fatalf("H does not show all years")
	}
	if out = plain(m); !strings.Contains(out, "All ratings since "+since) {
		t.Errorf("after H:\n%s", out)
	}
	if m = keys(t, m, "H"); m.skills.detail.allYears || m.skills.detail.chart != chart {
		t.Errorf("H again does not bring the 12 months back")
	}
}

// A card taller than the screen scrolls line by line to its end.
func TestReviewReflectionsLongCard(t *testing.T) {
	long := strings.Repeat("word ", 400) + "THE-END"
	es := []*journal.Entry{{ID: "e1", Date: testToday - 1, Kind: journal.KindCheckIn, Ratings: map[string]int{"eng.mi": 3},
		Reflections: []journal.Reflection{{Prompt: "Long?", Answer: long, Shared: true}}}}
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: fixedNow})
	m := newReviewModel(t, []Review{{Name: "Ana", Export: x}}, 80, 24)
	m = keys(t, m, "3")
	if strings.Contains(plain(m), "THE-END") {
		t.Fatal("the long answer fits the screen; the test needs it longer")
	}
	m = keys(t, m, "G")
	if out := plain(m); !strings.Contains(out, "THE-END") {
		t.Errorf("G does not reach the end of the card:\n%s", out)
	}
	m = keys(t, m, "g")
	for range 30 {
		m = keys(t, m, "j")
	}
	out := plain(m)
	if !strings.Contains(out, "THE-END") || strings.Contains(out, "Long?") {
		t.Errorf("j does not scroll through the card to its end:\n%s", out)
	}
	checkScreen(t, out, 80, 24)
}
