package journal

import (
	"testing"
	"time"
)

// TestDriftOnTheNose holds the comparisons of SPEC section 4 that
// TestDriftWalkSteps and TestDriftEpisodes do not hit exactly: the year
// comparison's D >= 0.5, L <= Y - 0.5 and D >= 0.3; improving's
// 10 SL >= (B + 5) nL; a recent episode of exactly 365 days; B rounded
// half up (3.25 -> 3.3); and dormant after 90 days, not at 90. Each case
// on the nose has a neighbour a step to the other side. The numbers were
// worked out by hand and checked with an independent reading of the rule
// in exact fractions (not this package's walk).
func TestDriftOnTheNose(t *testing.T) {
	// The year comparison. Days from base: 3 and 4 in turn every 3 days on
	// days 0 to 510 (a 3 on every day divisible by 6), then 3s every 3 days
	// on days 513 to 597. The drop is half a point, which the tallies'
	// allowance swallows (B - 3 - 0.5 <= 0 for any B <= 3.5), so C stays
	// 0 and no recent episode starts.
	//
	// Day 597: now (ages < 90, days 510 to 597) holds thirty 3s; then
	// (ages 365 to 454, days 144 to 231) fifteen 3s and fifteen 4s, S =
	// 105. X = 105 x 30 - 90 x 30 = 450 and 2 X = 900 = nn np: D = 0.5 on
	// the nose. t: v_now = 0, v_then = (30 x 375 - 105^2) / (30 x 29) =
	// 225 / 870; 400 X^2 x 29 x 29 = 68,121,000,000 >= 49 (100 x 225 x 900
	// x 29 + 810,000 x 29 x 29) = 62,414,100,000. Y = 3.5 and L = 3.0 (the
	// 3s of the last 30 days): L <= Y - 0.5 on the nose. Drifting, basis
	// year, since day 597.
	//
	// Day 594: now holds the 4 of day 507 instead of a 3, X = 420 and
	// D = 0.47: steady.
	//
	// Then 4s every 3 days from day 600. Each 4 replaces a 3 in now (then
	// keeps its 105: one 4 or 3 out, the same in), so X = 450 - 30 k after k
	// of them: on day 615 (k = 6) X = 270 and 10 X = 2700 = 3 nn np, D =
	// 0.3 on the nose: the episode goes on. On day 618 X = 240, D = 0.27:
	// it ends, both sets still holding 30 ratings. Through all of it B is
	// at most 3.5 and H = 3.0, so the 4s move U by at most 0.5 - 0.5.
	base := Date(2025, time.January, 1)
	var year []dr
	for d := 0; d <= 510; d += 3 {
		year = append(year, dr{d, 3 + d/3%2})
	}
	year = append(year, every(513, 3, 29, 3)...)
	year = append(year, every(600, 3, 7, 4)...)
	yearTo := func(last int) []Rating {
		var rs []dr
		for _, r := range year {
			if r.day <= last {
				rs = append(rs, r)
			}
		}
		return scenario(base, rs)
	}

	// A recent episode of exactly 365 days: TestDriftEpisodes' sparse drop
	// (drifting since day 308, A = 4.0, the level 2.0 ever after) with a
	// 2 on day 673 too. Day 672 is 364 days on: drifting. Day 673 is 365:
	// it ends after a year (C = 0; B = 2.0, the window holds only 2s).
	sparse := scenario(base, every(0, 20, 16, 4), every(304, 4, 93, 2), []dr{{673, 2}})

	// Improving on the nose: 3s aged 170 to 35 (B = 3.0, s2 = 0, H = 3.0),
	// then 3 3 3 3 3 3 5 5 aged 28 to 0. U: 0 until the 5s, then 1.5 and
	// 3.0 = H; L = 28 / 8 = 3.5 = B + 0.5, both on the nose. One more 3
	// (aged 26): L = 31 / 9 = 3.44, U still 3.0: steady.
	threes := []ar{{170, 3}, {150, 3}, {130, 3}, {110, 3}, {90, 3}, {70, 3}, {50, 3}, {35, 3}}
	rise := with(threes, ar{28, 3}, ar{24, 3}, ar{20, 3}, ar{16, 3}, ar{12, 3}, ar{8, 3}, ar{4, 5}, ar{0, 5})
	riseLower := with(threes, ar{28, 3}, ar{26, 3}, ar{24, 3}, ar{20, 3}, ar{16, 3}, ar{12, 3}, ar{8, 3}, ar{4, 5}, ar{0, 5})

	// B half up: the window holds 3 3 3 4 (aged 170, 130, 90, 50), mean
	// 3.25: B = floor((20 x 13 + 4) / 8) = 3.3, not 3.2. Five 3s aged 20 to
	// 0; the level is the newest 6, 4 3 3 3 3 3: L = 19 / 6.
	halfUp := []ar{{170, 3}, {130, 3}, {90, 3}, {50, 4}, {20, 3}, {15, 3}, {10, 3}, {5, 3}, {0, 3}}

	tests := []struct {
		name    string
		ratings []Rating
		asOf    Day
		want    wantDrift
	}{
		{
			name: "YearStartsOnTheNose", ratings: yearTo(597), asOf: base + 597,
			want: wantDrift{status: StatusDrifting, b: -2, c: 0, u: -2, h: 30, sl: 30, nl: 10, basis: BasisYear, ref: num(3.5), since: base + 597, evaluatedOn: base + 597,
				sentence: "Drifting since 21 Aug: your ratings over the last 3 months (26 May to 21 Aug) average 3.0, down from 3.5 over the same months a year earlier (25 May 2025 to 20 Aug 2025)."},
		},
		{
			name: "YearNotQuite", ratings: yearTo(594), asOf: base + 594,
			want: wantDrift{status: StatusSteady, b: -2, c: 0, u: -2, h: 30, sl: 30, nl: 10, evaluatedOn: base + 594},
		},
		{
			name: "YearContinuesOnTheNose", ratings: yearTo(615), asOf: base + 615,
			want: wantDrift{status: StatusDrifting, b: -2, c: 0, u: -2, h: 30, sl: 36, nl: 10, basis: BasisYear, ref: num(3.5), since: base + 597, evaluatedOn: base + 615},
		},
		{
			name: "YearEndsJustBelow", ratings: yearTo(618), asOf: base + 618,
			want: wantDrift{status: StatusSteady, b: -2, c: 0, u: -2, h: 30, sl: 37, nl: 10, evaluatedOn: base + 618,
				sentence: "No longer drifting: your ratings over the last 3 months average 3.2, no longer clearly below 3.5 over the same months a year earlier; your last 10 ratings (15 Aug to 11 Sep) average 3.7 against your baseline of 3.2 (ratings from 18 Mar to 12 Aug)."},
		},
		{
			name: "RecentEpisodeDay364", ratings: sparse[:len(sparse)-1], asOf: base + 672,
			want: wantDrift{status: StatusDrifting, b: 20, c: -2, u: -2, h: 30, sl: 16, nl: 8, basis: BasisRecent, ref: num(4), since: base + 308, evaluatedOn: base + 672},
		},
		{
			name: "RecentEpisodeDay365", ratings: sparse, asOf: base + 673,
			want: wantDrift{status: StatusSteady, b: 20, c: 0, u: 0, h: 30, sl: 18, nl: 9, evaluatedOn: base + 673,
				sentence: "Your ratings have stayed below 4.0 for a year since 5 Nov 2025, so hone now compares them with your baseline of 2.0 (ratings from 12 May to 3 Oct): your last 9 ratings (7 Oct to 5 Nov) average 2.0."},
		},
		{
			name: "ImprovingOnTheNose", ratings: agedRatings(driftT, rise), asOf: driftT,
			want: wantDrift{status: StatusImproving, b: 30, c: 0, u: 30, h: 30, sl: 28, nl: 8, baseN: 8, evaluatedOn: driftT,
				sentence: "Your last 8 ratings (2 Jun to 30 Jun) average 3.5, above your baseline of 3.0 (ratings from 11 Jan to 26 May)."},
		},
		{
			name: "ImprovingJustBelow", ratings: agedRatings(driftT, riseLower), asOf: driftT,
			want: wantDrift{status: StatusSteady, b: 30, c: 0, u: 30, h: 30, sl: 31, nl: 9, baseN: 8, evaluatedOn: driftT},
		},
		{
			name: "BaselineHalfUp", ratings: agedRatings(driftT, halfUp), asOf: driftT,
			want: wantDrift{status: StatusSteady, b: 33, c: 0, u: 0, h: 30, sl: 19, nl: 6, baseN: 4, evaluatedOn: driftT,
				sentence: "Your last 6 ratings (11 May to 30 Jun) average 3.2 against your baseline of 3.3 (ratings from 11 Jan to 11 May): no lasting change."},
		},
		{
			name: "NotDormantAt90Days", ratings: agedRatings(driftT, halfUp), asOf: driftT + 90,
			want: wantDrift{status: StatusSteady, b: 33, c: 0, u: 0, h: 30, sl: 19, nl: 6, baseN: 4, evaluatedOn: driftT},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AnalyzeDrift(tt.ratings, tt.asOf)
			w := tt.want
			// -2: not checked.
			for _, f := range []struct {
				w *int
				n Number
			}{{&w.b, d.Baseline}, {&w.c, d.CusumLow}, {&w.u, d.CusumHigh}, {&w.h, d.Threshold}} {
				if *f.w == -2 {
					*f.w = int(f.n.Value*10 + 0.5)
				}
			}
			checkDrift(t, d, w)
		})
	}
	if d := AnalyzeDrift(agedRatings(driftT, halfUp), driftT+91); d.Status != StatusDormant {
		t.Errorf("91 days after the last rating: %s, want dormant", d.Status)
	}
}
