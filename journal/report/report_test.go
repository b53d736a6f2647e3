package report_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hone/journal"
	"hone/journal/gen"
	"hone/journal/report"
)

var sample = flag.String("sample", "", "write a sample report (350 generated entries, seed 7) to this file, and a team report beside it")

var (
	end = journal.Date(2026, time.March, 1)
	now = time.Date(2026, time.March, 1, 18, 30, 0, 0, time.UTC)
)

const (
	markerNote    = "SECRET-NOTE-7f3"
	markerTitle   = "SECRET-TITLE"
	markerFamily  = "FAMILY-CODE-X"
	markerPrivate = "PRIVATE-REFLECTION"
	hostile       = "<script>alert(1)</script>"
)

// plantedJournal is a generated journal with markers in its private fields
// and a hostile custom skill rated in a few entries.
func plantedJournal(n int, seed uint64) ([]*journal.Entry, journal.Catalog) {
	es := gen.Generate(gen.Options{Entries: n, Seed: seed, End: end})
	for i, e := range es {
		switch i % 4 {
		case 0:
			e.Notes += " " + markerNote + " " + hostile
		case 1:
			e.Title = markerTitle
		case 2:
			if e.Family != "" {
				e.Family = markerFamily
			}
			e.Ratings["own.x"] = 1 + i%5
		case 3:
			e.Reflections = append(e.Reflections, journal.Reflection{Prompt: "Private?", Answer: markerPrivate, Shared: false},
				journal.Reflection{Prompt: "Shared " + hostile, Answer: "shared answer " + hostile + " \x1b[31m", Shared: true})
		}
	}
	c := journal.BuiltinSkills()
	c[2].Archived = true // eng.culture: no drift row, no chart
	c = append(c, journal.Skill{ID: "own.x", Name: hostile + ` & "quotes"`, Group: "Mine", KeyElement: "<b>Own</b>"})
	return es, c
}

