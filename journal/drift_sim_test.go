package journal

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"
)

// The simulation of issue 15: simulated facilitators rating skills, and
// what version 2 of the rule says of them day by day, against the
// behaviour table of the issue (its version-2 column). The seed is fixed,
// so the numbers are the same on every run; the tolerances allow for the
// simulation here not being the issue's own (300 skills per setting as
// there, other draws). With seed 15 it measures: stable skills, worst
// setting, 0.02 drifting, 0.34 watch and 0.01 improving episodes per
// skill-year (issue: 0.06, 0.93, 0.04; asserted <= 0.1, 1.0, 0.1); a
// lasting drop first flagged after a median 14 days (15-17; asserted 10
// to 22) and drifting on 98.4% of days 60-364 after it (94-100%; >= 90%);
// 1.2% of drifting episodes within 14 days of the last (1.6%; <= 5%); a
// gradual decline drifting on 95.9% of the 180 days after it (89-100%;
// >= 85%).

const simSeed = 15

// simDay is the verdict of one rating day.
type simDay struct {
	day    Day
	status Status
}

// rated walks rs once and returns the verdict of every rating day.
func rated(rs []Rating) []simDay {
	w := newDriftWalk(rs)
	var out []simDay
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].Date == rs[i].Date {
			j++
		}
		dd := w.day(i, j)
		out = append(out, simDay{rs[i].Date, dd.status})
		i = j
	}
	return out
}

// statusOn returns the verdict as of day t: the one of the newest rating
// day on or before t (the simulations never leave 90 days unrated).
func statusOn(days []simDay, t Day) Status {
	i, found := slices.BinarySearchFunc(days, t, func(s simDay, t Day) int { return int(s.day - t) })
	if !found {
		i--
	}
	if i < 0 {
		return StatusInsufficient
	}
	return days[i].status
}

// simulate rates a skill from day 0 to day n (exclusive) every 2 to 7
// days: the true level of the day plus normal noise of sd, rounded and
// kept within 1 to 5.
func simulate(rng *rand.Rand, n int, level func(day int) float64, sd float64) []Rating {
	var rs []Rating
	for day := rng.Intn(7); day < n; day += 2 + rng.Intn(6) {
		v := int(math.Floor(level(day) + sd*rng.NormFloat64() + 0.5))
		rs = append(rs, Rating{Skill: "eng.mi", Date: Day(day), EntryID: fmt.Sprintf("e%05d", len(rs)), Value: min(5, max(1, v))})
	}
	return rs
}

// episode is a run of rating days whose verdict is in a set.
type simEpisode struct{ start, end Day } // end: the first day it no longer holds

// episodes returns the runs of rating days whose verdict satisfies in.
func episodes(days []simDay, in func(Status) bool) []simEpisode {
	var out []simEpisode
	for i, d := range days {
		switch {
		case in(d.status) && (i == 0 || !in(days[i-1].status)):
			out = append(out, simEpisode{start: d.day, end: -1})
		case !in(d.status) && i > 0 && in(days[i-1].status):
			out[len(out)-1].end = d.day
		}
	}
	return out
}

func is(ss ...Status) func(Status) bool {
	return func(s Status) bool { return slices.Contains(ss, s) }
}

func TestDriftSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("the simulation runs some 2,000 skill-years")
	}
	rng := rand.New(rand.NewSource(simSeed))
	t.Logf("seed %d", simSeed)
	const perSetting = 300
	sd := func() float64 { return 0.3 + 0.4*rng.Float64() }
	flat := func(v float64) func(int) float64 { return func(int) float64 { return v } }

	// Flags and how soon one follows the last: drifting episodes (the
	// issue's flags), and for the record watch-or-drifting ones.
	flags, reflags, wflags, wreflags := 0, 0, 0, 0
	count := func(eps []simEpisode, from Day, n, re *int) {
		for i, e := range eps {
			if e.start < from {
				continue
			}
			*n++
			if i > 0 && eps[i-1].end >= 0 && e.start-eps[i-1].end <= 14 {
				*re++
			}
		}
	}
	countFlags := func(days []simDay, from Day) {
		count(episodes(days, is(StatusDrifting)), from, &flags, &reflags)
		count(episodes(days, is(StatusWatch, StatusDrifting)), from, &wflags, &wreflags)
	}

	// Stable skills: a year to settle, then a year counted.
	worst := map[Status]float64{}
	for _, level := range []float64{2.5, 3, 3.5, 4, 4.5} {
		n := map[Status]int{}
		for range perSetting {
			days := rated(simulate(rng, 730, flat(level), sd()))
			for _, s := range []Status{StatusDrifting, StatusWatch, StatusImproving} {
				for _, e := range episodes(days, is(s)) {
					if e.start >= 365 {
						n[s]++
					}
				}
			}
			countFlags(days, 365)
		}
		for s, k := range n {
			worst[s] = max(worst[s], float64(k)/perSetting)
		}
		t.Logf("stable at %.1f: episodes per skill-year: drifting %.3f, watch %.3f, improving %.3f", level,
			float64(n[StatusDrifting])/perSetting, float64(n[StatusWatch])/perSetting, float64(n[StatusImproving])/perSetting)
	}
	// Issue: 0.06, 0.93 and 0.04 in the worst setting.
	if worst[StatusDrifting] > 0.1 || worst[StatusWatch] > 1.0 || worst[StatusImproving] > 0.1 {
		t.Errorf("stable skills, worst setting, episodes per skill-year: drifting %.3f (want <= 0.1), watch %.3f (<= 1.0), improving %.3f (<= 0.1)",
			worst[StatusDrifting], worst[StatusWatch], worst[StatusImproving])
	}

	// A lasting one-point drop, 4 to 3, after a year.
	const drop = 365
	var delays []int
	driftingDays, counted := 0, 0
	for range perSetting {
		days := rated(simulate(rng, drop+365, func(d int) float64 {
			if d < drop {
				return 4
			}
			return 3
		}, sd()))
		for _, d := range days {
			if d.day >= drop && is(StatusWatch, StatusDrifting)(d.status) {
				delays = append(delays, int(d.day-drop))
				break
			}
		}
		for t := Day(drop + 60); t <= drop+364; t++ {
			counted++
			if statusOn(days, t) == StatusDrifting {
				driftingDays++
			}
		}
		countFlags(days, drop)
	}
	slices.Sort(delays)
	median := delays[len(delays)/2]
	share := float64(driftingDays) / float64(counted)
	t.Logf("lasting drop: flagged %d of %d, first flag after a median %d days; drifting on %.1f%% of days 60 to 364", len(delays), perSetting, median, 100*share)
	// Issue: 15 to 17 days; 94 to 100%.
	if len(delays) < perSetting || median < 10 || median > 22 {
		t.Errorf("lasting drop: %d of %d flagged, median first flag after %d days, want all, 10 to 22", len(delays), perSetting, median)
	}
	if share < 0.9 {
		t.Errorf("lasting drop: drifting on %.1f%% of days 60 to 364 after it, want at least 90%%", 100*share)
	}

	// Issue: 1.6% of new flags within 14 days of the last one ending.
	t.Logf("drifting episodes within 14 days of the last one ending: %d of %d; watch or drifting: %d of %d", reflags, flags, wreflags, wflags)
	if float64(reflags) > 0.05*float64(flags) {
		t.Errorf("%d of %d drifting episodes come within 14 days of the last one ending, want at most 5%%", reflags, flags)
	}

	// A gradual one-point decline over a year, after a year at 4: drifting
	// in the 180 days after it.
	driftingDays, counted = 0, 0
	for range perSetting {
		days := rated(simulate(rng, 730+180, func(d int) float64 {
			return 4 - min(1, max(0, float64(d-365)/365))
		}, sd()))
		for t := Day(730); t < 730+180; t++ {
			counted++
			if statusOn(days, t) == StatusDrifting {
				driftingDays++
			}
		}
	}
	share = float64(driftingDays) / float64(counted)
	t.Logf("gradual decline: drifting on %.1f%% of the 180 days after it", 100*share)
	// Issue: 89 to 100%.
	if share < 0.85 {
		t.Errorf("gradual decline: drifting on %.1f%% of the 180 days after it, want at least 85%%", 100*share)
	}
}

// A single bad rating among steady ones never makes a skill drifting: a
// rating moves a tally by at most 1.5, H is at least 3.0, and the year
// comparison needs a drop in the mean of 8 ratings or more.
func TestDriftSingleBadRating(t *testing.T) {
	rng := rand.New(rand.NewSource(simSeed))
	for range 400 {
		steady := 2 + rng.Intn(4)
		rs := simulate(rng, 730, func(int) float64 { return float64(steady) }, 0)
		at := rng.Intn(len(rs))
		rs[at].Value = 1 + rng.Intn(steady-1)
		for _, d := range rated(rs) {
			if d.status == StatusDrifting {
				t.Fatalf("%ds with a %d on %d: drifting on %d", steady, rs[at].Value, rs[at].Date, d.day)
			}
		}
	}
}
