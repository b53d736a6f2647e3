package ui

import (
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/NimbleMarkets/ntcharts/v2/canvas"
	"github.com/NimbleMarkets/ntcharts/v2/linechart"
	tslc "github.com/NimbleMarkets/ntcharts/v2/linechart/timeserieslinechart"

	"hone/journal"
)

// A skill's chart: its ratings over time with the baseline and the level of
// the drift rule drawn in. The drawing goes through lineChart, hone's own
// small interface, so that the charting library stays replaceable; ntChart
// draws with ntcharts.

// ratingPoint is one rating as charts and sparklines read it.
type ratingPoint struct {
	day   journal.Day
	value int32
}

// series is what a skill's chart shows.
type series struct {
	points   []ratingPoint // oldest first
	from, to journal.Day   // the days the time axis spans
	first    journal.Day   // of the first rating; before from when the chart shows the recent part
	baseline journal.Number
	// baseFrom is the first day of the ratings the baseline is the mean
	// of: the baseline is drawn from there on, so that its window shows.
	baseFrom journal.Day
	level    journal.Number
	// levelFrom is the first day of the recent ratings the level is made of;
	// the level is drawn from there to the end.
	levelFrom journal.Day
	// A drifting verdict's episode, what its sentence compares with: for
	// BasisRecent the reference A, drawn from refFrom (the first day of the
	// ratings it is the mean of) to the end; for BasisYear the mean of the
	// same months a year earlier, drawn over those months, refFrom to refTo.
	// since is the day the episode began, marked by a column. basis is
	// journal.NoBasis when there is no episode.
	basis          journal.Basis
	reference      journal.Number
	refFrom, refTo journal.Day
	since          journal.Day
	// observed are a coach's observed ratings of the skill (SPEC section
	// 11), oldest first: a second series, drawn as ◆, never part of the
	// drift.
	observed []ratingPoint
}

// lineChart draws a series in w x h cells. Render is pure and may be slow:
// callers cache its result.
type lineChart interface {
	Render(s series, w, h int) string
}

// chartStyles are the styles of a chart.
type chartStyles struct {
	line, baseline, level, reference, axis, label lipgloss.Style
	observed                                      lipgloss.Style
}

// The ratings scale, with half a point of room above and below, so that
// neither a 1 nor a 5 sits on the frame.
const (
	chartMinY = 0.5
	chartMaxY = 5.5
)

// chartMinDays is the shortest span of days a chart shows, so that a single
// rating or a few on one day still get a time axis.
const chartMinDays = 14

// longSpan is the span of days beyond which the time axis names months
// and years instead of days.
const longSpan = 300

// chartGapDays is the longest gap between two ratings that the line
// bridges; a longer one shows as a gap.
const chartGapDays = 60

// chartPointsPerColumn is how many points a chart draws at most for each
// column: more make a long journal's line a thicket.
const chartPointsPerColumn = 1

// ntChart draws with ntcharts' time series line chart, in braille.
type ntChart struct{ st chartStyles }

var _ lineChart = ntChart{}

// ratingsSet names the data sets of the ratings.
const ratingsSet = "ratings"

