package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Review mode (`hone review FILE...`): the read-only TUI over one or more
// exports, for a coach. Per facilitator, an Overview (the export's period,
// what it holds and leaves out, the skills that drift, are on watch or
// improve) and the Skills tab with each skill's detail and chart; with two
// or more exports a Team tab. Every key that would write is off, and no
// command of review mode touches a file.

// Review is one export shown in review mode.
type Review struct {
	// Name is the facilitator's name, or the file's name when the export
	// carries none. It is shown as one safe line.
	Name   string
	Export *journal.Export
}

// NewReview returns the read-only TUI over exports, as of the day of
// opts.Now. It uses opts.Now, opts.Lock and nothing that writes: no
// services, PrepDir, WriteExport, Editor or Log. Run it with
// tea.NewProgram(ui.NewReview(reviews, opts)).Run().
func NewReview(reviews []Review, opts Options) Model {
	opts.PrepDir, opts.WriteExport, opts.Editor, opts.Warn, opts.Log = "", nil, "", nil, nil
	m := New(Services{}, opts)
	m.ctx.review = &reviewData{reviews: slices.Clone(reviews)}
	m.ctx.prompts = journal.BuiltinPrompts()
	m.ctx.keys.setReview(len(m.ctx.tabs()), len(reviews))
	m.skills.readOnly, m.skills.keys.readOnly = true, true
	m.tab = tabOverview
	m.syncKeys()
	return m
}

// reviewData is what review mode shows of its exports. It is made once, in
// loadReview, and never changed after.
type reviewData struct {
	reviews []Review
	loaded  bool
	facs    []reviewFac // one per review, once loaded
	team    journal.Team
}

// reviewFac is one facilitator's export, analysed.
type reviewFac struct {
	name    string // a safe line
	x       *journal.Export
	in      insights
	entries []*journal.Entry // newest first
	shared  int              // shared reflections
	err     error            // the export could not be read
}

// name returns the name of facilitator i, a safe line.
func (r *reviewData) name(i int) string {
	if r.loaded && i < len(r.facs) {
		return r.facs[i].name
	}
	if i < len(r.reviews) {
		return reviewName(r.reviews[i], i)
	}
	return ""
}

func reviewName(r Review, i int) string {
	if n := strings.TrimSpace(journal.SafeLine(r.Name)); n != "" {
		return truncateText(n, journal.MaxFacilitator)
	}
	if r.Export != nil {
		if n := strings.TrimSpace(journal.SafeLine(r.Export.Facilitator)); n != "" {
			return truncateText(n, journal.MaxFacilitator)
		}
	}
	return "Facilitator " + itoa(i+1)
}

// reviewLoadedMsg carries the analysed exports.
type reviewLoadedMsg struct{ data *reviewData }

// loadReview analyses every export as of today, and the team.
func loadReview(reviews []Review, today journal.Day) tea.Cmd {
	return func() tea.Msg {
		d := &reviewData{reviews: reviews, loaded: true, facs: make([]reviewFac, len(reviews))}
		catalogs := make([]journal.Catalog, len(reviews))
		drifts := make([][]journal.Drift, len(reviews))
		for i, r := range reviews {
			f := &d.facs[i]
			f.name, f.x = reviewName(r, i), r.Export
			if r.Export == nil {
				f.err = journal.Errorf(journal.EINVALID, "no export")
				f.in = computeInsights(nil, nil, today)
				continue
			}
			c := withBuiltinText(r.Export.Catalog())
			ratings, err := r.Export.Ratings()
			if err == nil {
				f.entries, err = r.Export.Entries()
			}
			if err != nil {
				f.err = err
				ratings = nil
			}
			slices.Reverse(f.entries)
			for _, e := range f.entries {
				f.shared += len(e.Reflections)
			}
			f.in = computeInsights(c, ratings, today)
			catalogs[i], drifts[i] = c, f.in.drift
		}
		d.team = journal.SummarizeTeam(catalogs, drifts, today)
		return reviewLoadedMsg{data: d}
	}
}

// withBuiltinText gives the built-in skills of an export's catalog their
// descriptions and anchors, which exports do not carry.
func withBuiltinText(c journal.Catalog) journal.Catalog {
	builtin := journal.BuiltinSkills()
	for i, s := range c {
		if b, ok := builtin.Find(s.ID); ok {
			c[i].Description, c[i].Anchors, c[i].Builtin = b.Description, b.Anchors, true
		}
	}
	return c
}

