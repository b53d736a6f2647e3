package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// agendaFixture writes three exports: Ana and Chloe drift in MI skills
// (4 for months, then 2 over the last 30 days), Ben is steady at 5 in it.
func agendaFixture(t *testing.T) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	asOf := journal.Date(2026, time.March, 31)
	drop, flat := map[journal.Day][]int{}, map[journal.Day][]int{}
	for _, d := range every(asOf-100, asOf-1, 3) {
		v := 4
		if d > asOf-30 {
			v = 2
		}
		drop[d], flat[d] = []int{v}, []int{5}
	}
	at := time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC)
	for _, f := range []struct{ name, id string }{{"Ana", "a"}, {"Ben", "b"}, {"Chloe", "c"}} {
		path := filepath.Join(dir, strings.ToLower(f.name)+".json")
		mi := drop
		if f.name == "Ben" {
			mi = flat
		}
		handExport(t, path, f.name, strings.Repeat(f.id, 26), at, asOf, map[string]map[journal.Day][]int{"eng.mi": mi})
		files = append(files, path)
	}
	return dir, files
}

// TestReviewAgenda holds that hone review --agenda writes the agenda to
// standard output or to -o, that its topics come back with --since-agenda,
// and that a file that is no agenda is refused with one line.
func TestReviewAgenda(t *testing.T) {
	dir, files := agendaFixture(t)
	out := ok(t, append([]string{"review", "--agenda"}, files...)...)
	for _, want := range []string{
		"# Learning session agenda",
		"## 1. MI skills",
		"**Why:** 2 of 3 facilitators drifting or on watch; the team's median level is 2, under 3.",
		"**Who could lead:** Ben (steady, 5), with Ana and Chloe.",
		"1. Recall one reflection you offered today.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the agenda lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Since the last session") {
		t.Errorf("a first agenda follows up nothing:\n%s", out)
	}

	first := filepath.Join(dir, "agenda.md")
	if got := ok(t, append([]string{"review", "--agenda", "-o", first}, files...)...); !strings.Contains(got, "Wrote "+first) {
		t.Errorf("stdout %q", got)
	}
	data, err := os.ReadFile(first)
	if err != nil || string(data) != out {
		t.Fatalf("the agenda file differs from standard output (%v)", err)
	}

	// The next session's agenda follows the first one's topic up.
	next := ok(t, append([]string{"review", "--agenda", "--since-agenda", first}, files...)...)
	if !strings.Contains(next, "## Since the last session") ||
		!strings.Contains(next, "- **MI skills**: then 2 of 3 drifting or on watch, median 2; now 2 of 3, median 2: still a topic.") {
		t.Errorf("the follow-up is missing:\n%s", next)
	}

	// A file that is no agenda: one line naming it, exit 1, nothing written.
	notes := filepath.Join(dir, "notes.md")
	os.WriteFile(notes, []byte("# Notes\n"), 0o600)
	second := filepath.Join(dir, "second.md")
	r := hone(t, "", nil, append([]string{"review", "--agenda", "--since-agenda", notes, "-o", second}, files...)...)
	if r.code != 1 || !strings.Contains(r.stderr, "notes.md") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("no agenda: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(second); err == nil {
		t.Errorf("a refused agenda wrote %s", second)
	}
	for _, args := range [][]string{{"--since-agenda", first}, {"--agenda", "--format", "html"}} {
		if r := hone(t, "", nil, append(append([]string{"review"}, args...), files...)...); r.code == 0 {
			t.Errorf("hone review %v: exit 0", args)
		}
	}
}

// update rewrites the golden files of the command tests in testdata
// (go test -run Golden . -update), as ./journal's goldens do.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s . -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("the output differs from %s (run go test -run %s . -update and review the diff):\n%s", path, t.Name(), got)
	}
}

// TestReviewAgendaGolden holds the agenda the real binary writes, as of a
// fixed day given with --as-of, byte for byte: first, and then the next
// session's, following the first one up.
func TestReviewAgendaGolden(t *testing.T) {
	dir, files := agendaFixture(t)
	first := filepath.Join(dir, "agenda.md")
	ok(t, append([]string{"review", "--agenda", "--as-of", "2026-03-31", "-o", first}, files...)...)
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "agenda.golden", string(data))
	// A month on, the same exports: the drifting skill is still a topic.
	next := ok(t, append([]string{"review", "--agenda", "--as-of", "2026-04-30", "--since-agenda", first}, files...)...)
	golden(t, "agenda_since.golden", next)

	// --as-of takes the days every command takes, and nothing else.
	for _, args := range [][]string{{"--agenda", "--as-of", "31/03/2026"}, {"--as-of", "2026-03-31"}} {
		r := hone(t, "", nil, append(append([]string{"review"}, args...), files...)...)
		if r.code == 0 || !strings.Contains(r.stderr, "as-of") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("hone review %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// TestReviewAgendaCustomPrompts: the agenda asks the team's own questions,
// the custom prompts its exports carry, before the library's: those on the
// topic's skill, each text once however many exports carry it, none on
// another skill; an export of an older hone, without prompts, still reads.
func TestReviewAgendaCustomPrompts(t *testing.T) {
	dir := t.TempDir()
	asOf := journal.Date(2026, time.March, 31)
	drop, flat := map[journal.Day][]int{}, map[journal.Day][]int{}
	for _, d := range every(asOf-100, asOf-1, 3) {
		v := 4
		if d > asOf-30 {
			v = 2
		}
		drop[d], flat[d] = []int{v}, []int{5}
	}
	at := time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC)
	prompts := map[string][]journal.Prompt{
		"Ana": {
			{ID: "p-1", Text: "What did the family correct in your last summary?", Tags: []string{"eng.mi"}},
			{ID: "p-2", Text: "Which meeting ran late, and why?", Tags: []string{"team.facil"}},
		},
		"Chloe": {
			{ID: "p-1", Text: "When did you last ask *permission* before advice?", Tags: []string{"eng.mi", "phase:2"}},
			{ID: "p-9", Text: "  what did the family   correct in your last summary? ", Tags: []string{"eng.mi"}},
		},
	}
	var files []string
	for _, f := range []struct{ name, id string }{{"Ana", "a"}, {"Ben", "b"}, {"Chloe", "c"}} {
		path := filepath.Join(dir, strings.ToLower(f.name)+".json")
		mi := drop
		if f.name == "Ben" {
			mi = flat // Ben's export is as an older hone wrote it: no prompts
		}
		handExportPrompts(t, path, f.name, strings.Repeat(f.id, 26), at, asOf, map[string]map[journal.Day][]int{"eng.mi": mi}, prompts[f.name])
		files = append(files, path)
	}
	if data, _ := os.ReadFile(files[1]); strings.Contains(string(data), `"prompts"`) {
		t.Fatal("Ben's export carries prompts")
	}
	out := ok(t, append([]string{"review", "--agenda", "--as-of", "2026-03-31"}, files...)...)
	want := "**Questions for the group:**\n\n" +
		"1. What did the family correct in your last summary?\n" +
		"2. When did you last ask \\*permission\\* before advice?\n" +
		"3. Recall one reflection you offered today."
	if !strings.Contains(out, want) {
		t.Errorf("the agenda does not ask the team's questions first:\n%s", out)
	}
	if strings.Contains(out, "ran late") || strings.Count(strings.ToLower(out), "correct in your last summary") != 1 {
		t.Errorf("a question on another skill, or one asked twice:\n%s", out)
	}
}
