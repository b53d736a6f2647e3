package journal

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func testCatalog() Catalog {
	return Catalog{
		{ID: "eng.mi", Name: "MI skills"},
		{ID: "eng.voice", Name: "Family voice"},
		{ID: "team.facil", Name: "Facilitation"},
		{ID: "plan.safety", Name: "Safety planning", Archived: true},
	}
}

func validEntry() *Entry {
	return &Entry{
		Date:        Date(2026, time.March, 2),
		Kind:        KindTeamMeeting,
		Phase:       2,
		Family:      "F12",
		Title:       "Plan review",
		Notes:       "Dad led the strengths round.",
		Ratings:     map[string]int{"eng.mi": 4, "team.facil": 3},
		Reflections: []Reflection{{PromptID: "p1", Prompt: "What went well?", Answer: "The round.", Shared: true}},
		Tags:        []string{"mi", "school-2"},
	}
}

func TestEntryValidate(t *testing.T) {
	today := Date(2026, time.March, 2)
	tests := []struct {
		name   string
		change func(e *Entry)
		field  string // "" when valid
	}{
		{"OK", func(e *Entry) {}, ""},
		{"OKTomorrow", func(e *Entry) { e.Date = today + 1 }, ""},
		{"OKArchivedSkillRating", func(e *Entry) { e.Ratings["plan.safety"] = 2 }, ""},
		{"OKNoRatings", func(e *Entry) { e.Ratings = nil }, ""},
		{"ErrDateTwoDaysAhead", func(e *Entry) { e.Date = today + 2 }, "date"},
		{"ErrDateTooOld", func(e *Entry) { e.Date = EarliestDay - 1 }, "date"},
		{"ErrKind", func(e *Entry) { e.Kind = "party" }, "kind"},
		{"ErrPhaseHigh", func(e *Entry) { e.Phase = 5 }, "phase"},
		{"ErrPhaseNegative", func(e *Entry) { e.Phase = -1 }, "phase"},
		{"ErrFamilyTooLong", func(e *Entry) { e.Family = strings.Repeat("é", MaxFamily+1) }, "family"},
		{"OKFamilyAtLimit", func(e *Entry) { e.Family = strings.Repeat("é", MaxFamily) }, ""},
		{"ErrTitleTooLong", func(e *Entry) { e.Title = strings.Repeat("t", MaxTitle+1) }, "title"},
		{"ErrNotesTooLong", func(e *Entry) { e.Notes = strings.Repeat("n", MaxNotes+1) }, "notes"},
		{"ErrInvalidUTF8", func(e *Entry) { e.Notes = "bad \xff byte" }, "notes"},
		{"ErrRatingOutOfRange", func(e *Entry) { e.Ratings["eng.mi"] = 6 }, "rating"},
		{"ErrRatingZero", func(e *Entry) { e.Ratings["eng.mi"] = 0 }, "rating"},
		{"ErrUnknownSkill", func(e *Entry) { e.Ratings["eng.mj"] = 3 }, "rating"},
		{"ErrAnswerTooLong", func(e *Entry) { e.Reflections[0].Answer = strings.Repeat("a", MaxAnswer+1) }, "reflection 1 answer"},
		{"ErrEmptyPrompt", func(e *Entry) { e.Reflections[0].Prompt = "" }, "reflection 1"},
		{"ErrTagUpper", func(e *Entry) { e.Tags = []string{"MI"} }, "tag"},
		{"ErrTagSpace", func(e *Entry) { e.Tags = []string{"two words"} }, "tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEntry()
			tt.change(e)
			err := e.Validate(testCatalog(), today)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e2, ok := err.(*Error)
			if !ok || e2.Code != EINVALID {
				t.Fatalf("Validate() = %v, want an EINVALID *Error", err)
			}
			if e2.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", e2.Field, tt.field, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message spans lines: %q", err)
			}
		})
	}
}

func TestUnknownSkillSuggestsNearest(t *testing.T) {
	err := testCatalog().CheckRating("eng.mj", 3)
	if err == nil || !strings.Contains(err.Error(), "did you mean eng.mi") {
		t.Errorf("CheckRating(eng.mj) = %v, want a suggestion of eng.mi", err)
	}
	if near := testCatalog().Nearest("mi", 3); len(near) == 0 || near[0] != "eng.mi" {
		t.Errorf("Nearest(mi) = %v, want eng.mi first", near)
	}
	if near := testCatalog().Nearest("zzzzzzzz", 3); len(near) != 0 {
		t.Errorf("Nearest(zzzzzzzz) = %v, want none", near)
	}
}

