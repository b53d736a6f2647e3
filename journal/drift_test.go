package journal

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"
)

var driftT = Date(2026, time.June, 30) // the as-of day of the drift tests

// ar is a rating given by its age in days before the as-of day.
type ar struct{ age, value int }

// agedRatings turns ages into ratings of one skill as of asOf; entry ids
// follow the order of rs, so that same-day ratings keep it.
func agedRatings(asOf Day, rs []ar) []Rating {
	out := make([]Rating, len(rs))
	for i, r := range rs {
		out[i] = Rating{Skill: "eng.mi", Date: asOf - Day(r.age), EntryID: fmt.Sprintf("e%05d", i), Value: r.value}
	}
	return out
}

// recentAges dates values in the recent window (age < 30), oldest first, on
// distinct days 3 days apart.
func recentAges(values ...int) []ar {
	out := make([]ar, len(values))
	for i, v := range values {
		out[i] = ar{27 - 3*i, v}
	}
	return out
}

// base4 is a history whose baseline window (30 <= age < 120) holds four 4s,
// so B = 4 by the window, and whose two older ratings count towards the 8
// ratings and the 28 days a verdict needs but not towards the baseline.
var base4 = []ar{{150, 2}, {140, 2}, {100, 4}, {80, 4}, {60, 4}, {40, 4}}

func with(a []ar, b ...ar) []ar { return append(slices.Clone(a), b...) }

// undef is an undefined Number, for the tables.
var undef = Number{}

func approx(n Number, want Number) bool {
	if n.Valid != want.Valid {
		return false
	}
	return !n.Valid || math.Abs(n.Value-want.Value) < 1e-9
}