// Render draws the ratings in braille with labelled axes, and the baseline
// (┄) and the level (─) as horizontal lines where the ratings leave room;
// for a drifting skill, the reference it is drifting from (╌) and a column
// (┆) on the day the drift began.
func (c ntChart) Render(s series, w, h int) string {
	if w < 16 || h < 5 {
		return ""
	}
	from, to := s.from, s.to
	if to < from {
		from, to = to, from
	}
	if to-from < chartMinDays {
		from = to - chartMinDays
	}
	gh := h - 2 // the graph's rows above the axis and its labels
	xStep := 10
	if to-from > longSpan {
		xStep = 12
	}
	lc := tslc.New(w, h,
		tslc.WithTimeRange(from.Time(), to.Time()),
		tslc.WithYRange(chartMinY, chartMaxY),
		tslc.WithXYSteps(xStep, 1),
		tslc.WithXLabelFormatter(dateLabels(from, to)),
		tslc.WithYLabelFormatter(ratingLabels(gh)),
		tslc.WithAxesStyles(c.st.axis, c.st.label),
	)
	// Each run of ratings without a long gap is a data set of its own, so
	// that months without ratings show as a gap, not as a line.
	pts := downsample(s.points, from, to, chartPointsPerColumn*lc.GraphWidth())
	var sets []string
	for i, p := range pts {
		if i == 0 || p.at.Sub(pts[i-1].at) > chartGapDays*24*time.Hour {
			sets = append(sets, ratingsSet+itoa(len(sets)))
			lc.SetDataSetStyle(sets[len(sets)-1], c.st.line)
		}
		lc.PushDataSet(sets[len(sets)-1], tslc.TimePoint{Time: p.at, Value: p.value})
	}
	if len(sets) == 0 {
		lc.DrawXYAxisAndLabel()
	} else {
		lc.DrawBrailleDataSets(sets)
	}
	g := chartGeometry{origin: lc.Origin(), gw: lc.GraphWidth(), gh: gh, from: from, to: to}
	// The reference first: where it meets the baseline (as on the day a
	// drift begins), it is what the sentence speaks of.
	if s.basis != journal.NoBasis && s.reference.Valid {
		refTo := to
		if s.basis == journal.BasisYear {
			refTo = s.refTo
		}
		if s.refFrom <= to && refTo >= from {
			g.hline(&lc.Canvas, s.reference.Value, max(from, s.refFrom), min(to, refTo), '╌', c.st.reference)
		}
		if s.since >= from && s.since <= to {
			g.vline(&lc.Canvas, s.since, '┆', c.st.reference)
		}
	}
	if s.baseline.Valid {
		g.hline(&lc.Canvas, s.baseline.Value, max(from, s.baseFrom), to, '┄', c.st.baseline)
	}
	if s.level.Valid {
		g.hline(&lc.Canvas, s.level.Value, max(from, s.levelFrom), to, '─', c.st.level)
	}
	// A coach's observed ratings last, over whatever is there: they are
	// few, and each one matters.
	for _, p := range s.observed {
		if p.day >= from && p.day <= to {
			lc.Canvas.SetRuneWithStyle(canvas.Point{X: g.col(p.day), Y: g.row(float64(p.value))}, '◆', c.st.observed)
		}
	}
	return lc.View()
}

// chartGeometry maps days and ratings to the cells of an ntcharts braille
// chart, the way its braille grid does.
type chartGeometry struct {
	origin   canvas.Point
	gw, gh   int
	from, to journal.Day
}

// row is the canvas row of the braille dots of value v, rounded to the one
// decimal the legend shows, so that a level of 2.96 shown as "3" is drawn
// on the row of 3.
func (g chartGeometry) row(v float64) int {
	return brailleRow(math.Round(v*10)/10, g.gh)
}

// brailleRow is the row, counted from the top, that ntcharts' braille grid
// of gh rows puts a value v in.
func brailleRow(v float64, gh int) int {
	f := (v - chartMinY) / (chartMaxY - chartMinY)
	f = max(0, min(1, f))
	dots := gh*4 - 1
	fromBottom := int(math.Round(f * float64(dots))) // as ntcharts rounds
	return (dots - fromBottom) / 4
}

// col is the canvas column of day d.
func (g chartGeometry) col(d journal.Day) int {
	span := float64(g.to - g.from)
	f := 0.0
	if span > 0 {
		f = float64(d-g.from) / span
	}
	f = max(0, min(1, f))
	return g.origin.X + 1 + int(f*float64(2*g.gw-1))/2
}

// hline draws r at value v from day a to day b, on cells the ratings left
// empty.
func (g chartGeometry) hline(cv *canvas.Model, v float64, a, b journal.Day, r rune, st lipgloss.Style) {
	y := g.row(v)
	for x := g.col(a); x <= g.col(b); x++ {
		p := canvas.Point{X: x, Y: y}
		if cv.Cell(p).Rune == 0 {
			cv.SetRuneWithStyle(p, r, st)
		}
	}
}

// vline draws r in the column of day d over the graph's rows, on cells
// the ratings and the lines left empty.
func (g chartGeometry) vline(cv *canvas.Model, d journal.Day, r rune, st lipgloss.Style) {
	x := g.col(d)
	for y := range g.gh {
		p := canvas.Point{X: x, Y: y}
		if cv.Cell(p).Rune == 0 {
			cv.SetRuneWithStyle(p, r, st)
		}
	}
}