func write(t *testing.T, x *journal.Export) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, x, end); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkSelfContained checks what every report must be: one HTML document
// that loads nothing and runs nothing, with its text escaped.
func checkSelfContained(t *testing.T, out string) {
	t.Helper()
	lower := strings.ToLower(out)
	for _, bad := range []string{"http://", "https://", "src=", "@import", "url(", "<script", "<link", "<img", "<iframe",
		"<object", "<embed", "javascript:", "zgotmplz", "\x1b"} {
		if i := strings.Index(lower, bad); i >= 0 {
			t.Errorf("the report holds %q: ...%s...", bad, out[max(0, i-80):min(len(out), i+80)])
		}
	}
	if m := regexp.MustCompile(`<[^>]*\son[a-z]+\s*=`).FindString(lower); m != "" {
		t.Errorf("an event handler attribute: %s", m)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="en">`, `<meta charset="utf-8">`, "<title>", "</html>",
		"Content-Security-Policy", journal.SharedRatingNote, "@media print"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, tag := range []string{"section", "table", "figure", "article", "svg", "tr", "td", "ul", "header", "main", "p", "div"} {
		open := len(regexp.MustCompile(`<`+tag+`[\s>]`).FindAllString(out, -1))
		if closed := strings.Count(out, "</"+tag+">"); open != closed {
			t.Errorf("<%s>: %d opened, %d closed", tag, open, closed)
		}
	}
}

// svgs returns the SVG fragments of a report, each checked to be well-formed
// XML with role="img" and a title.
func svgs(t *testing.T, out string) []string {
	t.Helper()
	frags := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(out, -1)
	for _, f := range frags {
		var doc struct {
			XMLName xml.Name
			Role    string `xml:"role,attr"`
			Title   string `xml:"title"`
			Circles []struct {
				CX    float64 `xml:"cx,attr"`
				CY    float64 `xml:"cy,attr"`
				Title string  `xml:"title"`
			} `xml:"circle"`
		}
		if err := xml.Unmarshal([]byte(f), &doc); err != nil {
			t.Fatalf("an SVG is not well-formed: %v\n%.300s", err, f)
		}
		if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Title == "" {
			t.Errorf("SVG %s role %q title %q", doc.XMLName.Local, doc.Role, doc.Title)
		}
		for _, c := range doc.Circles {
			if c.CX < 0 || c.CX > 600 || c.CY < 0 || c.CY > 230 {
				t.Fatalf("a dot lies outside the chart: %+v", c)
			}
		}
	}
	return frags
}

func TestWriteCoachSafe(t *testing.T) {
	es, c := plantedJournal(350, 7)
	for _, week := range []bool{false, true} {
		x := journal.BuildExport(es, c, journal.ExportOptions{WeekDates: week, Now: now, Facilitator: hostile})
		out := write(t, x)
		checkSelfContained(t, out)
		for _, m := range []string{markerNote, markerTitle, markerFamily, markerPrivate} {
			if strings.Contains(out, m) {
				t.Errorf("week %t: the coach-safe report holds %s", week, m)
			}
		}
		for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;", "&lt;b&gt;Own&lt;/b&gt;",
			"shared answer &lt;script&gt;", "family F1", "family F2", "Drift by skill", "Key elements", "Shared reflections",
			"Coach-safe export", "drifting", "improving"} {
			if !strings.Contains(out, want) {
				t.Errorf("week %t: the report lacks %q", week, want)
			}
		}
		// One chart per active skill with ratings: the 15 built-in ones
		// left and own.x.
		ratings, _ := x.Ratings()
		want := 0
		for _, s := range c {
			if !s.Archived && len(ratings[s.ID]) > 0 {
				want++
			}
		}
		if got := len(svgs(t, out)); got != want || want != 16 {
			t.Errorf("week %t: %d charts, want %d (16)", week, got, want)
		}
		if week {
			if !strings.Contains(out, "Dates are ISO weeks") || !regexp.MustCompile(`\d{4}-W\d{2}`).MatchString(out) {
				t.Errorf("the week report does not show weeks")
			}
			if m := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).FindString(out); m != "" {
				t.Errorf("the week report holds the day %s", m)
			}
		}
	}
}

func TestWriteFull(t *testing.T) {
	es, c := plantedJournal(80, 3)
	out := write(t, journal.BuildExport(es, c, journal.ExportOptions{Full: true, Now: now}))
	checkSelfContained(t, out)
	for _, want := range []string{markerNote + " &lt;script&gt;", markerTitle, markerFamily, markerPrivate, `<span class="private">private</span>`,
		"Full export", "do not share it", "<h2>Entries</h2>"} {
		if !strings.Contains(out, want) {
			t.Errorf("the full report lacks %q", want)
		}
	}
}

func TestWriteDownsamples(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 3000, Seed: 5, End: end, Years: 0.9}) // all in the span a chart shows
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	out := write(t, x)
	checkSelfContained(t, out)
	ratings, _ := x.Ratings()
	long := 0
	for _, f := range svgs(t, out) {
		if n := strings.Count(f, "<circle"); n > report.MaxPoints {
			t.Errorf("a chart draws %d points, more than %d", n, report.MaxPoints)
		}
	}
	for _, rs := range ratings {
		if len(rs) > report.MaxPoints {
			long++
		}
	}
	if long == 0 {
		t.Fatal("no long series to downsample")
	}
	if got := strings.Count(out, "each point is the mean of the ratings in a span of about"); got != long {
		t.Errorf("%d captions say the chart is downsampled, want %d", got, long)
	}
}

func TestWriteEmpty(t *testing.T) {
	x := journal.BuildExport(nil, journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	out := write(t, x)
	checkSelfContained(t, out)
	for _, want := range []string{"No skill has ratings yet.", "No reflections were shared in this period.", "no entries"} {
		if !strings.Contains(out, want) {
			t.Errorf("the empty report lacks %q", want)
		}
	}
}

// series returns entries rating skill: 4 every third day from 100 to 31
// days before end, then level every third day over the last 30 days.
func series(skill string, level int, idBase int) []*journal.Entry {
	var es []*journal.Entry
	for age := 100; age >= 1; age -= 3 {
		v := 4
		if age < 30 {
			v = level
		}
		es = append(es, &journal.Entry{
			ID:   fmt.Sprintf("%02d%014d", idBase, 200-age),
			Date: end - journal.Day(age), Kind: journal.KindTeamMeeting, Ratings: map[string]int{skill: v, "self.doc": 4},
		})
	}
	return es
}

func TestWriteTeam(t *testing.T) {
	c := journal.BuiltinSkills()
	mk := func(name string, es ...[]*journal.Entry) *journal.Export {
		var all []*journal.Entry
		for _, e := range es {
			all = append(all, e...)
		}
		return journal.BuildExport(all, c, journal.ExportOptions{Now: now, Facilitator: name})
	}
	a := mk("Ana", series("eng.mi", 2, 0), series("team.facil", 2, 1))
	b := mk("Ben "+hostile, series("eng.mi", 2, 2))
	cc := mk("", series("eng.mi", 4, 3))
	var out bytes.Buffer
	if err := report.WriteTeam(&out, []*journal.Export{a, b, cc}, end); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	checkSelfContained(t, s)
	together := s[strings.Index(s, `id="together"`):strings.Index(s, `id="team-skills"`)]
	// eng.mi drifts for 2 of 3; team.facil for Ana alone.
	for _, want := range []string{"MI skills (eng.mi)", "Ana (drifting), Ben &lt;script&gt;"} {
		if !strings.Contains(together, want) {
			t.Errorf("learn together lacks %q:\n%s", want, together)
		}
	}
	if strings.Contains(together, "Meeting facilitation (team.facil)") {
		t.Errorf("learn together lists a skill only one facilitator drifts on:\n%s", together)
	}
	for _, want := range []string{"Team practice report", "3 facilitators", "Facilitator 3", "The team by skill", "The team by key element", "At a glance"} {
		if !strings.Contains(s, want) {
			t.Errorf("the team report lacks %q", want)
		}
	}
	// eng.mi: drifting 2, steady 1, none stale; the median level of 2, 2 and 4 (the
	// level is the mean of the last 30 days' ratings).
	row := regexp.MustCompile(`(?s)<tr><td>MI skills \(eng.mi\).*?</tr>`).FindString(s)
	cells := regexp.MustCompile(`<td class="num[^"]*">([^<]*)</td>`).FindAllStringSubmatch(row, -1)
	var got []string
	for _, m := range cells {
		got = append(got, m[1])
	}
	if strings.Join(got, " ") != "2 0 0 1 0 0 2" {
		t.Errorf("eng.mi row: %q", got)
	}

	// With a fourth facilitator, one drifting is no longer a third.
	d := mk("Dee", series("eng.mi", 4, 4))
	out.Reset()
	if err := report.WriteTeam(&out, []*journal.Export{a, b, cc, d}, end); err != nil {
		t.Fatal(err)
	}
	s = out.String()
	together = s[strings.Index(s, `id="together"`):strings.Index(s, `id="team-skills"`)]
	if !strings.Contains(together, "(eng.mi)") || strings.Contains(together, "(team.facil)") {
		t.Errorf("4 facilitators: learn together is wrong:\n%s", together)
	}

	// A team of one suggests nothing.
	out.Reset()
	if err := report.WriteTeam(&out, []*journal.Export{a}, end); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "A team of one") {
		t.Errorf("a team of one")
	}
}

