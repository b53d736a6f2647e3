package ui

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"hone/journal"
)

// View draws the whole screen: tab bar, body, status line and help footer.
// It is a function of the model, but for a burst of keys into the notes,
// when the screen drawn last stands for a few milliseconds (frame.go).
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "hone"
	v.SetContent(m.screenText())
	return v
}

// render returns the screen's text.
func (m Model) render() string {
	ctx := m.ctx
	w, h := ctx.width, ctx.height
	if w == 0 || h == 0 {
		return ""
	}
	st := &ctx.styles
	if w < minWidth || h < minHeight {
		msg := st.Bold.Render("Please make the window larger.") + "\n" +
			st.Muted.Render(
				"hone needs at least "+itoa(minWidth)+"x"+itoa(minHeight)+"; this one is "+itoa(w)+"x"+itoa(h)+".")
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, fitWidth(msg, w))
	}
	if m.lock.locked {
		return m.lockScreen()
	}
	var b strings.Builder
	b.Grow(w * h * 2)
	b.WriteString(m.tabBar())
	b.WriteByte('\n')
	b.WriteString(st.Rule.Render(strings.Repeat("─", w)))
	b.WriteByte('\n')
	status := statusBlock(m.statusLine(), w)
	b.WriteString(fitBlock(m.body(), w, max(0, ctx.bodyHeight()-(len(status)-1))))
	b.WriteByte('\n')
	for _, l := range status {
		b.WriteString(fitLine(l, w))
		b.WriteByte('\n')
	}
	b.WriteString(fitLine(" "+m.footer(w-1), w))
	return b.String()
}

// tabLabel is the text of the i-th tab (from 0) in the tab bar.
func tabLabel(i int, t tab) string { return itoa(i+1) + " " + t.String() }

// brand is the name at the left of the tab bar.
const brand = " hone "

// demoBrand is the name at the left of hone demo's tab bar.
const demoBrand = " hone demo "

// brandOf is the name at the left of the tab bar: it says when the
// journal is the demo's.
func brandOf(ctx *shared) string {
	if ctx.opts.Demo {
		return demoBrand
	}
	return brand
}

// tabAt returns the tab drawn at column x of the tab bar.
func (m Model) tabAt(x int) (tab, bool) {
	st := &m.ctx.styles
	_, short := m.tabsLeft(m.screenHeading())
	pos := lipgloss.Width(st.Brand.Render(brandOf(m.ctx))) + 1
	for i, t := range m.ctx.tabs() {
		w := lipgloss.Width(st.Tab.Render(m.tabName(i, t, short)))
		if x >= pos && x < pos+w {
			return t, true
		}
		pos += w
	}
	return 0, false
}

