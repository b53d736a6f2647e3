package journal

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"slices"
	"testing"
	"time"
)

// The cases below were worked out by hand from SPEC section 4 (version 2),
// day by day, with the numbers in the comments; not by running the
// implementation's walk.

// dr is a rating given by its day number from a scenario's first day.
type dr struct{ day, value int }

// every returns count ratings of value, step days apart from day from.
func every(from, step, count, value int) []dr {
	out := make([]dr, count)
	for i := range out {
		out[i] = dr{from + i*step, value}
	}
	return out
}

// scenario turns parts into ratings of one skill from day base on; entry
// ids follow their order, so that same-day ratings keep it.
func scenario(base Day, parts ...[]dr) []Rating {
	var out []Rating
	for _, p := range parts {
		for _, r := range p {
			out = append(out, Rating{Skill: "eng.mi", Date: base + Day(r.day), EntryID: fmt.Sprintf("e%05d", len(out)), Value: r.value})
		}
	}
	return out
}

// wantDrift is what a case checks of a Drift: the numbers in tenths (B, C,
// U, H), the level as SL / nL, -1 for undefined.
type wantDrift struct {
	status      Status
	b, c, u, h  int
	sl, nl      int
	first       bool // the start-up baseline
	baseN       int  // the size of the baseline set
	basis       Basis
	ref         Number
	since       Day
	evaluatedOn Day
	sentence    string // checked when not empty
}

func tenthsOrUndef(t int) Number {
	if t < 0 {
		return undef
	}
	return tenths(t)
}

func checkDrift(t *testing.T, d Drift, w wantDrift) {
	t.Helper()
	if got, want := d.Status, w.status; got != want {
		t.Errorf("Status = %s, want %s (%s)", got, want, d.Explanation)
	}
	for _, n := range []struct {
		name      string
		got, want Number
	}{
		{"Baseline", d.Baseline, tenthsOrUndef(w.b)},
		{"CusumLow", d.CusumLow, tenthsOrUndef(w.c)},
		{"CusumHigh", d.CusumHigh, tenthsOrUndef(w.u)},
		{"Threshold", d.Threshold, tenthsOrUndef(w.h)},
	} {
		if !approx(n.got, n.want) {
			t.Errorf("%s = %+v, want %+v", n.name, n.got, n.want)
		}
	}
	wantLevel := undef
	if w.nl > 0 {
		wantLevel = num(float64(w.sl) / float64(w.nl))
	}
	if !approx(d.Level, wantLevel) || d.Recent != max(0, w.nl) {
		t.Errorf("Level, Recent = %+v, %d; want %+v, %d", d.Level, d.Recent, wantLevel, w.nl)
	}
	if w.baseN > 0 && (d.BaselineRatings != w.baseN || d.BaselineFirst != w.first) {
		t.Errorf("BaselineRatings, BaselineFirst = %d, %v; want %d, %v", d.BaselineRatings, d.BaselineFirst, w.baseN, w.first)
	}
	if d.Basis != w.basis || !approx(d.Reference, w.ref) || (w.basis != NoBasis && d.DriftSince != w.since) {
		t.Errorf("Basis, Reference, DriftSince = %q, %+v, %s; want %q, %+v, %s", d.Basis, d.Reference, d.DriftSince, w.basis, w.ref, w.since)
	}
	if !d.Evaluated || d.EvaluatedOn != w.evaluatedOn {
		t.Errorf("EvaluatedOn = %s (%v), want %s", d.EvaluatedOn, d.Evaluated, w.evaluatedOn)
	}
	if w.sentence != "" && d.Explanation != w.sentence {
		t.Errorf("Explanation =\n%q\nwant\n%q", d.Explanation, w.sentence)
	}
}