// go test ./journal/report -run TestSample -sample /tmp/sample.html writes a
// sample report to look at (and /tmp/sample-team.html).
func TestSample(t *testing.T) {
	if *sample == "" {
		t.Skip("no -sample file")
	}
	es := gen.Generate(gen.Options{Entries: 350, Seed: gen.DemoSeed, End: end})
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: now, Facilitator: "Sam Rivera"})
	var b bytes.Buffer
	if err := report.Write(&b, x, end); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*sample, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var xs []*journal.Export
	for i, name := range []string{"Sam Rivera", "Alex Chen", "", "Kim Osei"} {
		es := gen.Generate(gen.Options{Entries: 350, Seed: gen.DemoSeed + uint64(i), End: end})
		xs = append(xs, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: now, Facilitator: name, WeekDates: i == 1}))
	}
	b.Reset()
	if err := report.WriteTeam(&b, xs, end); err != nil {
		t.Fatal(err)
	}
	team := strings.TrimSuffix(*sample, ".html") + "-team.html"
	if err := os.WriteFile(team, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s and %s", *sample, team)
}

// TestWriteTeamFromLoadsEachOnce holds that a team report made from
// loaders loads each export exactly once, writes what WriteTeam writes of
// the same exports, and returns the first error in the exports' order.
func TestWriteTeamFromLoadsEachOnce(t *testing.T) {
	c := journal.BuiltinSkills()
	var xs []*journal.Export
	for i := range 7 {
		xs = append(xs, journal.BuildExport(series("eng.mi", 2+i%3, i), c, journal.ExportOptions{Now: now, Facilitator: fmt.Sprint("F", i)}))
	}
	var want bytes.Buffer
	if err := report.WriteTeam(&want, xs, end); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	loads := make([]int, len(xs))
	var got bytes.Buffer
	err := report.WriteTeamFrom(&got, len(xs), func(i int) (*journal.Export, error) {
		mu.Lock()
		loads[i]++
		mu.Unlock()
		return xs[i], nil
	}, end)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Error("WriteTeamFrom wrote another report than WriteTeam of the same exports")
	}
	for i, n := range loads {
		if n != 1 {
			t.Errorf("export %d loaded %d times, want once", i, n)
		}
	}
	bad := func(i int) error { return fmt.Errorf("export %d is bad", i) }
	err = report.WriteTeamFrom(io.Discard, len(xs), func(i int) (*journal.Export, error) {
		if i == 3 || i == 5 {
			return nil, bad(i)
		}
		return xs[i], nil
	}, end)
	if err == nil || err.Error() != bad(3).Error() {
		t.Errorf("error = %v, want the first bad export's: %v", err, bad(3))
	}
}

