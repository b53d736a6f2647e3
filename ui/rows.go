package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"hone/journal"
)

// entryColumns are the widths of the entry list's columns for one screen
// width: date, kind, family, title and skill chips, with two spaces
// between them and a two-cell cursor mark in front.
type entryColumns struct {
	kind, family, title, chips int
}

const (
	dateWidth = 10
	markWidth = 2
	colGap    = 2
)

// columnsFor divides a line of w cells among the columns, for entries
// whose longest family code is family cells wide.
func columnsFor(w int, entries []*journal.Entry) entryColumns {
	c := entryColumns{kind: 15, family: len("Family")}
	for _, e := range entries {
		c.family = max(c.family, min(ansi.StringWidth(journal.SafeLine(e.Family)), 10))
	}
	if w < 80 {
		c.kind = 12
	}
	rest := w - markWidth - dateWidth - c.kind - c.family - 4*colGap
	c.chips = max(rest*2/5, 8)
	if w < 100 {
		c.chips = max(rest*9/20, 8)
	}
	c.title = max(rest-c.chips, 8)
	return c
}

// kindLabel is an entry's kind with its phase: "team-meeting p2".
func kindLabel(e *journal.Entry) string {
	k := journal.SafeLine(string(e.Kind))
	if e.Phase > 0 {
		k += " p" + itoa(e.Phase)
	}
	return k
}

// entryTitle is the title, or the first line of the notes when there is
// none (dim is then true).
func entryTitle(e *journal.Entry) (title string, dim bool) {
	if t := journal.SafeLine(e.Title); strings.TrimSpace(t) != "" {
		return t, false
	}
	notes := strings.TrimSpace(e.Notes)
	if i := strings.IndexByte(notes, '\n'); i >= 0 {
		notes = notes[:i]
	}
	notes = strings.TrimLeft(notes, "#*-> ")
	if notes == "" {
		return "(untitled)", true
	}
	return journal.SafeLine(notes), true
}

// chipLabel is the short form of a skill id in a chip: the part after the
// first dot ("mi" for eng.mi).
func chipLabel(id string) string {
	if _, tail, ok := strings.Cut(id, "."); ok && tail != "" {
		return tail
	}
	return id
}

// chips renders an entry's ratings as "mi 4 facil 3" within w cells, with
// "+N" for the ones that do not fit. With st nil the text is plain. It
// returns the text and its width.
func chips(e *journal.Entry, w int, st *theme) (string, int) {
	ids := e.RatedSkills()
	var b strings.Builder
	used := 0
	for i, id := range ids {
		label, val := journal.SafeLine(chipLabel(id)), itoa(e.Ratings[id])
		sep := 0
		if i > 0 {
			sep = 1
		}
		need := sep + cellWidth(label) + 1 + len(val)
		reserve := 0
		if left := len(ids) - i - 1; left > 0 {
			reserve = 2 + len(itoa(left))
		}
		if used+need+reserve > w {
			rest := "+" + itoa(len(ids)-i)
			if used+sep+len(rest) <= w {
				b.WriteString(strings.Repeat(" ", sep))
				used += sep + len(rest)
				if st != nil {
					rest = st.Row.faint.paint(rest)
				}
				b.WriteString(rest)
			}
			break
		}
		b.WriteString(strings.Repeat(" ", sep))
		if st != nil {
			b.WriteString(st.Row.chip.paint(label) + " " + st.Row.chipValue.paint(val))
		} else {
			b.WriteString(label + " " + val)
		}
		used += need
	}
	return b.String(), used
}

// cellWidth is the width of plain text in terminal cells, quick for ASCII.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			if w, ok := quickWidth(s); ok {
				return w
			}
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// pad cuts plain text to w cells (with an ellipsis) or pads it to exactly
// w, quickly for ASCII.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := cellWidth(s)
	switch {
	case n == w:
		return s
	case n < w:
		return s + strings.Repeat(" ", w-n)
	case n == len(s): // ASCII
		return s[:w-1] + "…"
	}
	return fitLine(s, w)
}

// entryRow renders one entry as a list row of exactly w cells. The selected
// row is drawn in one reverse style, so its cells share one background. It
// is drawn for every row on screen in every frame, so it avoids full
// lipgloss renders.
func entryRow(e *journal.Entry, w int, cols entryColumns, st *theme, selected bool) string {
	title, dim := entryTitle(e)
	family := journal.SafeLine(e.Family)
	if family == "" {
		family = "-"
	}
	const gap = "  "
	// The fixed columns fill exactly w - chips cells.
	fixed := markWidth + dateWidth + cols.kind + cols.family + cols.title + 4*len(gap)
	chipW := max(0, min(cols.chips, w-fixed))
	if selected {
		text, n := chips(e, chipW, nil)
		line := "▸ " + pad(e.Date.String(), dateWidth) + gap + pad(kindLabel(e), cols.kind) + gap +
			pad(family, cols.family) + gap + pad(title, cols.title) + gap + text + strings.Repeat(" ", max(0, w-fixed-n))
		if fixed > w {
			line = fitLine(line, w)
		}
		return st.Row.selected.paint(line)
	}
	r := &st.Row
	t := r.title
	if dim {
		t = r.dim
	}
	text, n := chips(e, chipW, st)
	line := "  " + r.date.paint(pad(e.Date.String(), dateWidth)) + gap + r.kind.paint(pad(kindLabel(e), cols.kind)) + gap +
		r.family.paint(pad(family, cols.family)) + gap + t.paint(pad(title, cols.title)) + gap + text +
		strings.Repeat(" ", max(0, w-fixed-n))
	if fixed > w {
		return fitLine(line, w)
	}
	return line
}

// entryHeader is the column heads of the entry list.
func entryHeader(w int, cols entryColumns, st *theme) string {
	gap := strings.Repeat(" ", colGap)
	line := "  " + pad("Date", dateWidth) + gap + pad("Kind", cols.kind) + gap + pad("Family", cols.family) +
		gap + pad("Title", cols.title) + gap + "Skills"
	return st.ColumnHead.Render(fitLine(line, w))
}