func (m Model) tabBar() string {
	right := m.screenHeading()
	left, _ := m.tabsLeft(right)
	if right == "" {
		right = m.reviewHeading(m.ctx.width - lipgloss.Width(left) - 2)
	}
	gap := m.ctx.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return fitLine(left, m.ctx.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// screenHeading is the heading of the screen open over the tabs, drawn
// at the tab bar's right; "" on the tabs.
func (m Model) screenHeading() string {
	st := &m.ctx.styles
	switch m.screen {
	case screenForm:
		return st.Heading.Render(m.form.heading()) + " "
	case screenEntry:
		return st.Muted.Render("Entry "+m.entry.id()) + " "
	case screenSelfAssess:
		return st.Heading.Render("Self-assessment") + " "
	case screenExport:
		return st.Heading.Render("Export for your coach") + " "
	}
	return ""
}

// tabsLeft is the tab bar's left part beside heading, and whether its
// tabs are short: the tabs not shown keep only their numbers (the keys
// that open them) where the names of every tab do not fit beside it.
func (m Model) tabsLeft(heading string) (string, bool) {
	if full := m.tabsLine(false); lipgloss.Width(full)+lipgloss.Width(heading) < m.ctx.width {
		return full, false
	}
	return m.tabsLine(true), true
}

// tabName is the i-th tab's label: its number alone when short, but for
// the tab shown.
func (m Model) tabName(i int, t tab, short bool) string {
	if short && (t != m.tab || m.screen != screenTabs) {
		return itoa(i + 1)
	}
	return tabLabel(i, t)
}

// tabsLine is the brand and the tabs, short or not (tabName).
func (m Model) tabsLine(short bool) string {
	st := &m.ctx.styles
	var b strings.Builder
	b.WriteString(st.Brand.Render(brandOf(m.ctx)))
	b.WriteString(" ")
	for i, t := range m.ctx.tabs() {
		style := st.Tab
		if t == m.tab && m.screen == screenTabs {
			style = st.TabActive
		}
		b.WriteString(style.Render(m.tabName(i, t, short)))
	}
	return b.String()
}

func (m Model) body() string {
	ctx := m.ctx
	w, h := ctx.width, ctx.bodyHeight()
	if q := m.question; q != nil && len(q.details) > 0 {
		return m.questionBox(w, h)
	}
	if m.showHelp {
		return m.fullHelp(w)
	}
	switch m.screen {
	case screenForm:
		return m.form.view(ctx, w, h)
	case screenEntry:
		return m.entry.view(ctx, w, h)
	case screenSelfAssess:
		return m.self.view(ctx, w, h)
	case screenExport:
		return m.exporter.view(ctx, w, h)
	}
	switch m.tab {
	case tabToday:
		return m.today.view(ctx, w, h)
	case tabJournal:
		return m.journal.view(ctx, w, h)
	case tabSkills:
		return m.skills.view(ctx, w, h)
	case tabPrompts:
		return m.prompts.view(ctx, w, h)
	case tabOverview:
		if m.overview.feedback != nil {
			return m.overview.feedback.view(ctx, w, h)
		}
		return m.overview.view(m.overview.body(ctx, overviewDrawn(ctx), overviewLines), w, h)
	case tabTeam:
		td := teamDrawn(ctx, m.team.grid)
		return m.team.view(m.team.body(ctx, td, teamDraw(td)), w, h)
	case tabReflections:
		return m.refl.view(ctx, w, h)
	}
	return m.prep.view(ctx, w, h)
}

// questionBox shows a question with details (privacy warnings) in a box.
func (m Model) questionBox(w, h int) string {
	st := &m.ctx.styles
	inner := min(w-6, 76)
	lines := []string{st.Question.Render(m.question.text), ""}
	for _, d := range m.question.details {
		lines = append(lines, wrapLines("• "+journal.SafeLine(d), inner, "  ")...)
	}
	box := st.Box.Render(fitBlock(strings.Join(lines, "\n"), inner, min(len(lines), h-2)))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// keyMap is what the footer and the help screen need of a view's keys.
type keyMap = help.KeyMap

// focusedKeys returns the key map of the focused view.
func (m Model) focusedKeys() keyMap {
	switch m.screen {
	case screenForm:
		return m.form.keys
	case screenEntry:
		return m.entry.keys
	case screenSelfAssess:
		return m.self.keys
	case screenExport:
		return m.exporter.keys
	}
	switch m.tab {
	case tabToday:
		return m.today.keys
	case tabJournal:
		return m.journal.keys
	case tabSkills:
		return m.skills.keyMap()
	case tabPrompts:
		return m.prompts.keyMap()
	case tabOverview:
		return m.overview
	case tabTeam:
		return m.team
	case tabReflections:
		return m.refl
	}
	return m.prep.keyMap()
}

// footer is the line of keys that work now, in w cells (footerKeys).
func (m Model) footer(w int) string {
	h := m.help
	h.SetWidth(0) // its own cut ends the line with an ellipsis
	return h.ShortHelpView(m.footerKeys(w))
}

// footerKeys are the keys the footer lists in w cells: the view's own keys
// that work now, then the global ones. Where they do not all fit, the
// view's last keys give way (in a text field ctrl+c first), then the
// global ones but help: the full help lists them all, and the line is
// never cut in the middle of a key.
func (m Model) footerKeys(w int) []key.Binding {
	if m.question != nil {
		return m.confirm.ShortHelp()
	}
	g := m.ctx.keys
	if m.showHelp && m.typing() {
		return []key.Binding{g.CloseHelp, g.ForceQuit}
	}
	if m.showHelp {
		return []key.Binding{g.CloseHelp, g.Quit}
	}
	var global []key.Binding
	if m.typing() {
		global = []key.Binding{g.Help, g.ForceQuit}
	} else {
		global = g.ShortHelp()
	}
	enabled := func(bs []key.Binding) []key.Binding {
		return slices.DeleteFunc(slices.Clone(bs), func(b key.Binding) bool { return !b.Enabled() })
	}
	ownKeys := m.focusedKeys().ShortHelp()
	if m.fromTeam != nil && m.screen == screenTabs && !m.typing() && (m.tab != tabSkills || m.skills.detail == nil) {
		ownKeys = append([]key.Binding{bind([]string{"esc"}, "esc", "back to team")}, ownKeys...)
	}
	own, global := enabled(ownKeys), enabled(global)
	h := m.help
	h.SetWidth(0)
	for {
		all := append(slices.Clone(own), global...)
		switch {
		case lipgloss.Width(h.ShortHelpView(all)) <= w:
			return all
		case m.typing() && len(global) > 1:
			global = global[:1] // help; ctrl+c asks before it loses anything
		case len(own) > 0:
			own = own[:len(own)-1]
		case len(global) > 1:
			// Help stays: the keys that gave way are there.
			i := slices.IndexFunc(global, func(b key.Binding) bool { return b.Help() != g.Help.Help() })
			if i < 0 {
				return all
			}
			global = slices.Delete(global, i, i+1)
		default:
			return all
		}
	}
}

func (m Model) fullHelp(w int) string {
	st := &m.ctx.styles
	// The full help lists every key of the view, also those that do
	// nothing at this moment.
	groups := append(m.focusedKeys().FullHelp(), m.ctx.keys.FullHelp()...)
	if own := m.focusedKeys().FullHelp(); m.typing() && len(own) > 0 {
		// Typed keys go to the view: of the global keys only help and
		// ctrl+c work, listed under the view's first keys.
		groups = slices.Clone(own)
		groups[0] = append(slices.Clone(groups[0]), m.ctx.keys.Help, m.ctx.keys.ForceQuit)
	}
	for _, g := range groups {
		for i := range g {
			g[i].SetEnabled(true)
		}
	}
	h := m.help
	h.ShowAll = true
	var b strings.Builder
	b.WriteString(" " + st.Heading.Render("Keys") + "\n\n")
	b.WriteString(indentBlock(h.FullHelpView(groups), " "))
	b.WriteString("\n\n")
	if m.ctx.review != nil {
		for _, l := range wrapLines("Review mode: read-only. Exports: "+m.reviewFiles(), w-2, "") {
			b.WriteString(" " + st.Muted.Render(l) + "\n")
		}
	} else if p := m.ctx.opts.JournalPath; p != "" {
		b.WriteString(" " + st.Muted.Render("Journal file: ") + journal.SafeLine(p) + "\n")
	}
	note := journal.SelfRatingNote
	if m.ctx.review != nil {
		note = journal.SharedRatingNote // the coach reads it
	}
	for _, l := range wrapLines(note, w-2, "") {
		b.WriteString(" " + st.Faint.Render(l) + "\n")
	}
	return b.String()
}

func (m Model) statusLine() string {
	st := &m.ctx.styles
	switch {
	case m.question != nil && len(m.question.details) > 0:
		return "" // the question is in its box
	case m.question != nil:
		return " " + st.Question.Render(m.question.text)
	case m.status.err != nil:
		return " " + st.StatusError.Render(journal.SafeLine(journal.ErrorMessage(m.status.err)))
	case m.status.text != "":
		return " " + st.StatusInfo.Render(m.status.text)
	case m.damage != nil:
		// What to do first: a narrow terminal cuts the line's end.
		return " " + st.StatusError.Render("Damaged journal, writes stopped: quit and run hone doctor, then restore or salvage. "+journal.SafeLine(journal.ErrorMessage(m.damage)))
	case m.ctx.journalReadOnly():
		return " " + st.StatusInfo.Render("Read-only journal: "+journal.SafeLine(m.ctx.opts.ReadOnly))
	}
	return ""
}

// maxStatusLines bounds the lines a message takes from the body's
// bottom.
const maxStatusLines = 3

// statusBlock lays the status line out in w cells: a message wider than
// that wraps (at spaces and slashes, so that a path breaks between its
// folders) onto up to maxStatusLines lines, taken from the body's bottom
// while it shows, instead of losing its end, which often says where or
// what.
func statusBlock(s string, w int) []string {
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, w-1, "/"), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = " " + lines[i]
	}
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1]+" …", w, "…")
	}
	return lines
}

