package ui

// What the model does with the results of its commands on entries: a
// form opened, a prompt answered, an entry saved, deleted or starred, the
// data reloaded, the styles changed.

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// openForm opens the entry form on msg's entry, suggestion or draft.
func (m *Model) openForm(msg openFormMsg) tea.Cmd {
	if err := formCanHold(msg.entry); err != nil {
		m.status = statusMsg{err: err}
		return nil
	}
	if m.screen != screenForm {
		m.back = m.screen
	}
	f, cmd := newForm(msg, m.ctx)
	m.form = &f
	m.screen = screenForm
	m.showHelp = false
	if msg.draftNote != "" {
		m.status = statusMsg{text: msg.draftNote}
	}
	return cmd
}

// answer opens the form on the answer to a suggested prompt, from Today or
// the Prompts tab: today's entry with a new reflection for the prompt,
// focused, or a new entry. An answer that arrives after another screen
// opened is dropped.
func (m *Model) answer(msg answerMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return nil
	}
	if m.screen != screenTabs {
		return nil
	}
	s := msg.suggestion
	if msg.entry != nil {
		// First, so that a narrow form, which cuts the line, still says it.
		s.why = strings.TrimSpace("Added to today's entry. " + s.why)
	}
	return m.ctx.post(openFormMsg{entry: msg.entry, suggestion: &s, focusAnswer: true, addReflection: msg.entry != nil})
}

// saved closes the form after a save, or hands the form the error.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	if cmd, ok := m.conflict(msg); ok {
		return cmd
	}
	if msg.err != nil {
		if m.screen == screenForm {
			return m.updateForm(msg)
		}
		m.status = statusMsg{err: msg.err}
		return nil
	}
	// The save removed the form's draft, in its own write (saveEntry).
	cmds := []tea.Cmd{m.reload(msg.entry.ID)}
	m.screen = m.back
	m.status = statusMsg{text: "Saved."}
	if m.screen == screenEntry {
		sel := m.entry.sel
		var cmd tea.Cmd
		m.entry, cmd = newEntryView(msg.entry, m.ctx)
		m.entry.sel = min(sel, max(0, len(msg.entry.Reflections)-1))
		m.entry.syncKeys()
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return nil
	}
	if m.screen == screenEntry && m.entry.id() == msg.id {
		m.screen = screenTabs
	}
	m.status = statusMsg{text: "Deleted."}
	return m.reload("")
}

// reload loads again what a change to the journal may have changed: the
// insights (drift), Today and the Journal list, whose cursor goes to the
// entry selectID.
func (m *Model) reload(selectID string) tea.Cmd {
	ctx := m.ctx
	today := ctx.today()
	var cmd tea.Cmd
	m.journal, cmd = m.journal.reload(ctx, selectID)
	ctx.loadSeq++
	return tea.Batch(
		loadInsights(ctx.svc, today, ctx.loadSeq, ctx.opts.Log),
		loadToday(ctx.svc.Entries, ctx.svc.Feedback, today, ctx.opts.Log),
		cmd,
		m.prep.reload(ctx),
	)
}

// starred reports a reflection starred or unstarred, and reloads what the
// star changes (the Prep tab lists starred reflections first).
func (m *Model) starred(msg starredMsg) tea.Cmd {
	var cmd tea.Cmd
	if m.screen == screenEntry {
		m.entry, cmd = m.entry.update(msg, m.ctx)
	}
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return cmd
	}
	m.status = statusMsg{text: "Starred for supervision: the Prep tab lists it first."}
	if !msg.entry.Reflections[msg.refl].Starred {
		m.status = statusMsg{text: "Star removed."}
	}
	return tea.Batch(cmd, m.reload(msg.entry.ID))
}

// restyle rebuilds the styles after the background or colour profile
// became known.
func (m *Model) restyle() tea.Cmd {
	m.ctx.styles = newStyles(m.dark, m.mono)
	m.help.Styles = m.ctx.styles.Help
	m.lock.input.SetStyles(m.ctx.styles.TextInput)
	return m.broadcast(restyledMsg{})
}

// restyledMsg tells views that the styles changed, so that cached renders
// are made again.
type restyledMsg struct{}
