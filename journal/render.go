package journal

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteEntryList writes entries one per line in aligned columns: date, id,
// kind, family, title and ratings. All text is made safe for a terminal.
func WriteEntryList(w io.Writer, entries []*Entry) error {
	// Buffered: tabwriter writes each cell and its padding apart, 131
	// writes (system calls, on standard output) for ten entries.
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for _, e := range entries {
		kind := string(e.Kind)
		if e.Phase > 0 {
			kind += " p" + strconv.Itoa(e.Phase)
		}
		title := e.Title
		if title == "" {
			title = firstLine(e.Notes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Date, e.ID, kind,
			orDash(truncate(SafeLine(e.Family), MaxFamily)),
			orDash(truncate(SafeLine(title), 48)), ratingChips(e))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteEntry writes one entry for reading in a terminal: its fields, its
// ratings with the skills' names, its notes and its reflections.
func WriteEntry(w io.Writer, e *Entry, c Catalog) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(tw, "%s\t%s\n", name, value)
		}
	}
	kind := string(e.Kind)
	if e.Phase > 0 {
		kind += ", phase " + strconv.Itoa(e.Phase)
	}
	field("Entry", e.ID)
	field("Date", e.Date.Time().Format("Monday 2 January 2006"))
	field("Kind", kind)
	field("Family", SafeLine(e.Family))
	field("Title", SafeLine(e.Title))
	field("Tags", SafeLine(strings.Join(e.Tags, ", ")))
	for i, id := range e.RatedSkills() {
		label := ""
		if i == 0 {
			label = "Ratings"
		}
		name := id
		if s, ok := c.Find(id); ok {
			name = id + " (" + SafeLine(s.Name) + ")"
		}
		fmt.Fprintf(tw, "%s\t%d  %s\n", label, e.Ratings[id], name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if notes := strings.TrimSpace(SafeText(e.Notes)); notes != "" {
		fmt.Fprintf(w, "\nNotes\n%s\n", indent(notes))
	}
	for _, r := range e.Reflections {
		who := "shared with your coach"
		if !r.Shared {
			who = "private"
		}
		fmt.Fprintf(w, "\nReflection (%s)\n%s\n%s\n", who, indent(SafeText(r.Prompt)), indent("→ "+SafeText(r.Answer)))
	}
	return nil
}

func ratingChips(e *Entry) string {
	var b strings.Builder
	for i, id := range e.RatedSkills() {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(SafeLine(id))
		b.WriteString("=")
		b.WriteString(strconv.Itoa(e.Ratings[id]))
	}
	return b.String()
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// truncate shortens s to at most n characters, ending with an ellipsis when
// it cut something.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
