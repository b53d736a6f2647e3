package journal

// The Markdown of a supervision preparation (hone prep, the Prep tab's
// w), and the words it is written with; prep.go builds the Prep.

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// WritePrepMarkdown writes p as the Markdown of `hone prep`: a note that the
// file holds private reflections, then the period and its counts, the skills
// practised, drift (drifting, worth watching, improving, not practised
// lately, with the explanation sentences of `hone drift` and
// SelfRatingNote), the reflections (starred ones first), the learning goals,
// the self-assessment compared with the previous one, and the questions to
// bring. Family codes, titles and notes are never written.
//
// Text from the journal is made safe and escaped as WriteExportMarkdown
// does: one-line text (names, prompts, goals, questions) with every
// Markdown punctuation character escaped, answers as block quotes.
func WritePrepMarkdown(w io.Writer, p *Prep) error {
	bw := bufio.NewWriter(w)
	out := func(lines ...string) {
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	skill := func(name, id string) string { return "**" + mdInline(name) + "** (" + mdInline(id) + ")" }

	out("# Supervision preparation", "",
		"*Private: this file holds your own reflections, private ones included. It is for you and your supervisor; "+
			"keep it on your machine or hand it over yourself. Notes, titles and family codes are left out.*", "")

	// 1. The period.
	out("## The period", "",
		p.Period()+" ("+prepDays(p.Days())+"), drift as of "+p.AsOf.Short()+".", "")
	if p.Entries == 0 {
		out("No entries in this period.", "")
	} else {
		var kinds, phases []string
		for _, k := range p.Kinds {
			kinds = append(kinds, kindWords(k.Kind, k.Count))
		}
		for _, ph := range p.Phases {
			phases = append(phases, phaseWords(ph.Phase, ph.Count))
		}
		out("- **"+countOf(p.Entries, "entry", "entries")+":** "+mdInline(strings.Join(kinds, ", "))+".",
			"- **By phase:** "+strings.Join(phases, ", ")+".",
			"- **Ratings:** "+ratingsWords(p.Ratings, len(p.Practised))+".", "")
	}

	// 2. Skills practised.
	out("## Skills you practised", "")
	if len(p.Practised) == 0 {
		out("Nothing rated in this period.", "")
	} else {
		out("How often you rated each skill in the period, most practised first (self-assessments are compared below, not counted here).", "")
		for _, s := range p.Practised {
			out("- " + skill(s.Name, s.Skill) + ": " + countOf(s.Count, "rating", "ratings") + ", mean " + s.Mean.String())
		}
		out("")
	}

	// 3. Drift.
	out("## Drift as of "+p.AsOf.Short(), "", "> "+SelfRatingNote, "")
	if len(p.Drifting) == 0 {
		out("Nothing is drifting.", "")
	}
	for _, g := range []struct {
		title, intro string
		skills       []SkillDrift
	}{
		{"Drifting", "A lasting drop below your usual level, or below the same months a year earlier.", p.Drifting},
		{"Worth watching", "A drop not yet lasting: worth a look before it becomes one.", p.Watch},
		{"Improving", "A lasting rise above your baseline: well done, and worth knowing why.", p.Improving},
		{"Not practised lately", "Skills you have not rated for a while.", p.Stale},
	} {
		if len(g.skills) == 0 {
			continue
		}
		out("### "+g.title, "", g.intro, "")
		var never []string
		for _, sd := range g.skills {
			if sd.Drift.Ratings == 0 {
				never = append(never, mdInline(sd.Name)+" ("+mdInline(sd.Drift.Skill)+")")
				continue
			}
			out("- " + skill(sd.Name, sd.Drift.Skill) + ": " + mdInline(sd.Drift.Explanation))
		}
		if len(never) > 0 {
			out("- Not rated yet: " + strings.Join(never, ", ") + ".")
		}
		out("")
	}

	// 3b. Coach feedback, when there is some.
	if len(p.Feedback) > 0 {
		out("## From your coach", "",
			"Feedback your coach sent since "+p.Since.Short()+", newest first. Observed ratings sit beside your own ratings of the same week; they never change your drift.", "")
		for _, f := range p.Feedback {
			head := f.Day.Short()
			if f.Skill != "" {
				head += " · " + skill(p.SkillName(f.Skill), f.Skill)
			} else {
				head += " · general note"
			}
			if f.Coach != "" {
				head += ", from " + mdInline(f.Coach)
			}
			out("### "+head, "")
			if f.Sentence != "" {
				out(f.Sentence, "")
			}
			if f.Note != "" {
				out(mdQuote(f.Note), "")
			}
		}
	}

	// 4. Reflections.
	out("## Reflections", "")
	if len(p.Reflections) == 0 {
		out("No reflections in this period.", "")
	}
	for i, r := range p.Reflections {
		switch {
		case i == 0 && r.Starred:
			out("### ★ For supervision", "", "The reflections you starred to bring.", "")
		case i == p.Starred && p.Starred > 0:
			out("### Other reflections", "")
		}
		head := r.Date.Short() + " · " + kindName(r.Kind)
		if r.Phase > 0 {
			head += ", phase " + strconv.Itoa(r.Phase)
		}
		if !r.Shared {
			head += " · private"
		}
		if r.Starred {
			head = "★ " + head
		}
		out(mdInline(head)+": *"+mdInline(r.Prompt)+"*", "", mdQuote(r.Answer), "")
	}

	// 5. Goals.
	out("## Learning goals", "")
	if len(p.Goals) == 0 {
		out("No learning goals yet. One to three, set at supervision (hone goals add), give the next preparation something to look back on.", "")
	} else {
		out("What happened to the skills of each goal since you set it, next to the "+strconv.Itoa(PrepBeforeDays)+" days before.", "")
	}
	for _, g := range p.Goals {
		out("- **" + mdInline(strings.TrimSpace(g.Goal.Text)) + "** (set " + g.Goal.Set.Short() + ", " + g.Goal.State() + ")")
		for _, s := range g.Progress {
			since := "not rated since"
			if s.Since.Count > 0 {
				since = countOf(s.Since.Count, "rating", "ratings") + " since, mean " + s.Since.Mean.String()
			}
			before := "none in the " + strconv.Itoa(PrepBeforeDays) + " days before"
			if s.Before.Count > 0 {
				before = countOf(s.Before.Count, "rating", "ratings") + " in the " + strconv.Itoa(PrepBeforeDays) +
					" days before, mean " + s.Before.Mean.String()
			}
			out("  - " + skill(s.Name, s.Skill) + ": " + since + "; " + before + ". Now " + StatusWords(s.Drift) + ".")
		}
	}
	if len(p.Goals) > 0 {
		out("")
	}

	// 6. Self-assessment.
	out("## Self-assessment", "")
	switch sa := p.SelfAssessment; {
	case sa == nil:
		out("No self-assessment in this period.", "")
	case sa.Previous == nil:
		out("Your self-assessment of "+sa.Current.Date.Short()+" is your first; the next one will be compared with it.", "")
	default:
		out("Your self-assessment of "+sa.Current.Date.Short()+" next to the one of "+sa.Previous.Date.Short()+".", "")
		var stayed, only, dropped []string
		for _, c := range sa.Changes {
			name := skill(p.SkillName(c.Skill), c.Skill)
			switch c.Moved() {
			case "moved down", "moved up":
				out("- " + name + ": " + c.Moved() + ", from " + strconv.Itoa(c.Before) + " to " + strconv.Itoa(c.After))
			case "stayed":
				stayed = append(stayed, mdInline(p.SkillName(c.Skill))+" at "+strconv.Itoa(c.After))
			case "rated only now":
				only = append(only, mdInline(p.SkillName(c.Skill))+" ("+strconv.Itoa(c.After)+")")
			default:
				dropped = append(dropped, mdInline(p.SkillName(c.Skill))+" ("+strconv.Itoa(c.Before)+" last time)")
			}
		}
		for _, l := range []struct {
			label string
			names []string
		}{{"Stayed", stayed}, {"Rated only this time", only}, {"Not rated this time", dropped}} {
			if len(l.names) > 0 {
				out("- " + l.label + ": " + strings.Join(l.names, ", ") + ".")
			}
		}
		out("")
	}

	// 7. Questions.
	out("## Questions to bring", "")
	for i, q := range p.Questions {
		out(strconv.Itoa(i+1) + ". " + mdInline(q))
	}
	out("")
	return bw.Flush()
}

// prepDays says how long a period is: "28 days" as "4 weeks".
func prepDays(n int) string {
	if n >= 14 && n%7 == 0 {
		return plural(n/7, "week")
	}
	return plural(n, "day")
}

// ratingsWords counts the period's ratings in words.
func ratingsWords(ratings, skills int) string {
	if ratings == 0 {
		return "none, self-assessments aside"
	}
	return countOf(ratings, "rating", "ratings") + " of " + countOf(skills, "skill", "skills")
}

// kindWords counts entries of a kind in words: "3 team meetings", "1 crisis".
func kindWords(k Kind, n int) string {
	one, many := kindNouns(k)
	return countOf(n, one, many)
}

// kindName names one entry of a kind: "team meeting".
func kindName(k Kind) string {
	one, _ := kindNouns(k)
	return one
}

func kindNouns(k Kind) (one, many string) {
	one, many = string(k), string(k)+"s"
	switch k {
	case KindTeamMeeting:
		one, many = "team meeting", "team meetings"
	case KindCrisis:
		many = "crises"
	case KindTransition:
		one, many = "transition meeting", "transition meetings"
	case KindSupervision:
		one, many = "supervision session", "supervision sessions"
	case KindTraining:
		one, many = "training", "trainings"
	case KindOther:
		one, many = "other entry", "other entries"
	}
	return one, many
}

// phaseWords counts entries of a phase in words: "3 in phase 1
// (engagement)", "2 with no phase".
func phaseWords(phase, n int) string {
	names := [...]string{1: "engagement", 2: "planning", 3: "implementation", 4: "transition"}
	switch {
	case phase == 0:
		return thousands(n) + " with no phase"
	case phase > 0 && phase < len(names):
		return thousands(n) + " in phase " + strconv.Itoa(phase) + " (" + names[phase] + ")"
	}
	return thousands(n) + " in phase " + strconv.Itoa(phase)
}

// StatusWords says a skill's drift status in words, for prep's Markdown,
// the Prep tab and the accessible mode: "drifting", "worth watching, not
// practised lately".
func StatusWords(d Drift) string {
	var s string
	switch d.Status {
	case StatusDrifting:
		s = "drifting"
	case StatusWatch:
		s = "worth watching"
	case StatusImproving:
		s = "improving"
	case StatusSteady:
		s = "steady"
	case StatusDormant:
		return "not rated for over " + strconv.Itoa(driftDormantAfter) + " days"
	default:
		if d.Ratings == 0 {
			return "never rated"
		}
		s = "too few ratings for a verdict"
	}
	if d.Stale {
		s += ", not practised lately"
	}
	return s
}
