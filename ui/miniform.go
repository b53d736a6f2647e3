package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// miniForm is a small form of a few fields for what hone keeps besides
// entries: a custom skill, a prompt, a learning goal. tab and shift+tab move
// between fields, ctrl+s saves from any field (enter too, on the last one),
// esc cancels, asking first when something was typed. The view that owns
// it builds the domain value from the fields, validates it with the
// domain's own rules and saves it in a command; problems show next to the
// field they name.
type miniForm struct {
	owner   string // which view the form belongs to, for closeMiniMsg
	title   string
	intro   string
	keys    miniFormKeys
	fields  []miniField
	focus   int
	err     error
	errAt   int // the field the error belongs to; -1 for none in particular
	saving  bool
	initial string
}

// miniKind is the kind of a field of a miniForm.
type miniKind int

const (
	miniText   miniKind = iota // one line of text
	miniChoice                 // one of a few values, changed with left/right
	miniPick                   // several items, toggled with space
)

// miniField is a field of a miniForm.
type miniField struct {
	kind  miniKind
	label string
	hint  string   // shown under the field while it has the focus
	names []string // the journal.Error fields this field answers for
	input textinput.Model
	// miniChoice:
	choices []string
	choice  int
	// miniPick:
	items  []pickItem
	cursor int
}

// pickItem is one item of a miniPick field.
type pickItem struct {
	id, label string
	mark      string // a one-cell sign in front of the label, such as ▼
	on        bool
}

// miniAction is what a key did to a miniForm.
type miniAction int

const (
	miniNone   miniAction = iota
	miniSubmit            // the user asked to save
	miniCancel            // the user left the form (after agreeing to lose what they typed)
)

// closeMiniMsg closes the mini form of a view after the user agreed to lose
// what they typed.
type closeMiniMsg struct{ owner string }

// miniLabelWidth is the width of the labels.
const miniLabelWidth = 12

func newMiniForm(owner, title, intro string, fields ...miniField) miniForm {
	f := miniForm{owner: owner, title: title, intro: intro, keys: newMiniFormKeys(), fields: fields, errAt: -1}
	f.initial = f.snapshot()
	f.syncKeys()
	return f
}

// textField returns a one-line text field.
func textField(ctx *shared, label, placeholder, hint string, limit int, names ...string) miniField {
	ti := newTextInput(ctx, placeholder, limit)
	return miniField{kind: miniText, label: label, hint: hint, names: names, input: ti}
}

// choiceField returns a field that holds one of choices.
func choiceField(label, hint string, choices []string, names ...string) miniField {
	return miniField{kind: miniChoice, label: label, hint: hint, names: names, choices: choices}
}

// pickField returns a field of items to toggle.
func pickField(label, hint string, items []pickItem, names ...string) miniField {
	return miniField{kind: miniPick, label: label, hint: hint, names: names, items: items}
}

// value returns the text of field i, or the chosen value of a choice.
func (f miniForm) value(i int) string {
	fd := f.fields[i]
	if fd.kind == miniChoice {
		if len(fd.choices) == 0 {
			return ""
		}
		return fd.choices[fd.choice]
	}
	return fd.input.Value()
}

// picked returns the ids of the items of field i that are on.
func (f miniForm) picked(i int) []string {
	var ids []string
	for _, it := range f.fields[i].items {
		if it.on {
			ids = append(ids, it.id)
		}
	}
	return ids
}

func (f miniForm) snapshot() string {
	var b strings.Builder
	for i, fd := range f.fields {
		switch fd.kind {
		case miniText:
			b.WriteString(fd.input.Value())
		case miniChoice:
			b.WriteString(itoa(fd.choice))
		case miniPick:
			b.WriteString(strings.Join(f.picked(i), ","))
		}
		b.WriteByte(0)
	}
	return b.String()
}

func (f miniForm) dirty() bool { return f.snapshot() != f.initial }

// fieldValues returns what each field holds, as a draft keeps it: a text
// field's text, a choice's index, the ids of a pick's items that are on,
// joined by commas (the parts of snapshot).
func (f miniForm) fieldValues() []string {
	vs := make([]string, len(f.fields))
	for i, fd := range f.fields {
		switch fd.kind {
		case miniText:
			vs[i] = fd.input.Value()
		case miniChoice:
			vs[i] = itoa(fd.choice)
		case miniPick:
			vs[i] = strings.Join(f.picked(i), ",")
		}
	}
	return vs
}

// setFieldValues puts back what fieldValues returned: a value that no
// longer fits its field (a choice or an item gone since) is left out.
func (f *miniForm) setFieldValues(vs []string) {
	for i := range min(len(vs), len(f.fields)) {
		fd := &f.fields[i]
		switch fd.kind {
		case miniText:
			fd.input.SetValue(vs[i])
		case miniChoice:
			if n, err := strconv.Atoi(vs[i]); err == nil && n >= 0 && n < len(fd.choices) {
				fd.choice = n
			}
		case miniPick:
			on := strings.Split(vs[i], ",")
			for j := range fd.items {
				fd.items[j].on = slices.Contains(on, fd.items[j].id)
			}
		}
	}
}

