package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// formFuzzKeys are the keys FuzzFormKeys presses: typing, moving between
// fields, editing and selecting text, rating, picking a prompt, pasting,
// scrolling. Keys that leave the form's process (ctrl+e runs an editor,
// ctrl+s writes the journal) are left out.
var formFuzzKeys = []tea.Msg{
	tea.KeyPressMsg{Code: 'a', Text: "a"},
	tea.KeyPressMsg{Code: ' ', Text: " "},
	tea.KeyPressMsg{Code: '世', Text: "世"},
	tea.KeyPressMsg{Code: '3', Text: "3"},
	tea.KeyPressMsg{Code: '5', Text: "5"},
	tea.KeyPressMsg{Code: '-', Text: "-"},
	tea.KeyPressMsg{Code: tea.KeyEnter},
	tea.KeyPressMsg{Code: tea.KeyTab},
	tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyBackspace},
	tea.KeyPressMsg{Code: tea.KeyDelete},
	tea.KeyPressMsg{Code: tea.KeyUp},
	tea.KeyPressMsg{Code: tea.KeyDown},
	tea.KeyPressMsg{Code: tea.KeyLeft},
	tea.KeyPressMsg{Code: tea.KeyRight},
	tea.KeyPressMsg{Code: tea.KeyHome},
	tea.KeyPressMsg{Code: tea.KeyEnd},
	tea.KeyPressMsg{Code: tea.KeyPgUp},
	tea.KeyPressMsg{Code: tea.KeyPgDown},
	tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModShift},
	tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl},
	tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: tea.KeyBackspace, Mod: tea.ModAlt},
	tea.KeyPressMsg{Code: tea.KeyEscape},
	tea.PasteMsg{Content: "pasted line\nand a second, longer one that wraps at eighty columns or so\n"},
	tea.MouseWheelMsg{Button: tea.MouseWheelDown},
	tea.MouseWheelMsg{Button: tea.MouseWheelUp},
}

// FuzzFormKeys presses keys the fuzzer chooses in the entry form, opened
// on an entry with notes, ratings and reflections or on a new one, until
// the form closes: hone must never panic on input, and every frame must
// draw.
func FuzzFormKeys(f *testing.F) {
	f.Add([]byte{7, 0, 1, 2, 6, 6, 22, 25, 21, 0})          // the stale selection of TestFormNotesStaleSelection
	f.Add([]byte{128, 7, 7, 33, 28, 10, 9, 7, 29, 7, 3, 4}) // an entry: paste, select all, delete, pick a prompt
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 300 {
			return
		}
		j := openJournal(t)
		j.seed(t)
		m := newTestModel(t, j.svc, 80, 24)
		if len(ops) > 0 && ops[0] >= 128 {
			m = keys(t, m, "2", "e") // the newest entry, to edit
		} else {
			m = keys(t, m, "n")
		}
		for _, op := range ops {
			if m.screen != screenForm {
				return
			}
			m = send1(t, m, formFuzzKeys[int(op)%len(formFuzzKeys)])
			_ = m.View()
		}
	})
}

// screenFuzzKeys are the keys FuzzScreenKeys presses: the tabs, the
// screens' own letters (filters, new, edit, delete and its answer, star,
// add, archive, goals, self-assessment, export, help), moving, and some
// typing, with formFuzzKeys' editing keys after them.
var screenFuzzKeys = append([]tea.Msg{
	tea.KeyPressMsg{Code: '1', Text: "1"},
	tea.KeyPressMsg{Code: '2', Text: "2"},
	tea.KeyPressMsg{Code: '3', Text: "3"},
	tea.KeyPressMsg{Code: '4', Text: "4"},
	tea.KeyPressMsg{Code: '5', Text: "5"},
	tea.KeyPressMsg{Code: '/', Text: "/"},
	tea.KeyPressMsg{Code: 'n', Text: "n"},
	tea.KeyPressMsg{Code: 'e', Text: "e"},
	tea.KeyPressMsg{Code: 'd', Text: "d"},
	tea.KeyPressMsg{Code: 'y', Text: "y"},
	tea.KeyPressMsg{Code: '*', Text: "*"},
	tea.KeyPressMsg{Code: 's', Text: "s"},
	tea.KeyPressMsg{Code: 'x', Text: "x"},
	tea.KeyPressMsg{Code: 'g', Text: "g"},
	tea.KeyPressMsg{Code: 'j', Text: "j"},
	tea.KeyPressMsg{Code: 'k', Text: "k"},
	tea.KeyPressMsg{Code: '[', Text: "["},
	tea.KeyPressMsg{Code: ']', Text: "]"},
	tea.KeyPressMsg{Code: 'f', Text: "f"},
	tea.KeyPressMsg{Code: 'S', Text: "S"},
	tea.KeyPressMsg{Code: 'X', Text: "X"},
	tea.KeyPressMsg{Code: '?', Text: "?"},
	tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl},
	tea.WindowSizeMsg{Width: 60, Height: 18},
	tea.WindowSizeMsg{Width: 120, Height: 40},
}, formFuzzKeys...)

// FuzzScreenKeys presses keys the fuzzer chooses on every screen of a
// journal with entries, from Today on: hone must never panic on input, and
// every frame must draw. Each key typed into the Journal's filter waits
// out its debounce (150 ms) as the commands run here, so inputs are kept
// to 40 keys, and minimizing (many inputs in a row) can outlast the time
// after which the fuzzer takes its worker for hung: fuzz it with
// -fuzzminimizetime 0 (5 min, 21,000 inputs, found nothing on 2026-11-25).
func FuzzScreenKeys(f *testing.F) {
	f.Add([]byte{1, 5, 36, 36, 36, 6, 9})    // Journal, filter, typing, new
	f.Add([]byte{2, 14, 31, 32, 3, 5, 20})   // Skills, Prompts, filter
	f.Add([]byte{1, 14, 8, 9, 1, 10, 4, 20}) // delete and answer, star, Prep
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 40 {
			return
		}
		j := openJournal(t)
		j.seed(t)
		m := newTestModel(t, j.svc, 80, 24)
		for _, op := range ops {
			m = send1(t, m, screenFuzzKeys[int(op)%len(screenFuzzKeys)])
			_ = m.View()
		}
	})
}
