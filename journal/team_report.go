package journal

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Stale reports whether d is a skill rated, but not lately (Drift.Stale),
// with a verdict that does not say so already: not dormant.
func Stale(d Drift) bool { return d.Stale && d.Ratings > 0 && d.Status != StatusDormant }

// Severity orders verdicts for a coach, who reads the ones that need
// support first: drifting, watch, then stale (whatever else its verdict),
// improving, steady, too few ratings, dormant. Smaller is more severe.
func Severity(d Drift) int {
	switch {
	case d.Status == StatusDrifting:
		return 0
	case d.Status == StatusWatch:
		return 1
	case Stale(d):
		return 2
	case d.Status == StatusImproving:
		return 3
	case d.Status == StatusSteady:
		return 4
	case d.Status == StatusInsufficient:
		return 5
	}
	return 6
}

// BySeverity returns ds ordered by Severity, ties in their order; ds is
// not modified.
func BySeverity(ds []Drift) []Drift {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, func(a, b Drift) int { return cmp.Compare(Severity(a), Severity(b)) })
	return out
}

// StatusText is d's verdict as a coach's reports write it: the status,
// with ", stale" when it is Stale, so that a skill not rated lately never
// reads as plainly steady.
func StatusText(d Drift) string {
	if Stale(d) {
		return string(d.Status) + ", stale"
	}
	return string(d.Status)
}

// NewestPerJournal returns the indexes of the exports to count in a team,
// one per journal: of exports with the same journal id (journals[i], ""
// for an export of an older hone, which counts on its own) the one
// exported last (at[i]; the later one given for a tie). The indexes come in
// the order of the first export of each journal.
func NewestPerJournal(journals []string, at []time.Time) []int {
	var keep []int
	slot := map[string]int{} // journal id -> place in keep
	for i, j := range journals {
		k, seen := slot[j]
		switch {
		case j == "" || !seen:
			if j != "" {
				slot[j] = len(keep)
			}
			keep = append(keep, i)
		case !at[i].Before(at[keep[k]]):
			keep[k] = i
		}
	}
	return keep
}

// TeamMember is what a team's Markdown and CSV reports keep of one
// facilitator's export: a few numbers per skill and month, never the
// entries, so that a team of hundreds of exports needs the memory of a
// few.
type TeamMember struct {
	Label       string // the facilitator's name, or "Facilitator N" by place
	Journal     string // the export's journal id; "" for older exports
	ExportedAt  time.Time
	Period      string // Export.Period
	VerdictNote string // Export.VerdictNote
	AsOf        Day    // the day Drift is as of
	Catalog     Catalog
	Drift       []Drift // Export.Drift
	// Prompts are the facilitator's custom prompts the export carries
	// (Export.CustomPrompts): questions the team's agenda may ask.
	Prompts []Prompt
	// Months holds, per active skill in catalog order, a row per calendar
	// month from the month of the export's first entry to the month of
	// AsOf (in a week-dated export, each week counts in its Monday's month).
	Months []TeamMonth
}

// TeamMonth is one facilitator's ratings of one skill in one calendar
// month, and the verdict at the month's end.
type TeamMonth struct {
	Skill   string
	Month   string // YYYY-MM
	Ratings int
	Sum     int // of the ratings
	// Status is the drift verdict at the month's end (SPEC section 4) over
	// the export's ratings; for the month of a carried verdict's day, the
	// carried verdict (the facilitator's own, over the whole journal).
	// StatusAsOf is the day it is as of: the month's last day, or that day.
	Status     Status
	Stale      bool // Stale on that day: rated, but not lately
	StatusAsOf Day
}

// NewTeamMember keeps of x what the team reports show, as of asOf (the
// carried verdicts' own day when x carries them); label names it when x
// has no facilitator name.
func NewTeamMember(x *Export, label string, asOf Day) (*TeamMember, error) {
	drifts, err := x.Drift(asOf)
	if err != nil {
		return nil, err
	}
	carried, isCarried := x.Carried()
	if isCarried {
		asOf = carried
	}
	m := &TeamMember{Label: strings.TrimSpace(SafeLine(x.Facilitator)), Journal: x.Journal, ExportedAt: x.ExportedAt,
		Period: x.Period(), VerdictNote: x.VerdictNote(), AsOf: asOf, Catalog: x.Catalog(), Drift: drifts,
		Prompts: x.CustomPrompts()}
	if m.Label == "" {
		m.Label = label
	}
	ratings, err := x.Ratings()
	if err != nil {
		return nil, err
	}
	first, _, ok := x.Span()
	if !ok {
		return m, nil
	}
	// The counts and sums per skill and month, then the verdict at each
	// month's end, the last one cut at asOf.
	m.Months = RatingMonths(m.Catalog, ratings, first, asOf)
	byID := map[string]Drift{}
	for _, d := range drifts {
		byID[d.Skill] = d
	}
	var ends []Day
	for i := range m.Months {
		if i > 0 && m.Months[i].Skill != m.Months[0].Skill {
			break
		}
		start := Date(first.Time().Year(), first.Time().Month()+time.Month(i), 1)
		ends = append(ends, min(Date(start.Time().Year(), start.Time().Month()+1, 1)-1, asOf))
	}
	for k := 0; len(ends) > 0 && k < len(m.Months); k += len(ends) {
		id := m.Months[k].Skill
		verdicts := AnalyzeDriftDays(ratings[id], ends...)
		for i, end := range ends {
			row := &m.Months[k+i]
			row.Status, row.Stale, row.StatusAsOf = verdicts[i].Status, Stale(verdicts[i]), end
			if d, ok := byID[id]; ok && isCarried && end == asOf {
				row.Status, row.Stale = d.Status, Stale(d)
			}
		}
	}
	return m, nil
}

