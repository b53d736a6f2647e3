package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// handExport writes a coach-safe export of the ratings given (skill id to
// day to ratings of that day, one entry per rating), exported at at and
// carrying the verdicts of those ratings as of asOf, as hone export does.
func handExport(t *testing.T, path, name, journalID string, at time.Time, asOf journal.Day, ratings map[string]map[journal.Day][]int) {
	t.Helper()
	handExportPrompts(t, path, name, journalID, at, asOf, ratings, nil)
}

// handExportPrompts is handExport of a journal whose prompt library holds
// prompts, exported with --with-prompts (the custom ones travel).
func handExportPrompts(t *testing.T, path, name, journalID string, at time.Time, asOf journal.Day, ratings map[string]map[journal.Day][]int, prompts []journal.Prompt) {
	t.Helper()
	var es []*journal.Entry
	byID := map[string][]journal.Rating{}
	n := 0
	for skill, days := range ratings {
		for day, vs := range days {
			for _, v := range vs {
				n++
				id := fmt.Sprintf("01HX%022d", n)
				es = append(es, &journal.Entry{ID: id, Date: day, Kind: journal.Kind("check-in"), Ratings: map[string]int{skill: v}})
				byID[skill] = append(byID[skill], journal.Rating{Skill: skill, Date: day, EntryID: id, Value: v})
			}
		}
	}
	c := journal.BuiltinSkills()
	opts := journal.ExportOptions{Now: at, Facilitator: name, Journal: journalID,
		Drift: journal.AnalyzeCatalog(c, byID, asOf), DriftAsOf: asOf, Prompts: prompts, AllPrompts: true}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := journal.WriteExportJSON(f, journal.BuildExport(es, c, opts)); err != nil {
		t.Fatal(err)
	}
}

// every returns the days from first to last, step days apart.
func every(first, last journal.Day, step int) []journal.Day {
	var out []journal.Day
	for d := first; d <= last; d += journal.Day(step) {
		out = append(out, d)
	}
	return out
}

// teamFixture is three exports of two journals and the same file given
// twice: Ana, and Ben exported twice (the later export renamed "Ben R.").
// Ana's eng.voice was rated 3 every 3 days from 1 Dec 2025 to 30 Jan 2026
// and not since: steady, and stale on 31 Mar 2026 (60 days without a
// rating, against a limit of 30), and so was her self.doc, the catalog's
// last skill. Her eng.mi: 4 and 3 in December, 2 and
// 3 in January, 4, 4 and 5 in February: too few ratings, stale.
func teamFixture(t *testing.T) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	asOf := journal.Date(2026, time.March, 31)
	voice := map[journal.Day][]int{}
	for _, d := range every(journal.Date(2025, time.December, 1), journal.Date(2026, time.January, 30), 3) {
		voice[d] = []int{3}
	}
	mi := map[journal.Day][]int{
		journal.Date(2025, time.December, 5): {4}, journal.Date(2025, time.December, 20): {3},
		journal.Date(2026, time.January, 10): {2}, journal.Date(2026, time.January, 11): {3},
		journal.Date(2026, time.February, 3): {4}, journal.Date(2026, time.February, 4): {4}, journal.Date(2026, time.February, 5): {5},
	}
	ana := filepath.Join(dir, "ana.json")
	handExport(t, ana, "Ana", "aaaaaaaaaaaaaaaaaaaaaaaaaa", time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC), asOf,
		map[string]map[journal.Day][]int{"eng.voice": voice, "eng.mi": mi, "self.doc": voice})
	benOld, benNew := filepath.Join(dir, "ben-march.json"), filepath.Join(dir, "ben-april.json")
	benMI := map[journal.Day][]int{}
	for _, d := range every(journal.Date(2026, time.January, 1), journal.Date(2026, time.March, 30), 2) {
		benMI[d] = []int{4}
	}
	handExport(t, benNew, "Ben R.", "bbbbbbbbbbbbbbbbbbbbbbbbbb", time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC), asOf,
		map[string]map[journal.Day][]int{"eng.mi": benMI})
	handExport(t, benOld, "Ben", "bbbbbbbbbbbbbbbbbbbbbbbbbb", time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), journal.Date(2026, time.March, 1),
		map[string]map[journal.Day][]int{"eng.mi": benMI})
	return dir, []string{ana, benOld, benNew, ana}
}

