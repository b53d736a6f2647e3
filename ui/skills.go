package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// skillsView is the Skills tab: the active skills grouped by key element,
// each with its drift status, level, baseline, a sparkline of its recent
// ratings and when it was last rated. enter opens a skill's detail, a adds
// a custom skill, x archives one.
type skillsView struct {
	keys     skillsKeys
	detail   *skillDetail // the open skill, if any
	form     *miniForm    // the form adding a skill, while it is open
	selectID string       // the skill to put the cursor on when the insights arrive
	chosen   bool         // the user moved the cursor or opened a skill: it stays on that skill
	readOnly bool         // review mode: no adding, archiving or self-assessment

	groupedList[skillRow] // the table's rows, cursor and scroll position
}

// skillRow is a line of the Skills table: a key element's heading, or a
// skill.
type skillRow struct {
	heading string
	skill   journal.Skill
	drift   journal.Drift
}

// isHeading reports whether the row is a key element's heading.
func (r skillRow) isHeading() bool { return r.heading != "" }

func newSkillsView() skillsView {
	v := skillsView{keys: newSkillsKeys()}
	v.syncKeys()
	return v
}

// typing reports whether the add form has the keyboard.
func (v skillsView) typing() bool { return v.form != nil }

// skillRows groups the active skills by key element, in the key elements'
// order; key elements of custom skills follow in the order they appear.
func skillRows(in *insights) []skillRow {
	order := journal.KeyElements()
	groups := map[string][]skillRow{}
	for _, d := range in.drift {
		s, ok := in.catalog.Find(d.Skill)
		if !ok {
			continue
		}
		ke := strings.TrimSpace(s.KeyElement)
		if ke == "" {
			ke = "Other"
		}
		if !slices.Contains(order, ke) {
			order = append(order, ke)
		}
		groups[ke] = append(groups[ke], skillRow{skill: s, drift: d})
	}
	var rows []skillRow
	for _, ke := range order {
		if len(groups[ke]) == 0 {
			continue
		}
		rows = append(rows, skillRow{heading: ke})
		rows = append(rows, groups[ke]...)
	}
	return rows
}

// Messages of the Skills tab.
type (
	// archiveSkillMsg archives a skill, after the user agreed.
	archiveSkillMsg struct{ id, name string }
	// skillArchivedMsg reports an archived skill.
	skillArchivedMsg struct {
		id, name string
		err      error
	}
	// skillCreatedMsg reports a custom skill added.
	skillCreatedMsg struct {
		skill journal.Skill
		err   error
	}
)

func (v skillsView) update(msg tea.Msg, ctx *shared) (skillsView, tea.Cmd) {
	v, cmd := v.handle(msg, ctx)
	v.syncKeys()
	return v, cmd
}

func (v skillsView) handle(msg tea.Msg, ctx *shared) (skillsView, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case insightsMsg:
		// The cursor stays on the skill the user chose, or goes to the one
		// asked for; until the user chooses, it rests on the first skill
		// that needs attention.
		want := v.selectID
		if r, ok := v.selected(); ok && want == "" && v.chosen {
			want = r.skill.ID
		}
		v.rows = skillRows(&ctx.data)
		if want == "" && !v.chosen {
			want = firstNeedingAttention(v.rows)
		}
		if i := slices.IndexFunc(v.rows, func(r skillRow) bool { return r.heading == "" && r.skill.ID == want }); i >= 0 {
			v.cursor = i
		}
		v.selectID = ""
		v.cursor = v.step(min(v.cursor, len(v.rows)-1), 1)
	case tea.WindowSizeMsg:
		if v.form != nil {
			v.form.resize(msg.Width)
		}
	case restyledMsg:
		if v.form != nil {
			v.form.restyle(ctx)
		}
	case archiveSkillMsg:
		return v, ctx.write(archiveSkill(ctx.svc.Skills, msg.id, msg.name, ctx.opts.Log))
	case skillArchivedMsg:
		if msg.err != nil {
			return v, showError(msg.err)
		}
		if v.detail != nil && v.detail.skill.ID == msg.id {
			v.detail = nil
		}
		return v, send(changedMsg{status: "Archived “" + journal.SafeLine(msg.name) + "”; its ratings are kept."})
	case skillCreatedMsg:
		if v.form == nil {
			return v, nil
		}
		if msg.err != nil {
			v.form.setError(msg.err)
			return v, nil
		}
		v.form = nil
		v.selectID = msg.skill.ID
		return v, send(changedMsg{status: "Added the skill “" + journal.SafeLine(msg.skill.Name) + "”."})
	}
	if v.form != nil {
		switch msg.(type) {
		case tea.KeyPressMsg, tea.PasteMsg, closeMiniMsg:
			return v.updateForm(msg, ctx)
		}
	}
	if v.detail != nil {
		d, cmd := v.detail.update(msg, ctx)
		if d.closed {
			v.detail = nil
		} else {
			v.detail = &d
		}
		switch msg.(type) {
		case tea.KeyPressMsg, tea.MouseMsg:
			return v, cmd // input goes to the detail only
		}
		cmds = append(cmds, cmd)
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmds = append(cmds, v.handleKey(msg, ctx))
	case tea.MouseWheelMsg, tea.MouseClickMsg:
		v.mouse(msg, bodyTop+1)
		v.chosen = true
	}
	v.scroll(v.tableRows(ctx.bodyHeight() - 2 - len(wrapLines(skillsNote(ctx), ctx.width-2, ""))))
	return v, tea.Batch(cmds...)
}