// focusCmd focuses the current field and blurs the others.
func (f *miniForm) focusCmd() tea.Cmd {
	var cmd tea.Cmd
	for i := range f.fields {
		fd := &f.fields[i]
		if fd.kind != miniText {
			continue
		}
		if i == f.focus {
			cmd = fd.input.Focus()
		} else {
			fd.input.Blur()
		}
	}
	return cmd
}

// setError shows err next to the field it names; a save is over.
func (f *miniForm) setError(err error) {
	f.saving = false
	f.err = err
	f.errAt = -1
	var je *journal.Error
	if errors.As(err, &je) {
		for i, fd := range f.fields {
			if slices.Contains(fd.names, je.Field) {
				f.errAt = i
				f.focus = i
			}
		}
	}
	f.syncKeys()
}

// submit finishes a save the user asked for. With invalid, the error the
// values failed validation with, it shows the error and gives the keyboard
// back to the form; otherwise the form is saving and save, the command
// that saves the values, is returned, tracked as a write.
func (f *miniForm) submit(ctx *shared, invalid error, save tea.Cmd) tea.Cmd {
	if invalid != nil {
		f.setError(invalid)
		return f.focusCmd()
	}
	f.err, f.saving = nil, true
	return ctx.write(save)
}

func (f *miniForm) resize(w int) {
	for i := range f.fields {
		f.fields[i].input.SetWidth(max(10, w-miniLabelWidth-4))
	}
}

func (f *miniForm) restyle(ctx *shared) {
	for i := range f.fields {
		f.fields[i].input.SetStyles(ctx.styles.TextInput)
	}
}

// update handles a message; the action says whether the user asked to save
// or left.
func (f miniForm) update(msg tea.Msg) (miniForm, miniAction, tea.Cmd) {
	f, act, cmd := f.handle(msg)
	f.syncKeys()
	return f, act, cmd
}

func (f miniForm) handle(msg tea.Msg) (miniForm, miniAction, tea.Cmd) {
	if msg, ok := msg.(closeMiniMsg); ok {
		if msg.owner == f.owner {
			return f, miniCancel, nil
		}
		return f, miniNone, nil
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if f.saving && isKey {
		return f, miniNone, nil
	}
	fd := &f.fields[f.focus]
	if isKey {
		ks := f.keys
		switch {
		case key.Matches(k, ks.Save):
			return f, miniSubmit, nil
		case key.Matches(k, ks.Cancel):
			if f.dirty() {
				return f, miniNone, ask("Discard what you typed? (y/n)", closeMiniMsg{owner: f.owner})
			}
			return f, miniCancel, nil
		case key.Matches(k, ks.Next):
			f.focus = (f.focus + 1) % len(f.fields)
			return f, miniNone, f.focusCmd()
		case key.Matches(k, ks.Prev):
			f.focus = (f.focus + len(f.fields) - 1) % len(f.fields)
			return f, miniNone, f.focusCmd()
		case k.String() == "enter" && fd.kind != miniPick:
			if f.focus == len(f.fields)-1 {
				return f, miniSubmit, nil
			}
			f.focus++
			return f, miniNone, f.focusCmd()
		}
		switch fd.kind {
		case miniChoice:
			n := len(fd.choices)
			switch {
			case key.Matches(k, ks.Left) && n > 0:
				fd.choice = (fd.choice + n - 1) % n
			case key.Matches(k, ks.Right) && n > 0:
				fd.choice = (fd.choice + 1) % n
			}
			return f, miniNone, nil
		case miniPick:
			switch {
			case key.Matches(k, ks.Up):
				fd.cursor = max(0, fd.cursor-1)
			case key.Matches(k, ks.Down):
				fd.cursor = min(len(fd.items)-1, fd.cursor+1)
			case key.Matches(k, ks.Toggle) && len(fd.items) > 0:
				fd.items[fd.cursor].on = !fd.items[fd.cursor].on
			}
			return f, miniNone, nil
		}
	}
	if fd.kind != miniText {
		return f, miniNone, nil
	}
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		var cmd tea.Cmd
		fd.input, cmd = updateInput(fd.input, msg)
		return f, miniNone, cmd
	}
	return f, miniNone, nil
}

func (f *miniForm) syncKeys() {
	k := &f.keys
	kind := f.fields[f.focus].kind
	k.Left.SetEnabled(kind == miniChoice)
	k.Right.SetEnabled(kind == miniChoice)
	k.Up.SetEnabled(kind == miniPick)
	k.Down.SetEnabled(kind == miniPick)
	k.Toggle.SetEnabled(kind == miniPick)
	for _, b := range []*key.Binding{&k.Save, &k.Cancel, &k.Next, &k.Prev} {
		b.SetEnabled(!f.saving)
	}
}

