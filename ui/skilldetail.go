package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// skillDetail is one skill opened from the Skills tab: a dated chart of its
// ratings with the baseline and the level, the sentence that explains its
// verdict, its anchors, recent reflections from entries that rate it, and
// the prompts for it. The chart is drawn in a command and kept until the
// size, the styles or the ratings change.
type skillDetail struct {
	keys   skillDetailKeys
	skill  journal.Skill
	drift  journal.Drift
	closed bool

	chart    string
	chartKey chartKey // what chart was drawn for
	want     chartKey // what the chart should be drawn for
	// allYears shows every rating in the chart, not the last 12 months
	// (chartDays); H switches.
	allYears bool

	refls       []skillReflection
	reflsLoaded bool

	body   []string // the scrolled part, drawn when something in it changed
	bodyW  int      // the width body was drawn for; 0 to draw it again
	offset int      // the first line of body on the screen
}

// chartKey says what a chart render was made for.
type chartKey struct {
	skill         string
	w, h, version int
	dark, mono    bool
	all           bool // every rating, not the last 12 months
}

// chartMsg carries a chart render.
type chartMsg struct {
	key  chartKey
	text string
}

// skillReflection is a reflection from an entry that rates a skill.
type skillReflection struct {
	date   journal.Day
	kind   journal.Kind
	rating int
	refl   journal.Reflection
}

// skillReflectionsMsg carries the recent reflections on a skill.
type skillReflectionsMsg struct {
	skill   string
	version int // of the insights the detail asked with
	refls   []skillReflection
	err     error
}

// The detail shows this many recent reflections, read from at most
// reflectionEntries entries that rate the skill.
const (
	detailReflections = 5
	reflectionEntries = 40
)

func newSkillDetail(s journal.Skill, ctx *shared) (skillDetail, tea.Cmd) {
	d := skillDetail{keys: newSkillDetailKeys(), skill: s}
	if ctx.readOnly() {
		d.keys.readOnly = true
		d.keys.Archive.SetEnabled(false)
		d.keys.SelfAssess.SetEnabled(false)
	}
	d.drift, _ = ctx.data.driftOf(s.ID)
	d.keys.AllYears.SetEnabled(olderRatings(&ctx.data, s.ID, d.drift))
	return d, tea.Batch(d.chartCmd(ctx), ctx.skillReflections(s.ID))
}

// chartSize is the size of the chart for a body of w x h cells.
func chartSize(w, h int) (int, int) {
	return max(16, w-2), max(7, min(16, h*2/5))
}

// chartCmd draws the chart in a command unless it is drawn (or on its way)
// for the current size, styles and ratings, or the ratings are not loaded
// yet.
func (d *skillDetail) chartCmd(ctx *shared) tea.Cmd {
	if !ctx.data.histories {
		return nil // the ratings are on their way; their insightsMsg asks again
	}
	cw, ch := chartSize(ctx.width, ctx.bodyHeight())
	k := chartKey{skill: d.skill.ID, w: cw, h: ch, version: ctx.data.version, dark: ctx.styles.Dark, mono: ctx.styles.Mono, all: d.allYears}
	if k == d.want {
		return nil
	}
	d.want = k
	s := skillSeries(&ctx.data, d.skill.ID, d.drift, d.allYears)
	chart := ntChart{st: ctx.styles.chart()}
	return func() tea.Msg {
		text := chart.Render(s, k.w, k.h)
		if strip := historyStrip(s, k.w, chart.st); strip != "" {
			text += "\n" + strip
		}
		return chartMsg{key: k, text: text}
	}
}

// chartDays is the span a skill's chart shows unless all years are asked
// for: the last 12 months, longer only to take in the baseline window or
// the reference a drifting verdict compares with.
const chartDays = 365

// olderRatings reports whether a skill has ratings before the span its
// chart shows by default.
func olderRatings(in *insights, id string, d journal.Drift) bool {
	pts := in.history[id]
	return len(pts) > 0 && pts[0].day < skillSeries(in, id, d, false).from
}

