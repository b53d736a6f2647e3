package ui

import "hone/journal"

// Damaged tells the TUI that its journal is damaged: the daily check found
// it so, and Err (EDAMAGED) says what is wrong and what to do. The status
// line shows it whenever it has nothing else to say, until hone quits.
// Send it with tea.Program.Send.
type Damaged struct{ Err error }

// partial splits the error of a read that skipped damaged records: damage
// is an EDAMAGED error (the entries read come with it), err any other.
func partial(err error) (damage, rest error) {
	if journal.ErrorCode(err) == journal.EDAMAGED {
		return err, nil
	}
	return nil, err
}

// damageOf returns the damage a message reports, nil when none.
func damageOf(msg any) error {
	switch msg := msg.(type) {
	case Damaged:
		return msg.Err
	case todayMsg:
		return msg.damage
	case pageMsg:
		return msg.damage
	}
	return nil
}
