package ui

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Writes outlive nothing: Bubble Tea runs commands in goroutines and does
// not wait for them when it quits, so a save, a star or a discard started
// just before q would end with the process. Every command that writes to
// the journal or to a file is tracked (shared.write), and hone quits
// (shared.quit) once the writes under way have ended.

// writeWait bounds how long quitting waits for the writes under way: a
// write waits at most the journal's lock timeout (2 s), so this is only
// reached by a bug, and then hone still quits.
const writeWait = 10 * time.Second

// writes counts the tracked writes under way.
type writes struct {
	wg sync.WaitGroup
	n  atomic.Int64 // the same count, to be read
}

// quitReadyMsg says the writes under way when quitting was asked for have
// ended; a write started since (by a message already on its way) is
// waited for in turn.
type quitReadyMsg struct{}

// write returns cmd tracked as a write, counted from now (in Update, so
// that a quit asked for next already waits for it) until it ends. Call it
// only on a command that is returned to Bubble Tea, which runs it.
func (c *shared) write(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	c.writes.wg.Add(1)
	c.writes.n.Add(1)
	return func() tea.Msg {
		defer c.writes.wg.Done()
		defer c.writes.n.Add(-1)
		return cmd()
	}
}

// quit returns the command that quits hone once the writes under way have
// ended (or writeWait has passed, which is logged).
func (c *shared) quit() tea.Cmd {
	log := c.opts.Log
	return func() tea.Msg {
		done := make(chan struct{})
		go func() {
			c.writes.wg.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(writeWait):
			logged(log, errors.New("quit: a write did not end in time"))
			return tea.QuitMsg{}
		}
		return quitReadyMsg{}
	}
}

// quitReady quits, or, when a write was started since quitting was asked
// for, waits for it first.
func (c *shared) quitReady() tea.Cmd {
	if c.writes.n.Load() > 0 {
		return c.quit()
	}
	return tea.Quit
}
