package ui

import "charm.land/bubbles/v2/key"

// Key maps: one struct of key.Bindings per view, built by a constructor so
// that no key map is shared mutable state. Views disable the bindings that
// do not apply at the moment, so that the help footer lists only keys that
// work now. Every match goes through key.Matches.

func bind(keys []string, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// globalKeys work on every tab, unless a text field has the keyboard.
type globalKeys struct {
	Tabs      key.Binding // 1-5
	Next      key.Binding
	Prev      key.Binding
	Help      key.Binding
	CloseHelp key.Binding // shown while the help is open
	Quit      key.Binding
	ForceQuit key.Binding
	// Review mode with several exports: the previous and next facilitator,
	// and Facilitator, which names both in the footer.
	PrevFac, NextFac, Facilitator key.Binding
	switchFacs                    bool // PrevFac and NextFac apply
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Tabs:        bind([]string{"1", "2", "3", "4", "5"}, "1-5", "tabs"),
		Next:        bind([]string{"tab"}, "tab", "next tab"),
		Prev:        bind([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Help:        bind([]string{"?", "f1"}, "?", "help"),
		CloseHelp:   bind([]string{"esc", "?", "f1"}, "esc", "close help"),
		Quit:        bind([]string{"q"}, "q", "quit"),
		ForceQuit:   bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		PrevFac:     bind([]string{"["}, "[", "previous facilitator"),
		NextFac:     bind([]string{"]"}, "]", "next facilitator"),
		Facilitator: bind([]string{"[", "]"}, "[/]", "facilitator"),
	}
}

// setReview fits the keys to review mode: tabs tabs, and facilitators
// exports to switch between.
func (k *globalKeys) setReview(tabs, facilitators int) {
	keys := []string{"1", "2", "3", "4", "5"}[:max(1, min(5, tabs))]
	k.Tabs = bind(keys, "1-"+keys[len(keys)-1], "tabs")
	k.switchFacs = facilitators >= 2
}

// ShortHelp lists the global keys the footer shows after the view's own.
func (k globalKeys) ShortHelp() []key.Binding { return []key.Binding{k.Facilitator, k.Help, k.Quit} }

// FullHelp lists every global key.
func (k globalKeys) FullHelp() [][]key.Binding {
	if k.switchFacs {
		return [][]key.Binding{{k.Tabs, k.Next, k.Prev, k.Help, k.Quit, k.ForceQuit}, {k.PrevFac, k.NextFac}}
	}
	return [][]key.Binding{{k.Tabs, k.Next, k.Prev, k.Help, k.Quit, k.ForceQuit}}
}

// setTyping turns the global keys that type characters off while a text
// field has the keyboard; ctrl+c always works, and f1 opens the help.
func (k *globalKeys) setTyping(typing bool) {
	for _, b := range []*key.Binding{&k.Tabs, &k.Next, &k.Prev, &k.Quit} {
		b.SetEnabled(!typing)
	}
	for _, b := range []*key.Binding{&k.PrevFac, &k.NextFac, &k.Facilitator} {
		b.SetEnabled(!typing && k.switchFacs)
	}
	if typing {
		k.Help.SetKeys("f1")
		k.Help.SetHelp("f1", "help")
	} else {
		k.Help.SetKeys("?", "f1")
		k.Help.SetHelp("?", "help")
	}
}

// listKeys move a cursor through a list; several views share their shape.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "page down"),
		Top:      bind([]string{"home", "g"}, "g", "top"),
		Bottom:   bind([]string{"end", "G"}, "G", "bottom"),
	}
}

func (k listKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// todayKeys are the Today tab's keys.
type todayKeys struct {
	listKeys
	New, Reflect, Another, Journal, Prep, SelfAssess, Export key.Binding
}

func newTodayKeys() todayKeys {
	return todayKeys{
		listKeys:   newListKeys(),
		New:        bind([]string{"n"}, "n", "new entry"),
		Reflect:    bind([]string{"enter", "r"}, "enter", "answer"),
		Another:    bind([]string{"s"}, "s", "other prompt"),
		Journal:    bind([]string{"J"}, "J", "journal"),
		Prep:       bind([]string{"p"}, "p", "prep"),
		SelfAssess: bind([]string{"S"}, "S", "self-assessment"),
		Export:     bind([]string{"X"}, "X", "export"),
	}
}

// ShortHelp lists the Today keys for the footer.
func (k todayKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.New, k.Reflect, k.Another, k.Prep}
}

// FullHelp lists every Today key.
func (k todayKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.New, k.Reflect, k.Another, k.Journal, k.Prep, k.SelfAssess, k.Export}, k.all()}
}