// TestTeamStaleAndOnePersonPerJournal holds that a stale skill shows as
// stale in every team format (HTML, Markdown, CSV, and the Team tab of the
// screen), never as plainly steady, and that a team counts a journal once:
// the same file twice, or two exports of one journal, are one person, with
// the newest export.
func TestTeamStaleAndOnePersonPerJournal(t *testing.T) {
	dir, files := teamFixture(t)
	html, md, csvFile := filepath.Join(dir, "team.html"), filepath.Join(dir, "team.md"), filepath.Join(dir, "team.csv")
	for _, f := range []struct{ format, out string }{{"html", html}, {"md", md}, {"csv", csvFile}} {
		ok(t, append([]string{"review", "--format", f.format, "-o", f.out}, files...)...)
	}
	page, _ := os.ReadFile(html)
	mdText, _ := os.ReadFile(md)
	table, _ := os.ReadFile(csvFile)

	// HTML: 2 facilitators, Ben R. (the newest export of his journal) and
	// not Ben; at a glance, Ana's voice is steady and stale; the team table
	// counts 1 stale.
	s := string(page)
	if !strings.Contains(s, "2 facilitators") || !strings.Contains(s, "Ben R.") || strings.Contains(s, ">Ben<") {
		t.Errorf("the team HTML does not count one person per journal (2 facilitators, Ben R.)")
	}
	glance := s[strings.Index(s, `id="matrix"`):]
	voiceRow := regexp.MustCompile(`(?s)<tr><th scope="row">Family and youth voice</th>.*?</tr>`).FindString(glance)
	if !strings.Contains(voiceRow, "steady") || !strings.Contains(voiceRow, `class="stale">stale`) || !strings.Contains(voiceRow, `class="level">3<`) {
		t.Errorf("at a glance, Ana's eng.voice is not steady, stale at level 3:\n%s", voiceRow)
	}
	teamRow := regexp.MustCompile(`(?s)<tr><td>Family and youth voice \(eng.voice\).*?</tr>`).FindString(s)
	var got []string
	for _, m := range regexp.MustCompile(`<td class="num[^"]*">([^<]*)</td>`).FindAllStringSubmatch(teamRow, -1) {
		got = append(got, m[1])
	}
	// Drifting, watch, improving, steady, stale, no verdict, median.
	if strings.Join(got, " ") != "0 0 0 1 1 1 3" {
		t.Errorf("the team table's eng.voice row: %q, want 1 steady, 1 stale, 1 without a verdict, median 3", got)
	}

	// Each facilitator's export covers less than the rule reads: the
	// report says the verdicts come from their full history.
	if strings.Count(s, "from their full history") < 2 {
		t.Errorf("the team HTML does not say, per facilitator, that the verdicts come from their full history")
	}

	// Markdown: the same, and Ana's table says "steady, stale".
	m := string(mdText)
	if !strings.Contains(m, "**Facilitators:** 2") || !strings.Contains(m, "## Ben R.") || strings.Contains(m, "## Ben\n") {
		t.Errorf("the team Markdown does not count one person per journal:\n%s", m)
	}
	if row := lineWith(m, "| Family and youth voice |"); !strings.Contains(row, "| steady, stale 3 |") {
		t.Errorf("at a glance in Markdown: %q", row)
	}
	if row := lineWith(m[strings.Index(m, "## Ana"):], "(eng.voice)"); !strings.Contains(row, "| steady, stale |") {
		t.Errorf("Ana's table in Markdown: %q", row)
	}
	// Ana's table, most severe first: her three stale skills (self.doc
	// the catalog's last) before the skills she never rated.
	anaTable := strings.Split(m[strings.Index(m, "## Ana"):], "\n")
	var firstRows []string
	for _, l := range anaTable {
		if strings.HasPrefix(l, "| ") && strings.Contains(l, "(") && len(firstRows) < 4 {
			firstRows = append(firstRows, l)
		}
	}
	if len(firstRows) < 4 || !strings.Contains(firstRows[0], ", stale |") || !strings.Contains(firstRows[1], ", stale |") ||
		!strings.Contains(firstRows[2], "(self.doc) | steady, stale |") || strings.Contains(firstRows[3], "stale") {
		t.Errorf("Ana's table is not ordered by severity:\n%s", strings.Join(firstRows, "\n"))
	}

	// CSV: only Ana and Ben R.; March of eng.voice is steady and stale.
	rows, err := csv.NewReader(strings.NewReader(string(table))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]bool{}
	for _, r := range rows[1:] {
		people[r[0]] = true
	}
	if len(people) != 2 || !people["Ana"] || !people["Ben R."] {
		t.Errorf("the CSV's facilitators: %v", people)
	}

	// The screen's Team tab: 2 facilitators; at a glance, Ana's eng.voice
	// (the column "voice") is steady and stale (●○) at 3.0.
	u := startTUI(t, 140, 50, nil, append([]string{"review"}, files...)...)
	u.waitFor("Overview", "Team")
	u.keys("3")
	screen := u.waitFor("The team", "2 facilitators", "At a glance")
	head := strings.Fields(screen[strings.Index(screen, "At a glance"):])
	row := strings.Fields(lineWith(screen, "▸ Ana"))
	i := slices.Index(head, "voice") - slices.Index(head, "people") - 3 // the heads after "people by skills"
	if len(row) < 3 || i < 0 || i+2 >= len(row) || row[i+2] != "●○3.0" {
		t.Errorf("the Team grid's row %q does not show Ana's eng.voice (column %d) steady and stale (●○3.0)", lineWith(screen, "▸ Ana"), i)
	}
	u.keys("q")
	u.waitExit()
}

