package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// todayView is the Today tab: a reflection prompt chosen for a skill that
// needs attention, drift alerts, stale and improving skills, and the week's
// entries.
type todayView struct {
	keys   todayKeys
	recent []*journal.Entry
	week   int
	loaded bool // todayMsg arrived
	// news is the coach feedback new at this start of hone, and what came
	// in since: kept for the session once seen, newest day first.
	news []journal.Feedback
	// marked is the highest Seq of news marked seen.
	marked  uint64
	suggest []suggestion
	pick    int
	offset  int // first body line shown when Today is longer than the screen
}

func newTodayView() todayView {
	v := todayView{keys: newTodayKeys()}
	v.syncKeys()
	return v
}

func (v todayView) update(msg tea.Msg, ctx *shared) (todayView, tea.Cmd) {
	switch msg := msg.(type) {
	case todayMsg:
		if msg.err != nil {
			return v, showError(msg.err)
		}
		v.recent, v.week, v.loaded = msg.recent, msg.week, true
		v.news = mergeNews(v.news, msg.news)
	case insightsMsg, promptsMsg:
		v.suggest = suggestions(&ctx.data, ctx.prompts, ctx.today())
		v.pick = 0
	case tea.KeyPressMsg:
		return v.handleKey(msg, ctx)
	case tea.MouseWheelMsg:
		v.offset = v.clamp(ctx, v.offset+wheelLines(msg))
	}
	v.syncKeys()
	return v, nil
}

// clamp keeps a scroll offset within Today's lines at the window's size.
func (v todayView) clamp(ctx *shared, off int) int {
	h := ctx.bodyHeight()
	n := len(v.allLines(ctx, ctx.width, h))
	return max(0, min(off, n-scrollRows(n, h)))
}

func (v todayView) handleKey(msg tea.KeyPressMsg, ctx *shared) (todayView, tea.Cmd) {
	page := max(1, ctx.bodyHeight()-2)
	if off, ok := v.keys.scrollLines(msg, v.offset, page, 1<<20); ok {
		v.offset = v.clamp(ctx, off)
		return v, nil
	}
	switch {
	case key.Matches(msg, v.keys.New):
		var s *suggestion
		if len(v.suggest) > 0 {
			s = &v.suggest[v.pick]
		}
		return v, ctx.post(openFormMsg{suggestion: s})
	case key.Matches(msg, v.keys.Reflect) && len(v.suggest) > 0:
		// Into today's entry, as on the Prompts tab; n starts a new one.
		return v, ctx.write(answerPrompt(ctx.svc.Entries, v.suggest[v.pick], ctx.today(), ctx.opts.Log))
	case key.Matches(msg, v.keys.Another) && len(v.suggest) > 0:
		v.pick = (v.pick + 1) % len(v.suggest)
	case key.Matches(msg, v.keys.Journal):
		return v, ctx.post(switchTabMsg{tab: tabJournal})
	case key.Matches(msg, v.keys.Prep):
		return v, ctx.post(switchTabMsg{tab: tabPrep})
	case key.Matches(msg, v.keys.SelfAssess):
		return v, ctx.post(openSelfAssessMsg{})
	case key.Matches(msg, v.keys.Export):
		return v, ctx.post(openExportMsg{})
	}
	return v, nil
}

func (v *todayView) syncKeys() {
	v.keys.Reflect.SetEnabled(len(v.suggest) > 0)
	v.keys.Another.SetEnabled(len(v.suggest) > 1)
}

// section is a block of Today's lines. The priority and min say how
// important a block is; Today scrolls rather than cut any of them.
type section struct {
	lines    []string
	priority int
	min      int
	ellipsis bool // mark a cut with "…"
}

// view draws Today in w x h cells: one column, or two from 110 columns.
// Nothing is dropped: when Today is longer than the screen it scrolls,
// with a hint on the last line that more is below.
func (v todayView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	switch {
	case ctx.loadErr != nil:
		return "\n " + st.StatusError.Render(journal.SafeLine("Could not read your ratings: "+journal.ErrorMessage(ctx.loadErr)))
	case !ctx.ready || !v.loaded:
		return "\n " + st.Muted.Render("Loading your journal…")
	}
	return scrollView(st, v.allLines(ctx, w, h), v.offset, w, h)
}

// allLines are every line of Today at width w, at least h of them in two
// columns.
func (v todayView) allLines(ctx *shared, w, h int) []string {
	if !ctx.ready || !v.loaded || ctx.loadErr != nil {
		return nil
	}
	if w >= 110 {
		leftW := w*11/20 - 1
		rightW := w - leftW - 3
		left := flatten(slices.Concat(v.newsSections(ctx, leftW), v.promptSections(ctx, leftW), v.driftSections(ctx, leftW)))
		right := flatten(v.weekSections(ctx, rightW))
		n := max(len(left), len(right), h)
		return strings.Split(joinColumns(fitBlock(joinLines(left), leftW, n), fitBlock(joinLines(right), rightW, n),
			" "+ctx.styles.Rule.Render("│")+" "), "\n")
	}
	sections := v.newsSections(ctx, w)
	sections = append(sections, v.promptSections(ctx, w)...)
	sections = append(sections, v.driftSections(ctx, w)...)
	sections = append(sections, section{lines: []string{""}, priority: 10})
	return flatten(append(sections, v.weekSections(ctx, w)...))
}