// The expected B, E, C and U below were worked out by hand (with exact
// fractions), not by running the implementation's loop.
func TestAnalyzeDriftRule(t *testing.T) {
	tests := []struct {
		name       string
		ratings    []ar
		status     Status
		b, e, c, u Number
		recent     int
		first      bool // the baseline is the median of the first 6 ratings
	}{
		{
			// Window [5 4 3 5 4]: odd median 4 (the mean would be 4.2).
			// R = 3 3 3 2 3: C = .5 1 1.5 3 3.5; E = 3.7 3.49 3.343 2.9401 2.95807.
			name: "DriftingOddWindowMedian",
			ratings: with([]ar{{200, 4}, {150, 4}, {100, 5}, {80, 4}, {60, 3}, {45, 5}, {35, 4}},
				ar{25, 3}, ar{20, 3}, ar{15, 3}, ar{10, 2}, ar{5, 3}),
			status: StatusDrifting, b: num(4), e: num(2.95807), c: num(3.5), u: num(0), recent: 5,
		},
		{
			// Window [4 3 4 3]: even median (3+4)/2 = 3.5. R = 5 5 5 5:
			// U = 1 2 3 4; E = 3.95 4.265 4.4855 4.63985 >= 4.
			name: "ImprovingEvenWindowMedian",
			ratings: with([]ar{{200, 3}, {150, 3}, {90, 4}, {70, 3}, {50, 4}, {40, 3}},
				recentAges(5, 5, 5, 5)...),
			status: StatusImproving, b: num(3.5), e: num(4.63985), c: num(0), u: num(4), recent: 4,
		},
		{
			// One rating in the window: B is the median of the first 6,
			// [3 5 4 5 3 5] -> (4+5)/2 = 4.5, and R is every later rating,
			// the one 100 days old included. R = 4 4 4 4: C and U stay 0
			// (each step is 0.5 - 0.5); E = 4.35 4.245 4.1715 4.12005.
			name: "SteadyFallbackFirstSix",
			ratings: []ar{{300, 3}, {280, 5}, {260, 4}, {240, 5}, {220, 3}, {200, 5},
				{100, 4}, {20, 4}, {10, 4}, {5, 4}},
			status: StatusSteady, b: num(4.5), e: num(4.12005), c: num(0), u: num(0), recent: 4, first: true,
		},
		{
			// Three ratings in the window are not enough: B = median of six
			// 4s = 4, R = 4 3 3 3 (two of them 60 and 80 days old).
			// C = 0 .5 1 1.5; E = 4 3.7 3.49 3.343: watch, by the level only.
			name: "WatchFallbackWindowOfThree",
			ratings: []ar{{300, 4}, {280, 4}, {260, 4}, {240, 4}, {220, 4}, {200, 4},
				{100, 4}, {80, 3}, {60, 3}, {10, 3}},
			status: StatusWatch, b: num(4), e: num(3.343), c: num(1.5), u: num(0), recent: 4, first: true,
		},
		{
			// R = 3 3: C = 1 < 2.5, E = 3.49 <= 3.5.
			name:    "WatchLevelOnly",
			ratings: with(base4, recentAges(3, 3)...),
			status:  StatusWatch, b: num(4), e: num(3.49), c: num(1), u: num(0), recent: 2,
		},
		{
			// R = 1 1 1 5 5 5 4: C = 2.5 5 7.5 6 4.5 3 2.5, exactly on the
			// threshold; E = 3.9866629 > 3.5; U = 0 0 0 .5 1 1.5 1.
			name:    "WatchCusumOnlyAtThreshold",
			ratings: with(base4, recentAges(1, 1, 1, 5, 5, 5, 4)...),
			status:  StatusWatch, b: num(4), e: num(3.9866629), c: num(2.5), u: num(1), recent: 7,
		},
		{
			// R = five 3s: C = 5 x 0.5 = 2.5 exactly; E = 4 - (1 - .7^5) = 3.16807.
			name:    "DriftingCusumAtThreshold",
			ratings: with(base4, recentAges(3, 3, 3, 3, 3)...),
			status:  StatusDrifting, b: num(4), e: num(3.16807), c: num(2.5), u: num(0), recent: 5,
		},
		{
			// One 3 fewer: C = 2 < 2.5 while E = 3.2401 <= 3.5.
			name:    "WatchCusumJustBelowThreshold",
			ratings: with(base4, recentAges(3, 3, 3, 3)...),
			status:  StatusWatch, b: num(4), e: num(3.2401), c: num(2), u: num(0), recent: 4,
		},
		{
			// R = five 5s: U = 2.5 exactly; E = 5 - .7^5 = 4.83193 >= 4.5.
			name:    "ImprovingUpperCusumAtThreshold",
			ratings: with(base4, recentAges(5, 5, 5, 5, 5)...),
			status:  StatusImproving, b: num(4), e: num(4.83193), c: num(0), u: num(2.5), recent: 5,
		},
		{
			// R = 1 1 1 1 5 5 5 5 5: C = 10 then back down to 2.5, U = 2.5,
			// E = 4.448780821: not improving (E < 4.5), watch by C alone.
			name:    "WatchBothCusumsAtThreshold",
			ratings: with(base4, recentAges(1, 1, 1, 1, 5, 5, 5, 5, 5)...),
			status:  StatusWatch, b: num(4), e: num(4.448780821), c: num(2.5), u: num(2.5), recent: 9,
		},
		{
			// R = 4 5 4 3 4: C = 0 0 0 .5 0, U = 0 .5 0 0 0, E = 3.8929.
			name:    "SteadyNearBaseline",
			ratings: with(base4, recentAges(4, 5, 4, 3, 4)...),
			status:  StatusSteady, b: num(4), e: num(3.8929), c: num(0), u: num(0), recent: 5,
		},
		{
			// No rating younger than 30 days: R is empty, E = B. The window
			// holds [4 4 4 4 3 3]: even median 4.
			name:    "SteadyNoRecentRatings",
			ratings: with(base4, ar{35, 3}, ar{32, 3}),
			status:  StatusSteady, b: num(4), e: num(4), c: num(0), u: num(0), recent: 0,
		},
		{
			name:    "InsufficientSevenRatings",
			ratings: []ar{{60, 4}, {50, 4}, {40, 4}, {30, 4}, {20, 4}, {10, 4}, {0, 4}},
			status:  StatusInsufficient, b: undef, e: undef, c: undef, u: undef,
		},
		{
			// The window (ages 30-119) holds 70 60 50 40 30; R = 20 10 0.
			name:    "EightRatingsEnough",
			ratings: []ar{{70, 4}, {60, 4}, {50, 4}, {40, 4}, {30, 4}, {20, 4}, {10, 4}, {0, 4}},
			status:  StatusSteady, b: num(4), e: num(4), c: num(0), u: num(0), recent: 3,
		},
		{
			name:    "InsufficientSpan27Days",
			ratings: []ar{{27, 4}, {24, 4}, {20, 4}, {16, 4}, {12, 4}, {8, 4}, {4, 4}, {0, 4}},
			status:  StatusInsufficient, b: undef, e: undef, c: undef, u: undef,
		},
		{
			// Nothing in the window: B is the median of the first 6 (4), R
			// the last two.
			name:    "Span28DaysEnough",
			ratings: []ar{{28, 4}, {24, 4}, {20, 4}, {16, 4}, {12, 4}, {8, 4}, {4, 4}, {0, 4}},
			status:  StatusSteady, b: num(4), e: num(4), c: num(0), u: num(0), recent: 2, first: true,
		},
		{
			name:    "DormantAt91Days",
			ratings: []ar{{300, 1}, {250, 1}, {200, 1}, {150, 1}, {120, 1}, {100, 1}, {95, 1}, {91, 1}},
			status:  StatusDormant, b: undef, e: undef, c: undef, u: undef,
		},
		{
			// Not dormant at 90: the window holds 100 95 90 (3 ratings), so
			// the baseline is the first six 5s and R = 95 90 (two 1s):
			// C = 3.5 7; E = 3.8 2.96.
			name:    "NotDormantAt90Days",
			ratings: []ar{{300, 5}, {250, 5}, {200, 5}, {150, 5}, {120, 5}, {100, 5}, {95, 1}, {90, 1}},
			status:  StatusDrifting, b: num(5), e: num(2.96), c: num(7), u: num(0), recent: 2, first: true,
		},
		{
			name:   "NeverRated",
			status: StatusInsufficient, b: undef, e: undef, c: undef, u: undef,
		},
		{
			name:    "OnlyRatingsAfterAsOf",
			ratings: []ar{{-1, 4}, {-5, 4}},
			status:  StatusInsufficient, b: undef, e: undef, c: undef, u: undef,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(agedRatings(driftT, tt.ratings), driftT)
			if got, want := d.Status, tt.status; got != want {
				t.Errorf("Status = %s, want %s (%s)", got, want, d.Explanation)
			}
			for _, f := range []struct {
				name      string
				got, want Number
			}{{"Baseline", d.Baseline, tt.b}, {"Level", d.Level, tt.e}, {"CusumLow", d.CusumLow, tt.c}, {"CusumHigh", d.CusumHigh, tt.u}} {
				if !approx(f.got, f.want) {
					t.Errorf("%s = %+v, want %+v", f.name, f.got, f.want)
				}
			}
			if got, want := d.Recent, tt.recent; got != want {
				t.Errorf("Recent = %d, want %d", got, want)
			}
			if got, want := d.BaselineFirst, tt.first; got != want {
				t.Errorf("BaselineFirst = %v, want %v", got, want)
			}
			if d.Explanation == "" {
				t.Error("no explanation")
			}
		})
	}
}