// TestChartShowsTheReference: a drifting skill's chart draws what its
// sentence compares with, the usual level before the drop and the day the
// drift began; a steady skill's chart draws neither.
func TestChartShowsTheReference(t *testing.T) {
	x := journal.BuildExport(append(series("eng.mi", 2, 0), series("team.facil", 4, 1)...), journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	ds, err := x.Drift(end)
	if err != nil {
		t.Fatal(err)
	}
	var mi journal.Drift
	for _, d := range ds {
		if d.Skill == "eng.mi" {
			mi = d
		}
	}
	if mi.Status != journal.StatusDrifting || mi.Basis != journal.BasisRecent {
		t.Fatalf("eng.mi is %s (%q), want drifting from a recent reference", mi.Status, mi.Basis)
	}
	out := write(t, x)
	for _, f := range svgs(t, out) {
		drifting := strings.Contains(f, "MI skills")
		hasRef := strings.Contains(f, `class="ref"`) && strings.Contains(f, `class="since"`)
		if hasRef != drifting {
			t.Errorf("chart (drifting %v) draws a reference: %v\n%.400s", drifting, hasRef, f)
		}
		if drifting && !strings.Contains(f, "Drifting since "+x.FormatDay(mi.DriftSince)+", below the usual level 4 before the drop") {
			t.Errorf("the drifting chart does not say what it draws:\n%.600s", f)
		}
	}
}

func TestWriteTeamPeers(t *testing.T) {
	c := journal.BuiltinSkills()
	mk := func(name string, es ...[]*journal.Entry) *journal.Export {
		var all []*journal.Entry
		for _, e := range es {
			all = append(all, e...)
		}
		return journal.BuildExport(all, c, journal.ExportOptions{Now: now, Facilitator: name})
	}
	// MI: Ana and Ben drift to 2, the third stays at 4; facilitation:
	// Ana alone, at 2, the team's median too.
	a := mk("Ana", series("eng.mi", 2, 0), series("team.facil", 2, 1))
	b := mk("Ben "+hostile, series("eng.mi", 2, 2))
	cc := mk("", series("eng.mi", 4, 3))
	var out bytes.Buffer
	if err := report.WriteTeam(&out, []*journal.Export{a, b, cc}, end); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	topics := s[strings.Index(s, `id="topics"`):strings.Index(s, `id="pairs"`)]
	pairs := s[strings.Index(s, `id="pairs"`):strings.Index(s, `id="team-skills"`)]
	for _, want := range []string{"<li><strong>MI skills</strong>: 2 of 3 facilitators drifting or on watch; the team&#39;s median level is 2, under 3</li>",
		"<li><strong>Meeting facilitation</strong>: the team&#39;s median level is 2, under 3</li>"} {
		if !strings.Contains(topics, want) {
			t.Errorf("topics lack %q:\n%s", want, topics)
		}
	}
	for _, want := range []string{"<li>Facilitator 3 (steady, 4) and Ana (drifting, 2) in MI skills</li>",
		"<li>Facilitator 3 (steady, 4) and Ben &lt;script&gt;"} {
		if !strings.Contains(pairs, want) {
			t.Errorf("pairs lack %q:\n%s", want, pairs)
		}
	}
}

// ratedEntries returns an entry a day for each of values, rating skill,
// every step days up to end: the oldest first.
func ratedEntries(skill string, step int, values ...int) []*journal.Entry {
	var es []*journal.Entry
	for i, v := range values {
		age := (len(values) - 1 - i) * step
		es = append(es, &journal.Entry{ID: fmt.Sprintf("%016d", i+1), Date: end - journal.Day(age),
			Kind: journal.KindTeamMeeting, Ratings: map[string]int{skill: v}})
	}
	return es
}

// TestChartShowsACarriedReference: the report of an export that carries
// the facilitator's verdicts (what hone export writes) draws what a
// drifting sentence compares with too, though a carried verdict names
// neither the days of a recent reference nor those of the year-ago
// ratings: the usual level before the drop across the chart, or the
// window of the same months a year earlier, and the day the drift began.
// The chart keeps to its last 12 months rather than spanning the whole
// history. It drew neither, over every year of the history.
func TestChartShowsACarriedReference(t *testing.T) {
	var drop, decline []int
	for i := range 360 { // three years of 4s every 3 days, then ten 2s
		drop = append(drop, 4)
		if i >= 350 {
			drop[i] = 2
		}
	}
	for i := range 200 { // 3s and 4s in turn, then thirty 3s, every 3 days
		decline = append(decline, 3+i%2)
		if i >= 170 {
			decline[i] = 3
		}
	}
	c := journal.BuiltinSkills()
	for _, tc := range []struct {
		name    string
		es      []*journal.Entry
		basis   journal.Basis
		tip     string
		refFrom journal.Day // the reference's first day, 0 for the chart's
	}{
		{"Recent", ratedEntries("eng.mi", 3, drop...), journal.BasisRecent, "below the usual level 4 before the drop", 0},
		{"Year", ratedEntries("eng.mi", 3, decline...), journal.BasisYear, "below the same months a year earlier, mean 3.5", end - 454},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := journal.BuildExport(tc.es, c, journal.ExportOptions{Now: now})
			rs, err := plain.Ratings()
			if err != nil {
				t.Fatal(err)
			}
			ds := journal.AnalyzeCatalog(c, rs, end)
			x := journal.BuildExport(tc.es, c, journal.ExportOptions{Now: now, Drift: ds, DriftAsOf: end})
			if _, ok := x.Carried(); !ok {
				t.Fatal("the export carries no verdicts")
			}
			var mi journal.Drift
			for _, d := range ds {
				if d.Skill == "eng.mi" {
					mi = d
				}
			}
			if mi.Status != journal.StatusDrifting || mi.Basis != tc.basis {
				t.Fatalf("eng.mi is %s (%q), want drifting, basis %q", mi.Status, mi.Basis, tc.basis)
			}
			var chart string
			for _, f := range svgs(t, write(t, x)) {
				if strings.Contains(f, "MI skills") {
					chart = f
				}
			}
			if !strings.Contains(chart, `class="ref"`) || !strings.Contains(chart, `class="since"`) {
				t.Errorf("the drifting chart draws no reference or no start:\n%.600s", chart)
			}
			if want := "Drifting since " + x.FormatDay(mi.DriftSince) + ", " + tc.tip; !strings.Contains(chart, want) {
				t.Errorf("the drifting chart does not say %q:\n%.600s", want, chart)
			}
			if !strings.Contains(chart, `class="history"`) {
				t.Errorf("the chart spans the whole history, not its last 12 months:\n%.600s", chart)
			}
			if !strings.Contains(chart, `<path class="level"`) {
				t.Errorf("the chart of a carried verdict draws no level:\n%.600s", chart)
			}
		})
	}
}