// reviewLoaded shows the first facilitator once the exports are analysed.
func (m *Model) reviewLoaded(msg reviewLoadedMsg) tea.Cmd {
	m.ctx.review = msg.data
	m.ctx.fac = 0
	return m.showFacilitator()
}

// showFacilitator hands the facilitator's insights to every view, as if
// they had just been loaded.
func (m *Model) showFacilitator() tea.Cmd {
	r := m.ctx.review
	if r == nil || !r.loaded || m.ctx.fac >= len(r.facs) {
		return nil
	}
	m.overview.offset = 0
	return m.update(insightsMsg{in: r.facs[m.ctx.fac].in})
}

// switchFacilitator shows the next (dir 1) or previous (-1) facilitator.
func (m *Model) switchFacilitator(dir int) tea.Cmd {
	r := m.ctx.review
	if r == nil || !r.loaded || len(r.facs) < 2 {
		return nil
	}
	m.ctx.fac = (m.ctx.fac + dir + len(r.facs)) % len(r.facs)
	return m.showFacilitator()
}

// currentFac returns the facilitator shown, once loaded.
func (c *shared) currentFac() (*reviewFac, bool) {
	if c.review == nil || !c.review.loaded || c.fac >= len(c.review.facs) {
		return nil, false
	}
	return &c.review.facs[c.fac], true
}

// skillReflections loads the recent reflections on a skill: from the
// journal, or in review mode from the facilitator's export.
func (c *shared) skillReflections(id string) tea.Cmd {
	version := c.data.version
	if c.review != nil {
		f, ok := c.currentFac()
		if !ok {
			return nil
		}
		entries := f.entries
		return func() tea.Msg {
			var rating []*journal.Entry
			for _, e := range entries {
				if _, ok := e.Ratings[id]; ok {
					rating = append(rating, e)
					if len(rating) == reflectionEntries {
						break
					}
				}
			}
			return skillReflectionsMsg{skill: id, version: version, refls: reflectionsOn(rating, id)}
		}
	}
	return loadSkillReflections(c.svc.Entries, id, version, c.opts.Log)
}

// reviewWrites are the messages that would write; review mode drops them,
// whatever sends them.
func reviewWrites(msg tea.Msg) bool {
	switch msg.(type) {
	case openFormMsg, openSelfAssessMsg, deleteMsg, archiveSkillMsg, openExportMsg, writeExportMsg:
		return true
	}
	return false
}

// pager scrolls a body of lines.
type pager struct {
	keys   listKeys
	offset int
}

func newPager() pager { return pager{keys: newListKeys()} }

// update scrolls through n lines of which h show.
func (p pager) update(msg tea.Msg, n, h int) pager {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		p.offset, _ = p.keys.scrollLines(msg, p.offset, max(1, h-1), n)
	case tea.MouseWheelMsg:
		p.offset += wheelLines(msg)
	}
	p.offset = max(0, min(p.offset, n-h))
	return p
}

// view shows h of lines from the offset.
func (p pager) view(lines []string, w, h int) string {
	off := max(0, min(p.offset, len(lines)-h))
	return fitBlock(joinLines(lines[off:]), w, h)
}

// ShortHelp lists the pager's keys for the footer.
func (p pager) ShortHelp() []key.Binding { return []key.Binding{p.keys.Down, p.keys.PageDown} }

// FullHelp lists every key of the pager.
func (p pager) FullHelp() [][]key.Binding { return [][]key.Binding{p.keys.all()} }

// updateReviewTab hands input to the Overview or the Team tab.
func (m *Model) updateReviewTab(msg tea.Msg) {
	w, h := m.ctx.width, m.ctx.bodyHeight()
	switch m.tab {
	case tabOverview:
		m.overview = m.overview.update(msg, len(overviewLines(&m.ctx, w)), h)
	case tabTeam:
		m.team = m.team.update(msg, len(teamLines(&m.ctx, w)), h)
	}
}

