package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// fieldID names a field of the entry form.
type fieldID int

const (
	fieldDate fieldID = iota
	fieldKind
	fieldPhase
	fieldFamily
	fieldTitle
	fieldNotes
	fieldRatings
	fieldReflection
	fieldTags
)

// stop is one place the focus can be: a field, and for reflections which.
type stop struct {
	field fieldID
	refl  int
}

// reflectionField is one reflection being written.
type reflectionField struct {
	promptID string
	prompt   string
	why      string
	shared   bool
	answer   textarea.Model
}

// formModel is the entry form, for a new entry or an edit. It opens with
// the cursor in the title; tab and shift+tab move between fields; ctrl+s
// saves from any field; esc cancels, asking first when something was typed.
type formModel struct {
	keys     formKeys
	orig     *journal.Entry // the entry being edited; nil for a new one
	date     textinput.Model
	kind     int // index into journal.Kinds
	phase    int
	family   textinput.Model
	title    textinput.Model
	notes    textarea.Model
	ratings  ratingField
	refls    []reflectionField
	tags     textinput.Model
	focus    int // index into stops()
	err      error
	errStop  stop
	picker   promptPicker
	picking  bool
	saving   bool
	initial  string // the form's values when it opened, to tell if anything was typed
	width    int
	notesH   int
	answerH  int
	labelW   int
	editorOn stop // the field the editor is working on
}

const labelWidth = 10

func newTextInput(ctx *shared, placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.SetStyles(ctx.styles.TextInput)
	return ti
}

func newTextArea(ctx *shared, placeholder string) textarea.Model {
	ta := textarea.New()
	ta.Placeholder = placeholder
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 0
	// The field grows with its text up to MaxHeight lines (set by resize),
	// then scrolls; MaxContentHeight lifts the textarea's default limit on
	// the number of lines.
	ta.DynamicHeight = true
	ta.MaxContentHeight = 1 << 30
	ta.SetStyles(ctx.styles.TextArea)
	// The form owns these keys.
	ta.KeyMap.LinePrevious.SetKeys("up")
	ta.KeyMap.LineNext.SetKeys("down")
	ta.KeyMap.LineEnd.SetKeys("end")
	ta.KeyMap.TransposeCharacterBackward.SetEnabled(false)
	return ta
}

// newForm opens the form: on a copy of e when editing, or on a new entry
// dated today that starts with the suggested reflection.
func newForm(e *journal.Entry, s *suggestion, ctx *shared, focusAnswer bool) (formModel, tea.Cmd) {
	today := ctx.today()
	f := formModel{
		keys:   newFormKeys(),
		date:   newTextInput(ctx, "YYYY-MM-DD, today, yesterday or -Nd", 20),
		family: newTextInput(ctx, "a family code, never a name", journal.MaxFamily),
		title:  newTextInput(ctx, "a short title (private)", journal.MaxTitle),
		tags:   newTextInput(ctx, "words, separated by spaces or commas", 400),
		notes:  newTextArea(ctx, "What happened? What did you try, and how did it land? (Markdown; ctrl+e opens your editor)"),
		labelW: labelWidth,
	}
	if e == nil {
		f.date.SetValue(today.String())
		f.ratings = newRatingField(&ctx.data, nil)
	} else {
		f.orig = e
		f.date.SetValue(e.Date.String())
		f.kind = max(0, slices.Index(journal.Kinds, e.Kind))
		f.phase = e.Phase
		f.family.SetValue(e.Family)
		f.title.SetValue(e.Title)
		f.notes.SetValue(e.Notes)
		f.tags.SetValue(strings.Join(e.Tags, " "))
		f.ratings = newRatingField(&ctx.data, e.Ratings)
		for _, r := range e.Reflections {
			rf := f.newReflection(ctx, r.PromptID, r.Prompt, "", r.Shared)
			rf.answer.SetValue(r.Answer)
			f.refls = append(f.refls, rf)
		}
	}
	if len(f.refls) == 0 {
		if s == nil {
			if ss := suggestions(&ctx.data, ctx.prompts, today); len(ss) > 0 {
				s = &ss[0]
			}
		}
		if s != nil {
			f.refls = append(f.refls, f.newReflection(ctx, s.prompt.ID, s.prompt.Text, s.why, true))
		}
	}
	f.initial = f.snapshot()
	f.resize(ctx)
	target := stop{field: fieldTitle}
	if focusAnswer && len(f.refls) > 0 {
		target = stop{field: fieldReflection}
	}
	return f, f.focusOn(target)
}