// journalKeys are the Journal tab's keys, with the filter's.
type journalKeys struct {
	listKeys
	Open, New, Edit, Delete, Filter, ClearFilter, Export key.Binding
	// While the filter line has the keyboard:
	ApplyFilter, CancelFilter key.Binding
}

func newJournalKeys() journalKeys {
	return journalKeys{
		listKeys:     newListKeys(),
		Open:         bind([]string{"enter"}, "enter", "open"),
		New:          bind([]string{"n"}, "n", "new"),
		Edit:         bind([]string{"e"}, "e", "edit"),
		Delete:       bind([]string{"d"}, "d", "delete"),
		Filter:       bind([]string{"/"}, "/", "filter"),
		ClearFilter:  bind([]string{"esc"}, "esc", "clear filter"),
		Export:       bind([]string{"X"}, "X", "export"),
		ApplyFilter:  bind([]string{"enter"}, "enter", "done"),
		CancelFilter: bind([]string{"esc"}, "esc", "cancel"),
	}
}

// ShortHelp lists the Journal keys for the footer.
func (k journalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.New, k.Edit, k.Delete, k.Filter, k.ClearFilter, k.ApplyFilter, k.CancelFilter}
}

// FullHelp lists every Journal key.
func (k journalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.all(), {k.Open, k.New, k.Edit, k.Delete, k.Export, k.Filter, k.ClearFilter, k.ApplyFilter, k.CancelFilter}}
}

// entryKeys are the keys of the entry view.
type entryKeys struct {
	listKeys
	Back, Edit, Delete, Star, NextReflection, PrevReflection key.Binding
}

func newEntryKeys() entryKeys {
	return entryKeys{
		listKeys:       newListKeys(),
		Back:           bind([]string{"esc", "backspace", "left", "h"}, "esc", "back"),
		Edit:           bind([]string{"e"}, "e", "edit"),
		Delete:         bind([]string{"d"}, "d", "delete"),
		Star:           bind([]string{"*"}, "*", "star"),
		NextReflection: bind([]string{"tab"}, "tab", "reflection"),
		PrevReflection: bind([]string{"shift+tab"}, "shift+tab", "previous reflection"),
	}
}

// ShortHelp lists the entry view's keys for the footer.
func (k entryKeys) ShortHelp() []key.Binding {
	if k.NextReflection.Enabled() {
		return []key.Binding{k.Back, k.Edit, k.Star, k.NextReflection, k.Delete}
	}
	return []key.Binding{k.Back, k.Edit, k.Star, k.Delete, k.Down}
}

// FullHelp lists every key of the entry view.
func (k entryKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.all(), {k.Back, k.Edit, k.Delete}, {k.Star, k.NextReflection, k.PrevReflection}}
}

// formKeys are the entry form's keys. Which of them are enabled depends on
// the focused field.
type formKeys struct {
	Next, Prev, Save, Cancel                           key.Binding
	Editor                                             key.Binding // notes and answers
	Cycle                                              key.Binding // kind and phase: left/right
	Rate, Clear, Move, Jump                            key.Binding // ratings
	PickPrompt, AddReflection, Share, RemoveReflection key.Binding
	// The prompt picker's keys.
	PickerUp, PickerDown, PickerChoose, PickerCancel key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:             bind([]string{"tab"}, "tab", "next field"),
		Prev:             bind([]string{"shift+tab"}, "shift+tab", "previous"),
		Save:             bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel:           bind([]string{"esc"}, "esc", "cancel"),
		Editor:           bind([]string{"ctrl+e"}, "ctrl+e", "$EDITOR"),
		Cycle:            bind([]string{"left", "right", "space", "h", "l"}, "←/→", "change"),
		Rate:             bind([]string{"1", "2", "3", "4", "5"}, "1-5", "rate"),
		Clear:            bind([]string{"0", "backspace", "delete"}, "0", "clear"),
		Move:             bind([]string{"left", "right", "up", "down"}, "←↑↓→", "skill"),
		Jump:             bind([]string{"a-z"}, "a-z", "jump to skill"), // matched by ratingField.update, not by key
		PickPrompt:       bind([]string{"ctrl+p"}, "ctrl+p", "other prompt"),
		AddReflection:    bind([]string{"ctrl+r"}, "ctrl+r", "add reflection"),
		Share:            bind([]string{"ctrl+o"}, "ctrl+o", "shared/private"),
		RemoveReflection: bind([]string{"ctrl+x"}, "ctrl+x", "remove reflection"),
		PickerUp:         bind([]string{"up", "ctrl+k"}, "↑", "up"),
		PickerDown:       bind([]string{"down", "ctrl+j"}, "↓", "down"),
		PickerChoose:     bind([]string{"enter"}, "enter", "choose"),
		PickerCancel:     bind([]string{"esc"}, "esc", "back"),
	}
}

