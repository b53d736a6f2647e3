package ui

// The Team tab's lines: the grid of people by skills, its columns, and
// the lines below it (reviewteam.go has the grid's cursor and keys).

import (
	"strings"

	"hone/journal"
)

// teamDrawn is what the Team tab shows now, with its grid's cursor at
// cur: the same for every facilitator.
func teamDrawn(ctx *shared, cur gridCursor) reviewDrawn {
	return reviewDrawn{data: ctx.review, w: ctx.width, dark: ctx.styles.Dark, mono: ctx.styles.Mono, grid: cur}
}

// teamDraw draws the Team tab for the cursor d holds.
func teamDraw(d reviewDrawn) func(*shared, int) []string {
	return func(ctx *shared, w int) []string { return teamLinesAt(ctx, w, d.grid) }
}

// syncTeam draws the Team tab again when it was drawn for other than d:
// the part below the grid only when the team, the width or the styles
// changed, not when only the grid's cursor moved.
func (t *reviewTab) syncTeam(ctx *shared, d reviewDrawn) {
	if t.drawn == d {
		return
	}
	if ctx.review == nil || !ctx.review.teamDone {
		t.lines, t.drawn = teamLinesAt(ctx, d.w, d.grid), d
		return
	}
	rd := d
	rd.grid = gridCursor{}
	if t.restDrawn != rd {
		t.rest, t.restDrawn = teamRest(ctx, d.w), rd
	}
	bd := rd
	n := len(ctx.review.team.Skills)
	bd.grid = gridCursor{row: -1, first: gridFirst(d.grid, gridFit(d.w, n), n)}
	if t.gridDrawn != bd {
		t.gridBase, t.gridDrawn = gridLines(ctx, d.w, bd.grid), bd
	}
	t.lines, t.drawn = append(teamTopOver(ctx, d.w, gridLinesOver(ctx, d.w, d.grid, t.gridBase)), t.rest...), d
}

// The Team table's columns: a count per verdict, and the median level.
const teamColW = 7

// teamLinesAt draws the Team tab with the grid's cursor at cur: the team
// at a glance (gridLines), the skills the group could learn together, the
// team topics and pairs, the levels per key element period by period
// (levelLines), then a table per key element and skill of how many
// facilitators drift, are on watch, improve, are steady, have no verdict
// or let the skill go stale, with the team's median level.
func teamLinesAt(ctx *shared, w int, cur gridCursor) []string {
	st := &ctx.styles
	r := ctx.review
	if r == nil {
		return nil
	}
	if !r.teamDone {
		text := "Reading the exports…"
		if l := r.loading(); l != "" {
			text += " " + l
		}
		return []string{"", " " + st.Muted.Render(text)}
	}
	return append(teamTop(ctx, w, cur), teamRest(ctx, w)...)
}

// teamTop draws the top of the Team tab, the team once in: its heading and
// the grid with the cursor at cur. A key that moves the cursor draws it
// again, and only it.
func teamTop(ctx *shared, w int, cur gridCursor) []string {
	return teamTopOver(ctx, w, gridLines(ctx, w, cur))
}

// teamTopOver is teamTop with the grid's lines given.
func teamTopOver(ctx *shared, w int, grid []string) []string {
	st := &ctx.styles
	t := &ctx.review.team
	lines := []string{" " + st.Heading.Render("The team") + st.Muted.Render(" · "+plural(t.Size, "facilitator")+" · "+teamAsOf(ctx.review)), ""}
	for _, l := range grid {
		lines = append(lines, " "+l)
	}
	return lines
}

// teamAsOf says the day the team's verdicts are as of: the day of its
// members' exports' verdicts (carried, the facilitators' own, or analysed
// as of today), or their span when the days differ. An export that could
// not be read has no day.
func teamAsOf(r *reviewData) string {
	first, last := r.team.AsOf, r.team.AsOf
	found := false
	for _, i := range r.members {
		if i >= len(r.facs) || !r.facs[i].loaded || r.facs[i].err != nil {
			continue
		}
		d := r.facs[i].asOf
		if !found {
			first, last, found = d, d, true
		}
		first, last = min(first, d), max(last, d)
	}
	if first == last {
		return "verdicts as of " + first.Short()
	}
	return "verdicts as of each export's day, " + first.Short() + " to " + last.Short()
}

