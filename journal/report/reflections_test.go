package report_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// digestJournal has shared reflections over two years: one starred a year
// ago, some in the last 90 days, more before, and a private one.
func digestJournal() []*journal.Entry {
	mk := func(ago int, ratings map[string]int, refls ...journal.Reflection) *journal.Entry {
		return &journal.Entry{ID: "01m89gn0a3gfn" + string(rune('a'+ago%26)) + string(rune('a'+ago/26%26)) + "x",
			Date: end - journal.Day(ago), Kind: journal.KindCheckIn, Ratings: ratings, Reflections: refls}
	}
	return []*journal.Entry{
		mk(700, map[string]int{"eng.mi": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-ONE in 2024", Shared: true}),
		mk(400, map[string]int{"eng.mi": 3, "plan.safety": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-TWO", Shared: true}),
		mk(365, map[string]int{"eng.mi": 5, "plan.safety": 3}, journal.Reflection{Prompt: "Bring this?", Answer: "STARRED-ONE", Shared: true, Starred: true}),
		mk(60, map[string]int{"plan.safety": 4}, journal.Reflection{Prompt: "Went well?", Answer: "RECENT-OLDER", Shared: true},
			journal.Reflection{Prompt: "Private?", Answer: "PRIVATE-STARRED", Starred: true}),
		mk(2, map[string]int{"team.facil": 1}, journal.Reflection{Prompt: "Next?", Answer: "RECENT-NEWEST", Shared: true}),
	}
}

// inOrder reports whether every one of subs is in s, in that order.
func inOrder(s string, subs ...string) bool {
	at := 0
	for _, sub := range subs {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			return false
		}
		at += i + len(sub)
	}
	return true
}

// A coach-safe report shows the starred reflection first, then the last 90
// days in full by month, newest first, each card with the skills and
// ratings of its entry; the earlier ones are counted, not shown.
func TestWriteReflectionDigest(t *testing.T) {
	x := journal.BuildExport(digestJournal(), journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	out := write(t, x)
	checkSelfContained(t, out)
	sec := out[strings.Index(out, `<section id="reflections">`):]
	if !inOrder(sec, "For supervision", "STARRED-ONE", "February 2026", "RECENT-NEWEST", "December 2025", "RECENT-OLDER", "Earlier") {
		t.Errorf("want starred first, then the months newest first:\n%s", sec)
	}
	for _, want := range []string{"MI skills <strong>5</strong>", "Crisis and safety planning <strong>3</strong>",
		"Meeting facilitation <strong>1</strong>", "2 earlier reflections", `<strong>2024</strong> <span class="muted">(1)</span> Mar: 1`, `<strong>2025</strong> <span class="muted">(1)</span> Jan: 1`,
		"MI skills 2", "Crisis and safety planning 1"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the section lacks %q:\n%s", want, sec)
		}
	}
	for _, bad := range []string{"OLD-ONE", "OLD-TWO", "PRIVATE-STARRED"} {
		if strings.Contains(out, bad) {
			t.Errorf("the report shows %s in full", bad)
		}
	}
}

// Over years of ratings a chart shows the last 12 months (or back to the
// baseline window or a drifting verdict's reference) and the whole history
// in a strip below: every dot of the chart is in that span, the baseline
// window is wide enough to read, and the strip is there when older ratings
// are.
func TestChartShowsTheLastYear(t *testing.T) {
	x, asOf := fewYears(t)
	out := write(t, x)
	ratings, err := x.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	drifts := journal.AnalyzeShared(x.Catalog(), ratings, asOf)
	byName := map[string]journal.Drift{}
	for _, d := range drifts {
		s, _ := x.Catalog().Find(d.Skill)
		byName[s.Name] = d
	}
	figs := regexp.MustCompile(`(?s)<figure class="chart".*?</figure>`).FindAllString(out, -1)
	if len(figs) < 10 {
		t.Fatalf("%d charts", len(figs))
	}
	dotDay := regexp.MustCompile(`<circle class="dot"[^>]*><title>(\d+ \w+ \d{4}):`)
	for _, fig := range figs {
		name := regexp.MustCompile(`<h3>(.*?) <span`).FindStringSubmatch(fig)[1]
		d, ok := byName[name]
		if !ok {
			t.Fatalf("no drift for %q", name)
		}
		from := asOf - 365 + 1 // the last 12 months
		if d.Baseline.Valid {
			from = min(from, d.BaselineFrom)
		}
		if d.Status == journal.StatusDrifting && d.Reference.Valid {
			from = min(from, d.ReferenceFrom, d.DriftSince)
		}
		for _, m := range dotDay.FindAllStringSubmatch(fig, -1) {
			tm, err := time.Parse("2 Jan 2006", m[1])
			if err != nil {
				t.Fatal(err)
			}
			if day := journal.DayOf(tm); day < from {
				t.Errorf("%s: a dot on %s, before the span from %s", name, m[1], from)
				break
			}
		}
		older := false
		for _, r := range ratings[d.Skill] {
			older = older || r.Date < from
		}
		if got := strings.Contains(fig, `<g class="history">`); got != older {
			t.Errorf("%s: history strip %v, want %v (ratings before %s)", name, got, older, from)
		}
		if w := regexp.MustCompile(`<rect class="window" x="[^"]*" y="[^"]*" width="([0-9.]+)"`).FindStringSubmatch(fig); w != nil && older {
			width, _ := strconv.ParseFloat(w[1], 64)
			days := float64(d.BaselineTo-d.BaselineFrom) + 1
			if want := days / float64(asOf-from+1) * 478 * 0.95; width < want || width < 60 {
				t.Errorf("%s: the baseline window of %v days is %v px wide, want about %v", name, days, width, want)
			}
		}
	}
}

// The report's styles keep a heading with what follows it and a table row
// whole when printed, stack tables on a phone and have dark colours.
func TestReportStylesPrintPhoneDark(t *testing.T) {
	x := journal.BuildExport(digestJournal(), journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	out := write(t, x)
	for _, want := range []string{
		"h1, h2, h3, h4, .lead { break-after: avoid; page-break-after: avoid; }",
		"tr, ul.rated, dl.meta { break-inside: avoid; page-break-inside: avoid; }",
		"@media (max-width: 640px)", "table, thead, tbody, tr, th, td { display: block; width: 100%; }",
		`td[data-label]::before`, `data-label="Status"`, `data-label="Mean"`,
		"@media screen and (prefers-color-scheme: dark)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}
