package journal

import (
	"cmp"
	"slices"
	"strings"
)

// SelfRatingNote is shown where people first meet drift verdicts: in the
// TUI's drift view, in `hone drift` and in supervision preparation.
const SelfRatingNote = "Self-ratings are material for reflection and for conversation with your coach, not a fidelity score."

// SharedRatingNote is SelfRatingNote where a facilitator's ratings are
// shared: in review mode and in the reports made from an export. The coach
// reads them, so it speaks to the coach.
const SharedRatingNote = "These self-ratings are how the facilitator sees their own practice: material for reflection and for your conversation with them, not a fidelity score."

// Status is the drift verdict for one skill (SPEC section 4).
type Status string

// The drift verdicts.
const (
	StatusDrifting     Status = "drifting"     // a lasting drop below the usual level
	StatusImproving    Status = "improving"    // a lasting rise above the baseline
	StatusWatch        Status = "watch"        // a drop not yet lasting
	StatusSteady       Status = "steady"       // none of the above
	StatusInsufficient Status = "insufficient" // too few ratings, or too short a span, or never rated
	StatusDormant      Status = "dormant"      // not rated for over 90 days
)

// Basis is what a drifting verdict compares the level with (SPEC section
// 4): the usual level before a drop, or the same months a year earlier.
type Basis string

// The bases of a drifting episode; NoBasis for every other verdict.
const (
	NoBasis     Basis = ""
	BasisRecent Basis = "recent" // below the reference A, the baseline on the day the drop began
	BasisYear   Basis = "year"   // below the ratings of the same months a year earlier
)

// DriftRuleVersion is the version of the drift rule of SPEC section 4 that
// AnalyzeDrift implements. Whatever keeps an analysis keeps it with this
// version, and does not show one made by another.
const DriftRuleVersion = 2

// YearAgoFrom and YearAgoUntil bound the ages, in days on a rating day, of
// the ratings the year comparison of SPEC section 4 reads as the same
// months a year earlier: YearAgoFrom <= age < YearAgoUntil.
const (
	YearAgoFrom  = driftThenFrom
	YearAgoUntil = driftThenUntil
)

// The numbers of the drift rule, SPEC section 4 (version 2). Points are
// counted in tenths where the rule says so.
const (
	driftDormantAfter  = 90  // days since the newest rating
	driftBreak         = 90  // a gap longer than this starts the walk afresh
	driftMinRatings    = 8   // ratings needed for a verdict
	driftMinSpan       = 28  // days from the oldest to the newest rating
	driftWindowFrom    = 30  // the baseline window holds the ratings with
	driftWindowUntil   = 180 // driftWindowFrom <= age < driftWindowUntil
	driftMinWindow     = 4   // ratings the window (or the backup) needs
	driftStartup       = 6   // the backup's and the start-up baseline's size
	driftAllowance     = 5   // tenths: the allowance 0.5
	driftStepCap       = 20  // tenths: a rating counts at most 2 points away from B
	driftMinH          = 30  // tenths: H = max(3.0, 8.5 s2)
	driftHFactor       = 85  // tenths of s2
	driftMinW          = 15  // tenths: W = max(1.5, 3.0 s2)
	driftWFactor       = 30  // tenths of s2
	driftLevelDays     = 30  // the level set: age < 30,
	driftLevelMin      = 6   // or at least the newest 6
	driftMargin        = 5   // tenths: the drop and rise margin 0.5
	driftBack          = 2   // tenths: back within 0.2 of A
	driftStillUp       = 3   // tenths: improving continues above B + 0.3
	driftEpisodeDays   = 365 // a recent episode lasts at most this many days
	driftNowDays       = 90  // the year comparison's now: age < 90
	driftThenFrom      = 365 // and then: 365 <= age < 455
	driftThenUntil     = 455
	driftYearMin       = 8 // ratings each of now and then needs
	driftStaleAfter    = 30
	driftStaleGaps     = 3
	driftSlopeRatings  = 12
	driftSlopeDays     = 30
	driftRoundDecimals = 100 // JSON numbers are rounded to 2 decimals
)

