package ui

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// ratingField is the form's ratings: a grid of the active skills by name,
// in the catalog's order, which stays the same from entry to entry so that
// a place in it can be learnt. Digits rate the skill under the cursor;
// letters typed jump to a skill whose name (or a word of it) starts with
// them. The skills rated most recently are named under the grid, not
// moved to its front.
type ratingField struct {
	skills []journal.Skill
	values map[string]int
	cursor int
	recent []string // names of the skills rated most recently, newest first
	jump   string   // the letters typed to jump, since the last other key
	missed string   // letters that matched no skill, said under the grid
}

// newRatingField lays the skills out for rating: the active catalog in its
// order, then any archived or unknown skill the entry rates already.
func newRatingField(in *insights, values map[string]int) ratingField {
	f := ratingField{values: map[string]int{}}
	seen := map[string]bool{}
	for _, s := range in.catalog.Active() {
		seen[s.ID] = true
		f.skills = append(f.skills, s)
	}
	ids := make([]string, 0, len(values))
	for id, v := range values {
		ids = append(ids, id)
		f.values[id] = v
	}
	slices.Sort(ids)
	for _, id := range ids {
		if seen[id] {
			continue
		}
		s, ok := in.catalog.Find(id)
		if !ok {
			s = journal.Skill{ID: id, Name: id}
		}
		f.skills = append(f.skills, s)
	}
	for _, id := range in.recent[:min(3, len(in.recent))] {
		if s, ok := in.catalog.Find(id); ok && !s.Archived {
			f.recent = append(f.recent, s.Name)
		}
	}
	return f
}

// ratingGap is the cells after each skill of the grid; ratingTail is the
// mark and the value after its name (" ▼ 4").
const (
	ratingGap  = 2
	ratingTail = 4
	// ratingMinName is the fewest cells a name gets before the grid takes
	// fewer columns; ratingMaxRows the rows the grid may take when its
	// names are shortened to keep it within them.
	ratingMinName = 14
	ratingMaxRows = 8
)

// ratingLayout returns the columns of the grid of n skills, the longest of
// whose names is longest cells, in w cells, and the cells of each name:
// every name whole when that takes at most ratingMaxRows rows, else
// enough columns for ratingMaxRows rows, names shortened to fit.
func ratingLayout(n, longest, w int) (cols, nameW int) {
	cell := longest + ratingTail + ratingGap
	cols = max(1, w/cell)
	if (n+cols-1)/cols > ratingMaxRows {
		cols = max(cols, (n+ratingMaxRows-1)/ratingMaxRows)
		cols = max(1, min(cols, w/(ratingMinName+ratingTail+ratingGap)))
	}
	return cols, max(1, w/cols-ratingTail-ratingGap)
}

// layout is ratingLayout for these skills in w cells.
func (f ratingField) layout(w int) (cols, nameW int) {
	longest := 0
	for _, s := range f.skills {
		longest = max(longest, cellWidth(journal.SafeLine(s.Name)))
	}
	return ratingLayout(len(f.skills), longest, w)
}

// shortName fits a skill's name in w cells: whole, or cut after a word
// with an ellipsis (the focused skill's full name shows below the grid).
func shortName(name string, w int) string {
	if cellWidth(name) <= w {
		return name
	}
	words := strings.Fields(name)
	short := ""
	for _, word := range words {
		next := word
		if short != "" {
			next = short + " " + word
		}
		if cellWidth(next)+1 > w {
			break
		}
		short = next
	}
	if short == "" || cellWidth(short) < w/2 {
		return truncateText(name, w)
	}
	return strings.TrimRight(short, ",;:") + "…"
}

// jumpable reports whether a key typed in the grid is part of a skill's
// name to jump to: a letter, or after a letter a space, dash or dot.
func jumpable(msg tea.KeyPressMsg, jump string) (string, bool) {
	if msg.Mod&^tea.ModShift != 0 {
		return "", false
	}
	r := []rune(msg.Text)
	if len(r) != 1 {
		return "", false
	}
	switch c := r[0]; {
	case unicode.IsLetter(c):
		return strings.ToLower(msg.Text), true
	case jump != "" && (c == ' ' || c == '-' || c == '.'):
		return msg.Text, true
	}
	return "", false
}

