package ui

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Saving the form: build the entry, validate it with the rules every way
// into the journal shares, show problems next to their field, ask about
// privacy warnings, then save in a command.

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
			PromptID: r.promptID, Prompt: r.prompt, Answer: r.answer.Value(), Shared: r.shared, Starred: r.starred})
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
	return f, ctx.write(saveEntry(ctx.svc.Entries, e, f.draftID, ctx.opts.Log))
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
	f.errDate = f.date.Value()
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