// view draws the form in w x h cells.
func (f miniForm) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	lines := []string{" " + st.Heading.Render(f.title)}
	if f.intro != "" {
		for _, l := range wrapLines(f.intro, w-2, "") {
			lines = append(lines, " "+st.Faint.Render(l))
		}
	}
	lines = append(lines, "")
	indent := strings.Repeat(" ", miniLabelWidth+1)
	focusStart, focusEnd := 0, 0
	for i, fd := range f.fields {
		focused := i == f.focus
		label := " " + st.Label.Render(pad(fd.label, miniLabelWidth))
		if focused {
			label = " " + st.LabelFocused.Render(pad(fd.label, miniLabelWidth))
			focusStart = len(lines)
		}
		switch fd.kind {
		case miniText:
			lines = append(lines, label+fd.input.View())
		case miniChoice:
			val := ""
			if len(fd.choices) > 0 {
				val = journal.SafeLine(fd.choices[fd.choice])
			}
			if focused {
				lines = append(lines, label+st.ValueFocused.Render("‹ "+val+" ›"))
			} else {
				lines = append(lines, label+st.Faint.Render("‹ ")+st.Value.Render(val)+st.Faint.Render(" ›"))
			}
		case miniPick:
			lines = append(lines, f.pickLines(ctx, fd, focused, label, indent, w, h)...)
		}
		if focused && fd.hint != "" {
			for _, l := range wrapLines(fd.hint, w-miniLabelWidth-2, "") {
				lines = append(lines, indent+st.Hint.Render(l))
			}
		}
		if f.err != nil && f.errAt == i {
			for _, l := range wrapLines("⚠ "+journal.SafeLine(journal.ErrorMessage(f.err)), w-miniLabelWidth-2, "  ") {
				lines = append(lines, indent+st.FieldError.Render(l))
			}
		}
		if focused {
			focusEnd = len(lines)
		}
	}
	if f.err != nil && f.errAt < 0 {
		lines = append(lines, "", " "+st.FieldError.Render(journal.SafeLine(journal.ErrorMessage(f.err))))
	}
	if f.saving {
		lines = append(lines, "", " "+st.Muted.Render("Saving…"))
	}
	if focusEnd > h {
		lines = lines[min(focusEnd-h, focusStart):]
	}
	return fitBlock(joinLines(lines), w, h)
}

// pickLines draws a pick field: its items, one a line, scrolled around the
// cursor, at most about half the screen.
func (f miniForm) pickLines(ctx *shared, fd miniField, focused bool, label, indent string, w, h int) []string {
	st := &ctx.styles
	if len(fd.items) == 0 {
		return []string{label + st.Muted.Render("nothing to choose from")}
	}
	rows := len(fd.items)
	if !focused {
		var on []string
		for _, it := range fd.items {
			if it.on {
				on = append(on, journal.SafeLine(it.label))
			}
		}
		text := st.Muted.Render("none chosen")
		if len(on) > 0 {
			text = st.Value.Render(truncateText(strings.Join(on, ", "), w-miniLabelWidth-3))
		}
		return []string{label + text}
	}
	rows = min(rows, max(3, h-8))
	start := max(0, min(fd.cursor-rows/2, len(fd.items)-rows))
	var lines []string
	for i := start; i < start+rows; i++ {
		it := fd.items[i]
		box := "  [ ] "
		if it.on {
			box = "  [x] "
		}
		lead := indent
		if i == start {
			lead = label
		}
		text := box + it.mark + " " + journal.SafeLine(it.label)
		if i == fd.cursor {
			text = "▸" + text[1:]
			lines = append(lines, lead+st.Selected.Render(fitLine(text, w-miniLabelWidth-2)))
			continue
		}
		style := st.Text
		if !it.on {
			style = st.Muted
		}
		lines = append(lines, lead+style.Render(truncateText(text, w-miniLabelWidth-2)))
	}
	return lines
}

// miniFormKeys are the keys of a miniForm.
type miniFormKeys struct {
	Save, Cancel, Next, Prev, Left, Right, Up, Down, Toggle key.Binding
}

func newMiniFormKeys() miniFormKeys {
	return miniFormKeys{
		Save:   bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
		Next:   bind([]string{"tab"}, "tab", "next"),
		Prev:   bind([]string{"shift+tab"}, "shift+tab", "previous"),
		Left:   bind([]string{"left"}, "←", "previous choice"),
		Right:  bind([]string{"right", "space"}, "→", "next choice"),
		Up:     bind([]string{"up", "ctrl+k"}, "↑", "up"),
		Down:   bind([]string{"down", "ctrl+j"}, "↓", "down"),
		Toggle: bind([]string{"space", "x"}, "space", "choose"),
	}
}

// ShortHelp lists the form's keys for the footer.
func (k miniFormKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Save, k.Next, k.Toggle, k.Left, k.Right, k.Cancel}
}

// FullHelp lists every key of the form.
func (k miniFormKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Save, k.Cancel, k.Next, k.Prev}, {k.Left, k.Right, k.Up, k.Down, k.Toggle}}
}