// jumpTo moves the cursor to the first skill, from the cursor on (after
// it for a single letter, so that pressing it again goes on to the next),
// whose name starts with q; failing that, one with a word of its name
// starting with q; failing that, one whose id starts with q. It reports
// whether one was found.
func (f *ratingField) jumpTo(q string) bool {
	n := len(f.skills)
	from := f.cursor
	if len([]rune(q)) == 1 {
		from++
	}
	matchers := []func(journal.Skill) bool{
		func(s journal.Skill) bool { return strings.HasPrefix(strings.ToLower(s.Name), q) },
		func(s journal.Skill) bool {
			for _, w := range strings.Fields(strings.ToLower(s.Name)) {
				if strings.HasPrefix(w, q) {
					return true
				}
			}
			return false
		},
		func(s journal.Skill) bool { return strings.HasPrefix(s.ID, q) },
	}
	for _, match := range matchers {
		for i := range n {
			if j := (from + i) % n; match(f.skills[j]) {
				f.cursor = j
				return true
			}
		}
	}
	return false
}

func (f ratingField) update(msg tea.KeyPressMsg, keys formKeys, cols int) (ratingField, bool) {
	n := len(f.skills)
	if n == 0 {
		return f, false
	}
	missed := f.missed
	f.missed = ""
	if c, ok := jumpable(msg, f.jump); ok {
		switch q := f.jump + c; {
		case f.jumpTo(q):
			f.jump = q
		case f.jump != "" && f.jumpTo(c):
			f.jump = c // a new start
		default:
			f.jump, f.missed = "", missed+q // said whole, with the letters missed before
		}
		return f, true
	}
	if f.jump != "" && msg.Code == tea.KeyBackspace {
		r := []rune(f.jump)
		f.jump = string(r[:len(r)-1])
		return f, true
	}
	f.jump = ""
	switch {
	case key.Matches(msg, keys.Rate):
		f.values[f.skills[f.cursor].ID] = int(msg.Code - '0')
	case key.Matches(msg, keys.Clear):
		delete(f.values, f.skills[f.cursor].ID)
	case msg.String() == "left":
		f.cursor = max(0, f.cursor-1)
	case msg.String() == "right":
		f.cursor = min(n-1, f.cursor+1)
	case msg.String() == "up":
		if f.cursor-cols >= 0 {
			f.cursor -= cols
		}
	case msg.String() == "down":
		if f.cursor+cols < n {
			f.cursor += cols
		}
	default:
		return f, false
	}
	return f, true
}

// rated reports whether the skill under the cursor has a rating to clear.
func (f ratingField) rated() bool {
	if f.cursor >= len(f.skills) {
		return false
	}
	_, ok := f.values[f.skills[f.cursor].ID]
	return ok
}

// ratings returns the ratings set, as an entry holds them.
func (f ratingField) ratings() map[string]int {
	if len(f.values) == 0 {
		return nil
	}
	out := make(map[string]int, len(f.values))
	for id, v := range f.values {
		out[id] = v
	}
	return out
}

// summary is the ratings in one line, in the grid's order: "MI skills 4 ·
// Meeting facilitation 3".
func (f ratingField) summary() string {
	var parts []string
	for _, s := range f.skills {
		if v, ok := f.values[s.ID]; ok {
			parts = append(parts, journal.SafeLine(s.Name)+" "+itoa(v))
		}
	}
	return strings.Join(parts, " · ")
}

