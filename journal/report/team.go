package report

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"hone/journal"
)

// team is the report on several exports.
type team struct {
	Size         string
	Period       string
	AsOf         string
	Facilitators []*facilitator
	Header       []string    // facilitator labels, for the matrix
	Matrix       []matrixRow // skill x facilitator statuses
	Skills       []teamRow   // per skill
	KeyElements  []teamRow   // per key element
	Together     []togetherRow
	TogetherRule string
	TooFew       bool // fewer than 2 facilitators: no "learn together"
}

type matrixRow struct {
	Name  string
	Cells []*badge // nil where the facilitator's catalog lacks the skill
}

type teamRow struct {
	Name       string
	KeyElement string
	Drifting   int
	Watch      int
	Improving  int
	Steady     int
	NoVerdict  int
	Median     string
	Together   bool
}

type togetherRow struct {
	Name       string
	KeyElement string
	Drifting   int
	Watch      int
	Who        string
}

// WriteTeam writes the report on several facilitators' exports as of asOf:
// a team table per skill (how many facilitators are drifting, on watch,
// improving, steady or without a verdict, and the team's median level) and
// per key element (how many facilitators have at least one skill of it
// drifting, on watch or improving, and the median of their mean levels),
// the skills the group could learn together, a matrix of every
// facilitator's statuses, then each facilitator's drift table and
// key-element roll-ups. It has no charts: Write makes one facilitator's full
// report.
//
// The skills the group could learn together are those drifting or on watch
// for at least 2 facilitators or for at least a third of the team, most
// facilitators first; a team of one has none. Skills are the union of the
// exports' catalogs, in the order they first appear; a facilitator counts
// for a skill only when the skill is in their catalog and not archived.
func WriteTeam(w io.Writer, exports []*journal.Export, asOf journal.Day) error {
	t := &team{AsOf: asOf.Short()}
	var firsts, lasts []journal.Day
	for i, x := range exports {
		f, err := facilitatorView(x, asOf, "Facilitator "+strconv.Itoa(i+1), false)
		if err != nil {
			return err
		}
		f.Anchor = "facilitator-" + strconv.Itoa(i+1)
		f.AsOf = x.FormatDay(asOf)
		t.Facilitators = append(t.Facilitators, f)
		t.Header = append(t.Header, f.Label)
		if a, b, ok := x.Span(); ok {
			firsts, lasts = append(firsts, a), append(lasts, b)
		}
	}
	n := len(exports)
	t.Size = countOf(n, "facilitator", "facilitators")
	t.Period = "no entries"
	if len(firsts) > 0 {
		t.Period = slices.Min(firsts).Short() + " to " + slices.Max(lasts).Short()
	}
	t.TooFew = n < 2
	t.TogetherRule = "Skills drifting or on watch for at least 2 facilitators, or for at least a third of the team."

	// The union of the catalogs, in order of first appearance.
	var skills journal.Catalog
	seen := map[string]bool{}
	for _, f := range t.Facilitators {
		for _, s := range f.skills {
			if !seen[s.ID] && !s.Archived {
				seen[s.ID] = true
				skills = append(skills, s)
			}
		}
	}
	// Each facilitator's drift by skill id.
	byFac := make([]map[string]journal.Drift, n)
	for i, f := range t.Facilitators {
		byFac[i] = make(map[string]journal.Drift, len(f.drifts))
		for _, d := range f.drifts {
			byFac[i][d.Skill] = d
		}
	}

	var keOrder []string
	keSkills := map[string][]string{}
	for _, s := range skills {
		if _, ok := keSkills[s.KeyElement]; !ok {
			keOrder = append(keOrder, s.KeyElement)
		}
		keSkills[s.KeyElement] = append(keSkills[s.KeyElement], s.ID)
	}
	slices.SortStableFunc(keOrder, func(a, b string) int { return keRank(a) - keRank(b) })

	for _, s := range skills {
		row := teamRow{Name: line(s.Name) + " (" + line(s.ID) + ")", KeyElement: line(s.KeyElement)}
		m := matrixRow{Name: line(s.Name)}
		var levels []float64
		var who []string
		for i := range t.Facilitators {
			d, ok := byFac[i][s.ID]
			if !ok {
				m.Cells = append(m.Cells, nil)
				continue
			}
			b := badgeFor(d.Status)
			m.Cells = append(m.Cells, &b)
			switch d.Status {
			case journal.StatusDrifting:
				row.Drifting++
			case journal.StatusWatch:
				row.Watch++
			case journal.StatusImproving:
				row.Improving++
			case journal.StatusSteady:
				row.Steady++
			default:
				row.NoVerdict++
			}
			if d.Status == journal.StatusDrifting || d.Status == journal.StatusWatch {
				who = append(who, t.Facilitators[i].Label+" ("+b.Label+")")
			}
			if d.Level.Valid {
				levels = append(levels, d.Level.Value)
			}
		}
		row.Median = median(levels)
		if k := row.Drifting + row.Watch; n >= 2 && k > 0 && (k >= 2 || 3*k >= n) {
			row.Together = true
			t.Together = append(t.Together, togetherRow{Name: row.Name, KeyElement: row.KeyElement,
				Drifting: row.Drifting, Watch: row.Watch, Who: strings.Join(who, ", ")})
		}
		t.Skills = append(t.Skills, row)
		t.Matrix = append(t.Matrix, m)
	}
	slices.SortStableFunc(t.Together, func(a, b togetherRow) int {
		if c := (b.Drifting + b.Watch) - (a.Drifting + a.Watch); c != 0 {
			return c
		}
		return b.Drifting - a.Drifting
	})

	for _, ke := range keOrder {
		row := teamRow{Name: line(ke)}
		if row.Name == "" {
			row.Name = "No key element"
		}
		var means []float64
		for i := range t.Facilitators {
			var drifting, watch, improving, has bool
			var sum float64
			var count int
			for _, id := range keSkills[ke] {
				d, ok := byFac[i][id]
				if !ok {
					continue
				}
				has = true
				drifting = drifting || d.Status == journal.StatusDrifting
				watch = watch || d.Status == journal.StatusWatch
				improving = improving || d.Status == journal.StatusImproving
				if d.Level.Valid {
					sum += d.Level.Value
					count++
				}
			}
			if !has {
				continue
			}
			if drifting {
				row.Drifting++
			}
			if watch {
				row.Watch++
			}
			if improving {
				row.Improving++
			}
			if count > 0 {
				means = append(means, sum/float64(count))
			}
		}
		row.Median = median(means)
		t.KeyElements = append(t.KeyElements, row)
	}

	p := &page{
		Title:          "Team practice report",
		Heading:        "Team practice report",
		Subtitle:       t.Size,
		SelfRatingNote: journal.SelfRatingNote,
		Team:           t,
	}
	return render(w, p)
}

// keRank orders key elements as journal.KeyElements does, others after.
func keRank(ke string) int {
	if i := slices.Index(journal.KeyElements(), ke); i >= 0 {
		return i
	}
	if ke == "" {
		return 1 << 20
	}
	return 1 << 10
}

// median formats the median of vs, or "-" for none.
func median(vs []float64) string {
	if len(vs) == 0 {
		return "-"
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return fmtPoints(m)
}
