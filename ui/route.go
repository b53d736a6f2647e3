package ui

// Input and routing: which view a message or key goes to, the global
// keys, tab switching, quitting and the mouse.

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// broadcast hands a message that is not input to every view: window sizes,
// data, and the views' own messages (timers, renders, the editor).
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds [9]tea.Cmd
	ctx := m.ctx
	m.today, cmds[0] = m.today.update(msg, ctx)
	m.journal, cmds[1] = m.journal.update(msg, ctx)
	m.skills, cmds[2] = m.skills.update(msg, ctx)
	m.prompts, cmds[3] = m.prompts.update(msg, ctx)
	m.prep, cmds[4] = m.prep.update(msg, ctx)
	if m.screen == screenEntry {
		m.entry, cmds[5] = m.entry.update(msg, ctx)
	}
	if m.screen == screenForm {
		cmds[6] = m.updateForm(msg)
	}
	if m.screen == screenSelfAssess {
		m.self, cmds[7] = m.self.update(msg, ctx)
	}
	if m.screen == screenExport {
		m.exporter, cmds[8] = m.exporter.update(msg, ctx)
	}
	return tea.Batch(cmds[:]...)
}

// routeFocused hands input to the focused view only.
func (m *Model) routeFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	ctx := m.ctx
	switch m.screen {
	case screenForm:
		cmd = m.updateForm(msg)
	case screenEntry:
		m.entry, cmd = m.entry.update(msg, ctx)
	case screenSelfAssess:
		m.self, cmd = m.self.update(msg, ctx)
	case screenExport:
		m.exporter, cmd = m.exporter.update(msg, ctx)
	default:
		switch m.tab {
		case tabToday:
			m.today, cmd = m.today.update(msg, ctx)
		case tabJournal:
			m.journal, cmd = m.journal.update(msg, ctx)
		case tabSkills:
			m.skills, cmd = m.skills.update(msg, ctx)
		case tabPrompts:
			m.prompts, cmd = m.prompts.update(msg, ctx)
		case tabPrep:
			m.prep, cmd = m.prep.update(msg, ctx)
		case tabOverview, tabTeam:
			cmd = m.updateReviewTab(msg)
		case tabReflections:
			m.refl, cmd = m.refl.update(msg, ctx, ctx.bodyHeight())
		}
	}
	return cmd
}

// typing reports whether a text field has the keyboard, so that keys such
// as q, ? and 1-5 type rather than act. The self-assessment counts: its
// digits rate.
func (m *Model) typing() bool {
	switch m.screen {
	case screenForm, screenSelfAssess:
		return true
	case screenEntry:
		return false
	case screenExport:
		return m.exporter.typing()
	}
	switch m.tab {
	case tabJournal:
		return m.journal.typing()
	case tabSkills:
		return m.skills.typing()
	case tabPrompts:
		return m.prompts.typing()
	case tabPrep:
		return m.prep.typing()
	case tabReflections:
		return m.refl.typing()
	case tabOverview:
		return m.overview.feedback != nil
	}
	return false
}

// syncKeys enables the global keys that work now.
func (m *Model) syncKeys() {
	m.ctx.keys.setTyping(m.typing() || m.question != nil)
	if m.tab == tabTeam && m.screen == screenTabs {
		for _, b := range []*key.Binding{&m.ctx.keys.PrevFac, &m.ctx.keys.NextFac, &m.ctx.keys.Facilitator} {
			b.SetEnabled(false) // the team is everyone
		}
	}
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.status = statusMsg{}
	if q := m.question; q != nil {
		switch {
		// The answer is handled now, not sent: a write it starts is then
		// under way before the next key (a q typed right after y waits
		// for it).
		case key.Matches(msg, m.confirm.Yes):
			m.question = nil
			return m.update(q.yes)
		case key.Matches(msg, m.confirm.No) && q.no != nil && msg.String() != "esc":
			m.question = nil
			return m.update(q.no)
		case key.Matches(msg, m.confirm.No):
			m.question = nil
		}
		// Any other key, a second ctrl+c pressed in a hurry among them,
		// leaves the question open: only the keys it shows answer it.
		return nil
	}
	m.syncKeys()
	g := m.ctx.keys
	switch {
	case key.Matches(msg, g.ForceQuit), key.Matches(msg, g.Quit):
		return m.quit()
	case m.showHelp:
		if key.Matches(msg, g.CloseHelp) {
			m.showHelp = false
		}
		return nil
	case key.Matches(msg, g.Help):
		m.showHelp = true
		return nil
	case m.screen != screenForm && key.Matches(msg, g.Tabs):
		if tabs := m.ctx.tabs(); int(msg.Code-'1') < len(tabs) {
			return m.setTab(tabs[msg.Code-'1'])
		}
		return nil
	case m.screen == screenTabs && key.Matches(msg, g.Next):
		return m.setTab(m.nextTab(1))
	case m.screen == screenTabs && key.Matches(msg, g.Prev):
		return m.setTab(m.nextTab(-1))
	case key.Matches(msg, g.NextFac):
		return m.switchFacilitator(1)
	case key.Matches(msg, g.PrevFac):
		return m.switchFacilitator(-1)
	}
	if cmd, back := m.backToTeam(msg); back {
		return cmd
	}
	return m.routeFocused(msg)
}