// TestDriftWalkSteps holds one case per numbered step of the walk, with the
// thresholds hit on the nose where a case says so. driftT is 30 June 2026;
// ages count back from it.
func TestDriftWalkSteps(t *testing.T) {
	// Window baseline: 4s aged 170 to 35 (8 ratings), then 4 4 3 3 3 3 3 3
	// every 4 days from age 28. The window holds only 4s on every day, so
	// B = 4.0 and s2 = 0: H = 3.0, W = 1.5. The six 3s take C to 0.5 1.0
	// 1.5 2.0 2.5 3.0: C = H on the nose on T, where L = 26/8 = 3.25.
	window4 := []ar{{170, 4}, {150, 4}, {130, 4}, {110, 4}, {90, 4}, {70, 4}, {50, 4}, {35, 4}}
	drop := with(window4, ar{28, 4}, ar{24, 4}, ar{20, 3}, ar{16, 3}, ar{12, 3}, ar{8, 3}, ar{4, 3}, ar{0, 3})

	// Backup baseline: 2 4 4 4 4 aged 260 to 220, 4s aged 150 and 100 (the
	// only two in the window on T), then 4 4 4 3 3 3 aged 25 to 0. On T the
	// backup, the newest 6 aged 30 or more, is six 4s: B = 4.0 (the first 6
	// would give 3.7). C is 0 before the 3s (the 4s against B = 3.6 and 3.7
	// on ages 150 and 100 move only U, by at most 0.4 - 0.5 < 0), then 0.5
	// 1.0 1.5: C = W = 1.5 and L = 21/6 = 3.5 = B - 0.5, both on the nose.
	backup := []ar{{260, 2}, {250, 4}, {240, 4}, {230, 4}, {220, 4}, {150, 4}, {100, 4},
		{25, 4}, {20, 4}, {15, 4}, {10, 3}, {5, 3}, {0, 3}}

	// A scattered baseline, 3 5 3 5 3 5 3 5 aged 170 to 35, then seven 3s.
	// On T: m = 8, S = 32, Q = 136, mQ - S^2 = 64: H = ceil(85 x 64 / 56) =
	// 9.8 and W = ceil(30 x 64 / 56) = 3.5. The 3s meet B = 4.0 at ages 24, 4
	// and 0 and B = 3.9 (the window 3 5 3 5 3 5 3) at ages 20 to 8: C = 0.5
	// 0.9 1.3 1.7 2.1 2.6 3.1. L = 3.0, far below B - 0.5, but C < W: steady.
	scattered := []ar{{170, 3}, {150, 5}, {130, 3}, {110, 5}, {90, 3}, {70, 5}, {50, 3}, {35, 5},
		{24, 3}, {20, 3}, {16, 3}, {12, 3}, {8, 3}, {4, 3}, {0, 3}}

	// Start-up: 4 4 4 4 4 4 3 3 every 4 days from age 28: no rating is 30
	// days old, so B is the first 6 (4.0), which the tallies skip; the 3s
	// take C to 1.0. 8 ratings over 28 days exactly: a verdict.
	startup := []ar{{28, 4}, {24, 4}, {20, 4}, {16, 4}, {12, 4}, {8, 4}, {4, 3}, {0, 3}}

	tests := []struct {
		name    string
		ratings []ar
		asOf    Day
		want    wantDrift
	}{
		{
			name: "StartupBaseline", ratings: startup, asOf: driftT,
			want: wantDrift{status: StatusSteady, b: 40, c: 10, u: 0, h: 30, sl: 30, nl: 8, first: true, baseN: 6, evaluatedOn: driftT,
				sentence: "Your last 8 ratings (2 Jun to 30 Jun) average 3.8 against your starting level of 4.0 (your first 6 ratings, 2 Jun to 22 Jun): no lasting change."},
		},
		{
			name: "InsufficientSevenRatings", ratings: startup[:7], asOf: driftT,
			want: wantDrift{status: StatusInsufficient, b: -1, c: -1, u: -1, h: -1, evaluatedOn: driftT - 4,
				sentence: "Only 7 ratings over 24 days so far; hone needs at least 8 ratings spread over 28 days."},
		},
		{
			name: "InsufficientSpan27Days", ratings: with([]ar{{27, 4}}, startup[1:]...), asOf: driftT,
			want: wantDrift{status: StatusInsufficient, b: -1, c: -1, u: -1, h: -1, evaluatedOn: driftT,
				sentence: "Only 8 ratings over 27 days so far; hone needs at least 8 ratings spread over 28 days."},
		},
		{
			name: "BackupBaselineWatchOnTheNose", ratings: backup, asOf: driftT,
			want: wantDrift{status: StatusWatch, b: 40, c: 15, u: 0, h: 30, sl: 21, nl: 6, baseN: 6, evaluatedOn: driftT,
				sentence: "Your last 6 ratings (5 Jun to 30 Jun) average 3.5, below your baseline of 4.0 (ratings from 23 Oct 2025 to 22 Mar); not yet a lasting drop, worth watching."},
		},
		{
			// One 3 fewer: C = 1.0 < W, L = 3.67.
			name: "BackupBaselineSteady", ratings: backup[:len(backup)-1], asOf: driftT,
			want: wantDrift{status: StatusSteady, b: 40, c: 10, u: 0, h: 30, sl: 22, nl: 6, baseN: 6, evaluatedOn: driftT - 5},
		},
		{
			name: "WindowBaselineDriftingOnTheNose", ratings: drop, asOf: driftT,
			want: wantDrift{status: StatusDrifting, b: 40, c: 30, u: 0, h: 30, sl: 26, nl: 8, baseN: 8,
				basis: BasisRecent, ref: num(4), since: driftT, evaluatedOn: driftT,
				sentence: "Drifting since 30 Jun: your last 8 ratings (2 Jun to 30 Jun) average 3.3, below 4.0, your usual level before the drop (ratings from 11 Jan to 26 May)."},
		},
		{
			// The day before: C = 2.5 < H, but >= W with L = 23/7 <= 3.5.
			name: "WindowBaselineWatchBeforeDrift", ratings: drop[:len(drop)-1], asOf: driftT,
			want: wantDrift{status: StatusWatch, b: 40, c: 25, u: 0, h: 30, sl: 23, nl: 7, baseN: 8, evaluatedOn: driftT - 4},
		},
		{
			// Back on the nose: after the drift of T, four 5s on T+8 make
			// the level set (T-22, T+8] six 3s and four 5s: L = 38/10 =
			// 3.8 = A - 0.2, so back; C = 0; U = 2.0 < H; B = 4.0 (the 4s
			// aged 170 to 24 are in the window).
			name: "BackOnTheNose", ratings: with(drop, ar{-8, 5}, ar{-8, 5}, ar{-8, 5}, ar{-8, 5}), asOf: driftT + 8,
			want: wantDrift{status: StatusSteady, b: 40, c: 0, u: 20, h: 30, sl: 38, nl: 10, baseN: 10, evaluatedOn: driftT + 8,
				sentence: "Back from drifting: your last 10 ratings (10 Jun to 8 Jul) average 3.8, within 0.2 of 4.0, your level before the drift that began on 30 Jun."},
		},
		{
			// One of them a 4: L = 3.7 < 3.8, drifting goes on; U = 0.5 1.0
			// 0.5 1.0 (the 4 moves it by -0.5).
			name: "NotBackJustBelow", ratings: with(drop, ar{-8, 5}, ar{-8, 5}, ar{-8, 4}, ar{-8, 5}), asOf: driftT + 8,
			want: wantDrift{status: StatusDrifting, b: 40, c: 0, u: 10, h: 30, sl: 37, nl: 10, baseN: 10, basis: BasisRecent, ref: num(4), since: driftT, evaluatedOn: driftT + 8,
				sentence: "Drifting since 30 Jun: your last 10 ratings (10 Jun to 8 Jul) average 3.7, below 4.0, your usual level before the drop (ratings from 11 Jan to 26 May)."},
		},
		{
			name: "ScatteredBaselineRaisesThresholds", ratings: scattered, asOf: driftT,
			want: wantDrift{status: StatusSteady, b: 40, c: 31, u: 0, h: 98, sl: 21, nl: 7, baseN: 8, evaluatedOn: driftT},
		},
		{
			name: "Dormant", ratings: []ar{{131, 4}, {121, 4}, {111, 4}, {101, 4}, {91, 4}}, asOf: driftT,
			want: wantDrift{status: StatusDormant, b: -1, c: -1, u: -1, h: -1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(agedRatings(driftT, tt.ratings), tt.asOf)
			if tt.want.status == StatusDormant {
				if d.Status != StatusDormant || d.Evaluated || d.Baseline.Valid {
					t.Errorf("got %+v, want dormant, not evaluated, no baseline", d)
				}
				if want := "Not rated since 31 Mar (91 days ago), so hone gives no verdict. Last rated 91 days ago; you usually rate it every 10 days."; d.Explanation != want {
					t.Errorf("Explanation = %q, want %q", d.Explanation, want)
				}
				return
			}
			checkDrift(t, d, tt.want)
		})
	}
}

