package ui

// The review's tabs over one export (Overview and the like): a pager of
// lines drawn once per export and size, its keys, and the Overview's lines.

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// pager scrolls a body of lines.
type pager struct {
	keys   listKeys
	offset int
}

func newPager() pager { return pager{keys: newListKeys()} }

// update scrolls through n lines of which h show.
func (p pager) update(msg tea.Msg, n, h int) pager {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		p.offset, _ = p.keys.scrollLines(msg, p.offset, max(1, h-1), n)
	case tea.MouseWheelMsg:
		p.offset += wheelLines(msg)
	}
	p.offset = max(0, min(p.offset, n-h))
	return p
}

// view shows h of lines from the offset.
func (p pager) view(lines []string, w, h int) string {
	off := max(0, min(p.offset, len(lines)-h))
	return fitBlock(joinLines(lines[off:]), w, h)
}

// ShortHelp lists the pager's keys for the footer.
func (p pager) ShortHelp() []key.Binding { return []key.Binding{p.keys.Down, p.keys.PageDown} }

// FullHelp lists every key of the pager.
func (p pager) FullHelp() [][]key.Binding { return [][]key.Binding{p.keys.all()} }

// reviewTab is the Overview or the Team tab of review mode: a pager over
// lines drawn again only when what they show changed (an export or the
// team arrived, another facilitator is shown, the window was resized, the
// styles changed), never for a key.
type reviewTab struct {
	pager
	lines []string
	drawn reviewDrawn // what lines were drawn for
	// feedback is the Overview's feedback form while it is open, for
	// facilitator feedbackFac; canFeedback shows its key in the footer.
	feedback    *miniForm
	feedbackFac int
	canFeedback bool
	// coach is the name the feedback form starts with: Options.Coach, then
	// the name of the last item saved in this review (coachSet).
	coach    string
	coachSet bool
	// grid is the Team grid's cursor, and canOpen says the grid is
	// shown (the Team tab, once the team is in).
	grid     gridCursor
	gridKeys teamGridKeys
	canOpen  bool
	// rest holds the Team tab's lines below the grid, drawn for
	// restDrawn (whatever the cursor).
	rest      []string
	restDrawn reviewDrawn
	// gridBase holds the grid's lines drawn with no row under the cursor,
	// for gridDrawn (gridLinesOver).
	gridBase  []string
	gridDrawn reviewDrawn
}

// ShortHelp lists the keys the footer shows: the feedback form's while it
// is open, else the pager's and f where feedback can be written.
func (t reviewTab) ShortHelp() []key.Binding {
	if t.feedback != nil {
		return t.feedback.keys.ShortHelp()
	}
	if t.canFeedback {
		return append(t.pager.ShortHelp(), feedbackKey)
	}
	if t.canOpen {
		return []key.Binding{t.gridKeys.Down, t.gridKeys.Right, t.gridKeys.Open, t.keys.PageDown}
	}
	return t.pager.ShortHelp()
}

// FullHelp lists every key that works now.
func (t reviewTab) FullHelp() [][]key.Binding {
	if t.feedback != nil {
		return t.feedback.keys.FullHelp()
	}
	if t.canFeedback {
		return append(t.pager.FullHelp(), []key.Binding{feedbackKey})
	}
	if t.canOpen {
		g, k := t.gridKeys, t.keys
		return [][]key.Binding{{g.Up, g.Down, g.Left, g.Right, g.Open}, {k.PageUp, k.PageDown, k.Top, k.Bottom}}
	}
	return t.pager.FullHelp()
}

// reviewDrawn says what the lines of a review tab were drawn for. The
// reviewData is replaced, never changed in place, as exports arrive: its
// address stands for what it holds.
type reviewDrawn struct {
	data       *reviewData
	fac, w     int
	dark, mono bool
	grid       gridCursor // the Team grid's cursor
}

func newReviewTab() reviewTab { return reviewTab{pager: newPager(), gridKeys: newTeamGridKeys()} }

// overviewDrawn is what the Overview shows now.
func overviewDrawn(ctx *shared) reviewDrawn {
	return reviewDrawn{data: ctx.review, fac: ctx.fac, w: ctx.width, dark: ctx.styles.Dark, mono: ctx.styles.Mono}
}

// sync draws the lines again with draw when they were drawn for other
// than d.
func (t *reviewTab) sync(ctx *shared, d reviewDrawn, draw func(*shared, int) []string) {
	if t.drawn != d {
		t.lines, t.drawn = draw(ctx, d.w), d
	}
}

// body returns the lines for d: those drawn, unless the model has not
// caught up with d yet (a frame before the first Update), when they are
// drawn for this frame only.
func (t *reviewTab) body(ctx *shared, d reviewDrawn, draw func(*shared, int) []string) []string {
	if t.drawn == d {
		return t.lines
	}
	return draw(ctx, d.w)
}

