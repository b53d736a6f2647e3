package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"

	"hone/journal"
)

// entryView shows one entry, its notes rendered as Markdown. The Markdown
// is rendered once in a command when the entry opens (and again only when
// the width or the styles change), never per frame; the rest of the page
// is cheap and drawn again when a reflection is starred or selected.
type entryView struct {
	keys     entryKeys
	entry    *journal.Entry
	vp       viewport.Model // keeps the scroll position over lines
	lines    []string       // the page laid out, one element a screen line
	rendered int            // the width of the notes' render; 0 while it is on its way
	notes    string         // the notes rendered as Markdown
	sel      int            // the selected reflection, which * stars
	starring bool           // a star is being saved
	marks    []int          // the line of each reflection's heading
}

// renderedMsg carries an entry's notes rendered as Markdown.
type renderedMsg struct {
	id    string
	width int
	notes string
}

// starredMsg reports a reflection starred or unstarred for supervision. The
// root model shows it in the status line and reloads what it changed.
type starredMsg struct {
	entry *journal.Entry
	refl  int
	err   error
}

func newEntryView(e *journal.Entry, ctx *shared) (entryView, tea.Cmd) {
	vp := viewport.New(viewport.WithWidth(ctx.width), viewport.WithHeight(ctx.bodyHeight()))
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	v := entryView{keys: newEntryKeys(), entry: e, vp: vp}
	v.syncKeys()
	return v, v.renderCmd(ctx)
}

func (v entryView) id() string {
	if v.entry == nil {
		return ""
	}
	return v.entry.ID
}

// renderCmd renders the entry's notes for the current width in a command.
func (v entryView) renderCmd(ctx *shared) tea.Cmd {
	e, st, w := v.entry, ctx.styles, ctx.width
	return func() tea.Msg {
		return renderedMsg{id: e.ID, width: w, notes: renderNotes(e, &st, w)}
	}
}

// compose lays the page out again from the rendered notes.
func (v *entryView) compose(ctx *shared) {
	content, marks := renderEntry(v.entry, ctx.data.catalog, &ctx.styles, v.rendered, v.notes, v.sel)
	v.lines = strings.Split(content, "\n")
	// A row is kept for the hint that more is below (scrollView), so the
	// viewport scrolls through one row less when the page is longer.
	v.vp.SetHeight(scrollRows(len(v.lines), ctx.bodyHeight()))
	v.vp.SetContentLines(v.lines)
	v.marks = marks
}

func (v entryView) update(msg tea.Msg, ctx *shared) (entryView, tea.Cmd) {
	v, cmd := v.handle(msg, ctx)
	v.syncKeys()
	// The footer offers ↓ only when there is more below to scroll to.
	v.keys.Down.SetEnabled(len(v.lines) > ctx.bodyHeight())
	return v, cmd
}

func (v entryView) handle(msg tea.Msg, ctx *shared) (entryView, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.vp.SetWidth(msg.Width)
		v.vp.SetHeight(scrollRows(len(v.lines), ctx.bodyHeight()))
		if msg.Width != v.rendered {
			return v, v.renderCmd(ctx)
		}
	case restyledMsg:
		return v, v.renderCmd(ctx)
	case renderedMsg:
		if msg.id == v.id() && msg.width == ctx.width {
			v.notes, v.rendered = msg.notes, msg.width
			v.compose(ctx)
		}
	case starredMsg:
		v.starring = false
		if msg.err == nil && msg.entry.ID == v.id() {
			v.entry = msg.entry
			if v.rendered > 0 {
				v.compose(ctx)
			}
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			v.vp.ScrollUp(3)
		case tea.MouseWheelDown:
			v.vp.ScrollDown(3)
		}
	case tea.KeyPressMsg:
		return v.handleKey(msg, ctx)
	}
	return v, nil
}

