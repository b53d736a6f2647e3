package ui

import (
	"strings"

	"hone/journal"
)

// prepFeedbackLines draws the Prep tab's "From your coach": the coach
// feedback of the period, newest first, each with its day, skill and coach,
// the calibration sentence of an observed rating and the note, as `hone
// prep` writes it. Nothing when the period has none.
func prepFeedbackLines(t *textLines, p *journal.Prep, st *theme) {
	if len(p.Feedback) == 0 {
		return
	}
	t.add("", " "+st.Heading.Render("From your coach"))
	t.para("Feedback your coach sent since "+p.Since.Short()+", newest first. Observed ratings sit beside your own "+
		"ratings of the same week; they never change your drift.", st.Faint.Render, "  ")
	for _, f := range p.Feedback {
		head := f.Day.Short()
		if f.Skill != "" {
			head += " · " + journal.SafeLine(p.SkillName(f.Skill))
		} else {
			head += " · general note"
		}
		if f.Coach != "" {
			head += ", from " + strings.TrimSpace(journal.SafeLine(f.Coach))
		}
		t.add("")
		t.para(head, st.Bold.Render, "  ")
		if f.Sentence != "" {
			t.para(f.Sentence, st.Text.Render, "    ")
		}
		for _, l := range strings.Split(strings.TrimSpace(journal.SafeText(f.Note)), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				t.para(l, st.Quote.Render, "    ")
			}
		}
	}
}

// coachLines draws a skill detail's "From your coach": the coach's notes
// and observed ratings on skill id, newest first, each observed rating
// with its calibration sentence. Nothing when there are none.
func coachLines(t *textLines, ctx *shared, id string) {
	st := &ctx.styles
	in := &ctx.data
	var fs []journal.Feedback
	for _, f := range in.feedback {
		if f.Skill == id {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return
	}
	var ratings []journal.Rating
	for _, p := range in.history[id] {
		ratings = append(ratings, journal.Rating{Skill: id, Date: p.day, Value: int(p.value)})
	}
	t.add("", " "+st.Heading.Render("From your coach"))
	for _, f := range fs {
		head := f.Day.Short()
		if f.Observed > 0 {
			head += " · observed " + itoa(f.Observed)
		}
		if c := strings.TrimSpace(journal.SafeLine(f.Coach)); c != "" {
			head += ", from " + c
		}
		t.para(head, st.Bold.Render, "  ")
		if f.Observed > 0 {
			t.para(journal.CalibrationSentence(&f, journal.SelfRatingsAround(ratings, f.Day), in.asOf), st.Text.Render, "    ")
		}
		for _, l := range strings.Split(strings.TrimSpace(journal.SafeText(f.Note)), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				t.para(l, st.Quote.Render, "    ")
			}
		}
	}
	t.para("Observed ratings sit beside your own; they never change your drift.", st.Faint.Render, "  ")
}