// overviewLines draw the Overview of the facilitator shown: who, the
// period, what the export holds, the skills that need attention and those
// that improve.
func overviewLines(ctx *shared, w int) []string {
	st := &ctx.styles
	f, ok := ctx.currentFac()
	if !ok {
		return []string{"", " " + st.Muted.Render("Reading the exports…")}
	}
	tw := min(w-2, 100)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	wrapped := func(text string, style func(...string) string, indent string) {
		for _, l := range wrapLines(journal.SafeLine(text), tw-len(indent), "") {
			add(" " + indent + style(l))
		}
	}
	x := f.x
	head := st.Heading.Render(f.name)
	if n := len(ctx.review.facs); n > 1 {
		head += st.Muted.Render("  facilitator " + itoa(ctx.fac+1) + " of " + itoa(n))
	}
	add(" " + head)
	if f.err != nil {
		add("", " "+st.StatusError.Render(truncateText(journal.SafeLine("This export cannot be read: "+journal.ErrorMessage(f.err)), tw)))
		return lines
	}
	facts := journal.SafeLine(x.Period()) + " · " + countWords(len(x.Records), "entry", "entries") + " · " +
		plural(x.RatingCount(), "rating") + " · " + plural(f.shared, "shared reflection") +
		" · exported " + x.ExportedAt.UTC().Format("2 Jan 2006")
	wrapped(facts, st.Text.Render, "")
	wrapped(x.PrivacyStatement(), st.Muted.Render, "")
	if x.WeekDates() {
		wrapped("Dates are ISO weeks: each week counts as its Monday, so the dates below are Mondays.", st.Muted.Render, "")
	}

	in := &f.in
	var drifting, watch, improving, stale []journal.Drift
	noVerdict := 0
	for _, d := range in.drift {
		switch d.Status {
		case journal.StatusDrifting:
			drifting = append(drifting, d)
		case journal.StatusWatch:
			watch = append(watch, d)
		case journal.StatusImproving:
			improving = append(improving, d)
		case journal.StatusInsufficient, journal.StatusDormant:
			noVerdict++
		}
		if d.Stale && d.Ratings > 0 && d.Status != journal.StatusDormant {
			stale = append(stale, d)
		}
	}
	group := func(title string, ds []journal.Drift, mark string, style func(...string) string) {
		if len(ds) == 0 {
			return
		}
		add("", " "+st.Heading.Render(title))
		for _, d := range ds {
			add(" " + style(truncateText(mark+" "+in.skillName(d.Skill), tw)))
			wrapped(d.Explanation, st.Muted.Render, "  ")
		}
	}
	group("Drifting", drifting, "▼", st.Drifting.Render)
	group("On watch", watch, "~", st.Watch.Render)
	group("Improving", improving, "▲", st.Improving.Render)
	if len(drifting)+len(watch)+len(improving) == 0 {
		add("", " "+st.Muted.Render("No skill is drifting, on watch or improving."))
	}
	if len(stale) > 0 {
		names := make([]string, len(stale))
		for i, d := range stale {
			names[i] = in.skillName(d.Skill)
		}
		add("")
		for _, l := range wrapLines("○ Not practised lately: "+strings.Join(names, ", ")+".", tw, "  ") {
			add(" " + st.Stale.Render(l))
		}
	}
	if noVerdict > 0 {
		wrapped(plural(noVerdict, "skill")+" without a verdict: too few ratings, or none for over 90 days.", st.Faint.Render, "")
	}
	add("")
	wrapped(reviewRatingNote, st.Faint.Render, "")
	return lines
}

// reviewRatingNote is journal.SelfRatingNote for the coach.
const reviewRatingNote = "Self-ratings are material for reflection and for conversation with the facilitator, not a fidelity score."

// The Team table's columns: a count per verdict, and the median level.
const teamColW = 7