// TestDriftSameDayOrder: ratings of one day move the tallies in the order
// of their entries' creation (entry ids), whatever order they come in.
// Six 4s from age 28 (the start-up baseline, B = 4.0), then a 5 and a 3
// on T. 5 then 3: U = 0.5, then max(0, 0.5 - 1.0 - 0.5) = 0; C = 0, then
// 0.5. 3 then 5: C = 0.5 then 0; U = 0 then 0.5.
func TestDriftSameDayOrder(t *testing.T) {
	six4 := []ar{{28, 4}, {24, 4}, {20, 4}, {16, 4}, {12, 4}, {8, 4}}
	for _, tt := range []struct {
		name       string
		first, sec int
		c, u       int
	}{
		{"FiveThenThree", 5, 3, 5, 0},
		{"ThreeThenFive", 3, 5, 0, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := agedRatings(driftT, with(six4, ar{0, tt.first}, ar{0, tt.sec}))
			// Hand them over newest first: the order must come from the ids.
			for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
				rs[i], rs[j] = rs[j], rs[i]
			}
			checkDrift(t, AnalyzeDrift(rs, driftT), wantDrift{status: StatusSteady, b: 40, c: tt.c, u: tt.u, h: 30,
				sl: 32, nl: 8, first: true, baseN: 6, evaluatedOn: driftT})
		})
	}
}