func (f *formModel) newReflection(ctx *shared, id, prompt, why string, shared bool) reflectionField {
	r := reflectionField{promptID: id, prompt: prompt, why: why, shared: shared,
		answer: newTextArea(ctx, "Your answer: a few honest sentences are enough.")}
	r.answer.MinHeight, r.answer.MaxHeight = 2, max(2, f.answerH)
	r.answer.SetWidth(max(10, f.width-f.labelW-1))
	return r
}

// heading is the form's name in the tab bar.
func (f formModel) heading() string {
	if f.orig != nil {
		return "Edit entry"
	}
	return "New entry"
}

// stops lists the focus stops in order.
func (f formModel) stops() []stop {
	s := []stop{{field: fieldDate}, {field: fieldKind}, {field: fieldPhase}, {field: fieldFamily},
		{field: fieldTitle}, {field: fieldNotes}, {field: fieldRatings}}
	for i := range f.refls {
		s = append(s, stop{field: fieldReflection, refl: i})
	}
	return append(s, stop{field: fieldTags})
}

func (f formModel) current() stop {
	s := f.stops()
	return s[min(f.focus, len(s)-1)]
}

// focusOn moves the focus to a stop (or the nearest one) and returns the
// command that starts its cursor.
func (f *formModel) focusOn(target stop) tea.Cmd {
	stops := f.stops()
	f.focus = slices.Index(stops, target)
	if f.focus < 0 {
		f.focus = max(0, slices.IndexFunc(stops, func(s stop) bool { return s.field == target.field }))
	}
	return f.applyFocus()
}

// applyFocus focuses the component of the current stop and blurs the rest.
func (f *formModel) applyFocus() tea.Cmd {
	f.date.Blur()
	f.family.Blur()
	f.title.Blur()
	f.tags.Blur()
	f.notes.Blur()
	for i := range f.refls {
		f.refls[i].answer.Blur()
	}
	cur := f.current()
	switch cur.field {
	case fieldDate:
		return f.date.Focus()
	case fieldFamily:
		return f.family.Focus()
	case fieldTitle:
		return f.title.Focus()
	case fieldTags:
		return f.tags.Focus()
	case fieldNotes:
		return f.notes.Focus()
	case fieldReflection:
		return f.refls[cur.refl].answer.Focus()
	}
	return nil
}

// resize fits the fields to the screen.
func (f *formModel) resize(ctx *shared) {
	f.width = ctx.width
	h := ctx.bodyHeight()
	// At 24 rows everything fits with the fields at their smallest; taller
	// screens let them grow further.
	f.notesH = max(4, min(14, (h-20)/2+4))
	f.answerH = max(3, min(10, (h-20)/3+3))
	iw := max(10, ctx.width-f.labelW-2)
	f.date.SetWidth(10)
	f.family.SetWidth(min(iw, journal.MaxFamily+1))
	f.title.SetWidth(iw)
	f.tags.SetWidth(iw)
	f.notes.MinHeight, f.notes.MaxHeight = 3, f.notesH
	f.notes.SetWidth(iw + 1) // and fits the height to the text
	for i := range f.refls {
		a := &f.refls[i].answer
		a.MinHeight, a.MaxHeight = 2, f.answerH
		a.SetWidth(iw + 1)
	}
}

// snapshot is the form's values as one string, to tell whether anything
// changed since it opened.
func (f formModel) snapshot() string {
	var b strings.Builder
	for _, s := range []string{f.date.Value(), strconv.Itoa(f.kind), strconv.Itoa(f.phase), f.family.Value(),
		f.title.Value(), f.notes.Value(), f.tags.Value(), f.ratings.summary()} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	for _, r := range f.refls {
		b.WriteString(r.prompt + "\x00" + r.answer.Value() + "\x00" + strconv.FormatBool(r.shared) + "\x00")
	}
	return b.String()
}

