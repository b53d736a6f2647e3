package ui

import (
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Drafts: nothing typed in the entry form is lost. While the form changes,
// its text is kept in the journal as a draft (EntryService.SaveDraft), a
// few seconds after a change (Options.DraftDelay), in a command, never on
// the key path; quitting keeps it too. Saving the entry or discarding it
// removes the draft. At start, a draft left by a hone that stopped (a kill,
// a crash, a lost connection, ctrl+c twice) is offered: y opens the form as
// it was left, n discards it, esc leaves the question to the next start.

// draftTickMsg says the form's draft is due to be kept.
type draftTickMsg struct{ id string }

// draftSavedMsg reports a draft kept, or not.
type draftSavedMsg struct {
	id   string
	snap string // the form's snapshot it holds
	err  error
}

// draftsMsg carries the drafts found at start.
type draftsMsg struct {
	drafts []*journal.Draft
	err    error
}

// Hangup tells the TUI that it must stop now: its terminal is gone
// (SIGHUP: a lost SSH session, a closed window) or the system stops it
// (SIGTERM, SIGINT). It keeps the entry form's draft, as quitting does,
// waits for the writes under way, and quits.
type Hangup struct{}

// draftKeptQuitMsg says the draft is kept and hone may quit.
type draftKeptQuitMsg struct{}

// draftResumeMsg asks to open the form on a draft; draftDiscardMsg to
// remove it; draftSkipMsg leaves it for the next start and asks about
// the next one.
type (
	draftResumeMsg  struct{ draft *journal.Draft }
	draftDiscardMsg struct{ id string }
	draftSkipMsg    struct{ id string }
)

// newDraftID returns an id for the draft of a form being opened, unique
// among the drafts of a journal however many hones write to it.
func newDraftID(now time.Time) string {
	return strconv.FormatInt(now.UnixNano(), 36) + "-" + strconv.FormatUint(rand.Uint64(), 36)
}

// loadDrafts reads the drafts a hone left, after taking in the files it
// left for its editor in editDir (rescueEditFiles). The drafts of a hone
// still running on this journal are its own: another window's form, not
// left, and not offered.
func loadDrafts(entries journal.EntryService, editDir string, now time.Time, log func(error)) tea.Cmd {
	return func() tea.Msg {
		rescueEditFiles(editDir, entries, now, log)
		ds, err := entries.Drafts()
		ds = slices.DeleteFunc(ds, func(d *journal.Draft) bool {
			return d.PID != 0 && d.PID != os.Getpid() && processRunning(d.PID)
		})
		return draftsMsg{drafts: ds, err: logged(log, err)}
	}
}

// saveDraft keeps d; snap is the form's snapshot it holds.
func saveDraft(entries journal.EntryService, d *journal.Draft, snap string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		return draftSavedMsg{id: d.ID, snap: snap, err: logged(log, entries.SaveDraft(d))}
	}
}

// deleteDraft removes the draft with id; a failure is only logged: the
// draft is offered at the next start, where n removes it.
func deleteDraft(entries journal.EntryService, id string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		logged(log, entries.DeleteDraft(id))
		return nil
	}
}

// draft is the form's text as a draft.
func (f formModel) draft() *journal.Draft {
	d := &journal.Draft{ID: f.draftID, PID: os.Getpid(), Date: f.date.Value(), Kind: journal.Kinds[f.kind], Phase: f.phase,
		Family: f.family.Value(), Title: f.title.Value(), Notes: f.notes.Value(), Tags: f.tags.Value(),
		Ratings: f.ratings.ratings()}
	if f.orig != nil {
		d.EntryID = f.orig.ID
	}
	for _, r := range f.refls {
		d.Reflections = append(d.Reflections, journal.Reflection{PromptID: r.promptID, Prompt: r.prompt,
			Answer: r.answer.Value(), Shared: r.shared, Starred: r.starred})
	}
	return d
}

// applyDraft puts d's text in the form's fields, every one of them.
func (f *formModel) applyDraft(ctx *shared, d *journal.Draft) {
	f.draftID, f.draftStored = d.ID, true
	f.date.SetValue(d.Date)
	f.kind = max(0, slices.Index(journal.Kinds, d.Kind))
	f.phase = d.Phase
	f.family.SetValue(d.Family)
	f.title.SetValue(d.Title)
	f.notes.SetValue(d.Notes)
	f.tags.SetValue(d.Tags)
	f.ratings = newRatingField(&ctx.data, d.Ratings)
	f.refls = f.refls[:0]
	for _, r := range d.Reflections {
		rf := f.newReflection(ctx, r.PromptID, r.Prompt, "", r.Shared)
		rf.starred = r.Starred
		rf.answer.SetValue(r.Answer)
		f.refls = append(f.refls, rf)
	}
}