// ratingLabels labels the rows of the ratings 1 to 5, on the rows where the
// braille grid draws them, and leaves the others blank.
func ratingLabels(gh int) linechart.LabelFormatter {
	return func(i int, _ float64) string {
		row := gh - i
		for k := 1; k <= 5; k++ {
			if brailleRow(float64(k), gh) == row {
				return itoa(k)
			}
		}
		return ""
	}
}

// dateLabels formats the time axis: "2 Jan" for a span up to about a
// year, "Jan 2026" beyond.
func dateLabels(from, to journal.Day) linechart.LabelFormatter {
	layout := "2 Jan"
	if to-from > longSpan {
		layout = "Jan 2006"
	}
	return func(_ int, v float64) string {
		return time.Unix(int64(v), 0).UTC().Format(layout)
	}
}

// chartPoint is a point handed to the chart: a time and a value, the mean
// of the ratings of one bucket.
type chartPoint struct {
	at    time.Time
	value float64
}

// downsample reduces points (oldest first) to at most n, the means of
// ratings in n buckets of equal time between from and to, so that a chart
// of a long journal draws at most about two points per column. Fewer
// points than n are kept as they are; points outside [from, to] are left
// out.
func downsample(points []ratingPoint, from, to journal.Day, n int) []chartPoint {
	n = max(1, n)
	inRange := 0
	for _, p := range points {
		if p.day >= from && p.day <= to {
			inRange++
		}
	}
	out := make([]chartPoint, 0, min(inRange, n))
	if inRange <= n {
		for _, p := range points {
			if p.day >= from && p.day <= to {
				out = append(out, chartPoint{at: p.day.Time(), value: float64(p.value)})
			}
		}
		return out
	}
	span := float64(to-from) + 1
	type bucket struct {
		days, sum float64
		n         int
	}
	buckets := make([]bucket, n)
	for _, p := range points {
		if p.day < from || p.day > to {
			continue
		}
		i := min(n-1, int(float64(p.day-from)*float64(n)/span))
		b := &buckets[i]
		b.days += float64(p.day - from)
		b.sum += float64(p.value)
		b.n++
	}
	for _, b := range buckets {
		if b.n == 0 {
			continue
		}
		day := float64(from) + b.days/float64(b.n)
		at := time.Unix(int64(math.Round(day*86400)), 0).UTC()
		out = append(out, chartPoint{at: at, value: b.sum / float64(b.n)})
	}
	return out
}

// historyStrip draws the whole history of s under its chart of w cells,
// when the chart shows less than all of it: one row of blocks, the means
// of the ratings in equal spans of time from the first rating to the end,
// the span the chart shows in the ratings' style, the older part faint.
// "" when the chart shows every rating.
func historyStrip(s series, w int, st chartStyles) string {
	if len(s.points) == 0 || s.first >= s.from || w < 24 {
		return ""
	}
	label := s.first.Time().Format("Jan 2006") + " "
	n := w - len(label) - 1
	span := float64(s.to-s.first) + 1
	type bucket struct{ sum, n int }
	bs := make([]bucket, n)
	for _, p := range s.points {
		if p.day < s.first || p.day > s.to {
			continue
		}
		b := &bs[min(n-1, int(float64(p.day-s.first)*float64(n)/span))]
		b.sum += int(p.value)
		b.n++
	}
	var older, shown strings.Builder
	for i, b := range bs {
		r := ' '
		if b.n > 0 {
			r = sparkLevels[max(1, min(5, int(math.Round(float64(b.sum)/float64(b.n)))))]
		}
		if s.first+journal.Day(float64(i+1)*span/float64(n)) <= s.from {
			older.WriteRune(r)
		} else {
			shown.WriteRune(r)
		}
	}
	return st.label.Render(label) + st.axis.Render(older.String()) + st.line.Render(shown.String())
}

// sparkLevels draw ratings 1 to 5 as blocks of rising height.
var sparkLevels = [6]rune{' ', '▁', '▃', '▄', '▆', '█'}

// sparkline draws the newest n ratings of points as blocks, newest on the
// right, padded on the left to n cells.
func sparkline(points []ratingPoint, n int) string {
	start := max(0, len(points)-n)
	var b strings.Builder
	b.Grow(3 * n)
	for range n - (len(points) - start) {
		b.WriteByte(' ')
	}
	for _, p := range points[start:] {
		b.WriteRune(sparkLevels[max(1, min(5, int(p.value)))])
	}
	return b.String()
}
