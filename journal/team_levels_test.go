package journal

import (
	"slices"
	"testing"
	"time"
)

// levelMember is a team member of the built-in catalog with the ratings
// given (skill id to ratings), as of asOf, its months from first.
func levelMember(label string, first, asOf Day, ratings map[string][]Rating) *TeamMember {
	c := BuiltinSkills()
	return &TeamMember{Label: label, Catalog: c, AsOf: asOf, Months: RatingMonths(c, ratings, first, asOf)}
}

func ratedOn(skill string, d Day, vs ...int) []Rating {
	out := make([]Rating, len(vs))
	for i, v := range vs {
		out[i] = Rating{Skill: skill, Date: d, Value: v}
	}
	return out
}

// TestLevelsByPeriodQuarters works a team of two by hand over 15 months
// (January 2025 to March 2026, more than 12): the last 4 quarters show.
// Ana: eng.mi 3, 4 in January 2025 (before the quarters shown), 2 in
// November 2025, 5, 4, 4 in February 2026. Ben, as of 28 February 2026:
// eng.voice 3, 3 and team.prep 5 in December 2025, eng.voice 4, 5 in
// February 2026, and a 1 on 2 March, after his day, that does not count.
// Strength & Family Driven (eng.voice, eng.mi): Ana 2025-Q4 2, 2026-Q1
// 13/3 = 4.33; Ben 6/2 = 3 and 9/2 = 4.5; medians (2 + 3)/2 = 2.5 and
// (13/3 + 9/2)/2 = 53/12 = 4.417 -> 4.42. Teamwork (team.prep): Ben's 5
// in 2025-Q4 alone.
func TestLevelsByPeriodQuarters(t *testing.T) {
	d := func(y int, m time.Month, day int) Day { return Date(y, m, day) }
	ana := levelMember("Ana", d(2025, time.January, 10), d(2026, time.March, 31), map[string][]Rating{
		"eng.mi": slices.Concat(ratedOn("eng.mi", d(2025, time.January, 10), 3, 4), ratedOn("eng.mi", d(2025, time.November, 3), 2),
			ratedOn("eng.mi", d(2026, time.February, 2), 5, 4, 4)),
	})
	ben := levelMember("Ben", d(2025, time.December, 1), d(2026, time.February, 28), map[string][]Rating{
		"eng.voice": slices.Concat(ratedOn("eng.voice", d(2025, time.December, 1), 3, 3), ratedOn("eng.voice", d(2026, time.February, 27), 4, 5),
			ratedOn("eng.voice", d(2026, time.March, 2), 1)),
		"team.prep": ratedOn("team.prep", d(2025, time.December, 9), 5),
	})
	lv := LevelsByPeriod([]*TeamMember{ana, ben})
	if !lv.Quarters || !slices.Equal(lv.Periods, []string{"2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"}) {
		t.Fatalf("periods %v (quarters %t), want the 4 quarters to 2026-Q1", lv.Periods, lv.Quarters)
	}
	var names []string
	for _, k := range lv.KeyElements {
		names = append(names, k.KeyElement)
	}
	if want := []string{KeyStrengthFamily, KeyTeamwork}; !slices.Equal(names, want) {
		t.Errorf("key elements %v, want %v: those rated in the quarters shown", names, want)
	}
	hundredths := func(ts []Tally) []int {
		out := make([]int, len(ts))
		for i, t := range ts {
			out[i] = t.Hundredths()
		}
		return out
	}
	find := func(ke string) KeyElementLevels {
		i := slices.Index(names, ke)
		if i < 0 {
			t.Fatalf("no %s", ke)
		}
		return lv.KeyElements[i]
	}
	sf := find(KeyStrengthFamily)
	for _, c := range []struct {
		who       string
		got, want []int
	}{
		{"Ana", hundredths(sf.Members[0]), []int{-1, -1, 200, 433}},
		{"Ben", hundredths(sf.Members[1]), []int{-1, -1, 300, 450}},
		{"median", sf.Median, []int{-1, -1, 250, 442}},
		{"Teamwork, Ana", hundredths(find(KeyTeamwork).Members[0]), []int{-1, -1, -1, -1}}, // in her catalog, never rated
		{"Teamwork, Ben", hundredths(find(KeyTeamwork).Members[1]), []int{-1, -1, 500, -1}},
		{"Teamwork, median", find(KeyTeamwork).Median, []int{-1, -1, 500, -1}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.who, c.got, c.want)
		}
	}
}

// TestLevelsByPeriodMonths: a span of 12 months or less shows every month
// from the first rated, by name.
func TestLevelsByPeriodMonths(t *testing.T) {
	first, asOf := Date(2025, time.November, 20), Date(2026, time.January, 5)
	m := levelMember("Ana", first, asOf, map[string][]Rating{"eng.mi": ratedOn("eng.mi", Date(2025, time.December, 2), 3, 4)})
	lv := LevelsByPeriod([]*TeamMember{m})
	if lv.Quarters || !slices.Equal(lv.Periods, []string{"Dec 2025", "Jan 2026"}) {
		t.Fatalf("periods %v (quarters %t), want Dec 2025 and Jan 2026 (November has no rating)", lv.Periods, lv.Quarters)
	}
	if got := lv.KeyElements[0].Members[0]; !slices.Equal(got, []Tally{{7, 2}, {0, 0}}) {
		t.Errorf("Ana's tallies %v, want 7 over 2 in December, none in January", got)
	}
	if got := lv.KeyElements[0].Median; !slices.Equal(got, []int{350, -1}) {
		t.Errorf("medians %v, want 3.5 and none", got)
	}
}

// TestMedianHundredthsExact: the median is rounded half up from the exact
// mean of the two middle means; floating point would give 3.12 for 3.125.
func TestMedianHundredthsExact(t *testing.T) {
	tests := []struct {
		name string
		ts   []Tally
		want int
	}{
		{"None", nil, -1},
		{"One", []Tally{{25, 8}}, 313}, // 3.125
		{"Odd", []Tally{{5, 1}, {2, 1}, {7, 2}}, 350},
		{"EvenOnAHalf", []Tally{{313, 100}, {312, 100}}, 313}, // (3.12 + 3.13) / 2 = 3.125
		{"EvenThirds", []Tally{{13, 3}, {9, 2}}, 442},         // 53/12 = 4.4167
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := medianHundredths(tt.ts); got != tt.want {
				t.Errorf("medianHundredths(%v) = %d, want %d", tt.ts, got, tt.want)
			}
		})
	}
}
