package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"hone/journal"
)

// The geometry of a chart, in SVG user units.
const (
	chartW      = 600
	chartH      = 230
	chartLeft   = 30
	chartRight  = 92 // room for the "baseline" and "level" labels
	chartTop    = 12
	chartBottom = 32
	plotW       = chartW - chartLeft - chartRight
	plotH       = chartH - chartTop - chartBottom

	// MaxPoints is the most dots a chart draws: a longer series is shown
	// as the means of at most this many equal spans of time.
	MaxPoints = 200

	// ChartDays is the span a chart shows by default: the last 12 months,
	// longer only to take in the drift rule's baseline window or the
	// reference a drifting verdict compares with. Older ratings show in
	// the history strip below it.
	ChartDays = 365

	// The history strip, below the x axis labels.
	histTop = chartH + 12
	histH   = 30
	histBot = histTop + histH
	chartHH = histBot + 20 // the height of a chart with a history strip
)

// chart is one skill's SVG chart, every coordinate already a formatted
// number: the template puts no text from the export into SVG geometry.
type chart struct {
	ID         string
	Name       string
	SkillID    string
	KeyElement string
	Badge      badge
	Stale      bool
	Title      string // the SVG's <title>
	Desc       string // the SVG's <desc>
	ViewBox    string
	Grid       []gridLine
	XTicks     []xTick
	PlotX0     string
	PlotX1     string
	PlotY1     string
	AxisX      string // where the y labels end
	TickY      string // where the x ticks end
	TickLabelY string
	Window     *rect // the baseline window, shaded
	Dots       []dot
	Baseline   string // path data, "" without a baseline
	Level      string // path data, "" without recent ratings
	// Reference and Since draw what a drifting verdict's sentence compares
	// with: the usual level before the drop (from the first day of its
	// ratings on) or the same months a year earlier (over those months),
	// and the day the drift began. RefTip names them. "" when not drifting.
	Reference, Since, RefTip string
	Labels                   []label
	Caption                  string
	// History is the strip of the whole history when the chart shows less
	// than all of it; nil otherwise.
	History *history
}

// history is the strip under a chart: the monthly means of every rating,
// with the span the chart above shows marked.
type history struct {
	Frame     rect
	Shown     rect
	Line      string // path data
	FromLabel string
	ToLabel   string
	LabelY    string
	FromX     string
	ToX       string
	Tip       string
}

type gridLine struct{ Y, Label, LabelY string }

type xTick struct{ X, Label string }

type rect struct{ X, Y, W, H string }

type dot struct{ X, Y, Tip string }

type label struct{ X, Y, Text, Class string }

// f formats a coordinate with one decimal.
func f(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10+0, 'f', -1, 64)
}

