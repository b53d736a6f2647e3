package store

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// filterFixture creates six entries, in this order:
//
//	a  d0    team-meeting  F1  eng.mi=3              [x]
//	b  d0+1  check-in      f1  eng.mi=4 team.facil=2 [x y]
//	c  d0    crisis        F2  team.facil=5          [y]
//	d  d0+2  team-meeting  -   -                     []    notes "Met the GRANDMOTHER"
//	e  d0+1  team-meeting  F2  eng.mi=2              []    reflection "felt rushed"
//	f  d0-5  training      F1  eng.mi=5              [x]
//
// Newest first, that is d e b c a f.
func filterFixture(t *testing.T, encrypted bool) (*EntryService, journal.Day) {
	t.Helper()
	db, _ := openTestDBMode(t, encrypted)
	d0 := today() - 10
	es := []*journal.Entry{
		{Title: "a", Date: d0, Kind: journal.KindTeamMeeting, Family: "F1", Ratings: map[string]int{"eng.mi": 3}, Tags: []string{"x"}},
		{Title: "b", Date: d0 + 1, Kind: journal.KindCheckIn, Family: "f1", Ratings: map[string]int{"eng.mi": 4, "team.facil": 2}, Tags: []string{"x", "y"}},
		{Title: "c", Date: d0, Kind: journal.KindCrisis, Family: "F2", Ratings: map[string]int{"team.facil": 5}, Tags: []string{"y"}},
		{Title: "d", Date: d0 + 2, Kind: journal.KindTeamMeeting, Notes: "Met the GRANDMOTHER"},
		{Title: "e", Date: d0 + 1, Kind: journal.KindTeamMeeting, Family: "F2", Ratings: map[string]int{"eng.mi": 2},
			Reflections: []journal.Reflection{{Prompt: "How did it go?", Answer: "I felt rushed", Shared: true}}},
		{Title: "f", Date: d0 - 5, Kind: journal.KindTraining, Family: "F1", Ratings: map[string]int{"eng.mi": 5}, Tags: []string{"x"}},
	}
	mustCreate(t, db, es...)
	return NewEntryService(db), d0
}

func TestFindEntries(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) { testFindEntries(t, m.encrypted) })
	}
}