// TestTeamCSVByHand checks the team CSV's rows of Ana's eng.voice and
// eng.mi against values computed by hand from the fixture.
func TestTeamCSVByHand(t *testing.T) {
	dir, files := teamFixture(t)
	out := filepath.Join(dir, "team.csv")
	ok(t, append([]string{"review", "--format", "csv", "-o", out}, files...)...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), "facilitator,journal,skill_id,skill_name,key_element,month,ratings,mean,status,stale,status_as_of"; got != want {
		t.Fatalf("header %q, want %q", got, want)
	}
	got := map[string]string{}
	count := map[string]int{}
	for _, r := range rows[1:] {
		count[r[0]]++
		if r[0] == "Ana" && (r[2] == "eng.voice" || r[2] == "eng.mi") {
			got[r[2]+" "+r[5]] = strings.Join(r, ",")
		}
	}
	const ana, ke = "Ana,aaaaaaaaaaaaaaaaaaaaaaaaaa,", "Strength & Family Driven"
	want := map[string]string{
		// Dec: 1, 4, ..., 31 (11 ratings of 3): 11 ratings over 30 days,
		// all 3: steady. Jan: 3, 6, ..., 30 (10). Feb: none; 29 days since
		// the last rating on 28 Feb, not yet stale. Mar (the carried
		// verdict of 31 Mar): 60 days, stale.
		"eng.voice 2025-12": ana + "eng.voice,Family and youth voice," + ke + ",2025-12,11,3,steady,false,2025-12-31",
		"eng.voice 2026-01": ana + "eng.voice,Family and youth voice," + ke + ",2026-01,10,3,steady,false,2026-01-31",
		"eng.voice 2026-02": ana + "eng.voice,Family and youth voice," + ke + ",2026-02,0,,steady,false,2026-02-28",
		"eng.voice 2026-03": ana + "eng.voice,Family and youth voice," + ke + ",2026-03,0,,steady,true,2026-03-31",
		// 4 and 3: 3.5; 2 and 3: 2.5; 4, 4, 5: 4.33 (13/3). Never 8
		// ratings: insufficient. In March: 54 days since 5 Feb, over the
		// limit of 30 (3 x the median gap of 8 days is 24): stale.
		"eng.mi 2025-12": ana + "eng.mi,MI skills," + ke + ",2025-12,2,3.5,insufficient,false,2025-12-31",
		"eng.mi 2026-01": ana + "eng.mi,MI skills," + ke + ",2026-01,2,2.5,insufficient,false,2026-01-31",
		"eng.mi 2026-02": ana + "eng.mi,MI skills," + ke + ",2026-02,3,4.33,insufficient,false,2026-02-28",
		"eng.mi 2026-03": ana + "eng.mi,MI skills," + ke + ",2026-03,0,,insufficient,true,2026-03-31",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Ana's eng.voice and eng.mi rows: %d, want %d (December to March)", len(got), len(want))
	}
	// One row per active built-in skill and month: Ana 4 months, Ben R. 3.
	skills := 0
	for _, s := range journal.BuiltinSkills() {
		if !s.Archived {
			skills++
		}
	}
	if count["Ana"] != 4*skills || count["Ben R."] != 3*skills || len(count) != 2 {
		t.Errorf("rows per facilitator %v, want Ana %d and Ben R. %d", count, 4*skills, 3*skills)
	}
}

// TestReviewTeamRefusals holds the one-line refusals of a team review and
// their exit codes: a web page, a missing file (1), no -o (2).
func TestReviewTeamRefusals(t *testing.T) {
	dir, files := teamFixture(t)
	page := filepath.Join(dir, "ana.html")
	ok(t, "review", files[0], "--format", "html", "-o", page)
	out := filepath.Join(dir, "out.csv")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"WebPage", []string{"review", files[0], page, "--format", "csv", "-o", out}, 1, "web page"},
		{"Missing", []string{"review", files[0], filepath.Join(dir, "nobody.json"), "--format", "md", "-o", out}, 1, "nobody.json"},
		{"NoOutput", []string{"review", files[0], files[1], "--format", "csv"}, 2, "-o FILE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := hone(t, "", nil, tt.args...)
			if r.code != tt.code || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and one line with %q", r.code, r.stderr, tt.code, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused review wrote %s", out)
			}
		})
	}
}

