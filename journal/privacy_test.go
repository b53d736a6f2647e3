package journal

import (
	"strings"
	"testing"
)

func TestPrivacyChecker(t *testing.T) {
	c := NewPrivacyChecker([]string{"Rosa", "Mr. Okafor"})
	tests := []struct {
		name, text string
		what       string // "" for no warning
	}{
		{"Clean", "The caregiver led the strengths round; grandmother joined.", ""},
		{"Email", "wrote to mom.k@example.org about it", "an e-mail address"},
		{"PhoneDashes", "call back on 555-201-3344 tomorrow", "a phone number"},
		{"PhoneParens", "cell (555) 201-3344", "a phone number"},
		{"PhoneIntl", "+1 555 201 3344", "a phone number"},
		{"DOBSlashes", "youth born 03/14/2011", "a date of birth"},
		{"DOBWords", "DOB: 14 March 2011", "a date of birth"},
		{"DOBUS", "birthday is March 14th, 2011", "a date of birth"},
		{"Street", "visited at 42 Elm Street after school", "a street address"},
		{"StreetAbbrev", "meet at 1200 N Main St.", "a street address"},
		{"WatchName", "Rosa said she felt heard", "a name on your watch list (Rosa)"},
		{"WatchNameCase", "asked ROSA again", "a name on your watch list (Rosa)"},
		{"WatchNameWithDot", "Mr. Okafor came", "a name on your watch list (Mr. Okafor)"},
		{"WatchNameInsideWord", "Rosalind is not Rosa's name", "a name on your watch list (Rosa)"},
		{"NotAPhoneSmallNumbers", "rated 4 of 5 on 3 skills, 12 people", ""},
		{"NotADOBMeetingDate", "next meeting 2026-04-02", ""},
		{"NotAWatchNamePart", "Rosalind came", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := c.Check(&Entry{Notes: tt.text})
			if tt.what == "" {
				if len(ws) != 0 {
					t.Fatalf("got warnings %v, want none", ws)
				}
				return
			}
			if len(ws) == 0 {
				t.Fatalf("no warning for %q, want %s", tt.text, tt.what)
			}
			if ws[0].What != tt.what || ws[0].Field != "notes" {
				t.Errorf("warning = %+v, want %s in notes", ws[0], tt.what)
			}
			if !strings.Contains(ws[0].String(), "notes:") {
				t.Errorf("String() = %q, want the field named", ws[0].String())
			}
		})
	}
}

func TestPrivacyCheckerFields(t *testing.T) {
	c := NewPrivacyChecker(nil)
	e := &Entry{Title: "call 555-201-3344", Reflections: []Reflection{{Prompt: "p", Answer: "x"}, {Prompt: "q", Answer: "a@b.co"}}}
	ws := c.Check(e)
	if len(ws) != 2 || ws[0].Field != "title" || ws[1].Field != "reflection 2 answer" {
		t.Errorf("warnings = %+v", ws)
	}
}
