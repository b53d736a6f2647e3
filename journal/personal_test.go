package journal_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"hone/journal"
)

// samplePersonal is what a journal keeps besides its entries: an open goal,
// a closed one, one closed before hone kept the day, a custom prompt and
// two names on the watch list.
func samplePersonal() *journal.Personal {
	return &journal.Personal{
		Goals: []journal.Goal{
			{ID: "1", Text: "Reflect before I advise", Skills: []string{"eng.mi"}, Set: exportEnd - 60},
			{ID: "2", Text: "Prepare the team meeting with the family", Skills: []string{"team.facil", "eng.mi"}, Set: exportEnd - 50, Done: true, Closed: exportEnd - 20},
			{ID: "3", Text: "Write the plan in the family's words", Skills: []string{"team.facil"}, Set: exportEnd - 400, Done: true},
		},
		Prompts: []journal.Prompt{
			{ID: "my-1", Text: "What did the youth teach me today?", Tags: []string{"eng.mi", "phase:2"}},
			{ID: "my-2", Text: "Where did I talk more than listen?", Tags: []string{}, Archived: true},
		},
		WatchList: []string{"Jordan", "Ms Alvarez"},
	}
}

// TestFullExportCarriesPersonal: a full export carries the goals, custom
// prompts and watch list, and both readers give them back as they were,
// goal ids aside (they are numbers local to one journal).
func TestFullExportCarriesPersonal(t *testing.T) {
	es := testJournal(t, 40)
	want := samplePersonal()
	b := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, Now: exportNow, Personal: want}))
	for i := range want.Goals {
		want.Goals[i].ID = ""
	}
	for _, read := range []struct {
		name string
		x    func() (*journal.Export, error)
	}{
		{"Streamed", func() (*journal.Export, error) { return journal.ReadExport(bytes.NewReader(b)) }},
		{"Whole", func() (*journal.Export, error) { return journal.ReadExport(wholeReader{bytes.NewReader(b)}) }},
	} {
		t.Run(read.name, func(t *testing.T) {
			x, err := read.x()
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.PersonalData()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}

	// A full export of a journal that keeps none of it has empty lists;
	// one from before hone wrote them has none and reads as empty.
	empty := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, Now: exportNow}))
	if !bytes.Contains(empty, []byte(`"personal": {
    "goals": [],
    "prompts": [],
    "watch_list": []
  },`)) {
		t.Errorf("a full export without goals, prompts or names lacks its empty lists:\n%.600s", empty)
	}
	old := bytes.Replace(empty, []byte(`"personal": {
    "goals": [],
    "prompts": [],
    "watch_list": []
  },`), nil, 1)
	x, err := journal.ReadExport(bytes.NewReader(old))
	if err != nil {
		t.Fatalf("a full export without \"personal\" is refused: %v", err)
	}
	if p, err := x.PersonalData(); err != nil || !p.Empty() {
		t.Errorf("PersonalData of an export without it = %+v, %v", p, err)
	}
}

// TestCoachSafeExportLeavesPersonalOut: the goals, prompts and watch list
// never leave in a coach-safe export, whatever the options carry.
func TestCoachSafeExportLeavesPersonalOut(t *testing.T) {
	es := testJournal(t, 40)
	p := samplePersonal()
	for _, opts := range []journal.ExportOptions{
		{Now: exportNow, Personal: p},
		{Now: exportNow, WeekDates: true, Personal: p},
	} {
		x := journal.BuildExport(es, journal.BuiltinSkills(), opts)
		b := exportJSON(t, x)
		if x.Personal != nil || bytes.Contains(b, []byte(`"personal"`)) {
			t.Errorf("%+v: the coach-safe export has \"personal\"", opts)
		}
		for _, secret := range []string{p.Goals[0].Text, p.Prompts[0].Text, p.WatchList[0], p.WatchList[1]} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%+v: the coach-safe export holds %q", opts, secret)
			}
		}
	}
}

// TestPersonalNormalized: Normalized tidies a copy as the journal keeps it
// and leaves the original alone.
func TestPersonalNormalized(t *testing.T) {
	p := &journal.Personal{
		Goals:     []journal.Goal{{Text: "  Listen first\x1b[31m ", Skills: []string{" ENG.MI", "eng.mi"}, Set: exportEnd}},
		Prompts:   []journal.Prompt{{ID: "my-9", Text: " Why? ", Tags: []string{" ENG.MI "}, Builtin: true}},
		WatchList: []string{"  Jordan   Lee ", ""},
	}
	n := p.Normalized()
	if g := n.Goals[0]; g.Text != "Listen first" || strings.Join(g.Skills, ",") != "eng.mi" {
		t.Errorf("goal normalized to %+v", g)
	}
	if pr := n.Prompts[0]; pr.Text != "Why?" || strings.Join(pr.Tags, ",") != "eng.mi" || pr.Builtin {
		t.Errorf("prompt normalized to %+v", pr)
	}
	if strings.Join(n.WatchList, "|") != "Jordan Lee|" {
		t.Errorf("watch list normalized to %q", n.WatchList)
	}
	if p.Goals[0].Skills[0] != " ENG.MI" || p.Prompts[0].Tags[0] != " ENG.MI " || p.WatchList[0] != "  Jordan   Lee " {
		t.Errorf("Normalized changed the original: %+v", p)
	}
	if err := n.Validate(journal.BuiltinSkills(), exportEnd); err == nil || !strings.Contains(journal.ErrorMessage(err), "watch list name 2") {
		t.Errorf("Validate of an empty name = %v", err)
	}
}
