package ui

import (
	"slices"
	"strings"

	"hone/journal"
)

// suggestion is a reflection prompt hone proposes, with the reason.
type suggestion struct {
	prompt journal.Prompt
	skill  string // the skill it was chosen for; "" for a general prompt
	why    string
}

// attention lists the active skills that need attention, most urgent first:
// drifting, then watch, then stale (longest unrated first, never rated
// last).
func attention(in *insights) []journal.Drift {
	var drifting, watch, stale []journal.Drift
	for _, d := range in.drift {
		switch {
		case d.Status == journal.StatusDrifting:
			drifting = append(drifting, d)
		case d.Status == journal.StatusWatch:
			watch = append(watch, d)
		case d.Stale:
			stale = append(stale, d)
		}
	}
	slices.SortStableFunc(stale, func(a, b journal.Drift) int {
		switch {
		case a.Ratings == 0 && b.Ratings == 0:
			return 0
		case a.Ratings == 0:
			return 1
		case b.Ratings == 0:
			return -1
		}
		return b.DaysSince - a.DaysSince
	})
	return slices.Concat(drifting, watch, stale)
}

// suggestions returns reflection prompts for the skills that need attention,
// one per skill in order of urgency, then a few general prompts. Which of a
// skill's prompts comes up turns over day by day.
func suggestions(in *insights, prompts []journal.Prompt, today journal.Day) []suggestion {
	var out []suggestion
	seen := map[string]bool{}
	rated := slices.ContainsFunc(in.drift, func(d journal.Drift) bool { return d.Ratings > 0 })
	for _, d := range attention(in) {
		if d.Ratings == 0 && !rated {
			continue // a new journal: general prompts suit it better
		}
		ps := journal.PromptsFor(prompts, d.Skill)
		if len(ps) == 0 {
			continue
		}
		p := ps[int(uint32(today))%len(ps)]
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		out = append(out, suggestion{prompt: p, skill: d.Skill, why: whyPrompt(in, d)})
	}
	var general []journal.Prompt
	for _, p := range prompts {
		if !p.Archived && !seen[p.ID] && hasModelTag(p) {
			general = append(general, p)
		}
	}
	why := "A general prompt: no skill needs attention."
	if len(out) > 0 {
		why = "A general prompt, from the reflective models."
	}
	for i := range min(3, len(general)) {
		p := general[(int(uint32(today))+i*7)%len(general)]
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, suggestion{prompt: p, why: why})
		}
	}
	return out
}

// whyPrompt says why a prompt was chosen for d's skill.
func whyPrompt(in *insights, d journal.Drift) string {
	name := in.skillName(d.Skill)
	switch {
	case d.Status == journal.StatusDrifting:
		return "Chosen for " + name + ", which is drifting."
	case d.Status == journal.StatusWatch:
		return "Chosen for " + name + ", which is on watch."
	case d.Ratings == 0:
		return "Chosen for " + name + ", which you have not rated yet."
	}
	return "Chosen for " + name + ", not rated for " + plural(d.DaysSince, "day") + "."
}

// hasModelTag reports whether p belongs to a reflective model (gibbs:...).
func hasModelTag(p journal.Prompt) bool {
	for _, t := range p.Tags {
		if model, _, ok := strings.Cut(t, ":"); ok && model != "phase" {
			return true
		}
	}
	return false
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return itoa(n) + " " + unit + "s"
}