// Drift is the drift analysis of one skill as of one day: the verdict of the
// rule in SPEC section 4 (version 2), the numbers behind it and a sentence
// that explains it.
//
// Baseline, Level, CusumLow, CusumHigh and Threshold are defined exactly
// when the rule reaches its step 4 on the newest rating day, that is for
// the verdicts drifting, improving, watch and steady; they are undefined for
// dormant and insufficient skills. Stale, Slope and MedianGap do not depend
// on the verdict.
type Drift struct {
	Skill  string // the skill id
	AsOf   Day    // the day T the analysis is made for
	Status Status
	// Stale is true when the newest rating is older than 30 days, or than 3
	// median gaps when that is longer, and for a skill never rated.
	Stale bool

	Baseline  Number // B: the mean of the baseline set, rounded half up to a tenth
	Level     Number // L: the exact mean of the level set
	CusumLow  Number // C: the lower tally, a whole number of tenths
	CusumHigh Number // U: the upper tally, a whole number of tenths
	Threshold Number // H = max(3.0, 8.5 s2), rounded up to a tenth

	// Basis, Reference and DriftSince describe a drifting verdict's
	// episode: for BasisRecent, Reference is A (the baseline on the day the
	// drop began); for BasisYear, the exact mean of the ratings of the same
	// months a year earlier. Basis is NoBasis and Reference undefined for
	// every other verdict; DriftSince is set when Basis is not NoBasis.
	Basis      Basis
	Reference  Number
	DriftSince Day
	// ReferenceFrom, ReferenceTo and ReferenceRatings are the first and the
	// last day and the number of the ratings Reference is made of: A's
	// baseline set on DriftSince (ReferenceFirst when that was the start-up
	// baseline), or the year-ago set. Set when Basis is not NoBasis.
	ReferenceFrom, ReferenceTo Day
	ReferenceRatings           int
	ReferenceFirst             bool

	// EvaluatedOn is the rating day the verdict comes from, the newest one;
	// set when Evaluated, that is for every verdict but dormant and never
	// rated.
	EvaluatedOn Day
	Evaluated   bool

	// BaselineFrom and BaselineTo are the days of the first and the last
	// rating of the baseline set, and BaselineRatings their number; all
	// three are set when Baseline is defined. BaselineFirst is true when the
	// baseline is the start-up baseline, the skill's first 6 ratings.
	BaselineFrom, BaselineTo Day
	BaselineRatings          int
	BaselineFirst            bool
	// Recent is the size of the level set: the newest Recent ratings, from
	// LevelFrom to LastRated. 0 when Level is undefined.
	Recent    int
	LevelFrom Day

	Ratings    int    // ratings dated on or before AsOf
	FirstRated Day    // the oldest rating's day; set when Ratings > 0
	LastRated  Day    // the newest rating's day; set when Ratings > 0
	DaysSince  int    // days from LastRated to AsOf; set when Ratings > 0
	MedianGap  Number // median days between consecutive ratings; undefined with fewer than 2
	// Slope is the Theil-Sen slope of the newest 12 ratings in points per 30
	// days, undefined when they fall on fewer than 2 distinct days. It
	// describes; it takes no part in the verdict.
	Slope Number

	Explanation string // one or two plain sentences, with numbers and dates
}

// ReferenceDays returns the days a drifting verdict's reference covers,
// for a chart to draw it where its sentence puts it: the first and the last
// day of its ratings when d names them (ReferenceRatings > 0); for a year
// verdict carried in an export, which names only the day it was evaluated
// on, the window of the same months a year earlier (ages YearAgoFrom to
// YearAgoUntil - 1 on that day). ok is false when neither is known: d is
// not drifting, or it is a carried recent verdict (whose reference, the
// usual level before the drop, then spans what a chart shows).
func (d Drift) ReferenceDays() (from, to Day, ok bool) {
	switch {
	case d.Status != StatusDrifting || d.Basis == NoBasis || !d.Reference.Valid:
		return 0, 0, false
	case d.ReferenceRatings > 0:
		return d.ReferenceFrom, d.ReferenceTo, true
	case d.Basis == BasisYear && d.Evaluated:
		return d.EvaluatedOn - YearAgoUntil + 1, d.EvaluatedOn - YearAgoFrom, true
	}
	return 0, 0, false
}

// AnalyzeDrift applies SPEC section 4 (version 2) to the ratings of one
// skill as of the day asOf. The ratings may come in any order; they are read
// oldest first, ratings of the same day in the order of their entry ids
// (entry creation). Ratings dated after asOf are ignored. ratings is not
// modified. Every number that decides the verdict is a whole number (tenths,
// and big integers for the year comparison); no floating point decides it.
//
// Where the rule is silent:
//   - The median gap counts same-day ratings as gaps of 0 days, and is the
//     mean of the two middle gaps for an even number of gaps. With a single
//     rating there is no gap and the stale limit is 30 days.
//   - A skill without ratings (on or before asOf) is insufficient with 0
//     ratings, and stale.
//   - Ratings with the same day and entry id keep the caller's order.
//   - Before a baseline exists (fewer than 6 ratings and no 4 aged 30 days
//     or more) the tallies do not move.
func AnalyzeDrift(ratings []Rating, asOf Day) Drift {
	return analyzeDrift(ratings, asOf, ownVoice)
}

