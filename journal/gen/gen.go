// Package gen generates realistic practice journals for one facilitator: for
// `hone demo`, `hone gen`, tests and benchmarks.
//
// A generated journal follows a caseload of families (codes such as "F12",
// never names) through the four Wraparound phases, with team meetings,
// check-ins, crises, transitions, supervision, training and a quarterly
// self-assessment. Each skill follows its own trajectory over the years:
// mostly steady, slowly learnt, with the odd dip in the past, and, over the
// last months before the end, a couple of skills drifting down, a couple
// improving and one or two no longer rated (see Options). The text is
// plausible but never holds a name, a phone number, an e-mail address, a
// street address or a date of birth.
//
// The same Options always give the same journal.
package gen

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"hone/journal"
)

// DemoSeed is the seed of `hone demo`. With about a year of about 350
// entries ending on any day, its journal shows at least one drifting, one
// improving and one stale skill as of that day (SPEC section 4).
const DemoSeed uint64 = 7

// Options for Generate.
type Options struct {
	Entries int         // how many entries; none when 0 or less
	Seed    uint64      // same seed (and other options), same journal
	Years   float64     // span of the journal, ending at End; 0 means DefaultYears(Entries)
	End     journal.Day // the day of the newest entry (callers pass today)
	// Now, when set, is the latest stamp, since an import refuses a stamp
	// from the future: when one of End's entries would be stamped after
	// it (the day's stamps run from 7:00 to 22:00 UTC), End's entries are
	// stamped a millisecond apart from midnight UTC instead, and never
	// touched up later, so that the same seed still gives the same
	// journal all that part of the day. Callers pass the clock's time.
	Now time.Time
}

// DefaultYears is the span Generate uses when Options.Years is 0: one year
// for up to 350 entries (about what a facilitator writes in a year), then
// one more year per 350 entries, up to 10 years. So 10,000 entries make the
// ten-year journal of SPEC section 9, at about 1,000 entries a year.
func DefaultYears(entries int) float64 {
	if entries <= 350 {
		return 1
	}
	return min(float64(entries)/350, 10)
}

// Generate returns opts.Entries entries, oldest first, each ready to store:
// with an ID (from journal.NewID), Created and Updated times in UTC on the
// entry's date (Created strictly increasing, so ids sort in entry order),
// and content that passes Entry.Validate(journal.BuiltinSkills(), opts.End)
// and that Entry.Normalize leaves unchanged.
//
// Dates run from opts.End minus opts.Years (never before 1900) to opts.End,
// mostly on weekdays; the newest entry is on opts.End. Over the last months
// before opts.End, two skills drift down by about a point, two improve by
// about a point, and one or two go unrated for the last 45 to 80 days; which
// ones depends on the seed.
//
// The entries share one allocation (fewer, larger allocations for big
// journals): a caller that keeps one entry keeps all of them in memory.
func Generate(opts Options) []*journal.Entry {
	n := opts.Entries
	if n <= 0 {
		return nil
	}
	years := opts.Years
	if !(years > 0) { // also NaN
		years = DefaultYears(n)
	}
	years = min(years, 200)
	start := opts.End - journal.Day(years*365.25)
	start = max(start, journal.EarliestDay)
	start = min(start, opts.End)

	g := newGenerator(opts.Seed, start, opts.End, n, years)
	g.now = opts.Now
	return g.run()
}

// Ratings returns the ratings of entries grouped by skill id, each group
// oldest first (same day: by entry id), as journal.RatingService does.
func Ratings(entries []*journal.Entry) map[string][]journal.Rating {
	out := make(map[string][]journal.Rating)
	for _, e := range entries {
		for id, v := range e.Ratings {
			out[id] = append(out[id], journal.Rating{Skill: id, Date: e.Date, EntryID: e.ID, Value: v})
		}
	}
	byDate := func(a, b journal.Rating) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.EntryID, b.EntryID))
	}
	for _, rs := range out {
		if !slices.IsSortedFunc(rs, byDate) {
			slices.SortStableFunc(rs, byDate)
		}
	}
	return out
}

// generator holds the plan of one journal and the random sources that fill
// it in.
type generator struct {
	rng     *rand.Rand
	ids     *rand.ChaCha8 // entropy for journal.NewID
	start   journal.Day
	end     journal.Day
	n       int
	skills  journal.Catalog
	models  []skillModel // by skill index
	prompts promptIndex
	slots   [][]*family // each slot holds families one after another
	slotAt  []int       // per slot, the index of its current family
	active  []*family   // scratch: the families open on day
	day     journal.Day // the day of active
	now     time.Time   // the latest stamp, if not zero
	weights []float64   // scratch: skill weights
	picked  []int       // scratch: chosen skill indexes
	w       writer      // writes titles and notes
	saDays  []journal.Day
	cutoff  journal.Day // stale skills are not rated after this day
}