func testFindEntries(t *testing.T, encrypted bool) {
	s, d0 := filterFixture(t, encrypted)
	for _, tc := range []struct {
		name string
		f    journal.EntryFilter
		want []string
	}{
		{"All", journal.EntryFilter{}, []string{"d", "e", "b", "c", "a", "f"}},
		{"Skill", journal.EntryFilter{Skill: "eng.mi"}, []string{"e", "b", "a", "f"}},
		{"SkillOther", journal.EntryFilter{Skill: "team.facil"}, []string{"b", "c"}},
		{"SkillUnrated", journal.EntryFilter{Skill: "plan.safety"}, nil},
		{"Tag", journal.EntryFilter{Tag: "x"}, []string{"b", "a", "f"}},
		{"TagHash", journal.EntryFilter{Tag: "#Y"}, []string{"b", "c"}},
		{"Kind", journal.EntryFilter{Kind: journal.KindTeamMeeting}, []string{"d", "e", "a"}},
		{"FamilyAnyCase", journal.EntryFilter{Family: "f1"}, []string{"b", "a", "f"}},
		{"FamilyUpper", journal.EntryFilter{Family: "F2"}, []string{"e", "c"}},
		{"SearchNotes", journal.EntryFilter{Search: "grandmother"}, []string{"d"}},
		{"SearchReflection", journal.EntryFilter{Search: "RUSHED"}, []string{"e"}},
		{"SearchPrompt", journal.EntryFilter{Search: "how did"}, []string{"e"}},
		{"SearchFamily", journal.EntryFilter{Search: "f2"}, []string{"e", "c"}},
		{"SearchTag", journal.EntryFilter{Search: "y"}, []string{"b", "c"}},
		{"SearchNothing", journal.EntryFilter{Search: "zebra"}, nil},
		{"Since", journal.EntryFilter{Since: day(d0 + 1)}, []string{"d", "e", "b"}},
		{"Until", journal.EntryFilter{Until: day(d0)}, []string{"c", "a", "f"}},
		{"SinceUntilOneDay", journal.EntryFilter{Since: day(d0), Until: day(d0)}, []string{"c", "a"}},
		{"SinceAfterUntil", journal.EntryFilter{Since: day(d0 + 1), Until: day(d0)}, nil},
		{"UntilBeforeAll", journal.EntryFilter{Until: day(d0 - 6)}, nil},
		{"SinceAfterAll", journal.EntryFilter{Since: day(d0 + 3)}, nil},
		{"SkillSince", journal.EntryFilter{Skill: "eng.mi", Since: day(d0)}, []string{"e", "b", "a"}},
		{"SkillUntil", journal.EntryFilter{Skill: "eng.mi", Until: day(d0 + 1)}, []string{"e", "b", "a", "f"}},
		{"SkillTag", journal.EntryFilter{Skill: "eng.mi", Tag: "x"}, []string{"b", "a", "f"}},
		{"SkillKind", journal.EntryFilter{Skill: "eng.mi", Kind: journal.KindTeamMeeting}, []string{"e", "a"}},
		{"FamilyTagKind", journal.EntryFilter{Family: "F1", Tag: "x", Kind: journal.KindTraining}, []string{"f"}},
		{"FamilySkillSince", journal.EntryFilter{Family: "f1", Skill: "eng.mi", Since: day(d0)}, []string{"b", "a"}},
		{"TagSearch", journal.EntryFilter{Tag: "y", Search: "c"}, []string{"c"}},
		{"KindSinceUntil", journal.EntryFilter{Kind: journal.KindTeamMeeting, Since: day(d0), Until: day(d0 + 1)}, []string{"e", "a"}},
		{"Limit", journal.EntryFilter{Limit: 2}, []string{"d", "e"}},
		{"Offset", journal.EntryFilter{Offset: 4}, []string{"a", "f"}},
		{"OffsetLimit", journal.EntryFilter{Offset: 1, Limit: 3}, []string{"e", "b", "c"}},
		{"OffsetPastEnd", journal.EntryFilter{Offset: 10}, nil},
		{"SkillOffsetLimit", journal.EntryFilter{Skill: "eng.mi", Offset: 1, Limit: 2}, []string{"b", "a"}},
		{"SkillTagOffset", journal.EntryFilter{Skill: "eng.mi", Tag: "x", Offset: 1}, []string{"a", "f"}},
		{"SearchLimit", journal.EntryFilter{Search: "f", Limit: 1}, []string{"e"}},
		{"NegativeOffsetLimit", journal.EntryFilter{Offset: -1, Limit: -1}, []string{"d", "e", "b", "c", "a", "f"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.FindEntries(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := titles(got); !reflect.DeepEqual(g, tc.want) && (len(g) > 0 || len(tc.want) > 0) {
				t.Errorf("FindEntries(%+v) = %v, want %v", tc.f, g, tc.want)
			}
		})
	}
}

func TestSearchFolding(t *testing.T) {
	db, _ := openTestDB(t)
	mustCreate(t, db,
		&journal.Entry{Date: today(), Title: "200 \u212a warm"}, // Kelvin sign lower-cases to k
		&journal.Entry{Date: today(), Title: "Ünïcode Straße"},
		&journal.Entry{Date: today(), Title: `He said "stop" & <left>`},
	)
	s := NewEntryService(db)
	for term, want := range map[string]int{"k warm": 1, "ünï": 1, "STRASSE": 0, "straße": 1, `"stop" &`: 1, "<left>": 1} {
		got, err := s.FindEntries(journal.EntryFilter{Search: term})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != want {
			t.Errorf("Search %q found %v, want %d", term, titles(got), want)
		}
	}
}

func TestMayContain(t *testing.T) {
	for _, tc := range []struct {
		raw, term string
		want      bool
	}{
		{`{"title":"Hello World"}`, "world", true},
		{`{"title":"Hello"}`, "world", false},
		{`{"title":"a \"quote\""}`, `"quote"`, true}, // escaped: no quick answer
		{`{"title":"caf\u00e9"}`, "é", true},         // not ASCII: no quick answer
		{`{"title":"caf"}`, "", true},
	} {
		if got := mayContain([]byte(tc.raw), tc.term); got != tc.want {
			t.Errorf("mayContain(%s, %q) = %v, want %v", tc.raw, tc.term, got, tc.want)
		}
	}
}

// TestContainsFoldASCII checks the quick search against strings.Contains on
// lower-cased text, over random short texts.
func TestContainsFoldASCII(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for range 20000 {
		s := make([]byte, rng.IntN(12))
		for i := range s {
			s[i] = "aAbB c-"[rng.IntN(7)]
		}
		term := make([]byte, rng.IntN(4))
		for i := range term {
			term[i] = "ab c-"[rng.IntN(5)]
		}
		want := strings.Contains(strings.ToLower(string(s)), string(term))
		if got := containsFoldASCII(s, string(term)); got != want {
			t.Fatalf("containsFoldASCII(%q, %q) = %v, want %v", s, term, got, want)
		}
	}
}
