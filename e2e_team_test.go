package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