// teamLines draw the Team tab: the skills the group could learn together,
// then a table per key element and skill of how many facilitators drift,
// are on watch, improve, are steady, have no verdict or let the skill go
// stale, with the team's median level.
func teamLines(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	if r == nil || !r.loaded {
		return []string{"", " " + st.Muted.Render("Reading the exports…")}
	}
	t := &r.team
	tw := min(w-2, 110)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(" " + st.Heading.Render("The team") + st.Muted.Render(" · "+plural(t.Size, "facilitator")+" · as of "+t.AsOf.Short()))

	add("", " "+st.Heading.Render("Skills the group could learn together"))
	if len(t.Together) == 0 {
		add(" " + st.Muted.Render("None: no skill is drifting or on watch for 2 or more facilitators."))
	}
	for _, s := range t.Together {
		var who []string
		for i, status := range s.Statuses {
			if status == journal.StatusDrifting || status == journal.StatusWatch {
				who = append(who, r.name(i)+" ("+string(status)+")")
			}
		}
		name := journal.SafeLine(s.Name)
		counts := teamCounts(s.Drifting, s.Watch)
		add(" " + st.Key.Render("•") + " " + st.Bold.Render(truncateText(name, tw-2)) + st.Muted.Render(truncateText(" · "+counts, max(0, tw-2-len([]rune(name))))))
		for _, l := range wrapLines(strings.Join(who, ", "), tw-3, "") {
			add("   " + st.Muted.Render(l))
		}
	}

	nameW := max(12, min(40, w-2-6*teamColW-8))
	head := "  " + pad("Skill", nameW) + padLeft("Drift", teamColW) + padLeft("Watch", teamColW) + padLeft("Impr.", teamColW) +
		padLeft("Steady", teamColW) + padLeft("None", teamColW) + padLeft("Stale", teamColW) + padLeft("Median", 8)
	add("", " "+st.Heading.Render("By key element and skill"))
	add(st.ColumnHead.Render(fitLine(head, w)))
	cell := func(n int, style func(...string) string) string {
		if n == 0 {
			return st.Faint.Render(padLeft("·", teamColW))
		}
		return style(padLeft(itoa(n), teamColW))
	}
	bySkill := map[string]*journal.TeamSkill{}
	for i := range t.Skills {
		bySkill[t.Skills[i].ID] = &t.Skills[i]
	}
	for _, k := range t.KeyElements {
		ke := journal.SafeLine(k.KeyElement)
		if ke == "" {
			ke = "No key element"
		}
		add(" " + st.Heading.Render(pad(truncateText(ke, nameW+1), nameW+1)) + cell(k.Drifting, st.Drifting.Render) +
			cell(k.Watch, st.Watch.Render) + cell(k.Improving, st.Improving.Render) + strings.Repeat(" ", 3*teamColW) +
			st.Bold.Render(padLeft(k.Median.String(), 8)))
		for _, id := range k.Skills {
			s := bySkill[id]
			if s == nil {
				continue
			}
			add("  " + st.Text.Render(pad(truncateText(journal.SafeLine(s.Name), nameW-1), nameW)) + cell(s.Drifting, st.Drifting.Render) +
				cell(s.Watch, st.Watch.Render) + cell(s.Improving, st.Improving.Render) + cell(s.Steady, st.Steady.Render) +
				cell(s.NoVerdict(), st.Quiet.Render) + cell(s.Stale, st.Stale.Render) + st.Text.Render(padLeft(s.Median.String(), 8)))
		}
	}
	add("")
	for _, l := range wrapLines("Counts are facilitators. A key element's row counts those with at least one of its skills "+
		"drifting, on watch or improving, and its median is of their mean levels. None: too few ratings, or none for "+
		"over 90 days. Stale: rated, but not lately. "+reviewRatingNote, tw, "") {
		add(" " + st.Faint.Render(l))
	}
	return lines
}

// teamCounts says how many facilitators drift and are on watch.
func teamCounts(drifting, watch int) string {
	var parts []string
	if drifting > 0 {
		parts = append(parts, itoa(drifting)+" drifting")
	}
	if watch > 0 {
		parts = append(parts, itoa(watch)+" on watch")
	}
	return strings.Join(parts, ", ")
}

// reviewHeading is the right of the tab bar in review mode: the
// facilitator shown, their export's period when it fits, and their place.
func (m Model) reviewHeading(room int) string {
	st := &m.ctx.styles
	r := m.ctx.review
	if r == nil || m.tab == tabTeam {
		return ""
	}
	name := r.name(m.ctx.fac)
	pos := ""
	if len(r.reviews) > 1 {
		pos = "  " + itoa(m.ctx.fac+1) + "/" + itoa(len(r.reviews))
	}
	period := ""
	if f, ok := m.ctx.currentFac(); ok && f.err == nil {
		period = " · " + journal.SafeLine(f.x.Period())
	}
	full := name + period + pos + " "
	if len([]rune(full)) <= room {
		return st.Heading.Render(name) + st.Muted.Render(period) + st.Faint.Render(pos) + " "
	}
	name = truncateText(name, max(1, room-len([]rune(pos))-1))
	return st.Heading.Render(name) + st.Faint.Render(pos) + " "
}

// reviewFiles lists the exports for the help screen.
func (m Model) reviewFiles() string {
	r := m.ctx.review
	names := make([]string, len(r.reviews))
	for i := range r.reviews {
		names[i] = r.name(i)
	}
	return strings.Join(names, ", ")
}

// countWords writes n with its noun: "1 entry", "3 entries".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
