package journal_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// TestPrepFeedback: preparation shows the coach feedback since the period
// began, each observed rating beside the facilitator's own ratings of that
// week, and asks one question about it; observed ratings leave the drift
// groups as they were.
func TestPrepFeedback(t *testing.T) {
	since, asOf := journal.Date(2026, time.November, 1), journal.Date(2026, time.November, 30)
	day := journal.Date(2026, time.November, 20)
	ratings := map[string][]journal.Rating{
		"team.facil": {{Skill: "team.facil", Date: day - 3, Value: 4}, {Skill: "team.facil", Date: day + 2, Value: 5}},
	}
	fs := []journal.Feedback{
		{ID: "in-observed", Day: day, Skill: "team.facil", Observed: 3, Note: "The plan ran *long*", Coach: "Chloe", Received: day + 1},
		{ID: "old-day-new-note", Day: since - 20, Note: "Seen in October", Received: since + 2},
		{ID: "after-as-of", Day: asOf + 1, Skill: "eng.mi", Observed: 2, Received: asOf + 1},
		{ID: "before-the-period", Day: since - 30, Note: "Old news", Received: since - 25},
	}
	opts := journal.PrepOptions{Since: since, AsOf: asOf}
	without := journal.BuildPrep(nil, journal.BuiltinSkills(), ratings, nil, opts)
	opts.Feedback = fs
	p := journal.BuildPrep(nil, journal.BuiltinSkills(), ratings, nil, opts)

	var ids []string
	for _, f := range p.Feedback {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, " "); got != "in-observed old-day-new-note" {
		t.Errorf("feedback of the period: %s", got)
	}
	if got, want := p.Feedback[0].Sentence, "Your coach observed 3 on 20 Nov; your own ratings that week averaged 4.5."; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if p.Feedback[0].Self.Count != 2 || p.Feedback[0].Self.Mean.Value != 4.5 {
		t.Errorf("own ratings that week: %+v", p.Feedback[0].Self)
	}
	wantQ := "Your coach saw Meeting facilitation at 3 on 20 Nov 2026, lower than your own ratings that week (4.5): what might your coach have seen that you did not?"
	if len(p.Questions) == 0 || p.Questions[0] != wantQ {
		t.Errorf("questions %q, want first %q", p.Questions, wantQ)
	}
	if len(p.Drifts) != len(without.Drifts) || !sameDrifts(p.Drifts, without.Drifts) {
		t.Error("coach feedback changed the drift analysis")
	}

	var b bytes.Buffer
	if err := journal.WritePrepMarkdown(&b, p); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"## From your coach",
		"### 20 Nov 2026 · **Meeting facilitation** (team.facil), from Chloe",
		"Your coach observed 3 on 20 Nov; your own ratings that week averaged 4.5.",
		"> The plan ran *long*",
		"### 12 Oct 2026 · general note",
		"> Seen in October",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the preparation lacks %q:\n%s", want, md)
		}
	}
	for _, not := range []string{"Old news", "after-as-of"} {
		if strings.Contains(md, not) {
			t.Errorf("the preparation holds %q, outside the period", not)
		}
	}
	var plain bytes.Buffer
	if err := journal.WritePrepMarkdown(&plain, without); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "From your coach") {
		t.Error("a preparation without feedback has a coach section")
	}
}

// The question the feedback raises: an observed rating above the own
// ratings, one without own ratings, and notes alone.
func TestPrepFeedbackQuestion(t *testing.T) {
	since, asOf := journal.Date(2026, time.November, 1), journal.Date(2026, time.November, 30)
	day := journal.Date(2026, time.November, 20)
	low := map[string][]journal.Rating{"team.facil": {{Skill: "team.facil", Date: day, Value: 2}}}
	for _, tt := range []struct {
		name    string
		fs      []journal.Feedback
		ratings map[string][]journal.Rating
		want    string
	}{
		{"Higher", []journal.Feedback{{ID: "a", Day: day, Skill: "team.facil", Observed: 4, Received: day}}, low,
			"Your coach saw Meeting facilitation at 4 on 20 Nov 2026, higher than your own ratings that week (2): what are you doing well that you do not give yourself credit for?"},
		{"Unrated", []journal.Feedback{{ID: "a", Day: day, Skill: "eng.mi", Observed: 4, Received: day}}, low,
			"Your coach rated MI skills 4 on 20 Nov 2026 and you did not rate it that week: how would you have rated that meeting?"},
		{"Notes", []journal.Feedback{{ID: "a", Day: day, Note: "x", Received: day}, {ID: "b", Day: day, Note: "y", Received: day}}, low,
			"What do you take from your coach's notes, and what will you try because of them?"},
		{"CloseEnough", []journal.Feedback{{ID: "a", Day: day, Skill: "team.facil", Observed: 2, Received: day}}, low, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := journal.BuildPrep(nil, journal.BuiltinSkills(), tt.ratings, nil, journal.PrepOptions{Since: since, AsOf: asOf, Feedback: tt.fs})
			got := ""
			for _, q := range p.Questions {
				if strings.Contains(q, "coach") {
					got = q
				}
			}
			if got != tt.want {
				t.Errorf("question %q\nwant     %q", got, tt.want)
			}
		})
	}
}

func sameDrifts(a, b []journal.Drift) bool {
	for i := range a {
		if a[i].Skill != b[i].Skill || a[i].Status != b[i].Status || a[i].Explanation != b[i].Explanation {
			return false
		}
	}
	return true
}
