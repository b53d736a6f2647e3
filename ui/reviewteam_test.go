package ui

import (
	"strings"
	"testing"
)

// TestTeamGridRowsOpen holds that the Team grid's rows open: enter on a
// facilitator's name opens their Overview, enter on a cell their detail of
// that skill, and esc comes back to the grid with the cursor where it was.
func TestTeamGridRowsOpen(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	m = keys(t, m, "3")
	if !m.team.canOpen {
		t.Fatal("the Team grid does not open")
	}
	if !strings.Contains(plain(m), "▸ Ana") {
		t.Fatalf("the cursor is not on Ana's row:\n%s", plain(m))
	}

	// A person: Ben, the second row.
	m = keys(t, m, "j", "enter")
	if got, want := m.tab, tabOverview; got != want {
		t.Fatalf("enter on Ben's row shows %v, want %v", got, want)
	}
	if got, want := m.ctx.fac, m.ctx.review.members[1]; got != want {
		t.Fatalf("enter on the second row shows facilitator %d, want %d", got, want)
	}
	if s := plain(m); !strings.Contains(s, "Ben red  facilitator 2 of 2") || !strings.Contains(s, "esc back to team") {
		t.Errorf("Ben's Overview, opened from the grid:\n%s", s)
	}
	m = keys(t, m, "4") // their reflections, and back from there
	m = keys(t, m, "esc")
	if got, want := m.tab, tabTeam; got != want {
		t.Fatalf("esc shows %v, want the Team tab", got)
	}
	if got := m.team.grid; got.row != 1 || got.col != 0 {
		t.Errorf("back on the grid, the cursor is at %+v, want row 1, col 0", got)
	}

	// A cell: Ben's first skill column, the skill most drifting (MI skills:
	// both drift).
	m = keys(t, m, "l")
	first := gridOrder(&m.ctx.review.team)[0]
	id := first.ID
	if s := plain(m); !strings.Contains(s, "▸ Ben red · "+first.Name+": drifting") {
		t.Errorf("the line under the grid does not name Ben's cell:\n%s", s)
	}
	m = keys(t, m, "enter")
	if m.tab != tabSkills || m.skills.detail == nil || m.skills.detail.skill.ID != id || m.ctx.fac != m.ctx.review.members[1] {
		t.Fatalf("enter on Ben's %s cell: tab %v, detail %v, facilitator %d", id, m.tab, m.skills.detail != nil, m.ctx.fac)
	}
	if d := m.skills.detail.drift; d.Status != "drifting" {
		t.Errorf("Ben's %s detail shows %s, want drifting", id, d.Status)
	}
	m = keys(t, m, "esc")
	if m.tab != tabTeam || m.team.grid.row != 1 || m.team.grid.col != 1 {
		t.Errorf("esc from the skill: tab %v, cursor %+v, want the Team tab at row 1, col 1", m.tab, m.team.grid)
	}

	// Esc on the Overview reached by its own key does nothing.
	m = keys(t, m, "1", "esc")
	if m.tab != tabOverview {
		t.Errorf("esc on an Overview not opened from the grid shows %v", m.tab)
	}
}

// TestTeamGridScrollsSideways holds that a window too narrow for every
// skill shows the columns the cursor is on, and says how many more there
// are.
func TestTeamGridScrollsSideways(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 80, 24)
	m = keys(t, m, "3")
	n := len(m.ctx.review.team.Skills)
	fit := gridFit(80, n)
	if fit >= n {
		t.Fatalf("80 cells hold all %d skills; the test needs more", n)
	}
	if s := plain(m); !strings.Contains(s, itoa(n-fit)+" more ›") {
		t.Errorf("the grid does not say %d more skills:\n%s", n-fit, s)
	}
	for range n {
		m = keys(t, m, "l")
	}
	last := gridOrder(&m.ctx.review.team)[n-1]
	if s := plain(m); !strings.Contains(s, skillTag(last.ID, gridColW-1)) || !strings.Contains(s, "‹ "+itoa(n-fit)+" more") {
		t.Errorf("at the last skill, the grid does not show it:\n%s", s)
	}
	if got, want := m.team.grid.col, n; got != want {
		t.Errorf("the cursor stops at column %d, want %d", got, want)
	}
}