// TestDriftEpisodes follows drifting episodes through scenarios of
// absolute days.
func TestDriftEpisodes(t *testing.T) {
	// A return after a break. 4s every 5 days on days 0 to 100 (21), then 3s
	// on days 105 to 140 (8). From day 105, B = 4.0 (the window holds only
	// 4s until day 135) and C climbs 0.5 a rating: 3.0 = H on day 130,
	// where L = six 3s = 3.0: drifting since day 130, A = 4.0.
	base := Date(2025, time.January, 1)
	brk := scenario(base, every(0, 5, 21, 4), every(105, 5, 8, 3))
	// Day 230 (a gap of exactly 90 days): no break; the level, the newest 6
	// (3s), is below A - 0.2 and the episode is 100 days old: drifting.
	// The window (50, 200] holds 4s on days 55 to 100 (10) and the eight
	// 3s: B = floor((20 x 64 + 18) / 36) = 3.6.
	at230 := append(append([]Rating(nil), brk...), Rating{Skill: "eng.mi", Date: base + 230, EntryID: "f1", Value: 3})
	// Day 231 (a gap of 91): the walk starts afresh: C = U = 0, no
	// episode. The window (51, 201] holds the same ratings: B = 3.6; m Q -
	// S^2 = 18 x 232 - 64^2 = 80, so H = max(3.0, 85 x 80 / 306) = 3.0 and
	// W = 1.5. L = 3.0 <= B - 0.5 = 3.1, but C = max(0, 0 + 0.6 - 0.5) =
	// 0.1 < W: steady.
	at231 := append(append([]Rating(nil), brk...), Rating{Skill: "eng.mi", Date: base + 231, EntryID: "f1", Value: 3})

	// The end of an episode by "back": TestDriftWalkSteps' drop moved 40
	// days earlier (drifting since T-40, A = 4.0, the 4s aged 210 to 75),
	// then 4s every 4 days from age 36. The level set on the day aged a
	// holds the ratings aged a to a+29: 3.25 on T-36 and T-32, 3.375,
	// 3.5, 3.625, 3.75 (T-16), then 3.875 >= 3.8 on T-12: back.
	var backAges []ar
	for _, r := range []ar{{210, 4}, {190, 4}, {170, 4}, {150, 4}, {130, 4}, {110, 4}, {90, 4}, {75, 4},
		{68, 4}, {64, 4}, {60, 3}, {56, 3}, {52, 3}, {48, 3}, {44, 3}, {40, 3}} {
		backAges = append(backAges, r)
	}
	for age := 36; age >= 0; age -= 4 {
		backAges = append(backAges, ar{age, 4})
	}
	back := agedRatings(driftT, backAges)

	// A lasting drop from 4 to 2 after sparse ratings: 4s every 20 days on
	// days 0 to 300, 2s every 4 days from day 304. Day 304: C = 1.5; day
	// 308: C = 3.0 = H and L = (4 x 4 + 2 x 2) / 6 = 3.33 (the newest 6):
	// drifting since day 308, A = 4.0 (the 4s of days 140 to 260). It
	// lasts while L = 2.0 < 3.8, up to day 672; on day 676 (368 days) it
	// ends after a year. The year comparison cannot start: the ratings of
	// days 222 to 311 are 6 (4s on 240 to 300, 2s on 304 and 308).
	sparse := scenario(base, every(0, 20, 16, 4), every(304, 4, 100, 2))

	// The same drop after dense ratings: 4s every 4 days on days 0 to 300
	// (76), 2s every 4 days from day 304. Day 308: C = 3.0, L = (6 x 4 + 2
	// x 2) / 8 = 3.5 = B - 0.5 on the nose: drifting since day 308. Day 676
	// ends it after a year, and the year comparison starts an episode the
	// same day: now (586, 676] holds 23 2s, then (221, 311] the 4s of days
	// 224 to 300 (20) and the 2s of 304 and 308: X = 84 x 23 - 46 x 22 =
	// 920, D = 1.82; Y = 3.8, L = 2.0 <= 3.3; v_now = 0 and the t condition
	// holds (400 x 920^2 x 22 x 21 against 49 x (100 x 160 x 23^2 x 22 +
	// 23^2 x 22^2 x 22 x 21)). It continues while 10 X >= 3 nn np: on day
	// 740 then holds 4 4s (X = 184, 1840 >= 1518), on day 744 3 (X = 138,
	// 1380 < 1518): it ends, both sets still hold 8 ratings.
	dense := scenario(base, every(0, 4, 76, 4), every(304, 4, 120, 2))

	// Improving's hysteresis: 3s every 15 days on days -158 to -53, then
	// 4s on days 0 to 5 and 3s on days 6 to 20, daily, and a 4 on day 21.
	// B = 3.0 throughout (the window holds the eight 3s), H = 3.0. U climbs
	// to 3.0 on day 5 with L = 4.0: improving. Each 3 lowers U by 0.5 and
	// L towards 3; with six 4s and k 3s, L >= 3.3 while 42 >= 3k: k = 14
	// (day 19) is on the nose, still improving; day 20 is steady, and day
	// 21's 4 gives L = 73 / 22 = 3.32 >= 3.3 but the day before was not
	// improving and U = 0.5: steady.
	hyst := scenario(Date(2026, time.January, 1), every(-158, 15, 8, 3), every(0, 1, 6, 4), every(6, 1, 15, 3), []dr{{21, 4}})
	hystBase := Date(2026, time.January, 1)

	tests := []struct {
		name    string
		ratings []Rating
		asOf    Day
		want    wantDrift
	}{
		{
			name: "BreakOf90DaysKeepsTheEpisode", ratings: at230, asOf: base + 230,
			want: wantDrift{status: StatusDrifting, b: 36, c: -2, u: -2, h: 30, sl: 18, nl: 6, basis: BasisRecent, ref: num(4), since: base + 130, evaluatedOn: base + 230},
		},
		{
			name: "ReturnAfterBreakOf91Days", ratings: at231, asOf: base + 231,
			want: wantDrift{status: StatusSteady, b: 36, c: 1, u: 0, h: 30, sl: 18, nl: 6, evaluatedOn: base + 231},
		},
		{
			// L = 30/8 = 3.75: the tenth 3.8 would be A - 0.2, which L is
			// below, so two decimals.
			name: "RecentEpisodeContinues", ratings: back, asOf: driftT - 16,
			want: wantDrift{status: StatusDrifting, b: -2, c: -2, u: -2, h: -2, sl: 30, nl: 8, basis: BasisRecent, ref: num(4), since: driftT - 40, evaluatedOn: driftT - 16,
				sentence: "Drifting since 21 May: your last 8 ratings (17 May to 14 Jun) average 3.75, below 4.0, your usual level before the drop (ratings from 2 Dec 2025 to 16 Apr)."},
		},
		{
			// L = 31/8 = 3.875 >= 3.8: back; C = 0. B: the window (T-192,
			// T-42] holds nine 4s and five 3s, floor((20 x 51 + 14) / 28) =
			// 3.6.
			name: "RecentEpisodeEndsBack", ratings: back, asOf: driftT - 12,
			want: wantDrift{status: StatusSteady, b: 36, c: 0, u: -2, h: -2, sl: 31, nl: 8, evaluatedOn: driftT - 12,
				sentence: "Back from drifting: your last 8 ratings (21 May to 18 Jun) average 3.9, within 0.2 of 4.0, your level before the drift that began on 21 May."},
		},
		{
			name: "RecentEpisodeLastsUpToAYear", ratings: sparse, asOf: base + 672,
			want: wantDrift{status: StatusDrifting, b: 20, c: -2, u: -2, h: 30, sl: 16, nl: 8, basis: BasisRecent, ref: num(4), since: base + 308, evaluatedOn: base + 672},
		},
		{
			name: "RecentEpisodeEndsAfterAYear", ratings: sparse, asOf: base + 676,
			want: wantDrift{status: StatusSteady, b: 20, c: 0, u: 0, h: 30, sl: 16, nl: 8, evaluatedOn: base + 676,
				sentence: "Your ratings have stayed below 4.0 for a year since 5 Nov 2025, so hone now compares them with your baseline of 2.0 (ratings from 16 May to 7 Oct): your last 8 ratings (11 Oct to 8 Nov) average 2.0."},
		},
		{
			name: "DenseDropStartsOnTheNose", ratings: dense, asOf: base + 308,
			want: wantDrift{status: StatusDrifting, b: 40, c: 30, u: 0, h: 30, sl: 28, nl: 8, basis: BasisRecent, ref: num(4), since: base + 308, evaluatedOn: base + 308},
		},
		{
			name: "YearEpisodeStartsWhenRecentEnds", ratings: dense, asOf: base + 676,
			want: wantDrift{status: StatusDrifting, b: 20, c: 0, u: 0, h: 30, sl: 16, nl: 8, basis: BasisYear, ref: num(84.0 / 22), since: base + 676, evaluatedOn: base + 676},
		},
		{
			name: "YearEpisodeContinues", ratings: dense, asOf: base + 680,
			want: wantDrift{status: StatusDrifting, b: 20, c: 0, u: 0, h: 30, sl: 16, nl: 8, basis: BasisYear, ref: num(82.0 / 22), since: base + 676, evaluatedOn: base + 680,
				sentence: "Drifting since 8 Nov: your ratings over the last 3 months (16 Aug to 12 Nov) average 2.0, down from 3.7 over the same months a year earlier (17 Aug 2025 to 9 Nov 2025)."},
		},
		{
			name: "YearEpisodeStillOn", ratings: dense, asOf: base + 740,
			want: wantDrift{status: StatusDrifting, b: 20, c: 0, u: 0, h: 30, sl: 16, nl: 8, basis: BasisYear, ref: num(52.0 / 22), since: base + 676, evaluatedOn: base + 740},
		},
		{
			name: "YearEpisodeEnds", ratings: dense, asOf: base + 744,
			want: wantDrift{status: StatusSteady, b: 20, c: 0, u: 0, h: 30, sl: 16, nl: 8, evaluatedOn: base + 744,
				sentence: "No longer drifting: your ratings over the last 3 months average 2.0, no longer clearly below 2.3 over the same months a year earlier; your last 8 ratings (18 Dec 2026 to 15 Jan) average 2.0 against your baseline of 2.0 (ratings from 23 Jul 2026 to 14 Dec 2026)."},
		},
		{
			name: "ImprovingStarts", ratings: hyst, asOf: hystBase + 5,
			want: wantDrift{status: StatusImproving, b: 30, c: 0, u: 30, h: 30, sl: 24, nl: 6, baseN: 8, evaluatedOn: hystBase + 5},
		},
		{
			name: "ImprovingHoldsOnTheNose", ratings: hyst, asOf: hystBase + 19,
			want: wantDrift{status: StatusImproving, b: 30, c: 0, u: 0, h: 30, sl: 66, nl: 20, baseN: 8, evaluatedOn: hystBase + 19,
				sentence: "Your last 20 ratings (1 Jan to 20 Jan) average 3.3, above your baseline of 3.0 (ratings from 27 Jul 2025 to 9 Nov 2025)."},
		},
		{
			name: "ImprovingEndsBelowBPlus03", ratings: hyst, asOf: hystBase + 20,
			want: wantDrift{status: StatusSteady, b: 30, c: 0, u: 0, h: 30, sl: 69, nl: 21, baseN: 8, evaluatedOn: hystBase + 20},
		},
		{
			name: "NoHysteresisWithoutImproving", ratings: hyst, asOf: hystBase + 21,
			want: wantDrift{status: StatusSteady, b: 30, c: 0, u: 5, h: 30, sl: 73, nl: 22, baseN: 8, evaluatedOn: hystBase + 21},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(tt.ratings, tt.asOf)
			// -2 in a case: not checked.
			w := tt.want
			if w.b == -2 {
				w.b = int(math.Round(d.Baseline.Value * 10))
			}
			if w.c == -2 {
				w.c = int(math.Round(d.CusumLow.Value * 10))
			}
			if w.u == -2 {
				w.u = int(math.Round(d.CusumHigh.Value * 10))
			}
			if w.h == -2 {
				w.h = int(math.Round(d.Threshold.Value * 10))
			}
			checkDrift(t, d, w)
		})
	}
}