func newGenerator(seed uint64, start, end journal.Day, n int, years float64) *generator {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:8], seed)
	copy(key[8:], "hone/journal/gen entry ids")
	g := &generator{
		rng:    rand.New(rand.NewPCG(seed, 0x686f6e652d67656e)), // "hone-gen"
		ids:    rand.NewChaCha8(key),
		start:  start,
		end:    end,
		n:      n,
		skills: journal.BuiltinSkills(),
	}
	g.prompts = newPromptIndex(journal.BuiltinPrompts(), g.skills)
	g.weights = make([]float64, len(g.skills))
	g.w = writer{rng: g.rng, skills: g.skills, b: make([]byte, 0, 1024)}
	g.planSkills()
	g.planFamilies(years)
	g.planSelfAssessments()
	return g
}

func (g *generator) run() []*journal.Entry {
	dates := g.spreadDates()
	created := g.times(dates)
	restamped := len(dates) // the first entry stamped from midnight
	if !g.now.IsZero() {
		restamped = stampFromMidnight(created, dates, g.now)
	}
	sa := g.selfAssessmentIndexes(dates)
	entries := make([]*journal.Entry, g.n)
	// One backing array for all entries: fewer, larger allocations.
	backing := make([]journal.Entry, g.n)
	for i := range entries {
		e := &backing[i]
		e.Date = dates[i]
		e.Created = created[i]
		e.Updated = created[i]
		if g.rng.IntN(4) == 0 { // touched up a few minutes later
			e.Updated = created[i].Add(time.Duration(1+g.rng.IntN(15)) * time.Minute)
			if i >= restamped {
				e.Updated = e.Created
			}
		}
		// NewID reads 4 bytes; ChaCha8.Read never fails.
		e.ID, _ = journal.NewID(e.Created, g.ids)
		if len(sa) > 0 && sa[0] == i {
			sa = sa[1:]
			g.fillSelfAssessment(e)
		} else {
			g.fill(e)
		}
		entries[i] = e
	}
	return entries
}

// spreadDates returns n sorted days from start to end, spread in proportion
// to how busy each day is: weekdays, quieter weekends, a slow week at the
// turn of the year and busier and quieter weeks. The last is end.
func (g *generator) spreadDates() []journal.Day {
	days := int(g.end-g.start) + 1
	w := make([]float64, days)
	week := 1.0
	total := 0.0
	for i := range w {
		d := g.start + journal.Day(i)
		wd := weekday(d)
		if wd == time.Monday || i == 0 {
			week = 0.7 + 0.6*g.rng.Float64()
		}
		v := week
		switch wd {
		case time.Saturday:
			v = 0.06
		case time.Sunday:
			v = 0.03
		}
		if _, m, dd := d.Time().Date(); m == time.December && dd >= 24 || m == time.January && dd == 1 {
			v *= 0.2
		}
		w[i] = v
		total += v
	}
	dates := make([]journal.Day, g.n)
	j, cum := 0, w[0]
	for i := range dates {
		u := (float64(i) + g.rng.Float64()) / float64(g.n) * total
		for cum < u && j < days-1 {
			j++
			cum += w[j]
		}
		dates[i] = g.start + journal.Day(j)
	}
	dates[g.n-1] = g.end
	return dates
}

func weekday(d journal.Day) time.Weekday {
	return time.Weekday(((int(d) % 7) + 7 + 4) % 7) // 1970-01-01 was a Thursday
}

// times returns the creation time of each entry: in UTC on its date, in the
// late afternoon when there are few entries that day, spread from morning to
// evening when there are many, always strictly increasing.
// stampFromMidnight keeps ts (the stamps of entries on dates, oldest
// first, strictly increasing) at or before now: if the newest is after
// now, the entries of the last day are stamped a millisecond apart from
// its midnight (UTC), and should now come even before that, the newest
// stamps are moved back to now, a millisecond apart. It returns the index
// of the first entry it stamped anew, len(ts) if none.
func stampFromMidnight(ts []time.Time, dates []journal.Day, now time.Time) int {
	n := len(ts)
	if n == 0 || !ts[n-1].After(now) {
		return n
	}
	first := n
	for first > 0 && dates[first-1] == dates[n-1] {
		first--
	}
	for i := first; i < n; i++ {
		ts[i] = dates[n-1].Time().UTC().Add(time.Duration(i-first+1) * time.Millisecond)
	}
	limit := now.Truncate(time.Millisecond).UTC()
	for i := n - 1; i >= 0 && ts[i].After(limit); i-- {
		ts[i] = limit
		limit = limit.Add(-time.Millisecond)
		first = min(first, i)
	}
	return first
}

