package ui

import (
	"time"

	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
	"hone/ui/internal/textarea"
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
	starred  bool // marked for supervision in the entry view; kept on edit
	answer   textarea.Model
	drawn    string // answer.View(), kept by fit
}

// formModel is the entry form, for a new entry or an edit. It opens with
// the cursor in the title; tab and shift+tab move between fields; ctrl+s
// saves from any field; esc cancels, asking first when something was typed.
type formModel struct {
	keys    formKeys
	orig    *journal.Entry // the entry being edited; nil for a new one
	date    textinput.Model
	kind    int // index into journal.Kinds
	phase   int
	family  textinput.Model
	title   textinput.Model
	notes   textarea.Model
	ratings ratingField
	refls   []reflectionField
	tags    textinput.Model
	focus   int // index into stops()
	err     error
	errStop stop
	errDate string // the date's text when err was set
	picker  promptPicker
	picking bool
	saving  bool
	initial string // the form's values when it opened, to tell if anything was typed
	width   int
	notesH  int
	answerH int
	labelW  int

	// notesDrawn is notes.View(), kept by notesChanged. While a draw is
	// due (notesDue), keys typed into the notes leave it stale
	// (notesStale) until the notesDrawMsg: a paste that arrives as
	// thousands of keys is drawn a few times, not once per key.
	notesDrawn string
	notesDue   bool
	notesStale bool
	// notesHeld is the text of keys typed while the notes' draw was due,
	// not yet in the notes (typeIntoNotes); every message but such a key
	// puts it in first.
	notesHeld []byte

	// The form's draft (draft.go): its id; whether the journal may hold
	// one (a write of it was started); the snapshot it holds or is being
	// written with; whether its timer runs.
	draftID      string
	draftStored  bool
	draftSnap    string
	draftPending bool
	// draftRefused is set when the draft could not be kept as hone was to
	// quit: quitting again leaves without it.
	draftRefused bool
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
	// MaxHeight stays 0 (fitHeight says why); its default, 99, would also
	// stop enter at the 99th line.
	ta.MaxHeight = 0
	ta.SetStyles(ctx.styles.TextArea)
	// The form owns these keys.
	ta.KeyMap.LinePrevious.SetKeys("up")
	ta.KeyMap.LineNext.SetKeys("down")
	ta.KeyMap.LineEnd.SetKeys("end")
	ta.KeyMap.TransposeCharacterBackward.SetEnabled(false)
	return ta
}

// formMaxLines is the most lines a text field of the form can hold: the
// textarea drops lines past its own limit of 10,000.
const formMaxLines = 9_999

// formCanHold refuses to open the form on an entry whose notes or answers
// have more lines than the form's text fields can hold, since saving would
// cut them. Such an entry can still be read, exported and edited whole
// through a full export and import.
func formCanHold(e *journal.Entry) error {
	if e == nil {
		return nil
	}
	texts := []string{e.Notes}
	for _, r := range e.Reflections {
		texts = append(texts, r.Answer)
	}
	for _, t := range texts {
		if n := strings.Count(t, "\n") + 1; n > formMaxLines {
			return journal.Errorf(journal.EINVALID,
				"this entry has a text of %d lines, more than the form can edit without cutting it (%d); it is left as it is", n, formMaxLines)
		}
	}
	return nil
}

// newForm opens the form: on a copy of msg.entry when editing, or on a new
// entry dated today that starts with the suggested reflection. With
// msg.addReflection an edited entry gets a new reflection for the
// suggested prompt, focused.
func newForm(msg openFormMsg, ctx *shared) (formModel, tea.Cmd) {
	e, s, focusAnswer := msg.entry, msg.suggestion, msg.focusAnswer
	today := ctx.today()
	f := formModel{
		keys:   newFormKeys(),
		date:   newTextInput(ctx, "YYYY-MM-DD, today, yesterday or -Nd", 20),
		family: newTextInput(ctx, "a family code, never a name", journal.MaxFamily),
		title:  newTextInput(ctx, "a short title (private)", journal.MaxTitle),
		tags:   newTextInput(ctx, "words, separated by spaces or commas", 400),
		notes:  newTextArea(ctx, "What happened? What did you try? (Markdown; ctrl+e: your editor)"),
		labelW: labelWidth,
	}
	f.resize(ctx)
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
			rf.starred = r.Starred
			rf.answer.SetValue(r.Answer)
			f.refls = append(f.refls, rf)
		}
	}
	target := stop{field: fieldTitle}
	if e != nil && msg.addReflection && s != nil {
		f.refls = append(f.refls, f.newReflection(ctx, s.prompt.ID, s.prompt.Text, s.why, true))
		target = stop{field: fieldReflection, refl: len(f.refls) - 1}
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
	f.draftID, f.draftSnap = newDraftID(ctx.opts.Now()), f.initial
	if msg.draft != nil {
		f.applyDraft(ctx, msg.draft)
		f.draftSnap = f.snapshot()
		target, focusAnswer = stop{field: fieldNotes}, false
	}
	if focusAnswer && len(f.refls) > 0 && target.field == fieldTitle {
		target = stop{field: fieldReflection}
	}
	cmd := f.focusOn(target) // which fits and draws the text fields too
	f.syncKeys()
	return f, cmd
}

