package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// teamExports makes three generated journals and their 90-day exports,
// as a coach receives them from Ana, Ben and Cai.
func teamExports(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i, name := range []string{"Ana", "Ben", "Cai"} {
		db := filepath.Join(dir, name+".db")
		file := filepath.Join(dir, strings.ToLower(name)+".json")
		ok(t, "gen", "--db", db, "--entries", "700", "--years", "2", "--seed", strconv.Itoa(i+1))
		ok(t, "export", "--db", db, "--since", "-90d", "--facilitator", name, "-o", file)
		files = append(files, file)
	}
	return files
}

// TestTUITeamGridOpens walks the Team grid in the real binary at 80x24:
// enter on Ben's row opens his Overview, esc comes back to the grid on
// his row; enter on a cell opens his detail of that skill, and esc comes
// back again.
func TestTUITeamGridOpens(t *testing.T) {
	files := teamExports(t)
	u := startTUI(t, 80, 24, nil, append([]string{"review"}, files...)...)
	u.waitFor("Overview", "Ana")
	u.keys("3")
	u.waitFor("At a glance", "▸ Ana", "enter opens Ana")
	u.keys("j")
	u.waitFor("▸ Ben", "enter opens Ben")
	u.keys("Enter")
	screen := u.waitFor("Ben  facilitator 2 of 3", "esc back to team")
	if strings.Contains(screen, "At a glance") {
		t.Errorf("enter on Ben's row left the grid on screen:\n%s", screen)
	}
	u.keys("4") // his reflections, and back from there
	u.waitFor("esc back to team", "Reflections")
	u.keys("Escape")
	screen = u.waitFor("At a glance", "▸ Ben", "enter opens Ben")
	if !strings.Contains(lineWith(screen, "▸ Ben"), "Ben") || strings.Contains(screen, "▸ Ana") {
		t.Errorf("back on the grid, the cursor is not on Ben's row:\n%s", screen)
	}
	u.keys("l")
	screen = u.waitFor("▸ Ben · ", "team median")
	skill := strings.TrimSpace(strings.SplitN(strings.SplitN(lineWith(screen, "▸ Ben · "), "▸ Ben · ", 2)[1], ":", 2)[0])
	u.keys("Enter")
	screen = u.waitFor(skill, "Anchors")
	if !strings.Contains(screen, "Ben  2/3") {
		t.Errorf("the skill opened is not Ben's:\n%s", screen)
	}
	u.keys("Escape")
	u.waitFor("At a glance", "▸ Ben · "+skill)
	u.keys("q")
	u.waitExit()
}

// scrollUntil presses key (a tmux key name), waiting each time for the
// screen to move, until has says the screen shows what is wanted; it fails
// the test when the screen stops moving first.
func (u *tui) scrollUntil(key, what string, has func(screen string) bool) string {
	u.t.Helper()
	s := u.screen()
	for !has(s) {
		before := s
		u.keys(key)
		deadline := time.Now().Add(5 * time.Second)
		for s = u.screen(); s == before; s = u.screen() {
			if time.Now().After(deadline) {
				u.t.Fatalf("the screen stopped moving before it showed %s:\n%s", what, s)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return s
}

// TestTUITeamLevelsMatchTheMarkdown reads the Team tab's levels month by
// month at 80x24, scrolling to them, and finds the numbers of the team
// Markdown of the same exports: each facilitator's and the median, for
// the first key element.
func TestTUITeamLevelsMatchTheMarkdown(t *testing.T) {
	files := teamExports(t)
	md := filepath.Join(filepath.Dir(files[0]), "team.md")
	ok(t, append([]string{"review", "--format", "md", "-o", md}, files...)...)
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "## Key elements month by month")
	if i < 0 {
		t.Fatalf("the team Markdown has no levels month by month:\n%s", text)
	}
	// | Facilitator | Sep 2026 | ... |, the rule, then Ana, Ben, Cai and
	// the median.
	var want [][]string
	for _, l := range strings.Split(text[strings.Index(text[i:], "| Facilitator")+i:], "\n")[2:6] {
		cells := strings.Split(strings.Trim(l, "| "), " | ")
		cells[0] = strings.Trim(cells[0], "*")
		want = append(want, cells)
	}

	u := startTUI(t, 80, 24, nil, append([]string{"review"}, files...)...)
	u.waitFor("Overview", "Ana")
	u.keys("3")
	u.waitFor("At a glance")
	const heading = "Key elements month by month"
	// A page at a time to the heading, then a line at a time until the
	// first key element's table shows whole under it.
	u.scrollUntil("PageDown", "the levels' heading", func(s string) bool { return strings.Contains(s, heading) })
	screen := u.scrollUntil("Down", "the first key element's levels", func(s string) bool {
		i := strings.Index(s, heading)
		return i >= 0 && strings.Contains(s[i:], "Team median")
	})
	block := screen[strings.Index(screen, heading):]
	for _, w := range want {
		got := strings.Fields(lineWith(block, w[0]+"  "))
		if len(got) < len(w) {
			t.Errorf("the Team tab's row for %s: %q; the Markdown's: %q", w[0], got, w)
			continue
		}
		got = got[len(got)-(len(w)-1):]
		for k, v := range w[1:] {
			g, errG := strconv.ParseFloat(got[k], 64)
			m, errM := strconv.ParseFloat(v, 64)
			if v == "-" && got[k] == "·" {
				continue
			}
			if errG != nil || errM != nil || g != m {
				t.Errorf("%s, column %d: the Team tab shows %s, the Markdown %s", w[0], k+1, got[k], v)
			}
		}
	}
	u.keys("q")
	u.waitExit()
}
