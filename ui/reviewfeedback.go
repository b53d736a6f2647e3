package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Feedback written in review mode (SPEC section 11): on the Overview, f
// opens a small form for the facilitator shown: a skill (or none, for a
// note in general), an observed rating 1-5 on the skill's anchors, the day
// of the meeting observed, and a note. The Review's SaveFeedback writes it
// to that facilitator's feedback file, in a command; review mode writes
// nothing else.

// The fields of the feedback form.
const (
	fbFieldSkill = iota
	fbFieldObserved
	fbFieldDay
	fbFieldNote
	fbFieldCoach
)

// feedbackSavedMsg says how writing one item of feedback went.
type feedbackSavedMsg struct {
	fac   int
	path  string
	coach string // the name the item carries
	err   error
}

// feedbackKey opens the feedback form on the Overview.
var feedbackKey = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "write feedback"))

// canFeedback reports whether feedback can be written for the facilitator
// shown: the command gave a way to save it and the export is in.
func (c *shared) canFeedback() bool {
	r := c.review
	if r == nil || c.fac >= len(r.reviews) || r.reviews[c.fac].SaveFeedback == nil {
		return false
	}
	f, ok := c.currentFac()
	return ok && f.err == nil
}

// feedbackSkills are the skills the form offers: the active skills of the
// facilitator's catalog.
func feedbackSkills(ctx *shared) []journal.Skill {
	f, ok := ctx.currentFac()
	if !ok {
		return nil
	}
	return f.in.catalog.Active()
}

// newFeedbackForm returns the form for one item of feedback to the
// facilitator shown, its name field holding coach.
func newFeedbackForm(ctx *shared, coach string) miniForm {
	choices := []string{"None (a note in general)"}
	for _, s := range feedbackSkills(ctx) {
		choices = append(choices, journal.SafeLine(s.Name)+" ("+s.ID+")")
	}
	day := textField(ctx, "Day", "YYYY-MM-DD", "The day of the meeting you saw, or of the note.", 10, "day")
	day.input.SetValue(ctx.today().String())
	name := ctx.review.name(ctx.fac)
	who := textField(ctx, "Your name", "optional", "As "+name+" will see it; hone remembers it for the next item.", journal.MaxFacilitator, "coach")
	who.input.SetValue(coach)
	f := newMiniForm("feedback", "Feedback for "+name,
		"A note, an observed rating of a meeting you saw, or both. It is added to "+
			journal.SafeLine(ctx.review.reviews[ctx.fac].FeedbackFile)+", for "+name+" to import; nothing else is written.",
		choiceField("Skill", "←/→ choose the skill; an observed rating needs one.", choices, "skill"),
		choiceField("Observed", "←/→ your rating of the meeting on the skill's anchors, or none.",
			[]string{"none", "1", "2", "3", "4", "5"}, "observed"),
		day,
		textField(ctx, "Note", "optional", "", journal.MaxFeedbackNote, "note"),
		who,
	)
	f.resize(ctx.width)
	return f
}

// anchorHint shows the chosen skill's anchors under the rating.
func anchorHint(ctx *shared, f *miniForm) {
	hint := "←/→ your rating of the meeting on the skill's anchors, or none."
	skills := feedbackSkills(ctx)
	if i := f.fields[fbFieldSkill].choice - 1; i >= 0 && i < len(skills) {
		s, _ := withBuiltinText(journal.Catalog{skills[i]}).Find(skills[i].ID)
		var parts []string
		for j, a := range s.Anchors {
			if a = strings.TrimSpace(journal.SafeLine(a)); a != "" {
				parts = append(parts, strconv.Itoa(1+2*j)+": "+a)
			}
		}
		if len(parts) > 0 {
			hint = "←/→ rate on the anchors. " + strings.Join(parts, " · ")
		}
	}
	f.fields[fbFieldObserved].hint = hint
}

