package store

import (
	"testing"

	"hone/journal"
)

func TestGoals(t *testing.T) {
	db, _ := openTestDB(t)
	goals := NewGoalService(db)
	if gs, err := goals.Goals(); err != nil || len(gs) != 0 {
		t.Fatalf("a new journal has goals %v, %v", gs, err)
	}
	g := &journal.Goal{Text: "  Reflect more than I ask ", Skills: []string{"ENG.MI", "eng.mi", "team.facil"}, Set: today()}
	if err := goals.CreateGoal(g); err != nil {
		t.Fatal(err)
	}
	if g.ID != "1" || g.Text != "Reflect more than I ask" || len(g.Skills) != 2 {
		t.Errorf("created goal = %+v", g)
	}
	second := &journal.Goal{Text: "Plan for transition early", Skills: []string{"plan.transition"}, Set: today() - 3}
	if err := goals.CreateGoal(second); err != nil {
		t.Fatal(err)
	}
	if err := goals.SetGoalDone("1", true); err != nil {
		t.Fatal(err)
	}
	wantCode(t, goals.SetGoalDone("9", true), journal.ENOTFOUND)
	wantCode(t, goals.SetGoalDone("x", true), journal.ENOTFOUND)
	wantCode(t, goals.CreateGoal(&journal.Goal{Text: "x", Skills: []string{"eng.mj"}, Set: today()}), journal.EINVALID)
	wantCode(t, goals.CreateGoal(&journal.Goal{Text: "", Skills: []string{"eng.mi"}, Set: today()}), journal.EINVALID)

	db = reopen(t, db)
	got, err := NewGoalService(db).Goals()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "1" || !got[0].Done || got[1].ID != "2" || got[1].Done || got[1].Set != today()-3 {
		t.Errorf("goals after reopen = %+v", got)
	}
}
