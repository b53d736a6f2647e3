package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// LockOptions lock the TUI of an encrypted journal after a time without
// input (SPEC section 10). The lock screen hides everything and asks for the
// passphrase; the model underneath, unsaved text included, is kept as it is
// and shown again once the passphrase is right. The same screen asks for
// the passphrase when the TUI's keys no longer open the journal: another
// hone encrypted a plain journal under it, or encrypted the journal again
// under another key (a look at the journal says so with EPASSPHRASE).
type LockOptions struct {
	// Idle is the time without a key press or mouse event after which the
	// screen locks; 0 or less turns locking off.
	Idle time.Duration
	// Check returns nil when the passphrase opens the journal, and makes
	// the journal readable with it when another hone encrypted it under
	// the TUI, or encrypted it again under another key. It is called in a
	// command, off the UI loop, and may be slow (argon2id).
	Check func(passphrase string) error
	// Plain says the journal is not encrypted: Idle counts only once
	// another hone encrypted it and Check took its passphrase.
	Plain bool
}

// wrongPassphrase is what the lock screen says to a wrong passphrase.
const wrongPassphrase = "That passphrase does not open the journal."

// lockState is the idle lock. Idle time is measured with Options.Now; one
// tea.Tick at a time wakes the model up to look at it.
type lockState struct {
	keys      lockKeys
	locked    bool
	lastInput time.Time
	gen       int              // the tick that counts; older ones are ignored
	input     *textinput.Model // held by pointer: updateHeldInput
	checking  bool
	wrong     bool
	// sealed says the screen asks for the passphrase of a journal that
	// another hone encrypted under the TUI, or encrypted again under
	// another key: the TUI's keys no longer open it.
	sealed bool
}

// lockTickMsg wakes the model up to check whether it has been idle.
type lockTickMsg struct{ gen int }

// unlockMsg carries Check's verdict on a passphrase.
type unlockMsg struct{ err error }

func newLockState(ctx *shared) lockState {
	ti := textinput.New()
	ti.Prompt = "Passphrase: "
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	ti.CharLimit = 1024
	ti.SetStyles(ctx.styles.TextInput)
	return lockState{keys: newLockKeys(), input: &ti, lastInput: ctx.opts.Now()}
}

// lockEnabled reports whether the TUI locks after idle time.
func (c *shared) lockEnabled() bool {
	l := c.opts.Lock
	return l != nil && l.Idle > 0 && l.Check != nil && (!l.Plain || c.opts.Encrypted)
}

// lockTick wakes the model up after d.
func lockTick(d time.Duration, gen int) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return lockTickMsg{gen: gen} })
}

// startLock starts watching for idle time; nil when locking is off.
func (m *Model) startLock() tea.Cmd {
	if !m.ctx.lockEnabled() {
		return nil
	}
	m.lock.gen++
	m.lock.lastInput = m.ctx.opts.Now()
	return lockTick(m.ctx.opts.Lock.Idle, m.lock.gen)
}

// lockTicked locks the screen when the model has been idle long enough,
// and otherwise sleeps until it might have been.
func (m *Model) lockTicked(msg lockTickMsg) tea.Cmd {
	if msg.gen != m.lock.gen || m.lock.locked || !m.ctx.lockEnabled() {
		return nil
	}
	idle := m.ctx.opts.Now().Sub(m.lock.lastInput)
	limit := m.ctx.opts.Lock.Idle
	if idle < limit {
		return lockTick(limit-idle, m.lock.gen)
	}
	m.lock.locked, m.lock.wrong, m.lock.checking = true, false, false
	m.lock.input.SetValue("")
	return m.lock.input.Focus()
}