// dirty reports whether anything was typed or changed since the form opened.
func (f formModel) dirty() bool { return f.snapshot() != f.initial }

// saveConfirmedMsg is sent when the user chose to save despite privacy
// warnings.
type saveConfirmedMsg struct{}

func (f formModel) update(msg tea.Msg, ctx *shared) (formModel, tea.Cmd) {
	f, cmd := f.handle(msg, ctx)
	f.syncKeys()
	return f, cmd
}

func (f formModel) handle(msg tea.Msg, ctx *shared) (formModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.resize(ctx)
		return f, nil
	case restyledMsg:
		f.restyle(ctx)
		return f, nil
	case savedMsg:
		f.saving = false
		f.setError(msg.err)
		return f, f.applyFocus()
	case saveConfirmedMsg:
		return f.save(ctx, false)
	case editorFileMsg, editorExitMsg, editorDoneMsg:
		return f.editorUpdate(msg, ctx)
	case tea.KeyPressMsg:
		if f.saving {
			return f, nil
		}
		return f.handleKey(msg, ctx)
	}
	if f.picking {
		var chosen *suggestion
		var done bool
		var cmd tea.Cmd
		f.picker, chosen, done, cmd = f.picker.update(msg, f.keys)
		if done {
			return f.closePicker(ctx, chosen)
		}
		return f, cmd
	}
	return f.updateFocused(msg)
}

func (f formModel) handleKey(msg tea.KeyPressMsg, ctx *shared) (formModel, tea.Cmd) {
	k := f.keys
	if f.picking {
		p, chosen, done, cmd := f.picker.update(msg, k)
		f.picker = p
		if done {
			return f.closePicker(ctx, chosen)
		}
		return f, cmd
	}
	cur := f.current()
	switch {
	case key.Matches(msg, k.Save):
		return f.save(ctx, true)
	case key.Matches(msg, k.Cancel):
		if f.dirty() {
			what := "this new entry"
			if f.orig != nil {
				what = "your changes"
			}
			return f, ask("Discard "+what+"? (y/n)", closeFormMsg{})
		}
		return f, send(closeFormMsg{})
	case key.Matches(msg, k.Next):
		f.focus = (f.focus + 1) % len(f.stops())
		return f, f.applyFocus()
	case key.Matches(msg, k.Prev):
		n := len(f.stops())
		f.focus = (f.focus + n - 1) % n
		return f, f.applyFocus()
	case key.Matches(msg, k.Editor) && (cur.field == fieldNotes || cur.field == fieldReflection):
		return f, f.openEditor(ctx, cur)
	case key.Matches(msg, k.PickPrompt):
		target := 0
		if cur.field == fieldReflection {
			target = cur.refl
		}
		if len(f.refls) == 0 {
			target = 0
		}
		return f.openPicker(ctx, target)
	case key.Matches(msg, k.AddReflection):
		return f.openPicker(ctx, len(f.refls))
	case key.Matches(msg, k.Share) && cur.field == fieldReflection:
		f.refls[cur.refl].shared = !f.refls[cur.refl].shared
		return f, nil
	case key.Matches(msg, k.RemoveReflection) && cur.field == fieldReflection:
		f.refls = slices.Delete(f.refls, cur.refl, cur.refl+1)
		f.focus = min(f.focus, len(f.stops())-1)
		return f, f.applyFocus()
	}
	switch cur.field {
	case fieldKind:
		switch msg.String() {
		case "left", "h":
			f.kind = (f.kind + len(journal.Kinds) - 1) % len(journal.Kinds)
		case "right", "l", "space":
			f.kind = (f.kind + 1) % len(journal.Kinds)
		case "enter":
			return f.next()
		default:
			// A letter jumps to the next kind that starts with it.
			if r := msg.Text; len(r) == 1 {
				for i := 1; i <= len(journal.Kinds); i++ {
					j := (f.kind + i) % len(journal.Kinds)
					if strings.HasPrefix(string(journal.Kinds[j]), r) {
						f.kind = j
						break
					}
				}
			}
		}
		return f, nil
	case fieldPhase:
		switch s := msg.String(); {
		case s == "left" || s == "h":
			f.phase = (f.phase + journal.MaxPhase) % (journal.MaxPhase + 1)
		case s == "right" || s == "l" || s == "space":
			f.phase = (f.phase + 1) % (journal.MaxPhase + 1)
		case len(s) == 1 && s[0] >= '0' && s[0] <= '4':
			f.phase = int(s[0] - '0')
		case s == "enter":
			return f.next()
		}
		return f, nil
	case fieldRatings:
		if msg.String() == "enter" {
			return f.next()
		}
		f.ratings, _ = f.ratings.update(msg, k, ratingCols(f.width-f.labelW-1))
		return f, nil
	case fieldDate, fieldFamily, fieldTitle, fieldTags:
		if msg.String() == "enter" {
			return f.next()
		}
	}
	return f.updateFocused(msg)
}