func (v entryView) handleKey(msg tea.KeyPressMsg, ctx *shared) (entryView, tea.Cmd) {
	k := v.keys
	switch {
	case key.Matches(msg, k.Back):
		return v, ctx.post(closeEntryMsg{})
	case key.Matches(msg, k.Edit):
		return v, ctx.post(openFormMsg{entry: v.entry})
	case key.Matches(msg, k.Delete):
		return v, askDelete(v.entry)
	case key.Matches(msg, k.Star):
		if v.starring {
			return v, nil
		}
		v.starring = true
		return v, ctx.write(toggleStar(ctx.svc.Entries, v.entry, v.sel, ctx.opts.Log))
	case key.Matches(msg, k.NextReflection), key.Matches(msg, k.PrevReflection):
		n := len(v.entry.Reflections)
		if key.Matches(msg, k.NextReflection) {
			v.sel = (v.sel + 1) % n
		} else {
			v.sel = (v.sel + n - 1) % n
		}
		if v.rendered > 0 {
			v.compose(ctx)
			v.showReflection()
		}
	case key.Matches(msg, k.Up):
		v.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		v.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		v.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		v.vp.PageDown()
	case key.Matches(msg, k.Top):
		v.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		v.vp.GotoBottom()
	}
	return v, nil
}

// showReflection scrolls the selected reflection into sight.
func (v *entryView) showReflection() {
	if v.sel >= len(v.marks) {
		return
	}
	line := v.marks[v.sel]
	if line < v.vp.YOffset() || line+4 > v.vp.YOffset()+v.vp.Height() {
		v.vp.SetYOffset(max(0, line-1))
	}
}

// toggleStar stars or unstars reflection i of e for supervision and saves
// the entry in a command. e is not changed: the command saves a copy.
func toggleStar(entries journal.EntryService, e *journal.Entry, i int, log func(error)) tea.Cmd {
	c := *e
	c.Reflections = slices.Clone(e.Reflections)
	c.Reflections[i].Starred = !c.Reflections[i].Starred
	return func() tea.Msg {
		err := entries.UpdateEntry(&c)
		return starredMsg{entry: &c, refl: i, err: logged(log, err)}
	}
}

func (v *entryView) syncKeys() {
	n := 0
	if v.entry != nil {
		n = len(v.entry.Reflections)
	}
	v.keys.Star.SetEnabled(n > 0)
	v.keys.NextReflection.SetEnabled(n > 1)
	v.keys.PrevReflection.SetEnabled(n > 1)
	if n > 0 && v.entry.Reflections[min(v.sel, n-1)].Starred {
		v.keys.Star.SetHelp("*", "unstar")
	} else {
		v.keys.Star.SetHelp("*", "star")
	}
}

func (v entryView) view(ctx *shared, w, h int) string {
	if v.rendered == 0 {
		return "\n " + ctx.styles.Muted.Render("Opening the entry…")
	}
	// The lines are laid out for the width already: the frame is the
	// ones in view, cut to size, not the viewport's own rendering, which
	// wraps every line again; the last row says what more is below.
	return scrollView(&ctx.styles, v.lines, v.vp.YOffset(), w, h)
}

// renderNotes renders an entry's notes as Markdown in w cells, made safe
// for the terminal first; "" when there are none.
func renderNotes(e *journal.Entry, st *theme, w int) string {
	notes := strings.TrimSpace(journal.SafeText(e.Notes))
	if notes == "" {
		return ""
	}
	return renderMarkdown(notes, st.Markdown, min(w-2, 100))
}

