package journal

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteExportMarkdown writes x as a readable Markdown report: the title,
// the period, what the export holds and leaves out, SharedRatingNote, a drift
// table per skill as of asOf (status, level, baseline, last rated,
// explanation), the key-element roll-ups, then the shared reflections as
// DigestReflections groups them (starred first, the recent period in full
// by month, newest first, the rest counted); a full export lists every
// entry with notes or reflections instead, its notes and private
// reflections included.
//
// All text from x is made safe (SafeText) and escaped for Markdown where it
// could change the report's structure: in tables and headings every
// Markdown punctuation character is escaped, so that a pipe cannot split a
// cell nor a # start a heading; answers and notes are quoted (a leading #
// escaped, raw HTML, links and images neutralised), so that nothing in them
// can end the quote, load a remote image or hide a link's target.
func WriteExportMarkdown(w io.Writer, x *Export, asOf Day) error {
	drifts, err := x.Drift(asOf)
	if err != nil {
		return err
	}
	if carried, ok := x.Carried(); ok {
		asOf = carried
	}
	bw := bufio.NewWriter(w)
	p := func(lines ...string) {
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	week := x.WeekDates()

	title := "# Practice report"
	if f := strings.TrimSpace(SafeLine(x.Facilitator)); f != "" {
		title += ": " + mdInline(f)
	}
	p(title, "")
	p("- **Period:** "+mdInline(x.Period())+" ("+countOf(len(x.Records), "entry", "entries")+", "+countOf(x.RatingCount(), "rating", "ratings")+")",
		"- **Drift as of:** "+mdInline(x.FormatDay(asOf)),
		"- **Exported:** "+x.ExportedAt.UTC().Format("2 Jan 2006 15:04")+" UTC",
		"- **Privacy:** "+mdInline(x.PrivacyStatement()),
		"", "> "+SharedRatingNote, "")

	p("## Drift by skill", "")
	if _, carried := x.Carried(); week && carried {
		p("Dates are ISO weeks, and the explanations name weeks.", "")
	} else if week {
		p("Dates are ISO weeks. The drift rule reads each week as its Monday, so the dates in the explanations are Mondays.", "")
	}
	if note := x.VerdictNote(); note != "" {
		p(mdInline(note), "")
	}
	p("| Skill | Key element | Status | Level | Baseline | Last rated | Explanation |",
		"| --- | --- | --- | ---: | ---: | --- | --- |")
	skills := x.Catalog()
	for _, d := range drifts {
		s, _ := skills.Find(d.Skill)
		status := string(d.Status)
		if d.Stale && d.Status != StatusDormant {
			status += ", stale"
		}
		last := "never"
		if d.Ratings > 0 {
			last = x.FormatDay(d.LastRated)
		}
		p("| " + mdInline(s.Name) + " (" + mdInline(s.ID) + ") | " + mdInline(s.KeyElement) + " | " + status + " | " +
			d.Level.String() + " | " + d.Baseline.String() + " | " + mdInline(last) + " | " + mdInline(d.Explanation) + " |")
	}
	p("")

	p("## Key elements", "", "Ratings of the skills of each key element, across the whole export.", "",
		"| Key element | Skills | Ratings | Mean | Median | 1s | 2s | 3s | 4s | 5s |",
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, k := range RollUpKeyElements(x.Skills, x.Records) {
		names := make([]string, len(k.Skills))
		for i, id := range k.Skills {
			names[i] = id
			if s, ok := skills.Find(id); ok && s.Name != "" {
				names[i] = s.Name
			}
		}
		ke := k.KeyElement
		if ke == "" {
			ke = "No key element"
		}
		row := "| " + mdInline(ke) + " | " + mdInline(strings.Join(names, ", ")) + " | " + strconv.Itoa(k.Ratings) +
			" | " + floatCell(k.Mean) + " | " + floatCell(k.Median)
		for _, n := range k.Counts {
			row += " | " + strconv.Itoa(n)
		}
		p(row + " |")
	}
	p("")

	if !x.Full() {
		p("## Shared reflections", "")
		g, err := DigestReflections(x)
		if err != nil {
			return err
		}
		writeDigestMarkdown(p, x, g)
		return bw.Flush()
	}
	p("## Entries", "")
	listed := false
	for i := range x.Records {
		r := &x.Records[i]
		hasNotes := r.Notes != nil && strings.TrimSpace(*r.Notes) != ""
		if len(r.Reflections) == 0 && !hasNotes {
			continue
		}
		listed = true
		date := r.Date
		if d, err := r.Day(week); err == nil {
			date = x.FormatDay(d)
		}
		head := "### " + mdInline(date) + " · " + mdInline(kindPhase(r.Kind, r.Phase))
		if r.Family != "" {
			head += " · " + mdInline(r.Family)
		}
		if r.Title != nil && strings.TrimSpace(*r.Title) != "" {
			head += " · " + mdInline(*r.Title)
		}
		p(head, "")
		if hasNotes {
			p("**Notes**", "", mdQuote(*r.Notes), "")
		}
		for _, f := range r.Reflections {
			label := "**" + mdInline(f.Prompt) + "**"
			if f.Shared != nil && !*f.Shared {
				label += " (private)"
			}
			p(label, "", mdQuote(f.Answer), "")
		}
	}
	if !listed {
		if x.Full() {
			p("No entry has notes or reflections.", "")
		} else {
			p("No reflections were shared in this period.", "")
		}
	}
	return bw.Flush()
}

// writeDigestMarkdown writes the shared reflections of a coach-safe export
// as a coach reads them: those starred for supervision, then the recent
// period by month, newest first, each with the skills and ratings of its
// entry; the earlier ones counted per month and per skill.
func writeDigestMarkdown(p func(...string), x *Export, g ReflectionDigest) {
	if g.Total == 0 {
		p("No reflections were shared in this period.", "")
		return
	}
	skills := x.Catalog()
	name := func(id string) string {
		if s, ok := skills.Find(id); ok && s.Name != "" {
			return s.Name
		}
		return id
	}
	lead := countOf(g.Total, "shared reflection", "shared reflections") + ", newest first: "
	if len(g.Starred) > 0 {
		lead += countOf(len(g.Starred), "reflection", "reflections") + " the facilitator starred to bring to supervision, then "
	}
	lead += "those of the " + strconv.Itoa(int(g.Until-g.Since)+1) + " days from " + x.FormatDay(g.Since) + " to " + x.FormatDay(g.Until) + " in full, by month"
	if g.Earlier > 0 {
		lead += "; the " + countOf(g.Earlier, "earlier one is", "earlier ones are") + " counted below"
	}
	p(mdInline(lead)+".", "")
	card := func(r ExportReflection) {
		head := "#### "
		if r.Starred {
			head += "★ "
		}
		head += mdInline(x.FormatDay(r.Day)) + " · " + mdInline(kindPhase(r.Kind, r.Phase))
		if r.Family != "" {
			head += " · " + mdInline(r.Family)
		}
		p(head, "")
		if len(r.Ratings) > 0 {
			parts := make([]string, len(r.Ratings))
			for i, sr := range r.Ratings {
				parts[i] = mdInline(name(sr.Skill)) + " **" + strconv.Itoa(sr.Rating) + "**"
			}
			p("Rated: "+strings.Join(parts, " · "), "")
		}
		p("**"+mdInline(r.Prompt)+"**", "", mdQuote(r.Answer), "")
	}
	if len(g.Starred) > 0 {
		p("### ★ For supervision", "")
		for _, r := range g.Starred {
			card(r)
		}
	}
	for _, m := range g.Recent {
		p("### "+m.Label(), "")
		for _, r := range m.Reflections {
			card(r)
		}
	}
	if g.Earlier == 0 {
		return
	}
	p("### Earlier", "", countOf(g.Earlier, "earlier reflection", "earlier reflections")+" before "+mdInline(x.FormatDay(g.Since))+", not shown in full:", "")
	for _, y := range g.EarlierYears {
		var parts []string
		for i, n := range y.Months {
			if n > 0 {
				parts = append(parts, time.Month(i + 1).String()[:3]+": "+strconv.Itoa(n))
			}
		}
		p("- **" + strconv.Itoa(y.Year) + "** (" + strconv.Itoa(y.Total) + "): " + strings.Join(parts, " · "))
	}
	parts := make([]string, len(g.EarlierSkills))
	for i, s := range g.EarlierSkills {
		parts[i] = mdInline(name(s.Skill)) + " " + strconv.Itoa(s.N)
	}
	p("", "By skill of their entries: "+strings.Join(parts, " · ")+".", "")
}

func kindPhase(k Kind, phase int) string {
	s := string(k)
	if phase > 0 {
		s += ", phase " + strconv.Itoa(phase)
	}
	return s
}

func floatCell(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmtPoints(*v)
}

// mdInline makes s one line of safe text and escapes every Markdown
// punctuation character that could start a structure (a heading, emphasis,
// a link, a table cell, raw HTML, a code span).
func mdInline(s string) string {
	s = SafeLine(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#~&!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdQuote quotes multi-line text as a Markdown blockquote: made safe, with a
// leading # of a line escaped and <, & and [ neutralised, so that the text
// keeps its paragraphs and lists but can neither close the quote nor add a
// heading, raw HTML, a link or an image to the report.
func mdQuote(s string) string {
	s = strings.TrimSpace(SafeText(s))
	if s == "" {
		return "> (empty)"
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.ReplaceAll(l, "&", "&amp;")
		l = strings.ReplaceAll(l, "<", "&lt;")
		// No [, no link, image or reference definition: a report read in
		// a viewer loads no remote image (a tracking pixel) and hides no
		// target behind a label; the text and its target stay readable.
		l = strings.ReplaceAll(l, "[", "&#91;")
		if t := strings.TrimLeft(l, " \t"); strings.HasPrefix(t, "#") {
			l = l[:len(l)-len(t)] + "\\" + t
		}
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// countOf writes n with its noun: "1 entry", "1,234 entries".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