func (f formModel) next() (formModel, tea.Cmd) {
	f.focus = (f.focus + 1) % len(f.stops())
	return f, f.applyFocus()
}

// updateFocused hands a message to the focused text component.
func (f formModel) updateFocused(msg tea.Msg) (formModel, tea.Cmd) {
	var cmd tea.Cmd
	cur := f.current()
	switch cur.field {
	case fieldDate:
		f.date, cmd = f.date.Update(msg)
	case fieldFamily:
		f.family, cmd = f.family.Update(msg)
	case fieldTitle:
		f.title, cmd = f.title.Update(msg)
	case fieldTags:
		f.tags, cmd = f.tags.Update(msg)
	case fieldNotes:
		f.notes, cmd = f.notes.Update(msg)
	case fieldReflection:
		f.refls[cur.refl].answer, cmd = f.refls[cur.refl].answer.Update(msg)
	}
	return f, cmd
}

func (f formModel) openPicker(ctx *shared, target int) (formModel, tea.Cmd) {
	var cmd tea.Cmd
	f.picker, cmd = newPromptPicker(ctx, target)
	f.picking = true
	return f, cmd
}

// closePicker puts the chosen prompt into its reflection.
func (f formModel) closePicker(ctx *shared, chosen *suggestion) (formModel, tea.Cmd) {
	f.picking = false
	if chosen == nil {
		return f, f.applyFocus()
	}
	t := f.picker.target
	if t >= len(f.refls) {
		rf := f.newReflection(ctx, chosen.prompt.ID, chosen.prompt.Text, chosen.why, true)
		f.refls = append(f.refls, rf)
		t = len(f.refls) - 1
	} else {
		r := &f.refls[t]
		r.promptID, r.prompt, r.why = chosen.prompt.ID, chosen.prompt.Text, chosen.why
	}
	return f, f.focusOn(stop{field: fieldReflection, refl: t})
}

func (f *formModel) restyle(ctx *shared) {
	for _, ti := range []*textinput.Model{&f.date, &f.family, &f.title, &f.tags} {
		ti.SetStyles(ctx.styles.TextInput)
	}
	f.notes.SetStyles(ctx.styles.TextArea)
	for i := range f.refls {
		f.refls[i].answer.SetStyles(ctx.styles.TextArea)
	}
	if f.picking {
		f.picker.filter.SetStyles(ctx.styles.TextInput)
	}
}

