package ui

import (
	"os"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// selfAssessModel is the self-assessment (SPEC section 8): one screen that
// rates every active skill at once, the anchors of the skill under the
// cursor shown below, saved as an entry of kind self-assessment dated
// today. After the save it shows what moved since the previous
// self-assessment.
type selfAssessModel struct {
	keys   selfAssessKeys
	skills []journal.Skill
	values map[string]int
	cursor int
	offset int

	prev   *journal.Entry // the newest self-assessment before this one
	loaded bool           // prev was looked for

	saving bool
	err    error
	// draftRefused is set when the ratings could not be kept as a draft
	// as hone was to quit: quitting again leaves without them.
	draftRefused bool
	saved        *journal.Entry // set once saved
	changes      []journal.SkillChange
}

// Messages of the self-assessment.
type (
	// openSelfAssessMsg opens the self-assessment.
	openSelfAssessMsg struct{}
	// closeSelfAssessMsg leaves it.
	closeSelfAssessMsg struct{}
	// prevSelfAssessMsg carries the newest self-assessment so far.
	prevSelfAssessMsg struct {
		entry *journal.Entry
		err   error
	}
	// selfAssessSavedMsg reports a saved self-assessment.
	selfAssessSavedMsg struct {
		entry *journal.Entry
		err   error
	}
)

func newSelfAssess(ctx *shared) (selfAssessModel, tea.Cmd) {
	m := selfAssessModel{keys: newSelfAssessKeys(), skills: ctx.data.catalog.Active(), values: map[string]int{}}
	m.syncKeys()
	return m, loadPrevSelfAssess(ctx.svc.Entries, ctx.today(), ctx.opts.Log)
}

// loadPrevSelfAssess finds the newest self-assessment up to today in a
// command.
func loadPrevSelfAssess(entries journal.EntryService, today journal.Day, log func(error)) tea.Cmd {
	return func() tea.Msg {
		es, err := entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
		if err != nil {
			return prevSelfAssessMsg{err: logged(log, err)}
		}
		cur, _ := journal.LatestSelfAssessments(es, today)
		return prevSelfAssessMsg{entry: cur}
	}
}

// dirty reports whether a rating was given and not saved.
func (m selfAssessModel) dirty() bool { return m.saved == nil && len(m.values) > 0 }

// draft is the ratings given so far as a draft of a self-assessment
// entry, for quitting (Model.draftOnQuit): the entry form opens on it at
// the next start and saves it as the self-assessment it is.
func (m selfAssessModel) draft(ctx *shared) *journal.Draft {
	d := &journal.Draft{ID: newDraftID(ctx.opts.Now()), PID: os.Getpid(), Date: ctx.today().String(),
		Kind: journal.KindSelfAssessment, Title: "Self-assessment", Ratings: map[string]int{}}
	for id, v := range m.values {
		d.Ratings[id] = v
	}
	return d
}

func (m selfAssessModel) update(msg tea.Msg, ctx *shared) (selfAssessModel, tea.Cmd) {
	m, cmd := m.handle(msg, ctx)
	m.scroll(m.listRows(ctx.bodyHeight()))
	m.syncKeys()
	return m, cmd
}

func (m selfAssessModel) handle(msg tea.Msg, ctx *shared) (selfAssessModel, tea.Cmd) {
	switch msg := msg.(type) {
	case prevSelfAssessMsg:
		if msg.err != nil {
			return m, showError(msg.err)
		}
		m.prev, m.loaded = msg.entry, true
	case selfAssessSavedMsg:
		m.saving = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.err = nil
		m.saved = msg.entry
		m.changes = journal.CompareSelfAssessments(m.prev, msg.entry)
		return m, send(changedMsg{status: "Saved your self-assessment.", selectID: msg.entry.ID})
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.cursor = max(0, m.cursor-1)
		case tea.MouseWheelDown:
			m.cursor = min(len(m.skills)-1, m.cursor+1)
		}
	case tea.KeyPressMsg:
		if m.saving {
			return m, nil
		}
		return m.handleKey(msg, ctx)
	}
	return m, nil
}