func (g *generator) times(dates []journal.Day) []time.Time {
	const (
		hour     = int64(time.Hour / time.Millisecond)
		minute   = int64(time.Minute / time.Millisecond)
		earliest = 7 * hour
		latest   = 22 * hour
		centre   = 16*hour + 30*minute
	)
	out := make([]time.Time, len(dates))
	for i := 0; i < len(dates); {
		k := 1
		for i+k < len(dates) && dates[i+k] == dates[i] {
			k++
		}
		slot := max(1, min(75*minute, (latest-earliest)/int64(k)))
		begin := centre - int64(k-1)*slot/2 + g.rng.Int64N(30*minute) - 15*minute
		begin = max(earliest, min(begin, latest-int64(k)*slot))
		day := int64(dates[i]) * 24 * hour
		for j := range k {
			ms := day + begin + int64(j)*slot
			if slot > 1 {
				ms += g.rng.Int64N(slot * 4 / 5)
			}
			out[i+j] = time.UnixMilli(ms).UTC()
		}
		i += k
	}
	return out
}

// planSelfAssessments schedules a self-assessment about every 13 weeks, the
// newest a few days before the stale skills' cutoff, since a self-assessment
// rates every skill.
func (g *generator) planSelfAssessments() {
	d := g.cutoff - journal.Day(1+g.rng.IntN(8))
	for d >= g.start {
		g.saDays = append(g.saDays, d)
		d -= journal.Day(84 + g.rng.IntN(15))
	}
	slices.Reverse(g.saDays)
}

// selfAssessmentIndexes returns, in order, the indexes of the entries that
// are self-assessments: for each scheduled day, the last entry on or before
// it.
func (g *generator) selfAssessmentIndexes(dates []journal.Day) []int {
	var out []int
	for _, d := range g.saDays {
		i := sort.Search(len(dates), func(i int) bool { return dates[i] > d }) - 1
		if i >= 0 && (len(out) == 0 || out[len(out)-1] < i) {
			out = append(out, i)
		}
	}
	return out
}

// The kinds of entry that are not scheduled, with how often they come.
var kindOdds = []struct {
	kind journal.Kind
	odds float64
}{
	{journal.KindTeamMeeting, 0.50},
	{journal.KindCheckIn, 0.26},
	{journal.KindCrisis, 0.06},
	{journal.KindTransition, 0.05},
	{journal.KindSupervision, 0.06},
	{journal.KindTraining, 0.03},
	{journal.KindOther, 0.04},
}

func (g *generator) pickKind() journal.Kind {
	u := g.rng.Float64()
	for _, k := range kindOdds {
		if u < k.odds {
			return k.kind
		}
		u -= k.odds
	}
	return journal.KindTeamMeeting
}

// fill writes one entry that is not a self-assessment.
func (g *generator) fill(e *journal.Entry) {
	kind := g.pickKind()
	g.openFamilies(e.Date)
	var f *family
	switch kind {
	case journal.KindTransition:
		if f = g.pickFamily(kind); f == nil {
			kind = journal.KindTeamMeeting
		}
	case journal.KindSupervision:
		if g.rng.IntN(5) < 2 {
			f = g.pickFamily(kind)
		}
	case journal.KindTraining:
	case journal.KindOther:
		if g.rng.IntN(2) == 0 {
			f = g.pickFamily(kind)
		}
	}
	if f == nil && needsFamily(kind) {
		if f = g.pickFamily(kind); f == nil {
			kind = journal.KindOther // between families: desk work
		}
	}
	e.Kind = kind
	phase := 0
	if f != nil {
		e.Family = f.code
		if kind != journal.KindSupervision {
			phase = f.phase(e.Date)
		}
	}
	e.Phase = phase

	age := int(g.end - e.Date)
	e.Ratings = g.rate(kind, phase, age)
	var t topics
	if f != nil {
		t = f.pickTopics(g.rng, kind)
	}
	e.Title = g.w.title(kind, phase, t)
	e.Notes = g.w.notes(kind, phase, t, e.Ratings, g.picked)
	e.Reflections = g.reflect(kind, phase, e.Ratings)
	e.Tags = g.tags(kind, t, e.Ratings)
}

func needsFamily(k journal.Kind) bool {
	switch k {
	case journal.KindTeamMeeting, journal.KindCheckIn, journal.KindCrisis, journal.KindTransition:
		return true
	}
	return false
}

