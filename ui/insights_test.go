package ui

import (
	"reflect"
	"strings"
	"testing"

	"hone/journal"
)

// TestInsightsLoadInTwoSteps: with a drift service, the first message
// carries the drift and no histories, and Today draws from it exactly what
// it draws once everything is loaded. The histories are read when the
// Skills tab is first shown, not before; after that, every load reads them
// at once.
func TestInsightsLoadInTwoSteps(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	today := journal.DayOf(fixedNow)

	first, ok := loadInsights(j.svc, today, 0, nil)().(insightsMsg)
	if !ok || first.err != nil {
		t.Fatalf("first message = %#v", first)
	}
	if first.in.histories || first.in.history != nil || first.more == nil {
		t.Fatalf("the first step carries histories (%v) or nothing more to load (%v)", first.in.histories, first.more == nil)
	}
	c, err := j.svc.Skills.Skills()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := j.svc.Ratings.Ratings()
	if err != nil {
		t.Fatal(err)
	}
	want := computeInsights(c, rs, today)
	if !reflect.DeepEqual(first.in.drift, want.drift) || !reflect.DeepEqual(first.in.recent, want.recent) {
		t.Fatalf("first step: drift or recent differ from the full analysis\n got %v\nwant %v", first.in.recent, want.recent)
	}

	m := New(j.svc, testOptions())
	m = send1(t, m, teaSize(120, 40))
	m = send1(t, m, loadToday(j.svc.Entries, nil, today, nil)())
	m = send1(t, m, first) // and runs what it asks for
	partial := plain(m)
	if !strings.Contains(partial, "Needs attention") {
		t.Fatalf("Today does not show the drift from the first step:\n%s", partial)
	}
	if m.ctx.data.histories || m.ctx.laterHistories == nil {
		t.Fatalf("the histories were read before a screen needs them (histories %v)", m.ctx.data.histories)
	}
	m = keys(t, m, "3")
	if !m.ctx.data.histories || !reflect.DeepEqual(m.ctx.data.history, want.history) {
		t.Fatal("showing the Skills tab did not read the histories")
	}
	if got := plain(keys(t, m, "1")); got != partial {
		t.Errorf("Today changed when the histories came in:\nbefore:\n%s\nafter:\n%s", partial, got)
	}
	// Once wanted, a load after a write reads the histories at once.
	m = send1(t, m, loadInsights(j.svc, today, m.ctx.loadSeq, nil)())
	if !m.ctx.data.histories || m.ctx.laterHistories != nil {
		t.Fatal("a load after the Skills tab was shown left the histories for later")
	}
}

// TestOlderInsightsAreDropped: after a write asks for new insights, a
// message of the load before it changes nothing.
func TestOlderInsightsAreDropped(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	today := journal.DayOf(fixedNow)
	old := loadInsights(j.svc, today, m.ctx.loadSeq, nil)().(insightsMsg)
	m.ctx.loadSeq++
	version := m.ctx.data.version
	next, cmd := m.Update(old)
	m = next.(Model)
	if m.ctx.data.version != version || cmd != nil {
		t.Fatalf("a message of an older load was applied (version %d -> %d) or led on (%v)", version, m.ctx.data.version, cmd != nil)
	}
	// The newer load's message is taken.
	next, _ = m.Update(loadInsights(j.svc, today, m.ctx.loadSeq, nil)())
	if next.(Model).ctx.data.version != version+1 {
		t.Fatal("the newest load was not applied")
	}
}

// TestSkillChartWaitsForHistories: a skill opened before the ratings are in
// says the chart is coming, then draws it.
func TestSkillChartWaitsForHistories(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	today := journal.DayOf(fixedNow)
	m := New(j.svc, testOptions())
	m = send1(t, m, teaSize(120, 40))
	m = send1(t, m, loadInsights(j.svc, today, 0, nil)())
	next, histories := m.Update(keyMsg("3")) // the histories' load, held back
	m = next.(Model)
	m = keys(t, m, "g", "j", "enter") // the second skill, eng.mi, which the seed rates
	if m.skills.detail == nil || m.skills.detail.skill.ID != "eng.mi" {
		t.Fatal("enter on Skills did not open eng.mi")
	}
	if got := plain(m); !strings.Contains(got, "Drawing the chart…") {
		t.Fatalf("the skill does not say its chart is coming:\n%s", got)
	}
	m = run(t, m, histories)
	if got := plain(m); strings.Contains(got, "Drawing the chart…") || !strings.Contains(got, "┄") {
		t.Fatalf("the chart was not drawn once the ratings came in:\n%s", got)
	}
}