// ShortHelp lists the form keys for the footer, those a narrow footer
// can spare last.
func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.PickerChoose, k.PickerCancel, k.Save, k.Next, k.Rate, k.Jump, k.Cycle, k.Editor,
		k.PickPrompt, k.Share, k.Cancel, k.Clear}
}

// FullHelp lists every form key.
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Save, k.Cancel},
		{k.Cycle, k.Rate, k.Clear, k.Move, k.Jump},
		{k.Editor, k.PickPrompt, k.AddReflection, k.RemoveReflection, k.Share},
	}
}

// skillsKeys are the Skills tab's keys.
type skillsKeys struct {
	listKeys
	Open, Add, Archive, SelfAssess key.Binding
	readOnly                       bool // review mode: Add, Archive and SelfAssess never apply
}

func newSkillsKeys() skillsKeys {
	return skillsKeys{
		listKeys:   newListKeys(),
		Open:       bind([]string{"enter"}, "enter", "open"),
		Add:        bind([]string{"a"}, "a", "add skill"),
		Archive:    bind([]string{"x"}, "x", "archive"),
		SelfAssess: bind([]string{"S"}, "S", "self-assessment"),
	}
}

// ShortHelp lists the Skills keys for the footer.
func (k skillsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Add, k.Archive, k.SelfAssess}
}

// FullHelp lists every Skills key.
func (k skillsKeys) FullHelp() [][]key.Binding {
	if k.readOnly {
		return [][]key.Binding{k.all(), {k.Open}}
	}
	return [][]key.Binding{k.all(), {k.Open, k.Add, k.Archive, k.SelfAssess}}
}

// promptsKeys are the Prompts tab's keys.
type promptsKeys struct {
	listKeys
	Answer, Add, Filter, ClearFilter, ApplyFilter, CancelFilter key.Binding
}

func newPromptsKeys() promptsKeys {
	return promptsKeys{
		listKeys:     newListKeys(),
		Answer:       bind([]string{"enter"}, "enter", "answer"),
		Add:          bind([]string{"a"}, "a", "add prompt"),
		Filter:       bind([]string{"/"}, "/", "filter"),
		ClearFilter:  bind([]string{"esc"}, "esc", "clear filter"),
		ApplyFilter:  bind([]string{"enter"}, "enter", "done"),
		CancelFilter: bind([]string{"esc"}, "esc", "cancel"),
	}
}

// ShortHelp lists the Prompts keys for the footer.
func (k promptsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Answer, k.Add, k.Filter, k.ClearFilter, k.ApplyFilter, k.CancelFilter}
}

// FullHelp lists every Prompts key.
func (k promptsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.all(), {k.Answer, k.Add, k.Filter, k.ClearFilter, k.ApplyFilter, k.CancelFilter}}
}

// prepKeys are the Prep tab's keys.
type prepKeys struct {
	listKeys
	Shorter, Longer, Write, Goal, SelfAssess key.Binding
}

func newPrepKeys() prepKeys {
	lk := newListKeys()
	lk.Top = bind([]string{"home"}, "home", "top") // g sets a goal
	return prepKeys{
		listKeys:   lk,
		Shorter:    bind([]string{"["}, "[", "7 days fewer"),
		Longer:     bind([]string{"]"}, "]", "7 days more"),
		Write:      bind([]string{"w"}, "w", "write file"),
		Goal:       bind([]string{"g"}, "g", "set goal"),
		SelfAssess: bind([]string{"S"}, "S", "self-assessment"),
	}
}

// ShortHelp lists the Prep keys for the footer; the heading names [ and ].
func (k prepKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Write, k.Goal, k.SelfAssess, k.PageDown}
}

// FullHelp lists every Prep key.
func (k prepKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.all(), {k.Shorter, k.Longer, k.Write, k.Goal, k.SelfAssess}}
}

// confirmKeys answer a yes/no question.
type confirmKeys struct {
	Yes, No key.Binding
}

func newConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: bind([]string{"y", "Y"}, "y", "yes"),
		No:  bind([]string{"n", "N", "esc"}, "n", "no"),
	}
}

// ShortHelp lists the answers.
func (k confirmKeys) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// FullHelp lists the answers.
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Yes, k.No}} }
