package journal

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// RatingMonths counts and sums the ratings of every active skill of c, in
// catalog order, per calendar month from first's month to asOf's month:
// the ratings dated from first to asOf (ratings maps a skill id to its
// ratings, in any order). The rows' verdict fields are left unset. A team
// member's Months hold the same counts and sums.
func RatingMonths(c Catalog, ratings map[string][]Rating, first, asOf Day) []TeamMonth {
	y0, m0 := first.Time().Year(), first.Time().Month()
	index := func(d Day) int { t := d.Time(); return (t.Year()-y0)*12 + int(t.Month()-m0) }
	n := index(asOf) + 1
	if n <= 0 {
		return nil
	}
	months := make([]string, n)
	for i := range months {
		months[i] = Date(y0, m0+time.Month(i), 1).Time().Format("2006-01")
	}
	var out []TeamMonth
	for _, s := range c {
		if s.Archived {
			continue
		}
		rows := make([]TeamMonth, n)
		for i := range rows {
			rows[i] = TeamMonth{Skill: s.ID, Month: months[i]}
		}
		for _, r := range ratings[s.ID] {
			if r.Date < first || r.Date > asOf {
				continue
			}
			row := &rows[index(r.Date)]
			row.Ratings++
			row.Sum += r.Value
		}
		out = append(out, rows...)
	}
	return out
}

// TeamLevels is a team's level per key element, period by period: each
// facilitator's mean rating of the key element's skills in the period, and
// the team's median of those means. The same numbers show in the team's
// Markdown, HTML and the review's Team tab.
type TeamLevels struct {
	// Quarters says the periods are quarters: the team's months span more
	// than TeamLevelMonths, and the last TeamLevelQuarters quarters show.
	// Otherwise every month from the first rated to the newest member's
	// AsOf shows.
	Quarters bool
	// Periods name the periods, oldest first: "Sep 2026", or "2026-Q3".
	Periods []string
	// KeyElements in the order of KeyElements, then others in the order
	// they first appear, then skills without a key element (""); only those
	// that someone rated in the periods shown.
	KeyElements []KeyElementLevels
}

// KeyElementLevels is one key element's levels, by facilitator (in the
// order of the members given) and period, and the team's medians.
type KeyElementLevels struct {
	KeyElement string
	Members    [][]Tally // [member][period]
	// Median is the median of the members' means in each period (the mean
	// of the two middle ones for an even count), in hundredths rounded
	// half up; -1 where no member rated the key element.
	Median []int
}

// Tally is a count of ratings and their sum.
type Tally struct{ Sum, N int }

// Hundredths returns the mean of t in hundredths, rounded half up; -1 for
// no ratings.
func (t Tally) Hundredths() int {
	if t.N == 0 {
		return -1
	}
	return (200*t.Sum + t.N) / (2 * t.N)
}

// The periods of TeamLevels: months while the team's months are at most
// TeamLevelMonths, else the last TeamLevelQuarters quarters.
const (
	TeamLevelMonths   = 12
	TeamLevelQuarters = 4
)

// FormatHundredths formats a whole number of hundredths as the team
// reports do: "3.25", "3.2", "4"; "-" for a negative number (none).
func FormatHundredths(h int) string {
	if h < 0 {
		return "-"
	}
	return fmtHundredths(h)
}

// LevelsByPeriod returns the team's levels per key element period by
// period (TeamLevels) from the members' Months, Catalog and AsOf. The
// months run from the first month in which any member has a rating to the
// month of the newest AsOf.
func LevelsByPeriod(members []*TeamMember) TeamLevels {
	var newest Day
	first := ""
	for _, m := range members {
		newest = max(newest, m.AsOf)
		for _, r := range m.Months {
			if r.Ratings > 0 && (first == "" || r.Month < first) {
				first = r.Month
			}
		}
	}
	var out TeamLevels
	if len(members) == 0 || first == "" {
		return out
	}
	monthNum := func(month string) int { // "2026-02" -> months since year 0
		y, _ := strconv.Atoi(month[:4])
		mo, _ := strconv.Atoi(month[5:])
		return y*12 + mo - 1
	}
	last := newest.Time().Year()*12 + int(newest.Time().Month()) - 1
	start := monthNum(first)
	// period returns the index of month number mn among the periods, or -1.
	var period func(mn int) int
	if last-start+1 <= TeamLevelMonths {
		for mn := start; mn <= last; mn++ {
			out.Periods = append(out.Periods, time.Month(mn%12 + 1).String()[:3]+" "+strconv.Itoa(mn/12))
		}
		period = func(mn int) int {
			if mn < start || mn > last {
				return -1
			}
			return mn - start
		}
	} else {
		out.Quarters = true
		lastQ := last / 3 // quarters since year 0
		for q := lastQ - TeamLevelQuarters + 1; q <= lastQ; q++ {
			out.Periods = append(out.Periods, strconv.Itoa(q/4)+"-Q"+strconv.Itoa(q%4+1))
		}
		period = func(mn int) int {
			if i := mn/3 - (lastQ - TeamLevelQuarters + 1); i >= 0 && i < TeamLevelQuarters {
				return i
			}
			return -1
		}
	}

	var order []string
	byKE := map[string]*KeyElementLevels{}
	for i, m := range members {
		for _, r := range m.Months {
			s, _ := m.Catalog.Find(r.Skill)
			k := byKE[s.KeyElement]
			if k == nil {
				k = &KeyElementLevels{KeyElement: s.KeyElement, Members: make([][]Tally, len(members))}
				byKE[s.KeyElement] = k
				order = append(order, s.KeyElement)
			}
			if k.Members[i] == nil {
				k.Members[i] = make([]Tally, len(out.Periods))
			}
			if p := period(monthNum(r.Month)); p >= 0 {
				k.Members[i][p].Sum += r.Sum
				k.Members[i][p].N += r.Ratings
			}
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(keyElementRank(a), keyElementRank(b)) })
	for _, ke := range order {
		k := byKE[ke]
		for i := range k.Members {
			if k.Members[i] == nil {
				k.Members[i] = make([]Tally, len(out.Periods))
			}
		}
		k.Median = make([]int, len(out.Periods))
		rated := false
		for p := range out.Periods {
			var ts []Tally
			for i := range k.Members {
				if k.Members[i][p].N > 0 {
					ts = append(ts, k.Members[i][p])
				}
			}
			k.Median[p] = medianHundredths(ts)
			rated = rated || len(ts) > 0
		}
		if rated {
			out.KeyElements = append(out.KeyElements, *k)
		}
	}
	return out
}

// medianHundredths returns the median of the tallies' means in hundredths,
// rounded half up, exactly (the mean of the two middle means for an even
// count); -1 for none.
func medianHundredths(ts []Tally) int {
	if len(ts) == 0 {
		return -1
	}
	s := slices.Clone(ts)
	slices.SortStableFunc(s, func(a, b Tally) int { return cmp.Compare(a.Sum*b.N, b.Sum*a.N) })
	mid := s[len(s)/2]
	if len(s)%2 == 1 {
		return mid.Hundredths()
	}
	lo := s[len(s)/2-1]
	// (lo.Sum/lo.N + mid.Sum/mid.N) / 2 = num / den
	num, den := lo.Sum*mid.N+mid.Sum*lo.N, 2*lo.N*mid.N
	return (200*num + den) / (2 * den)
}
