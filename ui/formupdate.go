package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// The form's message handling: keys move between fields, change kind,
// phase and ratings, or go to the focused text field; the prompt picker
// and the editor take over while they are open.

// saveConfirmedMsg is sent when the user chose to save despite privacy
// warnings.
type saveConfirmedMsg struct{}

func (f formModel) update(msg tea.Msg, ctx *shared) (formModel, tea.Cmd) {
	f, cmd := f.handle(msg, ctx)
	f.syncKeys()
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseMsg, editorDoneMsg:
		// Input may have changed the text: keep the draft soon.
		if t := f.draftTimer(ctx); t != nil {
			cmd = tea.Batch(cmd, t)
		}
	}
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
		return f, f.focusOn(f.errStop)
	case insightsMsg:
		// The catalog may arrive after the form opened: rate with it, keeping
		// the ratings made and the skill under the cursor.
		var at string
		if f.ratings.cursor < len(f.ratings.skills) {
			at = f.ratings.skills[f.ratings.cursor].ID
		}
		f.ratings = newRatingField(&ctx.data, f.ratings.values)
		f.ratings.cursor = max(0, slices.IndexFunc(f.ratings.skills, func(s journal.Skill) bool { return s.ID == at }))
		return f, nil
	case promptsMsg:
		if f.orig == nil && len(f.refls) == 0 {
			if ss := suggestions(&ctx.data, ctx.prompts, ctx.today()); len(ss) > 0 {
				f.refls = append(f.refls, f.newReflection(ctx, ss[0].prompt.ID, ss[0].prompt.Text, ss[0].why, true))
			}
		}
		return f, nil
	case saveConfirmedMsg:
		return f.save(ctx, false)
	case notesDrawMsg:
		f.notesDrawNow()
		return f, nil
	case draftTickMsg, draftSavedMsg:
		return f.draftUpdate(msg, ctx)
	case editorFileMsg, editorExitMsg, editorDoneMsg, editorRemovedMsg, editorConfirmedMsg:
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
		return f, ctx.post(closeFormMsg{})
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
		cols, _ := f.ratings.layout(f.width - f.labelW - 1)
		f.ratings, _ = f.ratings.update(msg, k, cols)
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
		f.date, cmd = updateInput(f.date, msg)
		f.dateTyped()
	case fieldFamily:
		f.family, cmd = updateInput(f.family, msg)
	case fieldTitle:
		f.title, cmd = updateInput(f.title, msg)
	case fieldTags:
		f.tags, cmd = updateInput(f.tags, msg)
	case fieldNotes:
		f.notes, cmd = f.notes.Update(msg)
		if _, key := msg.(tea.KeyPressMsg); key {
			cmd = tea.Batch(cmd, f.notesTyped())
		} else {
			f.notesChanged()
		}
	case fieldReflection:
		f.refls[cur.refl].answer, cmd = f.refls[cur.refl].answer.Update(msg)
		f.answerChanged(cur.refl)
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
	k.Clear.SetEnabled(rating && f.ratings.rated())
	k.Move.SetEnabled(rating)
	k.Jump.SetEnabled(rating)
	k.PickPrompt.SetEnabled(!picking && cur.field == fieldReflection)
	k.Share.SetEnabled(!picking && cur.field == fieldReflection)
	k.RemoveReflection.SetEnabled(!picking && cur.field == fieldReflection)
	for _, b := range []*key.Binding{&k.PickerUp, &k.PickerDown, &k.PickerChoose, &k.PickerCancel} {
		b.SetEnabled(picking)
	}
}

// dateTyped takes away the date's error of the last save once the date
// was changed: the inline hint beside it says whether the new one reads.
func (f *formModel) dateTyped() {
	if f.err != nil && f.errStop.field == fieldDate && f.date.Value() != f.errDate {
		f.err = nil
	}
}