// skillSeries is the chart's data for a skill: its ratings up to today
// (over the last chartDays days, or back to the baseline window or a
// drifting verdict's reference, unless all), its baseline and level, the
// level drawn over the recent ratings it is made of.
func skillSeries(in *insights, id string, d journal.Drift, all bool) series {
	pts := in.history[id]
	s := series{points: pts, to: in.asOf, from: in.asOf, baseline: d.Baseline, baseFrom: d.BaselineFrom, level: d.Level}
	if len(pts) > 0 {
		s.first = pts[0].day
		s.from = pts[0].day
		if !all {
			from := in.asOf - chartDays + 1
			if d.Baseline.Valid && d.BaselineRatings > 0 { // a carried verdict names no baseline window
				from = min(from, d.BaselineFrom)
			}
			if d.Status == journal.StatusDrifting && d.Basis != journal.NoBasis {
				from = min(from, d.DriftSince)
			}
			if refFrom, _, ok := d.ReferenceDays(); ok {
				from = min(from, refFrom)
			}
			if pts[len(pts)-1].day >= from {
				s.from = max(s.from, from)
			}
		}
	}
	if d.Level.Valid && d.Recent > 0 {
		s.levelFrom = d.LevelFrom
	} else {
		s.levelFrom = in.asOf
	}
	if d.Status == journal.StatusDrifting && d.Basis != journal.NoBasis {
		s.basis, s.reference, s.since = d.Basis, d.Reference, d.DriftSince
		s.refFrom, s.refTo, _ = d.ReferenceDays() // none: from the chart's start
	}
	s.observed = observedPoints(in.feedback, id, in.asOf)
	return s
}

// observedPoints are the coach's observed ratings of skill id dated up to
// asOf, oldest first.
func observedPoints(fs []journal.Feedback, id string, asOf journal.Day) []ratingPoint {
	var out []ratingPoint
	for i := len(fs) - 1; i >= 0; i-- { // fs is newest first
		if f := fs[i]; f.Skill == id && f.Observed > 0 && f.Day <= asOf {
			out = append(out, ratingPoint{day: f.Day, value: int32(f.Observed)})
		}
	}
	return out
}

// referenceLegend names what the chart's reference line and column show
// for a drifting skill, as its sentence says it: the usual level before
// the drop and the day it began, or the same months a year earlier. ""
// for any other verdict.
func referenceLegend(d journal.Drift) string {
	if d.Status != journal.StatusDrifting {
		return ""
	}
	switch d.Basis {
	case journal.BasisRecent:
		return "usual level " + d.Reference.String() + " before the drop, drifting since " + d.DriftSince.Short()
	case journal.BasisYear:
		if d.ReferenceRatings == 0 { // carried from the facilitator's journal, without its days
			return "a year earlier " + d.Reference.String() + ", drifting since " + d.DriftSince.Short()
		}
		return "a year earlier " + d.Reference.String() + " (" + d.ReferenceFrom.Short() + " to " +
			d.ReferenceTo.Short() + "), drifting since " + d.DriftSince.Short()
	}
	return ""
}

// loadSkillReflections reads the newest entries that rate a skill and
// keeps their answered reflections.
func loadSkillReflections(entries journal.EntryService, id string, version int, log func(error)) tea.Cmd {
	return func() tea.Msg {
		es, err := entries.FindEntries(journal.EntryFilter{Skill: id, Limit: reflectionEntries})
		if err != nil {
			return skillReflectionsMsg{skill: id, version: version, err: logged(log, err)}
		}
		return skillReflectionsMsg{skill: id, version: version, refls: reflectionsOn(es, id)}
	}
}

// reflectionsOn keeps the answered reflections of entries (newest first)
// that rate skill id, at most detailReflections.
func reflectionsOn(es []*journal.Entry, id string) []skillReflection {
	var out []skillReflection
	for _, e := range es {
		for _, r := range e.Reflections {
			if strings.TrimSpace(r.Answer) == "" || len(out) == detailReflections {
				continue
			}
			out = append(out, skillReflection{date: e.Date, kind: e.Kind, rating: e.Ratings[id], refl: r})
		}
	}
	return out
}

func (d skillDetail) update(msg tea.Msg, ctx *shared) (skillDetail, tea.Cmd) {
	d, cmd := d.handle(msg, ctx)
	// H applies only where the chart leaves older ratings out, or shows them.
	d.keys.AllYears.SetEnabled(d.allYears || olderRatings(&ctx.data, d.skill.ID, d.drift))
	if d.bodyW != ctx.width {
		d.body, d.bodyW = d.lines(ctx, ctx.width), ctx.width
	}
	d.offset = max(0, min(d.offset, len(d.body)-scrollRows(len(d.body), max(1, ctx.bodyHeight()-1))))
	return d, cmd
}

