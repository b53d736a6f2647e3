package ui

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// The Team tab's grid: a row per facilitator, a column per skill with
// their verdict's symbol, a stale mark and their level, and a last row
// with the team's median levels. A cursor moves over it: enter on a
// facilitator's name opens their Overview, enter on a cell their detail
// of that skill; esc there comes back to the grid, the cursor where it
// was.

// gridCursor is the cell under the Team grid's cursor: row is the
// facilitator (by place in the team), col 0 their name and col k the
// grid's k-th skill column (gridOrder). first is the first skill column shown when not all
// fit the width.
type gridCursor struct {
	row, col, first int
}

// teamGridKeys are the keys of the Team grid.
type teamGridKeys struct {
	Up, Down, Left, Right, Open key.Binding
}

func newTeamGridKeys() teamGridKeys {
	return teamGridKeys{
		Up:    bind([]string{"up", "k"}, "↑/k", "up"),
		Down:  bind([]string{"down", "j"}, "↓/j", "down"),
		Left:  bind([]string{"left", "h"}, "←/h", "skill"),
		Right: bind([]string{"right", "l"}, "→/l", "skill"),
		Open:  bind([]string{"enter"}, "enter", "open"),
	}
}

// teamReturn says that the facilitator shown was opened from the Team
// grid: esc goes back to it. skill says a skill's detail was opened.
type teamReturn struct {
	skill bool
}

// The grid's column widths: the name, a skill, and the gap before skills.
const (
	gridColW = 6
	gridLead = 2
)

// gridNameW is the width of the grid's name column for a width w.
func gridNameW(w int) int { return max(8, min(20, w/6)) }

// gridFit is how many of n skill columns a width w holds, room kept for
// the "N more ›" of those left out.
func gridFit(w, n int) int {
	room := w - gridLead - gridNameW(w) - 1
	if room/gridColW >= n {
		return n
	}
	return max(1, (room-9)/gridColW)
}

// gridFirst is the first of n skill columns shown, fit at a time, for the
// cursor cur: its own first column, moved so that the cursor's column
// shows (after a resize, say) and no column is left empty.
func gridFirst(cur gridCursor, fit, n int) int {
	first := cur.first
	if cur.col > 0 {
		first = min(max(first, cur.col-fit), cur.col-1)
	}
	return max(0, min(first, n-fit))
}

// gridOrder returns the team's skills in the order of the grid's columns:
// those most drifting first, then most on watch, else in the team's order,
// so that what needs support shows in the first columns a narrow window
// holds.
func gridOrder(t *journal.Team) []*journal.TeamSkill {
	out := make([]*journal.TeamSkill, len(t.Skills))
	for i := range t.Skills {
		out[i] = &t.Skills[i]
	}
	slices.SortStableFunc(out, func(a, b *journal.TeamSkill) int {
		return cmp.Or(cmp.Compare(b.Drifting, a.Drifting), cmp.Compare(b.Watch, a.Watch))
	})
	return out
}

// tenth shows a level with one decimal, "4.0", so that a column's levels
// line up, half up as every number of the drift rule is shown (3.25 is
// "3.3", as in the sentence); "-" when there is none.
func tenth(n journal.Number) string {
	if !n.Valid {
		return "-"
	}
	return strconv.FormatFloat(math.Round(n.Value*10)/10, 'f', 1, 64)
}

// gridTop is the line of the Team tab where the grid's first row is: the
// tab's heading, a blank line, the grid's heading and its column heads
// come first.
const gridTop = 4