// teamRest draws the Team tab below the grid, the team once in.
func teamRest(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	t := &r.team
	tw := min(w-2, 110)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add("", " "+st.Heading.Render("Skills the group could learn together"))
	if len(t.Together) == 0 {
		add(" " + st.Muted.Render("None: no skill is drifting or on watch for 2 or more facilitators."))
	}
	for _, s := range t.Together {
		var who []string
		for i, status := range s.Statuses {
			if status == journal.StatusDrifting || status == journal.StatusWatch {
				who = append(who, r.name(r.members[i])+" ("+string(status)+")")
			}
		}
		name := journal.SafeLine(s.Name)
		counts := teamCounts(s.Drifting, s.Watch)
		add(" " + st.Key.Render("•") + " " + st.Bold.Render(truncateText(name, tw-2)) + st.Muted.Render(truncateText(" · "+counts, max(0, tw-2-len([]rune(name))))))
		for _, l := range wrapLines(strings.Join(who, ", "), tw-3, "") {
			add("   " + st.Muted.Render(l))
		}
	}

	add("", " "+st.Heading.Render("Team topics"))
	topics := journal.TeamTopics(*t)
	if len(topics) == 0 {
		add(" " + st.Muted.Render("None: no skill has a team median under 3 or 2 or more drifting or on watch."))
	}
	for _, tp := range topics {
		name := journal.SafeLine(tp.Skill.Name)
		add(" " + st.Key.Render("•") + " " + st.Bold.Render(truncateText(name, tw-2)))
		for _, l := range wrapLines(tp.Why(), tw-3, "") {
			add("   " + st.Muted.Render(l))
		}
	}
	add("", " "+st.Heading.Render("Pairs to learn together"))
	pairs := journal.TeamPairs(*t)
	if len(pairs) == 0 {
		add(" " + st.Muted.Render("None: no one drifting or on watch has a peer steady or improving a point higher."))
	}
	names := make([]string, t.Size)
	for i := range names {
		if i < len(r.members) {
			names[i] = r.name(r.members[i])
		}
	}
	for _, pr := range pairs {
		for j, l := range wrapLines(pr.Sentence(names), tw-3, "") {
			lead := "   "
			if j == 0 {
				lead = " " + st.Key.Render("•") + " "
			}
			add(lead + st.Text.Render(l))
		}
	}

	add(levelLines(ctx, w)...)

	nameW := max(12, min(40, w-2-6*teamColW-8))
	head := "  " + pad("Skill", nameW) + padLeft("Drift", teamColW) + padLeft("Watch", teamColW) + padLeft("Impr.", teamColW) +
		padLeft("Steady", teamColW) + padLeft("None", teamColW) + padLeft("Stale", teamColW) + padLeft("Median", 8)
	add("", " "+st.Heading.Render("By key element and skill"))
	add(st.ColumnHead.Render(fitLine(head, w)))
	cell := func(n int, style func(...string) string) string {
		if n == 0 {
			return st.Faint.Render(padLeft("·", teamColW))
		}
		return style(padLeft(itoa(n), teamColW))
	}
	bySkill := map[string]*journal.TeamSkill{}
	for i := range t.Skills {
		bySkill[t.Skills[i].ID] = &t.Skills[i]
	}
	for _, k := range t.KeyElements {
		ke := journal.SafeLine(k.KeyElement)
		if ke == "" {
			ke = "No key element"
		}
		add(" " + st.Heading.Render(pad(truncateText(ke, nameW+1), nameW+1)) + cell(k.Drifting, st.Drifting.Render) +
			cell(k.Watch, st.Watch.Render) + cell(k.Improving, st.Improving.Render) + strings.Repeat(" ", 3*teamColW) +
			st.Bold.Render(padLeft(k.Median.String(), 8)))
		for _, id := range k.Skills {
			s := bySkill[id]
			if s == nil {
				continue
			}
			add("  " + st.Text.Render(pad(truncateText(journal.SafeLine(s.Name), nameW-1), nameW)) + cell(s.Drifting, st.Drifting.Render) +
				cell(s.Watch, st.Watch.Render) + cell(s.Improving, st.Improving.Render) + cell(s.Steady, st.Steady.Render) +
				cell(s.NoVerdict(), st.Quiet.Render) + cell(s.Stale, st.Stale.Render) + st.Text.Render(padLeft(s.Median.String(), 8)))
		}
	}
	add("")
	for _, l := range wrapLines("Counts are facilitators. A key element's row counts those with at least one of its skills "+
		"drifting, on watch or improving, and its median is of their mean levels. None: too few ratings, or none for "+
		"over 90 days. Stale: rated, but not lately. "+journal.SharedRatingNote, tw, "") {
		add(" " + st.Faint.Render(l))
	}
	return lines
}

// statusSymbol returns the symbol of a verdict and the style it is drawn
// in.
func statusSymbol(st *theme, s journal.Status) (string, func(...string) string) {
	switch s {
	case journal.StatusDrifting:
		return "▼", st.Drifting.Render
	case journal.StatusWatch:
		return "◆", st.Watch.Render
	case journal.StatusImproving:
		return "▲", st.Improving.Render
	case journal.StatusSteady:
		return "●", st.Steady.Render
	case journal.StatusDormant:
		return "–", st.Quiet.Render
	}
	return "few", st.Quiet.Render
}

// teamCounts says how many facilitators drift and are on watch.
func teamCounts(drifting, watch int) string {
	var parts []string
	if drifting > 0 {
		parts = append(parts, itoa(drifting)+" drifting")
	}
	if watch > 0 {
		parts = append(parts, itoa(watch)+" on watch")
	}
	return strings.Join(parts, ", ")
}
