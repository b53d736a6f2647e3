package ui

import (
	"strings"
	"unicode/utf8"

	"hone/journal"

	"github.com/charmbracelet/x/ansi"
)

// phaseName is a Wraparound phase as the form shows it.
func phaseName(p int) string {
	switch p {
	case 1:
		return "1 engagement"
	case 2:
		return "2 planning"
	case 3:
		return "3 implementation"
	case 4:
		return "4 transition"
	}
	return "none"
}

// formLines collects the form's lines and where the focused field's lines
// start and end, so that the view can scroll it into sight.
type formLines struct {
	lines      []string
	focusStart int
	focusEnd   int
}

func (fl *formLines) add(focused bool, ls ...string) {
	if focused {
		fl.focusStart = len(fl.lines)
		fl.focusEnd = len(fl.lines) + len(ls)
	}
	fl.lines = append(fl.lines, ls...)
}

// view draws the form in w x h cells, scrolled so the focused field shows.
func (f formModel) view(ctx *shared, w, h int) string {
	if f.picking {
		return f.picker.view(ctx, w, h)
	}
	st := &ctx.styles
	cur := f.current()
	is := func(field fieldID) bool { return cur.field == field }
	label := func(name string, focused bool) string {
		if focused {
			return " " + st.LabelFocused.Render(pad(name, f.labelW))
		}
		return " " + st.Label.Render(pad(name, f.labelW))
	}
	indent := strings.Repeat(" ", f.labelW+1)
	selector := func(text string, focused bool) string {
		if focused {
			return st.ValueFocused.Render("‹ " + text + " ›")
		}
		return st.Faint.Render("‹ ") + st.Value.Render(text) + st.Faint.Render(" ›")
	}
	var fl formLines
	errLine := func(s stop) {
		if f.err != nil && f.errStop == s {
			for _, l := range wrapLines("⚠ "+journal.SafeLine(journal.ErrorMessage(f.err)), w-f.labelW-2, "  ") {
				fl.add(false, indent+st.FieldError.Render(l))
			}
		}
	}

	// Date and kind share a line, as do phase and family, where the
	// screen is wide enough.
	dateHint := ""
	if d, err := journal.ParseDay(f.date.Value(), ctx.today()); err == nil {
		dateHint = st.Hint.Render(d.Time().Format("Mon 2 Jan"))
	} else {
		dateHint = st.FieldError.Render("not a date")
	}
	inline := func(name string, width int, focused bool) string {
		if focused {
			return st.LabelFocused.Render(pad(name, width))
		}
		return st.Label.Render(pad(name, width))
	}
	kind := selector(string(journal.Kinds[f.kind]), is(fieldKind))
	date := label("Date", is(fieldDate)) + fitLine(f.date.View(), 12) + " " + fitLine(dateHint, 10)
	kindWidth := 0 // the widest kind's selector
	for _, k := range journal.Kinds {
		kindWidth = max(kindWidth, utf8.RuneCountInString(string(k))+4)
	}
	if ansi.StringWidth(date)+3+8+kindWidth <= w {
		fl.add(is(fieldDate) || is(fieldKind), date+"   "+inline("Kind", 8, is(fieldKind))+kind)
		errLine(stop{field: fieldDate})
		errLine(stop{field: fieldKind})
		line := label("Phase", is(fieldPhase)) + fitLine(selector(phaseName(f.phase), is(fieldPhase)), 25) + " " +
			inline("Family", 8, is(fieldFamily)) + f.family.View()
		fl.add(is(fieldPhase) || is(fieldFamily), line)
		errLine(stop{field: fieldPhase})
		errLine(stop{field: fieldFamily})
	} else {
		// Too narrow for two fields a line: one each, nothing cut.
		fl.add(is(fieldDate), date)
		errLine(stop{field: fieldDate})
		fl.add(is(fieldKind), label("Kind", is(fieldKind))+kind)
		errLine(stop{field: fieldKind})
		fl.add(is(fieldPhase), label("Phase", is(fieldPhase))+selector(phaseName(f.phase), is(fieldPhase)))
		errLine(stop{field: fieldPhase})
		fl.add(is(fieldFamily), label("Family", is(fieldFamily))+f.family.View())
		errLine(stop{field: fieldFamily})
	}

	fl.add(is(fieldTitle), label("Title", is(fieldTitle))+f.title.View())
	if utf8.RuneCountInString(f.title.Value()) >= journal.MaxTitle {
		// The field takes no more: say so, rather than drop keys unseen.
		fl.add(is(fieldTitle), indent+st.Hint.Render(itoa(journal.MaxTitle)+" characters, the most a title holds: the rest belongs in the notes."))
	}
	errLine(stop{field: fieldTitle})

	fl.lines = append(fl.lines, "")
	notes := strings.Split(f.notesDrawn, "\n")
	notes[0] = label("Notes", is(fieldNotes)) + notes[0]
	for i := 1; i < len(notes); i++ {
		notes[i] = indent + notes[i]
	}
	fl.add(is(fieldNotes), notes...)
	errLine(stop{field: fieldNotes})

	fl.lines = append(fl.lines, "")
	rl := f.ratings.view(ctx, w-f.labelW-1, h, is(fieldRatings))
	rl[0] = label("Ratings", is(fieldRatings)) + rl[0]
	for i := 1; i < len(rl); i++ {
		rl[i] = indent + rl[i]
	}
	fl.add(is(fieldRatings), rl...)
	errLine(stop{field: fieldRatings})

	for i, r := range f.refls {
		s := stop{field: fieldReflection, refl: i}
		focused := cur == s
		name := "Reflect"
		if len(f.refls) > 1 {
			name += " " + itoa(i+1)
		}
		var ls []string
		ls = append(ls, "")
		prompt := wrapLines(journal.SafeLine(r.prompt), w-f.labelW-4, "")
		if len(prompt) > 3 {
			prompt = append(prompt[:2], truncateText(prompt[2]+" "+prompt[3], w-f.labelW-4))
		}
		for j, l := range prompt {
			lead := indent
			if j == 0 {
				lead = label(name, focused)
			}
			ls = append(ls, lead+st.Key.Render("│ ")+st.Quote.Render(l))
		}
		if r.why != "" {
			ls = append(ls, indent+st.Faint.Render(truncateText(journal.SafeLine(r.why), w-f.labelW-2)))
		}
		for _, l := range strings.Split(r.drawn, "\n") {
			ls = append(ls, indent+l)
		}
		who := "shared with your coach"
		if !r.shared {
			who = "private: stays on this machine"
		}
		if focused {
			who += "  (ctrl+o changes)"
		}
		ls = append(ls, indent+st.Faint.Render(who))
		fl.add(focused, ls...)
		errLine(s)
	}
	if len(f.refls) == 0 {
		fl.lines = append(fl.lines, "", label("Reflect", false)+st.Muted.Render("ctrl+r adds a reflection prompt"))
	}

	fl.lines = append(fl.lines, "")
	fl.add(is(fieldTags), label("Tags", is(fieldTags))+f.tags.View())
	errLine(stop{field: fieldTags})

	if f.err != nil && f.errStop == (stop{}) && f.current() != (stop{}) {
		fl.lines = append(fl.lines, "", " "+st.FieldError.Render(journal.SafeLine(journal.ErrorMessage(f.err))))
	}
	if f.saving {
		fl.lines = append(fl.lines, "", " "+st.Muted.Render("Saving…"))
	}

	// Scroll so the focused field (and its error) is in sight.
	offset := 0
	if end := fl.focusEnd + 1; end > h {
		offset = min(end-h, fl.focusStart)
	}
	if offset > 0 {
		fl.lines = fl.lines[offset:]
	}
	return fitBlock(strings.Join(fl.lines, "\n"), w, h)
}