// draftTimer starts the timer of the form's draft when the form changed
// since its draft was last kept and no timer runs. Called after every
// message the form handles; while a timer runs it costs nothing.
func (f *formModel) draftTimer(ctx *shared) tea.Cmd {
	delay := ctx.opts.DraftDelay
	if delay <= 0 || f.draftPending || f.saving || f.snapshot() == f.draftSnap {
		return nil
	}
	f.draftPending = true
	id := f.draftID
	return tea.Tick(delay, func(time.Time) tea.Msg { return draftTickMsg{id: id} })
}

// keepDraft returns the command that keeps the form's draft now: saved
// when the form holds something typed, removed when it is back as it
// opened; nil when the draft kept holds it already.
func (f *formModel) keepDraft(ctx *shared) tea.Cmd {
	snap := f.snapshot()
	switch {
	case snap == f.draftSnap:
		return nil
	case snap == f.initial && !f.draftStored:
		f.draftSnap = snap
		return nil
	case snap == f.initial:
		// Removing the draft closes its id (EntryService.DeleteDraft):
		// what is typed next is kept under a new one.
		cmd := deleteDraft(ctx.svc.Entries, f.draftID, ctx.opts.Log)
		f.draftSnap, f.draftStored, f.draftID = snap, false, newDraftID(ctx.opts.Now())
		return ctx.write(cmd)
	}
	f.draftSnap, f.draftStored = snap, true
	return ctx.write(saveDraft(ctx.svc.Entries, f.draft(), snap, ctx.opts.Log))
}

// draftUpdate handles the form's draft messages.
func (f formModel) draftUpdate(msg tea.Msg, ctx *shared) (formModel, tea.Cmd) {
	switch msg := msg.(type) {
	case draftTickMsg:
		if msg.id != f.draftID {
			return f, nil
		}
		f.draftPending = false
		if f.saving {
			return f, nil
		}
		return f, f.keepDraft(ctx)
	case draftSavedMsg:
		if msg.err != nil {
			f.draftSnap = "" // try again on the next change
			return f, showError(journal.Errorf(journal.EINVALID,
				"your entry could not be kept as a draft (%s); save it with ctrl+s", journal.ErrorMessage(msg.err)))
		}
	}
	return f, nil
}

// draftQuestion asks whether to continue the newest draft of ds, or,
// for one that cannot be read, whether to discard it.
func draftQuestion(ds []*journal.Draft) tea.Cmd {
	d := ds[0]
	if d.Unreadable != "" {
		return send(askMsg{question: "A draft kept in the journal cannot be read. Discard it? (y/n)",
			details: []string{journal.SafeLine(d.Unreadable), "y: discard it.  n: keep it; it is asked about again at the next start."},
			yes:     draftDiscardMsg{id: d.ID}, no: draftSkipMsg{id: d.ID}})
	}
	if d.Form != "" {
		details := []string{
			"hone lost its terminal before this was saved: " + d.Describe() + ", kept " + d.Saved.Local().Format("2 Jan 15:04") + ".",
			"y: open it as you left it.  n: discard it.  esc: ask again at the next start.",
		}
		if len(ds) > 1 {
			details = append(details, strconv.Itoa(len(ds)-1)+" more kept; each is asked about in turn.")
		}
		return send(askMsg{question: "Continue " + d.FormName() + " you were writing? (y/n)", details: details,
			yes: draftResumeMsg{draft: d}, no: draftDiscardMsg{id: d.ID}})
	}
	details := []string{
		"hone stopped before this entry was saved: " + d.Describe() + ", kept " + d.Saved.Local().Format("2 Jan 15:04") + ".",
		"y: open it as you left it, every field.  n: discard it.  esc: ask again at the next start.",
	}
	if len(ds) > 1 {
		details = append(details, strconv.Itoa(len(ds)-1)+" more kept; each is asked about in turn.")
	}
	return send(askMsg{question: "Continue the entry you were writing? (y/n)", details: details,
		yes: draftResumeMsg{draft: d}, no: draftDiscardMsg{id: d.ID}})
}