// syncReviewTabs draws the Overview and the Team tab again if what they
// show changed; Update calls it after every message.
func (m *Model) syncReviewTabs() {
	if m.ctx.review == nil {
		return
	}
	m.overview.sync(m.ctx, overviewDrawn(m.ctx), overviewLines)
	m.overview.canFeedback = m.ctx.canFeedback()
	m.team.canOpen = m.ctx.review.teamDone && m.ctx.review.team.Size > 0
	m.team.syncTeam(m.ctx, teamDrawn(m.ctx, m.team.grid))
	m.refl.sync(m.ctx)
}

// updateReviewTab hands input to the Overview or the Team tab: it scrolls
// the lines drawn.
func (m *Model) updateReviewTab(msg tea.Msg) tea.Cmd {
	m.syncReviewTabs() // up to date already, but for a message Update has not seen
	h := m.ctx.bodyHeight()
	switch m.tab {
	case tabOverview:
		if cmd, took := m.updateFeedback(msg); took {
			return cmd
		}
		m.overview.pager = m.overview.pager.update(msg, len(m.overview.lines), h)
	case tabTeam:
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			if cmd, took := m.updateTeamGrid(msg); took {
				return cmd
			}
		case tea.MouseClickMsg:
			if cmd, took := m.clickTeamGrid(msg); took {
				return cmd
			}
		}
		m.team.pager = m.team.pager.update(msg, len(m.team.lines), h)
	}
	return nil
}

// overviewLines draw the Overview of the facilitator shown: who, the
// period, what the export holds, the skills that need attention and those
// that improve.
func overviewLines(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	if r == nil || ctx.fac >= len(r.facs) {
		return nil
	}
	tw := min(w-2, 100)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	wrapped := func(text string, style func(...string) string, indent string) {
		for _, l := range wrapLines(journal.SafeLine(text), tw-len(indent), "") {
			add(" " + indent + style(l))
		}
	}
	head := st.Heading.Render(r.name(ctx.fac))
	if n := len(r.facs); n > 1 {
		head += st.Muted.Render("  facilitator " + itoa(ctx.fac+1) + " of " + itoa(n))
	}
	add(" " + head)
	f, ok := ctx.currentFac()
	if !ok {
		add("", " "+st.Muted.Render("Reading the export…"))
		return lines
	}
	x := f.facts
	if f.err != nil {
		add("", " "+st.StatusError.Render(truncateText(journal.SafeLine("This export cannot be read: "+journal.ErrorMessage(f.err)), tw)))
		return lines
	}
	facts := journal.SafeLine(x.period) + " · " + countWords(x.entries, "entry", "entries") + " · " +
		plural(x.ratings, "rating") + " · " + plural(x.shared, "shared reflection") +
		" · exported " + x.exportedAt.UTC().Format("2 Jan 2006")
	wrapped(facts, st.Text.Render, "")
	wrapped(x.privacy, st.Muted.Render, "")
	if x.weekDates {
		wrapped("Dates are ISO weeks: each week counts as its Monday, so the dates below are Mondays.", st.Muted.Render, "")
	}
	if x.verdictNote != "" {
		wrapped(x.verdictNote, st.Muted.Render, "")
	}

	in := &f.in
	var drifting, watch, improving, stale []journal.Drift
	noVerdict := 0
	for _, d := range in.drift {
		switch d.Status {
		case journal.StatusDrifting:
			drifting = append(drifting, d)
		case journal.StatusWatch:
			watch = append(watch, d)
		case journal.StatusImproving:
			improving = append(improving, d)
		case journal.StatusInsufficient, journal.StatusDormant:
			noVerdict++
		}
		if d.Stale && d.Ratings > 0 && d.Status != journal.StatusDormant {
			stale = append(stale, d)
		}
	}
	group := func(title string, ds []journal.Drift, mark string, style func(...string) string) {
		if len(ds) == 0 {
			return
		}
		add("", " "+st.Heading.Render(title))
		for _, d := range ds {
			add(" " + style(truncateText(mark+" "+in.skillName(d.Skill), tw)))
			wrapped(d.Explanation, st.Muted.Render, "  ")
		}
	}
	group("Drifting", drifting, "▼", st.Drifting.Render)
	group("On watch", watch, "~", st.Watch.Render)
	group("Improving", improving, "▲", st.Improving.Render)
	if len(drifting)+len(watch)+len(improving) == 0 {
		add("", " "+st.Muted.Render("No skill is drifting, on watch or improving."))
	}
	if len(stale) > 0 {
		names := make([]string, len(stale))
		for i, d := range stale {
			names[i] = in.skillName(d.Skill)
		}
		add("")
		for _, l := range wrapLines("○ Not practised lately: "+strings.Join(names, ", ")+".", tw, "  ") {
			add(" " + st.Stale.Render(l))
		}
	}
	if noVerdict > 0 {
		wrapped(plural(noVerdict, "skill")+" without a verdict: too few ratings, or none for over 90 days.", st.Faint.Render, "")
	}
	add("")
	wrapped(journal.SharedRatingNote, st.Faint.Render, "")
	return lines
}