func (m selfAssessModel) handleKey(msg tea.KeyPressMsg, ctx *shared) (selfAssessModel, tea.Cmd) {
	k := m.keys
	if m.saved != nil {
		if key.Matches(msg, k.Close) {
			return m, ctx.post(closeSelfAssessMsg{})
		}
		return m, nil
	}
	n := len(m.skills)
	switch {
	case key.Matches(msg, k.Save):
		return m.save(ctx)
	case key.Matches(msg, k.Cancel):
		if m.dirty() {
			return m, ask("Discard this self-assessment? (y/n)", closeSelfAssessMsg{})
		}
		return m, ctx.post(closeSelfAssessMsg{})
	case n == 0:
	case key.Matches(msg, k.Rate):
		m.values[m.skills[m.cursor].ID] = int(msg.Code - '0')
		m.cursor = min(n-1, m.cursor+1)
	case key.Matches(msg, k.Clear):
		delete(m.values, m.skills[m.cursor].ID)
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = min(n-1, m.cursor+1)
	case key.Matches(msg, k.Top):
		m.cursor = 0
	case key.Matches(msg, k.Bottom):
		m.cursor = n - 1
	}
	return m, nil
}

// save validates the self-assessment and saves it in a command.
func (m selfAssessModel) save(ctx *shared) (selfAssessModel, tea.Cmd) {
	if len(m.values) == 0 {
		m.err = journal.Invalid("rating", "rate at least one skill (1-5) before saving")
		return m, nil
	}
	today := ctx.today()
	e := &journal.Entry{Date: today, Kind: journal.KindSelfAssessment, Title: "Self-assessment", Ratings: map[string]int{}}
	for id, v := range m.values {
		e.Ratings[id] = v
	}
	e.Normalize()
	if err := e.Validate(ctx.data.catalog, today); err != nil {
		m.err = err
		return m, nil
	}
	m.err, m.saving = nil, true
	entries, log := ctx.svc.Entries, ctx.opts.Log
	return m, ctx.write(func() tea.Msg {
		err := entries.CreateEntry(e)
		return selfAssessSavedMsg{entry: e, err: logged(log, err)}
	})
}

func (m *selfAssessModel) syncKeys() {
	k := &m.keys
	rating := m.saved == nil && !m.saving
	for _, b := range []*key.Binding{&k.Rate, &k.Clear, &k.Up, &k.Down, &k.Move, &k.Top, &k.Bottom, &k.Save, &k.Cancel} {
		b.SetEnabled(rating)
	}
	k.Close.SetEnabled(m.saved != nil)
}

// anchorsHeight is the room the anchors of the skill under the cursor take
// under the list: a rule, the name and up to six lines of anchors.
const anchorsHeight = 9

// listRows is how many skills fit on the screen at once.
func (m selfAssessModel) listRows(h int) int {
	rows := max(3, h-3-anchorsHeight)
	if len(m.skills) > rows {
		rows = max(2, rows-1) // a row says what more is above or below
	}
	return rows
}

func (m *selfAssessModel) scroll(rows int) {
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = max(0, min(m.offset, len(m.skills)-rows))
}