// entry builds the entry the form holds, normalized and validated. Empty
// reflections (no answer) are left out.
func (f formModel) entry(ctx *shared) (*journal.Entry, error) {
	today := ctx.today()
	e := &journal.Entry{}
	if f.orig != nil {
		e.ID, e.Created, e.Updated = f.orig.ID, f.orig.Created, f.orig.Updated
	}
	d, err := journal.ParseDay(f.date.Value(), today)
	if err != nil {
		return nil, journal.Invalid("date", "%s", journal.ErrorMessage(err))
	}
	e.Date = d
	e.Kind = journal.Kinds[f.kind]
	e.Phase = f.phase
	e.Family = f.family.Value()
	e.Title = f.title.Value()
	e.Notes = f.notes.Value()
	e.Ratings = f.ratings.ratings()
	for _, r := range f.refls {
		if strings.TrimSpace(r.answer.Value()) == "" {
			continue
		}
		e.Reflections = append(e.Reflections, journal.Reflection{
			PromptID: r.promptID, Prompt: r.prompt, Answer: r.answer.Value(), Shared: r.shared})
	}
	e.Tags = splitTags(f.tags.Value())
	e.Normalize()
	if err := e.Validate(ctx.data.catalog, today); err != nil {
		return nil, err
	}
	return e, nil
}

// splitTags reads tags separated by spaces or commas.
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// save validates the form and saves it in a command; with warn, privacy
// warnings are shown first and the user asked whether to save anyway.
func (f formModel) save(ctx *shared, warn bool) (formModel, tea.Cmd) {
	e, err := f.entry(ctx)
	if err != nil {
		f.setError(err)
		return f, f.focusOn(f.errStop)
	}
	f.err = nil
	if warn && ctx.opts.Warn != nil {
		if ws := ctx.opts.Warn(e); len(ws) > 0 {
			return f, ask("This entry may identify a family. Save anyway? (y/n)", saveConfirmedMsg{}, ws...)
		}
	}
	f.saving = true
	return f, saveEntry(ctx.svc.Entries, e, ctx.opts.Log)
}

// setError shows err next to the field it names.
func (f *formModel) setError(err error) {
	f.err = err
	if err == nil {
		return
	}
	var je *journal.Error
	if !errors.As(err, &je) {
		f.errStop = f.current()
		return
	}
	f.errStop = stopFor(je.Field, f.refls)
}

// stopFor maps a validation error's field name to the form's stop.
func stopFor(field string, refls []reflectionField) stop {
	switch {
	case field == "date":
		return stop{field: fieldDate}
	case field == "kind":
		return stop{field: fieldKind}
	case field == "phase":
		return stop{field: fieldPhase}
	case field == "family":
		return stop{field: fieldFamily}
	case field == "title":
		return stop{field: fieldTitle}
	case field == "notes":
		return stop{field: fieldNotes}
	case field == "rating":
		return stop{field: fieldRatings}
	case field == "tag":
		return stop{field: fieldTags}
	case strings.HasPrefix(field, "reflection "):
		// "reflection 2 answer" counts the reflections that have an answer.
		n, _ := strconv.Atoi(strings.Fields(field)[1])
		seen := 0
		for i, r := range refls {
			if strings.TrimSpace(r.answer.Value()) != "" {
				seen++
				if seen == n {
					return stop{field: fieldReflection, refl: i}
				}
			}
		}
	}
	return stop{field: fieldTitle}
}

// syncKeys enables the form keys that apply to the focused field.
func (f *formModel) syncKeys() {
	k := &f.keys
	cur := f.current()
	picking := f.picking
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Save, &k.Cancel, &k.AddReflection} {
		b.SetEnabled(!picking)
	}
	k.Editor.SetEnabled(!picking && (cur.field == fieldNotes || cur.field == fieldReflection))
	k.Cycle.SetEnabled(!picking && (cur.field == fieldKind || cur.field == fieldPhase))
	rating := !picking && cur.field == fieldRatings
	k.Rate.SetEnabled(rating)
	k.Clear.SetEnabled(rating)
	k.Move.SetEnabled(rating)
	k.PickPrompt.SetEnabled(!picking && cur.field == fieldReflection)
	k.Share.SetEnabled(!picking && cur.field == fieldReflection)
	k.RemoveReflection.SetEnabled(!picking && cur.field == fieldReflection)
	for _, b := range []*key.Binding{&k.PickerUp, &k.PickerDown, &k.PickerChoose, &k.PickerCancel} {
		b.SetEnabled(picking)
	}
}