// TestTeamMarkdownQuarters checks the team Markdown's key elements quarter
// by quarter against the fixture by hand: Ana's Strength & Family Driven
// (eng.voice and eng.mi) in 2025-Q4 is 11 ratings of 3 and 4 and 3,
// 40/13 = 3.08; in 2026-Q1 10 ratings of 3 and 2, 3, 4, 4, 5, 48/15 = 3.2.
// Ben R. rated eng.mi 4 every other day of 2026-Q1. The team's median is
// Ana's alone in 2025-Q4, and (3.2 + 4) / 2 = 3.6 in 2026-Q1.
// TestTeamLevelsByMonthByHand checks the team Markdown's and HTML's
// key-element tables by hand: the fixture's ratings span December 2025 to March 2026, four
// months, so the table is month by month. Strength & Family Driven is
// eng.voice and eng.mi. Ana: December, eng.voice 3 on the 1st, 4th, ...
// 31st (11 ratings, 33) and eng.mi 4 and 3: 40 / 13 = 3.077 -> 3.08;
// January, eng.voice 3 on the 3rd to the 30th (10 ratings, 30) and eng.mi 2
// and 3: 35 / 12 = 2.917 -> 2.92; February, eng.mi 4, 4, 5: 13 / 3 =
// 4.33; March none. Ben R.: eng.mi 4 every other day from 1 January: 4.
// Medians: December Ana's alone, 3.08; January (2.917 + 4) / 2 = 3.458 ->
// 3.46; February (4.333 + 4) / 2 = 4.167 -> 4.17; March Ben's 4.
func TestTeamLevelsByMonthByHand(t *testing.T) {
	dir, files := teamFixture(t)
	out := filepath.Join(dir, "team.md")
	ok(t, append([]string{"review", "--format", "md", "-o", out}, files...)...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "### Strength \\& Family Driven")
	if i < 0 {
		t.Fatalf("no month table for Strength & Family Driven:\n%s", s)
	}
	want := strings.Join([]string{
		"### Strength \\& Family Driven", "",
		"| Facilitator | Dec 2025 | Jan 2026 | Feb 2026 | Mar 2026 |",
		"| --- | ---: | ---: | ---: | ---: |",
		"| Ana | 3.08 | 2.92 | 4.33 | - |",
		"| Ben R. | - | 4 | 4 | 4 |",
		"| **Team median** | 3.08 | 3.46 | 4.17 | 4 |",
	}, "\n")
	if got := s[i:min(len(s), i+len(want))]; got != want {
		t.Errorf("month table:\n%s\nwant\n%s", got, want)
	}

	// The team HTML shows the same numbers (journal.LevelsByPeriod).
	page := filepath.Join(dir, "team.html")
	ok(t, append([]string{"review", "--format", "html", "-o", page}, files...)...)
	h, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(h)
	i = strings.Index(html, `<section id="team-levels">`)
	j := strings.Index(html[max(0, i):], "<h3>Strength &amp; Family Driven</h3>")
	if i < 0 || j < 0 {
		t.Fatalf("the team HTML has no month table for Strength & Family Driven")
	}
	table := html[i+j:]
	table = table[:strings.Index(table, "</table>")]
	cell := regexp.MustCompile(`<th scope="row">([^<]*)</th>|<td[^>]*>(?:<strong>)?([^<]*)`)
	var rows []string
	for _, tr := range strings.Split(table, "<tr")[2:] { // after the head
		var cells []string
		for _, m := range cell.FindAllStringSubmatch(tr, -1) {
			cells = append(cells, m[1]+m[2])
		}
		rows = append(rows, strings.Join(cells, " | "))
	}
	wantRows := []string{"Ana | 3.08 | 2.92 | 4.33 | -", "Ben R. | - | 4 | 4 | 4", "Team median | 3.08 | 3.46 | 4.17 | 4"}
	if !slices.Equal(rows, wantRows) {
		t.Errorf("the team HTML's month table:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(wantRows, "\n"))
	}
	if !strings.Contains(table, `<th scope="col" class="num">Dec 2025</th><th scope="col" class="num">Jan 2026</th>`) {
		t.Errorf("the team HTML's month table does not head December and January 2026:\n%s", table)
	}
}