// draftsLoaded offers the drafts found at start, newest first.
func (m *Model) draftsLoaded(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return nil
	}
	m.drafts = msg.drafts
	return m.offerDraft()
}

// offerDraft asks about the next draft left, when nothing else is going
// on: a draft that finds the form open or a question asked waits for the
// next start.
func (m *Model) offerDraft() tea.Cmd {
	if len(m.drafts) == 0 || m.screen != screenTabs || m.question != nil || m.ctx.readOnly() || m.ctx.journalReadOnly() {
		return nil
	}
	return draftQuestion(m.drafts)
}

// draftAnswered takes the draft answered about off the list, and resumes
// or discards it.
func (m *Model) draftAnswered(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftResumeMsg:
		m.drafts = slices.DeleteFunc(m.drafts, func(d *journal.Draft) bool { return d.ID == msg.draft.ID })
		return resumeDraft(m.ctx.svc.Entries, msg.draft, m.ctx.opts.Log)
	case draftDiscardMsg:
		m.drafts = slices.DeleteFunc(m.drafts, func(d *journal.Draft) bool { return d.ID == msg.id })
		return tea.Batch(m.ctx.write(deleteDraft(m.ctx.svc.Entries, msg.id, m.ctx.opts.Log)), m.offerDraft())
	case draftSkipMsg:
		m.drafts = slices.DeleteFunc(m.drafts, func(d *journal.Draft) bool { return d.ID == msg.id })
		return m.offerDraft()
	}
	return nil
}

// resumeDraft opens the form on d: on the entry it edited, read again,
// or, when that entry is gone, on a new one.
func resumeDraft(entries journal.EntryService, d *journal.Draft, log func(error)) tea.Cmd {
	return func() tea.Msg {
		if d.Form != "" {
			return openMiniDraftMsg{draft: d}
		}
		if d.EntryID == "" {
			return openFormMsg{draft: d}
		}
		e, err := entries.FindEntry(d.EntryID)
		var je *journal.Error
		if errors.As(err, &je) && je.Code == journal.ENOTFOUND {
			return openFormMsg{draft: d, draftNote: "The entry this draft edited is gone: it saves as a new entry."}
		}
		if err != nil {
			return statusMsg{err: logged(log, err)}
		}
		return openFormMsg{entry: e, draft: d}
	}
}

// draftGone takes the report of a draft write that ended after its form
// was saved or closed (the save raced the timer): saving or closing the
// form closed the draft's id, so the store dropped the write, and there
// is nothing to do.
func (m *Model) draftGone(msg draftSavedMsg) bool {
	return m.screen != screenForm || m.form.draftID != msg.id
}

// draftNotKeptMsg says the form's draft could be kept neither in the
// journal nor in a file as hone was to quit; hangup says the terminal is
// gone, with no one left to ask.
type draftNotKeptMsg struct {
	err    error
	hangup bool
}

// draftOnQuit keeps the form's draft before hone quits, when it holds
// something typed. When the journal refuses it (replaced under hone,
// locked past its timeout, a full disk), the draft of a plain journal
// goes to a file in the editor's private folder (journal.WriteDraft),
// which the next start takes in as the same draft, every field in its own
// place (rescueEditFiles); an encrypted journal's text never goes to
// a plain file unasked, but to a sealed one (Options.KeepDraftAside).
// When neither keeps it, hone stays, the form open, and says so
// (draftNotKept): quitting again leaves without it.
//
// On a lost terminal (hangup), with no one left to ask, the text of an
// open small form (a goal, a prompt, a custom skill) is kept the same way,
// as a draft of that form, offered at the next start; review mode keeps
// the coach's feedback form in a private file (keepFeedbackDraft).
// Quitting with q asks first instead.
func (m *Model) draftOnQuit(hangup bool) tea.Cmd {
	d := m.unsavedDraft()
	if d == nil && hangup {
		if m.ctx.review != nil {
			if cmd := m.keepFeedbackDraft(); cmd != nil {
				return cmd
			}
		}
		d = m.miniDraft()
	}
	if d == nil {
		return m.ctx.quit()
	}
	entries, log := m.ctx.svc.Entries, m.ctx.opts.Log
	dir, aside := m.ctx.opts.EditDir, (func(*journal.Draft) error)(nil)
	if m.ctx.opts.Encrypted {
		dir, aside = "", m.ctx.opts.KeepDraftAside
	}
	return m.ctx.write(func() tea.Msg {
		err := entries.SaveDraft(d)
		if err == nil {
			return draftKeptQuitMsg{}
		}
		logged(log, err)
		switch {
		case aside != nil:
			if logged(log, aside(d)) == nil {
				return draftKeptQuitMsg{}
			}
		case dir != "":
			var b strings.Builder
			ferr := journal.WriteDraft(&b, d)
			if ferr == nil {
				_, ferr = writeOwnFile(dir, draftFilePrefix, ".json", b.String())
			}
			if logged(log, ferr) == nil {
				return draftKeptQuitMsg{}
			}
		}
		return draftNotKeptMsg{err: err, hangup: hangup}
	})
}

