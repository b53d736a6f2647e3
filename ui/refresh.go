package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Other processes write to the journal while the TUI is open: another
// TUI, hone add, import, restore. Twice a second a command asks
// Options.Changed whether they did (a stat while nothing changed); when
// they did, the TUI loads again what it shows (Journal, Today, Skills,
// Prompts, Prep, the entry on screen) and leaves alone what the user is
// typing: the form, a filter, a small form, a self-assessment. Saving an
// edit of an entry that another process changed or deleted since asks
// what to do (saved, overwrite), and never writes over it silently.

// watchEvery is how often the TUI looks for other processes' writes: a
// stat, so that an entry added elsewhere shows within a second.
const watchEvery = 500 * time.Millisecond

// watchTickMsg asks for a look at the journal.
type watchTickMsg struct{}

// watchedMsg says whether another process wrote to the journal.
type watchedMsg struct {
	changed bool
	err     error
}

// watchTick waits watchEvery, then asks for a look.
func watchTick() tea.Cmd {
	return tea.Tick(watchEvery, func(time.Time) tea.Msg { return watchTickMsg{} })
}

// watch asks changed, in a command, whether the journal changed.
func watch(changed func() (bool, error), log func(error)) tea.Cmd {
	return func() tea.Msg {
		c, err := changed()
		return watchedMsg{changed: c, err: logged(log, err)}
	}
}

// watchInit starts watching the journal, when the TUI can.
func (c *shared) watchInit() tea.Cmd {
	if c.opts.Changed == nil || c.review != nil {
		return nil
	}
	return watchTick()
}

// watched loads again what another process's write may have changed, and
// arms the next look. An error (the file moved away, say) is shown once,
// until the journal reads again.
func (m *Model) watched(msg watchedMsg) tea.Cmd {
	next := watchTick()
	if journal.ErrorCode(msg.err) == journal.EPASSPHRASE {
		if cmd, ok := m.sealedUnder(); ok {
			return tea.Batch(next, cmd)
		}
	}
	if msg.err != nil {
		if text := journal.ErrorMessage(msg.err); text != m.watchErr {
			m.watchErr = text
			m.status = statusMsg{err: msg.err}
		}
		return next
	}
	m.watchErr = ""
	if !msg.changed {
		return next
	}
	return tea.Batch(next, m.reloadAll())
}

// reloadAll loads again what the TUI shows, as after another process's
// write, and leaves alone what the user is typing.
func (m *Model) reloadAll() tea.Cmd {
	ctx := m.ctx
	// The Journal list keeps its cursor on the entry it was on; at the top
	// it stays at the top, where the newest entries come in.
	sel := m.journal.selectedID()
	if m.journal.cursor == 0 {
		sel = ""
	}
	cmds := []tea.Cmd{m.reload(sel)}
	if m.screen != screenForm {
		// A new form takes its first suggestion from the prompts as they
		// arrive: a reload must not add one the user took away.
		cmds = append(cmds, loadPrompts(ctx.svc.Prompts, ctx.opts.Log))
	}
	switch {
	case m.screen == screenEntry && m.entry.id() != "":
		cmds = append(cmds, refreshEntry(ctx.svc.Entries, m.entry.id(), false, ctx.opts.Log))
	case m.screen == screenForm && m.form.orig != nil:
		cmds = append(cmds, refreshEntry(ctx.svc.Entries, m.form.orig.ID, true, ctx.opts.Log))
	}
	return tea.Batch(cmds...)
}

// entryReadMsg carries an entry read again after another process wrote:
// the one on screen, or (form) the one the form edits.
type entryReadMsg struct {
	id    string
	entry *journal.Entry // nil with ENOTFOUND: deleted
	form  bool
	err   error
}

func refreshEntry(entries journal.EntryService, id string, form bool, log func(error)) tea.Cmd {
	return func() tea.Msg {
		e, err := entries.FindEntry(id)
		if journal.ErrorCode(err) == journal.ENOTFOUND {
			return entryReadMsg{id: id, form: form}
		}
		return entryReadMsg{id: id, entry: e, form: form, err: logged(log, err)}
	}
}

// entryRead shows the entry on screen as another process left it, or
// tells the user of the form that the entry they edit changed: their text
// stays, and saving asks.
func (m *Model) entryRead(msg entryReadMsg) tea.Cmd {
	if msg.err != nil {
		return nil // the next look tries again; the lists show the error
	}
	switch {
	case msg.form && m.screen == screenForm && m.form.orig != nil && m.form.orig.ID == msg.id:
		switch {
		case msg.entry == nil:
			m.status = statusMsg{text: "Another hone deleted this entry; your text is kept here, and saving asks what to do."}
		case !msg.entry.Updated.Equal(m.form.orig.Updated):
			m.status = statusMsg{text: "Another hone changed this entry; your text is kept here, and saving asks what to do."}
		}
	case !msg.form && m.screen == screenEntry && m.entry.id() == msg.id:
		if msg.entry == nil {
			m.screen = screenTabs
			m.status = statusMsg{text: "Another hone deleted the entry you were reading."}
			return nil
		}
		if msg.entry.Updated.Equal(m.entry.entry.Updated) {
			return nil
		}
		sel := m.entry.sel
		var cmd tea.Cmd
		m.entry, cmd = newEntryView(msg.entry, m.ctx)
		m.entry.sel = min(sel, max(0, len(msg.entry.Reflections)-1))
		m.entry.syncKeys()
		return cmd
	}
	return nil
}

// selectedID returns the id of the entry under the cursor, "" for none.
func (v journalView) selectedID() string {
	if v.cursor < len(v.rows) {
		return v.rows[v.cursor].ID
	}
	return ""
}

// overwriteMsg saves the form's entry after the user chose to: over the
// stored one that another process changed, or as a new entry when it was
// deleted (asNew).
type overwriteMsg struct {
	entry *journal.Entry
	asNew bool
}

// conflict asks what to do when saving an edit found the stored entry
// changed (ECONFLICT) or deleted (ENOTFOUND) by another process since the
// form opened; the form stays as it is, typed text and all, until the
// user answers. ok is false for any other outcome of a save.
func (m *Model) conflict(msg savedMsg) (tea.Cmd, bool) {
	if msg.err == nil || msg.created || m.screen != screenForm || msg.entry == nil {
		return nil, false
	}
	switch journal.ErrorCode(msg.err) {
	case journal.ECONFLICT:
		m.form.saving = false
		return ask("Another hone changed this entry since you opened it. Save yours over it? (y: save over it, n: keep editing)",
			overwriteMsg{entry: msg.entry}), true
	case journal.ENOTFOUND:
		m.form.saving = false
		return ask("Another hone deleted this entry since you opened it. Save yours as a new entry? (y: save as new, n: keep editing)",
			overwriteMsg{entry: msg.entry, asNew: true}), true
	}
	return nil, false
}

// overwrite saves the form's entry as the user chose after a conflict.
func (m *Model) overwrite(msg overwriteMsg) tea.Cmd {
	if m.screen != screenForm {
		return nil
	}
	e := *msg.entry
	if msg.asNew {
		e.ID, e.Created = "", time.Time{}
	}
	e.Updated = time.Time{} // no check: the user saw the conflict
	m.form.saving = true
	return m.ctx.write(saveEntry(m.ctx.svc.Entries, &e, m.form.draftID, m.ctx.opts.Log))
}