// Layout helpers. They measure in terminal cells and keep escape sequences
// intact.

// fitLine cuts s to w cells (with an ellipsis) and pads it to exactly w.
func fitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw, ok := quickWidth(s)
	if !ok {
		sw = ansi.StringWidth(s)
	}
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// quickWidth measures text made of ASCII, the narrow symbols hone draws
// (arrows, dots, box lines, "…") and SGR escape sequences, without
// grapheme segmentation; ok is false for anything else.
func quickWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			if i+1 >= len(s) || s[i+1] != '[' {
				return 0, false
			}
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j + 1
			continue
		case c >= 0x20 && c < 0x7f:
			w++
			i++
			continue
		case c < 0x80:
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !narrowSymbol(r) {
			return 0, false
		}
		w++
		i += size
	}
	return w, true
}

// narrowSymbol reports whether r is one of the one-cell symbols of the
// general punctuation, arrows and box-drawing blocks (no zero-width or
// emoji characters among them).
func narrowSymbol(r rune) bool {
	switch {
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205e:
		return true
	case r >= 0x2190 && r <= 0x21ff:
		return true
	case r >= 0x2500 && r <= 0x25fc:
		return true
	}
	return false
}

// fitWidth cuts every line of s to at most w cells.
func fitWidth(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// fitBlock makes s exactly h lines of exactly w cells.
func fitBlock(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.SplitN(strings.TrimSuffix(s, "\n"), "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(fitLine(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// wrapLines wraps plain text to w cells, breaking words longer than a line;
// lines after the first start with indent (which counts in w).
func wrapLines(s string, w int, indent string) []string {
	w = max(w-ansi.StringWidth(indent), 10)
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = indent + lines[i]
	}
	return lines
}

// textLines collects the lines of a text page (the Prep tab, a skill's
// detail, the export preview): lines as they come, and paragraphs wrapped
// to the page's width.
type textLines struct {
	lines []string
	width int // the cells a paragraph wraps in, its indent included
}

// add appends lines as they are.
func (t *textLines) add(ls ...string) { t.lines = append(t.lines, ls...) }

// para appends text wrapped to the width, each line drawn in style after a
// space and indent.
func (t *textLines) para(text string, style func(...string) string, indent string) {
	for _, l := range wrapLines(text, t.width-len(indent), "") {
		t.add(" " + indent + style(l))
	}
}

func indentBlock(s, indent string) string {
	return indent + strings.ReplaceAll(s, "\n", "\n"+indent)
}

func itoa(n int) string { return strconv.Itoa(n) }

// spread puts left and right on one line of w cells, cutting left when
// they do not both fit.
func spread(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	lw := max(0, w-rw)
	return fitLine(left, lw) + right
}

// joinLines joins lines with newlines.
func joinLines(lines []string) string { return strings.Join(lines, "\n") }

// truncateText cuts plain text to n cells with an ellipsis.
func truncateText(s string, n int) string {
	if ansi.StringWidth(s) <= n {
		return s
	}
	return ansi.Truncate(s, n, "…")
}