func (v *skillsView) handleKey(msg tea.KeyPressMsg, ctx *shared) tea.Cmd {
	k := v.keys
	switch {
	case key.Matches(msg, k.Open):
		if r, ok := v.selected(); ok {
			v.chosen = true
			d, cmd := newSkillDetail(r.skill, ctx)
			d, _ = d.update(nil, ctx) // draw the body
			v.detail = &d
			return cmd
		}
	case key.Matches(msg, k.Add):
		f := newSkillForm(ctx)
		v.form = &f
		return f.focusCmd()
	case key.Matches(msg, k.Archive):
		if r, ok := v.selected(); ok {
			return askArchive(r.skill)
		}
	case key.Matches(msg, k.SelfAssess):
		return ctx.post(openSelfAssessMsg{})
	default:
		if v.moveKey(msg, k.listKeys, ctx.bodyHeight()/2) {
			v.chosen = true
		}
	}
	return nil
}

// open opens the detail of skill id, the cursor on its row; nothing when
// the table does not list it.
func (v *skillsView) open(id string, ctx *shared) tea.Cmd {
	i := slices.IndexFunc(v.rows, func(r skillRow) bool { return r.heading == "" && r.skill.ID == id })
	if i < 0 {
		return nil
	}
	v.cursor, v.chosen = i, true
	d, cmd := newSkillDetail(v.rows[i].skill, ctx)
	d, _ = d.update(nil, ctx) // draw the body
	v.detail = &d
	v.syncKeys()
	return cmd
}

// firstNeedingAttention is the id of the first drifting skill of the
// rows, else of the first on watch; "" when none is.
func firstNeedingAttention(rows []skillRow) string {
	for _, status := range []journal.Status{journal.StatusDrifting, journal.StatusWatch} {
		for _, r := range rows {
			if !r.isHeading() && r.drift.Status == status {
				return r.skill.ID
			}
		}
	}
	return ""
}

// askArchive asks before archiving a skill.
func askArchive(s journal.Skill) tea.Cmd {
	name := journal.SafeLine(s.Name)
	return ask("Archive “"+truncateText(name, 30)+"”? Its ratings are kept. (y/n)", archiveSkillMsg{id: s.ID, name: s.Name})
}

// archiveSkill archives a skill in a command.
func archiveSkill(skills journal.SkillService, id, name string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		return skillArchivedMsg{id: id, name: name, err: logged(log, skills.SetSkillArchived(id, true))}
	}
}

// The fields of the form that adds a skill.
const (
	skillFieldID = iota
	skillFieldName
	skillFieldKeyElement
	skillFieldDescription
	skillFieldAnchor1
	skillFieldAnchor3
	skillFieldAnchor5
)

// newSkillForm returns the form that adds a custom skill.
func newSkillForm(ctx *shared) miniForm {
	elements := journal.KeyElements()
	for _, s := range ctx.data.catalog {
		if ke := strings.TrimSpace(s.KeyElement); ke != "" && !slices.Contains(elements, ke) {
			elements = append(elements, ke)
		}
	}
	f := newMiniForm("skills", "Add a skill",
		"A skill of your own, rated and analysed like the built-in ones. Anchors say what a 1, a 3 and a 5 look like in a meeting.",
		textField(ctx, "Id", "e.g. team.debrief", "2-32 lower-case letters, digits, dots and dashes, starting with a letter; it cannot change later.",
			32, "skill id"),
		textField(ctx, "Name", "e.g. Debriefing after hard meetings", "", journal.MaxSkillName, "name"),
		choiceField("Key element", "←/→ choose the key element the skill supports.", elements, "key element"),
		textField(ctx, "Description", "what the skill is, in a sentence", "", journal.MaxSkillText, "description"),
		textField(ctx, "Anchor 1", "what a 1 looks like", "", journal.MaxSkillText, "anchor 1"),
		textField(ctx, "Anchor 3", "what a 3 looks like", "", journal.MaxSkillText, "anchor 3"),
		textField(ctx, "Anchor 5", "what a 5 looks like: consistent, skilled practice others notice", "",
			journal.MaxSkillText, "anchor 5"),
	)
	f.resize(ctx.width)
	return f
}