// buildChart draws the ratings of one skill up to asOf, with the baseline
// and the level (the mean of the recent ratings) of its drift analysis d. ratings are the skill's
// ratings in any order; x gives the date form.
func buildChart(x *journal.Export, s journal.Skill, d journal.Drift, ratings []journal.Rating, asOf journal.Day, id string) *chart {
	rs := make([]journal.Rating, 0, len(ratings))
	for _, r := range ratings {
		if r.Date <= asOf {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil
	}
	// The order of the drift rule: by date, then by entry id.
	slices.SortStableFunc(rs, func(a, b journal.Rating) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.EntryID, b.EntryID))
	})
	// The span shown: the last ChartDays days, or back to the start of the
	// baseline window or of a drifting verdict's reference; never before
	// the first rating.
	first := rs[0].Date
	d0, d1 := asOf-ChartDays+1, asOf
	if d.Baseline.Valid && d.BaselineRatings > 0 { // a carried verdict names no baseline window
		d0 = min(d0, d.BaselineFrom)
	}
	refFrom, refTo, refDays := d.ReferenceDays()
	if d.Status == journal.StatusDrifting && d.Basis != journal.NoBasis && d.Reference.Valid {
		d0 = min(d0, d.DriftSince)
		if refDays {
			d0 = min(d0, refFrom)
		}
	}
	d0 = max(d0, first)
	if d1-d0 < 14 {
		d0 = d1 - 14
	}
	all := rs
	switch i := slices.IndexFunc(rs, func(r journal.Rating) bool { return r.Date >= d0 }); {
	case i < 0: // no rating in the span: the chart shows them all
		d0 = first
	default:
		rs = rs[i:]
	}
	px := func(day float64) float64 { return chartLeft + (day-float64(d0))/float64(d1-d0)*plotW }
	py := func(v float64) float64 { return chartTop + (5-v)/4*plotH }

	c := &chart{
		ID:         id,
		Name:       s.Name,
		SkillID:    s.ID,
		KeyElement: s.KeyElement,
		Badge:      badgeFor(d.Status),
		Stale:      d.Stale,
		ViewBox:    "0 0 " + strconv.Itoa(chartW) + " " + strconv.Itoa(chartH),
		PlotX0:     f(chartLeft),
		PlotX1:     f(chartLeft + plotW),
		PlotY1:     f(chartTop + plotH),
		AxisX:      f(chartLeft - 8),
		TickY:      f(chartTop + plotH + 4),
		TickLabelY: f(chartTop + plotH + 21),
	}
	for v := 1; v <= 5; v++ {
		c.Grid = append(c.Grid, gridLine{Y: f(py(float64(v))), LabelY: f(py(float64(v)) + 4), Label: strconv.Itoa(v)})
	}
	for _, t := range ticks(d0, d1, x.WeekDates()) {
		c.XTicks = append(c.XTicks, xTick{X: f(px(float64(t.day))), Label: t.label})
	}

	// The dots: every rating, or the means of equal spans of time.
	if len(rs) <= MaxPoints {
		for _, r := range rs {
			c.Dots = append(c.Dots, dot{X: f(px(float64(r.Date))), Y: f(py(float64(r.Value))),
				Tip: x.FormatDay(r.Date) + ": " + strconv.Itoa(r.Value)})
		}
	} else {
		span := int(d1-d0) + 1
		n := min(MaxPoints, span)
		type bucket struct {
			days, sum, count int
			from, to         journal.Day
		}
		bs := make([]bucket, n)
		for _, r := range rs {
			b := &bs[int(r.Date-d0)*n/span]
			if b.count == 0 {
				b.from = r.Date
			}
			b.to = r.Date
			b.days += int(r.Date - d0)
			b.sum += r.Value
			b.count++
		}
		points := 0
		for _, b := range bs {
			if b.count == 0 {
				continue
			}
			points++
			mean := float64(b.sum) / float64(b.count)
			tip := x.FormatDay(b.from) + " to " + x.FormatDay(b.to) + ": mean " + fmtPoints(mean) + " of " + strconv.Itoa(b.count) + " ratings"
			if b.from == b.to {
				tip = x.FormatDay(b.from) + ": mean " + fmtPoints(mean) + " of " + strconv.Itoa(b.count) + " ratings"
			}
			c.Dots = append(c.Dots, dot{X: f(px(float64(d0) + float64(b.days)/float64(b.count))), Y: f(py(mean)), Tip: tip})
		}
		c.Caption = "This chart shows " + strconv.Itoa(len(rs)) + " ratings as " + strconv.Itoa(points) +
			" points: each point is the mean of the ratings in a span of about " + strconv.Itoa(max(1, span/n)) +
			" days. The baseline and the level are computed from every rating."
	}

	// The baseline, from its first rating on, and the level over the recent
	// ratings: the drift rule's own numbers (SPEC section 4).
	type pending struct {
		Y           float64
		Text, Class string
	}
	var labels []pending
	if d.Baseline.Valid {
		b := d.Baseline.Value
		yb := py(b)
		if d.BaselineRatings > 0 {
			c.Window = &rect{X: f(px(float64(d.BaselineFrom))), Y: f(chartTop), W: f(max(2, px(float64(d.BaselineTo))-px(float64(d.BaselineFrom)))), H: f(plotH)}
			c.Baseline = "M" + f(px(float64(d.BaselineFrom))) + " " + f(yb) + "H" + f(chartLeft+plotW)
		} else {
			// A verdict carried from the facilitator's journal names no
			// baseline window: the baseline spans the chart.
			c.Baseline = "M" + f(chartLeft) + " " + f(yb) + "H" + f(chartLeft+plotW)
		}
		labels = append(labels, pending{Y: yb, Text: "baseline " + d.Baseline.String(), Class: "lbl-base"})
		if d.Level.Valid && d.Recent > 0 {
			// The level is the mean of the level set, the newest Recent
			// ratings: a line over the days they span.
			yl := py(d.Level.Value)
			c.Level = "M" + f(px(float64(d.LevelFrom))) + " " + f(yl) + "H" + f(px(float64(rs[len(rs)-1].Date))+2)
			labels = append(labels, pending{Y: py(d.Level.Value), Text: "level " + d.Level.String(), Class: "lbl-level"})
		}
	}
	if d.Status == journal.StatusDrifting && d.Basis != journal.NoBasis && d.Reference.Valid {
		end := rs[len(rs)-1].Date
		what := "usual level " + d.Reference.String() + " before the drop"
		if d.Basis == journal.BasisYear {
			what = "same months a year earlier, mean " + d.Reference.String()
		} else {
			refTo = end
		}
		if !refDays {
			// A recent verdict carried from the facilitator's journal
			// names no days for its reference: it spans the chart.
			refFrom = d0
		} else if d.ReferenceRatings > 0 {
			what += " (" + x.FormatDay(d.ReferenceFrom) + " to " + x.FormatDay(d.ReferenceTo) + ")"
		}
		yr := py(d.Reference.Value)
		c.Reference = "M" + f(px(float64(refFrom))) + " " + f(yr) + "H" + f(max(px(float64(refFrom))+2, px(float64(refTo))))
		c.Since = "M" + f(px(float64(d.DriftSince))) + " " + f(chartTop) + "V" + f(chartTop+plotH)
		c.RefTip = "Drifting since " + x.FormatDay(d.DriftSince) + ", below the " + what
	}
	// Keep the two labels apart.
	if len(labels) == 2 && math.Abs(labels[0].Y-labels[1].Y) < 15 {
		mid := (labels[0].Y + labels[1].Y) / 2
		up, down := 0, 1
		if labels[1].Y < labels[0].Y || labels[1].Y == labels[0].Y && d.Level.Value > d.Baseline.Value {
			up, down = 1, 0
		}
		labels[up].Y, labels[down].Y = mid-7.5, mid+7.5
	}
	for _, l := range labels {
		c.Labels = append(c.Labels, label{X: f(chartLeft + plotW + 6), Y: f(l.Y + 4), Text: l.Text, Class: l.Class})
	}

	if len(all) > len(rs) {
		c.History = historyStrip(x, all, d0, d1)
		c.ViewBox = "0 0 " + strconv.Itoa(chartW) + " " + strconv.Itoa(chartHH)
		shown := "The chart shows " + x.FormatDay(d0) + " to " + x.FormatDay(d1) + " (" + countOf(len(rs), "rating", "ratings") +
			"); the strip below it, all " + countOf(len(all), "rating", "ratings") + " since " + x.FormatDay(first) + " as monthly means."
		c.Caption = strings.TrimSpace(shown + " " + c.Caption)
	}

	c.Title = s.Name + ": self-ratings over time"
	c.Desc = countOf(len(all), "rating", "ratings") + " from " + x.FormatDay(all[0].Date) + " to " + x.FormatDay(all[len(all)-1].Date) + ". Status: " + c.Badge.Label + "."
	if len(all) > len(rs) {
		c.Desc += " The chart shows " + x.FormatDay(d0) + " to " + x.FormatDay(d1) + "."
	}
	if d.Baseline.Valid {
		c.Desc += " Baseline " + d.Baseline.String() + ", level " + d.Level.String() + "."
	}
	if c.RefTip != "" {
		c.Desc += " " + c.RefTip + "."
	}
	return c
}

