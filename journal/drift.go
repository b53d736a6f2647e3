package journal

import (
	"cmp"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// SelfRatingNote is shown where people first meet drift verdicts: in the
// TUI's drift view, in `hone drift` and in supervision preparation.
const SelfRatingNote = "Self-ratings are material for reflection and for conversation with your coach, not a fidelity score."

// SharedRatingNote is SelfRatingNote where a facilitator's ratings are
// shared: in review mode and in the reports made from an export, which the
// coach reads, often with the facilitator.
const SharedRatingNote = "Self-ratings are material for reflection and for conversation between facilitator and coach, not a fidelity score."

// Status is the drift verdict for one skill (SPEC section 4).
type Status string

// The drift verdicts.
const (
	StatusDrifting     Status = "drifting"     // a lasting dip below the baseline
	StatusImproving    Status = "improving"    // a lasting rise above the baseline
	StatusWatch        Status = "watch"        // one of the two signs of drift
	StatusSteady       Status = "steady"       // none of the above
	StatusInsufficient Status = "insufficient" // too few ratings, or too short a span, or never rated
	StatusDormant      Status = "dormant"      // not rated for over 90 days
)

// The numbers of the drift rule, SPEC section 4.
const (
	driftDormantAfter  = 90   // days since the newest rating
	driftMinRatings    = 8    // ratings needed for a verdict
	driftMinSpan       = 28   // days from the oldest to the newest rating
	driftWindowFrom    = 30   // the baseline window holds the ratings with
	driftWindowUntil   = 120  // driftWindowFrom <= age < driftWindowUntil
	driftMinWindow     = 4    // ratings the window needs to give the baseline
	driftFallback      = 6    // otherwise: the baseline is the median of this many first ratings
	driftCusumLimit2   = 5    // the CUSUM threshold 2.5, in half points
	driftAllowance2    = 1    // the CUSUM allowance 0.5, in half points
	driftLevelBand     = 0.5  // the level's distance from the baseline that counts
	driftStaleAfter    = 30   // days without a rating before a skill is stale,
	driftStaleGaps     = 3    // or this many median gaps when that is longer
	driftSlopeRatings  = 12   // the slope reads the newest this many ratings
	driftSlopeDays     = 30   // the slope is in points per this many days
	driftLevelTieBand  = 1e-9 // closer than this, levelBeyond decides exactly
	driftRoundDecimals = 100  // JSON numbers are rounded to 2 decimals
)

// Number is a float64 that may be undefined, such as the baseline of a
// skill with too few ratings. The zero Number is undefined.
type Number struct {
	Value float64
	Valid bool
}

func num(v float64) Number { return Number{Value: v, Valid: true} }

// String formats n for people with at most one decimal, trimmed ("4",
// "2.8"), or "-" when n is undefined.
func (n Number) String() string {
	if !n.Valid {
		return "-"
	}
	return fmtPoints(n.Value)
}

// Drift is the drift analysis of one skill as of one day: the verdict of the
// rule in SPEC section 4, the numbers behind it and a sentence that explains
// it.
//
// Baseline, Level, CusumLow and CusumHigh are defined exactly when the rule
// reaches its step 3, that is for the verdicts drifting, improving, watch
// and steady; they are undefined for dormant and insufficient skills, for
// which the rule gives no other verdict. Stale, Slope and MedianGap do not
// depend on the verdict.
type Drift struct {
	Skill  string // the skill id
	AsOf   Day    // the day T the analysis is made for
	Status Status
	// Stale is true when the newest rating is older than 30 days, or than 3
	// median gaps when that is longer, and for a skill never rated.
	Stale bool

	Baseline  Number // B: the median of the baseline ratings
	Level     Number // E: the EWMA level of the recent ratings, starting at B
	CusumLow  Number // C: the lower CUSUM of the recent ratings
	CusumHigh Number // U: the upper CUSUM of the recent ratings

	// BaselineFrom and BaselineTo are the days of the first and the last
	// rating the baseline is the median of, and BaselineRatings their number;
	// all three are set when Baseline is defined. BaselineFirst is true when
	// the baseline is the median of the first 6 ratings, not of the ratings 30
	// to 119 days old.
	BaselineFrom, BaselineTo Day
	BaselineRatings          int
	BaselineFirst            bool
	Recent                   int // ratings in the recent set R; 0 when Baseline is undefined

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

// AnalyzeDrift applies SPEC section 4 to the ratings of one skill as of the
// day asOf. The ratings may come in any order; they are read oldest first,
// ratings of the same day in the order of their entry ids (entry creation).
// Ratings dated after asOf are ignored. ratings is not modified.
//
// Where the rule is silent:
//   - The median gap counts same-day ratings as gaps of 0 days, and is the
//     mean of the two middle gaps for an even number of gaps. With a single
//     rating there is no gap and the stale limit is 30 days.
//   - A skill without ratings (on or before asOf) is insufficient with 0
//     ratings, and stale.
//   - Ratings with the same day and entry id keep the caller's order.
//   - Stale and the slope are worked out for every status, dormant and
//     insufficient included.
//   - The comparisons with the thresholds are exact: C and U are kept in
//     whole half points, and the level's comparisons with B - 0.5 and
//     B + 0.5 fall back to whole-number arithmetic when floating point is
//     too close to call; see levelBeyond.
func AnalyzeDrift(ratings []Rating, asOf Day) Drift {
	return analyzeDrift(ratings, asOf, ownVoice)
}

// voice says whom a drift explanation speaks to: the facilitator, of their
// own ratings ("Your last 5 ratings average 2.8"), or a reader of what a
// facilitator shared, such as a coach ("The last 5 ratings average 2.8").
type voice bool

const (
	ownVoice    voice = false // the facilitator's own views
	sharedVoice voice = true  // views of an export: review, reports
)

// your is "your", or "the" in the shared voice; capitalized with upper.
func (v voice) your(upper bool) string {
	switch {
	case v == sharedVoice && upper:
		return "The"
	case v == sharedVoice:
		return "the"
	case upper:
		return "Your"
	}
	return "your"
}

// analyzeDrift is AnalyzeDrift with its explanation in voice v.
func analyzeDrift(ratings []Rating, asOf Day, v voice) Drift {
	d := Drift{AsOf: asOf, Status: StatusInsufficient}
	if len(ratings) > 0 {
		d.Skill = ratings[0].Skill
	}
	rs := consideredRatings(ratings, asOf)
	d.Ratings = len(rs)
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
	if gap2, ok := medianGap2(rs); ok {
		d.MedianGap = num(float64(gap2) / 2)
		limit2 = max(limit2, driftStaleGaps*gap2)
	}
	d.Stale = 2*d.DaysSince > limit2
	d.Slope = theilSen(rs[max(0, len(rs)-driftSlopeRatings):])

	var t *trend
	switch {
	case d.DaysSince > driftDormantAfter:
		d.Status = StatusDormant
	case len(rs) < driftMinRatings || int(newest.Date-oldest.Date) < driftMinSpan:
		d.Status = StatusInsufficient
	default:
		t = analyzeTrend(rs, asOf)
		d.Status = t.status
		d.Baseline = num(float64(t.b2) / 2)
		d.Level = num(t.level)
		d.CusumLow = num(float64(t.c2) / 2)
		d.CusumHigh = num(float64(t.u2) / 2)
		d.BaselineFrom, d.BaselineTo = t.from, t.to
		d.BaselineRatings, d.BaselineFirst = t.count, t.first
		d.Recent = len(t.recent)
	}
	d.Explanation = explainDrift(&d, t, v)
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
// "the" ratings and baseline instead of "your", for the coach who reads
// them (and the facilitator, who reads them with the coach).
func AnalyzeShared(c Catalog, ratings map[string][]Rating, asOf Day) []Drift {
	return analyzeCatalog(c, ratings, asOf, sharedVoice)
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
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.EntryID, b.EntryID))
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

// trend holds steps 3 to 6 of the rule for one skill, and what the
// explanation needs of them.
type trend struct {
	status   Status
	b2       int // twice the baseline B, a whole number
	from, to Day // the days of the baseline's first and last rating
	count    int // the number of baseline ratings
	first    bool
	recent   []int   // R, oldest first
	level    float64 // E
	c2, u2   int     // C and U in half points
	// The ratings since the lower (upper) CUSUM last stood at 0: the
	// stretch that built it up. Their mean is B - 0.5 - C/n (B + 0.5 + U/n).
	lowRun, lowSum   int
	highRun, highSum int
}

func analyzeTrend(rs []Rating, asOf Day) *trend {
	t := &trend{}
	// Step 3: the baseline.
	var window []int
	for _, r := range rs {
		if age := int(asOf - r.Date); age >= driftWindowFrom && age < driftWindowUntil {
			if len(window) == 0 {
				t.from = r.Date
			}
			t.to = r.Date
			window = append(window, r.Value)
		}
	}
	if len(window) >= driftMinWindow {
		t.b2, t.count = median2(window), len(window)
		for _, r := range rs {
			if int(asOf-r.Date) < driftWindowFrom {
				t.recent = append(t.recent, r.Value)
			}
		}
	} else {
		t.first, t.count = true, driftFallback
		t.from, t.to = rs[0].Date, rs[driftFallback-1].Date
		first := make([]int, driftFallback)
		for i := range first {
			first[i] = rs[i].Value
		}
		t.b2 = median2(first)
		for _, r := range rs[driftFallback:] {
			t.recent = append(t.recent, r.Value)
		}
	}

	// Steps 4 and 5. C and U move in whole half points, so they are kept
	// as whole numbers of half points and land exactly on 2.5.
	b := float64(t.b2) / 2
	t.level = b
	for _, r := range t.recent {
		t.level += 0.3 * (float64(r) - t.level)
		t.c2 = max(0, t.c2+(t.b2-2*r)-driftAllowance2)
		t.u2 = max(0, t.u2+(2*r-t.b2)-driftAllowance2)
		t.lowRun, t.lowSum = runOf(t.c2, t.lowRun, t.lowSum, r)
		t.highRun, t.highSum = runOf(t.u2, t.highRun, t.highSum, r)
	}

	// Step 6.
	low := t.c2 >= driftCusumLimit2
	levelLow := levelBeyond(t.level, t.b2, t.recent, -1)
	switch {
	case low && levelLow:
		t.status = StatusDrifting
	case t.u2 >= driftCusumLimit2 && levelBeyond(t.level, t.b2, t.recent, +1):
		t.status = StatusImproving
	case low != levelLow:
		t.status = StatusWatch
	default:
		t.status = StatusSteady
	}
	return t
}

// runOf extends the run of ratings behind a CUSUM that now stands at sum2,
// or ends it when the CUSUM fell back to 0.
func runOf(sum2, n, total, r int) (int, int) {
	if sum2 == 0 {
		return 0, 0
	}
	return n + 1, total + r
}

// levelBeyond reports whether the level E has reached B - 0.5 (side -1:
// E <= B - 0.5) or B + 0.5 (side +1: E >= B + 0.5).
//
// E is computed in floating point, which is off by less than 1e-14 after
// any number of steps (each step adds a rounding error of a few 1e-16 and
// shrinks the earlier ones by 0.7). That decides every case where E is more
// than 1e-9 from the threshold. Closer than that, the comparison is made
// exactly in whole numbers: X_n = 2 x 10^n x (E_n - B) satisfies X_0 = 0 and
// X_i = 7 X_(i-1) + 3 x 10^(i-1) x 2(r_i - B), and E <= B - 0.5 exactly when
// X_n <= -10^n. (X_n is a multiple of 3 and 10^n is not, so with whole-number
// ratings E never lands exactly on B +- 0.5 when R is not empty; with R
// empty, E = B.)
func levelBeyond(level float64, b2 int, recent []int, side int) bool {
	threshold := float64(b2)/2 + float64(side)*driftLevelBand
	switch diff := float64(side) * (level - threshold); {
	case diff > driftLevelTieBand:
		return true
	case diff < -driftLevelTieBand:
		return false
	}
	x, pow := exactLevel(b2, recent)
	if side < 0 {
		return x.Cmp(pow.Neg(pow)) <= 0
	}
	return x.Cmp(pow) >= 0
}

// exactLevel returns X_n = 2 x 10^n x (E_n - B) and 10^n for the n ratings of
// recent (see levelBeyond).
func exactLevel(b2 int, recent []int) (x, pow *big.Int) {
	x, pow = new(big.Int), big.NewInt(1)
	seven, ten, step := big.NewInt(7), big.NewInt(10), new(big.Int)
	for _, r := range recent {
		x.Mul(x, seven)
		step.SetInt64(int64(3 * (2*r - b2)))
		x.Add(x, step.Mul(step, pow))
		pow.Mul(pow, ten)
	}
	return x, pow
}

// median2 returns twice the median of vs, which is not empty: a whole
// number even when the median is halfway between two values. vs is not
// modified.
func median2(vs []int) int {
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return 2 * s[n/2]
	}
	return s[n/2-1] + s[n/2]
}

// medianGap2 returns twice the median gap in days between consecutive
// ratings of rs, which are sorted; ratings of the same day are 0 days
// apart. ok is false with fewer than 2 ratings. The gaps are counted by
// length rather than sorted when no gap is longer than their number (the
// usual case: years of ratings a few days apart).
func medianGap2(rs []Rating) (gap2 int, ok bool) {
	n := len(rs) - 1
	if n < 1 {
		return 0, false
	}
	longest := 0
	for i := range n {
		longest = max(longest, int(rs[i+1].Date-rs[i].Date))
	}
	if longest > n {
		gaps := make([]int, n)
		for i := range gaps {
			gaps[i] = int(rs[i+1].Date - rs[i].Date)
		}
		return median2(gaps), true
	}
	counts := make([]int, longest+1)
	for i := range n {
		counts[rs[i+1].Date-rs[i].Date]++
	}
	// The gaps at the middle positions (n-1)/2 and n/2 of their sorted
	// order: one gap, twice, when n is odd.
	low, seen := -1, 0
	for gap, c := range counts {
		seen += c
		if low < 0 && seen > (n-1)/2 {
			low = gap
		}
		if seen > n/2 {
			return low + gap, true
		}
	}
	panic("unreachable: the counts hold n gaps")
}

// theilSen returns the Theil-Sen slope of rs (sorted) in points per 30 days:
// the median of the slopes between every two ratings on different days. It
// is undefined when rs holds fewer than 2 distinct days.
func theilSen(rs []Rating) Number {
	var slopes []float64
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if days := rs[j].Date - rs[i].Date; days != 0 {
				slopes = append(slopes, float64(driftSlopeDays*(rs[j].Value-rs[i].Value))/float64(days))
			}
		}
	}
	if len(slopes) == 0 {
		return Number{}
	}
	slices.Sort(slopes)
	n := len(slopes)
	if n%2 == 1 {
		return num(slopes[n/2])
	}
	return num((slopes[n/2-1] + slopes[n/2]) / 2)
}

