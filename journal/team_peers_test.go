package journal_test

import (
	"fmt"
	"strings"
	"testing"

	"hone/journal"
)

// flatRatings rates skill v every third day from 100 days before teamEnd
// to yesterday: steady at level v.
func flatRatings(skill string, v int) []*journal.Entry {
	var es []*journal.Entry
	for age := 100; age >= 1; age -= 3 {
		es = append(es, &journal.Entry{ID: fmt.Sprintf("%s-flat-%03d", skill, 200-age), Date: teamEnd - journal.Day(age),
			Kind: journal.KindTeamMeeting, Ratings: map[string]int{skill: v}})
	}
	return es
}

// peerTeam is a hand-built team of four for the peer rule and the team
// topics:
//
//	           Facilitation   MI              Low skill    Shared
//	Ana        drifting 2     watch 3.5       steady 2     steady 4
//	Ben        steady 4       steady 4        steady 2     steady 4
//	Chloe      improving 5    drifting 2      steady 3     steady 4
//	Dan        drifting 2     steady 5        (none)       steady 4
func peerTeam(t *testing.T) (journal.Team, []string) {
	t.Helper()
	xs := peerExports()
	team, err := journal.TeamSummary(xs, teamEnd)
	if err != nil {
		t.Fatal(err)
	}
	// The table above, as the drift rule sees it.
	want := map[string]string{
		"team.facil": "[drifting steady improving drifting] [2 4 5 2]",
		"eng.mi":     "[watch steady drifting steady] [3.5 4 2 5]",
		"own.low":    "[steady steady steady ] [2 2 3 -]",
		"own.shared": "[steady steady steady steady] [4 4 4 4]",
	}
	for _, s := range team.Skills {
		if got := fmt.Sprint(s.Statuses, " ", s.Levels); got != want[s.ID] {
			t.Fatalf("%s: %s, want %s", s.ID, got, want[s.ID])
		}
	}
	return team, []string{"Ana", "Ben", "Chloe", "Dan"}
}

// peerExports are the exports of peerTeam, named.
func peerExports() []*journal.Export {
	f := journal.Skill{ID: "team.facil", Name: "Meeting facilitation", KeyElement: journal.KeyTeamwork}
	m := journal.Skill{ID: "eng.mi", Name: "MI skills"}
	l := journal.Skill{ID: "own.low", Name: "Low skill"}
	s := journal.Skill{ID: "own.shared", Name: "Shared skill"}
	drop := []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
	rise := []int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	watch := []int{4, 4, 4, 4, 4, 3, 3, 3, 3, 3}
	all := journal.Catalog{f, m, l, s}
	xs := []*journal.Export{
		teamExport(all, teamRatings(f.ID, drop...), teamRatings(m.ID, watch...), flatRatings(l.ID, 2), flatRatings(s.ID, 4)),
		teamExport(all, flatRatings(f.ID, 4), flatRatings(m.ID, 4), flatRatings(l.ID, 2), flatRatings(s.ID, 4)),
		teamExport(all, teamRatings(f.ID, rise...), teamRatings(m.ID, drop...), flatRatings(l.ID, 3), flatRatings(s.ID, 4)),
		teamExport(journal.Catalog{f, m, s}, teamRatings(f.ID, drop...), flatRatings(m.ID, 5), flatRatings(s.ID, 4)),
	}
	for i, name := range []string{"Ana", "Ben", "Chloe", "Dan"} {
		xs[i].Facilitator = name
		xs[i].Journal = "j-" + strings.ToLower(name)
	}
	return xs
}