// yearTest agrees with the t condition worked out in exact fractions,
// D^2 >= 3.5^2 (v_then / n_then + v_now / n_now + 0.01), on random sets
// (D >= 0.5 as where the walk asks), including ones on the boundary.
func TestYearTestExact(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	set := func(n, lo, hi int) ratingSet {
		s := ratingSet{hi: n}
		for range n {
			v := lo + rng.Intn(hi-lo+1)
			s.sum, s.sq = s.sum+v, s.sq+v*v
		}
		return s
	}
	for i := range 20000 {
		now := set(8+rng.Intn(40), 1, 1+rng.Intn(5))
		then := set(8+rng.Intn(40), 1+rng.Intn(5), 5)
		nn, np := now.n(), then.n()
		x := then.sum*nn - now.sum*np
		if 2*x < nn*np {
			continue
		}
		r := func(a, b int) *big.Rat { return big.NewRat(int64(a), int64(b)) }
		d := r(x, nn*np)
		vn := r(nn*now.sq-now.sum*now.sum, nn*(nn-1))
		vp := r(np*then.sq-then.sum*then.sum, np*(np-1))
		rhs := new(big.Rat).Add(new(big.Rat).Quo(vp, r(np, 1)), new(big.Rat).Quo(vn, r(nn, 1)))
		rhs.Add(rhs, r(1, 100))
		rhs.Mul(rhs, r(49, 4))
		want := new(big.Rat).Mul(d, d).Cmp(rhs) >= 0
		if got := yearTest(x, now, then); got != want {
			t.Fatalf("case %d: now %+v then %+v: yearTest = %v, want %v", i, now, then, got, want)
		}
	}
	// nn = np = 10, all 1s now and all 5s then: D = 4, v = 0, 16 >=
	// 12.25 x 0.01.
	if !yearTest(10*5*10-10*1*10, ratingSet{hi: 10, sum: 10, sq: 10}, ratingSet{hi: 10, sum: 50, sq: 250}) {
		t.Error("a drop of 4 points with no spread fails the t condition")
	}
}