// explainDrift writes the sentence that explains d's verdict in voice v:
// t holds the rule's working when it reached step 3, and is nil otherwise.
func explainDrift(d *Drift, t *trend, v voice) string {
	var s string
	switch d.Status {
	case StatusDormant:
		next := "rate it the next time you practise it."
		if v == sharedVoice {
			next = "the next rating of it starts a new one."
		}
		return "Not rated since " + driftDate(d.LastRated, d.AsOf) + " (" + plural(d.DaysSince, "day") +
			"), so there is no verdict; " + next
	case StatusInsufficient:
		span := int(d.LastRated - d.FirstRated)
		switch {
		case d.Ratings == 1:
			s = "1 rating so far (" + driftDate(d.LastRated, d.AsOf) + "); a verdict needs 8 ratings over at least 4 weeks."
		case d.Ratings < driftMinRatings:
			s = plural(d.Ratings, "rating") + " so far, " + driftSpan(d.FirstRated, d.LastRated, d.AsOf) +
				"; a verdict needs 8 ratings over at least 4 weeks."
		default:
			s = plural(d.Ratings, "rating") + " so far, but over only " + plural(span, "day") + " (" +
				driftSpan(d.FirstRated, d.LastRated, d.AsOf) + "); a verdict needs them spread over at least 4 weeks."
		}
	default:
		s = explainTrend(d, t, v)
	}
	if d.Stale {
		s += " Last rated " + plural(d.DaysSince, "day") + " ago"
		if gap := d.MedianGap.Value; d.MedianGap.Valid && gap >= 1 {
			every := "every " + fmtPoints(gap) + " days"
			if gap == 1 {
				every = "every day"
			}
			usually := "; you usually rate it "
			if v == sharedVoice {
				usually = "; it is usually rated "
			}
			s += usually + every
		}
		s += "."
	}
	return s
}