// Two ratings on the as-of day, 5 and 1, after a baseline of 4: read 5 then
// 1, C ends at 2.5 and E at 3.31 (drifting); read 1 then 5, C ends at 1 and
// E at 3.67 (steady). The entry ids decide, whatever the slice order.
func TestAnalyzeDriftSameDayOrder(t *testing.T) {
	tests := []struct {
		name      string
		idOf5     string
		idOf1     string
		status    Status
		e, c, u   float64
		reverseIn bool
	}{
		{name: "FiveCreatedFirst", idOf5: "z1", idOf1: "z2", status: StatusDrifting, e: 3.31, c: 2.5, u: 0},
		{name: "OneCreatedFirst", idOf5: "z2", idOf1: "z1", status: StatusSteady, e: 3.67, c: 1, u: 0.5},
		{name: "FiveCreatedFirstSliceReversed", idOf5: "z1", idOf1: "z2", status: StatusDrifting, e: 3.31, c: 2.5, u: 0, reverseIn: true},
		{name: "OneCreatedFirstSliceReversed", idOf5: "z2", idOf1: "z1", status: StatusSteady, e: 3.67, c: 1, u: 0.5, reverseIn: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := agedRatings(driftT, base4)
			rs = append(rs,
				Rating{Skill: "eng.mi", Date: driftT, EntryID: tt.idOf5, Value: 5},
				Rating{Skill: "eng.mi", Date: driftT, EntryID: tt.idOf1, Value: 1})
			if tt.reverseIn {
				slices.Reverse(rs)
			}
			d := AnalyzeDrift(rs, driftT)
			if got, want := d.Status, tt.status; got != want {
				t.Errorf("Status = %s, want %s", got, want)
			}
			if !approx(d.Level, num(tt.e)) || !approx(d.CusumLow, num(tt.c)) || !approx(d.CusumHigh, num(tt.u)) {
				t.Errorf("E, C, U = %v, %v, %v; want %v, %v, %v", d.Level.Value, d.CusumLow.Value, d.CusumHigh.Value, tt.e, tt.c, tt.u)
			}
		})
	}
}

func TestAnalyzeDriftIgnoresLaterRatings(t *testing.T) {
	rs := agedRatings(driftT, with(base4, recentAges(3, 3, 3, 3, 3)...))
	want := AnalyzeDrift(rs, driftT)
	later := append(slices.Clone(rs),
		Rating{Skill: "eng.mi", Date: driftT + 1, EntryID: "a", Value: 5},
		Rating{Skill: "eng.mi", Date: driftT + 40, EntryID: "b", Value: 5})
	got := AnalyzeDrift(later, driftT)
	if got != want {
		t.Errorf("with later ratings:\n got %+v\nwant %+v", got, want)
	}
	if got.Ratings != len(rs) || got.Status != StatusDrifting {
		t.Errorf("Ratings = %d, Status = %s; want %d, drifting", got.Ratings, got.Status, len(rs))
	}
	if len(later) != len(rs)+2 || later[len(later)-1].EntryID != "b" {
		t.Error("AnalyzeDrift changed its input")
	}
}