// fillSelfAssessment writes a self-assessment: every built-in skill rated,
// considered rather than in the moment, so with less noise.
func (g *generator) fillSelfAssessment(e *journal.Entry) {
	e.Kind = journal.KindSelfAssessment
	age := int(g.end - e.Date)
	e.Ratings = make(map[string]int, len(g.skills))
	best, worst := 0, 0
	vals := make([]int, len(g.skills))
	g.picked = g.picked[:0]
	for i, s := range g.skills {
		g.picked = append(g.picked, i)
		v := clampRating(g.models[i].level(age) + 0.3*g.rng.NormFloat64())
		vals[i] = v
		e.Ratings[s.ID] = v
		if v > vals[best] {
			best = i
		}
		if v < vals[worst] {
			worst = i
		}
	}
	e.Title = pick(g.rng, saTitles)
	e.Notes = g.w.selfAssessmentNotes(g.skills[best].Name, g.skills[worst].Name)
	e.Reflections = g.reflect(e.Kind, 0, e.Ratings)
	e.Tags = []string{"self-assessment"}
}

// rate picks 2 to 6 skills by their relevance to the kind and phase and
// rates each from its trajectory. g.picked holds the chosen skill indexes
// afterwards, in the order chosen.
func (g *generator) rate(kind journal.Kind, phase, age int) map[string]int {
	lo, hi := ratingCount(kind)
	k := lo + g.rng.IntN(hi-lo+1)
	rel := relevance(kind, phase)
	w := g.weights
	for i := range w {
		m := &g.models[i]
		v := rel[i] + 0.45
		v *= m.boost
		if m.change > 0 && age < 120 {
			v *= 1.6 // practised on purpose
		}
		if m.stale && age < int(g.end-g.cutoff) {
			v = 0
		}
		w[i] = v
	}
	g.picked = g.picked[:0]
	for range k {
		if i := g.weighted(w); i >= 0 {
			w[i] = 0 // each skill once
			g.picked = append(g.picked, i)
		}
	}
	ratings := make(map[string]int, len(g.picked))
	day := 0.18 * g.rng.NormFloat64() // a good or a bad day, for every skill
	if kind == journal.KindCrisis {
		day -= 0.1
	}
	for _, i := range g.picked {
		m := &g.models[i]
		ratings[g.skills[i].ID] = clampRating(m.level(age) + day + m.sigma*g.rng.NormFloat64())
	}
	return ratings
}

// weighted returns an index of w drawn with probability in proportion to
// its weight, or -1 when every weight is 0.
func (g *generator) weighted(w []float64) int {
	total := 0.0
	for _, v := range w {
		total += v
	}
	if total <= 0 {
		return -1
	}
	u := g.rng.Float64() * total
	last := -1
	for i, v := range w {
		if v <= 0 {
			continue
		}
		if u < v {
			return i
		}
		u -= v
		last = i
	}
	return last // u beyond the end by rounding
}

func ratingCount(k journal.Kind) (lo, hi int) {
	switch k {
	case journal.KindTeamMeeting:
		return 3, 6
	case journal.KindCheckIn:
		return 2, 5
	case journal.KindCrisis:
		return 3, 5
	case journal.KindTransition:
		return 3, 6
	case journal.KindSupervision:
		return 2, 5
	case journal.KindTraining:
		return 2, 4
	}
	return 2, 3
}

func clampRating(v float64) int {
	return int(max(1, min(5, math.Round(v))))
}

// tags returns the entry's tags: its topics', its kind's, and some for the
// skills it rates.
func (g *generator) tags(kind journal.Kind, t topics, ratings map[string]int) []string {
	out := make([]string, 0, 4)
	add := func(tag string) {
		if tag != "" && len(out) < cap(out) && !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	switch kind {
	case journal.KindCrisis:
		add("safety")
	case journal.KindTransition:
		add("transition")
	case journal.KindSupervision:
		add("supervision")
	case journal.KindTraining:
		add("training")
	}
	for _, tp := range t.list() {
		add(tp.tag)
	}
	for _, i := range g.picked {
		if tag := skillTags()[g.skills[i].ID]; tag != "" && g.rng.IntN(3) == 0 {
			add(tag)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Tags that entries rating a skill sometimes carry.
var skillTags = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"eng.mi":        "mi",
		"eng.voice":     "family-voice",
		"eng.culture":   "culture",
		"eng.strengths": "strengths",
		"team.natural":  "natural-supports",
		"plan.safety":   "safety",
		"plan.outcomes": "outcomes",
		"self.reflect":  "reflection",
	}
})

func pick[T any](r *rand.Rand, s []T) T {
	return s[r.IntN(len(s))]
}

func itoa(n int) string { return strconv.Itoa(n) }