// LoadTeam loads n exports (load(i), each once, on every core), keeps of
// each its TeamMember as of asOf, and returns one member per journal
// (NewestPerJournal). The first error, in the order of the exports, is
// returned.
func LoadTeam(n int, load func(i int) (*Export, error), asOf Day) ([]*TeamMember, error) {
	members := make([]*TeamMember, n)
	err := Parallel(n, func(i int) error {
		x, err := load(i)
		if err == nil {
			members[i], err = NewTeamMember(x, "Facilitator "+strconv.Itoa(i+1), asOf)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	journals, at := make([]string, n), make([]time.Time, n)
	for i, m := range members {
		journals[i], at[i] = m.Journal, m.ExportedAt
	}
	var out []*TeamMember
	for _, i := range NewestPerJournal(journals, at) {
		out = append(out, members[i])
	}
	return out, nil
}

// TeamCSVHeader is the header row of WriteTeamCSV.
var teamCSVHeader = []string{"facilitator", "journal", "skill_id", "skill_name", "key_element", "month",
	"ratings", "mean", "status", "stale", "status_as_of"}

// WriteTeamCSV writes the team's table for an agency's own fidelity
// reporting: one row per facilitator, skill and month (TeamMember.Months),
// with the facilitator's label, the journal id, the skill's id, name and
// key element, the month (YYYY-MM), the number and mean of the ratings
// (rounded half up to 2 decimals; empty without ratings), the verdict at
// the month's end, whether the skill was stale then (true or false) and
// the day they are as of (YYYY-MM-DD). Text cells that a
// spreadsheet would read as a formula are quoted with a leading '.
func WriteTeamCSV(w io.Writer, members []*TeamMember) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(teamCSVHeader); err != nil {
		return err
	}
	for _, m := range members {
		for _, r := range m.Months {
			s, _ := m.Catalog.Find(r.Skill)
			mean := ""
			if r.Ratings > 0 {
				mean = fmtHundredths((200*r.Sum + r.Ratings) / (2 * r.Ratings))
			}
			row := []string{csvText(m.Label), m.Journal, r.Skill, csvText(s.Name), csvText(s.KeyElement), r.Month,
				strconv.Itoa(r.Ratings), mean, string(r.Status), strconv.FormatBool(r.Stale), r.StatusAsOf.String()}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// fmtHundredths formats a whole number of hundredths: "3.25", "4".
func fmtHundredths(h int) string {
	s := strconv.Itoa(h/100) + "." + twoDigits(h%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// csvText makes text one safe cell: one line, and a leading =, +, - or @
// quoted so that a spreadsheet does not run it.
func csvText(s string) string {
	s = strings.TrimSpace(SafeLine(s))
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteTeamMarkdown writes the team report as Markdown: at a glance, each
// facilitator's verdict, stale mark and level per skill beside the team's
// median level; the team by skill, most facilitators drifting or on watch
// first; the skills the group could learn together; then each
// facilitator's drift table, most severe first.
func WriteTeamMarkdown(w io.Writer, members []*TeamMember, asOf Day) error {
	bw := bufio.NewWriter(w)
	p := func(lines ...string) {
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	catalogs := make([]Catalog, len(members))
	drifts := make([][]Drift, len(members))
	for i, m := range members {
		catalogs[i], drifts[i] = m.Catalog, m.Drift
	}
	t := SummarizeTeam(catalogs, drifts, asOf)
	p("# Team practice report", "",
		"- **Facilitators:** "+strconv.Itoa(len(members)),
		"- **Report made:** "+asOf.Short(),
		"", "> "+SharedRatingNote+" Each verdict compares a facilitator with their own baseline, not with the team or with each other.", "")

	p("## At a glance", "", "Each facilitator's verdict and level per skill, beside the team's median level.", "")
	head, rule := "| Skill |", "| --- |"
	for _, m := range members {
		head += " " + mdInline(m.Label) + " |"
		rule += " --- |"
	}
	p(head+" Team median |", rule+" ---: |")
	for _, s := range t.Skills {
		row := "| " + mdInline(s.Name) + " |"
		for i, st := range s.Statuses {
			cell := "not in catalog"
			if st != "" {
				cell = string(st)
				if s.Stales[i] {
					cell += ", stale"
				}
				if s.Levels[i].Valid {
					cell += " " + s.Levels[i].String()
				}
			}
			row += " " + cell + " |"
		}
		p(row + " " + s.Median.String() + " |")
	}
	p("")

	p("## The team by skill", "", "How many facilitators each verdict applies to, most drifting or on watch first.", "",
		"| Skill | Key element | Drifting | Watch | Stale | Improving | Steady | No verdict | Median level |",
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	rows := slices.Clone(t.Skills)
	slices.SortStableFunc(rows, func(a, b TeamSkill) int {
		return cmp.Or(cmp.Compare(b.Drifting+b.Watch, a.Drifting+a.Watch), cmp.Compare(b.Drifting, a.Drifting), cmp.Compare(b.Stale, a.Stale))
	})
	for _, s := range rows {
		p("| " + mdInline(s.Name) + " (" + mdInline(s.ID) + ") | " + mdInline(s.KeyElement) + " | " + strconv.Itoa(s.Drifting) + " | " +
			strconv.Itoa(s.Watch) + " | " + strconv.Itoa(s.Stale) + " | " + strconv.Itoa(s.Improving) + " | " + strconv.Itoa(s.Steady) + " | " +
			strconv.Itoa(s.NoVerdict()) + " | " + s.Median.String() + " |")
	}
	p("")

	writeQuarters(p, members)

	p("## Skills the group could learn together", "")
	switch {
	case len(members) < 2:
		p("A team of one has none.", "")
	case len(t.Together) == 0:
		p("No skill is drifting or on watch for enough of the team.", "")
	default:
		p("Skills drifting or on watch for at least 2 facilitators.", "")
		for _, s := range t.Together {
			var who []string
			for i, st := range s.Statuses {
				if st == StatusDrifting || st == StatusWatch {
					who = append(who, mdInline(members[i].Label)+" ("+string(st)+")")
				}
			}
			p("- **" + mdInline(s.Name) + "**: " + strings.Join(who, ", "))
		}
		p("")
	}

	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.Label
	}
	p("## Team topics", "", "Skills where the team's median level is under 3, or at least 2 facilitators are drifting or on watch.", "")
	topics := TeamTopics(t)
	if len(topics) == 0 {
		p("None.")
	}
	for _, tp := range topics {
		p("- **" + mdInline(tp.Skill.Name) + "**: " + mdInline(tp.Why()))
	}
	p("", "## Pairs to learn together", "",
		"One facilitator drifting or on watch in a skill beside another steady or improving in it, at least one point higher.", "")
	pairs := TeamPairs(t)
	if len(pairs) == 0 {
		p("None.")
	}
	for _, pr := range pairs {
		p("- " + mdInline(pr.Sentence(names)))
	}
	p("")

	for _, m := range members {
		p("## "+mdInline(m.Label), "", "- **Period:** "+mdInline(m.Period), "- **Drift as of:** "+m.AsOf.Short())
		if m.VerdictNote != "" {
			p("- " + mdInline(m.VerdictNote))
		}
		p("", "| Skill | Status | Level | Baseline | Explanation |", "| --- | --- | ---: | ---: | --- |")
		for _, d := range BySeverity(m.Drift) {
			s, _ := m.Catalog.Find(d.Skill)
			p("| " + mdInline(s.Name) + " (" + mdInline(d.Skill) + ") | " + StatusText(d) + " | " + d.Level.String() + " | " +
				d.Baseline.String() + " | " + mdInline(d.Explanation) + " |")
		}
		p("")
	}
	return bw.Flush()
}

// writeQuarters writes, per key element, each facilitator's mean rating of
// its skills period by period and the team's median of those means
// (LevelsByPeriod): months, or the last quarters when the team's months
// are many.
func writeQuarters(p func(...string), members []*TeamMember) {
	lv := LevelsByPeriod(members)
	if len(lv.Periods) == 0 {
		return
	}
	per := "month"
	if lv.Quarters {
		per = "quarter"
	}
	p("## Key elements "+per+" by "+per, "",
		"Each facilitator's mean rating of the key element's skills in each "+per+", and the team's median of those means; "+
			"a key element nobody rated in these "+per+"s is left out.", "")
	head, rule := "| Facilitator |", "| --- |"
	for _, q := range lv.Periods {
		head += " " + q + " |"
		rule += " ---: |"
	}
	for _, k := range lv.KeyElements {
		name := k.KeyElement
		if name == "" {
			name = "No key element"
		}
		p("### "+mdInline(name), "", head, rule)
		for i, m := range members {
			row := "| " + mdInline(m.Label) + " |"
			for _, t := range k.Members[i] {
				row += " " + FormatHundredths(t.Hundredths()) + " |"
			}
			p(row)
		}
		row := "| **Team median** |"
		for _, h := range k.Median {
			row += " " + FormatHundredths(h) + " |"
		}
		p(row, "")
	}
}