// feedbackOf builds the item the form holds; EINVALID, naming the field,
// when it is not one.
func feedbackOf(ctx *shared, f *miniForm) (journal.Feedback, error) {
	var fb journal.Feedback
	skills := feedbackSkills(ctx)
	if i := f.fields[fbFieldSkill].choice - 1; i >= 0 && i < len(skills) {
		fb.Skill = skills[i].ID
	}
	fb.Observed = f.fields[fbFieldObserved].choice // "none" is 0
	today := ctx.today()
	day, err := journal.ParseDay(f.value(fbFieldDay), today)
	if err != nil {
		return fb, journal.Invalid("day", "%q is not a day; use YYYY-MM-DD", journal.SafeLine(f.value(fbFieldDay)))
	}
	if day > today+1 {
		return fb, journal.Invalid("day", "%s is in the future; give the day of the meeting you saw", day)
	}
	fb.Day = day
	fb.Note = f.value(fbFieldNote)
	fb.Coach = f.value(fbFieldCoach)
	check := fb
	check.ID = "check"
	check.Normalize()
	return fb, check.Validate()
}

// saveFeedback writes fb with save, off the UI loop.
func saveFeedback(save func(journal.Feedback) (string, error), fac int, fb journal.Feedback) tea.Cmd {
	return func() tea.Msg {
		path, err := save(fb)
		return feedbackSavedMsg{fac: fac, path: path, coach: fb.Coach, err: err}
	}
}

// coachKeptMsg says how keeping the coach's name for the next review went.
type coachKeptMsg struct{ err error }

// keepCoach keeps the coach's name for the next review, off the UI loop.
func keepCoach(keep func(string) error, name string) tea.Cmd {
	return func() tea.Msg {
		return coachKeptMsg{err: keep(name)}
	}
}

// coachKept says, in the status line, when the name could not be kept:
// it is still used for the rest of this review.
func (m *Model) coachKept(msg coachKeptMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: journal.Errorf(journal.ErrorCode(msg.err),
			"feedback saved; your name is kept for this review only: %s", journal.ErrorMessage(msg.err))}
	}
	return nil
}

// updateFeedback hands a message to the Overview's feedback form, or opens
// it for f. It reports whether it took the message.
func (m *Model) updateFeedback(msg tea.Msg) (tea.Cmd, bool) {
	ctx := m.ctx
	t := &m.overview
	if t.feedback == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, feedbackKey) && ctx.canFeedback() {
			if !t.coachSet {
				t.coach, t.coachSet = ctx.opts.Coach, true
			}
			f := newFeedbackForm(ctx, t.coach)
			t.feedback, t.feedbackFac = &f, ctx.fac
			return f.focusCmd(), true
		}
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.feedback.resize(msg.Width)
		return nil, true
	case restyledMsg:
		t.feedback.restyle(ctx)
		return nil, true
	case tea.KeyPressMsg, tea.PasteMsg, closeMiniMsg:
	default:
		return nil, false
	}
	f, act, cmd := t.feedback.update(msg)
	anchorHint(ctx, &f)
	t.feedback = &f
	switch act {
	case miniCancel:
		t.feedback = nil
	case miniSubmit:
		fb, err := feedbackOf(ctx, &f)
		return t.feedback.submit(ctx, err, saveFeedback(ctx.review.reviews[t.feedbackFac].SaveFeedback, t.feedbackFac, fb)), true
	}
	return cmd, true
}

// feedbackSaved closes the form once the item is written, or shows why not.
func (m *Model) feedbackSaved(msg feedbackSavedMsg) tea.Cmd {
	t := &m.overview
	if msg.err != nil {
		if t.feedback != nil {
			t.feedback.setError(msg.err)
			return t.feedback.focusCmd()
		}
		m.status = statusMsg{err: msg.err}
		return nil
	}
	t.feedback = nil
	// The name is remembered for this review and, when it is a name, kept
	// for the next one.
	var keep tea.Cmd
	name := strings.Join(strings.Fields(msg.coach), " ")
	if name != t.coach && name != "" && m.ctx.opts.KeepCoach != nil {
		keep = m.ctx.write(keepCoach(m.ctx.opts.KeepCoach, name))
	}
	t.coach, t.coachSet = name, true
	m.status = statusMsg{text: "Feedback for " + m.ctx.review.name(msg.fac) + " saved to " + journal.SafeLine(msg.path) +
		"; send the file: they run hone import."}
	return keep
}