// view draws the grid in w cells; focused, it adds the letters typed to
// jump, the anchors of the skill under the cursor, and when the lines fit
// in h, what the marks say and the skills rated most recently. Unfocused
// it shows the ratings made, wrapped, or says none are.
func (f ratingField) view(ctx *shared, w, h int, focused bool) []string {
	st := &ctx.styles
	if len(f.skills) == 0 {
		return []string{st.Muted.Render("No active skills to rate.")}
	}
	if !focused {
		if sum := f.summary(); sum != "" {
			var lines []string
			for _, l := range wrapLines(sum, w, "") {
				lines = append(lines, st.Text.Render(l))
			}
			return lines
		}
		var lines []string
		for _, l := range wrapLines("none yet (tab here: letters find a skill, 1-5 rate it)", w, "") {
			lines = append(lines, st.Muted.Render(l))
		}
		return lines
	}
	cols, nameW := f.layout(w)
	marks := map[string]bool{}
	cell := func(i int) string {
		s := f.skills[i]
		val := "·"
		if v, ok := f.values[s.ID]; ok {
			val = itoa(v)
		}
		name := pad(shortName(journal.SafeLine(s.Name), nameW), nameW) + " "
		mark, markStyle := " ", st.Faint
		if d, ok := ctx.data.driftOf(s.ID); ok {
			mark, markStyle = driftMark(d), st.status(d.Status)
			if d.Stale && d.Status != journal.StatusDrifting && d.Status != journal.StatusWatch {
				markStyle = st.Stale
			}
		}
		marks[mark] = true
		gap := strings.Repeat(" ", ratingGap)
		if i == f.cursor {
			return st.RatingCellFocused.Render(name+mark+" "+val) + gap
		}
		if _, ok := f.values[s.ID]; ok {
			return st.Text.Render(name) + markStyle.Render(mark) + " " + st.RatingValue.Render(val) + gap
		}
		return st.RatingCell.Render(name) + markStyle.Render(mark) + " " + st.RatingCell.Render(val) + gap
	}
	var grid []string
	for start := 0; start < len(f.skills); start += cols {
		var b strings.Builder
		for i := start; i < min(start+cols, len(f.skills)); i++ {
			b.WriteString(cell(i))
		}
		grid = append(grid, b.String())
	}
	anchors := f.anchorLines(ctx, w)
	// A short window shows the rows around the cursor's, and says where
	// the rest are, so that the anchors stay in sight.
	// At the smallest sizes the anchors come first: the hint goes, then
	// the skill's name above them (the cursor's cell names it).
	var lines []string
	if room := h - len(anchors) - 1; len(grid) > room {
		anchors = anchors[1:]     // no blank line before them
		avail := h - len(anchors) // for the grid's rows, the hint, and a line to spare
		shown := max(1, avail-2)
		top := min(max(0, f.cursor/cols-shown/2), len(grid)-shown)
		lines = append(lines, grid[top:top+shown]...)
		switch {
		case avail >= 2:
			lines = append(lines, st.Faint.Render(truncateText("rows "+itoa(top+1)+"-"+itoa(top+shown)+" of "+itoa(len(grid))+": ↑↓ or letters reach the rest", w)))
		case avail < 1:
			anchors = anchors[1:]
		}
	} else {
		lines = grid
	}
	switch {
	case f.jump != "":
		lines = append(lines, st.Hint.Render(truncateText("jump: "+f.jump, w)))
	case f.missed != "":
		lines = append(lines, st.FieldError.Render(truncateText("no skill's name starts with \""+f.missed+"\"", w)))
	}
	lines = append(lines, anchors...)
	// What the marks say and the skills rated most recently, when there
	// is room for them.
	var more []string
	var legend []string
	for _, m := range []struct{ mark, say string }{{"▼", "drifting"}, {"~", "watch"}, {"▲", "improving"}, {"○", "not lately"}} {
		if marks[m.mark] {
			legend = append(legend, m.mark+" "+m.say)
		}
	}
	if len(legend) > 0 {
		more = append(more, wrapLines(strings.Join(legend, "  "), w, "")...)
	}
	if len(f.recent) > 0 {
		more = append(more, wrapLines("recently rated: "+journal.SafeLine(strings.Join(f.recent, ", ")), w, "")...)
	}
	if len(lines)+1+len(more) <= h {
		lines = append(lines, "")
		for _, l := range more {
			lines = append(lines, st.Faint.Render(l))
		}
	}
	return lines
}

// anchorLines show the focused skill's name, status and 1/3/5 anchors
// whole, the one matching its rating highlighted.
func (f ratingField) anchorLines(ctx *shared, w int) []string {
	st := &ctx.styles
	s := f.skills[f.cursor]
	head := st.Bold.Render(journal.SafeLine(s.Name))
	if d, ok := ctx.data.driftOf(s.ID); ok && d.Status != journal.StatusInsufficient {
		head += "  " + st.status(d.Status).Render(strings.TrimSpace(statusLabel(d)))
	}
	lines := []string{"", head}
	v := f.values[s.ID]
	for i, a := range s.Anchors {
		if a == "" {
			continue
		}
		n := 2*i + 1
		style := st.Muted
		if v == n {
			style = st.Text
		}
		wrapped := wrapLines(journal.SafeLine(a), w-3, "   ")
		for j, l := range wrapped {
			if j == 0 {
				mark := st.Faint.Render(itoa(n) + "  ")
				if v == n {
					mark = st.RatingValue.Render(itoa(n) + "  ")
				}
				lines = append(lines, mark+style.Render(l))
			} else {
				lines = append(lines, style.Render(l))
			}
		}
	}
	return lines
}

// driftMark is a one-cell sign of a skill's state: ▼ drifting, ~ watch,
// ▲ improving, ○ not practised lately.
func driftMark(d journal.Drift) string {
	switch {
	case d.Status == journal.StatusDrifting:
		return "▼"
	case d.Status == journal.StatusWatch:
		return "~"
	case d.Stale && d.Ratings > 0:
		return "○"
	case d.Status == journal.StatusImproving:
		return "▲"
	}
	return " "
}