// gridLines draws the Team grid with the cursor at cur.
func gridLines(ctx *shared, w int, cur gridCursor) []string {
	st := &ctx.styles
	t := &ctx.review.team
	nameW := gridNameW(w)
	skills := gridOrder(t)
	fit := gridFit(w, len(skills))
	first := gridFirst(cur, fit, len(skills))
	last := min(len(skills), first+fit)
	lines := []string{st.Heading.Render("At a glance") + st.Muted.Render(" · people by skills")}
	head := pad("", nameW)
	if first > 0 {
		head = pad("‹ "+itoa(first)+" more", nameW)
	}
	for k := first; k < last; k++ {
		head += padLeft(skillTag(skills[k].ID, gridColW-1), gridColW)
	}
	if last < len(skills) {
		head += " " + itoa(len(skills)-last) + " more ›"
	}
	lines = append(lines, st.ColumnHead.Render(fitLine(strings.Repeat(" ", gridLead)+head, w-1)))
	for i := range t.Size {
		lines = append(lines, gridRow(ctx, skills, i, nameW, first, last, cur))
	}
	median := "  " + st.Bold.Render(pad("Team median", nameW))
	for k := first; k < last; k++ {
		median += " " + st.Bold.Render(padLeft(tenth(skills[k].Median), gridColW-1))
	}
	lines = append(lines, median)
	lines = append(lines, " "+st.Text.Render(truncateText(gridSays(ctx.review, skills, cur), max(1, w-3))))
	note := "▼ drifting ◆ watch ▲ improving ● steady, few: too few ratings, – dormant; ○: stale (rated, but not lately); numbers are levels. Each verdict is against that person's own baseline, not the team's. Enter opens a person (on their name) or their skill (on a cell); esc comes back here. Columns:"
	for k := first; k < last; k++ {
		sep := ","
		if k == last-1 {
			sep = "."
		}
		note += " " + skillTag(skills[k].ID, gridColW-1) + " " + journal.SafeLine(skills[k].Name) + sep
	}
	for _, l := range wrapLines(note, min(w-2, 110), "") {
		lines = append(lines, " "+st.Faint.Render(l))
	}
	return lines
}

// gridRow draws facilitator i's row of the grid: the skill columns from
// first to last, the cursor's row and cell marked.
func gridRow(ctx *shared, skills []*journal.TeamSkill, i, nameW, first, last int, cur gridCursor) string {
	st := &ctx.styles
	r := ctx.review
	name := ""
	if i < len(r.members) {
		name = journal.SafeLine(r.name(r.members[i]))
	}
	mark, nameStyle := "  ", st.Text.Render
	if i == cur.row {
		mark = st.SelectedMark.Render("▸ ")
		if cur.col == 0 {
			nameStyle = st.Selected.Render
		} else {
			nameStyle = st.Bold.Render
		}
	}
	line := mark + nameStyle(pad(truncateText(name, nameW-1), nameW))
	for k := first; k < last; k++ {
		text, style := gridCell(st, skills[k], i)
		if i == cur.row && cur.col == k+1 {
			style = st.Selected.Render
		}
		line += " " + style(padLeft(text, gridColW-1))
	}
	return line
}

// gridLinesOver returns gridLines(ctx, w, cur) made from base, the lines
// gridLines drew with no row under the cursor and the same first column:
// only the cursor's row and the line that says what is under it are drawn
// again, so that a key that moves the cursor costs two rows, not the grid.
func gridLinesOver(ctx *shared, w int, cur gridCursor, base []string) []string {
	t := &ctx.review.team
	skills := gridOrder(t)
	fit := gridFit(w, len(skills))
	first := gridFirst(cur, fit, len(skills))
	last := min(len(skills), first+fit)
	lines := slices.Clone(base)
	if cur.row >= 0 && cur.row < t.Size {
		lines[2+cur.row] = gridRow(ctx, skills, cur.row, gridNameW(w), first, last, cur)
	}
	lines[2+t.Size+1] = " " + ctx.styles.Text.Render(truncateText(gridSays(ctx.review, skills, cur), max(1, w-3)))
	return lines
}

// skillTag is the short name of a skill for a column head, at most n
// characters: its id after the key element's prefix ("mi" for eng.mi).
func skillTag(id string, n int) string {
	if i := strings.LastIndexByte(id, '.'); i >= 0 && i < len(id)-1 {
		id = id[i+1:]
	}
	rs := []rune(journal.SafeLine(id))
	return string(rs[:min(n, len(rs))])
}

// gridCell is facilitator i's cell of skill s: the symbol of their
// verdict, a stale mark and their level, and its style.
func gridCell(st *theme, s *journal.TeamSkill, i int) (string, func(...string) string) {
	status := s.Statuses[i]
	if status == "" {
		return "·", st.Faint.Render
	}
	sym, style := statusSymbol(st, status)
	cell := sym
	if s.Stales[i] {
		cell += "○"
	}
	if s.Levels[i].Valid {
		cell += tenth(s.Levels[i])
	}
	if s.Stales[i] && status != journal.StatusDrifting && status != journal.StatusWatch {
		style = st.Stale.Render
	}
	return cell, style
}

