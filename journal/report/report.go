// Package report writes hone's HTML reports for coaches: one self-contained
// file per export (Write) or for a team of facilitators (WriteTeam).
//
// A report is one HTML file with its CSS inline and its charts as inline
// SVG. It needs no JavaScript and makes no network request of any kind: no
// fonts, images, scripts or style sheets by URL, and a Content Security
// Policy that forbids them should anything slip in. Every piece of text
// from an export is untrusted: it is made safe with journal.SafeText and
// escaped by html/template; chart geometry is built from numbers only.
// Reports print well: no backgrounds, each section on a new page, charts
// never split.
package report

import (
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"hone/journal"
)

//go:embed report.tmpl
var pageTemplate string

// templates parses the page template once.
var templates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("report").Parse(pageTemplate)
})

// Write writes the report of one export as of the day asOf: a header (the
// facilitator, the period, what the export holds, journal.SharedRatingNote),
// a drift table, the key-element roll-ups, one chart per skill with ratings
// (ratings as dots, the baseline dashed, the level, the mean of the recent ratings, as a line) and the
// shared reflections; in a full export, every entry with notes or
// reflections instead.
func Write(w io.Writer, x *journal.Export, asOf journal.Day) error {
	f, err := facilitatorView(x, asOf, "", true)
	if err != nil {
		return err
	}
	p := &page{
		Title:          "Practice report",
		Heading:        "Practice report",
		SelfRatingNote: journal.SharedRatingNote,
		One:            f,
		Generated:      x.ExportedAt.UTC().Format("2 Jan 2006 15:04") + " UTC",
	}
	if f.Name != "" {
		p.Title += ": " + f.Name
		p.Subtitle = f.Name
	}
	return render(w, p)
}

func render(w io.Writer, p *page) error {
	t, err := templates()
	if err != nil {
		return err
	}
	return t.Execute(w, p)
}

// page is what the template shows: one facilitator (One) or a team (Team).
type page struct {
	Title          string
	Heading        string
	Subtitle       string
	SelfRatingNote string
	Generated      string
	One            *facilitator
	Team           *team
}

// facilitator is the report on one export.
type facilitator struct {
	Name        string // "" when the export names nobody
	Label       string // Name, or "Facilitator N" in a team
	Anchor      string
	Period      string
	AsOf        string
	Exported    string
	Entries     string
	Ratings     string
	Privacy     string
	Full        bool
	WeekNote    string
	VerdictNote string // Export.VerdictNote: the verdicts come from the full history
	Summary     []statusCount
	Drift       []driftRow
	KeyElements []keRow
	Charts      []*chart
	Blocks      []entryBlock // shared reflections, or every entry with notes or reflections
	BlocksTitle string
	BlocksEmpty string
	// Digest is the shared reflections of a coach-safe export, for a
	// coach: starred first, the recent period in full, the rest counted.
	// Nil in a full export, which lists its entries in Blocks.
	Digest *reflDigest

	drifts []journal.Drift // for the team tables
	skills journal.Catalog
}

type statusCount struct {
	Badge badge
	N     int
}

type badge struct {
	Class  string
	Symbol string
	Label  string
}

type driftRow struct {
	Name        string
	SkillID     string
	KeyElement  string
	Badge       badge
	Stale       bool
	Level       string
	Baseline    string
	LastRated   string
	Explanation string
	ChartID     string
}

type keRow struct {
	Name    string
	Skills  string
	Ratings string
	Mean    string
	Median  string
	Dist    []distSeg
	Counts  string
}

type distSeg struct {
	Class string
	Width string // per cent
	Title string
}

type entryBlock struct {
	When        string
	Meta        string
	Title       string
	Notes       string
	Reflections []reflection
}

type reflection struct {
	Prompt  string
	Answer  string
	Private bool
}

// reflDigest is the Shared reflections section of a coach-safe report
// (journal.DigestReflections).
type reflDigest struct {
	Lead    string
	Starred []reflCard
	Months  []reflMonth
	Earlier string // what the counts below are of; "" when none
	Years   []reflYear
	Skills  []reflSkill
}

type reflMonth struct {
	Label string
	Cards []reflCard
}

// reflCard is one shared reflection, with the skills and ratings of its
// entry.
type reflCard struct {
	When    string
	Meta    string
	Skills  []reflSkill
	Prompt  string
	Answer  string
	Starred bool
}

type reflSkill struct {
	Name string
	N    string // a rating, or a count
}

type reflYear struct {
	Year   string
	Months string // "Jan 12 · Mar 3"
	Total  string
}

// badgeFor returns the badge of a status: a symbol and a word, never colour
// alone.
func badgeFor(s journal.Status) badge {
	switch s {
	case journal.StatusDrifting:
		return badge{"st-drifting", "▼", "drifting"}
	case journal.StatusWatch:
		return badge{"st-watch", "◆", "watch"}
	case journal.StatusImproving:
		return badge{"st-improving", "▲", "improving"}
	case journal.StatusSteady:
		return badge{"st-steady", "●", "steady"}
	case journal.StatusInsufficient:
		return badge{"st-none", "○", "too few ratings"}
	case journal.StatusDormant:
		return badge{"st-none", "–", "dormant"}
	}
	return badge{"st-none", "?", line(string(s))}
}