// feedbackShown marks the coach feedback Today shows as seen, once Today
// is on screen with it: the next start of hone no longer calls it new
// (this one keeps showing it). Nil when there is nothing to mark.
func (m *Model) feedbackShown() tea.Cmd {
	svc := m.ctx.svc.Feedback
	ctx := m.ctx
	switch {
	case svc == nil || ctx.review != nil || m.screen != screenTabs || m.tab != tabToday || m.lock.locked:
		return nil
	case ctx.width < minWidth || ctx.height < minHeight: // not drawn yet, or too small to draw
		return nil
	}
	seq := journal.LatestFeedback(m.today.news)
	if seq <= m.today.marked || ctx.journalReadOnly() {
		return nil
	}
	m.today.marked = seq
	return ctx.write(markFeedbackSeen(svc, seq, ctx.opts.Log))
}

// nextTab returns the tab dir tabs after the one shown, round the bar.
func (m *Model) nextTab(dir int) tab {
	tabs := m.ctx.tabs()
	i := max(0, slices.Index(tabs, m.tab))
	return tabs[(i+dir+len(tabs))%len(tabs)]
}

// setTab shows a tab; the Prep tab loads the first time it is shown, and
// the Skills tab has the histories of ratings read.
func (m *Model) setTab(t tab) tea.Cmd {
	m.screen, m.tab = screenTabs, t
	if t == tabTeam {
		m.fromTeam = nil
	}
	switch t {
	case tabPrep:
		return m.prep.ensure(m.ctx)
	case tabSkills:
		m.ctx.wantHistories = true
		cmd := m.ctx.laterHistories
		m.ctx.laterHistories = nil
		return cmd
	}
	return nil
}

// quit quits, asking first when the form, the self-assessment, a small
// form or the export screen's name holds something unsaved.
func (m *Model) quit() tea.Cmd {
	switch {
	case m.screen == screenForm && m.form.dirty() && m.form.draftRefused:
		return ask("Quit and lose this entry? It could not be kept as a draft. (y/n)", quitMsg{})
	case m.screen == screenForm && m.form.dirty():
		return ask("Quit? This entry is kept as a draft, offered at the next start. (y/n)", quitMsg{})
	case m.screen == screenSelfAssess && m.self.dirty() && m.self.draftRefused:
		return ask("Quit and lose this self-assessment? It could not be kept as a draft. (y/n)", quitMsg{})
	case m.screen == screenSelfAssess && m.self.dirty():
		return ask("Quit? These ratings are kept as a draft, offered at the next start. (y/n)", quitMsg{})
	case m.miniFormOpen() && m.miniFormDirty():
		return ask("Quit and lose what you typed? (y/n)", quitMsg{})
	case m.screen == screenExport && m.exporter.nameDirty():
		return ask("Quit and lose the name you typed? (y/n)", quitMsg{})
	}
	return m.ctx.quit()
}

// miniFormOpen reports whether a small form (a skill, a prompt, a goal) is
// open on the tab shown.
func (m *Model) miniFormOpen() bool {
	if m.screen != screenTabs {
		return false
	}
	switch m.tab {
	case tabSkills:
		return m.skills.form != nil
	case tabPrompts:
		return m.prompts.form != nil
	case tabPrep:
		return m.prep.form != nil
	case tabOverview:
		return m.overview.feedback != nil
	}
	return false
}

// miniFormDirty reports whether the open small form holds typed text.
func (m *Model) miniFormDirty() bool {
	for _, f := range []*miniForm{m.skills.form, m.prompts.form, m.prep.form, m.overview.feedback} {
		if f != nil && f.dirty() {
			return true
		}
	}
	return false
}

func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	mouse := msg.Mouse()
	if m.question != nil {
		return nil
	}
	if click, ok := msg.(tea.MouseClickMsg); ok && click.Button == tea.MouseLeft && mouse.Y == 0 {
		if m.screen == screenForm || m.screen == screenSelfAssess || m.miniFormOpen() {
			return nil
		}
		if t, ok := m.tabAt(mouse.X); ok {
			m.showHelp = false
			return m.setTab(t)
		}
		return nil
	}
	if m.showHelp {
		return nil
	}
	return m.routeFocused(msg)
}
