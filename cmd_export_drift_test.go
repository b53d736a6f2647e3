package main

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"hone/journal"
)

// shortExport is a journal of three years and its export of the last 90
// days, as the README's own example makes one.
type shortExport struct {
	dir, db, file string
	x             *journal.Export
}

func makeShortExport(t *testing.T, args ...string) shortExport {
	t.Helper()
	dir := t.TempDir()
	s := shortExport{dir: dir, db: filepath.Join(dir, "j.db"), file: filepath.Join(dir, "x.json")}
	ok(t, "gen", "--db", s.db, "--entries", "1200", "--years", "3", "--seed", "11")
	ok(t, append([]string{"export", "--db", s.db, "--since", "-90d", "--facilitator", "Ana", "-o", s.file}, args...)...)
	f, err := os.Open(s.file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s.x, err = journal.ReadExport(f); err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	return s
}

// driftRecords runs hone drift --json as of day on db.
func driftRecords(t *testing.T, db, day string) []journal.DriftRecord {
	t.Helper()
	var rs []journal.DriftRecord
	out := ok(t, "drift", "--db", db, "--as-of", day, "--json")
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("drift --json: %v\n%s", err, out)
	}
	return rs
}

// TestShortExportCarriesTheFacilitatorsVerdicts holds SPEC section 7's
// addition and issue 18's first point: a 90-day export carries, as of its
// day, the verdicts hone drift gives over the whole journal, and the
// reports made of it show those, not verdicts of its 90 days of ratings.
func TestShortExportCarriesTheFacilitatorsVerdicts(t *testing.T) {
	s := makeShortExport(t)
	if s.x.DriftAsOf == "" {
		t.Fatal("the export carries no drift_as_of")
	}
	want := driftRecords(t, s.db, s.x.DriftAsOf)
	if !reflect.DeepEqual(s.x.Verdicts, want) {
		g, _ := json.MarshalIndent(s.x.Verdicts, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("the export's drift differs from hone drift --as-of %s --json:\n%s\nwant\n%s", s.x.DriftAsOf, g, w)
	}

	// The export's own 90 days give other verdicts: the test means something.
	ratings, err := s.x.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := s.x.Carried()
	own := journal.AnalyzeShared(s.x.Catalog(), ratings, asOf)
	differ := 0
	for i, d := range own {
		if d.Status != want[i].Status {
			differ++
		}
	}
	if differ == 0 {
		t.Fatal("the 90 days of ratings give the same verdicts as the whole journal; choose another journal")
	}
	t.Logf("%d of %d verdicts of the export's own ratings differ from the facilitator's", differ, len(own))

	// Markdown and HTML of the same journal and range.
	md := ok(t, "export", "--db", s.db, "--since", "-90d", "--format", "md")
	htmlFile := filepath.Join(s.dir, "x.html")
	ok(t, "export", "--db", s.db, "--since", "-90d", "--format", "html", "-o", htmlFile)
	page, err := os.ReadFile(htmlFile)
	if err != nil {
		t.Fatal(err)
	}
	// And the reports a coach makes of the JSON export.
	reviewMD := filepath.Join(s.dir, "review.md")
	reviewHTML := filepath.Join(s.dir, "review.html")
	ok(t, "review", s.file, "--format", "md", "-o", reviewMD)
	ok(t, "review", s.file, "--format", "html", "-o", reviewHTML)
	rmd, _ := os.ReadFile(reviewMD)
	rhtml, _ := os.ReadFile(reviewHTML)

	for _, r := range want {
		row := lineWith(md, "("+r.Skill+")")
		if !strings.Contains(row, "| "+string(r.Status)) || !strings.Contains(row, mdEscape(journal.SharedExplanation(r.Explanation))) {
			t.Errorf("the Markdown export shows for %s:\n%s\nhone drift says %s: %s", r.Skill, row, r.Status, r.Explanation)
		}
		if row2 := lineWith(string(rmd), "("+r.Skill+")"); row2 != row {
			t.Errorf("review --format md shows for %s:\n%s\nthe export's Markdown:\n%s", r.Skill, row2, row)
		}
		for name, p := range map[string][]byte{"export --format html": page, "review --format html": rhtml} {
			if !htmlRowShows(p, r) {
				t.Errorf("%s does not show %s as %s with %q", name, r.Skill, r.Status, r.Explanation)
			}
		}
	}
	note := "from their full history"
	for name, text := range map[string]string{"Markdown": md, "HTML": string(page), "review HTML": string(rhtml)} {
		if !strings.Contains(text, note) {
			t.Errorf("the %s report does not say the verdicts come from the facilitator's full history", name)
		}
	}
	for name, text := range map[string]string{"Markdown": md, "HTML": string(page), "review Markdown": string(rmd), "review HTML": string(rhtml)} {
		if m := toFacilitator.FindString(text); m != "" {
			t.Errorf("the %s report, a coach's, speaks to the facilitator: %q in %q", name, m, lineWith(text, m))
		}
	}
}

// toFacilitator finds the words of a drift sentence spoken to the
// facilitator ("your baseline", "Your last 6 ratings", "you usually rate
// it"), which no coach's screen or report may show.
var toFacilitator = regexp.MustCompile(`(?i)\byour (baseline of|starting level of|first 6 ratings|usual level before|level before the drift|last \d+ ratings|ratings over the last|ratings have stayed)|you usually rate it`)

// TestCoachScreensSpeakAboutTheFacilitator holds that the facilitator's
// own sentences an export carries ("your baseline of ...") reach a coach
// about the facilitator ("their baseline of ...") in every coach's view:
// the team's Markdown and HTML, the Overview and a skill's detail in the
// review TUI (tmux, the real binary).
func TestCoachScreensSpeakAboutTheFacilitator(t *testing.T) {
	s := makeShortExport(t)
	carried := 0
	for _, r := range s.x.Verdicts {
		if toFacilitator.MatchString(r.Explanation) {
			carried++
		}
	}
	if carried == 0 {
		t.Fatal("the export carries no sentence spoken to the facilitator: the test means nothing")
	}
	other := filepath.Join(s.dir, "b.db")
	otherFile := filepath.Join(s.dir, "b.json")
	ok(t, "gen", "--db", other, "--entries", "800", "--years", "2", "--seed", "12")
	ok(t, "export", "--db", other, "--facilitator", "Ben", "-o", otherFile)
	for _, format := range []string{"md", "html"} {
		out := filepath.Join(s.dir, "team."+format)
		ok(t, "review", s.file, otherFile, "--format", format, "-o", out)
		text, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if m := toFacilitator.Find(text); m != nil {
			t.Errorf("the team %s speaks to a facilitator: %q in %q", format, m, lineWith(string(text), string(m)))
		}
		if !strings.Contains(string(text), "heir last ") {
			t.Errorf("the team %s shows no sentence about a facilitator's last ratings", format)
		}
	}

	u := startTUI(t, 140, 50, nil, "review", s.file, otherFile)
	screen := u.waitFor("Overview", "from their full history", "heir last")
	if m := toFacilitator.FindString(screen); m != "" {
		t.Errorf("the Overview speaks to the facilitator: %q\n%s", m, screen)
	}
	u.keys("2")
	u.waitFor("Skill", "Status")
	u.keys("Enter")
	screen = u.waitFor("heir ")
	if m := toFacilitator.FindString(screen); m != "" {
		t.Errorf("a skill's detail speaks to the facilitator: %q\n%s", m, screen)
	}
	u.keys("q")
	u.waitExit()
}

// mdEscape escapes text as the Markdown report's cells do.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#~&!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// htmlRowShows reports whether the drift table row of r's skill in the HTML
// page shows r's status and explanation.
func htmlRowShows(page []byte, r journal.DriftRecord) bool {
	for _, row := range bytes.Split(page, []byte("<tr")) {
		if !bytes.Contains(row, []byte(">"+r.Skill+"<")) {
			continue
		}
		if bytes.Contains(row, []byte(html.EscapeString(journal.SharedExplanation(r.Explanation)))) && bytes.Contains(row, []byte(string(r.Status))) {
			return true
		}
	}
	return false
}

// TestTUIReviewShowsTheFacilitatorsVerdicts reviews a 90-day export in the
// real binary: the Skills tab shows the verdicts of hone drift over the
// whole journal, and the Overview says where they come from.
func TestTUIReviewShowsTheFacilitatorsVerdicts(t *testing.T) {
	s := makeShortExport(t)
	want := driftRecords(t, s.db, s.x.DriftAsOf)
	u := startTUI(t, 140, 50, nil, "review", s.file)
	u.waitFor("Overview", "from their full history")
	u.keys("2")
	// Wait for every skill: the tab is drawn over the Overview top to
	// bottom, and a screen read mid-draw shows the Overview's lines below.
	texts := []string{"Skill", "Status"}
	for _, r := range want {
		texts = append(texts, r.Name)
	}
	screen := u.waitFor(texts...)
	for _, r := range want {
		line := lineWith(screen, r.Name)
		if line == "" {
			t.Errorf("the Skills tab does not list %s:\n%s", r.Name, screen)
			continue
		}
		if !strings.Contains(line, string(r.Status)) {
			t.Errorf("review shows %q for %s; hone drift says %s", strings.TrimSpace(line), r.Skill, r.Status)
		}
	}
	u.keys("q")
	u.waitExit()
}

// TestWeekDatedExportCarriesWeeks holds that a week-dated export's verdicts
// are no finer than its dates: weeks for days, sentences that name weeks,
// the same statuses and numbers as hone drift.
func TestWeekDatedExportCarriesWeeks(t *testing.T) {
	s := makeShortExport(t, "--week-dates")
	if _, err := journal.ParseWeek(s.x.DriftAsOf); err != nil {
		t.Fatalf("drift_as_of %q is not a week: %v", s.x.DriftAsOf, err)
	}
	asOf, _ := s.x.Carried()
	want := driftRecords(t, s.db, journal.DayOf(s.x.ExportedAt).String())
	if len(s.x.Verdicts) != len(want) {
		t.Fatalf("%d verdicts, hone drift gives %d", len(s.x.Verdicts), len(want))
	}
	weekOf := func(p *string) *string {
		if p == nil {
			return nil
		}
		d, err := journal.ParseDay(*p, asOf)
		if err != nil {
			t.Fatal(err)
		}
		w := d.Week()
		return &w
	}
	for i, g := range s.x.Verdicts {
		w := want[i]
		w.FirstRated, w.LastRated, w.DriftSince, w.EvaluatedOn = weekOf(w.FirstRated), weekOf(w.LastRated), weekOf(w.DriftSince), weekOf(w.EvaluatedOn)
		gExp, wExp := g.Explanation, w.Explanation
		g.Explanation, w.Explanation = "", ""
		if !reflect.DeepEqual(g, w) {
			t.Errorf("verdict %d: %+v\nwant %+v", i, g, w)
		}
		for _, month := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", " days ago", "over 1 day", " days so far"} {
			if strings.Contains(gExp, month) {
				t.Errorf("verdict %d names a day (%q): %s\nhone drift: %s", i, month, gExp, wExp)
			}
		}
		if strings.Contains(wExp, "since ") && !strings.Contains(gExp, "-W") {
			t.Errorf("verdict %d names no week: %s", i, gExp)
		}
	}
}

// TestTUIExportCarriesTheFacilitatorsVerdicts writes a coach-safe export
// from the TUI's export screen: it carries the verdicts of hone drift over
// the whole journal, as hone export does.
func TestTUIExportCarriesTheFacilitatorsVerdicts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "600", "--years", "2", "--seed", "11")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today")
	u.keys("X")
	u.waitFor("Coach-safe export")
	u.keys("Enter")
	u.waitFor("Wrote")
	u.keys("q")
	u.waitExit()

	x, err := journal.ReadExport(bytes.NewReader(writtenExport(t, dir)))
	if err != nil {
		t.Fatal(err)
	}
	if x.DriftAsOf == "" {
		t.Fatal("the TUI's export carries no drift_as_of")
	}
	if want := driftRecords(t, db, x.DriftAsOf); !reflect.DeepEqual(x.Verdicts, want) {
		t.Errorf("the TUI's export carries other verdicts than hone drift --as-of %s --json:\n%+v\nwant\n%+v", x.DriftAsOf, x.Verdicts, want)
	}
}
