package store

import (
	"fmt"
	"strings"
	"testing"

	"hone/journal"
)

// TestImportPersonal: an import adds the goals, prompts and names the
// journal lacks, keeps what it has, takes the facilitator name only when
// none is kept, and a second import of the same changes nothing; in plain
// and encrypted journals alike.
func TestImportPersonal(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, _ := openTestDBMode(t, m.encrypted)
			goals, prompts, config := NewGoalService(db), NewPromptService(db), NewConfigService(db)
			// What the journal has already: a goal, a custom prompt and a
			// name, each also in the import in another case.
			if err := goals.CreateGoal(&journal.Goal{Text: "Reflect before I advise", Skills: []string{"eng.mi"}, Set: today() - 60}); err != nil {
				t.Fatal(err)
			}
			if err := prompts.CreatePrompt(&journal.Prompt{Text: "Where did I talk more than listen?"}); err != nil {
				t.Fatal(err)
			}
			if err := config.AddWatchName("jordan"); err != nil {
				t.Fatal(err)
			}
			builtin := journal.BuiltinPrompts()[0].Text

			in := &journal.Personal{
				Goals: []journal.Goal{
					{ID: "7", Text: "REFLECT BEFORE I ADVISE", Skills: []string{"eng.mi"}, Set: today() - 60}, // the same goal
					{ID: "8", Text: "Reflect before I advise", Skills: []string{"eng.mi"}, Set: today() - 30}, // set again later: another
					{ID: "9", Text: " Plan the transition early ", Skills: []string{"PLAN.TRANSITION"}, Set: today() - 90, Done: true, Closed: today() - 10},
					{Text: "Closed before hone kept the day", Skills: []string{"team.facil"}, Set: today() - 400, Done: true},
				},
				Prompts: []journal.Prompt{
					{ID: "my-1", Text: "where did I talk more than listen?"}, // the journal's own
					{ID: "my-2", Text: strings.ToUpper(builtin)},             // a built-in's
					{ID: "my-3", Text: "What did the youth teach me today?", Tags: []string{"eng.voice"}, Archived: true},
				},
				WatchList: []string{"Jordan", "  Ms   Alvarez "},
			}
			res, err := db.ImportPersonal(in, "Sam Rivera")
			if err != nil {
				t.Fatal(err)
			}
			if want := (PersonalResult{Goals: 3, Prompts: 1, WatchNames: 1, Facilitator: "Sam Rivera"}); res != want {
				t.Errorf("first import = %+v, want %+v", res, want)
			}
			if res, err := db.ImportPersonal(in, "Ana"); err != nil || !res.Empty() {
				t.Errorf("second import = %+v, %v; want nothing added", res, err)
			}

			db = reopen(t, db)
			p, err := db.Personal()
			if err != nil {
				t.Fatal(err)
			}
			want := &journal.Personal{
				Goals: []journal.Goal{
					{ID: "1", Text: "Reflect before I advise", Skills: []string{"eng.mi"}, Set: today() - 60},
					{ID: "2", Text: "Reflect before I advise", Skills: []string{"eng.mi"}, Set: today() - 30},
					{ID: "3", Text: "Plan the transition early", Skills: []string{"plan.transition"}, Set: today() - 90, Done: true, Closed: today() - 10},
					{ID: "4", Text: "Closed before hone kept the day", Skills: []string{"team.facil"}, Set: today() - 400, Done: true},
				},
				Prompts: []journal.Prompt{
					{ID: "my-1", Text: "Where did I talk more than listen?", Tags: []string{}},
					{ID: "my-2", Text: "What did the youth teach me today?", Tags: []string{"eng.voice"}, Archived: true},
				},
				WatchList: []string{"jordan", "Ms Alvarez"},
			}
			if fmt.Sprintf("%+v", p) != fmt.Sprintf("%+v", want) { // nil and empty tags alike
				t.Errorf("journal after import:\n%+v\nwant\n%+v", p, want)
			}
			if name, err := NewConfigService(db).FacilitatorName(); err != nil || name != "Sam Rivera" {
				t.Errorf("facilitator name = %q, %v; want the first import's, kept", name, err)
			}
		})
	}
}

// TestImportPersonalRefusesAndWritesNothing: one bad goal, prompt or name
// refuses the whole import with the place named, and the file is as it was.
func TestImportPersonalRefusesAndWritesNothing(t *testing.T) {
	good := journal.Goal{Text: "Listen first", Skills: []string{"eng.mi"}, Set: today()}
	for _, c := range []struct {
		name string
		in   journal.Personal
		want string
	}{
		{"UnknownSkill", journal.Personal{Goals: []journal.Goal{good, {Text: "x", Skills: []string{"eng.mj"}, Set: today()}}}, `goal 2 skill: unknown skill "eng.mj"`},
		{"FutureGoal", journal.Personal{Goals: []journal.Goal{{Text: "x", Skills: []string{"eng.mi"}, Set: today() + 30}}}, "goal 1 date:"},
		{"EmptyPrompt", journal.Personal{Goals: []journal.Goal{good}, Prompts: []journal.Prompt{{Text: "  "}}}, "prompt 1 text: a prompt needs its text"},
		{"EmptyName", journal.Personal{Goals: []journal.Goal{good}, WatchList: []string{"Jo", ""}}, "watch list name 2: a name is needed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, path := openTestDB(t)
			if err := NewConfigService(db).AddWatchName("Kim"); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			db = openTestPath(t, path, testOptions(1))
			_, err := db.ImportPersonal(&c.in, "Sam")
			wantCode(t, err, journal.EINVALID)
			if msg := journal.ErrorMessage(err); !strings.Contains(msg, c.want) {
				t.Errorf("error %q does not hold %q", msg, c.want)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if fileSum(t, path) != before {
				t.Error("a refused import changed the journal file")
			}
		})
	}
	db, _ := openTestDB(t)
	_, err := db.ImportPersonal(&journal.Personal{}, "two\nlines")
	wantCode(t, err, journal.EINVALID)
}