func TestAnalyzeDriftStale(t *testing.T) {
	tests := []struct {
		name      string
		ratings   []ar
		stale     bool
		status    Status
		medianGap Number
	}{
		{"NeverRated", nil, true, StatusInsufficient, undef},
		{"SingleRatingAt30Days", []ar{{30, 4}}, false, StatusInsufficient, undef},
		{"SingleRatingAt31Days", []ar{{31, 4}}, true, StatusInsufficient, undef},
		{"Gap5At30Days", []ar{{45, 4}, {40, 4}, {35, 4}, {30, 4}}, false, StatusInsufficient, num(5)},
		{"Gap5At31Days", []ar{{46, 4}, {41, 4}, {36, 4}, {31, 4}}, true, StatusInsufficient, num(5)},
		// Gaps 0 (same day) 10 20 30: median (10+20)/2 = 15, limit 45.
		{"MedianGap15At45Days", []ar{{105, 4}, {105, 4}, {95, 4}, {75, 4}, {45, 4}}, false, StatusInsufficient, num(15)},
		{"MedianGap15At46Days", []ar{{106, 4}, {106, 4}, {96, 4}, {76, 4}, {46, 4}}, true, StatusInsufficient, num(15)},
		// Gaps 0 0 10: the zeros count, median 0, limit 30.
		{"SameDayGapsCount", []ar{{51, 4}, {41, 4}, {41, 4}, {41, 4}}, true, StatusInsufficient, num(0)},
		// Every 40 days: limit 120, so dormant at 91 days yet not stale.
		{"DormantNotStale", []ar{{331, 4}, {291, 4}, {251, 4}, {211, 4}, {171, 4}, {131, 4}, {91, 4}}, false, StatusDormant, num(40)},
		{"DormantAndStale", []ar{{121, 4}, {111, 4}, {101, 4}, {91, 4}}, true, StatusDormant, num(10)},
		// Every 10 days, last 45 days ago: stale, with a verdict.
		{"StaleNotDormant", []ar{{135, 4}, {125, 4}, {115, 4}, {105, 4}, {95, 4}, {85, 4}, {75, 4}, {65, 4}, {55, 4}, {45, 4}}, true, StatusSteady, num(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(agedRatings(driftT, tt.ratings), driftT)
			if got, want := d.Stale, tt.stale; got != want {
				t.Errorf("Stale = %v, want %v", got, want)
			}
			if got, want := d.Status, tt.status; got != want {
				t.Errorf("Status = %s, want %s", got, want)
			}
			if !approx(d.MedianGap, tt.medianGap) {
				t.Errorf("MedianGap = %+v, want %+v", d.MedianGap, tt.medianGap)
			}
		})
	}
}

