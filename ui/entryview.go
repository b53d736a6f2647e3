package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"

	"hone/journal"
)

// entryView shows one entry, its notes rendered as Markdown. The rendering
// runs once in a command when the entry opens (and again only when the
// width or the styles change), never per frame.
type entryView struct {
	keys     entryKeys
	entry    *journal.Entry
	vp       viewport.Model
	rendered int // the width of the render in vp; 0 while it is on its way
}

// renderedMsg carries a rendered entry.
type renderedMsg struct {
	id      string
	width   int
	content string
}

func newEntryView(e *journal.Entry, ctx *shared) (entryView, tea.Cmd) {
	vp := viewport.New(viewport.WithWidth(ctx.width), viewport.WithHeight(ctx.bodyHeight()))
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	v := entryView{keys: newEntryKeys(), entry: e, vp: vp}
	return v, v.renderCmd(ctx)
}

func (v entryView) id() string {
	if v.entry == nil {
		return ""
	}
	return v.entry.ID
}

// renderCmd renders the entry for the current width in a command.
func (v entryView) renderCmd(ctx *shared) tea.Cmd {
	e, c, st, w := v.entry, ctx.data.catalog, ctx.styles, ctx.width
	return func() tea.Msg {
		return renderedMsg{id: e.ID, width: w, content: renderEntry(e, c, &st, w)}
	}
}

func (v entryView) update(msg tea.Msg, ctx *shared) (entryView, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.vp.SetWidth(msg.Width)
		v.vp.SetHeight(ctx.bodyHeight())
		if msg.Width != v.rendered {
			return v, v.renderCmd(ctx)
		}
	case restyledMsg:
		return v, v.renderCmd(ctx)
	case renderedMsg:
		if msg.id == v.id() && msg.width == ctx.width {
			v.vp.SetContent(msg.content)
			v.rendered = msg.width
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			v.vp.ScrollUp(3)
		case tea.MouseWheelDown:
			v.vp.ScrollDown(3)
		}
	case tea.KeyPressMsg:
		return v.handleKey(msg)
	}
	return v, nil
}

func (v entryView) handleKey(msg tea.KeyPressMsg) (entryView, tea.Cmd) {
	k := v.keys
	switch {
	case key.Matches(msg, k.Back):
		return v, send(closeEntryMsg{})
	case key.Matches(msg, k.Edit):
		return v, send(openFormMsg{entry: v.entry})
	case key.Matches(msg, k.Delete):
		return v, askDelete(v.entry)
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

func (v entryView) view(ctx *shared, w, h int) string {
	if v.rendered == 0 {
		return "\n " + ctx.styles.Muted.Render("Opening the entry…")
	}
	return v.vp.View()
}

// renderEntry draws an entry for reading in w cells: what happened, the
// ratings, the tags, the notes as Markdown and the reflections. Every text
// from the journal is made safe for the terminal first.
func renderEntry(e *journal.Entry, c journal.Catalog, st *theme, w int) string {
	tw := min(w-2, 100) // text width
	var b strings.Builder
	line := func(s string) { b.WriteString(" " + s + "\n") }

	meta := e.Date.Time().Format("Monday 2 January 2006") + " · " + string(e.Kind)
	if e.Phase > 0 {
		meta += " · phase " + itoa(e.Phase)
	}
	if f := journal.SafeLine(e.Family); f != "" {
		meta += " · family " + f
	}
	b.WriteString("\n")
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
		b.WriteString("\n")
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
		b.WriteString("\n")
		line(st.Muted.Render("Tags ") + st.Text.Render(journal.SafeLine("#"+strings.Join(e.Tags, " #"))))
	}

	if notes := strings.TrimSpace(journal.SafeText(e.Notes)); notes != "" {
		b.WriteString("\n")
		line(st.Heading.Render("Notes"))
		b.WriteString(renderMarkdown(notes, st.Markdown, tw))
	}

	for i, r := range e.Reflections {
		b.WriteString("\n")
		who := "shared with your coach"
		if !r.Shared {
			who = "private"
		}
		head := "Reflection"
		if len(e.Reflections) > 1 {
			head += " " + itoa(i+1)
		}
		line(st.Heading.Render(head) + st.Faint.Render(" · "+who))
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
	return b.String()
}

// renderMarkdown renders Markdown with glamour; if that fails the text is
// shown as it is, indented.
func renderMarkdown(md, style string, w int) string {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(w))
	if err == nil {
		var out string
		if out, err = r.Render(md); err == nil {
			return strings.Trim(out, "\n") + "\n"
		}
	}
	return indentBlock(strings.Join(wrapLines(md, w-2, ""), "\n"), "  ") + "\n"
}

// dots draws a rating as five dots: ●●●○○.
func dots(r int) string {
	r = max(0, min(r, 5))
	return strings.Repeat("●", r) + strings.Repeat("○", 5-r)
}