// flatten joins the sections' lines, every one of them.
func flatten(sections []section) []string {
	var out []string
	for _, s := range sections {
		out = append(out, s.lines...)
	}
	return out
}

// mergeNews adds to the feedback kept the items of fresh that it lacks or
// holds in an older form (by id), newest day first: feedback seen stays on
// Today for the rest of the session, and what comes in meanwhile joins it.
func mergeNews(kept, fresh []journal.Feedback) []journal.Feedback {
	if len(fresh) == 0 {
		return kept
	}
	out := slices.Clone(kept)
	for _, f := range fresh {
		if i := slices.IndexFunc(out, func(k journal.Feedback) bool { return k.ID == f.ID }); i >= 0 {
			out[i] = f
		} else {
			out = append(out, f)
		}
	}
	journal.SortFeedback(out)
	return out
}

// newsSections draw the coach feedback new since the last visit: how many
// items, the newest observed rating and the newest note, one line each.
func (v todayView) newsSections(ctx *shared, w int) []section {
	if len(v.news) == 0 {
		return nil
	}
	st := &ctx.styles
	head := "From your coach · " + itoa(len(v.news)) + " new since your last visit"
	if len(v.news) == 1 {
		head = "From your coach · 1 new since your last visit"
	}
	lines := []string{" " + st.Heading.Render(truncateText(head, w-2))}
	from := func(f *journal.Feedback) string {
		if c := journal.SafeLine(f.Coach); c != "" {
			return ", from " + c
		}
		return ""
	}
	if i := slices.IndexFunc(v.news, func(f journal.Feedback) bool { return f.Observed > 0 }); i >= 0 {
		f := &v.news[i]
		text := "◆ Observed " + itoa(f.Observed) + " in " + ctx.data.skillName(f.Skill) + " on " + f.Day.Short() + from(f)
		lines = append(lines, " "+st.Text.Render(truncateText(text, w-2)))
	}
	if i := slices.IndexFunc(v.news, func(f journal.Feedback) bool { return f.Note != "" }); i >= 0 {
		f := &v.news[i]
		on := ""
		if f.Skill != "" {
			on = " on " + ctx.data.skillName(f.Skill)
		}
		// One line of it: a long note is cut before it is made safe, so that
		// a frame never walks 64 KiB of it.
		text := "✎ Note" + on + ", " + f.Day.Short() + from(f) + ": " + journal.SafeLine(headOf(f.Note, 4*w))
		lines = append(lines, " "+st.Text.Render(truncateText(text, w-2)))
	}
	lines = append(lines, " "+st.Muted.Render(truncateText("All of it: hone feedback, the Prep tab and each skill's chart.", w-2)), "")
	return []section{{lines: lines, priority: 95, min: len(lines)}}
}

