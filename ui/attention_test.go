package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// TestSkillsOpenOnWhatNeedsAttention: the Skills tab's cursor rests on the
// first drifting skill, so enter opens it; once the user moves, enter
// opens the skill they chose, and a reload keeps the cursor on it.
func TestSkillsOpenOnWhatNeedsAttention(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "3")
	want := firstNeedingAttention(m.skills.rows)
	if want == "" {
		t.Fatal("the seeded journal has no drifting or watch skill")
	}
	if d, _ := m.ctx.data.driftOf(want); d.Status != journal.StatusDrifting {
		t.Fatalf("%s is %s, want the first drifting skill", want, d.Status)
	}
	m = keys(t, m, "enter")
	if got := openSkill(m); got != want {
		t.Fatalf("enter on the Skills tab opened %q, want %s", got, want)
	}
	m = keys(t, m, "esc", "j", "j")
	r, _ := m.skills.selected()
	chosen := r.skill.ID
	m = send1(t, m, changedMsg{}) // a reload, as after a save
	if r, _ := m.skills.selected(); r.skill.ID != chosen {
		t.Errorf("after a reload the cursor is on %s, want %s the user chose", r.skill.ID, chosen)
	}
	m = keys(t, m, "enter")
	if got := openSkill(m); got != chosen {
		t.Errorf("enter opened %q, want %s", got, chosen)
	}
}

// openSkill is the id of the skill whose detail is open; "" for none.
func openSkill(m Model) string {
	if m.skills.detail == nil {
		return ""
	}
	return m.skills.detail.skill.ID
}

// TestSkillsNamesWhole: at 80x24 and at 60x16 the Skills table shows every
// name whole (columns give way instead) and says how many rows are below;
// scrolling reaches the last skill.
func TestSkillsNamesWhole(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {60, 16}} {
		j := openJournal(t)
		j.seed(t)
		m := newTestModel(t, j.svc, sz.w, sz.h)
		m = keys(t, m, "3", "g")
		seen := map[string]bool{}
		for range 40 {
			screen := plain(m)
			if strings.Contains(screen, "…") && !strings.Contains(strings.Split(screen, "\n")[0], "…") {
				t.Fatalf("%dx%d: a line is cut:\n%s", sz.w, sz.h, screen)
			}
			for _, r := range m.skills.rows {
				if !r.isHeading() && strings.Contains(screen, r.skill.Name) {
					seen[r.skill.ID] = true
				}
			}
			m = keys(t, m, "j")
		}
		for _, r := range m.skills.rows {
			if !r.isHeading() && !seen[r.skill.ID] {
				t.Errorf("%dx%d: %q never showed whole", sz.w, sz.h, r.skill.Name)
			}
		}
		m = keys(t, m, "g")
		if got := plain(m); !strings.Contains(got, "more rows below") {
			t.Errorf("%dx%d: the table does not say more is below:\n%s", sz.w, sz.h, got)
		}
	}
}

// TestScrolledViewsSayMoreIsBelow: the skill detail and the entry view say
// how many lines are below, and G, the keys and the wheel reach the end.
func TestScrolledViewsSayMoreIsBelow(t *testing.T) {
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"skill detail", []string{"3", "enter"}},
		{"entry", []string{"2", "enter"}},
	} {
		j := openJournal(t)
		j.seed(t)
		m := newTestModel(t, j.svc, 80, 24)
		m = keys(t, m, sc.keys...)
		if got := plain(m); !strings.Contains(got, "more line") || !strings.Contains(got, "below") {
			t.Errorf("%s: no sign that more is below:\n%s", sc.name, got)
		}
		end := keys(t, m, "G")
		if got := plain(end); !strings.Contains(got, "the end") {
			t.Errorf("%s: G does not reach the end:\n%s", sc.name, got)
		}
		for range 60 {
			m = keys(t, m, "j")
		}
		if got := plain(m); !strings.Contains(got, "the end") {
			t.Errorf("%s: j does not reach the end:\n%s", sc.name, got)
		}
		m = keys(t, m, "g")
		for range 30 {
			m = send1(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
		}
		if got := plain(m); !strings.Contains(got, "the end") {
			t.Errorf("%s: the wheel does not reach the end:\n%s", sc.name, got)
		}
	}
}

// TestPrepOpensTheSelfAssessment: before supervision, S on the Prep tab
// starts the self-assessment its section asks for, and the footer says so.
func TestPrepOpensTheSelfAssessment(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	j.seedSupervision(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "5")
	if got := lastLine(plain(m)); !strings.Contains(got, "S self-assessment") {
		t.Errorf("the Prep footer does not offer the self-assessment: %s", got)
	}
	m = keys(t, m, "S")
	if m.screen != screenSelfAssess {
		t.Fatalf("S on Prep shows %v, want the self-assessment:\n%s", m.screen, plain(m))
	}
}