// The level is shown half up to a tenth, with two decimals where the
// tenth would sit on a threshold the mean is strictly on one side of.
func TestLevelText(t *testing.T) {
	tests := []struct {
		name           string
		sum, n, thresh int
		want           string
	}{
		{"HalfUp", 30, 8, -1, "3.8"},              // 3.75
		{"BelowThreshold", 30, 8, 38, "3.75"},     // 3.75 < 3.8
		{"AboveThreshold", 23, 6, 38, "3.83"},     // 3.833 > 3.8
		{"OnThreshold", 19, 5, 38, "3.8"},         // 3.8 exactly
		{"NotNearThreshold", 26, 8, 38, "3.3"},    // 3.25
		{"TwoDecimalsOnIt", 759, 200, 38, "3.79"}, // 3.795 -> 3.80 -> 3.79
		{"Whole", 24, 6, -1, "4.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levelText(tt.sum, tt.n, tt.thresh); got != tt.want {
				t.Errorf("levelText(%d, %d, %d) = %q, want %q", tt.sum, tt.n, tt.thresh, got, tt.want)
			}
		})
	}
}

// The sentences in the shared voice speak of "their" ratings and baseline,
// with the same numbers.
func TestDriftSharedVoice(t *testing.T) {
	drop := []ar{{170, 4}, {150, 4}, {130, 4}, {110, 4}, {90, 4}, {70, 4}, {50, 4}, {35, 4},
		{28, 4}, {24, 4}, {20, 3}, {16, 3}, {12, 3}, {8, 3}, {4, 3}, {0, 3}}
	startup := []ar{{28, 4}, {24, 4}, {20, 4}, {16, 4}, {12, 4}, {8, 4}, {4, 3}, {0, 3}}
	tests := []struct {
		name    string
		ratings []ar
		want    string
	}{
		{"Drifting", drop, "Drifting since 30 Jun: their last 8 ratings (2 Jun to 30 Jun) average 3.3, below 4.0, their usual level before the drop (ratings from 11 Jan to 26 May)."},
		{"Watch", drop[:len(drop)-1], "Their last 7 ratings (2 Jun to 26 Jun) average 3.3, below their baseline of 4.0 (ratings from 11 Jan to 26 May); not yet a lasting drop, worth watching."},
		{"Startup", startup, "Their last 8 ratings (2 Jun to 30 Jun) average 3.8 against their starting level of 4.0 (their first 6 ratings, 2 Jun to 22 Jun): no lasting change."},
		{"NeverRated", nil, "Not rated yet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Catalog{{ID: "eng.mi"}}
			d := AnalyzeShared(c, map[string][]Rating{"eng.mi": agedRatings(driftT, tt.ratings)}, driftT)[0]
			if d.Explanation != tt.want {
				t.Errorf("Explanation =\n%q\nwant\n%q", d.Explanation, tt.want)
			}
			own := AnalyzeDrift(agedRatings(driftT, tt.ratings), driftT)
			own.Explanation, d.Explanation, own.Skill = "", "", d.Skill
			if own != d {
				t.Errorf("the shared verdict differs:\n%+v\n%+v", d, own)
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
	drop := []ar{{170, 4}, {150, 4}, {130, 4}, {110, 4}, {90, 4}, {70, 4}, {50, 4}, {35, 4},
		{28, 4}, {24, 4}, {20, 3}, {16, 3}, {12, 3}, {8, 3}, {4, 3}, {0, 3}}
	ratings := map[string][]Rating{
		"a.one":      agedRatings(driftT, drop),
		"b.archived": agedRatings(driftT, drop),
		"d.two":      agedRatings(driftT, []ar{{3, 4}}),
		"x.unknown":  agedRatings(driftT, drop),
	}
	var got []string
	for _, d := range AnalyzeCatalog(c, ratings, driftT) {
		got = append(got, fmt.Sprintf("%s %s %v %d", d.Skill, d.Status, d.Stale, d.Ratings))
	}
	want := []string{
		"a.one drifting false 16",
		"c.never insufficient true 0",
		"d.two insufficient false 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("AnalyzeCatalog =\n%q\nwant\n%q", got, want)
	}
}

// TestWriteDriftJSON: the shape of `hone drift --json`, with the numbers
// of TestDriftWalkSteps' drop (drifting on T) and of a year episode.
func TestWriteDriftJSON(t *testing.T) {
	c := Catalog{{ID: "eng.mi", Name: "MI skills"}, {ID: "c.never", Name: "Never \"rated\""}}
	drop := []ar{{170, 4}, {150, 4}, {130, 4}, {110, 4}, {90, 4}, {70, 4}, {50, 4}, {35, 4},
		{28, 4}, {24, 4}, {20, 3}, {16, 3}, {12, 3}, {8, 3}, {4, 3}, {0, 3}}
	base := Date(2025, time.January, 1)
	dense := scenario(base, every(0, 4, 76, 4), every(304, 4, 120, 2))
	ds := []Drift{
		AnalyzeDrift(agedRatings(driftT, drop), driftT),
		AnalyzeDrift(nil, driftT),
		AnalyzeDrift(dense, base+680),
		AnalyzeDrift(agedRatings(driftT, []ar{{131, 4}, {121, 4}, {111, 4}, {101, 4}, {91, 4}}), driftT),
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
    "level": 3.25,
    "cusum_low": 3,
    "cusum_high": 0,
    "ratings": 16,
    "first_rated": "2026-01-11",
    "last_rated": "2026-06-30",
    "slope": -0.38,
    "basis": "recent",
    "reference": 4,
    "drift_since": "2026-06-30",
    "threshold": 3,
    "evaluated_on": "2026-06-30",
    "explanation": "Drifting since 30 Jun: your last 8 ratings (2 Jun to 30 Jun) average 3.3, below 4.0, your usual level before the drop (ratings from 11 Jan to 26 May)."
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
    "basis": null,
    "reference": null,
    "drift_since": null,
    "threshold": null,
    "evaluated_on": null,
    "explanation": "Not rated yet."
  },
  {
    "skill": "eng.mi",
    "name": "MI skills",
    "status": "drifting",
    "stale": false,
    "baseline": 2,
    "level": 2,
    "cusum_low": 0,
    "cusum_high": 0,
    "ratings": 171,
    "first_rated": "2025-01-01",
    "last_rated": "2026-11-12",
    "slope": 0,
    "basis": "year",
    "reference": 3.73,
    "drift_since": "2026-11-08",
    "threshold": 3,
    "evaluated_on": "2026-11-12",
    "explanation": "Drifting since 8 Nov: your ratings over the last 3 months (16 Aug to 12 Nov) average 2.0, down from 3.7 over the same months a year earlier (17 Aug 2025 to 9 Nov 2025)."
  },
  {
    "skill": "eng.mi",
    "name": "MI skills",
    "status": "dormant",
    "stale": true,
    "baseline": null,
    "level": null,
    "cusum_low": null,
    "cusum_high": null,
    "ratings": 5,
    "first_rated": "2026-02-19",
    "last_rated": "2026-03-31",
    "slope": 0,
    "basis": null,
    "reference": null,
    "drift_since": null,
    "threshold": null,
    "evaluated_on": null,
    "explanation": "Not rated since 31 Mar (91 days ago), so hone gives no verdict. Last rated 91 days ago; you usually rate it every 10 days."
  }
]
`
	if got := b.String(); got != want {
		t.Errorf("WriteDriftJSON =\n%s\nwant\n%s", got, want)
	}
}
