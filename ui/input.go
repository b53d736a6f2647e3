package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// updateInput is ti.Update(msg) but for the one key on which bubbles
// v2.2.1's textinput panics: delete word forward (alt+d) with the cursor on
// the last character reads past the end of the value (FuzzFormKeys found
// it; typing a title, ← and alt+d closed hone and lost the entry). The
// word forward of the last character is that character, so it is deleted
// here, as the textinput means to. Every text input of hone's screens is
// updated through this.
func updateInput(ti textinput.Model, msg tea.Msg) (textinput.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && ti.Focused() && ti.EchoMode == textinput.EchoNormal &&
		key.Matches(k, ti.KeyMap.DeleteWordForward) {
		if v, p := []rune(ti.Value()), ti.Position(); len(v) > 0 && p == len(v)-1 {
			ti.SetValue(string(v[:p]))
			ti.SetCursor(p)
			return ti, nil
		}
	}
	return ti.Update(msg)
}

// updateHeldInput is updateInput for a text input the model holds by
// pointer: the views' one-line inputs are held so, since Bubble Tea copies
// the model for every message and each input is 8 KB. The update goes to
// a copy, returned, so that an earlier copy of the model keeps its input
// as it was.
func updateHeldInput(ti *textinput.Model, msg tea.Msg) (*textinput.Model, tea.Cmd) {
	next, cmd := updateInput(*ti, msg)
	return &next, cmd
}