// renderEntry draws an entry for reading in w cells: what happened, the
// ratings, the tags, the notes (rendered already) and the reflections, the
// selected one marked when there are several, starred ones with ★. Every
// text from the journal is made safe for the terminal first. marks are the
// lines of the reflections' headings.
func renderEntry(e *journal.Entry, c journal.Catalog, st *theme, w int, notes string, sel int) (string, []int) {
	tw := min(w-2, 100) // text width
	var b strings.Builder
	lines := 0
	line := func(s string) {
		b.WriteString(" " + s + "\n")
		lines++
	}
	blank := func() {
		b.WriteString("\n")
		lines++
	}

	meta := e.Date.Time().Format("Monday 2 January 2006") + " · " + string(e.Kind)
	if e.Phase > 0 {
		meta += " · phase " + itoa(e.Phase)
	}
	if f := journal.SafeLine(e.Family); f != "" {
		meta += " · family " + f
	}
	blank()
	line(st.Muted.Render(meta))
	title, dim := entryTitle(e)
	if dim {
		line(st.Muted.Render(title))
	} else {
		for _, l := range wrapLines(title, tw, "") {
			line(st.Heading.Render(l))
		}
	}

	if ids := e.RatedSkills(); len(ids) > 0 {
		blank()
		line(st.Heading.Render("Ratings"))
		nameW := 0
		names := make([]string, len(ids))
		for i, id := range ids {
			names[i] = journal.SafeLine(id)
			if s, ok := c.Find(id); ok {
				names[i] = journal.SafeLine(s.Name)
			}
			nameW = max(nameW, len(names[i]))
		}
		nameW = min(nameW, tw/2)
		for i, id := range ids {
			r := e.Ratings[id]
			line(" " + st.Text.Render(pad(names[i], nameW)) + "  " + st.ChipValue.Render(dots(r)) + " " +
				st.Bold.Render(itoa(r)) + "  " + st.Faint.Render(journal.SafeLine(id)))
		}
	}
	if len(e.Tags) > 0 {
		blank()
		line(st.Muted.Render("Tags ") + st.Text.Render(journal.SafeLine("#"+strings.Join(e.Tags, " #"))))
	}

	if notes != "" {
		blank()
		line(st.Heading.Render("Notes"))
		b.WriteString(notes)
		lines += strings.Count(notes, "\n")
	}

	marks := make([]int, 0, len(e.Reflections))
	for i, r := range e.Reflections {
		blank()
		marks = append(marks, lines)
		who := "shared with your coach"
		if !r.Shared {
			who = "private"
		}
		head := "Reflection"
		if len(e.Reflections) > 1 {
			head += " " + itoa(i+1)
		}
		lead := ""
		if len(e.Reflections) > 1 && i == sel {
			lead = st.SelectedMark.Render("▸ ")
		}
		star := ""
		if r.Starred {
			star = st.Star.Render(" ★ for supervision")
		}
		line(lead + st.Heading.Render(head) + star + st.Faint.Render(" · "+who))
		for _, l := range wrapLines(journal.SafeLine(r.Prompt), tw-2, "") {
			line(st.Key.Render("│ ") + st.Quote.Render(l))
		}
		answer := strings.TrimSpace(journal.SafeText(r.Answer))
		if answer == "" {
			line(st.Faint.Render("  (no answer)"))
			continue
		}
		for _, l := range wrapLines(answer, tw-2, "") {
			line("  " + st.Text.Render(l))
		}
	}
	return b.String(), marks
}

// renderMarkdown renders Markdown with glamour, a single newline a line
// break as it was typed; if that fails the text is
// shown as it is, indented. A link shows as its words and its target, as
// text: glamour makes both terminal hyperlinks (OSC 8) to the target, of
// any scheme, and the words can say anything, so they are taken out.
func renderMarkdown(md, style string, w int) string {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(w), glamour.WithPreservedNewLines())
	if err == nil {
		var out string
		if out, err = r.Render(md); err == nil {
			return dropOSC(strings.Trim(out, "\n")) + "\n"
		}
	}
	return indentBlock(strings.Join(wrapLines(md, w-2, ""), "\n"), "  ") + "\n"
}

// dropOSC removes every OSC sequence (ESC ], up to BEL or ESC \\) from s,
// glamour's rendering of notes made safe before: its hyperlinks are the
// only ones there. An unended one is removed to the end.
func dropOSC(s string) string {
	if !strings.Contains(s, "\x1b]") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, "\x1b]")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		end := strings.IndexAny(s, "\x07\x1b")
		switch {
		case end < 0:
			return b.String()
		case s[end] == '\x07':
			s = s[end+1:]
		case strings.HasPrefix(s[end:], "\x1b\\"):
			s = s[end+2:]
		default: // an ESC that starts something else ends it
			s = s[end:]
		}
	}
}

// dots draws a rating as five dots: ●●●○○.
func dots(r int) string {
	r = max(0, min(r, 5))
	return strings.Repeat("●", r) + strings.Repeat("○", 5-r)
}
