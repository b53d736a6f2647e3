package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// skillsView is the Skills tab: the active skills grouped by key element,
// each with its drift status, level, baseline and when it was last rated.
type skillsView struct {
	keys   skillsKeys
	rows   []skillRow
	cursor int // index into rows; always a skill row when there is one
	offset int
}

// skillRow is a line of the Skills table: a key element's heading, or a
// skill.
type skillRow struct {
	heading string
	skill   journal.Skill
	drift   journal.Drift
}

func newSkillsView() skillsView { return skillsView{keys: newSkillsKeys()} }

// skillRows groups the active skills by key element, in the key elements'
// order; key elements of custom skills follow in the order they appear.
func skillRows(in *insights) []skillRow {
	order := journal.KeyElements()
	groups := map[string][]skillRow{}
	for _, d := range in.drift {
		s, ok := in.catalog.Find(d.Skill)
		if !ok {
			continue
		}
		ke := strings.TrimSpace(s.KeyElement)
		if ke == "" {
			ke = "Other"
		}
		if !slices.Contains(order, ke) {
			order = append(order, ke)
		}
		groups[ke] = append(groups[ke], skillRow{skill: s, drift: d})
	}
	var rows []skillRow
	for _, ke := range order {
		if len(groups[ke]) == 0 {
			continue
		}
		rows = append(rows, skillRow{heading: ke})
		rows = append(rows, groups[ke]...)
	}
	return rows
}

func (v skillsView) update(msg tea.Msg, ctx *shared) (skillsView, tea.Cmd) {
	switch msg := msg.(type) {
	case insightsMsg:
		v.rows = skillRows(&ctx.data)
		v.cursor = v.step(min(v.cursor, len(v.rows)-1), 1)
	case tea.KeyPressMsg:
		k := v.keys
		switch {
		case key.Matches(msg, k.Up):
			v.cursor = v.step(v.cursor-1, -1)
		case key.Matches(msg, k.Down):
			v.cursor = v.step(v.cursor+1, 1)
		case key.Matches(msg, k.PageUp):
			v.cursor = v.step(v.cursor-ctx.bodyHeight()/2, -1)
		case key.Matches(msg, k.PageDown):
			v.cursor = v.step(v.cursor+ctx.bodyHeight()/2, 1)
		case key.Matches(msg, k.Top):
			v.cursor = v.step(0, 1)
		case key.Matches(msg, k.Bottom):
			v.cursor = v.step(len(v.rows)-1, -1)
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			v.cursor = v.step(v.cursor-3, -1)
		} else if msg.Button == tea.MouseWheelDown {
			v.cursor = v.step(v.cursor+3, 1)
		}
	case tea.MouseClickMsg:
		if i := v.offset + msg.Y - bodyTop - 1; msg.Button == tea.MouseLeft && i >= v.offset && i < len(v.rows) &&
			v.rows[i].heading == "" {
			v.cursor = i
		}
	}
	v.scroll(ctx.bodyHeight() - 2 - len(wrapLines(skillsNote, ctx.width-2, "")))
	return v, nil
}

// step moves the cursor to i, or on in direction dir to the nearest skill
// row, staying within the rows.
func (v skillsView) step(i, dir int) int {
	if len(v.rows) == 0 {
		return 0
	}
	i = max(0, min(i, len(v.rows)-1))
	for j := i; j >= 0 && j < len(v.rows); j += dir {
		if v.rows[j].heading == "" {
			return j
		}
	}
	for j := i; j >= 0 && j < len(v.rows); j -= dir {
		if v.rows[j].heading == "" {
			return j
		}
	}
	return i
}

func (v *skillsView) scroll(h int) {
	h = max(1, h)
	if v.cursor < v.offset+1 {
		v.offset = max(0, v.cursor-1) // keep the heading above in view
	}
	if v.cursor >= v.offset+h {
		v.offset = v.cursor - h + 1
	}
}

// statusLabel is a verdict as the Skills table and the form show it.
func statusLabel(d journal.Drift) string {
	switch d.Status {
	case journal.StatusDrifting:
		return "▼ drifting"
	case journal.StatusImproving:
		return "▲ improving"
	case journal.StatusWatch:
		return "~ watch"
	case journal.StatusSteady:
		return "· steady"
	case journal.StatusDormant:
		return "  dormant"
	}
	if d.Ratings == 0 {
		return "  not rated"
	}
	return "  too few"
}

func (v skillsView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	switch {
	case ctx.loadErr != nil:
		return "\n " + st.StatusError.Render(journal.SafeLine("Could not read your skills: "+journal.ErrorMessage(ctx.loadErr)))
	case !ctx.ready:
		return "\n " + st.Muted.Render("Loading skills…")
	}
	const statusW, numW, lastW = 12, 5, 13
	nameW := max(12, min(34, w-2-statusW-2*numW-lastW-4*colGap))
	gap := strings.Repeat(" ", colGap)
	head := "  " + pad("Skill", nameW) + gap + pad("Status", statusW) + gap + padLeft("Level", numW) + gap +
		padLeft("Base", numW) + gap + "Last rated"
	lines := []string{st.ColumnHead.Render(fitLine(head, w))}
	var notes []string
	for i, l := range wrapLines(skillsNote, w-2, "") {
		if i == 0 {
			l = st.Stale.Render("○") + st.Faint.Render(strings.TrimPrefix(l, "○"))
		} else {
			l = st.Faint.Render(l)
		}
		notes = append(notes, " "+l)
	}
	rows := h - 2 - len(notes)
	for i := v.offset; i < len(v.rows) && i < v.offset+rows; i++ {
		r := v.rows[i]
		if r.heading != "" {
			lines = append(lines, " "+st.Heading.Render(journal.SafeLine(r.heading)))
			continue
		}
		d := r.drift
		last := "never"
		if d.Ratings > 0 {
			last = d.LastRated.Short()
		}
		staleMark := "  "
		if d.Stale {
			staleMark = "○ "
		}
		name := journal.SafeLine(r.skill.Name)
		if i == v.cursor {
			line := "▸ " + pad(name, nameW) + gap + pad(statusLabel(d), statusW) + gap + padLeft(d.Level.String(), numW) +
				gap + padLeft(d.Baseline.String(), numW) + gap + staleMark + last
			lines = append(lines, st.Selected.Render(fitLine(line, w)))
			continue
		}
		line := "  " + st.Text.Render(pad(name, nameW)) + gap + st.status(d.Status).Render(pad(statusLabel(d), statusW)) +
			gap + st.Text.Render(padLeft(d.Level.String(), numW)) + gap + st.Muted.Render(padLeft(d.Baseline.String(), numW)) +
			gap + st.Stale.Render(staleMark) + st.Muted.Render(last)
		lines = append(lines, fitLine(line, w))
	}
	for len(lines) < h-len(notes) {
		lines = append(lines, "")
	}
	return joinLines(append(lines, notes...))
}

// skillsNote closes the Skills table: the stale mark's legend and what
// self-ratings are for.
const skillsNote = "○ not practised lately.  " + journal.SelfRatingNote

// padLeft right-aligns plain text in w cells.
func padLeft(s string, w int) string {
	if n := len([]rune(s)); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