func explainTrend(d *Drift, t *trend, v voice) string {
	your, Your := v.your(false), v.your(true)
	baseline := your + " baseline of " + d.Baseline.String() + " (ratings " + driftSpan(t.from, t.to, d.AsOf) + ")"
	if t.first {
		baseline = your + " baseline of " + d.Baseline.String() + " (" + your + " first 6 ratings, " +
			strings.TrimPrefix(driftSpan(t.from, t.to, d.AsOf), "from ") + ")"
	}
	level := d.Level.String()
	switch d.Status {
	case StatusDrifting:
		return lastRatings(t.lowRun, t.lowSum, v) + " below " + baseline + "."
	case StatusImproving:
		return lastRatings(t.highRun, t.highSum, v) + " above " + baseline + ": real progress."
	case StatusWatch:
		if t.c2 >= driftCusumLimit2 {
			return lastRatings(t.lowRun, t.lowSum, v) + " below " + baseline +
				", but " + your + " latest are back up around " + level + "; keep an eye on it."
		}
		return Your + " latest ratings lean low, around " + level + " against " + baseline +
			"; not a drift yet, but keep an eye on it."
	}
	if len(t.recent) == 0 {
		return "No ratings in the last 30 days to compare with " + baseline + "."
	}
	where := "close to"
	if levelBeyond(t.level, t.b2, t.recent, +1) {
		where = "above"
	}
	return Your + " recent ratings sit around " + level + ", " + where + " " + baseline + "; nothing to worry about."
}

