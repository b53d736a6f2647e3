package journal_test

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hone/journal"
	"hone/journal/gen"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureDay reads a YYYY-MM-DD date for a fixture.
func fixtureDay(t testing.TB, s string) journal.Day {
	t.Helper()
	d, err := journal.ParseDay(s, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// prepFixture is a small journal, built by hand with fixed days so that the
// golden file stays stable and readable. The period is March 2026 up to
// Sunday the 29th. A team meeting every 4 days from 3 Nov 2025 rates:
//   - eng.mi 4ish until 27 Feb, then 2s and 3s: drifting;
//   - team.facil 3ish, then 4s and 5s: improving;
//   - plan.safety (every other meeting) 4ish, then 3s: worth watching;
//   - self.reflect until 15 Jan, then never: not practised lately;
//   - eng.voice (every third meeting) steady;
//   - own.calm, a custom skill with Markdown in its name, a few times in
//     the period;
//
// and self.doc is never rated. Two self-assessments, 15 Dec and 20 Mar, and
// one after the period; reflections in and out of the period, starred and
// not, private and shared.
type prepFixture struct {
	entries []*journal.Entry // the whole journal, oldest first
	catalog journal.Catalog
	ratings map[string][]journal.Rating
	goals   []journal.Goal
	sas     []*journal.Entry // every self-assessment
	opts    journal.PrepOptions
}

const (
	prepFamily = "FSECRET"
	prepTitle  = "Title that stays home"
	prepNotes  = "Notes that stay home"
	prepOld    = "Reflection from February"
)

func newPrepFixture(t testing.TB) *prepFixture {
	t.Helper()
	f := &prepFixture{}
	for _, id := range []string{"eng.voice", "eng.mi", "team.facil", "plan.safety", "self.reflect", "self.doc"} {
		s, _ := journal.BuiltinSkills().Find(id)
		f.catalog = append(f.catalog, s)
	}
	prep, _ := journal.BuiltinSkills().Find("team.prep")
	prep.Archived = true
	f.catalog = append(f.catalog, prep, journal.Skill{ID: "own.calm", Name: "Calm * under | fire <b>"})

	recent := fixtureDay(t, "2026-02-28") // the first day of the last 30 before 29 Mar
	pick := func(vs []int, k int) int { return vs[k%len(vs)] }
	first, last := fixtureDay(t, "2025-11-03"), fixtureDay(t, "2026-03-28")
	for k := 0; first+journal.Day(4*k) <= last; k++ {
		d := first + journal.Day(4*k)
		e := &journal.Entry{ID: d.String() + "-m", Date: d, Kind: journal.KindTeamMeeting, Phase: 1 + k%4,
			Family: prepFamily, Title: prepTitle, Notes: prepNotes, Ratings: map[string]int{}}
		if k%5 == 4 {
			e.Kind, e.Phase = journal.KindCheckIn, 0
		}
		if d < recent {
			e.Ratings["eng.mi"] = pick([]int{4, 4, 5, 4, 3, 4}, k)
			e.Ratings["team.facil"] = pick([]int{3, 3, 4, 3, 2, 3}, k)
			if k%2 == 0 {
				e.Ratings["plan.safety"] = pick([]int{4, 4, 5, 4, 3}, k/2)
			}
		} else {
			e.Ratings["eng.mi"] = pick([]int{2, 3, 2, 2}, k)
			e.Ratings["team.facil"] = pick([]int{4, 5, 5, 4, 5}, k)
			if k%2 == 0 {
				e.Ratings["plan.safety"] = 3
			}
		}
		if d <= fixtureDay(t, "2026-01-15") {
			e.Ratings["self.reflect"] = pick([]int{4, 3, 4, 4}, k)
		}
		if k%3 == 0 {
			e.Ratings["eng.voice"] = pick([]int{4, 4, 3, 4, 5}, k/3)
		}
		if d >= fixtureDay(t, "2026-03-02") && k%3 == 1 {
			e.Ratings["own.calm"] = pick([]int{3, 4}, k)
		}
		f.entries = append(f.entries, e)
	}
	reflect := func(date string, r journal.Reflection) {
		for _, e := range f.entries {
			if e.Date.String() == date {
				e.Reflections = append(e.Reflections, r)
				return
			}
		}
		t.Fatalf("no entry on %s", date)
	}
	reflect("2026-02-19", journal.Reflection{Prompt: "What surprised you?", Answer: prepOld, Shared: true, Starred: true})
	reflect("2026-03-03", journal.Reflection{PromptID: "gibbs-feelings", Prompt: "What did you feel when the team pushed back?",
		Answer:  "Defensive, at first. I started to argue for the plan instead of asking what they saw.\n\n# not a heading | <b>not bold</b>",
		Starred: true})
	reflect("2026-03-07", journal.Reflection{Prompt: "What went well, and why?", Answer: "The grandparent spoke first and set the agenda.", Shared: true})
	reflect("2026-03-15", journal.Reflection{Prompt: "What would you do differently?", Answer: "Summarise before the break, not after.", Shared: true, Starred: true})
	reflect("2026-03-23", journal.Reflection{Prompt: "What was left unsaid?", Answer: "   ", Shared: true}) // unanswered: left out

	sa := func(date string, ratings map[string]int, refl ...journal.Reflection) *journal.Entry {
		d := fixtureDay(t, date)
		return &journal.Entry{ID: date + "-s", Date: d, Kind: journal.KindSelfAssessment, Ratings: ratings, Reflections: refl,
			Title: prepTitle, Notes: prepNotes}
	}
	f.sas = []*journal.Entry{
		sa("2025-12-15", map[string]int{"eng.voice": 4, "eng.mi": 4, "team.facil": 3, "plan.safety": 4, "self.reflect": 4}),
		sa("2026-03-20", map[string]int{"eng.voice": 4, "eng.mi": 2, "team.facil": 4, "plan.safety": 4, "own.calm": 3},
			journal.Reflection{Prompt: "Which skill do you want to work on next?", Answer: "MI, again: reflections before questions.", Shared: true}),
		sa("2026-04-02", map[string]int{"eng.mi": 5}),
	}
	f.entries = append(f.entries, f.sas...)
	slices.SortFunc(f.entries, func(a, b *journal.Entry) int { return strings.Compare(a.ID, b.ID) })
	f.ratings = ratingsOf(f.entries)

	f.goals = []journal.Goal{
		{ID: "1", Text: "Close a goal from long ago", Skills: []string{"eng.mi"}, Set: fixtureDay(t, "2025-06-01"), Done: true},
		{ID: "2", Text: "Reflect more than I ask in the first ten minutes", Skills: []string{"eng.mi", "eng.voice"}, Set: fixtureDay(t, "2026-02-01")},
		{ID: "3", Text: "Bring one hard moment to every supervision", Skills: []string{"self.reflect"}, Set: fixtureDay(t, "2026-02-15")},
		{ID: "4", Text: "Summarise every decision before the meeting ends", Skills: []string{"team.facil"}, Set: fixtureDay(t, "2026-03-02"), Done: true},
		{ID: "5", Text: "A goal set after the period", Skills: []string{"eng.mi"}, Set: fixtureDay(t, "2026-04-01")},
		{ID: "6", Text: "Ask the family what worked before", Skills: []string{"eng.voice"}, Set: fixtureDay(t, "2025-10-01"),
			Done: true, Closed: fixtureDay(t, "2026-03-12")},
		{ID: "7", Text: "A goal set last time and closed before the period", Skills: []string{"eng.mi"}, Set: fixtureDay(t, "2026-02-20"),
			Done: true, Closed: fixtureDay(t, "2026-02-27")},
	}
	f.opts = journal.PrepOptions{Since: fixtureDay(t, "2026-03-02"), AsOf: fixtureDay(t, "2026-03-29"), SelfAssessments: f.sas}
	return f
}

// ratingsOf collects the ratings of entries by skill, as RatingService does.
func ratingsOf(entries []*journal.Entry) map[string][]journal.Rating {
	out := map[string][]journal.Rating{}
	for _, e := range entries {
		for id, v := range e.Ratings {
			out[id] = append(out[id], journal.Rating{Skill: id, Date: e.Date, EntryID: e.ID, Value: v})
		}
	}
	return out
}

// inPeriod returns the entries of the period, as the EntryFilter of `hone
// prep` selects them.
func (f *prepFixture) inPeriod() []*journal.Entry {
	var out []*journal.Entry
	for _, e := range f.entries {
		if e.Date >= f.opts.Since && e.Date <= f.opts.AsOf {
			out = append(out, e)
		}
	}
	return out
}

func (f *prepFixture) build() *journal.Prep {
	return journal.BuildPrep(f.inPeriod(), f.catalog, f.ratings, f.goals, f.opts)
}

func prepMarkdown(t *testing.T, p *journal.Prep) string {
	t.Helper()
	var b bytes.Buffer
	if err := journal.WritePrepMarkdown(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrepMarkdownGolden(t *testing.T) {
	asOf := fixtureDay(t, "2026-03-29")
	for _, tc := range []struct {
		name, golden string
		prep         func() *journal.Prep
	}{
		{"Journal", "prep.golden", func() *journal.Prep { return newPrepFixture(t).build() }},
		{"Empty", "prep_empty.golden", func() *journal.Prep {
			return journal.BuildPrep(nil, journal.BuiltinSkills(), nil, nil, journal.PrepOptions{Since: asOf - 27, AsOf: asOf})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := prepMarkdown(t, tc.prep())
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./journal -run Prep -update)", err)
			}
			if got != string(want) {
				t.Errorf("Markdown differs from %s (run go test ./journal -run Prep -update and review the diff):\n%s", path, got)
			}
		})
	}
}

// TestPrepFixture checks that the fixture shows what the other tests rely on.
func TestPrepFixture(t *testing.T) {
	f := newPrepFixture(t)
	want := map[string]journal.Status{"eng.mi": journal.StatusDrifting, "team.facil": journal.StatusImproving,
		"plan.safety": journal.StatusWatch, "eng.voice": journal.StatusSteady, "self.doc": journal.StatusInsufficient}
	for _, d := range journal.AnalyzeCatalog(f.catalog, f.ratings, f.opts.AsOf) {
		if w, ok := want[d.Skill]; ok && d.Status != w {
			t.Errorf("%s is %s, want %s: %s", d.Skill, d.Status, w, d.Explanation)
		}
		if got, want := d.Stale, d.Skill == "self.reflect" || d.Skill == "self.doc"; got != want {
			t.Errorf("%s stale %t, want %t: %s", d.Skill, got, want, d.Explanation)
		}
	}
}

func TestPrepDrift(t *testing.T) {
	f := newPrepFixture(t)
	p := f.build()
	md := prepMarkdown(t, p)
	groups := map[journal.Status]string{journal.StatusDrifting: "### Drifting", journal.StatusWatch: "### Worth watching",
		journal.StatusImproving: "### Improving"}
	listed := 0
	for _, d := range journal.AnalyzeCatalog(f.catalog, f.ratings, f.opts.AsOf) {
		s, _ := f.catalog.Find(d.Skill)
		heading, ok := groups[d.Status]
		switch {
		case ok:
		case d.Stale && d.Ratings > 0:
			heading = "### Not practised lately"
		default:
			continue
		}
		listed++
		line := "- **" + s.Name + "** (" + s.ID + "): " + d.Explanation + "\n"
		i, j := strings.Index(md, heading), strings.Index(md, line)
		if j < 0 {
			t.Errorf("prep lacks %q", line)
		} else if i < 0 || j < i || strings.Contains(md[i+len(heading):j], "\n### ") {
			t.Errorf("%s is not under %q", d.Skill, heading)
		}
	}
	if listed != 4 {
		t.Errorf("%d skills listed, want 4", listed)
	}
	if got := strings.Count(md, journal.SelfRatingNote); got != 1 {
		t.Errorf("SelfRatingNote appears %d times, want 1", got)
	}
	if !strings.Contains(md, "- Not rated yet: Documentation discipline (self.doc).") {
		t.Errorf("the never-rated skill is missing")
	}
	if strings.Contains(md, "team.prep") {
		t.Errorf("an archived skill reached the drift section")
	}
	for _, g := range [][]journal.SkillDrift{p.Drifting, p.Watch, p.Improving, p.Stale} {
		for _, sd := range g {
			if sd.Name == "" || sd.Drift.Explanation == "" {
				t.Errorf("%+v lacks a name or an explanation", sd)
			}
		}
	}
}

func TestPrepPeriod(t *testing.T) {
	p := newPrepFixture(t).build()
	if got, want := p.Period(), "Monday 2 March to Sunday 29 March 2026"; got != want {
		t.Errorf("Period() = %q, want %q", got, want)
	}
	if got, want := p.Entries, 8; got != want { // 7 meetings and a self-assessment
		t.Errorf("Entries = %d, want %d", got, want)
	}
	kinds := map[journal.Kind]int{}
	for _, k := range p.Kinds {
		kinds[k.Kind] = k.Count
	}
	if want := map[journal.Kind]int{journal.KindTeamMeeting: 6, journal.KindCheckIn: 1, journal.KindSelfAssessment: 1}; !maps.Equal(kinds, want) {
		t.Errorf("Kinds = %v, want %v", p.Kinds, want)
	}
	if got := p.Phases[len(p.Phases)-1]; got.Phase != 0 || got.Count != 2 {
		t.Errorf("the last phase count is %+v, want no phase: 2", got)
	}
	// Practised: the meetings' ratings, most rated first; not the
	// self-assessment's.
	var ids []string
	for _, s := range p.Practised {
		ids = append(ids, s.Skill)
	}
	if want := []string{"eng.mi", "team.facil", "plan.safety", "eng.voice", "own.calm"}; !slices.Equal(ids, want) {
		t.Errorf("Practised = %v, want %v", ids, want)
	}
	if s := p.Practised[0]; s.Count != 7 || s.Name != "MI skills" || !s.Mean.Valid {
		t.Errorf("Practised[0] = %+v, want MI skills with 7 ratings", s)
	}

	one := journal.BuildPrep(nil, nil, nil, nil, journal.PrepOptions{Since: p.AsOf + 5, AsOf: p.AsOf})
	if one.Since != p.AsOf || one.Days() != 1 || one.Period() != "Sunday 29 March 2026" {
		t.Errorf("a Since after AsOf gives %s, %d days, %q; want the one day AsOf", one.Since, one.Days(), one.Period())
	}
}

func TestPrepReflections(t *testing.T) {
	f := newPrepFixture(t)
	for _, tc := range []struct {
		name    string
		entries []*journal.Entry
	}{
		{"PeriodEntries", f.inPeriod()},
		{"WholeJournal", f.entries}, // outside the period: ignored
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := journal.BuildPrep(tc.entries, f.catalog, f.ratings, f.goals, f.opts)
			var got []string
			for _, r := range p.Reflections {
				got = append(got, r.Date.String()+" "+strings.Fields(r.Answer)[0])
			}
			want := []string{"2026-03-03 Defensive,", "2026-03-15 Summarise", "2026-03-07 The", "2026-03-20 MI,"}
			if !slices.Equal(got, want) {
				t.Errorf("reflections %q, want %q", got, want)
			}
			if p.Starred != 2 || !p.Reflections[1].Starred || p.Reflections[2].Starred {
				t.Errorf("Starred = %d; want the 2 starred first", p.Starred)
			}
			md := prepMarkdown(t, p)
			for _, absent := range []string{prepOld, prepFamily, prepTitle, prepNotes, "<b>", "\n# not"} {
				if strings.Contains(md, absent) {
					t.Errorf("prep holds %q", absent)
				}
			}
			for _, want := range []string{
				"### ★ For supervision", "### Other reflections",
				"★ 3 Mar 2026 · team meeting, phase 3 · private: *What did you feel when the team pushed back?*",
				"> \\# not a heading | &lt;b>not bold&lt;/b>",
				"holds your own reflections, private ones included",
			} {
				if !strings.Contains(md, want) {
					t.Errorf("prep lacks %q", want)
				}
			}
		})
	}
}