func (d skillDetail) handle(msg tea.Msg, ctx *shared) (skillDetail, tea.Cmd) {
	switch msg.(type) {
	case insightsMsg, restyledMsg, promptsMsg, chartMsg, skillReflectionsMsg:
		d.bodyW = 0 // what the body shows may have changed
	}
	switch msg := msg.(type) {
	case insightsMsg:
		s, ok := ctx.data.catalog.Find(d.skill.ID)
		if !ok || s.Archived {
			d.closed = true
			return d, nil
		}
		d.skill = s
		d.drift, _ = ctx.data.driftOf(s.ID)
		return d, tea.Batch(d.chartCmd(ctx), ctx.skillReflections(s.ID))
	case tea.WindowSizeMsg, restyledMsg:
		return d, d.chartCmd(ctx)
	case chartMsg:
		if msg.key == d.want {
			d.chart, d.chartKey = msg.text, msg.key
		}
	case skillReflectionsMsg:
		if msg.skill == d.skill.ID && msg.version == ctx.data.version {
			if msg.err != nil {
				return d, showError(msg.err)
			}
			d.refls, d.reflsLoaded = msg.refls, true
		}
	case tea.MouseWheelMsg:
		d.offset = max(0, d.offset+wheelLines(msg))
	case tea.KeyPressMsg:
		k := d.keys
		page := max(1, ctx.bodyHeight()-2)
		switch {
		case key.Matches(msg, k.Back):
			d.closed = true
		case key.Matches(msg, k.Archive):
			return d, askArchive(d.skill)
		case key.Matches(msg, k.SelfAssess):
			return d, ctx.post(openSelfAssessMsg{})
		case key.Matches(msg, k.AllYears):
			d.allYears = !d.allYears
			d.bodyW = 0
			return d, d.chartCmd(ctx)
		default:
			if off, ok := k.scrollLines(msg, d.offset, page, len(d.body)); ok {
				d.offset = max(0, off)
			}
		}
	}
	return d, nil
}

// view draws the skill: a heading that stays, and below it the chart and
// the text, scrolled, with a last line saying what more is below.
func (d skillDetail) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	name := journal.SafeLine(d.skill.Name)
	badge := st.status(d.drift.Status).Render(strings.TrimSpace(statusLabel(d.drift)))
	if d.drift.Stale {
		badge += st.Stale.Render("  ○ stale")
	}
	head := spread(" "+st.Heading.Render(name)+st.Faint.Render("  "+journal.SafeLine(d.skill.ID)), badge+" ", w)
	return fitBlock(head+"\n"+scrollView(st, d.body, d.offset, w, max(1, h-1)), w, h)
}

