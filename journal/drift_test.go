package journal

import (
	"fmt"
	"math"
	"math/rand"
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

func with(a []ar, b ...ar) []ar { return append(slices.Clone(a), b...) }

// undef is an undefined Number, for the tables.
var undef = Number{}

func approx(n Number, want Number) bool {
	if n.Valid != want.Valid {
		return false
	}
	return !n.Valid || math.Abs(n.Value-want.Value) < 1e-9
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
			got.LevelFrom -= shift
		}
		if got.Evaluated {
			got.EvaluatedOn -= shift
		}
		if got.Basis != NoBasis {
			got.DriftSince -= shift
			got.ReferenceFrom -= shift
			got.ReferenceTo -= shift
		}
		got.Explanation, want.Explanation = "", ""
		if got != want {
			t.Fatalf("case %d: shifted by %d days:\n got %+v\nwant %+v", i, shift, got, want)
		}
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