func TestTeamMarkdownPeers(t *testing.T) {
	xs := peerExports()
	var members []*journal.TeamMember
	for _, x := range xs {
		m, err := journal.NewTeamMember(x, "", teamEnd)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, m)
	}
	var b strings.Builder
	if err := journal.WriteTeamMarkdown(&b, members, teamEnd); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Team topics\n\nSkills where the team's median level is under 3, or at least 2 facilitators are drifting or on watch.\n\n" +
			"- **Meeting facilitation**: 2 of 4 facilitators drifting or on watch\n" +
			"- **MI skills**: 2 of 4 facilitators drifting or on watch\n" +
			"- **Low skill**: the team's median level is 2, under 3, though no verdict flags it\n",
		"## Pairs to learn together\n\nOne facilitator drifting or on watch in a skill beside another steady or improving in it, at least one point higher.\n\n" +
			"- Chloe (improving, 5) and Ana (drifting, 2) in Meeting facilitation\n" +
			"- Chloe (improving, 5) and Dan (drifting, 2) in Meeting facilitation\n" +
			"- Dan (steady, 5) and Chloe (drifting, 2) in MI skills\n" +
			"- Dan (steady, 5) and Ana (watch, 3.5) in MI skills\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("team Markdown lacks\n%s\n---\n%s", want, b.String())
		}
	}
}

func TestTeamPairs(t *testing.T) {
	team, names := peerTeam(t)
	var got []string
	for _, p := range journal.TeamPairs(team) {
		got = append(got, p.Sentence(names))
	}
	// Facilitation: Chloe, the highest level steady or improving, leads
	// both who drift (Ben at 4 would do too, but 5 is higher). MI: Ben
	// at 4 is only 0.5 above Ana's 3.5, so Dan leads both; Ana, on watch,
	// comes after those drifting. The low skill has no one drifting, the
	// shared one no one.
	want := []string{
		"Chloe (improving, 5) and Ana (drifting, 2) in Meeting facilitation",
		"Chloe (improving, 5) and Dan (drifting, 2) in Meeting facilitation",
		"Dan (steady, 5) and Chloe (drifting, 2) in MI skills",
		"Dan (steady, 5) and Ana (watch, 3.5) in MI skills",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTeamPairsNeedAFullPoint(t *testing.T) {
	// Exactly one point is enough; a lead stale or without a level, or
	// less than a point above, is none.
	one := func(st journal.Status, lv float64, stale bool) (journal.Status, journal.Number, bool) {
		return st, journal.Number{Value: lv, Valid: lv > 0}, stale
	}
	cases := []struct {
		name string
		lead [3]any
		want int
	}{
		{"a point above", [3]any{journal.StatusSteady, 4.2, false}, 1},
		{"just under a point", [3]any{journal.StatusSteady, 4.1, false}, 0},
		{"stale", [3]any{journal.StatusSteady, 4.5, true}, 0},
		{"no level", [3]any{journal.StatusImproving, 0.0, false}, 0},
		{"on watch too", [3]any{journal.StatusWatch, 4.5, false}, 0},
		{"too few ratings", [3]any{journal.StatusInsufficient, 4.5, false}, 0},
	}
	for _, c := range cases {
		ls, ll, lst := one(c.lead[0].(journal.Status), c.lead[1].(float64), c.lead[2].(bool))
		team := journal.Team{Size: 2, Skills: []journal.TeamSkill{{ID: "x", Name: "X",
			Statuses: []journal.Status{journal.StatusDrifting, ls},
			Levels:   []journal.Number{{Value: 3.2, Valid: true}, ll},
			Stales:   []bool{false, lst}}}}
		if got := len(journal.TeamPairs(team)); got != c.want {
			t.Errorf("%s: %d pairs, want %d", c.name, got, c.want)
		}
	}
}

func TestTeamTopics(t *testing.T) {
	team, _ := peerTeam(t)
	var got []string
	for _, tp := range journal.TeamTopics(team) {
		got = append(got, tp.Skill.Name+": "+tp.Why())
	}
	// Facilitation and MI each have two drifting or on watch; the
	// facilitation median (3) is lower than MI's (3.75), so it comes
	// first. The low skill is steady for everyone, but its median is 2.
	// The shared skill is steady at 4: no topic.
	want := []string{
		"Meeting facilitation: 2 of 4 facilitators drifting or on watch",
		"MI skills: 2 of 4 facilitators drifting or on watch",
		"Low skill: the team's median level is 2, under 3, though no verdict flags it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("topics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