// historyStrip draws every rating of rs (by date), first to d1, as
// monthly means in a thin strip, with the span d0 to d1 that the chart
// above shows marked.
func historyStrip(x *journal.Export, rs []journal.Rating, d0, d1 journal.Day) *history {
	first := rs[0].Date
	if d1 <= first {
		return nil
	}
	hx := func(day journal.Day) float64 { return chartLeft + float64(day-first)/float64(d1-first)*plotW }
	hy := func(v float64) float64 { return histTop + 2 + (5-v)/4*(histH-4) }
	var b strings.Builder
	sum, n := 0, 0
	var month time.Time
	var mid journal.Day
	flush := func() {
		if n == 0 {
			return
		}
		if b.Len() == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(f(hx(mid)) + " " + f(hy(float64(sum)/float64(n))))
		sum, n = 0, 0
	}
	for _, r := range rs {
		if r.Date > d1 {
			break
		}
		t := r.Date.Time()
		m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if !m.Equal(month) {
			flush()
			month = m
			mid = min(d1, journal.DayOf(m.AddDate(0, 0, 14)))
		}
		sum += r.Value
		n++
	}
	flush()
	return &history{
		Frame:     rect{X: f(chartLeft), Y: f(histTop), W: f(plotW), H: f(histH)},
		Shown:     rect{X: f(hx(d0)), Y: f(histTop), W: f(max(2, hx(d1)-hx(d0))), H: f(histH)},
		Line:      b.String(),
		FromLabel: first.Time().Format("Jan 2006"),
		ToLabel:   "all ratings",
		LabelY:    f(histBot + 14),
		FromX:     f(chartLeft),
		ToX:       f(chartLeft + plotW + 6),
		Tip:       "All ratings from " + x.FormatDay(first) + " as monthly means; the shaded part is the span of the chart above.",
	}
}

type tick struct {
	day   journal.Day
	label string
}

// ticks returns a few dates for the x axis between d0 and d1: the first of
// some months for a long span, some Mondays for a short one.
func ticks(d0, d1 journal.Day, week bool) []tick {
	var out []tick
	if d1-d0 > 120 {
		t := d0.Time()
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
		months := int(d1-d0)/30 + 1
		step := max(1, (months+5)/6)
		for m := first; journal.DayOf(m) <= d1; m = m.AddDate(0, step, 0) {
			label := m.Format("Jan 2006")
			out = append(out, tick{journal.DayOf(m), label})
		}
		return out
	}
	monday := d0 + journal.Day((8-int(d0.Time().Weekday()))%7)
	weeks := int(d1-monday)/7 + 1
	step := max(1, (weeks+5)/6)
	for day := monday; day <= d1; day += journal.Day(7 * step) {
		label := day.Time().Format("2 Jan")
		if week {
			label = day.Week()
		}
		out = append(out, tick{day, label})
	}
	return out
}

// fmtPoints formats a rating-scale number with at most one decimal.
func fmtPoints(v float64) string {
	return journal.Number{Value: v, Valid: true}.String()
}

// countOf writes n with its noun: "1 rating", "1,234 ratings".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