// statusOrder is the order of the summary.
var statusOrder = []journal.Status{journal.StatusDrifting, journal.StatusWatch, journal.StatusImproving,
	journal.StatusSteady, journal.StatusInsufficient, journal.StatusDormant}

// text makes untrusted text safe to show: no control or escape sequences,
// valid UTF-8. html/template escapes it for HTML.
func text(s string) string { return strings.TrimSpace(journal.SafeText(s)) }

// line is text on one line.
func line(s string) string { return strings.TrimSpace(journal.SafeLine(s)) }

// facilitatorView builds the report on x. label names a facilitator without
// a name (in a team); withCharts adds the charts and the reflections.
func facilitatorView(x *journal.Export, asOf journal.Day, label string, withCharts bool) (*facilitator, error) {
	ratings, err := x.Ratings()
	if err != nil {
		return nil, err
	}
	skills := x.Catalog()
	drifts, err := x.Drift(asOf)
	if err != nil {
		return nil, err
	}
	if carried, ok := x.Carried(); ok {
		asOf = carried
	}
	f := &facilitator{
		Name:     line(x.Facilitator),
		Period:   line(x.Period()),
		AsOf:     x.FormatDay(asOf),
		Exported: x.ExportedAt.UTC().Format("2 Jan 2006"),
		Entries:  countOf(len(x.Records), "entry", "entries"),
		Ratings:  countOf(x.RatingCount(), "rating", "ratings"),
		Privacy:  x.PrivacyStatement(),
		Full:     x.Full(),
		drifts:   drifts,
		skills:   skills,
	}
	f.VerdictNote = x.VerdictNote()
	f.Label = f.Name
	if f.Label == "" {
		f.Label = label
	}
	if x.WeekDates() {
		f.WeekNote = "Dates are ISO weeks. The drift rule and the charts read each week as its Monday, so the dates in the explanations are Mondays."
		if _, ok := x.Carried(); ok {
			f.WeekNote = "Dates are ISO weeks: the charts read each week as its Monday, and the explanations name weeks."
		}
	}

	counts := map[journal.Status]int{}
	for i, d := range drifts {
		counts[d.Status]++
		s, _ := skills.Find(d.Skill)
		row := driftRow{
			Name:        line(s.Name),
			SkillID:     line(s.ID),
			KeyElement:  line(s.KeyElement),
			Badge:       badgeFor(d.Status),
			Stale:       d.Stale && d.Status != journal.StatusDormant,
			Level:       d.Level.String(),
			Baseline:    d.Baseline.String(),
			LastRated:   "never",
			Explanation: text(d.Explanation),
		}
		if d.Ratings > 0 {
			row.LastRated = x.FormatDay(d.LastRated)
		}
		if withCharts {
			id := "chart-" + strconv.Itoa(i+1)
			if c := buildChart(x, s, d, ratings[d.Skill], asOf, id); c != nil {
				c.Name, c.SkillID, c.KeyElement = row.Name, row.SkillID, row.KeyElement
				c.Title, c.Desc = text(c.Title), text(c.Desc)
				f.Charts = append(f.Charts, c)
				row.ChartID = id
			}
		}
		f.Drift = append(f.Drift, row)
	}
	for _, st := range statusOrder {
		if n := counts[st]; n > 0 {
			f.Summary = append(f.Summary, statusCount{badgeFor(st), n})
		}
	}

	for _, k := range journal.RollUpKeyElements(x.Skills, x.Records) {
		names := make([]string, len(k.Skills))
		for i, id := range k.Skills {
			names[i] = id
			if s, ok := skills.Find(id); ok && s.Name != "" {
				names[i] = s.Name
			}
		}
		row := keRow{
			Name:    line(k.KeyElement),
			Skills:  line(strings.Join(names, ", ")),
			Ratings: thousands(k.Ratings),
			Mean:    "-",
			Median:  "-",
		}
		if row.Name == "" {
			row.Name = "No key element"
		}
		if k.Mean != nil {
			row.Mean, row.Median = fmtPoints(*k.Mean), fmtPoints(*k.Median)
		}
		parts := make([]string, 5)
		for v, n := range k.Counts {
			parts[v] = strconv.Itoa(n)
			if n > 0 {
				row.Dist = append(row.Dist, distSeg{
					Class: "r" + strconv.Itoa(v+1),
					Width: strconv.FormatFloat(math.Round(float64(n)/float64(k.Ratings)*1000)/10, 'f', -1, 64),
					Title: strconv.Itoa(n) + " ratings of " + strconv.Itoa(v+1),
				})
			}
		}
		row.Counts = strings.Join(parts, " · ")
		f.KeyElements = append(f.KeyElements, row)
	}

	if withCharts {
		if x.Full() {
			f.Blocks = entryBlocks(x)
			f.BlocksTitle, f.BlocksEmpty = "Entries", "No entry has notes or reflections."
		} else {
			f.BlocksTitle, f.BlocksEmpty = "Shared reflections", "No reflections were shared in this period."
			if f.Digest, err = digestView(x, skills); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// digestView builds the Shared reflections section of a coach-safe
// report: those starred for supervision, the recent period by month, then
// counts of the earlier ones per month and per skill.
func digestView(x *journal.Export, skills journal.Catalog) (*reflDigest, error) {
	g, err := journal.DigestReflections(x)
	if err != nil {
		return nil, err
	}
	if g.Total == 0 {
		return nil, nil
	}
	name := func(id string) string {
		if s, ok := skills.Find(id); ok && s.Name != "" {
			return line(s.Name)
		}
		return line(id)
	}
	card := func(r journal.ExportReflection) reflCard {
		meta := string(r.Kind)
		if r.Phase > 0 {
			meta += ", phase " + strconv.Itoa(r.Phase)
		}
		if r.Family != "" {
			meta += " · family " + r.Family
		}
		c := reflCard{When: x.FormatDay(r.Day), Meta: line(meta), Prompt: text(r.Prompt), Answer: text(r.Answer), Starred: r.Starred}
		for _, sr := range r.Ratings {
			c.Skills = append(c.Skills, reflSkill{Name: name(sr.Skill), N: strconv.Itoa(sr.Rating)})
		}
		return c
	}
	d := &reflDigest{Lead: countOf(g.Total, "shared reflection", "shared reflections") + ", newest first: "}
	if len(g.Starred) > 0 {
		d.Lead += countOf(len(g.Starred), "reflection", "reflections") + " the facilitator starred to bring to supervision, then "
	}
	d.Lead += "those of the " + strconv.Itoa(int(g.Until-g.Since)+1) + " days from " + x.FormatDay(g.Since) + " to " +
		x.FormatDay(g.Until) + " in full, by month"
	if g.Earlier > 0 {
		d.Lead += "; the " + countOf(g.Earlier, "earlier one is", "earlier ones are") + " counted below"
	}
	d.Lead += ". Each shows the skills its entry rated, and the ratings."
	for _, r := range g.Starred {
		d.Starred = append(d.Starred, card(r))
	}
	for _, m := range g.Recent {
		rm := reflMonth{Label: m.Label()}
		for _, r := range m.Reflections {
			rm.Cards = append(rm.Cards, card(r))
		}
		d.Months = append(d.Months, rm)
	}
	if g.Earlier > 0 {
		d.Earlier = countOf(g.Earlier, "earlier reflection", "earlier reflections") + " before " + x.FormatDay(g.Since) + ", not shown in full:"
		for _, y := range g.EarlierYears {
			var parts []string
			for i, n := range y.Months {
				if n > 0 {
					parts = append(parts, time.Month(i + 1).String()[:3]+": "+strconv.Itoa(n))
				}
			}
			d.Years = append(d.Years, reflYear{Year: strconv.Itoa(y.Year), Months: strings.Join(parts, " · "), Total: strconv.Itoa(y.Total)})
		}
		for _, s := range g.EarlierSkills {
			d.Skills = append(d.Skills, reflSkill{Name: name(s.Skill), N: strconv.Itoa(s.N)})
		}
	}
	return d, nil
}

// entryBlocks lists the entries with shared reflections, oldest first; in a
// full export, every entry with notes or reflections.
func entryBlocks(x *journal.Export) []entryBlock {
	week := x.WeekDates()
	var out []entryBlock
	order := make([]int, len(x.Records))
	days := make([]journal.Day, len(x.Records))
	for i := range order {
		order[i] = i
		days[i], _ = x.Records[i].Day(week)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(days[a], days[b]), strings.Compare(x.Records[a].ID, x.Records[b].ID))
	})
	for _, i := range order {
		r := &x.Records[i]
		notes := ""
		if r.Notes != nil {
			notes = text(*r.Notes)
		}
		if len(r.Reflections) == 0 && notes == "" {
			continue
		}
		meta := string(r.Kind)
		if r.Phase > 0 {
			meta += ", phase " + strconv.Itoa(r.Phase)
		}
		if r.Family != "" {
			meta += " · family " + r.Family
		}
		b := entryBlock{When: x.FormatDay(days[i]), Meta: line(meta), Notes: notes}
		if r.Title != nil {
			b.Title = line(*r.Title)
		}
		for _, f := range r.Reflections {
			b.Reflections = append(b.Reflections, reflection{
				Prompt:  text(f.Prompt),
				Answer:  text(f.Answer),
				Private: f.Shared != nil && !*f.Shared,
			})
		}
		out = append(out, b)
	}
	return out
}
