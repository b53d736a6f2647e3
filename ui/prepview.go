package ui

// The Prep tab drawn: the preparation's sections, in the order
// supervision needs them, and a self-assessment's comparison.

import (
	"strings"

	"hone/journal"
)

// view draws the tab in w by h cells: the goal form when open, else the
// preparation.
func (v prepView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	if v.form != nil {
		return v.form.view(ctx, w, h)
	}
	head := " " + st.Heading.Render("Supervision preparation")
	right := st.Muted.Render(prepDaysWords(v.days)+" to today") + st.Faint.Render(", [ or ] to change ")
	if v.prep != nil && (v.loading || v.linesFor.seq != v.prepSeq) {
		right = st.Muted.Render("Updating… ")
	}
	lines := []string{spread(head, right, w)}
	switch {
	case v.err != nil:
		lines = append(lines, "", " "+st.StatusError.Render(journal.SafeLine("Could not prepare: "+journal.ErrorMessage(v.err))))
	case v.prep == nil:
		lines = append(lines, "", " "+st.Muted.Render("Preparing…"))
	case v.lines == nil:
		lines = append(lines, "", " "+st.Muted.Render("Laying out…"))
	default:
		return joinLines(lines) + "\n" + scrollView(st, v.lines, v.offset, w, max(1, h-1))
	}
	return fitBlock(joinLines(lines), w, h)
}

// entriesWords counts entries: "1 entry", "31 entries".
func entriesWords(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return itoa(n) + " entries"
}

// prepDaysWords says the period's length: "30 days", "5 weeks".
func prepDaysWords(n int) string {
	if n >= 14 && n%7 == 0 {
		return plural(n/7, "week")
	}
	return plural(n, "day")
}

// renderPrep draws a preparation in w cells, one line a string, with the
// sections and content of `hone prep`. Every text from the journal is made
// safe for the terminal first.
func renderPrep(p *journal.Prep, st *theme, w int) []string {
	tw := min(w-2, 100)
	t := textLines{width: tw}
	add, para := t.add, t.para
	heading := func(s string) { add("", " "+st.Heading.Render(s)) }
	sub := func(s string, style func(...string) string) { add(" " + style(s)) }

	para(p.Period()+" ("+prepDaysWords(p.Days())+"), drift as of "+p.AsOf.Short()+".", st.Text.Render, "")
	para("Private: for you and your supervisor. It holds your own reflections, private ones included; "+
		"notes, titles and family codes are left out.", st.Faint.Render, "")

	// What supervision needs first: what needs attention, then the
	// questions to bring; the counts after.
	heading("Drift as of " + p.AsOf.Short())
	if len(p.Drifting) == 0 {
		para("Nothing is drifting.", st.Muted.Render, "  ")
	}
	for _, g := range []struct {
		title, intro string
		style        func(...string) string
		skills       []journal.SkillDrift
	}{
		{"▼ Drifting", "A lasting drop below your usual level, or below the same months a year earlier.", st.Drifting.Render, p.Drifting},
		{"~ Worth watching", "A drop not yet lasting: worth a look before it becomes one.", st.Watch.Render, p.Watch},
		{"▲ Improving", "A lasting rise above your baseline: well done, and worth knowing why.", st.Improving.Render, p.Improving},
		{"○ Not practised lately", "Skills you have not rated for a while.", st.Stale.Render, p.Stale},
	} {
		if len(g.skills) == 0 {
			continue
		}
		add("")
		sub("  "+g.title, g.style)
		para(g.intro, st.Faint.Render, "  ")
		var never []string
		for _, sd := range g.skills {
			if sd.Drift.Ratings == 0 {
				never = append(never, journal.SafeLine(sd.Name))
				continue
			}
			add("   " + st.Bold.Render(journal.SafeLine(sd.Name)))
			para(journal.SafeLine(sd.Drift.Explanation), st.Text.Render, "    ")
		}
		if len(never) > 0 {
			para("Not rated yet: "+strings.Join(never, ", ")+".", st.Muted.Render, "  ")
		}
	}
	add("")
	para(journal.SelfRatingNote, st.Faint.Render, "  ")

	prepFeedbackLines(&t, p, st)
	heading("Questions to bring")
	for i, q := range p.Questions {
		for j, l := range wrapLines(journal.SafeLine(q), tw-5, "") {
			lead := "     "
			if j == 0 {
				lead = "  " + st.Key.Render(itoa(i+1)+".") + " "
			}
			add(" " + lead + st.Text.Render(l))
		}
	}
	add("")

	heading("The period")
	if p.Entries == 0 {
		para("No entries in this period.", st.Muted.Render, "  ")
	} else {
		var kinds, phases []string
		for _, k := range p.Kinds {
			kinds = append(kinds, journal.SafeLine(string(k.Kind))+" "+itoa(k.Count))
		}
		for _, ph := range p.Phases {
			phases = append(phases, phaseName(ph.Phase)+" "+itoa(ph.Count))
		}
		para(entriesWords(p.Entries)+": "+strings.Join(kinds, ", ")+".", st.Text.Render, "  ")
		para("By phase: "+strings.Join(phases, ", ")+".", st.Text.Render, "  ")
		ratings := "none, self-assessments aside"
		if p.Ratings > 0 {
			ratings = plural(p.Ratings, "rating") + " of " + plural(len(p.Practised), "skill")
		}
		para("Ratings: "+ratings+".", st.Text.Render, "  ")
	}

	heading("Skills you practised")
	if len(p.Practised) == 0 {
		para("Nothing rated in this period.", st.Muted.Render, "  ")
	}
	nameW := 0
	for _, s := range p.Practised {
		nameW = max(nameW, cellWidth(journal.SafeLine(s.Name)))
	}
	nameW = min(nameW, tw/2)
	for _, s := range p.Practised {
		add("   " + st.Text.Render(pad(journal.SafeLine(s.Name), nameW)) + "  " +
			st.Muted.Render(plural(s.Count, "rating")+", mean "+s.Mean.String()))
	}

	heading("Reflections")
	if len(p.Reflections) == 0 {
		para("No reflections in this period.", st.Muted.Render, "  ")
	}
	for i, r := range p.Reflections {
		switch {
		case i == 0 && r.Starred:
			sub("  ★ For supervision", st.Star.Render)
			para("The reflections you starred to bring.", st.Faint.Render, "  ")
		case i == p.Starred && p.Starred > 0:
			add("")
			sub("  Other reflections", st.Bold.Render)
		}
		meta := r.Date.Short() + " · " + journal.SafeLine(string(r.Kind))
		if r.Phase > 0 {
			meta += ", phase " + itoa(r.Phase)
		}
		if !r.Shared {
			meta += " · private"
		}
		star := ""
		if r.Starred {
			star = st.Star.Render("★ ")
		}
		add("", "   "+star+st.Muted.Render(meta))
		for _, l := range wrapLines(journal.SafeLine(r.Prompt), tw-5, "") {
			add("   " + st.Key.Render("│ ") + st.Quote.Render(l))
		}
		para(strings.TrimSpace(journal.SafeText(r.Answer)), st.Text.Render, "    ")
	}

	heading("Learning goals")
	if len(p.Goals) == 0 {
		para("No learning goals yet. One to three, set at supervision (g here, or hone goals add), "+
			"give the next preparation something to look back on.", st.Muted.Render, "  ")
	} else {
		para("What happened to the skills of each goal since you set it, next to the "+itoa(journal.PrepBeforeDays)+
			" days before.", st.Faint.Render, "  ")
	}
	for _, g := range p.Goals {
		text := wrapLines("• "+strings.TrimSpace(journal.SafeLine(g.Goal.Text)), tw-2, "  ")
		for _, l := range text {
			add("   " + st.Bold.Render(l))
		}
		add("      " + st.Muted.Render("set "+g.Goal.Set.Short()+", "+g.Goal.State()))
		for _, s := range g.Progress {
			since := "not rated since"
			if s.Since.Count > 0 {
				since = plural(s.Since.Count, "rating") + " since, mean " + s.Since.Mean.String()
			}
			before := "none in the " + itoa(journal.PrepBeforeDays) + " days before"
			if s.Before.Count > 0 {
				before = plural(s.Before.Count, "rating") + " in the " + itoa(journal.PrepBeforeDays) +
					" days before, mean " + s.Before.Mean.String()
			}
			para(journal.SafeLine(s.Name)+": "+since+"; "+before+". Now "+journal.StatusWords(s.Drift)+".", st.Text.Render, "     ")
		}
	}

	heading("Self-assessment")
	switch sa := p.SelfAssessment; {
	case sa == nil:
		para("No self-assessment in this period. S rates every skill at once.", st.Muted.Render, "  ")
	default:
		for _, l := range comparisonLines(sa.Current, sa.Previous, sa.Changes, p.SkillName, st, tw) {
			add(" " + l)
		}
	}

	return t.lines
}

