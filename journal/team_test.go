package journal_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"hone/journal"
)

var teamEnd = journal.Date(2026, time.March, 1)

// teamRatings rates skill 4 every third day from 100 to 31 days before
// teamEnd, then the recent values, one every third day up to yesterday.
func teamRatings(skill string, recent ...int) []*journal.Entry {
	var es []*journal.Entry
	add := func(age, v int) {
		es = append(es, &journal.Entry{ID: fmt.Sprintf("%s-%03d", skill, 200-age), Date: teamEnd - journal.Day(age),
			Kind: journal.KindTeamMeeting, Ratings: map[string]int{skill: v}})
	}
	for age := 100; age >= 31; age -= 3 {
		add(age, 4)
	}
	for i, v := range recent {
		add(1+3*(len(recent)-1-i), v)
	}
	return es
}

// teamExport builds a coach-safe export of the entries with the catalog.
func teamExport(c journal.Catalog, ess ...[]*journal.Entry) *journal.Export {
	var all []*journal.Entry
	for _, es := range ess {
		all = append(all, es...)
	}
	return journal.BuildExport(all, c, journal.ExportOptions{Now: exportNow})
}

func TestTeamSummary(t *testing.T) {
	a := journal.Skill{ID: "team.a", Name: "Skill A", KeyElement: journal.KeyTeamwork}
	b := journal.Skill{ID: "team.b", Name: "Skill B", KeyElement: journal.KeyTeamwork}
	c := journal.Skill{ID: "own.c", Name: "Skill C", KeyElement: "Cultural humility"}
	d := journal.Skill{ID: "own.d", Name: "Skill D"}
	archivedD := d
	archivedD.Archived = true
	// The first facilitator lists C before A and B: the team's order is
	// the order of first appearance, key elements in their own order.
	drop, rise, flat := []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, []int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, []int{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}
	watch := []int{4, 4, 4, 4, 4, 3, 3, 3, 3, 3} // L = 3.5 = B - 0.5, C = 2.5: watch
	old := []*journal.Entry{}
	for age := 200; age > 100; age -= 10 {
		old = append(old, &journal.Entry{ID: fmt.Sprintf("d-%03d", 300-age), Date: teamEnd - journal.Day(age),
			Kind: journal.KindCheckIn, Ratings: map[string]int{"own.d": 3}})
	}
	recentC := teamRatings("own.c", 4, 4, 4)
	few := recentC[len(recentC)-3:] // 3 ratings in the last week
	xs := []*journal.Export{
		teamExport(journal.Catalog{c, a, b, archivedD}, teamRatings("team.a", drop...), teamRatings("team.b", flat...), few),
		teamExport(journal.Catalog{a, b, c, d}, teamRatings("team.a", drop...), teamRatings("team.b", watch...),
			teamRatings("own.c", rise...), old),
		teamExport(journal.Catalog{a, b, archivedD}, teamRatings("team.a", flat...), teamRatings("team.b", rise...)),
	}
	// The statuses the series are made for.
	want := [][]journal.Status{
		{journal.StatusInsufficient, journal.StatusDrifting, journal.StatusSteady},
		{journal.StatusDrifting, journal.StatusWatch, journal.StatusImproving, journal.StatusDormant},
		{journal.StatusSteady, journal.StatusImproving},
	}
	levels := map[string][]float64{}
	for i, x := range xs {
		ds, err := x.Drift(teamEnd)
		if err != nil {
			t.Fatal(err)
		}
		var got []journal.Status
		for _, d := range ds {
			got = append(got, d.Status)
			if d.Level.Valid {
				levels[d.Skill] = append(levels[d.Skill], d.Level.Value)
			}
		}
		if !slices.Equal(got, want[i]) {
			t.Fatalf("facilitator %d: statuses %v, want %v", i, got, want[i])
		}
	}

	team, err := journal.TeamSummary(xs, teamEnd)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := team.Size, 3; got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
	var ids []string
	for _, s := range team.Skills {
		ids = append(ids, s.ID)
	}
	if got, want := fmt.Sprint(ids), "[own.c team.a team.b own.d]"; got != want {
		t.Errorf("skills %s, want %s", got, want)
	}
	type counts struct{ fac, drift, watch, impr, steady, insuff, dormant, stale int }
	wantCounts := map[string]counts{
		"own.c":  {fac: 2, impr: 1, insuff: 1},
		"team.a": {fac: 3, drift: 2, steady: 1},
		"team.b": {fac: 3, watch: 1, impr: 1, steady: 1},
		"own.d":  {fac: 1, dormant: 1, stale: 1},
	}
	for _, s := range team.Skills {
		got := counts{s.Facilitators, s.Drifting, s.Watch, s.Improving, s.Steady, s.Insufficient, s.Dormant, s.Stale}
		if got != wantCounts[s.ID] {
			t.Errorf("%s: counts %+v, want %+v", s.ID, got, wantCounts[s.ID])
		}
		if got, want := s.NoVerdict(), s.Insufficient+s.Dormant; got != want {
			t.Errorf("%s: NoVerdict = %d, want %d", s.ID, got, want)
		}
	}
	a0 := team.Skills[1]
	if got, want := fmt.Sprint(a0.Statuses), "[drifting drifting steady]"; got != want {
		t.Errorf("team.a statuses %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(team.Skills[0].Statuses), "[insufficient improving ]"; got != want {
		t.Errorf("own.c statuses %q, want %q", got, want)
	}
	// team.a's levels: two drifting, one steady; the median is the middle.
	la := slices.Clone(levels["team.a"])
	slices.Sort(la)
	if !a0.Median.Valid || a0.Median.Value != la[1] {
		t.Errorf("team.a median %v, want %v of %v", a0.Median, la[1], la)
	}
	// team.b's levels: three; own.d has none.
	if !team.Skills[2].Median.Valid {
		t.Errorf("team.b has no median")
	}
	if team.Skills[3].Median.Valid {
		t.Errorf("own.d has a median: %v", team.Skills[3].Median)
	}

	// Learn together: team.a (2 drifting); team.b, on watch for 1 of 3,
	// has nobody to learn it with.
	var together []string
	for _, s := range team.Together {
		together = append(together, s.ID)
		if !s.Together {
			t.Errorf("%s is in Together but not marked", s.ID)
		}
	}
	if got, want := fmt.Sprint(together), "[team.a]"; got != want {
		t.Errorf("together %s, want %s", got, want)
	}

	var kes []string
	for _, k := range team.KeyElements {
		kes = append(kes, fmt.Sprintf("%q %v fac=%d d=%d w=%d i=%d", k.KeyElement, k.Skills, k.Facilitators, k.Drifting, k.Watch, k.Improving))
	}
	wantKE := []string{
		`"Effective Teamwork" [team.a team.b] fac=3 d=2 w=1 i=1`,
		`"Cultural humility" [own.c] fac=2 d=0 w=0 i=1`,
		`"" [own.d] fac=1 d=0 w=0 i=0`,
	}
	if !slices.Equal(kes, wantKE) {
		t.Errorf("key elements\n got %q\nwant %q", kes, wantKE)
	}
	// Teamwork's median: the median of each facilitator's mean level.
	if k := team.KeyElements[0]; !k.Median.Valid {
		t.Errorf("Teamwork has no median")
	}
	if k := team.KeyElements[2]; k.Median.Valid {
		t.Errorf("no key element: median %v, want none", k.Median)
	}

	// A team of one learns nothing together.
	one, err := journal.TeamSummary(xs[:1], teamEnd)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Together) != 0 {
		t.Errorf("a team of one: together %v", one.Together)
	}
	if empty, err := journal.TeamSummary(nil, teamEnd); err != nil || empty.Size != 0 || len(empty.Skills) != 0 {
		t.Errorf("no exports: %+v, %v", empty, err)
	}
}

func TestLearnTogether(t *testing.T) {
	for _, tc := range []struct {
		name string
		k, n int
		want bool
	}{
		{"TeamOfOne", 1, 1, false},
		{"Nobody", 0, 3, false},
		{"OneOfTwo", 1, 2, false},
		{"OneOfThree", 1, 3, false},
		{"TwoOfTwo", 2, 2, true},
		{"TwoOfThirty", 2, 30, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := journal.LearnTogether(tc.k, tc.n); got != tc.want {
				t.Errorf("LearnTogether(%d, %d) = %v, want %v", tc.k, tc.n, got, tc.want)
			}
		})
	}
}