func (f *formModel) newReflection(ctx *shared, id, prompt, why string, shared bool) reflectionField {
	r := reflectionField{promptID: id, prompt: prompt, why: why, shared: shared,
		answer: newTextArea(ctx, "Your answer: a few honest sentences are enough.")}
	r.answer.SetWidth(f.textWidth())
	r.fit(f.answerH, f.textWidth())
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
	var cmd tea.Cmd
	cur := f.current()
	switch cur.field {
	case fieldDate:
		cmd = f.date.Focus()
	case fieldFamily:
		cmd = f.family.Focus()
	case fieldTitle:
		cmd = f.title.Focus()
	case fieldTags:
		cmd = f.tags.Focus()
	case fieldNotes:
		cmd = f.notes.Focus()
	case fieldReflection:
		cmd = f.refls[cur.refl].answer.Focus()
	}
	f.textsChanged()
	return cmd
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
	f.notes.SetWidth(f.textWidth())
	for i := range f.refls {
		f.refls[i].answer.SetWidth(f.textWidth())
	}
	f.textsChanged()
}

// textWidth is the width of the notes and the answers, prompt included.
func (f formModel) textWidth() int { return max(11, f.width-f.labelW-1) }

// The notes and the answers grow with their text from their smallest
// height to the largest the screen allows, then scroll.
const (
	notesMinH  = 3
	answerMinH = 2
)

// The form draws the notes and the answers when they change, not on every
// frame: drawing a long text costs milliseconds, and a key changes at most
// the field with the focus.

// notesChanged fits the notes' height to their text and draws them.
func (f *formModel) notesChanged() {
	f.notesStale = false
	fitHeight(&f.notes, notesMinH, f.notesH, f.textWidth())
	f.notesDrawn = f.notes.View()
}

// notesDrawDelay is how long keys typed into the notes may go undrawn
// after a drawn one: less than a frame or two, so that typing is drawn at
// once and a paste of keys in a burst is drawn every few milliseconds.
const notesDrawDelay = 15 * time.Millisecond

// notesDrawMsg says the notes are due to be drawn again.
type notesDrawMsg struct{}

// notesTyped fits the notes' height after a key and draws them, unless
// they were drawn less than notesDrawDelay ago: then the draw waits for
// the notesDrawMsg it returns a command for.
func (f *formModel) notesTyped() tea.Cmd {
	if f.notesDue {
		f.notesStale = true
		return nil
	}
	f.notesChanged()
	f.notesDue = true
	return tea.Tick(notesDrawDelay, func(time.Time) tea.Msg { return notesDrawMsg{} })
}

// notesDrawNow draws the notes if keys left them stale.
func (f *formModel) notesDrawNow() {
	f.flushNotes()
	f.notesDue = false
	if f.notesStale {
		f.notesChanged()
	}
}

// answerChanged fits answer i's height to its text and draws it.
func (f *formModel) answerChanged(i int) { f.refls[i].fit(f.answerH, f.textWidth()) }

// fit fits the answer's height to its text, up to hi rows, and draws it.
func (r *reflectionField) fit(hi, width int) {
	fitHeight(&r.answer, answerMinH, hi, width)
	r.drawn = r.answer.View()
}

// textsChanged fits and draws the notes and all the answers.
func (f *formModel) textsChanged() {
	f.notesChanged()
	for i := range f.refls {
		f.answerChanged(i)
	}
}

// fitHeight sets a text field's height to the rows its text takes, soft
// wrapped, from lo to hi. The textarea can do this itself (DynamicHeight
// with MaxHeight), but then its Update swaps its cache of wrapped lines for
// one that holds MaxHeight lines, and a long text is wrapped again, line by
// line, several times per key. So the form keeps MaxHeight at 0 and
// DynamicHeight off, and fits the height here. Text of hi lines or more
// takes hi rows, uncounted, as long as the view cannot be scrolled past
// its end; otherwise the textarea counts the rows: SetWidth, called with
// DynamicHeight on, fits its height to the text and scrolls a view that
// went past the end (text deleted there) back to it.
func fitHeight(ta *textarea.Model, lo, hi, width int) {
	hi = max(lo, hi)
	if n := ta.LineCount(); n >= hi && ta.ScrollYOffset() <= n-hi {
		if ta.Height() != hi {
			ta.SetHeight(hi)
		}
		return
	}
	ta.DynamicHeight, ta.MinHeight, ta.MaxHeight = true, lo, hi
	ta.SetWidth(width)
	ta.DynamicHeight, ta.MaxHeight = false, 0
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
	// A reflection counts once it has an answer: a suggested prompt nobody
	// answered is no text to lose.
	for _, r := range f.refls {
		if r.answer.Value() != "" {
			b.WriteString(r.prompt + "\x00" + r.answer.Value() + "\x00" + strconv.FormatBool(r.shared) + "\x00")
		}
	}
	return b.String()
}

// dirty reports whether anything was typed or changed since the form opened.
func (f formModel) dirty() bool { return f.snapshot() != f.initial }

func (f *formModel) restyle(ctx *shared) {
	for _, ti := range []*textinput.Model{&f.date, &f.family, &f.title, &f.tags} {
		ti.SetStyles(ctx.styles.TextInput)
	}
	f.notes.SetStyles(ctx.styles.TextArea)
	for i := range f.refls {
		f.refls[i].answer.SetStyles(ctx.styles.TextArea)
	}
	f.textsChanged()
	if f.picking {
		f.picker.filter.SetStyles(ctx.styles.TextInput)
	}
}