// analyzeDrift is AnalyzeDrift with its explanation in voice v.
func analyzeDrift(ratings []Rating, asOf Day, v voice) Drift {
	skill := ""
	if len(ratings) > 0 {
		skill = ratings[0].Skill
	}
	rs := consideredRatings(ratings, asOf)
	var dd *driftDay
	if len(rs) > 0 && int(asOf-rs[len(rs)-1].Date) <= driftDormantAfter {
		dd = walkDrift(rs)
	}
	return analyzed(skill, rs, asOf, dd, ratingStats(rs), v)
}

// AnalyzeDriftDays is AnalyzeDrift as of each of days: out[i] is
// AnalyzeDrift(ratings, days[i]). With days in ascending order (the usual
// case: a day and the days after it) the ratings are walked once for all
// of them, as the verdict of a day is the one of its newest rating day.
func AnalyzeDriftDays(ratings []Rating, days ...Day) []Drift {
	out := make([]Drift, len(days))
	if len(days) == 0 {
		return out
	}
	if !slices.IsSorted(days) {
		for i, day := range days {
			out[i] = AnalyzeDrift(ratings, day)
		}
		return out
	}
	skill := ""
	if len(ratings) > 0 {
		skill = ratings[0].Skill
	}
	all := consideredRatings(ratings, days[len(days)-1])
	w := newDriftWalk(all)
	var (
		dd     driftDay
		walked int // the ratings walked: all[:walked]
		stats  driftStats
	)
	for i, day := range days {
		before := walked
		for walked < len(all) && all[walked].Date <= day {
			j := walked + 1
			for j < len(all) && all[j].Date == all[walked].Date {
				j++
			}
			dd = w.day(walked, j)
			walked = j
		}
		rs := all[:walked]
		if i == 0 || walked != before {
			stats = ratingStats(rs)
		}
		var last *driftDay
		if walked > 0 && int(day-rs[walked-1].Date) <= driftDormantAfter {
			last = &dd
		}
		out[i] = analyzed(skill, rs, day, last, stats, ownVoice)
	}
	return out
}

// driftStats are the numbers of a skill's ratings that do not depend on
// the as-of day: the median gap (twice it, and whether there is one) and
// the slope.
type driftStats struct {
	gap2  int
	gapOK bool
	slope Number
}

// ratingStats returns the driftStats of rs (sorted).
func ratingStats(rs []Rating) driftStats {
	var st driftStats
	st.gap2, st.gapOK = medianGap2(rs)
	st.slope = theilSen(rs[max(0, len(rs)-driftSlopeRatings):])
	return st
}

// analyzed is the Drift of skill as of asOf from its ratings rs (sorted, on
// or before asOf), the working dd of their newest rating day (nil when
// there is none, or the skill is dormant) and their stats, explained in
// voice v.
func analyzed(skill string, rs []Rating, asOf Day, dd *driftDay, st driftStats, v voice) Drift {
	d := Drift{Skill: skill, AsOf: asOf, Status: StatusInsufficient, Ratings: len(rs)}
	if len(rs) == 0 {
		d.Stale = true
		d.Explanation = "Not rated yet."
		return d
	}
	oldest, newest := rs[0], rs[len(rs)-1]
	d.FirstRated, d.LastRated = oldest.Date, newest.Date
	d.DaysSince = int(asOf - newest.Date)

	// Stale, in half days to stay in whole numbers: age > max(30, 3 x gap).
	limit2 := 2 * driftStaleAfter
	if st.gapOK {
		d.MedianGap = num(float64(st.gap2) / 2)
		limit2 = max(limit2, driftStaleGaps*st.gap2)
	}
	d.Stale = 2*d.DaysSince > limit2
	d.Slope = st.slope

	if d.DaysSince > driftDormantAfter {
		d.Status, dd = StatusDormant, nil
	} else {
		dd.fill(&d)
	}
	d.Explanation = explainDrift(&d, dd, v)
	return d
}