func TestAnalyzeDriftExplanation(t *testing.T) {
	// driftT is Tuesday 30 June 2026.
	tests := []struct {
		name    string
		ratings []ar
		want    string
	}{
		{
			name: "Drifting",
			ratings: with([]ar{{200, 4}, {150, 4}, {100, 5}, {80, 4}, {60, 3}, {45, 5}, {35, 4}},
				ar{25, 3}, ar{20, 3}, ar{15, 3}, ar{10, 2}, ar{5, 3}),
			want: "Your last 5 ratings average 2.8, below your baseline of 4 (ratings from 22 Mar to 26 May).",
		},
		{
			// C was reset by the 5 at age 18; the run behind it is 2 2 2.
			name:    "DriftingRunSinceCusumReset",
			ratings: with(base4, ar{21, 3}, ar{18, 5}, ar{15, 2}, ar{10, 2}, ar{5, 2}),
			want:    "Your last 3 ratings average 2, below your baseline of 4 (ratings from 22 Mar to 21 May).",
		},
		{
			name:    "DriftingOneRating",
			ratings: with(base4, ar{27, 4}, ar{5, 1}),
			want:    "Your last rating, 1, is below your baseline of 4 (ratings from 22 Mar to 21 May).",
		},
		{
			name:    "Improving",
			ratings: with([]ar{{200, 3}, {150, 3}, {90, 4}, {70, 3}, {50, 4}, {40, 3}}, recentAges(5, 5, 5, 5)...),
			want:    "Your last 4 ratings average 5, above your baseline of 3.5 (ratings from 1 Apr to 21 May): real progress.",
		},
		{
			name:    "WatchLevel",
			ratings: with(base4, recentAges(3, 3)...),
			want:    "Your latest ratings lean low, around 3.5 against your baseline of 4 (ratings from 22 Mar to 21 May); not a drift yet, but keep an eye on it.",
		},
		{
			name:    "WatchCusum",
			ratings: with(base4, recentAges(1, 1, 1, 5, 5, 5, 4)...),
			want:    "Your last 7 ratings average 3.1, below your baseline of 4 (ratings from 22 Mar to 21 May), but your latest are back up around 4; keep an eye on it.",
		},
		{
			name:    "SteadyFallback",
			ratings: []ar{{300, 3}, {280, 5}, {260, 4}, {240, 5}, {220, 3}, {200, 5}, {100, 4}, {20, 4}, {10, 4}, {5, 4}},
			want:    "Your recent ratings sit around 4.1, close to your baseline of 4.5 (your first 6 ratings, 3 Sep 2025 to 12 Dec 2025); nothing to worry about.",
		},
		{
			name:    "SteadyAbove",
			ratings: with(base4, recentAges(5, 5)...),
			want:    "Your recent ratings sit around 4.5, above your baseline of 4 (ratings from 22 Mar to 21 May); nothing to worry about.",
		},
		{
			name:    "SteadyNoRecent",
			ratings: with(base4, ar{35, 4}, ar{32, 4}),
			want:    "No ratings in the last 30 days to compare with your baseline of 4 (ratings from 22 Mar to 29 May).",
		},
		{
			name:    "StaleWithVerdict",
			ratings: []ar{{135, 4}, {125, 4}, {115, 4}, {105, 4}, {95, 4}, {85, 4}, {75, 4}, {65, 4}, {55, 4}, {45, 4}},
			want:    "No ratings in the last 30 days to compare with your baseline of 4 (ratings from 7 Mar to 16 May). Last rated 45 days ago; you usually rate it every 10 days.",
		},
		{
			name:    "StaleDaily",
			ratings: []ar{{40, 4}, {39, 4}, {38, 4}},
			want:    "3 ratings so far, from 21 May to 23 May; a verdict needs 8 ratings over at least 4 weeks. Last rated 38 days ago; you usually rate it every day.",
		},
		{
			name:    "StaleSameDay",
			ratings: []ar{{40, 4}, {40, 4}},
			want:    "2 ratings so far, on 21 May; a verdict needs 8 ratings over at least 4 weeks. Last rated 40 days ago.",
		},
		{
			name:    "InsufficientOne",
			ratings: []ar{{3, 4}},
			want:    "1 rating so far (27 Jun); a verdict needs 8 ratings over at least 4 weeks.",
		},
		{
			name:    "InsufficientSpan",
			ratings: []ar{{20, 4}, {18, 4}, {15, 4}, {12, 4}, {9, 4}, {6, 4}, {3, 4}, {0, 4}},
			want:    "8 ratings so far, but over only 20 days (from 10 Jun to 30 Jun); a verdict needs them spread over at least 4 weeks.",
		},
		{
			name:    "Dormant",
			ratings: []ar{{300, 4}, {98, 4}},
			want:    "Not rated since 24 Mar (98 days), so there is no verdict; rate it the next time you practise it.",
		},
		{
			name:    "DormantLastYear",
			ratings: []ar{{300, 4}, {200, 4}},
			want:    "Not rated since 12 Dec 2025 (200 days), so there is no verdict; rate it the next time you practise it.",
		},
		{
			name: "NeverRated",
			want: "Not rated yet.",
		},
	}
	// The same ratings in the shared voice, for a coach who reads them.
	shared := map[string]string{
		"Drifting":          "The last 5 ratings average 2.8, below the baseline of 4 (ratings from 22 Mar to 26 May).",
		"DriftingOneRating": "The last rating, 1, is below the baseline of 4 (ratings from 22 Mar to 21 May).",
		"WatchLevel":        "The latest ratings lean low, around 3.5 against the baseline of 4 (ratings from 22 Mar to 21 May); not a drift yet, but keep an eye on it.",
		"WatchCusum":        "The last 7 ratings average 3.1, below the baseline of 4 (ratings from 22 Mar to 21 May), but the latest are back up around 4; keep an eye on it.",
		"SteadyFallback":    "The recent ratings sit around 4.1, close to the baseline of 4.5 (the first 6 ratings, 3 Sep 2025 to 12 Dec 2025); nothing to worry about.",
		"StaleWithVerdict":  "No ratings in the last 30 days to compare with the baseline of 4 (ratings from 7 Mar to 16 May). Last rated 45 days ago; it is usually rated every 10 days.",
		"Dormant":           "Not rated since 24 Mar (98 days), so there is no verdict; the next rating of it starts a new one.",
	}
	you := regexp.MustCompile(`(?i)\byou(r)?\b`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := agedRatings(driftT, tt.ratings)
			d := AnalyzeDrift(rs, driftT)
			if got, want := d.Explanation, tt.want; got != want {
				t.Errorf("Explanation (%s)\n got %q\nwant %q", d.Status, got, want)
			}
			sd := AnalyzeShared(Catalog{{ID: "eng.mi"}}, map[string][]Rating{"eng.mi": rs}, driftT)[0]
			if want, ok := shared[tt.name]; ok && sd.Explanation != want {
				t.Errorf("shared Explanation (%s)\n got %q\nwant %q", sd.Status, sd.Explanation, want)
			}
			if you.MatchString(sd.Explanation) {
				t.Errorf("the shared explanation speaks to the reader: %q", sd.Explanation)
			}
			sd.Explanation, d.Explanation, d.Skill = "", "", sd.Skill
			if !reflect.DeepEqual(sd, d) {
				t.Errorf("the shared voice changed the analysis:\n%+v\n%+v", sd, d)
			}
		})
	}
}

