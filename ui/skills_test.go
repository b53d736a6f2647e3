package ui

import (
	"slices"
	"strings"
	"testing"

	"hone/journal"
)

// cursorTo moves the Skills cursor to a skill.
func cursorTo(t *testing.T, m Model, id string) Model {
	t.Helper()
	for range len(m.skills.rows) {
		if r, ok := m.skills.selected(); ok && r.skill.ID == id {
			return m
		}
		m = keys(t, m, "j")
	}
	t.Fatalf("no skill %s in the Skills tab", id)
	return m
}

// TestSkillsMatchDrift checks that the Skills tab shows for every active
// skill the verdict of journal.AnalyzeCatalog, which hone drift prints.
func TestSkillsMatchDrift(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "3")
	c, err := j.svc.Skills.Skills()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := j.svc.Ratings.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	screen := strings.Split(plain(m), "\n")
	for _, d := range journal.AnalyzeCatalog(c, rs, testToday) {
		s, _ := c.Find(d.Skill)
		i := slices.IndexFunc(screen, func(l string) bool { return strings.Contains(l, " "+s.Name+" ") })
		if i < 0 {
			t.Errorf("%s is not on the screen", s.Name)
			continue
		}
		if !strings.Contains(screen[i], " "+string(d.Status)+" ") {
			t.Errorf("%s: %q, want the status %s", s.Name, screen[i], d.Status)
		}
		if got, want := strings.Contains(screen[i], "○ "), d.Stale; got != want {
			t.Errorf("%s: stale mark %v, want %v: %q", s.Name, got, want, screen[i])
		}
	}
}

func TestSkillDetail(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "3")
	m = cursorTo(t, m, "eng.mi")
	m = keys(t, m, "enter")
	d := m.skills.detail
	if d == nil {
		t.Fatal("enter did not open the skill")
	}
	if d.chart == "" || !d.reflsLoaded || len(d.refls) == 0 {
		t.Fatalf("chart %q, reflections %v (loaded %v)", d.chart, d.refls, d.reflsLoaded)
	}
	screen := plain(m)
	for _, want := range []string{"MI skills", "drifting", "baseline 4.5", "Drifting since", "below 4.5, your usual", "╌ ┆ usual level 4.5 before the drop, drifting since 10 Feb 2026", "Anchors"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the detail lacks %q:\n%s", want, screen)
		}
	}

	// The chart is drawn once for a size: keys do not draw it again; a new
	// size does.
	before := d.chartKey
	m = keys(t, m, "j", "j", "k")
	if m.skills.detail.chartKey != before {
		t.Error("scrolling drew the chart again")
	}
	m = send1(t, m, teaSize(120, 40))
	if got := m.skills.detail.chartKey; got == before || got.w != 118 {
		t.Errorf("after a resize the chart is for %+v, want the new width", got)
	}
	m = keys(t, m, "esc")
	if m.skills.detail != nil {
		t.Error("esc did not close the skill")
	}
}

func TestAddSkill(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "3", "a")
	if !m.typing() {
		t.Fatal("the form does not have the keyboard")
	}
	m = typeText(t, m, "team.debrief")
	m = keys(t, m, "tab")
	m = typeText(t, m, "Debriefing after hard meetings")
	m = keys(t, m, "tab", "right") // key element: Effective Teamwork
	m = keys(t, m, "tab")
	m = typeText(t, m, "Talking a hard meeting through with the team afterwards.")
	m = keys(t, m, "tab")
	m = typeText(t, m, "We left without a word.")
	m = keys(t, m, "ctrl+s")
	if m.skills.form != nil {
		t.Fatalf("the form is still open:\n%s", plain(m))
	}
	c, err := j.svc.Skills.Skills()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := c.Find("team.debrief")
	if !ok {
		t.Fatal("the skill was not created")
	}
	if s.Name != "Debriefing after hard meetings" || s.KeyElement != journal.KeyTeamwork || s.Anchors[0] != "We left without a word." {
		t.Errorf("created %+v", s)
	}
	if r, ok := m.skills.selected(); !ok || r.skill.ID != "team.debrief" {
		t.Errorf("the cursor is on %+v, want the new skill", r.skill)
	}
	if !strings.Contains(plain(m), "Added the skill") {
		t.Errorf("no status:\n%s", plain(m))
	}
}

func TestAddSkillRefusesBadInput(t *testing.T) {
	tests := []struct {
		name, id, skill string
		want            string // in the error next to the field
	}{
		{"BadID", "Team Debrief", "Debriefing", "is not a skill id"},
		{"TakenID", "eng.mi", "Another MI", "is taken"},
		{"NoName", "team.debrief", "", "needs a name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := openJournal(t)
			m := newTestModel(t, j.svc, 80, 24)
			m = keys(t, m, "3", "a")
			m = typeText(t, m, tt.id)
			m = keys(t, m, "tab")
			m = typeText(t, m, tt.skill)
			m = keys(t, m, "ctrl+s")
			if m.skills.form == nil {
				t.Fatal("the form closed")
			}
			if got := plain(m); !strings.Contains(got, tt.want) {
				t.Errorf("no %q on the screen:\n%s", tt.want, got)
			}
			c, _ := j.svc.Skills.Skills()
			if len(c) != len(journal.BuiltinSkills()) {
				t.Errorf("%d skills, want only the built-in ones", len(c))
			}
			m = keys(t, m, "esc")
			if m.question == nil {
				t.Fatal("esc after typing did not ask first")
			}
			m = keys(t, m, "y")
			if m.skills.form != nil {
				t.Error("y did not close the form")
			}
		})
	}
}

func TestArchiveSkill(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "3")
	m = cursorTo(t, m, "eng.mi")
	rsBefore, _ := j.svc.Ratings.Ratings()

	m = keys(t, m, "x")
	if m.question == nil {
		t.Fatal("x did not ask first")
	}
	m = keys(t, m, "n")
	if s, _ := mustCatalog(t, j).Find("eng.mi"); s.Archived {
		t.Fatal("archived after n")
	}

	m = keys(t, m, "x", "y")
	s, _ := mustCatalog(t, j).Find("eng.mi")
	if !s.Archived {
		t.Fatal("not archived after y")
	}
	if slices.ContainsFunc(m.skills.rows, func(r skillRow) bool { return r.skill.ID == "eng.mi" }) {
		t.Error("the archived skill is still listed")
	}
	if _, ok := m.ctx.data.driftOf("eng.mi"); ok {
		t.Error("the drift was not analysed again")
	}
	rs, _ := j.svc.Ratings.Ratings()
	if got, want := len(rs["eng.mi"]), len(rsBefore["eng.mi"]); got != want || want == 0 {
		t.Errorf("%d ratings of eng.mi after archiving, want %d: ratings are kept", got, want)
	}
	if !strings.Contains(plain(m), "Archived “MI skills”") {
		t.Errorf("no status:\n%s", plain(m))
	}
}

// TestArchiveFromDetail archives the open skill and goes back to the list.
func TestArchiveFromDetail(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "3")
	m = cursorTo(t, m, "team.facil")
	m = keys(t, m, "enter", "x", "y")
	if m.skills.detail != nil {
		t.Error("the archived skill's detail is still open")
	}
	if s, _ := mustCatalog(t, j).Find("team.facil"); !s.Archived {
		t.Error("not archived")
	}
}

func mustCatalog(t *testing.T, j *testJournal) journal.Catalog {
	t.Helper()
	c, err := j.svc.Skills.Skills()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
