package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
	"hone/journal/gen"
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

// TestTeamLevelsAreTheReports holds that the Team tab's levels per key
// element are the team reports' (journal.LevelsByPeriod over the members
// the Markdown keeps) and that it draws them, every facilitator's and the
// median, with two decimals.
func TestTeamLevelsAreTheReports(t *testing.T) {
	reviews := reviewExports()
	m := newReviewModel(t, reviews, 120, 40)
	var members []*journal.TeamMember
	for i, r := range reviews {
		tm, err := journal.NewTeamMember(r.Export, "Facilitator "+itoa(i+1), m.ctx.today())
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, tm)
	}
	want := journal.LevelsByPeriod(members)
	got := m.ctx.review.levels
	if len(want.Periods) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("the Team tab's levels:\n%+v\nthe reports':\n%+v", got, want)
	}
	m = keys(t, m, "3")
	text := stripANSI(strings.Join(m.team.lines, "\n"))
	if !strings.Contains(text, "Key elements month by month") {
		t.Fatalf("no levels month by month in the Team tab:\n%s", text)
	}
	k := want.KeyElements[0]
	block := text[strings.Index(text, "Key elements month by month"):]
	for i, name := range []string{"Ana", "Ben red", "Team median"} {
		var hs []int
		if i < len(k.Members) {
			for _, tl := range k.Members[i] {
				hs = append(hs, tl.Hundredths())
			}
		} else {
			hs = k.Median
		}
		var cells []string
		for _, h := range hs {
			if h < 0 {
				cells = append(cells, "·")
			} else {
				cells = append(cells, fmt.Sprintf("%d.%02d", h/100, h%100))
			}
		}
		line := strings.Fields(lineWith(block, name))
		if got := strings.Join(line[len(line)-len(cells):], " "); got != strings.Join(cells, " ") {
			t.Errorf("%s's %s levels %q, want %q", name, k.KeyElement, got, strings.Join(cells, " "))
		}
	}
}

// lineWith returns the first line of text holding s.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// TestTeamGridFollowsTheCursorOnResize: a window made narrower keeps the
// cursor's column on the screen.
func TestTeamGridFollowsTheCursorOnResize(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 140, 30)
	m = keys(t, m, "3")
	n := len(m.ctx.review.team.Skills)
	for range n {
		m = keys(t, m, "l")
	}
	m = send1(t, m, teaSize(80, 24))
	last := gridOrder(&m.ctx.review.team)[n-1]
	if s := plain(m); !strings.Contains(lineWith(s, "outco")+lineWith(s, "more"), skillTag(last.ID, gridColW-1)) || !strings.Contains(s, "▸ Ana · "+last.Name) {
		t.Errorf("after a resize the cursor's column (%s) is not on the screen:\n%s", last.ID, s)
	}
	if got, want := m.team.lines, teamLinesAt(m.ctx, 80, m.team.grid); !reflect.DeepEqual(got, want) {
		t.Error("the lines drawn over the grid's base differ from those drawn whole")
	}
}

