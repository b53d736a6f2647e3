package report

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

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
	Topics       []topicRow
	Pairs        []string // journal.TeamPair sentences
	Levels       *levelsView
}

// levelsView is the team's level per key element period by period
// (journal.LevelsByPeriod): a table per key element, a row per facilitator
// and the team's median.
type levelsView struct {
	Per         string // "month" or "quarter"
	Periods     []string
	KeyElements []levelsTable
}

type levelsTable struct {
	Name   string
	Rows   []levelsRow
	Median []levelCell
}

type levelsRow struct {
	Label string
	Cells []levelCell
}

// levelCell is one period's level, named by its period for a phone, where
// the table stacks.
type levelCell struct {
	Period string
	Value  string
	None   bool
}

// topicRow is a team topic (journal.TeamTopic) and why.
type topicRow struct {
	Name string
	Why  string
}

type matrixRow struct {
	Name   string
	Cells  []*matrixCell // nil where the facilitator's catalog lacks the skill
	Median string        // the team's median level
}

// matrixCell is one facilitator's verdict on one skill at a glance: the
// badge, a stale mark (a skill not rated lately never reads as plainly
// steady) and the level.
type matrixCell struct {
	Badge badge
	Stale bool
	Level string
}

type teamRow struct {
	Name       string
	KeyElement string
	Drifting   int
	Watch      int
	Improving  int
	Steady     int
	Stale      int
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
// for at least 2 facilitators (journal.LearnTogether), most facilitators
// first; a team of one has none. Skills are the union of the
// exports' catalogs, in the order they first appear; a facilitator counts
// for a skill only when the skill is in their catalog and not archived.
func WriteTeam(w io.Writer, exports []*journal.Export, asOf journal.Day) error {
	return WriteTeamFrom(w, len(exports), func(i int) (*journal.Export, error) { return exports[i], nil }, asOf)
}

// WriteTeamFrom is WriteTeam over n exports that load gives one at a time
// (load(i) for i from 0 to n-1, each once): a team report keeps of each
// export only what the report shows, so that a program's hundreds of
// exports need the memory of a few. Exports are loaded on every core; the
// first error, in the order of the exports, is returned.
func WriteTeamFrom(w io.Writer, n int, load func(i int) (*journal.Export, error), asOf journal.Day) error {
	t := &team{AsOf: asOf.Short()}
	all, err := facilitatorViews(n, load, asOf)
	if err != nil {
		return err
	}
	// One person per journal: of several exports of one journal, the
	// newest.
	journals, at := make([]string, n), make([]time.Time, n)
	for i, v := range all {
		journals[i], at[i] = v.journal, v.exportedAt
	}
	var views []teamView
	for _, i := range journal.NewestPerJournal(journals, at) {
		views = append(views, all[i])
	}
	n = len(views)
	var firsts, lasts []journal.Day
	for i, v := range views {
		f := v.facilitator
		f.Anchor = "facilitator-" + strconv.Itoa(i+1)
		t.Facilitators = append(t.Facilitators, f)
		t.Header = append(t.Header, f.Label)
		if v.spanned {
			firsts, lasts = append(firsts, v.first), append(lasts, v.last)
		}
	}
	t.Size = countOf(n, "facilitator", "facilitators")
	t.Period = "no entries"
	if len(firsts) > 0 {
		t.Period = slices.Min(firsts).Short() + " to " + slices.Max(lasts).Short()
	}
	t.TooFew = n < 2
	t.TogetherRule = "Skills drifting or on watch for at least 2 facilitators."

	catalogs := make([]journal.Catalog, n)
	drifts := make([][]journal.Drift, n)
	for i, f := range t.Facilitators {
		catalogs[i], drifts[i] = f.skills, f.drifts
	}
	sum := journal.SummarizeTeam(catalogs, drifts, asOf)
	for _, s := range sum.Skills {
		row := teamRow{Name: line(s.Name) + " (" + line(s.ID) + ")", KeyElement: line(s.KeyElement),
			Drifting: s.Drifting, Watch: s.Watch, Improving: s.Improving, Steady: s.Steady, Stale: s.Stale, NoVerdict: s.NoVerdict(),
			Median: s.Median.String(), Together: s.Together}
		m := matrixRow{Name: line(s.Name), Median: s.Median.String()}
		for i, st := range s.Statuses {
			if st == "" {
				m.Cells = append(m.Cells, nil)
				continue
			}
			m.Cells = append(m.Cells, &matrixCell{Badge: badgeFor(st), Stale: s.Stales[i], Level: s.Levels[i].String()})
		}
		t.Skills = append(t.Skills, row)
		t.Matrix = append(t.Matrix, m)
	}
	// Most facilitators drifting or on watch first, then most stale.
	slices.SortStableFunc(t.Skills, func(a, b teamRow) int {
		return cmp.Or(cmp.Compare(b.Drifting+b.Watch, a.Drifting+a.Watch), cmp.Compare(b.Drifting, a.Drifting), cmp.Compare(b.Stale, a.Stale))
	})
	for _, s := range sum.Together {
		var who []string
		for i, st := range s.Statuses {
			if st == journal.StatusDrifting || st == journal.StatusWatch {
				who = append(who, t.Facilitators[i].Label+" ("+badgeFor(st).Label+")")
			}
		}
		t.Together = append(t.Together, togetherRow{Name: line(s.Name) + " (" + line(s.ID) + ")", KeyElement: line(s.KeyElement),
			Drifting: s.Drifting, Watch: s.Watch, Who: strings.Join(who, ", ")})
	}
	for _, tp := range journal.TeamTopics(sum) {
		t.Topics = append(t.Topics, topicRow{Name: line(tp.Skill.Name), Why: tp.Why()})
	}
	for _, pr := range journal.TeamPairs(sum) {
		t.Pairs = append(t.Pairs, pr.Sentence(t.Header))
	}
	for _, k := range sum.KeyElements {
		row := teamRow{Name: line(k.KeyElement), Drifting: k.Drifting, Watch: k.Watch, Improving: k.Improving,
			Median: k.Median.String()}
		if row.Name == "" {
			row.Name = "No key element"
		}
		t.KeyElements = append(t.KeyElements, row)
	}

	members := make([]*journal.TeamMember, n)
	for i, v := range views {
		members[i] = &journal.TeamMember{Label: v.facilitator.Label, Catalog: v.facilitator.skills, AsOf: v.asOf, Months: v.months}
	}
	t.Levels = levelsOf(journal.LevelsByPeriod(members), t.Header)

	p := &page{
		Title:          "Team practice report",
		Heading:        "Team practice report",
		Subtitle:       t.Size,
		SelfRatingNote: journal.SharedRatingNote,
		Team:           t,
	}
	return render(w, p)
}

// levelsOf shows lv, with the facilitators' labels.
func levelsOf(lv journal.TeamLevels, labels []string) *levelsView {
	if len(lv.Periods) == 0 {
		return nil
	}
	v := &levelsView{Per: "month", Periods: lv.Periods}
	if lv.Quarters {
		v.Per = "quarter"
	}
	cells := func(hs []int) []levelCell {
		out := make([]levelCell, len(hs))
		for p, h := range hs {
			out[p] = levelCell{Period: lv.Periods[p], Value: journal.FormatHundredths(h), None: h < 0}
		}
		return out
	}
	for _, k := range lv.KeyElements {
		tb := levelsTable{Name: line(k.KeyElement), Median: cells(k.Median)}
		if tb.Name == "" {
			tb.Name = "No key element"
		}
		for i, ts := range k.Members {
			hs := make([]int, len(ts))
			for p, t := range ts {
				hs[p] = t.Hundredths()
			}
			tb.Rows = append(tb.Rows, levelsRow{Label: labels[i], Cells: cells(hs)})
		}
		v.KeyElements = append(v.KeyElements, tb)
	}
	return v
}

// teamView is what a team report keeps of one export.
type teamView struct {
	facilitator *facilitator
	journal     string // the export's journal id
	exportedAt  time.Time
	first, last journal.Day // the export's span, when spanned
	spanned     bool
	// asOf is the day the verdicts are as of (the carried day, when the
	// export carries them), and months the export's ratings counted per
	// skill and month up to it (journal.RatingMonths), for the levels
	// period by period.
	asOf   journal.Day
	months []journal.TeamMonth
}

// facilitatorViews loads n exports on every core and keeps the view of
// each; the export itself is dropped as soon as its view is made.
func facilitatorViews(n int, load func(i int) (*journal.Export, error), asOf journal.Day) ([]teamView, error) {
	views := make([]teamView, n)
	err := journal.Parallel(n, func(i int) (err error) {
		views[i], err = teamViewOf(load, i, asOf)
		return err
	})
	if err != nil {
		return nil, err
	}
	return views, nil
}

// teamViewOf loads export i and makes its view.
func teamViewOf(load func(i int) (*journal.Export, error), i int, asOf journal.Day) (teamView, error) {
	x, err := load(i)
	if err != nil {
		return teamView{}, err
	}
	f, err := facilitatorView(x, asOf, "Facilitator "+strconv.Itoa(i+1), false)
	if err != nil {
		return teamView{}, err
	}
	f.AsOf = x.FormatDay(asOf)
	if carried, ok := x.Carried(); ok {
		f.AsOf = x.FormatDay(carried)
	}
	// The drift table, most severe first: the skills that need support on
	// top (journal.Severity).
	order := make([]int, len(f.drifts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(journal.Severity(f.drifts[a]), journal.Severity(f.drifts[b]))
	})
	rows := make([]driftRow, len(order))
	for i, j := range order {
		rows[i] = f.Drift[j]
	}
	f.Drift = rows
	v := teamView{facilitator: f, journal: x.Journal, exportedAt: x.ExportedAt, asOf: asOf}
	v.first, v.last, v.spanned = x.Span()
	if carried, ok := x.Carried(); ok {
		v.asOf = carried
	}
	if v.spanned {
		ratings, err := x.Ratings()
		if err != nil {
			return teamView{}, err
		}
		v.months = journal.RatingMonths(f.skills, ratings, v.first, v.asOf)
	}
	return v, nil
}