// AnalyzeCatalog analyzes every skill of c that is not archived, in catalog
// order, with its ratings from the map (skill id to ratings, in any order).
// A skill with no ratings gets a Drift too: insufficient and stale.
func AnalyzeCatalog(c Catalog, ratings map[string][]Rating, asOf Day) []Drift {
	return analyzeCatalog(c, ratings, asOf, ownVoice)
}

// AnalyzeShared is AnalyzeCatalog for the ratings a facilitator shared in
// an export: the verdicts are the same, and the explanations speak of
// "their" ratings and baseline instead of "your", for the coach who reads
// them (and the facilitator, who reads them with the coach).
func AnalyzeShared(c Catalog, ratings map[string][]Rating, asOf Day) []Drift {
	return analyzeCatalog(c, ratings, asOf, sharedVoice)
}

// AnalyzeCatalogWeeks is AnalyzeCatalog for a week-dated export: the same
// verdicts and numbers, with explanations that name ISO weeks ("Drifting
// since 2026-W10") and count weeks where AnalyzeCatalog counts days, so that
// no sentence is finer than the export's dates. WeekRecord gives the
// records to carry.
func AnalyzeCatalogWeeks(c Catalog, ratings map[string][]Rating, asOf Day) []Drift {
	return analyzeCatalog(c, ratings, asOf, weekVoice)
}

func analyzeCatalog(c Catalog, ratings map[string][]Rating, asOf Day, v voice) []Drift {
	out := make([]Drift, 0, len(c))
	for _, s := range c {
		if s.Archived {
			continue
		}
		d := analyzeDrift(ratings[s.ID], asOf, v)
		d.Skill = s.ID
		out = append(out, d)
	}
	return out
}

// consideredRatings returns the ratings dated on or before asOf, by date,
// then by entry id: a prefix of ratings when they come in that order, else a
// sorted copy. The sort is stable, so that two ratings of one entry keep the
// caller's order. Callers only read the result.
func consideredRatings(ratings []Rating, asOf Day) []Rating {
	byDate := func(a, b Rating) int {
		if a.Date != b.Date {
			return cmp.Compare(a.Date, b.Date)
		}
		return strings.Compare(a.EntryID, b.EntryID)
	}
	if slices.IsSortedFunc(ratings, byDate) {
		// The usual case (the store reads them in this order): the ratings
		// up to asOf are a prefix, shared rather than copied, as nothing
		// here writes to it.
		cut, _ := slices.BinarySearchFunc(ratings, asOf+1, func(r Rating, d Day) int { return cmp.Compare(r.Date, d) })
		return ratings[:cut:cut]
	}
	rs := make([]Rating, 0, len(ratings))
	for _, r := range ratings {
		if r.Date <= asOf {
			rs = append(rs, r)
		}
	}
	slices.SortStableFunc(rs, byDate)
	return rs
}

// point is a rating as the walk reads it, its day and value in 8 bytes:
// the walk's sets pass over a skill's ratings several times, and a
// Rating is six times the size.
type point struct {
	date  Day
	value int32
}

// pointsOf returns the points of rs.
func pointsOf(rs []Rating) []point {
	pts := make([]point, len(rs))
	for i, r := range rs {
		pts[i] = point{r.Date, int32(r.Value)}
	}
	return pts
}

// ratingSet is a run of consecutive ratings, rs[lo:hi] of the skill's
// sorted ratings, with the sum and the sum of squares of their values.
type ratingSet struct{ lo, hi, sum, sq int }

func (s ratingSet) n() int { return s.hi - s.lo }

// setOf returns pts[lo:hi] as a ratingSet.
func setOf(pts []point, lo, hi int) ratingSet {
	s := ratingSet{lo: lo, hi: hi}
	for _, p := range pts[lo:hi] {
		v := int(p.value)
		s.sum += v
		s.sq += v * v
	}
	return s
}

// slide moves s to the ratings dated after from and on or before to. Both
// bounds only ever move forward, so a walk slides each set over the
// ratings once.
func (s *ratingSet) slide(pts []point, from, to Day) {
	for s.hi < len(pts) && pts[s.hi].date <= to {
		v := int(pts[s.hi].value)
		s.sum, s.sq, s.hi = s.sum+v, s.sq+v*v, s.hi+1
	}
	for s.lo < s.hi && pts[s.lo].date <= from {
		v := int(pts[s.lo].value)
		s.sum, s.sq, s.lo = s.sum-v, s.sq-v*v, s.lo+1
	}
}