func TestPrepGoals(t *testing.T) {
	asOf := fixtureDay(t, "2026-03-29")
	set := fixtureDay(t, "2026-02-01")
	rating := func(d journal.Day, v int) journal.Rating {
		return journal.Rating{Skill: "eng.mi", Date: d, EntryID: d.String(), Value: v}
	}
	ratings := map[string][]journal.Rating{"eng.mi": {
		rating(set-91, 1),  // before the 90 days: left out
		rating(set-90, 3),  // the first of the 90 days before
		rating(set-1, 4),   // the last day before
		rating(set, 5),     // the day it was set counts as since
		rating(asOf, 2),    // as of: since
		rating(set+20, 4),  // since
		rating(asOf+1, 1),  // after AsOf: left out
		rating(set-200, 5), // long before
	}}
	c := journal.BuiltinSkills()
	since := asOf - 27 // the period: 2 to 29 March 2026; "last time": 2 Feb to 1 Mar
	openStats := [2]journal.RatingStats{
		{Count: 2, Mean: journal.Number{Value: 3.5, Valid: true}},
		{Count: 3, Mean: journal.Number{Value: 11.0 / 3, Valid: true}},
	}
	for _, tc := range []struct {
		name          string
		goal          journal.Goal
		listed        bool
		before, since journal.RatingStats
		state         string // Goal.State() of the goal listed
	}{
		{"Open", journal.Goal{Text: "MI", Skills: []string{"eng.mi"}, Set: set}, true,
			openStats[0], openStats[1], "open"},
		{"NoneSince", journal.Goal{Text: "Late", Skills: []string{"eng.mi"}, Set: asOf + 1}, false,
			journal.RatingStats{}, journal.RatingStats{}, ""},
		{"SetOnAsOf", journal.Goal{Text: "Today", Skills: []string{"eng.mi"}, Set: asOf}, true,
			journal.RatingStats{Count: 3, Mean: journal.Number{Value: 13.0 / 3, Valid: true}},
			journal.RatingStats{Count: 1, Mean: journal.Number{Value: 2, Valid: true}}, "open"},
		{"NeverRated", journal.Goal{Text: "Docs", Skills: []string{"self.doc"}, Set: set}, true,
			journal.RatingStats{}, journal.RatingStats{}, "open"},
		{"SetLongAgoClosedInPeriod", journal.Goal{Text: "Met", Skills: []string{"eng.mi"}, Set: set - 200, Done: true, Closed: asOf - 5}, true,
			journal.RatingStats{}, journal.RatingStats{Count: 7, Mean: journal.Number{Value: 24.0 / 7, Valid: true}}, "closed 24 Mar 2026"},
		{"ClosedOnSince", journal.Goal{Text: "Met", Skills: []string{"eng.mi"}, Set: set, Done: true, Closed: since}, true,
			openStats[0], openStats[1], "closed 2 Mar 2026"},
		{"ClosedOnAsOf", journal.Goal{Text: "Met", Skills: []string{"eng.mi"}, Set: set, Done: true, Closed: asOf}, true,
			openStats[0], openStats[1], "closed 29 Mar 2026"},
		{"SetLastTimeClosedBefore", journal.Goal{Text: "Met", Skills: []string{"eng.mi"}, Set: since - 10, Done: true, Closed: since - 1}, false,
			journal.RatingStats{}, journal.RatingStats{}, ""},
		{"SetInPeriodClosedBefore", journal.Goal{Text: "Odd", Skills: []string{"eng.mi"}, Set: since + 3, Done: true, Closed: since - 1}, false,
			journal.RatingStats{}, journal.RatingStats{}, ""},
		{"ClosedAfterAsOfIsOpen", journal.Goal{Text: "Met later", Skills: []string{"eng.mi"}, Set: set, Done: true, Closed: asOf + 1}, true,
			openStats[0], openStats[1], "open"},
		// Goals closed before hone kept the day: closed in the period when
		// set in it or in the period before.
		{"UnknownDaySetInPeriod", journal.Goal{Text: "Done", Skills: []string{"eng.mi"}, Set: asOf, Done: true}, true,
			journal.RatingStats{Count: 3, Mean: journal.Number{Value: 13.0 / 3, Valid: true}},
			journal.RatingStats{Count: 1, Mean: journal.Number{Value: 2, Valid: true}}, "closed"},
		{"UnknownDaySetLastTime", journal.Goal{Text: "Done", Skills: []string{"eng.mi"}, Set: since - 28, Done: true}, true,
			journal.RatingStats{Count: 2, Mean: journal.Number{Value: 4.5, Valid: true}},
			journal.RatingStats{Count: 2, Mean: journal.Number{Value: 3, Valid: true}}, "closed"},
		{"UnknownDaySetLongAgo", journal.Goal{Text: "Old", Skills: []string{"eng.mi"}, Set: since - 29, Done: true}, false,
			journal.RatingStats{}, journal.RatingStats{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := journal.BuildPrep(nil, c, ratings, []journal.Goal{tc.goal}, journal.PrepOptions{Since: since, AsOf: asOf})
			if got := len(p.Goals) == 1; got != tc.listed {
				t.Fatalf("listed %t, want %t", got, tc.listed)
			}
			if !tc.listed {
				return
			}
			if got := p.Goals[0].Goal.State(); got != tc.state {
				t.Errorf("state %q, want %q", got, tc.state)
			}
			g := p.Goals[0].Progress[0]
			if !statsEqual(g.Before, tc.before) || !statsEqual(g.Since, tc.since) {
				t.Errorf("before %+v since %+v, want %+v and %+v", g.Before, g.Since, tc.before, tc.since)
			}
			if g.Drift.Skill != g.Skill || g.Name == "" {
				t.Errorf("drift of %s, name %q", g.Drift.Skill, g.Name)
			}
		})
	}

	// In the fixture: open goals first, in the order given; the goals
	// closed in the period last; the others left out.
	f := newPrepFixture(t)
	p := f.build()
	var ids []string
	for _, g := range p.Goals {
		ids = append(ids, g.Goal.ID)
	}
	if want := []string{"2", "3", "4", "6"}; !slices.Equal(ids, want) {
		t.Errorf("goals %v, want %v", ids, want)
	}
	md := prepMarkdown(t, p)
	for _, want := range []string{
		"- **Bring one hard moment to every supervision** (set 15 Feb 2026, open)",
		"  - **Reflective use of self** (self.reflect): not rated since; 16 ratings in the 90 days before, mean 3.8. Now steady, not practised lately.",
		"(set 2 Mar 2026, closed)",
		"- **Ask the family what worked before** (set 1 Oct 2025, closed 12 Mar 2026)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("prep lacks %q", want)
		}
	}

	// A closed goal brings no question; a goal closed after AsOf was open
	// then, and does.
	for _, tc := range []struct {
		name   string
		closed journal.Day
		asked  bool
	}{
		{"ClosedInPeriod", asOf - 1, false},
		{"ClosedAfterAsOf", asOf + 1, true},
	} {
		t.Run("Question"+tc.name, func(t *testing.T) {
			g := journal.Goal{Text: "Write notes the same day", Skills: []string{"self.doc"}, Set: set, Done: true, Closed: tc.closed}
			p := journal.BuildPrep(nil, c, ratings, []journal.Goal{g}, journal.PrepOptions{Since: since, AsOf: asOf})
			asked := slices.ContainsFunc(p.Questions, func(q string) bool { return strings.Contains(q, g.Text) })
			if asked != tc.asked {
				t.Errorf("asked about the goal: %t, want %t (questions %q)", asked, tc.asked, p.Questions)
			}
		})
	}
}

