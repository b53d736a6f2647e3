package journal

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RecentReflectionDays is how far back from an export's newest entry a
// report shows the shared reflections in full: the period a coach reads
// for supervision. Older ones are counted, not shown.
const RecentReflectionDays = 90

// RecentReflectionMax is the most reflections a report shows in full
// besides the starred ones: when the period holds more, it is shortened to
// the days of the newest this many, so that the report still prints on a
// few pages.
const RecentReflectionMax = 60

// ExportReflection is one shared reflection of an export as a report shows
// it, with what it needs of its entry. Its text is as the export has it:
// every display makes it safe.
type ExportReflection struct {
	Day     Day
	Kind    Kind
	Phase   int
	Family  string        // a pseudonym in a coach-safe export
	Ratings []SkillRating // of its entry, by skill id
	Prompt  string
	Answer  string
	Starred bool // the facilitator's "bring this to supervision"
}

// SkillRating is one rating of an entry.
type SkillRating struct {
	Skill  string
	Rating int
}

// ReflectionMonth is the reflections of one calendar month, newest first.
type ReflectionMonth struct {
	Month       time.Month
	Year        int
	Reflections []ExportReflection
}

// Label names the month: "March 2026".
func (m ReflectionMonth) Label() string { return m.Month.String() + " " + strconv.Itoa(m.Year) }

// ReflectionYear counts the reflections of one year per month.
type ReflectionYear struct {
	Year   int
	Months [12]int // January first
	Total  int
}

// SkillCount is how many reflections come from entries that rate a skill.
type SkillCount struct {
	Skill string
	N     int
}

// ReflectionDigest is what a report shows of an export's shared
// reflections: those starred for supervision first, then the recent ones
// in full by month, and the rest counted.
type ReflectionDigest struct {
	Total   int                // shared reflections in the export
	Starred []ExportReflection // every starred one, newest first
	// Since is the first day of the recent period: RecentReflectionDays
	// days up to the newest entry with a shared reflection, fewer when
	// they hold more than RecentReflectionMax reflections not starred.
	Since  Day
	Until  Day
	Recent []ReflectionMonth // the period's reflections not starred, by month, newest first; no empty month
	// Earlier counts the older reflections that are not starred: per year
	// and month (newest year first), and per skill of their entries (most
	// first, then by id).
	Earlier       int
	EarlierYears  []ReflectionYear
	EarlierSkills []SkillCount
}

// DigestReflections returns the digest of x's shared reflections (in a
// full export, those the facilitator shared). EINVALID if a date does not
// parse (never for an export from ReadExport).
func DigestReflections(x *Export) (ReflectionDigest, error) {
	week := x.WeekDates()
	var all []ExportReflection
	for i := range x.Records {
		rec := &x.Records[i]
		if len(rec.Reflections) == 0 {
			continue
		}
		d, err := rec.Day(week)
		if err != nil {
			return ReflectionDigest{}, err
		}
		ids := make([]string, 0, len(rec.Ratings))
		for id := range rec.Ratings {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		ratings := make([]SkillRating, len(ids))
		for j, id := range ids {
			ratings[j] = SkillRating{Skill: id, Rating: rec.Ratings[id]}
		}
		for _, f := range rec.Reflections {
			if f.Shared != nil && !*f.Shared || strings.TrimSpace(f.Answer) == "" {
				continue
			}
			all = append(all, ExportReflection{Day: d, Kind: rec.Kind, Phase: rec.Phase, Family: rec.Family,
				Ratings: ratings, Prompt: f.Prompt, Answer: f.Answer, Starred: f.Starred != nil && *f.Starred})
		}
	}
	// Newest first; within a day, as the export has them.
	slices.SortStableFunc(all, func(a, b ExportReflection) int { return cmp.Compare(b.Day, a.Day) })
	g := ReflectionDigest{Total: len(all)}
	if len(all) == 0 {
		return g, nil
	}
	g.Until = all[0].Day
	g.Since = g.Until - RecentReflectionDays + 1
	n := 0
	for _, r := range all {
		if r.Starred || r.Day < g.Since {
			continue
		}
		if n == RecentReflectionMax {
			// r is the first left out: its day, and what is older, are counted.
			g.Since = min(r.Day+1, g.Until)
			break
		}
		n++
	}
	years := map[int]*ReflectionYear{}
	skills := map[string]int{}
	for _, r := range all {
		switch {
		case r.Starred:
			g.Starred = append(g.Starred, r)
		case r.Day >= g.Since:
			t := r.Day.Time()
			if n := len(g.Recent); n == 0 || g.Recent[n-1].Month != t.Month() || g.Recent[n-1].Year != t.Year() {
				g.Recent = append(g.Recent, ReflectionMonth{Month: t.Month(), Year: t.Year()})
			}
			m := &g.Recent[len(g.Recent)-1]
			m.Reflections = append(m.Reflections, r)
		default:
			g.Earlier++
			t := r.Day.Time()
			y := years[t.Year()]
			if y == nil {
				y = &ReflectionYear{Year: t.Year()}
				years[t.Year()] = y
			}
			y.Months[t.Month()-1]++
			y.Total++
			for _, sr := range r.Ratings {
				skills[sr.Skill]++
			}
		}
	}
	for _, y := range years {
		g.EarlierYears = append(g.EarlierYears, *y)
	}
	slices.SortFunc(g.EarlierYears, func(a, b ReflectionYear) int { return cmp.Compare(b.Year, a.Year) })
	for id, n := range skills {
		g.EarlierSkills = append(g.EarlierSkills, SkillCount{Skill: id, N: n})
	}
	slices.SortFunc(g.EarlierSkills, func(a, b SkillCount) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Skill, b.Skill)) })
	return g, nil
}
