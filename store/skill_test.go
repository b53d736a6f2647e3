package store

import (
	"reflect"
	"testing"

	"hone/journal"
)

func TestSkillsRoundTrip(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewSkillService(db)
	builtin := journal.BuiltinSkills()

	c, err := s.Skills()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, builtin) {
		t.Fatalf("a new journal's catalog differs from the built-in one")
	}

	custom := []*journal.Skill{
		{ID: "zz.last", Name: "Added first", Group: "Mine", KeyElement: journal.KeyProfessionalSelf,
			Description: "Sorted by when it was added, not by id.", Anchors: [3]string{"one", "three", "five"}},
		{ID: " Aa.First ", Name: "  Added second  "},
	}
	for _, sk := range custom {
		if err := s.CreateSkill(sk); err != nil {
			t.Fatal(err)
		}
	}
	if custom[1].ID != "aa.first" || custom[1].Name != "Added second" || custom[1].Builtin {
		t.Errorf("CreateSkill left %+v", custom[1])
	}
	for _, id := range []string{"eng.mi", "zz.last"} {
		if err := s.SetSkillArchived(id, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSkillArchived("team.facil", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSkillArchived("team.facil", false); err != nil {
		t.Fatal(err)
	}

	db = reopen(t, db)
	c, err = NewSkillService(db).Skills()
	if err != nil {
		t.Fatal(err)
	}
	want := journal.BuiltinSkills()
	for i := range want {
		if want[i].ID == "eng.mi" {
			want[i].Archived = true
		}
	}
	last := *custom[0]
	last.Archived = true
	want = append(want, last, *custom[1])
	if !reflect.DeepEqual(c, want) {
		t.Errorf("catalog after reopen:\n got  %+v\n want %+v", c[len(builtin):], want[len(builtin):])
		for i := range min(len(c), len(want)) {
			if !reflect.DeepEqual(c[i], want[i]) {
				t.Errorf("skill %d: got %+v want %+v", i, c[i], want[i])
			}
		}
	}
}

func TestCreateSkillErrors(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewSkillService(db)
	if err := s.CreateSkill(&journal.Skill{ID: "my.skill", Name: "Mine"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		skill journal.Skill
		code  string
	}{
		{"ErrBuiltinID", journal.Skill{ID: "eng.mi", Name: "Again"}, journal.ECONFLICT},
		{"ErrCustomID", journal.Skill{ID: "MY.SKILL", Name: "Again"}, journal.ECONFLICT},
		{"ErrBadID", journal.Skill{ID: "1abc", Name: "Bad"}, journal.EINVALID},
		{"ErrNoName", journal.Skill{ID: "no.name"}, journal.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.CreateSkill(&tc.skill), tc.code)
		})
	}
	c, err := s.Skills()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c), len(journal.BuiltinSkills())+1; got != want {
		t.Errorf("catalog has %d skills, want %d", got, want)
	}
	wantCode(t, s.SetSkillArchived("no.such", true), journal.ENOTFOUND)
}

func TestPromptsRoundTrip(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewPromptService(db)
	builtin := journal.BuiltinPrompts()
	ps, err := s.Prompts()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ps, builtin) {
		t.Fatal("a new journal's prompts differ from the built-in ones")
	}
	mine := []*journal.Prompt{
		{ID: "ignored", Text: "  What did I learn today?  ", Tags: []string{"self.reflect", "#Phase:2"}, Builtin: true},
		{Text: "Second prompt"},
	}
	for _, p := range mine {
		if err := s.CreatePrompt(p); err != nil {
			t.Fatal(err)
		}
	}
	if mine[0].ID != "my-1" || mine[1].ID != "my-2" || mine[0].Builtin || mine[0].Text != "What did I learn today?" ||
		!reflect.DeepEqual(mine[0].Tags, []string{"self.reflect", "phase:2"}) {
		t.Errorf("CreatePrompt left %+v and %+v", mine[0], mine[1])
	}
	wantCode(t, s.CreatePrompt(&journal.Prompt{Text: "  "}), journal.EINVALID)
	wantCode(t, s.CreatePrompt(&journal.Prompt{Text: "ok", Tags: []string{"bad tag"}}), journal.EINVALID)

	db = reopen(t, db)
	s = NewPromptService(db)
	ps, err = s.Prompts()
	if err != nil {
		t.Fatal(err)
	}
	want := append(journal.BuiltinPrompts(), *mine[0], *mine[1])
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("prompts after reopen end with %+v, want %+v", ps[len(builtin):], want[len(builtin):])
	}
	// Numbers keep counting after a reopen.
	third := &journal.Prompt{Text: "Third"}
	if err := s.CreatePrompt(third); err != nil {
		t.Fatal(err)
	}
	if third.ID != "my-3" {
		t.Errorf("third prompt id %q, want my-3", third.ID)
	}
}

func TestRatings(t *testing.T) {
	db, _ := openTestDB(t)
	d := today() - 30
	// Created in this order; b and c share a day with a.
	es := []*journal.Entry{
		newEntry(d+5, "a", map[string]int{"eng.mi": 3, "team.facil": 4}),
		newEntry(d, "old", map[string]int{"eng.mi": 1}),
		newEntry(d+5, "b", map[string]int{"eng.mi": 5}),
		newEntry(d+9, "new", map[string]int{"eng.mi": 2, "my.skill": 4}),
		newEntry(d+5, "c", map[string]int{"team.facil": 2}),
		newEntry(d+7, "none", nil),
	}
	if err := NewSkillService(db).CreateSkill(&journal.Skill{ID: "my.skill", Name: "Mine"}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, es...)
	for _, id := range []string{"my.skill", "team.facil"} {
		if err := NewSkillService(db).SetSkillArchived(id, true); err != nil {
			t.Fatal(err)
		}
	}
	db = reopen(t, db)
	got, err := NewRatingService(db).Ratings()
	if err != nil {
		t.Fatal(err)
	}
	r := func(skill string, e *journal.Entry) journal.Rating {
		return journal.Rating{Skill: skill, Date: e.Date, EntryID: e.ID, Value: e.Ratings[skill]}
	}
	want := map[string][]journal.Rating{
		"eng.mi":     {r("eng.mi", es[1]), r("eng.mi", es[0]), r("eng.mi", es[2]), r("eng.mi", es[3])},
		"team.facil": {r("team.facil", es[0]), r("team.facil", es[4])},
		"my.skill":   {r("my.skill", es[3])},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ratings() =\n %v\nwant\n %v", got, want)
	}
}