// lockedInput handles input while the screen is locked: the passphrase,
// enter to check it, ctrl+c to quit. Nothing else gets through.
func (m *Model) lockedInput(msg tea.Msg) tea.Cmd {
	l := &m.lock
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, l.keys.Quit) && l.sealed:
			// What the form holds is kept as a draft, in a file beside
			// the journal when the journal refuses it.
			return m.draftOnQuit(false)
		case key.Matches(msg, l.keys.Quit):
			return m.ctx.quit()
		case key.Matches(msg, l.keys.Unlock):
			pass := l.input.Value()
			if l.checking || pass == "" {
				return nil
			}
			l.checking, l.wrong = true, false
			check := m.ctx.opts.Lock.Check
			return func() tea.Msg { return unlockMsg{err: check(pass)} }
		}
		if l.checking {
			return nil
		}
		l.wrong = false
		var cmd tea.Cmd
		l.input, cmd = updateHeldInput(l.input, msg)
		return cmd
	case tea.PasteMsg:
		if l.checking {
			return nil
		}
		var cmd tea.Cmd
		l.input, cmd = updateHeldInput(l.input, msg)
		return cmd
	}
	return nil // mouse events and the rest
}

// unlocked takes Check's verdict.
func (m *Model) unlocked(msg unlockMsg) tea.Cmd {
	l := &m.lock
	if !l.locked {
		return nil
	}
	l.checking = false
	l.input.SetValue("")
	if msg.err != nil {
		l.wrong = true
		return nil
	}
	l.locked, l.wrong = false, false
	l.input.Blur()
	if l.sealed {
		// The journal reads again, encrypted under the keys Check took,
		// and locks when idle.
		l.sealed = false
		m.ctx.opts.Encrypted = true
		return tea.Batch(m.startLock(), m.reloadAll())
	}
	return m.startLock()
}

// sealedUnder locks the screen to ask for the passphrase of the journal
// that the TUI's keys no longer open: another hone encrypted it under a
// plain TUI, or encrypted it again under another key. A screen locked
// when idle asks for the same passphrase, and the TUI reloads after it
// too. ok is false when the TUI cannot ask (no lock options) and the
// error is only shown.
func (m *Model) sealedUnder() (tea.Cmd, bool) {
	l := &m.lock
	if lo := m.ctx.opts.Lock; lo == nil || lo.Check == nil {
		return nil, false
	}
	if l.locked {
		l.sealed = true
		return nil, true
	}
	l.locked, l.sealed, l.wrong, l.checking = true, true, false, false
	l.input.SetValue("")
	return l.input.Focus(), true
}

// lockScreen draws the lock screen: no journal text at all.
func (m Model) lockScreen() string {
	ctx := m.ctx
	st := &ctx.styles
	w, h := ctx.width, ctx.height
	inner := min(w-6, 56)
	in := m.lock.input
	in.SetWidth(inner - lipgloss.Width(in.Prompt) - 1)
	why := "The journal locked itself after a while without use."
	switch {
	case m.lock.sealed && ctx.opts.Encrypted:
		why = "Another hone encrypted the journal again."
	case m.lock.sealed:
		why = "Another hone encrypted the journal."
	}
	lines := []string{
		st.Heading.Render("hone is locked"),
		"",
		st.Muted.Render(why),
		st.Muted.Render("Enter its passphrase to go on."),
		"",
		in.View(),
	}
	switch {
	case m.lock.checking:
		lines = append(lines, "", st.Muted.Render("Checking…"))
	case m.lock.wrong:
		lines = append(lines, "", st.StatusError.Render(wrongPassphrase))
	default:
		lines = append(lines, "", "")
	}
	box := st.Box.Render(fitBlock(joinLines(lines), inner, len(lines)))
	body := lipgloss.Place(w, max(1, h-chromeLines), lipgloss.Center, lipgloss.Center, box)
	return fitLine(st.Brand.Render(brand), w) + "\n" + st.Rule.Render(strings.Repeat("─", w)) + "\n" +
		fitBlock(body, w, max(0, h-chromeLines)) + "\n" + fitLine("", w) + "\n" +
		fitLine(" "+m.help.ShortHelpView(m.lock.keys.ShortHelp()), w)
}

// lockKeys are the lock screen's keys.
type lockKeys struct {
	Unlock, Quit key.Binding
}

func newLockKeys() lockKeys {
	return lockKeys{
		Unlock: bind([]string{"enter"}, "enter", "unlock"),
		Quit:   bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

// ShortHelp lists the lock screen's keys.
func (k lockKeys) ShortHelp() []key.Binding { return []key.Binding{k.Unlock, k.Quit} }

// FullHelp lists the lock screen's keys.
func (k lockKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Unlock, k.Quit}} }
