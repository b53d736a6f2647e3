package journal

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDraftFileRoundTrip: a draft written to a file comes back with every
// field in its own place, an entry form's and a small form's alike; a file
// that holds something else is refused.
func TestDraftFileRoundTrip(t *testing.T) {
	saved := time.Date(2026, 12, 5, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		name string
		d    *Draft
	}{
		{"Entry", &Draft{ID: "d1", EntryID: "01m9", Saved: saved, Date: "yesterday", Kind: KindCheckIn, Phase: 2,
			Family: "F12", Title: "Plan review: \"new\" <b>", Notes: "Dvořák agreed.\n\n  Second line $x `y`\n", Tags: "mi school",
			Ratings: map[string]int{"eng.mi": 4, "team.facil": 0},
			Reflections: []Reflection{{PromptID: "rolfe-what", Prompt: "What?", Answer: "A lot", Shared: true, Starred: true},
				{Prompt: "My own question", Answer: ""}}}},
		{"SmallForm", &Draft{ID: "d2", Saved: saved, Form: DraftGoal, Fields: []string{"Ask open questions", "", "eng.mi"}}},
		{"Empty", &Draft{ID: "d3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteDraft(&b, tt.d); err != nil {
				t.Fatal(err)
			}
			got, err := ReadDraft(strings.NewReader(b.String()))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.d) {
				t.Errorf("read back\n%+v\nwant\n%+v\nfrom\n%s", got, tt.d, b.String())
			}
		})
	}
	for _, bad := range []string{"", "Title: Plan review\n\nnotes\n", `{"format":"something else"}`, `{"format":"hone draft 1"`} {
		if _, err := ReadDraft(strings.NewReader(bad)); ErrorCode(err) != EINVALID {
			t.Errorf("ReadDraft(%q) = %v, want EINVALID", bad, err)
		}
	}
}