// comparisonLines draw how a self-assessment compares with the one before:
// what moved up, what moved down, what stayed. name gives a skill's name.
func comparisonLines(cur, prev *journal.Entry, changes []journal.SkillChange, name func(string) string, st *theme, w int) []string {
	var lines []string
	para := func(text string, style func(...string) string, indent string) {
		for _, l := range wrapLines(text, w-len(indent), "") {
			lines = append(lines, indent+style(l))
		}
	}
	if prev == nil {
		para("Your self-assessment of "+cur.Date.Short()+" is your first; the next one will be compared with it.",
			st.Text.Render, " ")
		return lines
	}
	para("Your self-assessment of "+cur.Date.Short()+" next to the one of "+prev.Date.Short()+".", st.Text.Render, " ")
	groups := []struct {
		title string
		style func(...string) string
		moved string
	}{
		{"▲ Moved up", st.Improving.Render, "moved up"},
		{"▼ Moved down", st.Drifting.Render, "moved down"},
		{"· Stayed", st.Steady.Render, "stayed"},
		{"Rated only this time", st.Muted.Render, "rated only now"},
		{"Not rated this time", st.Muted.Render, "not rated this time"},
	}
	for _, g := range groups {
		var cs []journal.SkillChange
		for _, c := range changes {
			if c.Moved() == g.moved {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			continue
		}
		lines = append(lines, " "+g.style(g.title))
		var parts []string
		for _, c := range cs {
			switch {
			case c.Before > 0 && c.After > 0 && c.Delta != 0:
				parts = append(parts, journal.SafeLine(name(c.Skill))+" "+itoa(c.Before)+" → "+itoa(c.After))
			case c.After > 0:
				parts = append(parts, journal.SafeLine(name(c.Skill))+" "+itoa(c.After))
			default:
				parts = append(parts, journal.SafeLine(name(c.Skill))+" ("+itoa(c.Before)+" last time)")
			}
		}
		para(strings.Join(parts, ", ")+".", st.Text.Render, "   ")
	}
	return lines
}
