package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

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

// TestReviewFeedbackAsksTheCoach holds the coach's name in the feedback
// form: it starts with the name kept (Options.Coach), the item carries
// what the field holds, a name typed is remembered for the next item of
// this review and handed to KeepCoach once (the same name again is not),
// and a name pasted over two lines arrives as one clean line.
func TestReviewFeedbackAsksTheCoach(t *testing.T) {
	var saved []journal.Feedback
	var kept []string
	reviews := reviewExports()
	reviews[0].FeedbackFile = "ana-feedback.json"
	reviews[0].SaveFeedback = func(f journal.Feedback) (string, error) {
		saved = append(saved, f)
		return "ana-feedback.json", nil
	}
	opts := testOptions()
	opts.Coach = "Chloe"
	var keepErr error
	opts.KeepCoach = func(name string) error { kept = append(kept, name); return keepErr }
	m := NewReview(reviews, opts)
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(100, 30))

	m = keys(t, m, "f")
	if s := plain(m); !strings.Contains(s, "Your name") || !strings.Contains(s, "Chloe") {
		t.Fatalf("the form does not ask the coach's name, or lacks the one kept:\n%s", s)
	}
	// A note, under the name kept: nothing to keep.
	m = keys(t, m, "tab", "tab", "tab")
	m = typeText(t, m, "first")
	m = keys(t, m, "ctrl+s")
	if len(saved) != 1 || saved[0].Coach != "Chloe" || len(kept) != 0 {
		t.Fatalf("saved %+v, kept %v", saved, kept)
	}
	// Another name: the item carries it, it is kept, and the next form
	// starts with it.
	m = keys(t, m, "f", "tab", "tab", "tab")
	m = typeText(t, m, "second")
	m = keys(t, m, "tab", "ctrl+u")
	m = typeText(t, m, "Dana Ruiz")
	m = keys(t, m, "ctrl+s")
	if len(saved) != 2 || saved[1].Coach != "Dana Ruiz" || saved[1].Note != "second" || len(kept) != 1 || kept[0] != "Dana Ruiz" {
		t.Fatalf("saved %+v, kept %v", saved, kept)
	}
	m = keys(t, m, "f")
	if s := plain(m); !strings.Contains(s, "Dana Ruiz") {
		t.Fatalf("the next form forgot the name:\n%s", s)
	}
	m = keys(t, m, "tab", "tab", "tab")
	m = typeText(t, m, "third")
	m = keys(t, m, "ctrl+s")
	if len(saved) != 3 || saved[2].Coach != "Dana Ruiz" || len(kept) != 1 {
		t.Fatalf("saved %+v, kept %v", saved, kept)
	}
	// A name pasted over two lines arrives as one
	// clean line.
	m = keys(t, m, "f", "tab", "tab", "tab")
	m = typeText(t, m, "fourth")
	m = keys(t, m, "tab", "ctrl+u")
	m = send1(t, m, tea.PasteMsg{Content: "Eve\nStone"})
	m = keys(t, m, "ctrl+s")
	if len(saved) != 4 || saved[3].Coach != "Eve Stone" || len(kept) != 2 || kept[1] != "Eve Stone" {
		t.Errorf("a pasted name: saved %+v, kept %v\n%s", saved[len(saved)-1], kept, plain(m))
	}
	// A name that cannot be kept is said so, and used for the review.
	keepErr = journal.Errorf(journal.EINVALID, "the journal is damaged")
	m = keys(t, m, "f", "tab", "tab", "tab")
	m = typeText(t, m, "fifth")
	m = keys(t, m, "tab", "ctrl+u")
	m = typeText(t, m, "Fay")
	m = keys(t, m, "ctrl+s")
	if s := strings.Join(strings.Fields(plain(m)), " "); len(saved) != 5 || saved[4].Coach != "Fay" ||
		!strings.Contains(s, "your name is kept for this review only: the journal is damaged") {
		t.Errorf("a name not kept: saved %+v\n%s", saved[len(saved)-1], s)
	}
	m = keys(t, m, "f")
	if !strings.Contains(plain(m), "Fay") {
		t.Errorf("the name not kept is forgotten in this review:\n%s", plain(m))
	}
}