// lastRatings describes the newest n ratings, whose values add up to sum,
// in voice v: "Your last 5 ratings average 2.8," or "The last rating, 1,
// is".
func lastRatings(n, sum int, v voice) string {
	if n == 1 {
		return v.your(true) + " last rating, " + strconv.Itoa(sum) + ", is"
	}
	return v.your(true) + " last " + strconv.Itoa(n) + " ratings average " + fmtPoints(float64(sum)/float64(n)) + ","
}

// fmtPoints formats a rating-scale number with at most one decimal: "4",
// "2.8".
func fmtPoints(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10+0, 'f', 1, 64) // +0 turns -0 into 0
	return strings.TrimSuffix(s, ".0")
}

// driftDate formats d as "12 Jun", with the year when it is not asOf's.
// Month names are English whatever the locale, as Go formats them.
func driftDate(d, asOf Day) string {
	t := d.Time()
	if t.Year() == asOf.Time().Year() {
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

// driftSpan formats the days from a to b: "from 12 Jun to 30 Aug", or "on
// 12 Jun" when they are one day.
func driftSpan(a, b, asOf Day) string {
	if a == b {
		return "on " + driftDate(a, asOf)
	}
	return "from " + driftDate(a, asOf) + " to " + driftDate(b, asOf)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// DriftRecord is a Drift in the shape of `hone drift --json` (SPEC section
// 5). Baseline, level, CUSUMs and slope are rounded to 2 decimals; undefined
// numbers and the dates of a skill never rated are null.
type DriftRecord struct {
	Skill       string   `json:"skill"`
	Name        string   `json:"name"`
	Status      Status   `json:"status"`
	Stale       bool     `json:"stale"`
	Baseline    *float64 `json:"baseline"`
	Level       *float64 `json:"level"`
	CusumLow    *float64 `json:"cusum_low"`
	CusumHigh   *float64 `json:"cusum_high"`
	Ratings     int      `json:"ratings"`
	FirstRated  *string  `json:"first_rated"`
	LastRated   *string  `json:"last_rated"`
	Slope       *float64 `json:"slope"`
	Explanation string   `json:"explanation"`
}

// Record returns d as a DriftRecord, with name as the skill's name.
func (d Drift) Record(name string) DriftRecord {
	r := DriftRecord{
		Skill:       d.Skill,
		Name:        name,
		Status:      d.Status,
		Stale:       d.Stale,
		Baseline:    jsonNumber(d.Baseline),
		Level:       jsonNumber(d.Level),
		CusumLow:    jsonNumber(d.CusumLow),
		CusumHigh:   jsonNumber(d.CusumHigh),
		Ratings:     d.Ratings,
		Slope:       jsonNumber(d.Slope),
		Explanation: d.Explanation,
	}
	if d.Ratings > 0 {
		first, last := d.FirstRated.String(), d.LastRated.String()
		r.FirstRated, r.LastRated = &first, &last
	}
	return r
}

// WriteDriftJSON writes ds as `hone drift --json` does: an array of
// DriftRecords, indented by 2 spaces, with a final newline. Names come from
// c; a skill missing from c gets an empty name.
func WriteDriftJSON(w io.Writer, c Catalog, ds []Drift) error {
	records := make([]DriftRecord, 0, len(ds))
	for _, d := range ds {
		s, _ := c.Find(d.Skill)
		records = append(records, d.Record(s.Name))
	}
	return WriteJSON(w, records)
}

func jsonNumber(n Number) *float64 {
	if !n.Valid {
		return nil
	}
	v := math.Round(n.Value*driftRoundDecimals)/driftRoundDecimals + 0 // +0 turns -0 into 0
	return &v
}
