package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"hone/journal"
)

// plainChart renders a series in monochrome, as plain text.
func plainChart(s series, w, h int) string {
	st := newStyles(true, true)
	return ansi.Strip(ntChart{st: st.chart()}.Render(s, w, h))
}

// ratingsFrom makes ratings on the given days with the given values.
func ratingsFrom(days []journal.Day, values []int) []ratingPoint {
	out := make([]ratingPoint, len(days))
	for i := range days {
		out[i] = ratingPoint{day: days[i], value: int32(values[i])}
	}
	return out
}

// brailleRows returns the rows of a chart that hold braille dots.
func brailleRows(chart string) []int {
	var rows []int
	for i, l := range strings.Split(chart, "\n") {
		if strings.ContainsFunc(l, func(r rune) bool { return r > 0x2800 && r <= 0x28ff }) {
			rows = append(rows, i)
		}
	}
	return rows
}

// labelRow returns the row whose y-axis label is the rating k.
func labelRow(chart string, k int) int {
	for i, l := range strings.Split(chart, "\n") {
		if strings.HasPrefix(l, itoa(k)+"│") || strings.HasPrefix(l, itoa(k)+"┤") {
			return i
		}
	}
	return -1
}

func TestChartShape(t *testing.T) {
	const w, h = 60, 12
	tests := []struct {
		name   string
		series series
		check  func(t *testing.T, chart string)
	}{
		{
			name:   "OneRating",
			series: series{points: ratingsFrom([]journal.Day{testToday}, []int{4}), from: testToday, to: testToday},
			check: func(t *testing.T, chart string) {
				rows := brailleRows(chart)
				if len(rows) != 1 || rows[0] != labelRow(chart, 4) {
					t.Errorf("braille on rows %v, want only the row of 4 (%d)", rows, labelRow(chart, 4))
				}
			},
		},
		{
			name: "AllEqual",
			series: func() series {
				var days []journal.Day
				var vals []int
				for i := range 20 {
					days = append(days, testToday-journal.Day(60-3*i))
					vals = append(vals, 3)
				}
				return series{points: ratingsFrom(days, vals), from: days[0], to: testToday,
					baseline: journal.Number{Value: 3, Valid: true}, level: journal.Number{Value: 3, Valid: true}, levelFrom: testToday - 29}
			}(),
			check: func(t *testing.T, chart string) {
				rows := brailleRows(chart)
				if len(rows) != 1 || rows[0] != labelRow(chart, 3) {
					t.Errorf("braille on rows %v, want only the row of 3 (%d)", rows, labelRow(chart, 3))
				}
			},
		},
		{
			name: "GapOfMonths",
			series: series{
				points: ratingsFrom([]journal.Day{testToday - 400, testToday - 390, testToday - 20, testToday - 10},
					[]int{2, 2, 5, 5}),
				from: testToday - 400, to: testToday,
			},
			check: func(t *testing.T, chart string) {
				lines := strings.Split(chart, "\n")
				if !strings.ContainsAny(lines[len(lines)-1], "0123456789") {
					t.Errorf("no dates under the time axis:\n%s", chart)
				}
				// Nothing is drawn across the months without ratings.
				mid := strings.Split(chart, "\n")[labelRow(chart, 3)]
				if strings.ContainsFunc(mid, func(r rune) bool { return r > 0x2800 && r <= 0x28ff }) {
					t.Errorf("a line bridges the gap of months:\n%s", chart)
				}
				rows := brailleRows(chart)
				if rows[0] != labelRow(chart, 5) || rows[len(rows)-1] != labelRow(chart, 2) {
					t.Errorf("braille on rows %v, want from the row of 5 (%d) to the row of 2 (%d)", rows,
						labelRow(chart, 5), labelRow(chart, 2))
				}
			},
		},
		{
			name: "BaselineAndLevel",
			series: func() series {
				var days []journal.Day
				var vals []int
				for i := range 30 {
					days = append(days, testToday-journal.Day(118-4*i))
					vals = append(vals, 5)
				}
				return series{points: ratingsFrom(days, vals), from: days[0], to: testToday,
					baseline: journal.Number{Value: 3, Valid: true}, level: journal.Number{Value: 1, Valid: true}, levelFrom: testToday - 29}
			}(),
			check: func(t *testing.T, chart string) {
				lines := strings.Split(chart, "\n")
				if !strings.Contains(lines[labelRow(chart, 3)], "┄┄┄") {
					t.Errorf("no baseline on the row of 3:\n%s", chart)
				}
				if !strings.Contains(lines[labelRow(chart, 1)], "───") {
					t.Errorf("no level on the row of 1:\n%s", chart)
				}
			},
		},
		{
			// Drifting, basis recent: the usual level before the drop (4)
			// from the first day of its ratings on, and a column on the day
			// the drift began, 40 days back.
			name: "DriftingFromReference",
			series: func() series {
				var days []journal.Day
				var vals []int
				for i := range 30 {
					days = append(days, testToday-journal.Day(118-4*i))
					vals = append(vals, 1)
				}
				return series{points: ratingsFrom(days, vals), from: days[0], to: testToday,
					baseline: journal.Number{Value: 3, Valid: true}, level: journal.Number{Value: 2, Valid: true}, levelFrom: testToday - 29,
					basis: journal.BasisRecent, reference: journal.Number{Value: 4, Valid: true}, refFrom: testToday - 100, refTo: testToday - 50,
					since: testToday - 40}
			}(),
			check: func(t *testing.T, chart string) {
				lines := strings.Split(chart, "\n")
				if !strings.Contains(lines[labelRow(chart, 4)], "╌╌╌") {
					t.Errorf("no reference on the row of 4:\n%s", chart)
				}
				col := -1
				for _, row := range []int{labelRow(chart, 5), labelRow(chart, 2)} {
					c := strings.IndexRune(lines[row], '┆')
					if c < 0 || col >= 0 && c != col {
						t.Errorf("no start column on row %d (or not the same column):\n%s", row, chart)
					}
					col = c
				}
				// The column is 40 of the 118 days from the right edge.
				axis := []rune(lines[labelRow(chart, 5)])
				at := len([]rune(lines[labelRow(chart, 5)][:col]))
				if frac := float64(len(axis)-at) / float64(len(axis)-2); frac < 0.25 || frac > 0.45 {
					t.Errorf("the start column is at %d of %d cells:\n%s", at, len(axis), chart)
				}
			},
		},
		{
			// Drifting, basis year: the reference over the same months a
			// year earlier only.
			name: "DriftingFromAYearEarlier",
			series: func() series {
				var days []journal.Day
				var vals []int
				for i := range 100 {
					days = append(days, testToday-journal.Day(400-4*i))
					vals = append(vals, 1)
				}
				return series{points: ratingsFrom(days, vals), from: days[0], to: testToday,
					basis: journal.BasisYear, reference: journal.Number{Value: 4, Valid: true}, refFrom: testToday - 400, refTo: testToday - 300,
					since: testToday - 20}
			}(),
			check: func(t *testing.T, chart string) {
				row := []rune(strings.Split(chart, "\n")[labelRow(chart, 4)])
				first, last := -1, -1
				for i, r := range row {
					if r == '╌' {
						if first < 0 {
							first = i
						}
						last = i
					}
				}
				if first < 0 || last > len(row)*2/5 {
					t.Errorf("the year-ago reference spans cells %d to %d of %d, want the first quarter:\n%s", first, last, len(row), chart)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chart := plainChart(tt.series, w, h)
			checkScreen(t, chart, w, h)
			for _, k := range []int{1, 2, 3, 4, 5} {
				if labelRow(chart, k) < 0 {
					t.Errorf("no label for %d", k)
				}
			}
			tt.check(t, chart)
			if t.Failed() || testing.Verbose() {
				t.Logf("\n%s", chart)
			}
		})
	}
}

// TestChartManyRatings draws 100,000 ratings: the chart is downsampled to
// a few points per column before drawing.
func TestChartManyRatings(t *testing.T) {
	const n = 100_000
	pts := make([]ratingPoint, n)
	for i := range pts {
		pts[i] = ratingPoint{day: testToday - journal.Day(3650) + journal.Day(i*3650/n), value: int32(1 + i%5)}
	}
	s := series{points: pts, from: pts[0].day, to: testToday}
	if got := len(downsample(pts, s.from, s.to, 2*118)); got > 2*118 {
		t.Errorf("downsampled to %d points, want at most %d", got, 2*118)
	}
	chart := plainChart(s, 120, 16)
	checkScreen(t, chart, 120, 16)
	if len(brailleRows(chart)) == 0 {
		t.Errorf("nothing drawn:\n%s", chart)
	}
}

func TestDownsampleKeepsMeans(t *testing.T) {
	pts := ratingsFrom([]journal.Day{10, 10, 11, 11, 30}, []int{1, 3, 5, 5, 2})
	got := downsample(pts, 10, 30, 2)
	if len(got) != 2 {
		t.Fatalf("got %d points, want 2", len(got))
	}
	if got[0].value != 3.5 || got[1].value != 2 {
		t.Errorf("means %v and %v, want 3.5 and 2", got[0].value, got[1].value)
	}
	if got := downsample(pts, 10, 30, 10); len(got) != len(pts) {
		t.Errorf("few points: got %d, want them all (%d)", len(got), len(pts))
	}
}

func TestSparkline(t *testing.T) {
	pts := ratingsFrom([]journal.Day{1, 2, 3, 4, 5}, []int{1, 2, 3, 4, 5})
	if got, want := sparkline(pts, 6), " ▁▃▄▆█"; got != want {
		t.Errorf("sparkline = %q, want %q", got, want)
	}
	if got, want := sparkline(pts, 3), "▄▆█"; got != want {
		t.Errorf("sparkline of the newest 3 = %q, want %q", got, want)
	}
}

func BenchmarkChart100000Ratings(b *testing.B) {
	pts := make([]ratingPoint, 100_000)
	for i := range pts {
		pts[i] = ratingPoint{day: testToday - 3650 + journal.Day(i*3650/len(pts)), value: int32(1 + i%5)}
	}
	st := newStyles(true, false)
	c := ntChart{st: st.chart()}
	s := series{points: pts, from: pts[0].day, to: testToday}
	for b.Loop() {
		c.Render(s, 120, 16)
	}
}

// TestSkillSeriesOfACarriedVerdict: the chart of a verdict carried in an
// export (review mode), which names no baseline window and no days of its
// reference, keeps to its last months rather than the whole history, and
// draws a year verdict's reference over the window of the same months a
// year earlier (ages 365 to 454 on the day it was evaluated on). It
// spanned every year of the history and drew no year reference.
func TestSkillSeriesOfACarriedVerdict(t *testing.T) {
	asOf := journal.Date(2026, time.March, 1)
	var pts []ratingPoint
	for age := 3 * 365; age >= 0; age -= 3 {
		pts = append(pts, ratingPoint{day: asOf - journal.Day(age), value: 3})
	}
	in := &insights{asOf: asOf, history: map[string][]ratingPoint{"eng.mi": pts}, histories: true}
	n := func(v float64) journal.Number { return journal.Number{Value: v, Valid: true} }
	carried := journal.Drift{Skill: "eng.mi", AsOf: asOf, Status: journal.StatusDrifting, Baseline: n(3), Level: n(3),
		Reference: n(4), Basis: journal.BasisRecent, DriftSince: asOf - 20, EvaluatedOn: asOf, Evaluated: true, Ratings: len(pts)}
	if s := skillSeries(in, "eng.mi", carried, false); s.from != asOf-chartDays+1 {
		t.Errorf("a carried recent verdict's chart starts on %s, want %s", s.from, asOf-chartDays+1)
	}
	carried.Basis, carried.Reference = journal.BasisYear, n(3.5)
	s := skillSeries(in, "eng.mi", carried, false)
	if s.from != asOf-454 || s.refFrom != asOf-454 || s.refTo != asOf-365 {
		t.Errorf("a carried year verdict's chart: from %s, reference %s to %s; want %s, %s to %s",
			s.from, s.refFrom, s.refTo, asOf-454, asOf-454, asOf-365)
	}
}