// unsavedDraft is what quitting now would lose, as a draft: the entry
// form's text, or the self-assessment's ratings (a draft of a
// self-assessment entry, which the form saves as one); nil when nothing
// would be lost, or the user was told it cannot be kept.
func (m *Model) unsavedDraft() *journal.Draft {
	switch {
	case m.screen == screenForm && !m.form.saving && m.form.dirty() && !m.form.draftRefused:
		return m.form.draft()
	case m.screen == screenSelfAssess && !m.self.saving && m.self.dirty() && !m.self.draftRefused:
		return m.self.draft(m.ctx)
	}
	return nil
}

// miniDraft is the open small form's text as a draft of that form, nil
// when none is open or nothing was typed in it.
func (m *Model) miniDraft() *journal.Draft {
	if m.ctx.review != nil || m.ctx.readOnly() || m.ctx.journalReadOnly() || !m.miniFormOpen() {
		return nil
	}
	var f *miniForm
	var form string
	switch m.tab {
	case tabSkills:
		f, form = m.skills.form, journal.DraftSkill
	case tabPrompts:
		f, form = m.prompts.form, journal.DraftPrompt
	case tabPrep:
		f, form = m.prep.form, journal.DraftGoal
	}
	if f == nil || !f.dirty() {
		return nil
	}
	return &journal.Draft{ID: newDraftID(m.ctx.opts.Now()), PID: os.Getpid(), Form: form, Fields: f.fieldValues()}
}

// openMiniDraftMsg opens the small form a draft is of, holding its text.
type openMiniDraftMsg struct{ draft *journal.Draft }

// openMiniDraft opens the small form of the draft d on its tab, every
// field as it was left, and removes the draft: the text is in the form
// again.
func (m *Model) openMiniDraft(d *journal.Draft) tea.Cmd {
	if m.screen != screenTabs || m.ctx.review != nil {
		return nil // the draft stays for the next start
	}
	var t tab
	var f miniForm
	var open **miniForm // where the tab keeps its open form
	switch d.Form {
	case journal.DraftSkill:
		t, f, open = tabSkills, newSkillForm(m.ctx), &m.skills.form
	case journal.DraftPrompt:
		t, f, open = tabPrompts, newPromptForm(m.ctx, ""), &m.prompts.form
	case journal.DraftGoal:
		t, f, open = tabPrep, newGoalForm(m.ctx), &m.prep.form
	default:
		return nil
	}
	cmds := []tea.Cmd{m.setTab(t)}
	f.setFieldValues(d.Fields)
	*open = &f
	m.status = statusMsg{text: "The text of " + d.FormName() + " you were writing is back; ctrl+s saves it."}
	return tea.Batch(append(cmds, f.focusCmd(), m.ctx.write(deleteDraft(m.ctx.svc.Entries, d.ID, m.ctx.opts.Log)))...)
}

// draftNotKept keeps hone open on the form or self-assessment whose draft
// could not be kept, and says so; a lost terminal quits all the same.
func (m *Model) draftNotKept(msg draftNotKeptMsg) tea.Cmd {
	switch {
	case msg.hangup:
		return m.ctx.quit()
	case m.screen == screenForm:
		m.form.draftRefused = true
	case m.screen == screenSelfAssess:
		m.self.draftRefused = true
	default:
		return m.ctx.quit()
	}
	m.status = statusMsg{err: journal.Errorf(journal.EINVALID,
		"what you wrote could not be kept as a draft (%s): it is still here; save it with ctrl+s, or quit again to leave without it",
		journal.ErrorMessage(msg.err))}
	return nil
}