func TestEntryNormalize(t *testing.T) {
	e := &Entry{
		Title:       "  Plan\x1b[31m review ",
		Family:      " F12\x00 ",
		Notes:       "line\r\nnext\x07",
		Tags:        []string{"#MI", "mi", " School ", ""},
		Reflections: []Reflection{{Prompt: " What? ", Answer: " A\x1b[2J "}},
	}
	e.Normalize()
	if e.Kind != KindTeamMeeting || e.Title != "Plan review" || e.Family != "F12" || e.Notes != "line\nnext" {
		t.Errorf("Normalize gave %+v", e)
	}
	if got, want := strings.Join(e.Tags, ","), "mi,school"; got != want {
		t.Errorf("tags = %q, want %q", got, want)
	}
	if r := e.Reflections[0]; r.Prompt != "What?" || r.Answer != "A" {
		t.Errorf("reflection = %+v", r)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{
		"team-meeting": KindTeamMeeting, "Team Meeting": KindTeamMeeting, "team": KindTeamMeeting,
		"checkin": KindCheckIn, "check_in": KindCheckIn, "cri": KindCrisis, "SELF-ASSESSMENT": KindSelfAssessment,
	} {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "t", "party", "s"} {
		if _, err := ParseKind(in); ErrorCode(err) != EINVALID {
			t.Errorf("ParseKind(%q) error = %v, want EINVALID", in, err)
		}
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in    string
		skill string
		value int
		ok    bool
	}{
		{"eng.mi=4", "eng.mi", 4, true},
		{" ENG.MI = 4 ", "eng.mi", 4, true},
		{"eng.mi=7", "eng.mi", 7, true}, // the range is the catalog's check
		{"eng.mi", "", 0, false},
		{"=4", "", 0, false},
		{"eng.mi=", "", 0, false},
		{"eng.mi=four", "", 0, false},
		{"eng.mi=4.5", "", 0, false},
	}
	for _, tt := range tests {
		skill, value, err := ParseRating(tt.in)
		if (err == nil) != tt.ok || skill != tt.skill || value != tt.value {
			t.Errorf("ParseRating(%q) = %q, %d, %v", tt.in, skill, value, err)
		}
	}
}

// FuzzParseRating checks that parsing never panics and that whatever it
// accepts the catalog either accepts or refuses with EINVALID.
func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"eng.mi=4", "x=", "=", "eng.mi=99999999999999999999", "a=b=c"} {
		f.Add(s)
	}
	c := testCatalog()
	f.Fuzz(func(t *testing.T, s string) {
		skill, value, err := ParseRating(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseRating(%q) error code %q", s, ErrorCode(err))
			}
			return
		}
		if err := c.CheckRating(skill, value); err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("CheckRating(%q, %d) error code %q", skill, value, ErrorCode(err))
		}
	})
}

func TestNewID(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	a, err := NewID(t0, bytes.NewReader([]byte{0xff, 0xff, 0xff, 0xff}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewID(t0.Add(time.Millisecond), bytes.NewReader([]byte{0, 0, 0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != IDLength || len(b) != IDLength {
		t.Fatalf("lengths %d, %d; want %d", len(a), len(b), IDLength)
	}
	if !(a < b) {
		t.Errorf("ids do not sort by time: %s !< %s", a, b)
	}
	if strings.Trim(a+b, crockford) != "" {
		t.Errorf("ids use characters outside Crockford base32: %s %s", a, b)
	}
	if _, err := NewID(t0, bytes.NewReader(nil)); err == nil {
		t.Error("NewID with no entropy succeeded")
	}
}

// FuzzParseKind checks that --kind parsing never panics and accepts only
// the kinds there are.
func FuzzParseKind(f *testing.F) {
	for _, s := range []string{"team-meeting", "Team Meeting", "cri", "checkin", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKind(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseKind(%q) error code %q", s, ErrorCode(err))
			}
			return
		}
		if !k.Valid() {
			t.Fatalf("ParseKind(%q) = %q, not a kind", s, k)
		}
	})
}
