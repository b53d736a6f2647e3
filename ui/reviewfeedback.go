package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// Review mode has no journal to keep a draft in: on a lost terminal
// (Hangup) the feedback form's text goes to a private file beside the
// feedback file it was for, in a folder only its owner may open
// (feedbackDraftPath), and the next `hone review` of the same export
// offers it back when that facilitator is shown.

// feedbackDraftPath is where the text of a feedback form for the feedback
// file out is kept: .hone-drafts/NAME.draft beside it.
func feedbackDraftPath(out string) string {
	return filepath.Join(filepath.Dir(out), ".hone-drafts", filepath.Base(out)+".draft")
}

// feedbackDraftDirs are the folders the feedback drafts of reviews are
// kept in, each once.
func feedbackDraftDirs(reviews []Review) []string {
	var dirs []string
	for _, r := range reviews {
		if r.SaveFeedback == nil || r.FeedbackFile == "" {
			continue
		}
		if dir := filepath.Dir(feedbackDraftPath(r.FeedbackFile)); !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// feedbackDraftFile is the content of a feedback draft.
type feedbackDraftFile struct {
	Fields []string `json:"fields"`
}

// keepFeedbackDraft keeps the open feedback form's text, in a command,
// then quits; nil when no form holds typed text.
func (m *Model) keepFeedbackDraft() tea.Cmd {
	t := &m.overview
	r := m.ctx.review
	if t.feedback == nil || !t.feedback.dirty() || r == nil || t.feedbackFac >= len(r.reviews) || r.reviews[t.feedbackFac].FeedbackFile == "" {
		return nil
	}
	path := feedbackDraftPath(r.reviews[t.feedbackFac].FeedbackFile)
	fields, log := t.feedback.fieldValues(), m.ctx.opts.Log
	return m.ctx.write(func() tea.Msg {
		if err := writeFeedbackDraft(path, fields); err != nil {
			return draftNotKeptMsg{err: logged(log, err), hangup: true}
		}
		return draftKeptQuitMsg{}
	})
}

// writeFeedbackDraft writes fields to the private file path (0600, its
// folder 0700), whole or not at all.
func writeFeedbackDraft(path string, fields []string) error {
	b, err := json.Marshal(feedbackDraftFile{Fields: fields})
	if err != nil {
		return fmt.Errorf("keep the feedback you were writing: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("keep the feedback you were writing: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("keep the feedback you were writing: %w", err)
	}
	err = writePrivateFile(path, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("keep the feedback you were writing: %w", err)
	}
	return nil
}

// feedbackDraftsMsg carries the feedback drafts found at start, by
// facilitator.
type feedbackDraftsMsg struct{ drafts map[int][]string }

// loadFeedbackDrafts reads the feedback drafts of the reviews' feedback
// files, in a command. A draft that cannot be read is left where it is.
func loadFeedbackDrafts(reviews []Review) tea.Cmd {
	outs := make([]string, len(reviews))
	for i, r := range reviews {
		if r.SaveFeedback != nil {
			outs[i] = r.FeedbackFile
		}
	}
	return func() tea.Msg {
		drafts := map[int][]string{}
		for i, out := range outs {
			if out == "" {
				continue
			}
			b, err := os.ReadFile(feedbackDraftPath(out))
			if err != nil {
				continue
			}
			var d feedbackDraftFile
			if json.Unmarshal(b, &d) == nil && len(d.Fields) > 0 {
				drafts[i] = d.Fields
			}
		}
		if len(drafts) == 0 {
			return nil
		}
		return feedbackDraftsMsg{drafts: drafts}
	}
}

// feedbackDraftAnswerMsg answers the question about facilitator fac's
// feedback draft, fields as loadFeedbackDrafts read them: resume it or
// discard it.
type feedbackDraftAnswerMsg struct {
	fac    int
	fields []string
	resume bool
}

// offerFeedbackDraft asks about the feedback draft of the facilitator
// shown, once the export is in and nothing else is asked or open.
func (m *Model) offerFeedbackDraft() tea.Cmd {
	fields, ok := m.fbDrafts[m.ctx.fac]
	if !ok || m.question != nil || m.overview.feedback != nil || !m.ctx.canFeedback() {
		return nil
	}
	delete(m.fbDrafts, m.ctx.fac) // asked once; esc leaves the file for the next review
	what := ""
	if len(fields) > fbFieldNote {
		what = journal.SafeLine(strings.TrimSpace(fields[fbFieldNote]))
	}
	if what == "" {
		what = "(no note)"
	}
	what = truncateText(what, 60)
	return send(askMsg{question: "Continue the feedback you were writing for " + m.ctx.review.name(m.ctx.fac) + "? (y/n)",
		details: []string{"hone lost its terminal before it was saved: " + what,
			"y: open it as you left it.  n: discard it.  esc: ask again at the next review."},
		yes: feedbackDraftAnswerMsg{fac: m.ctx.fac, fields: fields, resume: true}, no: feedbackDraftAnswerMsg{fac: m.ctx.fac}})
}

// feedbackDraftAnswered opens the feedback form on the draft, or discards
// it; either way its file goes (the text is in the form again).
func (m *Model) feedbackDraftAnswered(msg feedbackDraftAnswerMsg) tea.Cmd {
	ctx := m.ctx
	r := ctx.review
	if r == nil || msg.fac >= len(r.reviews) {
		return nil
	}
	path := feedbackDraftPath(r.reviews[msg.fac].FeedbackFile)
	remove := ctx.write(func() tea.Msg {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			logged(ctx.opts.Log, fmt.Errorf("remove the feedback draft: %w", err))
		}
		return nil
	})
	switch {
	case !msg.resume:
		return remove
	case msg.fac != ctx.fac || !ctx.canFeedback():
		return nil // the file stays, offered at the next review
	}
	t := &m.overview
	if !t.coachSet {
		t.coach, t.coachSet = ctx.opts.Coach, true
	}
	f := newFeedbackForm(ctx, t.coach)
	f.setFieldValues(msg.fields)
	anchorHint(ctx, &f)
	t.feedback, t.feedbackFac = &f, msg.fac
	return tea.Batch(m.setTab(tabOverview), f.focusCmd(), remove)
}