func statsEqual(a, b journal.RatingStats) bool {
	const eps = 1e-9
	return a.Count == b.Count && a.Mean.Valid == b.Mean.Valid && a.Mean.Value-b.Mean.Value < eps && b.Mean.Value-a.Mean.Value < eps
}

func TestPrepSelfAssessment(t *testing.T) {
	f := newPrepFixture(t)
	for _, tc := range []struct {
		name       string
		sas        []*journal.Entry
		cur, prev  string
		changeLine string
	}{
		{"WithPrevious", f.sas, "2026-03-20", "2025-12-15", "- **MI skills** (eng.mi): moved down, from 4 to 2"},
		{"OnlyThePeriods", nil, "2026-03-20", "", "is your first; the next one will be compared with it."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := f.opts
			opts.SelfAssessments = tc.sas
			p := journal.BuildPrep(f.inPeriod(), f.catalog, f.ratings, f.goals, opts)
			sa := p.SelfAssessment
			if sa == nil || sa.Current.Date.String() != tc.cur {
				t.Fatalf("self-assessment %+v, want the one of %s", sa, tc.cur)
			}
			if prev := ""; sa.Previous != nil && sa.Previous.Date.String() != tc.prev || sa.Previous == nil && tc.prev != prev {
				t.Errorf("previous %+v, want %q", sa.Previous, tc.prev)
			}
			if md := prepMarkdown(t, p); !strings.Contains(md, tc.changeLine) {
				t.Errorf("prep lacks %q", tc.changeLine)
			}
		})
	}
	opts := f.opts
	opts.Since = fixtureDay(t, "2026-03-21")
	if p := journal.BuildPrep(f.inPeriod(), f.catalog, f.ratings, f.goals, opts); p.SelfAssessment != nil {
		t.Errorf("a period without a self-assessment compares %s", p.SelfAssessment.Current.Date)
	}
}