func (m selfAssessModel) view(ctx *shared, w, h int) string {
	if m.saved != nil {
		return m.comparisonView(ctx, w, h)
	}
	st := &ctx.styles
	today := ctx.today()
	head := " " + st.Heading.Render("Self-assessment") + st.Muted.Render(" · "+today.Time().Format("Monday 2 January 2006"))
	count := st.Muted.Render(itoa(len(m.values)) + " of " + itoa(len(m.skills)) + " rated ")
	lines := []string{spread(head, count, w)}
	intro := "1-5 for each skill as you practise it these days; the anchors below say what 1, 3 and 5 look like."
	if m.loaded && m.prev != nil {
		intro = "1-5 for each skill as you practise it these days; last time: " + m.prev.Date.Short()
	}
	lines = append(lines, " "+st.Faint.Render(truncateText(intro, w-2)), "")
	if len(m.skills) == 0 {
		lines = append(lines, " "+st.Muted.Render("No active skills to rate."))
		return fitBlock(joinLines(lines), w, h)
	}

	nameW := max(12, min(36, w-2-5-1-2-2-14))
	rows := m.listRows(h)
	for i := m.offset; i < len(m.skills) && i < m.offset+rows; i++ {
		s := m.skills[i]
		v, rated := m.values[s.ID]
		val := "·"
		if rated {
			val = itoa(v)
		}
		mark := " "
		markStyle := st.Faint
		if d, ok := ctx.data.driftOf(s.ID); ok {
			mark, markStyle = driftMark(d), st.status(d.Status)
			if d.Stale && d.Status != journal.StatusDrifting && d.Status != journal.StatusWatch {
				markStyle = st.Stale
			}
		}
		last := ""
		if m.prev != nil {
			if pv := m.prev.Ratings[s.ID]; pv > 0 {
				last = "last time " + itoa(pv)
			}
		}
		name := journal.SafeLine(s.Name)
		if i == m.cursor {
			line := "▸ " + pad(name, nameW) + " " + mark + "  " + dots(v) + " " + val + "  " + last
			lines = append(lines, st.Selected.Render(fitLine(line, w)))
			continue
		}
		nameStyle, dotStyle := st.Muted, st.Faint
		if rated {
			nameStyle, dotStyle = st.Text, st.ChipValue
		}
		lines = append(lines, fitLine("  "+nameStyle.Render(pad(name, nameW))+" "+markStyle.Render(mark)+"  "+
			dotStyle.Render(dots(v))+" "+st.RatingValue.Render(val)+"  "+st.Faint.Render(last), w))
	}
	for len(lines) < 3+min(rows, len(m.skills)) {
		lines = append(lines, "")
	}
	if n := len(m.skills); n > rows {
		hint := "↑ the end · k/↑ back up"
		if below := n - m.offset - rows; below > 0 {
			hint = "↓ " + plural(below, "more skill") + " below · j/↓ or the wheel"
		}
		lines = append(lines, " "+st.Faint.Render(truncateText(hint, w-2)))
	}
	lines = append(lines, st.Rule.Render(strings.Repeat("─", w)))
	rf := ratingField{skills: m.skills, values: m.values, cursor: m.cursor}
	anchors := rf.anchorLines(ctx, w-2)[1:] // without its leading blank line
	for _, l := range anchors {
		lines = append(lines, " "+l)
	}
	if m.err != nil {
		lines = append(lines[:min(len(lines), h-1)], " "+st.FieldError.Render("⚠ "+journal.SafeLine(journal.ErrorMessage(m.err))))
	}
	if m.saving {
		lines = append(lines[:min(len(lines), h-1)], " "+st.Muted.Render("Saving…"))
	}
	return fitBlock(joinLines(lines), w, h)
}

// comparisonView shows the saved self-assessment next to the previous one.
func (m selfAssessModel) comparisonView(ctx *shared, w, h int) string {
	st := &ctx.styles
	lines := []string{" " + st.Heading.Render("Self-assessment saved") + st.Muted.Render(" · "+m.saved.Date.Short()), ""}
	for _, l := range comparisonLines(m.saved, m.prev, m.changes, ctx.data.skillName, st, min(w-2, 100)) {
		lines = append(lines, " "+l)
	}
	lines = append(lines, "")
	for _, l := range wrapLines(journal.SelfRatingNote, min(w-2, 100), "") {
		lines = append(lines, " "+st.Faint.Render(l))
	}
	return fitBlock(joinLines(lines), w, h)
}

// selfAssessKeys are the keys of the self-assessment.
type selfAssessKeys struct {
	Up, Down, Top, Bottom, Rate, Clear, Save, Cancel, Close key.Binding
	Move                                                    key.Binding // up and down, as the footer names them
}

func newSelfAssessKeys() selfAssessKeys {
	return selfAssessKeys{
		Up:     bind([]string{"up", "k"}, "↑/k", "up"),
		Down:   bind([]string{"down", "j", "enter"}, "↓/j", "down"),
		Move:   bind([]string{"down", "up"}, "↑/↓", "move"),
		Top:    bind([]string{"home", "g"}, "g", "top"),
		Bottom: bind([]string{"end", "G"}, "G", "bottom"),
		Rate:   bind([]string{"1", "2", "3", "4", "5"}, "1-5", "rate"),
		Clear:  bind([]string{"0", "backspace", "delete"}, "0", "clear"),
		Save:   bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
		Close:  bind([]string{"esc", "enter", "q"}, "enter", "done"),
	}
}

// ShortHelp lists the self-assessment's keys for the footer.
func (k selfAssessKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Rate, k.Move, k.Save, k.Cancel, k.Close}
}

// FullHelp lists every key of the self-assessment.
func (k selfAssessKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Rate, k.Clear, k.Save, k.Cancel, k.Close}}
}
