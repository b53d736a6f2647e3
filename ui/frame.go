package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// frameCache holds the last screen drawn. Bubble Tea draws the screen
// after every message; a paste that arrives as thousands of keys (a
// terminal without bracketed paste) would draw it thousands of times, of
// which the terminal shows at most one a frame. While keys typed into the
// notes wait for their draw (formModel.notesTyped), the screen drawn last
// stands: the notesDrawMsg, a few milliseconds on, draws it all again.
type frameCache struct{ text string }

// reusesFrame reports whether msg, just handled, left the screen as the
// last one drawn but for notes whose draw is due.
func (m *Model) reusesFrame(msg tea.Msg) bool {
	_, isKey := msg.(tea.KeyPressMsg)
	return isKey && m.screen == screenForm && m.form.notesStale && m.question == nil && !m.showHelp && !m.lock.locked
}

// screenText is the screen's text: drawn, or the last one drawn when
// reuseFrame says it stands.
func (m Model) screenText() string {
	if m.frame != nil && m.reuseFrame && m.frame.text != "" {
		return m.frame.text
	}
	s := m.render()
	if m.frame != nil {
		m.frame.text = s
	}
	return s
}

// typesIntoNotes reports whether msg is a key that only types into the
// form's notes: a character, a space or enter, with the notes focused and
// nothing else open, and no key of the form's or the app's bound to it.
func (m *Model) typesIntoNotes(msg tea.Msg) (tea.KeyPressMsg, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.screen != screenForm || m.question != nil || m.showHelp || m.lock.locked {
		return k, false
	}
	f := m.form
	if f.picking || f.saving || f.current().field != fieldNotes {
		return k, false
	}
	if k.Mod&^tea.ModShift != 0 || (k.Text == "" && k.Code != tea.KeyEnter) {
		return k, false
	}
	fk, g := &f.keys, &m.ctx.keys
	for _, b := range []key.Binding{fk.Next, fk.Prev, fk.Save, fk.Cancel, fk.Editor, fk.PickPrompt, fk.AddReflection, g.ForceQuit, g.Help} {
		if key.Matches(k, b) {
			return k, false
		}
	}
	return k, true
}

// typeIntoNotes types k into the notes, as the form's update would, without
// the copies of the form that its update makes: a paste that arrives as
// thousands of keys goes through here. A key typed while the notes wait
// for their draw (notesDue) joins the keys held in notesHeld, put into the
// notes in one insertion when the draw comes or any other message arrives
// (flushNotes): the textarea's work per insertion is for the whole text,
// so a burst of 27,000 keys costs a few dozen insertions, not 27,000.
func (m *Model) typeIntoNotes(k tea.KeyPressMsg) tea.Cmd {
	m.status = statusMsg{}
	f := m.form
	if f.notesDue {
		if k.Code == tea.KeyEnter && k.Text == "" {
			f.notesHeld = append(f.notesHeld, '\n')
		} else {
			f.notesHeld = append(f.notesHeld, k.Text...)
		}
		f.notesStale = true
		if f.draftPending || m.ctx.opts.DraftDelay <= 0 {
			return nil // no draft timer to start
		}
		// The draft's timer starts only when the text differs from the
		// draft kept: the held keys must be in the notes to tell.
		f.flushNotes()
		return f.draftTimer(m.ctx)
	}
	var cmd tea.Cmd
	f.notes, cmd = f.notes.Update(k)
	return tea.Batch(cmd, f.notesTyped(), f.draftTimer(m.ctx))
}

// flushNotes puts the keys held for the notes into them, as one paste.
func (f *formModel) flushNotes() {
	if len(f.notesHeld) == 0 {
		return
	}
	f.notes, _ = f.notes.Update(tea.PasteMsg{Content: string(f.notesHeld)})
	f.notesHeld = f.notesHeld[:0]
	f.notesStale = true
}

// updateForm hands msg to the form, which is replaced by the one its
// update returns: the model's earlier copies keep theirs.
func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	f, cmd := m.form.update(msg, m.ctx)
	m.form = &f
	return cmd
}