// gridSays says in words what is under the cursor.
func gridSays(r *reviewData, skills []*journal.TeamSkill, cur gridCursor) string {
	t := &r.team
	if cur.row < 0 || cur.row >= t.Size || cur.row >= len(r.members) {
		return ""
	}
	name := journal.SafeLine(r.name(r.members[cur.row]))
	if cur.col == 0 || cur.col > len(skills) {
		var drifting, watch, stale int
		for k := range t.Skills {
			switch t.Skills[k].Statuses[cur.row] {
			case journal.StatusDrifting:
				drifting++
			case journal.StatusWatch:
				watch++
			}
			if t.Skills[k].Stales[cur.row] {
				stale++
			}
		}
		return "▸ " + name + ": " + itoa(drifting) + " drifting, " + itoa(watch) + " on watch, " + itoa(stale) + " stale · enter opens " + name
	}
	s := skills[cur.col-1]
	status := s.Statuses[cur.row]
	says := "▸ " + name + " · " + journal.SafeLine(s.Name) + ": "
	if status == "" {
		return says + "not in their catalog"
	}
	says += string(status)
	if s.Stales[cur.row] {
		says += ", stale"
	}
	if s.Levels[cur.row].Valid {
		says += ", level " + tenth(s.Levels[cur.row])
	}
	return says + " · team median " + tenth(s.Median)
}

// updateTeamGrid moves the Team grid's cursor, or opens what is under
// it; it reports whether it took the key. Down on the last facilitator,
// and up with the grid scrolled away, scroll the tab instead.
func (m *Model) updateTeamGrid(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	r := m.ctx.review
	if r == nil || !r.teamDone || r.team.Size == 0 {
		return nil, false
	}
	k, cur := m.team.gridKeys, m.team.grid
	h := m.ctx.bodyHeight()
	rows := min(r.team.Size, len(r.members))
	switch {
	case key.Matches(msg, k.Open):
		return m.openFromTeam(), true
	case key.Matches(msg, k.Down) && cur.row < rows-1 && m.team.offset <= gridTop+cur.row:
		cur.row++
	case key.Matches(msg, k.Up) && cur.row > 0 && m.team.offset <= gridTop+cur.row:
		cur.row--
	case key.Matches(msg, k.Left):
		cur.col = max(0, cur.col-1)
	case key.Matches(msg, k.Right):
		cur.col = min(len(r.team.Skills), cur.col+1)
	default:
		return nil, false
	}
	fit := gridFit(m.ctx.width, len(r.team.Skills))
	if cur.col > 0 {
		cur.first = min(cur.first, cur.col-1)
		cur.first = max(cur.first, cur.col-fit)
	} else {
		cur.first = 0
	}
	m.team.grid = cur
	line := gridTop + cur.row
	m.team.offset = max(min(m.team.offset, line), line-h+1, 0)
	return nil, true
}

// clickTeamGrid puts the Team grid's cursor on the name or cell clicked,
// or opens it when the cursor is on it already (as enter does); it
// reports whether the click was on the grid. The places follow gridRow's
// drawing: a space, the cursor's mark, the name column, then a column of
// gridColW per skill shown.
func (m *Model) clickTeamGrid(msg tea.MouseClickMsg) (tea.Cmd, bool) {
	r := m.ctx.review
	if r == nil || !r.teamDone || r.team.Size == 0 || msg.Button != tea.MouseLeft {
		return nil, false
	}
	h := m.ctx.bodyHeight()
	offset := max(0, min(m.team.offset, len(m.team.lines)-h)) // as the pager shows it
	row := msg.Y - bodyTop + offset - gridTop
	if msg.Y < bodyTop || row < 0 || row >= min(r.team.Size, len(r.members)) {
		return nil, false
	}
	w, n := m.ctx.width, len(r.team.Skills)
	cur := m.team.grid
	first := gridFirst(cur, gridFit(w, n), n)
	last := min(n, first+gridFit(w, n))
	col := 0
	if x := msg.X - 1 - gridLead - gridNameW(w); x >= 0 {
		k := first + x/gridColW
		if k >= last {
			return nil, false
		}
		col = k + 1
	}
	if row == cur.row && col == cur.col {
		return m.openFromTeam(), true
	}
	m.team.grid = gridCursor{row: row, col: col, first: first}
	return nil, true
}