func TestPrepQuestions(t *testing.T) {
	f := newPrepFixture(t)
	asOf := f.opts.AsOf
	empty := journal.PrepOptions{Since: asOf - 27, AsOf: asOf}
	for _, tc := range []struct {
		name string
		prep func() *journal.Prep
		want []string
	}{
		{"Journal", f.build, []string{
			"What has been getting in the way of MI skills lately, and what would help you get back to your usual?",
			"You set the goal “Bring one hard moment to every supervision” on 15 Feb 2026 and have not rated Reflective use of self since: is it still the right goal, and what kept it off the table?",
			"Your ratings of Meeting facilitation have been rising: what made the difference, and how can you keep it going?",
		}},
		{"NoGoals", func() *journal.Prep {
			return journal.BuildPrep(f.inPeriod(), f.catalog, f.ratings, nil, f.opts)
		}, []string{
			"What has been getting in the way of MI skills lately, and what would help you get back to your usual?",
			"Your ratings of Meeting facilitation have been rising: what made the difference, and how can you keep it going?",
			"You have not rated Reflective use of self for 74 days: has it had no place in your meetings, or has it slipped out of view?",
		}},
		{"Empty", func() *journal.Prep { return journal.BuildPrep(nil, journal.BuiltinSkills(), nil, nil, empty) }, []string{
			"What felt hardest in your work this period, and what would you most like to get better at next?",
		}},
		{"NoCatalog", func() *journal.Prep { return journal.BuildPrep(nil, nil, nil, nil, empty) }, []string{
			"What felt hardest in your work this period, and what would you most like to get better at next?",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.prep().Questions
			if !slices.Equal(got, tc.want) {
				t.Errorf("questions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if again := tc.prep().Questions; !slices.Equal(again, got) {
				t.Errorf("questions change from one run to the next")
			}
		})
	}
}

func TestPrepEmpty(t *testing.T) {
	asOf := fixtureDay(t, "2026-03-29")
	md := prepMarkdown(t, journal.BuildPrep(nil, journal.BuiltinSkills(), nil, nil, journal.PrepOptions{Since: asOf - 27, AsOf: asOf}))
	for _, want := range []string{"No entries in this period.", "Nothing rated in this period.", "Nothing is drifting.",
		"No reflections in this period.", "No learning goals yet.", "No self-assessment in this period.", "1. What felt hardest"} {
		if !strings.Contains(md, want) {
			t.Errorf("empty prep lacks %q", want)
		}
	}
}

func TestPrepGenerated(t *testing.T) {
	end := fixtureDay(t, "2026-03-29")
	es := gen.Generate(gen.Options{Entries: 350, Seed: gen.DemoSeed, End: end})
	c := journal.BuiltinSkills()
	var sas []*journal.Entry
	for _, e := range es {
		if e.Kind == journal.KindSelfAssessment {
			sas = append(sas, e)
		}
	}
	opts := journal.PrepOptions{Since: end - 29, AsOf: end, SelfAssessments: sas}
	p := journal.BuildPrep(es, c, gen.Ratings(es), nil, opts)
	md := prepMarkdown(t, p)
	if len(p.Drifting) == 0 {
		t.Fatalf("no drifting skill in the demo journal")
	}
	if sd := p.Drifting[0]; !strings.Contains(md, sd.Name+"** ("+sd.Drift.Skill+"): "+sd.Drift.Explanation) {
		t.Errorf("prep does not name the drifting %s", sd.Drift.Skill)
	}
	if n := len(p.Questions); n < 1 || n > journal.PrepMaxQuestions {
		t.Errorf("%d questions", n)
	}
	if p.Entries == 0 || len(p.Practised) == 0 || len(p.Reflections) == 0 {
		t.Errorf("prep of a busy month: %d entries, %d skills, %d reflections", p.Entries, len(p.Practised), len(p.Reflections))
	}
}