// With whole-number ratings E never lands exactly on B - 0.5, but it can
// come closer than float64 can tell. These two sequences (found by search,
// B = 4, R of 111 and 108 ratings) end within 1e-16 of 3.5, and the
// floating-point loop puts each on the wrong side; the verdict must follow
// the exact value, which the test works out with big.Rat.
func TestAnalyzeDriftLevelNearThreshold(t *testing.T) {
	tests := []struct {
		name   string
		recent []int
		below  bool // E <= 3.5 exactly
		status Status
	}{
		{
			name: "JustAboveFloatSaysBelow",
			recent: []int{3, 4, 5, 3, 5, 4, 3, 5, 3, 4, 5, 3, 5, 3, 5, 4, 3, 4, 5, 3, 5, 3, 5, 3, 5, 4, 3, 5, 3, 4, 5, 3, 5, 3, 5, 4, 3,
				4, 5, 3, 5, 3, 5, 3, 5, 4, 3, 4, 5, 3, 5, 4, 3, 4, 5, 3, 5, 3, 5, 4, 3, 4, 5, 3, 5, 3, 5, 3, 5, 3, 5, 3, 5, 4, 3, 5, 3, 5,
				3, 5, 3, 5, 3, 4, 5, 4, 3, 4, 5, 4, 3, 5, 3, 5, 3, 5, 3, 4, 5, 3, 5, 4, 4, 4, 4, 5, 4, 3, 5, 4, 2},
			below:  false,
			status: StatusSteady, // C = 1.5, E just above 3.5
		},
		{
			name: "JustBelowFloatSaysAbove",
			recent: []int{3, 5, 3, 5, 3, 5, 3, 4, 5, 3, 5, 3, 5, 4, 3, 5, 3, 5, 3, 4, 5, 3, 5, 3, 5, 3, 5, 3, 5, 4, 3, 4, 5, 3, 5, 3, 5,
				3, 5, 4, 3, 5, 3, 5, 3, 5, 3, 4, 5, 3, 5, 4, 3, 5, 3, 4, 5, 3, 5, 4, 3, 4, 5, 3, 5, 3, 5, 4, 3, 4, 5, 4, 3, 5, 3, 5, 3, 5,
				3, 5, 3, 5, 3, 5, 3, 5, 4, 3, 4, 5, 3, 5, 4, 3, 5, 3, 4, 5, 4, 4, 5, 5, 2, 5, 4, 3, 5, 2},
			below:  true,
			status: StatusWatch, // C = 1.5, E just below 3.5
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exact := big.NewRat(4, 1)
			naive := 4.0
			for _, r := range tt.recent {
				step := new(big.Rat).Sub(big.NewRat(int64(r), 1), exact)
				exact.Add(exact, step.Mul(step, big.NewRat(3, 10)))
				naive += 0.3 * (float64(r) - naive)
			}
			if got := exact.Cmp(big.NewRat(7, 2)) <= 0; got != tt.below {
				t.Fatalf("exact E <= 3.5 is %v, want %v: the case is wrong", got, tt.below)
			}
			if naive <= 3.5 == tt.below {
				t.Fatalf("float64 E = %v gets it right: the case tests nothing", naive)
			}
			rs := slices.Clone(base4)
			for i, v := range tt.recent {
				rs = append(rs, ar{29 - i*30/len(tt.recent), v}) // several a day, in order
			}
			d := AnalyzeDrift(agedRatings(driftT, rs), driftT)
			if got, want := d.Status, tt.status; got != want {
				t.Errorf("Status = %s, want %s (E = %v, C = %v)", got, want, d.Level.Value, d.CusumLow.Value)
			}
			if got, want := d.CusumLow, num(1.5); got != want {
				t.Errorf("CusumLow = %+v, want %+v", got, want)
			}
		})
	}
}

// exactLevel's whole-number recurrence agrees with E worked out in exact
// fractions, and never lands on B +- 0.5.
func TestExactLevel(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	for range 500 {
		b2 := 2 + rng.Intn(9) // B from 1 to 5 by halves
		recent := make([]int, 1+rng.Intn(40))
		for i := range recent {
			recent[i] = 1 + rng.Intn(5)
		}
		e := big.NewRat(int64(b2), 2)
		for _, r := range recent {
			step := new(big.Rat).Sub(big.NewRat(int64(r), 1), e)
			e.Add(e, step.Mul(step, big.NewRat(3, 10)))
		}
		x, pow := exactLevel(b2, recent)
		// E - B = X / (2 x 10^n)
		got := new(big.Rat).SetFrac(x, new(big.Int).Mul(pow, big.NewInt(2)))
		want := new(big.Rat).Sub(e, big.NewRat(int64(b2), 2))
		if got.Cmp(want) != 0 {
			t.Fatalf("B = %v, R = %v: X/(2 10^n) = %v, want E - B = %v", float64(b2)/2, recent, got, want)
		}
		if new(big.Int).Abs(x).Cmp(pow) == 0 {
			t.Fatalf("B = %v, R = %v: E lands on B +- 0.5", float64(b2)/2, recent)
		}
	}
}

func TestLevelBeyond(t *testing.T) {
	// B = 4 and R = 3 3 give E = 3.49 exactly; the level values passed in
	// are what the floating-point loop might produce around a threshold.
	tests := []struct {
		name   string
		level  float64
		b2     int
		recent []int
		side   int
		want   bool
	}{
		{"ClearlyBelow", 3.2, 8, []int{3, 3}, -1, true},
		{"ClearlyAbove", 3.8, 8, []int{3, 3}, -1, false},
		{"ClearlyAboveUpper", 4.8, 8, []int{5, 5}, +1, true},
		{"ClearlyBelowUpper", 4.2, 8, []int{5, 5}, +1, false},
		// Within 1e-9 of 3.5 the float value is not trusted: R = 3 3
		// gives exactly 3.49 (below), R = 4 3 gives exactly 3.7 (above).
		{"NearThresholdExactBelow", 3.5000000000000004, 8, []int{3, 3}, -1, true},
		{"NearThresholdExactAbove", 3.4999999999999996, 8, []int{4, 3}, -1, false},
		{"EmptyRecentIsB", 4.5, 8, nil, +1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levelBeyond(tt.level, tt.b2, tt.recent, tt.side); got != tt.want {
				t.Errorf("levelBeyond(%v) = %v, want %v", tt.level, got, tt.want)
			}
		})
	}
}