// headOf returns the first n runes of s (all of s when shorter).
func headOf(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// promptSections draw the suggested prompt and why it was chosen.
func (v todayView) promptSections(ctx *shared, w int) []section {
	st := &ctx.styles
	lines := []string{" " + st.Heading.Render("Reflect")}
	if len(v.suggest) == 0 {
		return []section{{lines: append(lines, " "+st.Muted.Render("No prompts in the library yet.")), priority: 100, min: 2}}
	}
	s := v.suggest[v.pick]
	text := wrapLines(journal.SafeLine(s.prompt.Text), w-4, "")
	for _, l := range text {
		lines = append(lines, " "+st.Key.Render("│")+" "+st.Quote.Render(l))
	}
	var why []string
	for _, l := range wrapLines(journal.SafeLine(s.why), w-2, "") {
		why = append(why, " "+st.Muted.Render(l))
	}
	return []section{{lines: lines, priority: 100, min: len(lines)}, {lines: why, priority: 60, min: 1, ellipsis: true}}
}

// driftSections draw the skills that need attention and those improving.
func (v todayView) driftSections(ctx *shared, w int) []section {
	st := &ctx.styles
	in := &ctx.data
	var drifting, watch, stale, never, improving []journal.Drift
	for _, d := range in.drift {
		switch {
		case d.Status == journal.StatusDrifting:
			drifting = append(drifting, d)
		case d.Status == journal.StatusWatch:
			watch = append(watch, d)
		case d.Status == journal.StatusImproving:
			improving = append(improving, d)
		}
		if d.Stale && d.Status != journal.StatusDrifting && d.Status != journal.StatusWatch {
			if d.Ratings == 0 {
				never = append(never, d)
			} else {
				stale = append(stale, d)
			}
		}
	}
	if len(never) == len(in.drift) {
		var lines []string
		for _, l := range wrapLines("After each meeting, rate the skills you used. Once a skill has a few weeks of "+
			"ratings, hone shows here whether it is drifting, improving or going unpractised.", w-2, "") {
			lines = append(lines, " "+st.Muted.Render(l))
		}
		return []section{{lines: append([]string{"", " " + st.Heading.Render("Your skills")}, lines...), priority: 50, min: 2}}
	}
	head := []string{"", " " + st.Heading.Render("Needs attention")}
	if len(drifting)+len(watch)+len(stale) == 0 {
		head = append(head, " "+st.Muted.Render("Nothing is drifting, and every skill you rate is in practice."))
	}
	for _, d := range drifting {
		head = append(head, " "+st.Drifting.Render("▼ "+in.skillName(d.Skill)+" is drifting"))
		for _, l := range wrapLines(d.Explanation, w-4, "") {
			head = append(head, "   "+st.Text.Render(l))
		}
	}
	var watchLines []string
	for _, d := range watch {
		watchLines = append(watchLines, " "+st.Watch.Render("~ "+in.skillName(d.Skill)+" · watch"))
		for _, l := range wrapLines(d.Explanation, w-4, "") {
			watchLines = append(watchLines, "   "+st.Muted.Render(l))
		}
	}
	var staleLines []string
	if len(stale)+len(never) > 0 {
		slices.SortStableFunc(stale, func(a, b journal.Drift) int { return b.DaysSince - a.DaysSince })
		names := make([]string, 0, len(stale))
		for _, d := range stale {
			names = append(names, in.skillName(d.Skill)+" ("+itoa(d.DaysSince)+" days)")
		}
		text := "○ Not practised lately: " + strings.Join(names, ", ")
		switch {
		case len(stale) == 0:
			text = "○ Not rated yet: " + plural(len(never), "skill") + "."
		case len(never) > 0:
			text += "; " + itoa(len(never)) + " not rated yet."
		default:
			text += "."
		}
		for _, l := range wrapLines(text, w-2, "  ") {
			staleLines = append(staleLines, " "+st.Stale.Render(l))
		}
	}
	var good []string
	if len(improving) > 0 {
		good = append(good, "", " "+st.Heading.Render("Going well"))
		for _, d := range improving {
			good = append(good, " "+st.Improving.Render("▲ "+in.skillName(d.Skill)+" is improving"))
			for _, l := range wrapLines(d.Explanation, w-4, "") {
				good = append(good, "   "+st.Muted.Render(l))
			}
		}
	}
	var note []string
	if len(drifting)+len(watch)+len(improving) > 0 {
		for _, l := range wrapLines(journal.SelfRatingNote, w-2, "") {
			note = append(note, " "+st.Faint.Render(l))
		}
	}
	return []section{
		{lines: head, priority: 90, min: min(len(head), 3)},
		{lines: watchLines, priority: 68, min: min(len(watchLines), 1)},
		{lines: staleLines, priority: 66, min: min(len(staleLines), 1), ellipsis: true},
		{lines: good, priority: 67, min: min(len(good), 3)},
		{lines: note, priority: 70, min: 0},
	}
}

// weekSections draw this week's count and the last entries.
func (v todayView) weekSections(ctx *shared, w int) []section {
	st := &ctx.styles
	if len(v.recent) == 0 {
		return []section{{priority: 80, min: 2, lines: []string{
			" " + st.Heading.Render("Your journal"),
			" " + st.Text.Render("No entries yet. Press ") + st.Key.Render("n") +
				st.Text.Render(" to write your first: it takes two minutes."),
		}}}
	}
	week := "none yet this week"
	if v.week > 0 {
		week = itoa(v.week) + " this week"
	}
	head := []string{" " + st.Heading.Render("Recent entries") + st.Muted.Render(" · "+week)}
	var rows []string
	if w < 70 {
		// A narrow column: each entry on two lines.
		for _, e := range v.recent {
			title, _ := entryTitle(e)
			meta := e.Date.Time().Format("Mon 2 Jan") + " · " + kindLabel(e)
			if f := journal.SafeLine(e.Family); f != "" {
				meta += " · " + f
			}
			rows = append(rows, " "+st.Muted.Render(truncateText(meta, w-2)), "   "+st.Text.Render(truncateText(title, w-4)))
		}
		return []section{{lines: head, priority: 80, min: 1}, {lines: rows, priority: 65, min: min(6, len(rows))}}
	}
	cols := compactColumns(w, v.recent)
	for _, e := range v.recent {
		rows = append(rows, entryRow(e, w, cols, st, false))
	}
	return []section{{lines: head, priority: 80, min: 1}, {lines: rows, priority: 65, min: min(3, len(rows))}}
}

// compactColumns are entry columns for Today's narrower list: no chips
// below 100 cells.
func compactColumns(w int, entries []*journal.Entry) entryColumns {
	c := columnsFor(w, entries)
	if w < 100 {
		c.title += c.chips
		c.chips = 0
	}
	return c
}

// joinColumns puts two blocks of the same height side by side.
func joinColumns(left, right, sep string) string {
	l := strings.Split(left, "\n")
	r := strings.Split(right, "\n")
	var b strings.Builder
	for i := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l[i])
		b.WriteString(sep)
		if i < len(r) {
			b.WriteString(r[i])
		}
	}
	return b.String()
}
