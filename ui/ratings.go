package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// ratingField is the form's ratings: a grid of skills, those used recently
// first, then those drifting or unpractised, then the rest; digits rate the
// skill under the cursor.
type ratingField struct {
	skills []journal.Skill
	values map[string]int
	cursor int
}

// newRatingField orders the skills for rating: the skills the entry rates
// already, the most recently rated (up to six), those that need attention,
// then the rest of the active catalog.
func newRatingField(in *insights, values map[string]int) ratingField {
	f := ratingField{values: map[string]int{}}
	seen := map[string]bool{}
	add := func(id string) {
		if seen[id] {
			return
		}
		s, ok := in.catalog.Find(id)
		if !ok {
			s = journal.Skill{ID: id, Name: id}
		}
		if s.Archived && values[id] == 0 {
			return
		}
		seen[id] = true
		f.skills = append(f.skills, s)
	}
	ids := make([]string, 0, len(values))
	for id, v := range values {
		ids = append(ids, id)
		f.values[id] = v
	}
	slices.Sort(ids)
	for _, id := range ids {
		add(id)
	}
	for _, id := range in.recent[:min(6, len(in.recent))] {
		add(id)
	}
	for _, d := range attention(in) {
		add(d.Skill)
	}
	for _, s := range in.catalog.Active() {
		add(s.ID)
	}
	return f
}

// ratingCell is the width of one skill in the grid.
const ratingCell = 21

// ratingCols is how many skills fit on a line of w cells.
func ratingCols(w int) int { return max(1, w/ratingCell) }

func (f ratingField) update(msg tea.KeyPressMsg, keys formKeys, cols int) (ratingField, bool) {
	n := len(f.skills)
	if n == 0 {
		return f, false
	}
	switch {
	case key.Matches(msg, keys.Rate):
		f.values[f.skills[f.cursor].ID] = int(msg.Code - '0')
	case key.Matches(msg, keys.Clear):
		delete(f.values, f.skills[f.cursor].ID)
	case msg.String() == "left" || msg.String() == "h":
		f.cursor = max(0, f.cursor-1)
	case msg.String() == "right" || msg.String() == "l":
		f.cursor = min(n-1, f.cursor+1)
	case msg.String() == "up" || msg.String() == "k":
		if f.cursor-cols >= 0 {
			f.cursor -= cols
		}
	case msg.String() == "down" || msg.String() == "j":
		if f.cursor+cols < n {
			f.cursor += cols
		}
	default:
		return f, false
	}
	return f, true
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

// summary is the ratings in one line: "eng.mi 4 · team.facil 3".
func (f ratingField) summary() string {
	var parts []string
	for _, s := range f.skills {
		if v, ok := f.values[s.ID]; ok {
			parts = append(parts, s.ID+" "+itoa(v))
		}
	}
	return strings.Join(parts, " · ")
}

// view draws the grid in w cells; focused, it adds the anchors of the skill
// under the cursor. Unfocused it shows one line: the rated skills, then the
// first suggestions.
func (f ratingField) view(ctx *shared, w int, focused bool) []string {
	st := &ctx.styles
	cols := ratingCols(w)
	cell := func(i int) string {
		s := f.skills[i]
		val := "·"
		if v, ok := f.values[s.ID]; ok {
			val = itoa(v)
		}
		id := pad(journal.SafeLine(s.ID), ratingCell-6) + " "
		mark, markStyle := " ", st.Faint
		if d, ok := ctx.data.driftOf(s.ID); ok {
			mark, markStyle = driftMark(d), st.status(d.Status)
			if d.Stale && d.Status != journal.StatusDrifting && d.Status != journal.StatusWatch {
				markStyle = st.Stale
			}
		}
		if focused && i == f.cursor {
			return st.RatingCellFocused.Render(id+mark+" "+val) + "  "
		}
		if _, ok := f.values[s.ID]; ok {
			return st.Text.Render(id) + markStyle.Render(mark) + " " + st.RatingValue.Render(val) + "  "
		}
		return st.RatingCell.Render(id) + markStyle.Render(mark) + " " + st.RatingCell.Render(val) + "  "
	}
	if len(f.skills) == 0 {
		return []string{st.Muted.Render("No active skills to rate.")}
	}
	if !focused {
		var b strings.Builder
		for i := range min(cols, len(f.skills)) {
			b.WriteString(cell(i))
		}
		return []string{b.String()}
	}
	var lines []string
	for start := 0; start < len(f.skills); start += cols {
		var b strings.Builder
		for i := start; i < min(start+cols, len(f.skills)); i++ {
			b.WriteString(cell(i))
		}
		lines = append(lines, b.String())
	}
	return append(lines, f.anchorLines(ctx, w)...)
}

// anchorLines show the focused skill's name, status and 1/3/5 anchors, the
// one matching its rating highlighted.
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
		if len(wrapped) > 2 {
			wrapped = []string{wrapped[0], truncateText(wrapped[1]+" "+strings.TrimSpace(wrapped[2]), w-1)}
		}
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
