package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// A reflection starred for supervision travels through the real binary:
// a journal that holds one (brought in with hone import) exports it
// coach-safe as "starred": true, a private starred one stays home, and the
// Markdown and HTML reviews of the export show it first.
func TestStarredReflectionReachesTheCoach(t *testing.T) {
	dir := t.TempDir()
	today := journal.DayOf(time.Now())
	es := []*journal.Entry{
		{ID: "01m89gn0a3gfn1aa", Date: today - 200, Kind: journal.KindCheckIn, Ratings: map[string]int{"eng.mi": 4},
			Reflections: []journal.Reflection{{Prompt: "Bring this?", Answer: "STARRED-SHARED", Shared: true, Starred: true}}},
		{ID: "01m89gn0a3gfn1ab", Date: today - 3, Kind: journal.KindCheckIn, Ratings: map[string]int{"team.facil": 2},
			Reflections: []journal.Reflection{{Prompt: "What next?", Answer: "PLAIN-SHARED", Shared: true},
				{Prompt: "Private?", Answer: "PRIVATE-STARRED", Starred: true}}},
	}
	for _, e := range es {
		e.Created, e.Updated = time.Now().UTC(), time.Now().UTC()
	}
	var full bytes.Buffer
	if err := journal.WriteExportJSON(&full, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, Now: time.Now()})); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "full.json")
	if err := os.WriteFile(in, full.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "j.db")
	ok(t, "import", "--db", db, in)

	export := filepath.Join(dir, "coach.json")
	ok(t, "export", "--db", db, "-o", export)
	b, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(b), `"starred": true`); got != 1 || bytes.Contains(b, []byte("PRIVATE-STARRED")) || bytes.Contains(b, []byte(`"starred": false`)) {
		t.Fatalf("the coach-safe export holds %d stars, or the private one:\n%s", got, b)
	}

	md := filepath.Join(dir, "review.md")
	ok(t, "review", "--format", "md", "-o", md, export)
	m, _ := os.ReadFile(md)
	s := string(m)
	i, j, k := strings.Index(s, "### ★ For supervision"), strings.Index(s, "STARRED-SHARED"), strings.Index(s, "PLAIN-SHARED")
	if i < 0 || j < i || k < j {
		t.Errorf("the Markdown review does not show the starred reflection first:\n%s", s)
	}
	// In the terminal: tab 3 of review mode, the starred one first, with
	// the skills and ratings of its entry; s picks a skill.
	u := startTUI(t, 80, 24, nil, "review", export)
	u.waitFor("Overview", "Reflections")
	u.keys("3")
	screen := u.waitFor("2 of 2 shared reflections", "STARRED-SHARED", "PLAIN-SHARED", "for supervision", "MI skills 4", "Meeting facilitation 2")
	if strings.Index(screen, "STARRED-SHARED") > strings.Index(screen, "PLAIN-SHARED") || strings.Contains(screen, "PRIVATE") {
		t.Errorf("the Reflections tab does not show the starred one first:\n%s", screen)
	}
	u.keys("s")
	screen = u.waitFor("1 of 2 shared reflections")
	if strings.Contains(screen, "STARRED-SHARED") == strings.Contains(screen, "PLAIN-SHARED") {
		t.Errorf("s leaves both reflections or neither:\n%s", screen)
	}
	u.keys("q")
	u.waitExit()

	page := filepath.Join(dir, "review.html")
	ok(t, "review", "--format", "html", "-o", page, export)
	h, _ := os.ReadFile(page)
	s = string(h)
	i, j, k = strings.Index(s, "For supervision"), strings.Index(s, "STARRED-SHARED"), strings.Index(s, "PLAIN-SHARED")
	if i < 0 || j < i || k < j || strings.Contains(s, "PRIVATE-STARRED") {
		t.Errorf("the HTML review does not show the starred reflection first")
	}
}