// TestTeamSaysWhenItsVerdictsAreFrom: the Team tab's heading says the day
// its verdicts are as of: the exports' own day when they carry the
// facilitators' verdicts (it said today, a day or more after them), and
// each export's span of days when they differ.
func TestTeamSaysWhenItsVerdictsAreFrom(t *testing.T) {
	c := journal.BuiltinSkills()
	carried := func(name string, asOf journal.Day) Review {
		es := seedEntries()
		opts := journal.ExportOptions{Now: fixedNow, Facilitator: name,
			Drift: journal.AnalyzeCatalog(c, gen.Ratings(es), asOf), DriftAsOf: asOf}
		return Review{Name: name, Export: journal.BuildExport(es, c, opts)}
	}
	for _, tc := range []struct {
		days []journal.Day
		want string
	}{
		{[]journal.Day{testToday - 2, testToday - 2}, "verdicts as of " + (testToday - 2).Short()},
		{[]journal.Day{testToday - 3, testToday - 1}, "verdicts as of each export's day, " + (testToday - 3).Short() + " to " + (testToday - 1).Short()},
	} {
		m := newReviewModel(t, []Review{carried("Ana", tc.days[0]), carried("Ben", tc.days[1])}, 120, 40)
		m = keys(t, m, "3") // the Team tab
		if s := plain(m); !strings.Contains(s, tc.want) {
			t.Errorf("the Team tab does not say %q:\n%s", tc.want, s)
		}
	}
	// An export that cannot be read has no day: the Team tab gave the span
	// from 1 Jan 1970.
	bad := &journal.Error{Code: journal.EINVALID, Field: "bad.json", Message: "is not a hone export"}
	unread := Review{Name: "bad.json", Load: func() (*journal.Export, error) { return nil, bad }}
	m := newReviewModel(t, []Review{carried("Ana", testToday-2), unread}, 120, 40)
	m = keys(t, m, "3")
	if s, want := plain(m), "verdicts as of "+(testToday-2).Short(); !strings.Contains(s, want) || strings.Contains(s, "1970") {
		t.Errorf("with an export that cannot be read, the Team tab does not say %q:\n%s", want, s)
	}
}

// TestTenthRoundsHalfUp: the Team tab shows levels half up to a tenth, as
// every number of SPEC section 4 is shown (a level of 3.25 is "3.3" in
// the sentence beside it); it showed 3.2, rounding half to even.
func TestTenthRoundsHalfUp(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{3.25, "3.3"}, {2.75, "2.8"}, {4.05, "4.1"}, {3.24, "3.2"}, {4, "4.0"}, {2.85, "2.9"}} {
		if got := tenth(journal.Number{Value: tc.v, Valid: true}); got != tc.want {
			t.Errorf("tenth(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestTeamGridClicks: a click on the Team grid puts the cursor on the
// name or cell clicked; a second click on it opens it, as enter does.
// The places clicked are found on the screen drawn, not computed.
func TestTeamGridClicks(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	m = keys(t, m, "3")
	at := func(m Model, text string) (x, y int) {
		t.Helper()
		for y, line := range strings.Split(plain(m), "\n") {
			if i := strings.Index(line, text); i >= 0 {
				return utf8.RuneCountInString(line[:i]), y
			}
		}
		t.Fatalf("%q is not on the screen:\n%s", text, plain(m))
		return 0, 0
	}
	click := func(m Model, x, y int) Model {
		return send1(t, m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	}

	x, y := at(m, "Ben red")
	m = click(m, x+2, y)
	if got := m.team.grid; got.row != 1 || got.col != 0 || m.tab != tabTeam {
		t.Fatalf("a click on Ben's name: cursor %+v on %v, want row 1, col 0 on the Team tab", got, m.tab)
	}
	m = click(m, x+2, y)
	if m.tab != tabOverview || m.ctx.fac != m.ctx.review.members[1] {
		t.Fatalf("a second click on Ben's name shows %v of facilitator %d, want Ben's Overview", m.tab, m.ctx.fac)
	}
	m = keys(t, m, "esc")

	first := gridOrder(&m.ctx.review.team)[0]
	cx, _ := at(m, skillTag(first.ID, gridColW-1))
	_, y = at(m, "Ben red")
	m = click(m, cx+1, y)
	if got := m.team.grid; got.row != 1 || got.col != 1 || m.tab != tabTeam {
		t.Fatalf("a click on Ben's %s cell: cursor %+v on %v, want row 1, col 1", first.ID, got, m.tab)
	}
	m = click(m, cx+1, y)
	if m.tab != tabSkills || m.skills.detail == nil || m.skills.detail.skill.ID != first.ID {
		t.Fatalf("a second click on Ben's %s cell shows %v, want the skill's detail", first.ID, m.tab)
	}
	m = keys(t, m, "esc")
	x, y = at(m, "Team median")
	before := m.team.grid
	m = click(m, x, y)
	if m.team.grid != before || m.tab != tabTeam {
		t.Errorf("a click on the median row moved the cursor to %+v (from %+v) on %v", m.team.grid, before, m.tab)
	}
}