// openFromTeam opens the facilitator under the Team grid's cursor: their
// Overview, or on a cell their detail of its skill.
func (m *Model) openFromTeam() tea.Cmd {
	r := m.ctx.review
	cur := m.team.grid
	if cur.row >= len(r.members) || cur.row >= r.team.Size {
		return nil
	}
	m.ctx.fac = r.members[cur.row]
	show := m.showFacilitator()
	skills := gridOrder(&r.team)
	if cur.col == 0 || cur.col > len(skills) || skills[cur.col-1].Statuses[cur.row] == "" {
		m.tab = tabOverview
		m.fromTeam = &teamReturn{}
		return show
	}
	tabCmd := m.setTab(tabSkills)
	m.fromTeam = &teamReturn{skill: true}
	return tea.Batch(show, tabCmd, m.skills.open(skills[cur.col-1].ID, m.ctx))
}

// backToTeam goes back to the Team grid from a facilitator opened there,
// on esc when the view shown has no use for it (a form, a filter or, but
// for a skill opened from the grid, a skill's detail); it reports whether
// it did.
func (m *Model) backToTeam(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.fromTeam == nil || m.screen != screenTabs || msg.String() != "esc" || m.typing() {
		return nil, false
	}
	switch m.tab {
	case tabSkills:
		if m.skills.detail != nil && !m.fromTeam.skill {
			return nil, false
		}
		m.skills.detail = nil
	case tabOverview, tabReflections:
	default:
		return nil, false
	}
	return m.setTab(tabTeam), true
}

// levelLines draws the team's levels per key element period by period
// (journal.LevelsByPeriod, the numbers of the team reports, here with two
// decimals so that they line up): a block per key element, a row per
// facilitator and the team's median, the newest periods that the width
// holds.
func levelLines(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	lv := &r.levels
	if len(lv.Periods) == 0 {
		return nil
	}
	per := "month"
	if lv.Quarters {
		per = "quarter"
	}
	const colW = 9
	nameW := gridNameW(w)
	fit := max(1, min(len(lv.Periods), (w-3-nameW)/colW))
	from := len(lv.Periods) - fit
	lines := []string{"", " " + st.Heading.Render("Key elements "+per+" by "+per)}
	head := "  " + pad("", nameW)
	for _, p := range lv.Periods[from:] {
		head += padLeft(p, colW)
	}
	row := func(name string, hs func(p int) int, style func(...string) string) string {
		line := "  " + style(pad(truncateText(name, nameW-1), nameW))
		for p := from; p < len(lv.Periods); p++ {
			h := hs(p)
			if h < 0 {
				line += st.Faint.Render(padLeft("·", colW))
				continue
			}
			line += style(padLeft(itoa(h/100)+"."+itoa(h/10%10)+itoa(h%10), colW))
		}
		return line
	}
	for _, k := range lv.KeyElements {
		ke := journal.SafeLine(k.KeyElement)
		if ke == "" {
			ke = "No key element"
		}
		lines = append(lines, " "+st.Bold.Render(truncateText(ke, max(1, w-2))), st.ColumnHead.Render(fitLine(head, w)))
		for i, ts := range k.Members {
			name := ""
			if i < len(r.members) {
				name = journal.SafeLine(r.name(r.members[i]))
			}
			lines = append(lines, row(name, func(p int) int { return ts[p].Hundredths() }, st.Text.Render))
		}
		lines = append(lines, row("Team median", func(p int) int { return k.Median[p] }, st.Bold.Render))
	}
	note := "Each facilitator's mean rating of the key element's skills in each " + per + ", and the team's median of those means; · no rating that " + per + "; a key element nobody rated in these " + per + "s is left out."
	if from > 0 {
		note += " " + plural(from, "earlier "+per) + " than the width holds: widen the window, or see the team report."
	}
	for _, l := range wrapLines(note, min(w-2, 110), "") {
		lines = append(lines, " "+st.Faint.Render(l))
	}
	return lines
}