// lines draw the scrolled part of the detail.
func (d skillDetail) lines(ctx *shared, w int) []string {
	st := &ctx.styles
	tw := min(w-2, 100)
	t := textLines{width: tw}
	add, para := t.add, t.para

	meta := journal.SafeLine(d.skill.KeyElement)
	if g := journal.SafeLine(d.skill.Group); g != "" && g != meta {
		meta += " · " + g
	}
	switch {
	case d.skill.Builtin:
	case ctx.readOnly():
		meta += " · the facilitator's own skill"
	default:
		meta += " · your own skill"
	}
	add(" " + st.Muted.Render(meta))

	dr := d.drift
	if dr.Ratings > 0 {
		add("")
		if d.chart != "" {
			for _, l := range strings.Split(d.chart, "\n") {
				add(" " + l)
			}
		} else {
			_, ch := chartSize(ctx.width, ctx.bodyHeight())
			add(" " + st.Muted.Render("Drawing the chart…"))
			add(make([]string, ch-1)...)
		}
		whose := " your ratings ("
		if ctx.readOnly() {
			whose = " ratings ("
		}
		legend := st.ChartLine.Render("⣿") + st.Muted.Render(whose+itoa(dr.Ratings)+", "+
			dr.FirstRated.Short()+" to "+dr.LastRated.Short()+")")
		if dr.Baseline.Valid {
			legend += "   " + st.ChartBaseline.Render("┄") + st.Muted.Render(" baseline "+dr.Baseline.String())
		}
		if dr.Level.Valid {
			legend += "   " + st.ChartLevel.Render("─") + st.Muted.Render(" level "+dr.Level.String())
		}
		if n := len(observedPoints(ctx.data.feedback, d.skill.ID, ctx.data.asOf)); n > 0 {
			legend += "   " + st.ChartObserved.Render("◆") + st.Muted.Render(" observed by your coach ("+itoa(n)+")")
		}
		add(" " + legend)
		if pts := ctx.data.history[d.skill.ID]; len(pts) > 0 && olderRatings(&ctx.data, d.skill.ID, dr) {
			span := "Last 12 months; under the axis, all ratings since " + pts[0].day.Time().Format("Jan 2006") + ". H: all years."
			if d.allYears {
				span = "All ratings since " + pts[0].day.Time().Format("Jan 2006") + ". H: the last 12 months."
			}
			add(" " + st.Muted.Render(truncateText(span, tw)))
		}
		if ref := referenceLegend(dr); ref != "" {
			add(" " + st.ChartReference.Render("╌ ┆") + st.Muted.Render(" "+ref))
		}
	}
	add("")
	para(journal.SafeLine(dr.Explanation), st.Text.Render, "")

	add("", " "+st.Heading.Render("Anchors"))
	if desc := journal.SafeLine(d.skill.Description); desc != "" {
		para(desc, st.Muted.Render, "")
	}
	for i, a := range d.skill.Anchors {
		a = journal.SafeLine(a)
		if a == "" {
			continue
		}
		for j, l := range wrapLines(a, tw-3, "") {
			lead := "   "
			if j == 0 {
				lead = st.RatingValue.Render(itoa(2*i+1)) + "  "
			}
			add(" " + lead + st.Text.Render(l))
		}
	}

	coachLines(&t, ctx, d.skill.ID)

	add("", " "+st.Heading.Render("Recent reflections"))
	switch {
	case !d.reflsLoaded:
		add(" " + st.Muted.Render("Loading…"))
	case len(d.refls) == 0:
		add(" " + st.Muted.Render("No reflections yet in the entries that rate this skill."))
	}
	for _, r := range d.refls {
		meta := r.date.Short() + " · " + journal.SafeLine(string(r.kind))
		if r.rating > 0 {
			meta += " · rated " + itoa(r.rating)
		}
		if r.refl.Starred {
			meta = st.Star.Render("★ ") + st.Muted.Render(meta)
		} else {
			meta = st.Muted.Render(meta)
		}
		add(" " + meta)
		add(" " + st.Key.Render("│ ") + st.Quote.Render(truncateText(journal.SafeLine(r.refl.Prompt), tw-2)))
		answer := wrapLines(journal.SafeLine(r.refl.Answer), tw-2, "")
		if len(answer) > 2 {
			answer = []string{answer[0], truncateText(answer[1]+" "+answer[2], tw-2)}
		}
		for _, l := range answer {
			add("   " + st.Text.Render(l))
		}
	}

	add("", " "+st.Heading.Render("Prompts for this skill"))
	ps := journal.PromptsFor(ctx.prompts, d.skill.ID)
	switch {
	case len(ps) > 0:
	case ctx.readOnly():
		add(" " + st.Muted.Render("No built-in prompts are tagged with "+journal.SafeLine(d.skill.ID)+"."))
	default:
		add(" " + st.Muted.Render("No prompts are tagged with "+journal.SafeLine(d.skill.ID)+"; add one on the Prompts tab."))
	}
	for _, p := range ps {
		for j, l := range wrapLines(journal.SafeLine(p.Text), tw-2, "") {
			lead := "  "
			if j == 0 {
				lead = st.Key.Render("•") + " "
			}
			add(" " + lead + st.Text.Render(l))
		}
	}
	add("")
	if ctx.readOnly() {
		para(journal.SharedRatingNote, st.Faint.Render, "") // the coach reads it
	} else {
		para(journal.SelfRatingNote, st.Faint.Render, "")
	}
	return t.lines
}

// skillDetailKeys are the keys of a skill's detail.
type skillDetailKeys struct {
	listKeys
	Back, Archive, SelfAssess key.Binding
	AllYears                  key.Binding // the chart's span: 12 months or all
	readOnly                  bool        // review mode: Archive and SelfAssess never apply
}

func newSkillDetailKeys() skillDetailKeys {
	return skillDetailKeys{
		listKeys:   newListKeys(),
		Back:       bind([]string{"esc", "backspace", "left", "h"}, "esc", "back"),
		Archive:    bind([]string{"x"}, "x", "archive"),
		SelfAssess: bind([]string{"S"}, "S", "self-assessment"),
		AllYears:   bind([]string{"H"}, "H", "years"),
	}
}

// ShortHelp lists the detail's keys for the footer.
func (k skillDetailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Down, k.PageDown, k.AllYears, k.Archive}
}

// FullHelp lists every key of the detail.
func (k skillDetailKeys) FullHelp() [][]key.Binding {
	if k.readOnly {
		return [][]key.Binding{k.all(), {k.Back, k.AllYears}}
	}
	return [][]key.Binding{k.all(), {k.Back, k.Archive, k.SelfAssess, k.AllYears}}
}
