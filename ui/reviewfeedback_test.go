package ui

import (
	"strings"
	"testing"

	"hone/journal"
)

// TestReviewFeedbackForm holds that f on the Overview writes, through the
// review's SaveFeedback, the item the coach chose; that an observed rating
// without a skill is refused beside the field, with nothing saved; and
// that without SaveFeedback the key does nothing.
func TestReviewFeedbackForm(t *testing.T) {
	var saved []journal.Feedback
	reviews := reviewExports()
	reviews[0].FeedbackFile = "ana-feedback.json"
	reviews[0].SaveFeedback = func(f journal.Feedback) (string, error) {
		saved = append(saved, f)
		return "ana-feedback.json", nil
	}
	m := newReviewModel(t, reviews, 100, 30)
	if !strings.Contains(plain(m), "f write feedback") {
		t.Fatalf("the footer does not offer f:\n%s", plain(m))
	}
	m = keys(t, m, "f")
	if !strings.Contains(plain(m), "Feedback for Ana") {
		t.Fatalf("f did not open the form:\n%s", plain(m))
	}
	// An observed 4 with no skill: refused, nothing saved.
	m = keys(t, m, "tab", "right", "right", "right", "right", "ctrl+s")
	if len(saved) != 0 || !strings.Contains(plain(m), "skill") {
		t.Fatalf("an observed rating without a skill: saved %v\n%s", saved, plain(m))
	}
	// q types in the note rather than quitting.
	m = keys(t, m, "shift+tab", "right", "tab", "tab", "tab")
	m = typeText(t, m, "quiet but good")
	m = keys(t, m, "ctrl+s")
	if len(saved) != 1 {
		t.Fatalf("saved %d items:\n%s", len(saved), plain(m))
	}
	f := saved[0]
	first := journal.BuiltinSkills().Active()[0].ID
	if f.Skill != first || f.Observed != 4 || f.Day != testToday || f.Note != "quiet but good" {
		t.Errorf("saved %+v, want %s observed 4 on %s with the note", f, first, testToday)
	}
	if s := plain(m); strings.Contains(s, "Observed") || !strings.Contains(s, "saved to ana-feedback.json") {
		t.Errorf("after saving, the form should close and say where:\n%s", s)
	}

	// Ben's review has no SaveFeedback: f does nothing.
	m = keys(t, m, "]", "f")
	if strings.Contains(plain(m), "Feedback for") {
		t.Errorf("f opened a form with nowhere to save:\n%s", plain(m))
	}
}