// updateForm hands a message to the add form; on save it validates the
// skill and creates it in a command.
func (v skillsView) updateForm(msg tea.Msg, ctx *shared) (skillsView, tea.Cmd) {
	f, act, cmd := v.form.update(msg)
	v.form = &f
	switch act {
	case miniCancel:
		v.form = nil
	case miniSubmit:
		s := journal.Skill{
			ID:          f.value(skillFieldID),
			Name:        f.value(skillFieldName),
			KeyElement:  f.value(skillFieldKeyElement),
			Description: f.value(skillFieldDescription),
			Anchors:     [3]string{f.value(skillFieldAnchor1), f.value(skillFieldAnchor3), f.value(skillFieldAnchor5)},
		}
		s.Normalize()
		err := s.Validate()
		if _, taken := ctx.data.catalog.Find(s.ID); err == nil && taken {
			err = journal.Invalid("skill id", "%q is taken; choose another id", s.ID)
		}
		return v, v.form.submit(ctx, err, createSkill(ctx.svc.Skills, s, ctx.opts.Log))
	}
	return v, cmd
}

// createSkill adds a custom skill in a command.
func createSkill(skills journal.SkillService, s journal.Skill, log func(error)) tea.Cmd {
	return func() tea.Msg {
		err := skills.CreateSkill(&s)
		return skillCreatedMsg{skill: s, err: logged(log, err)}
	}
}

func (v *skillsView) syncKeys() {
	k := &v.keys
	list := v.form == nil && v.detail == nil
	_, has := v.selected()
	for _, b := range []*key.Binding{&k.Open, &k.Archive} {
		b.SetEnabled(list && has)
	}
	for _, b := range k.all() {
		b.SetEnabled(list && has)
	}
	k.Archive.SetEnabled(list && has && !v.readOnly)
	k.Add.SetEnabled(list && !v.readOnly)
	k.SelfAssess.SetEnabled(list && !v.readOnly)
}

// keyMap returns the keys that work now: the form's, the detail's or the
// list's.
func (v skillsView) keyMap() keyMap {
	switch {
	case v.form != nil:
		return v.form.keys
	case v.detail != nil:
		return v.detail.keys
	}
	return v.keys
}

// statusLabel is a verdict as the Skills table and the form show it: the
// words of hone drift, with a sign.
func statusLabel(d journal.Drift) string {
	switch d.Status {
	case journal.StatusDrifting:
		return "▼ drifting"
	case journal.StatusImproving:
		return "▲ improving"
	case journal.StatusWatch:
		return "~ watch"
	case journal.StatusSteady:
		return "· steady"
	}
	return "  " + string(d.Status)
}

// shortDay formats a day in few cells: "17 Jan" this year, "Jan 2025"
// before.
func shortDay(d, today journal.Day) string {
	t := d.Time()
	if t.Year() == today.Time().Year() {
		return t.Format("2 Jan")
	}
	return t.Format("Jan 2006")
}

// The Skills table's columns.
const (
	skillStatusW = 14 // "  insufficient"
	skillNumW    = 5
	skillSparkW  = 12 // the newest 12 ratings
	skillLastW   = 10 // "○ Jan 2025"
)

// skillColumns are the Skills table's columns that show in a width: the
// names whole first, then as many of the others as fit.
type skillColumns struct {
	name, status             int // cells
	level, base, spark, last bool
}

// skillColumnsFor fits the table's columns in w cells: every name whole,
// leaving out the baseline, then the last rated day (its stale mark goes
// beside the status), then the sparkline, then the level, until they fit.
func skillColumnsFor(rows []skillRow, w int) skillColumns {
	longest := len("Skill")
	for _, r := range rows {
		if !r.isHeading() {
			longest = max(longest, cellWidth(journal.SafeLine(r.skill.Name)))
		}
	}
	longest = min(longest, journal.MaxSkillName)
	tries := []skillColumns{
		{level: true, base: true, spark: true, last: true},
		{level: true, spark: true, last: true},
		{level: true, base: true, spark: true},
		{level: true, spark: true},
		{level: true},
		{},
	}
	var c skillColumns
	for _, c = range tries {
		c.status = skillStatusW
		if !c.last {
			c.status += 2 // the stale mark
		}
		rest := 2 + c.status + colGap
		if c.level {
			rest += skillNumW + colGap
		}
		if c.base {
			rest += skillNumW + colGap
		}
		if c.spark {
			rest += skillSparkW + colGap
		}
		if c.last {
			rest += skillLastW + colGap
		}
		if c.name = w - rest; c.name >= longest {
			c.name = longest
			return c
		}
	}
	c.name = max(12, c.name)
	return c
}