func TestTheilSen(t *testing.T) {
	tests := []struct {
		name    string
		ratings []ar
		want    Number
	}{
		// One point more every 30 days.
		{"KnownSlope", []ar{{120, 1}, {90, 2}, {60, 3}, {30, 4}, {0, 5}}, num(1)},
		{"Flat", []ar{{50, 3}, {20, 3}, {0, 3}}, num(0)},
		// Slopes per 30 days: (5-1)/10 -> 12, (3-1)/20 -> 3, (3-5)/10 -> -6;
		// the median 3 ignores the outlier.
		{"Outlier", []ar{{20, 1}, {10, 5}, {0, 3}}, num(3)},
		// Pairs with different days: (1,3) over 10 -> 6, (1,5) over 10 ->
		// 12; the same-day pair is skipped; the median is (6+12)/2 = 9.
		{"EvenCountSkipsSameDay", []ar{{10, 1}, {0, 3}, {0, 5}}, num(9)},
		{"Falling", []ar{{60, 5}, {0, 3}}, num(-1)},
		{"OneRating", []ar{{0, 3}}, undef},
		{"OneDay", []ar{{4, 3}, {4, 5}, {4, 1}}, undef},
		// 13 ratings: the oldest, on its own day, is not among the newest
		// 12, which share one day, so the slope is undefined.
		{"OnlyNewest12", with([]ar{{10, 1}}, slices.Repeat([]ar{{0, 5}}, 12)...), undef},
		// 12 ratings: the oldest counts.
		{"Newest12Used", with([]ar{{10, 2}}, slices.Repeat([]ar{{0, 5}}, 11)...), num(9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(agedRatings(driftT, tt.ratings), driftT)
			if !approx(d.Slope, tt.want) {
				t.Errorf("Slope = %+v, want %+v", d.Slope, tt.want)
			}
		})
	}
}

func TestAnalyzeCatalog(t *testing.T) {
	c := Catalog{
		{ID: "a.one", Name: "One"},
		{ID: "b.archived", Name: "Archived", Archived: true},
		{ID: "c.never", Name: "Never rated"},
		{ID: "d.two", Name: "Two"},
	}
	ratings := map[string][]Rating{
		"a.one":      agedRatings(driftT, with(base4, recentAges(3, 3, 3, 3, 3)...)),
		"b.archived": agedRatings(driftT, base4),
		"d.two":      agedRatings(driftT, []ar{{3, 4}}),
		"x.unknown":  agedRatings(driftT, base4),
	}
	ds := AnalyzeCatalog(c, ratings, driftT)
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s %s %v %d", d.Skill, d.Status, d.Stale, d.Ratings))
	}
	want := []string{
		"a.one drifting false 11",
		"c.never insufficient true 0",
		"d.two insufficient false 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("AnalyzeCatalog =\n%q\nwant\n%q", got, want)
	}
}

func TestWriteDriftJSON(t *testing.T) {
	c := Catalog{{ID: "eng.mi", Name: "MI skills"}, {ID: "c.never", Name: "Never \"rated\""}}
	ds := []Drift{
		AnalyzeDrift(agedRatings(driftT, with(base4, recentAges(3, 3, 3, 3, 3)...)), driftT),
		AnalyzeDrift(nil, driftT),
		AnalyzeDrift(agedRatings(driftT, []ar{{10, 4}, {0, 3}}), driftT),
	}
	ds[1].Skill = "c.never"
	var b bytes.Buffer
	if err := WriteDriftJSON(&b, c, ds); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "skill": "eng.mi",
    "name": "MI skills",
    "status": "drifting",
    "stale": false,
    "baseline": 4,
    "level": 3.17,
    "cusum_low": 2.5,
    "cusum_high": 0,
    "ratings": 11,
    "first_rated": "2026-01-31",
    "last_rated": "2026-06-15",
    "slope": 0,
    "explanation": "Your last 5 ratings average 3, below your baseline of 4 (ratings from 22 Mar to 21 May)."
  },
  {
    "skill": "c.never",
    "name": "Never \"rated\"",
    "status": "insufficient",
    "stale": true,
    "baseline": null,
    "level": null,
    "cusum_low": null,
    "cusum_high": null,
    "ratings": 0,
    "first_rated": null,
    "last_rated": null,
    "slope": null,
    "explanation": "Not rated yet."
  },
  {
    "skill": "eng.mi",
    "name": "MI skills",
    "status": "insufficient",
    "stale": false,
    "baseline": null,
    "level": null,
    "cusum_low": null,
    "cusum_high": null,
    "ratings": 2,
    "first_rated": "2026-06-20",
    "last_rated": "2026-06-30",
    "slope": -3,
    "explanation": "2 ratings so far, from 20 Jun to 30 Jun; a verdict needs 8 ratings over at least 4 weeks."
  }
]
`
	if got := b.String(); got != want {
		t.Errorf("WriteDriftJSON =\n%s\nwant\n%s", got, want)
	}

	b.Reset()
	if err := WriteDriftJSON(&b, c, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "[]\n"; got != want {
		t.Errorf("WriteDriftJSON(nil) = %q, want %q", got, want)
	}
}

func TestFmtPoints(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		want string
	}{
		{"Whole", 4, "4"},
		{"OneDecimal", 2.8, "2.8"},
		{"Rounded", 3.16807, "3.2"},
		{"RoundsToWhole", 3.96, "4"},
		{"NegativeZero", -0.04, "0"},
		{"Negative", -1.25, "-1.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmtPoints(tt.v); got != tt.want {
				t.Errorf("fmtPoints(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

// randomRatings returns up to 40 ratings over 400 days before asOf, some on
// the same day (entry ids in random order), with values around a random
// centre; a few fall after asOf.
func randomRatings(rng *rand.Rand, asOf Day) []Rating {
	n := rng.Intn(41)
	centre := 1 + rng.Intn(5)
	ids := rng.Perm(1000) // one rating per entry, as in a journal
	rs := make([]Rating, n)
	for i := range rs {
		v := min(5, max(1, centre+rng.Intn(3)-1))
		rs[i] = Rating{Skill: "eng.mi", Date: asOf - Day(rng.Intn(410)-10), EntryID: fmt.Sprintf("e%03d", ids[i]), Value: v}
	}
	return rs
}

// Moving every rating and the as-of day by the same number of days changes
// nothing but the dates; reading the ratings in another order changes
// nothing at all.
func TestAnalyzeDriftShiftAndOrderInvariant(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	for i := range 2000 {
		rs := randomRatings(rng, driftT)
		want := AnalyzeDrift(rs, driftT)

		shuffled := slices.Clone(rs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := AnalyzeDrift(shuffled, driftT); got != want {
			t.Fatalf("case %d: shuffled ratings give\n%+v\nwant\n%+v", i, got, want)
		}

		shift := Day(rng.Intn(20001) - 10000)
		moved := slices.Clone(rs)
		for j := range moved {
			moved[j].Date += shift
		}
		got := AnalyzeDrift(moved, driftT+shift)
		got.AsOf -= shift
		if got.Ratings > 0 {
			got.FirstRated -= shift
			got.LastRated -= shift
		}
		if got.Baseline.Valid {
			got.BaselineFrom -= shift
			got.BaselineTo -= shift
		}
		got.Explanation, want.Explanation = "", ""
		if got != want {
			t.Fatalf("case %d: shifted by %d days:\n got %+v\nwant %+v", i, shift, got, want)
		}
	}
}

// A new newest rating equal to a whole-number baseline, in the recent
// window, moves E towards B and lowers C and U, so steady stays steady (and
// in particular never becomes drifting).
func TestAnalyzeDriftBaselineRatingKeepsSteady(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	tried := 0
	for i := 0; i < 20000 && tried < 300; i++ {
		rs := randomRatings(rng, driftT)
		before := AnalyzeDrift(rs, driftT)
		if before.Status != StatusSteady || before.Baseline.Value != math.Trunc(before.Baseline.Value) {
			continue
		}
		tried++
		day := driftT - Day(rng.Intn(30))
		day = max(day, before.LastRated)
		added := append(slices.Clone(rs), Rating{Skill: "eng.mi", Date: day, EntryID: "zzzz", Value: int(before.Baseline.Value)})
		after := AnalyzeDrift(added, driftT)
		if after.Status != StatusSteady {
			t.Fatalf("case %d: adding %d on %s turned steady into %s\nbefore %+v\nafter  %+v",
				i, int(before.Baseline.Value), day, after.Status, before, after)
		}
	}
	if tried < 50 {
		t.Fatalf("only %d steady cases with a whole-number baseline; the generator needs work", tried)
	}
}

// TestMedianGap2CountsAsSorting: counting the gaps by length gives the
// median of the sorted gaps, for short and long gaps, odd and even counts.
func TestMedianGap2CountsAsSorting(t *testing.T) {
	rng := rand.New(rand.NewSource(89))
	for trial := range 2000 {
		n := 2 + rng.Intn(60)
		spread := []int{1, 3, 10, 400}[trial%4]
		rs := make([]Rating, n)
		d := Day(20000)
		for i := range rs {
			d += Day(rng.Intn(spread))
			rs[i] = Rating{Date: d, Value: 3}
		}
		gaps := make([]int, n-1)
		for i := range gaps {
			gaps[i] = int(rs[i+1].Date - rs[i].Date)
		}
		got, ok := medianGap2(rs)
		if want := median2(gaps); !ok || got != want {
			t.Fatalf("gaps %v: medianGap2 = %d, %v; want %d", gaps, got, ok, want)
		}
	}
	if _, ok := medianGap2([]Rating{{Date: 1}}); ok {
		t.Error("one rating has a median gap")
	}
}