// tableRows is how many of the table's rows show in h rows: one less when
// they do not all fit, for the line that says how many more are below.
func (v skillsView) tableRows(h int) int {
	if len(v.rows) > h {
		return max(1, h-1)
	}
	return h
}

func (v skillsView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	switch {
	case v.form != nil:
		return v.form.view(ctx, w, h)
	case ctx.loadErr != nil:
		return "\n " + st.StatusError.Render(journal.SafeLine("Could not read your skills: "+journal.ErrorMessage(ctx.loadErr)))
	case !ctx.ready: // in review mode, a facilitator whose export is not in yet
		return "\n " + st.Muted.Render("Loading skills…")
	case v.detail != nil:
		return v.detail.view(ctx, w, h)
	}
	cols := skillColumnsFor(v.rows, w)
	nameW := cols.name
	gap := strings.Repeat(" ", colGap)
	head := "  " + pad("Skill", nameW) + gap + pad("Status", cols.status)
	if cols.level {
		head += gap + padLeft("Level", skillNumW)
	}
	if cols.base {
		head += gap + padLeft("Base", skillNumW)
	}
	if cols.spark {
		head += gap + pad("Recent", skillSparkW)
	}
	if cols.last {
		head += gap + "Last rated"
	}
	lines := []string{st.ColumnHead.Render(fitLine(head, w))}
	var notes []string
	for i, l := range wrapLines(skillsNote(ctx), w-2, "") {
		if i == 0 {
			l = st.Stale.Render("○") + st.Faint.Render(strings.TrimPrefix(l, "○"))
		} else {
			l = st.Faint.Render(l)
		}
		notes = append(notes, " "+l)
	}
	if len(v.rows) == 0 {
		empty := "No active skills. Press a to add one."
		if v.readOnly {
			empty = "This export lists no active skills."
		}
		lines = append(lines, " "+st.Muted.Render(empty))
	}
	from, to := v.window(v.tableRows(h - 2 - len(notes)))
	today := ctx.today()
	for i := from; i < to; i++ {
		r := v.rows[i]
		if r.heading != "" {
			lines = append(lines, " "+st.Heading.Render(journal.SafeLine(r.heading)))
			continue
		}
		d := r.drift
		last := "never"
		if d.Ratings > 0 {
			last = shortDay(d.LastRated, today)
		}
		staleMark := "  "
		if d.Stale {
			staleMark = "○ "
		}
		status := statusLabel(d)
		if !cols.last && d.Stale {
			status = strings.TrimRight(status, " ") + " ○"
		}
		name := journal.SafeLine(r.skill.Name)
		spark := sparkline(ctx.data.history[r.skill.ID], skillSparkW)
		if i == v.cursor {
			line := "▸ " + pad(name, nameW) + gap + pad(status, cols.status)
			if cols.level {
				line += gap + padLeft(d.Level.String(), skillNumW)
			}
			if cols.base {
				line += gap + padLeft(d.Baseline.String(), skillNumW)
			}
			if cols.spark {
				line += gap + spark
			}
			if cols.last {
				line += gap + staleMark + last
			}
			lines = append(lines, st.Selected.Render(fitLine(line, w)))
			continue
		}
		line := "  " + st.Text.Render(pad(name, nameW)) + gap + st.status(d.Status).Render(pad(status, cols.status))
		if cols.level {
			line += gap + st.Text.Render(padLeft(d.Level.String(), skillNumW))
		}
		if cols.base {
			line += gap + st.Muted.Render(padLeft(d.Baseline.String(), skillNumW))
		}
		if cols.spark {
			line += gap + st.Spark.Render(spark)
		}
		if cols.last {
			line += gap + st.Stale.Render(staleMark) + st.Muted.Render(last)
		}
		lines = append(lines, fitLine(line, w))
	}
	if to < len(v.rows) {
		lines = append(lines, " "+st.Faint.Render(truncateText("↓ "+plural(len(v.rows)-to, "more row")+" below · j/pgdn or the wheel scroll", w-2)))
	}
	for len(lines) < h-len(notes) {
		lines = append(lines, "")
	}
	return joinLines(append(lines, notes...))
}

// skillsNote closes the Skills table: the stale mark's legend and what
// self-ratings are for, said to the facilitator or, in review mode, to
// the coach.
func skillsNote(ctx *shared) string {
	if ctx.readOnly() {
		return "○ not practised lately.  " + journal.SharedRatingNote
	}
	return "○ not practised lately.  " + journal.SelfRatingNote
}

// padLeft right-aligns plain text in w cells.
func padLeft(s string, w int) string {
	if n := len([]rune(s)); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
