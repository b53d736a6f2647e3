package ui

import (
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

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
	// carries none. It is shown as one safe line. With Load, it is the
	// name shown until the export is read; then the export's Facilitator
	// comes first.
	Name   string
	Export *journal.Export
	// Load reads the export when Export is nil. Review mode calls it in a
	// command, off the UI loop, so that the screen shows before every
	// export is parsed; its error is shown in place of the facilitator.
	// It is called once, and then let go of, with what it holds.
	Load func() (*journal.Export, error)
	// SaveFeedback, when set, writes one item of coach feedback for this
	// facilitator (SPEC section 11) and returns the file written: review
	// mode calls it in a command, off the UI loop, when the coach saves
	// the feedback form (f on the Overview). The item has no ID yet. It is
	// the only thing review mode writes.
	SaveFeedback func(journal.Feedback) (string, error)
	// FeedbackFile names the file SaveFeedback writes, for the form.
	FeedbackFile string
}

// NewReview returns the read-only TUI over exports, as of the day of
// opts.Now. It uses opts.Now, opts.Lock and nothing that writes: no
// services, PrepDir, WriteExport, Editor or Log; the only write is the
// coach's feedback, through each Review's SaveFeedback. Run it with
// tea.NewProgram(ui.NewReview(reviews, opts)).Run().
//
// Exports given by Load are read in commands, at most GOMAXPROCS at a
// time, the facilitator shown first; the screen shows at once, each
// facilitator as their export arrives.
func NewReview(reviews []Review, opts Options) Model {
	return newReview(reviews, opts, runtime.GOMAXPROCS(0))
}

// newReview is NewReview reading at most parallel exports at a time.
func newReview(reviews []Review, opts Options, parallel int) Model {
	opts.PrepDir, opts.WriteExport, opts.Editor, opts.Warn, opts.Log = "", nil, "", nil, nil
	m := New(Services{}, opts)
	m.ctx.review = newReviewData(reviews, parallel)
	startReviews(m.ctx.review, 0)
	m.ctx.prompts = journal.BuiltinPrompts()
	m.ctx.keys.setReview(len(m.ctx.tabs()), len(reviews))
	m.skills.readOnly, m.skills.keys.readOnly = true, true
	m.tab = tabOverview
	m.syncKeys()
	return m
}

// reviewData is what review mode shows of its exports. Update replaces it
// with a changed copy as exports arrive; it is never changed in place.
type reviewData struct {
	// reviews are the reviews given, by name only; each one's Export or
	// Load waits in its pending handover for the command that reads it.
	reviews  []Review
	pending  []reviewHandover
	facs     []reviewFac // one per review; loaded once its export is analysed
	parallel int         // exports read at once, at most
	running  int         // exports being read
	done     int         // facs loaded
	teamDone bool        // team summarizes every export
	team     journal.Team
	levels   journal.TeamLevels // the team's levels per key element, period by period
	members  []int              // the facilitators the team counts (one per journal), by index
}

// reviewFac is one facilitator's export, analysed: what review mode shows
// of it, not the export itself. Parsed, an export of 10,000 entries takes
// some 7 MB, and as many again as entries; what is kept here, mostly the
// ratings in the histories, about 0.25 MB.
type reviewFac struct {
	name  string       // a safe line
	facts *exportFacts // nil when the export could not be read
	in    insights
	// refls holds, per skill id, the reflections its detail shows: those
	// of the newest entries that rate it (see recentReflections).
	refls map[string][]skillReflection
	// shared holds every shared reflection, as the Reflections tab shows
	// them, and reflSkillIDs the skills their ratings name (see
	// sharedReflections).
	shared       []reviewReflection
	reflSkillIDs []string
	// months counts the export's ratings per skill and month up to asOf
	// (journal.RatingMonths), for the team's levels period by period;
	// asOf is the day its verdicts are as of.
	months  []journal.TeamMonth
	asOf    journal.Day
	err     error // the export could not be read, or analysed
	started bool  // its export is being read, or was
	loaded  bool  // the fields above hold the export, analysed
}

// exportFacts are what the Overview and the heading say of an export.
type exportFacts struct {
	period     string // Export.Period
	entries    int
	ratings    int
	shared     int // reflections
	exportedAt time.Time
	privacy    string // Export.PrivacyStatement
	weekDates  bool
	// verdictNote says that the verdicts are the facilitator's own, from
	// their full history (Export.VerdictNote); "" otherwise.
	verdictNote string
	journal     string // the export's journal id; "" for older exports
}

// factsOf returns what review mode says of x.
func factsOf(x *journal.Export) *exportFacts {
	f := &exportFacts{period: x.Period(), entries: len(x.Records), ratings: x.RatingCount(),
		exportedAt: x.ExportedAt, privacy: x.PrivacyStatement(), weekDates: x.WeekDates(), verdictNote: x.VerdictNote(), journal: x.Journal}
	for i := range x.Records {
		f.shared += len(x.Records[i].Reflections)
	}
	return f
}

// reviewHandover hands a Review, with its Export or Load, to the one
// command that reads it, and so lets go of it. The program keeps its
// initial model, and with it the first reviewData, until it ends: a Load
// kept there would keep the file's bytes it holds (5 MB for 10,000
// entries) as long.
type reviewHandover chan Review

func newReviewData(reviews []Review, parallel int) *reviewData {
	d := &reviewData{reviews: make([]Review, len(reviews)), pending: make([]reviewHandover, len(reviews)),
		facs: make([]reviewFac, len(reviews)), parallel: max(1, parallel)}
	for i, r := range reviews {
		d.facs[i].name = reviewName(r, nil, i)
		d.reviews[i].Name, d.reviews[i].SaveFeedback, d.reviews[i].FeedbackFile = r.Name, r.SaveFeedback, r.FeedbackFile
		d.pending[i] = make(reviewHandover, 1)
		d.pending[i] <- r
	}
	return d
}

// clone returns a copy of r to change.
func (r *reviewData) clone() *reviewData {
	d := *r
	d.facs = slices.Clone(r.facs)
	return &d
}

// name returns the name of facilitator i, a safe line.
func (r *reviewData) name(i int) string {
	if i < len(r.facs) {
		return r.facs[i].name
	}
	return ""
}

// loading says how many exports are in while some are still being read:
// "loading 3 of 30"; "" once all are.
func (r *reviewData) loading() string {
	if r.done >= len(r.facs) {
		return ""
	}
	return "loading " + itoa(r.done) + " of " + itoa(len(r.facs))
}

// reviewName names facilitator i: by r.Name, else the export's
// Facilitator; for an export loaded lazily (x read by r.Load), the other
// way round, r.Name being the file's name.
func reviewName(r Review, x *journal.Export, i int) string {
	if r.Export != nil {
		x = r.Export
	}
	var facilitator string
	if x != nil {
		facilitator = x.Facilitator
	}
	names := []string{r.Name, facilitator}
	if r.Export == nil {
		names[0], names[1] = facilitator, r.Name
	}
	for _, n := range names {
		if n := strings.TrimSpace(journal.SafeLine(n)); n != "" {
			return truncateText(n, journal.MaxFacilitator)
		}
	}
	return "Facilitator " + itoa(i+1)
}

// reviewFacMsg carries facilitator i's export, analysed.
type reviewFacMsg struct {
	i   int
	fac reviewFac
}

// reviewTeamMsg carries the team, once every export is in.
type reviewTeamMsg struct {
	team    journal.Team
	levels  journal.TeamLevels
	members []int // team.Statuses[i] is facilitator members[i]'s
}

// loadReviewFac takes facilitator i's review from its handover, reads its
// export (with Load, when Export is nil) and analyses it as of today. It
// does nothing when another command took the review.
func loadReviewFac(i int, pending reviewHandover, today journal.Day) tea.Cmd {
	return func() tea.Msg {
		var r Review
		select {
		case r = <-pending:
		default:
			return nil
		}
		x, err := r.Export, error(nil)
		if x == nil && r.Load != nil {
			x, err = r.Load()
		}
		if err == nil && x == nil {
			err = journal.Errorf(journal.EINVALID, "no export")
		}
		return reviewFacMsg{i: i, fac: analyseExport(r, x, err, i, today)}
	}
}

// analyseExport analyses an export read (x) or not (err). What it returns
// shares no memory with x's entries, so that they go once analysed.
func analyseExport(r Review, x *journal.Export, err error, i int, today journal.Day) reviewFac {
	f := reviewFac{name: reviewName(r, x, i), started: true, loaded: true}
	if err != nil {
		f.err = err
		f.in = computeInsights(nil, nil, today)
		return f
	}
	f.facts = factsOf(x)
	c := withBuiltinText(x.Catalog())
	ratings, err := x.Ratings()
	if err == nil {
		f.refls, err = recentReflections(x)
	}
	if err == nil {
		f.shared, f.reflSkillIDs, err = sharedReflections(x)
	}
	var drifts []journal.Drift
	if err == nil {
		drifts, err = x.Drift(today)
	}
	if err == nil {
		f.asOf = today
		if carried, ok := x.Carried(); ok {
			f.asOf = carried
		}
		if first, _, ok := x.Span(); ok {
			f.months = journal.RatingMonths(c, ratings, first, f.asOf)
		}
	}
	if err != nil {
		f.err = err
		ratings, drifts = nil, journal.AnalyzeShared(c, nil, today)
	}
	f.in = newInsights(c, drifts, today).withHistories(ratings)
	return f
}

// recentReflections finds, for every skill that x's entries rate, the
// reflections its detail shows, as loadSkillReflections reads them from a
// journal: the answered reflections of the newest reflectionEntries entries
// that rate the skill (newest first, as x's entries are oldest first), at
// most detailReflections. EINVALID if a date does not parse (never for an
// export from ReadExport).
func recentReflections(x *journal.Export) (map[string][]skillReflection, error) {
	week := x.WeekDates()
	rating := map[string]int{} // entries seen that rate the skill
	out := map[string][]skillReflection{}
	for i := len(x.Records) - 1; i >= 0; i-- {
		rec := &x.Records[i]
		var e *journal.Entry // rec as an entry, once one of its skills needs it
		for id := range rec.Ratings {
			if rating[id] == reflectionEntries {
				continue
			}
			rating[id]++
			if len(rec.Reflections) == 0 || len(out[id]) == detailReflections {
				continue
			}
			if e == nil {
				var err error
				if e, err = rec.Entry(week); err != nil {
					return nil, err
				}
			}
			if rs := reflectionsOn([]*journal.Entry{e}, id); len(rs) > 0 {
				out[id] = append(out[id], rs[:min(len(rs), detailReflections-len(out[id]))]...)
			}
		}
	}
	return out, nil
}

// summarizeTeam summarizes the team from every facilitator's analysis.
func summarizeTeam(facs []reviewFac, today journal.Day) tea.Cmd {
	// One person per journal: of several exports of one journal, the
	// newest (an export that cannot be read counts on its own).
	journals, at := make([]string, len(facs)), make([]time.Time, len(facs))
	for i, f := range facs {
		if f.facts != nil {
			journals[i], at[i] = f.facts.journal, f.facts.exportedAt
		}
	}
	members := journal.NewestPerJournal(journals, at)
	catalogs := make([]journal.Catalog, len(members))
	drifts := make([][]journal.Drift, len(members))
	levels := make([]*journal.TeamMember, len(members))
	for k, i := range members {
		f := facs[i]
		levels[k] = &journal.TeamMember{Catalog: f.in.catalog, AsOf: f.asOf, Months: f.months}
		if f.facts != nil {
			catalogs[k], drifts[k] = f.in.catalog, f.in.drift
		}
	}
	return func() tea.Msg {
		return reviewTeamMsg{team: journal.SummarizeTeam(catalogs, drifts, today), levels: journal.LevelsByPeriod(levels), members: members}
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

// startReviews marks as started the exports to read next, as many as may
// run, the facilitator shown first, in d (a copy of the model's), and
// returns their indexes.
func startReviews(d *reviewData, shown int) []int {
	var started []int
	for d.running < d.parallel {
		i := shown
		if i >= len(d.facs) || d.facs[i].started {
			i = slices.IndexFunc(d.facs, func(f reviewFac) bool { return !f.started })
		}
		if i < 0 {
			break
		}
		d.facs[i].started = true
		d.running++
		started = append(started, i)
	}
	return started
}

// loadReviews reads and analyses the exports is.
func loadReviews(d *reviewData, is []int, today journal.Day) tea.Cmd {
	cmds := make([]tea.Cmd, len(is))
	for k, i := range is {
		cmds[k] = loadReviewFac(i, d.pending[i], today)
	}
	return tea.Batch(cmds...)
}

// initReview reads the exports NewReview marked as started.
func initReview(d *reviewData, today journal.Day) tea.Cmd {
	var is []int
	for i, f := range d.facs {
		if f.started && !f.loaded {
			is = append(is, i)
		}
	}
	return loadReviews(d, is, today)
}

// reviewFacLoaded takes in one facilitator's export: it shows it when it
// is the one shown, reads the next, and once all are in summarizes the
// team.
func (m *Model) reviewFacLoaded(msg reviewFacMsg) tea.Cmd {
	r := m.ctx.review
	if r == nil || msg.i < 0 || msg.i >= len(r.facs) || r.facs[msg.i].loaded {
		return nil
	}
	d := r.clone()
	d.facs[msg.i] = msg.fac
	d.running--
	d.done++
	today := m.ctx.today()
	cmds := []tea.Cmd{loadReviews(d, startReviews(d, m.ctx.fac), today)}
	if d.done == len(d.facs) {
		cmds = append(cmds, summarizeTeam(d.facs, today))
	}
	m.ctx.review = d
	if msg.i == m.ctx.fac {
		cmds = append(cmds, m.showFacilitator())
	}
	return tea.Batch(cmds...)
}

// reviewTeamLoaded takes in the team: every export is in.
func (m *Model) reviewTeamLoaded(msg reviewTeamMsg) tea.Cmd {
	if m.ctx.review == nil {
		return nil
	}
	d := m.ctx.review.clone()
	d.team, d.levels, d.members, d.teamDone = msg.team, msg.levels, msg.members, true
	m.ctx.review = d
	return releaseMemory
}

// releaseMemory returns to the system the memory that reading the exports
// took, now garbage: the files' bytes and the parsed entries, many times
// what review mode keeps of them. Go would keep much of it for a heap it
// expects to grow again: over 30 exports of 10,000 entries, review mode
// stays at 120 MB resident without this, 43 MB with it.
func releaseMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

// showFacilitator hands the facilitator's insights to every view, as if
// they had just been loaded; until their export is in, the views wait.
func (m *Model) showFacilitator() tea.Cmd {
	r := m.ctx.review
	if r == nil || m.ctx.fac >= len(r.facs) {
		return nil
	}
	m.overview.offset = 0
	m.refl.card, m.refl.line, m.refl.skill = 0, 0, ""
	if !r.facs[m.ctx.fac].loaded {
		m.ctx.ready = false
		return nil
	}
	return m.update(insightsMsg{in: r.facs[m.ctx.fac].in})
}

// switchFacilitator shows the next (dir 1) or previous (-1) facilitator.
func (m *Model) switchFacilitator(dir int) tea.Cmd {
	r := m.ctx.review
	if r == nil || len(r.facs) < 2 {
		return nil
	}
	m.ctx.fac = (m.ctx.fac + dir + len(r.facs)) % len(r.facs)
	return m.showFacilitator()
}

// currentFac returns the facilitator shown, once loaded.
func (c *shared) currentFac() (*reviewFac, bool) {
	if c.review == nil || c.fac >= len(c.review.facs) || !c.review.facs[c.fac].loaded {
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
		refls := f.refls[id]
		return func() tea.Msg {
			return skillReflectionsMsg{skill: id, version: version, refls: refls}
		}
	}
	return loadSkillReflections(c.svc.Entries, id, version, c.opts.Log)
}

// reviewWrites are the messages that would write; review mode drops them,
// whatever sends them.
func reviewWrites(msg tea.Msg) bool {
	switch msg.(type) {
	case openFormMsg, openSelfAssessMsg, deleteMsg, archiveSkillMsg, openExportMsg:
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

// reviewTab is the Overview or the Team tab of review mode: a pager over
// lines drawn again only when what they show changed (an export or the
// team arrived, another facilitator is shown, the window was resized, the
// styles changed), never for a key.
type reviewTab struct {
	pager
	lines []string
	drawn reviewDrawn // what lines were drawn for
	// feedback is the Overview's feedback form while it is open, for
	// facilitator feedbackFac; canFeedback shows its key in the footer.
	feedback    *miniForm
	feedbackFac int
	canFeedback bool
	// coach is the name the feedback form starts with: Options.Coach, then
	// the name of the last item saved in this review (coachSet).
	coach    string
	coachSet bool
	// grid is the Team grid's cursor, and canOpen says the grid is
	// shown (the Team tab, once the team is in).
	grid     gridCursor
	gridKeys teamGridKeys
	canOpen  bool
	// rest holds the Team tab's lines below the grid, drawn for
	// restDrawn (whatever the cursor).
	rest      []string
	restDrawn reviewDrawn
	// gridBase holds the grid's lines drawn with no row under the cursor,
	// for gridDrawn (gridLinesOver).
	gridBase  []string
	gridDrawn reviewDrawn
}

// ShortHelp lists the keys the footer shows: the feedback form's while it
// is open, else the pager's and f where feedback can be written.
func (t reviewTab) ShortHelp() []key.Binding {
	if t.feedback != nil {
		return t.feedback.keys.ShortHelp()
	}
	if t.canFeedback {
		return append(t.pager.ShortHelp(), feedbackKey)
	}
	if t.canOpen {
		return []key.Binding{t.gridKeys.Down, t.gridKeys.Right, t.gridKeys.Open, t.keys.PageDown}
	}
	return t.pager.ShortHelp()
}

// FullHelp lists every key that works now.
func (t reviewTab) FullHelp() [][]key.Binding {
	if t.feedback != nil {
		return t.feedback.keys.FullHelp()
	}
	if t.canFeedback {
		return append(t.pager.FullHelp(), []key.Binding{feedbackKey})
	}
	if t.canOpen {
		g, k := t.gridKeys, t.keys
		return [][]key.Binding{{g.Up, g.Down, g.Left, g.Right, g.Open}, {k.PageUp, k.PageDown, k.Top, k.Bottom}}
	}
	return t.pager.FullHelp()
}

// reviewDrawn says what the lines of a review tab were drawn for. The
// reviewData is replaced, never changed in place, as exports arrive: its
// address stands for what it holds.
type reviewDrawn struct {
	data       *reviewData
	fac, w     int
	dark, mono bool
	grid       gridCursor // the Team grid's cursor
}

func newReviewTab() reviewTab { return reviewTab{pager: newPager(), gridKeys: newTeamGridKeys()} }

// overviewDrawn is what the Overview shows now.
func overviewDrawn(ctx *shared) reviewDrawn {
	return reviewDrawn{data: ctx.review, fac: ctx.fac, w: ctx.width, dark: ctx.styles.Dark, mono: ctx.styles.Mono}
}

// teamDrawn is what the Team tab shows now, with its grid's cursor at
// cur: the same for every facilitator.
func teamDrawn(ctx *shared, cur gridCursor) reviewDrawn {
	return reviewDrawn{data: ctx.review, w: ctx.width, dark: ctx.styles.Dark, mono: ctx.styles.Mono, grid: cur}
}

// teamDraw draws the Team tab for the cursor d holds.
func teamDraw(d reviewDrawn) func(*shared, int) []string {
	return func(ctx *shared, w int) []string { return teamLinesAt(ctx, w, d.grid) }
}

// sync draws the lines again with draw when they were drawn for other
// than d.
func (t *reviewTab) sync(ctx *shared, d reviewDrawn, draw func(*shared, int) []string) {
	if t.drawn != d {
		t.lines, t.drawn = draw(ctx, d.w), d
	}
}

// syncTeam draws the Team tab again when it was drawn for other than d:
// the part below the grid only when the team, the width or the styles
// changed, not when only the grid's cursor moved.
func (t *reviewTab) syncTeam(ctx *shared, d reviewDrawn) {
	if t.drawn == d {
		return
	}
	if ctx.review == nil || !ctx.review.teamDone {
		t.lines, t.drawn = teamLinesAt(ctx, d.w, d.grid), d
		return
	}
	rd := d
	rd.grid = gridCursor{}
	if t.restDrawn != rd {
		t.rest, t.restDrawn = teamRest(ctx, d.w), rd
	}
	bd := rd
	n := len(ctx.review.team.Skills)
	bd.grid = gridCursor{row: -1, first: gridFirst(d.grid, gridFit(d.w, n), n)}
	if t.gridDrawn != bd {
		t.gridBase, t.gridDrawn = gridLines(ctx, d.w, bd.grid), bd
	}
	t.lines, t.drawn = append(teamTopOver(ctx, d.w, gridLinesOver(ctx, d.w, d.grid, t.gridBase)), t.rest...), d
}

// body returns the lines for d: those drawn, unless the model has not
// caught up with d yet (a frame before the first Update), when they are
// drawn for this frame only.
func (t *reviewTab) body(ctx *shared, d reviewDrawn, draw func(*shared, int) []string) []string {
	if t.drawn == d {
		return t.lines
	}
	return draw(ctx, d.w)
}

// syncReviewTabs draws the Overview and the Team tab again if what they
// show changed; Update calls it after every message.
func (m *Model) syncReviewTabs() {
	if m.ctx.review == nil {
		return
	}
	m.overview.sync(m.ctx, overviewDrawn(m.ctx), overviewLines)
	m.overview.canFeedback = m.ctx.canFeedback()
	m.team.canOpen = m.ctx.review.teamDone && m.ctx.review.team.Size > 0
	m.team.syncTeam(m.ctx, teamDrawn(m.ctx, m.team.grid))
	m.refl.sync(m.ctx)
}

// updateReviewTab hands input to the Overview or the Team tab: it scrolls
// the lines drawn.
func (m *Model) updateReviewTab(msg tea.Msg) tea.Cmd {
	m.syncReviewTabs() // up to date already, but for a message Update has not seen
	h := m.ctx.bodyHeight()
	switch m.tab {
	case tabOverview:
		if cmd, took := m.updateFeedback(msg); took {
			return cmd
		}
		m.overview.pager = m.overview.pager.update(msg, len(m.overview.lines), h)
	case tabTeam:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			if cmd, took := m.updateTeamGrid(k); took {
				return cmd
			}
		}
		m.team.pager = m.team.pager.update(msg, len(m.team.lines), h)
	}
	return nil
}

// overviewLines draw the Overview of the facilitator shown: who, the
// period, what the export holds, the skills that need attention and those
// that improve.
func overviewLines(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	if r == nil || ctx.fac >= len(r.facs) {
		return nil
	}
	tw := min(w-2, 100)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	wrapped := func(text string, style func(...string) string, indent string) {
		for _, l := range wrapLines(journal.SafeLine(text), tw-len(indent), "") {
			add(" " + indent + style(l))
		}
	}
	head := st.Heading.Render(r.name(ctx.fac))
	if n := len(r.facs); n > 1 {
		head += st.Muted.Render("  facilitator " + itoa(ctx.fac+1) + " of " + itoa(n))
	}
	add(" " + head)
	f, ok := ctx.currentFac()
	if !ok {
		add("", " "+st.Muted.Render("Reading the export…"))
		return lines
	}
	x := f.facts
	if f.err != nil {
		add("", " "+st.StatusError.Render(truncateText(journal.SafeLine("This export cannot be read: "+journal.ErrorMessage(f.err)), tw)))
		return lines
	}
	facts := journal.SafeLine(x.period) + " · " + countWords(x.entries, "entry", "entries") + " · " +
		plural(x.ratings, "rating") + " · " + plural(x.shared, "shared reflection") +
		" · exported " + x.exportedAt.UTC().Format("2 Jan 2006")
	wrapped(facts, st.Text.Render, "")
	wrapped(x.privacy, st.Muted.Render, "")
	if x.weekDates {
		wrapped("Dates are ISO weeks: each week counts as its Monday, so the dates below are Mondays.", st.Muted.Render, "")
	}
	if x.verdictNote != "" {
		wrapped(x.verdictNote, st.Muted.Render, "")
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
	wrapped(journal.SharedRatingNote, st.Faint.Render, "")
	return lines
}

// The Team table's columns: a count per verdict, and the median level.
const teamColW = 7

// teamLinesAt draws the Team tab with the grid's cursor at cur: the team
// at a glance (gridLines), the skills the group could learn together, the
// team topics and pairs, the levels per key element period by period
// (levelLines), then a table per key element and skill of how many
// facilitators drift, are on watch, improve, are steady, have no verdict
// or let the skill go stale, with the team's median level.
func teamLinesAt(ctx *shared, w int, cur gridCursor) []string {
	st := &ctx.styles
	r := ctx.review
	if r == nil {
		return nil
	}
	if !r.teamDone {
		text := "Reading the exports…"
		if l := r.loading(); l != "" {
			text += " " + l
		}
		return []string{"", " " + st.Muted.Render(text)}
	}
	return append(teamTop(ctx, w, cur), teamRest(ctx, w)...)
}

// teamTop draws the top of the Team tab, the team once in: its heading and
// the grid with the cursor at cur. A key that moves the cursor draws it
// again, and only it.
func teamTop(ctx *shared, w int, cur gridCursor) []string {
	return teamTopOver(ctx, w, gridLines(ctx, w, cur))
}

// teamTopOver is teamTop with the grid's lines given.
func teamTopOver(ctx *shared, w int, grid []string) []string {
	st := &ctx.styles
	t := &ctx.review.team
	lines := []string{" " + st.Heading.Render("The team") + st.Muted.Render(" · "+plural(t.Size, "facilitator")+" · as of "+t.AsOf.Short()), ""}
	for _, l := range grid {
		lines = append(lines, " "+l)
	}
	return lines
}

// teamRest draws the Team tab below the grid, the team once in.
func teamRest(ctx *shared, w int) []string {
	st := &ctx.styles
	r := ctx.review
	t := &r.team
	tw := min(w-2, 110)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add("", " "+st.Heading.Render("Skills the group could learn together"))
	if len(t.Together) == 0 {
		add(" " + st.Muted.Render("None: no skill is drifting or on watch for 2 or more facilitators."))
	}
	for _, s := range t.Together {
		var who []string
		for i, status := range s.Statuses {
			if status == journal.StatusDrifting || status == journal.StatusWatch {
				who = append(who, r.name(r.members[i])+" ("+string(status)+")")
			}
		}
		name := journal.SafeLine(s.Name)
		counts := teamCounts(s.Drifting, s.Watch)
		add(" " + st.Key.Render("•") + " " + st.Bold.Render(truncateText(name, tw-2)) + st.Muted.Render(truncateText(" · "+counts, max(0, tw-2-len([]rune(name))))))
		for _, l := range wrapLines(strings.Join(who, ", "), tw-3, "") {
			add("   " + st.Muted.Render(l))
		}
	}

	add("", " "+st.Heading.Render("Team topics"))
	topics := journal.TeamTopics(*t)
	if len(topics) == 0 {
		add(" " + st.Muted.Render("None: no skill has a team median under 3 or 2 or more drifting or on watch."))
	}
	for _, tp := range topics {
		name := journal.SafeLine(tp.Skill.Name)
		add(" " + st.Key.Render("•") + " " + st.Bold.Render(truncateText(name, tw-2)))
		for _, l := range wrapLines(tp.Why(), tw-3, "") {
			add("   " + st.Muted.Render(l))
		}
	}
	add("", " "+st.Heading.Render("Pairs to learn together"))
	pairs := journal.TeamPairs(*t)
	if len(pairs) == 0 {
		add(" " + st.Muted.Render("None: no one drifting or on watch has a peer steady or improving a point higher."))
	}
	names := make([]string, t.Size)
	for i := range names {
		if i < len(r.members) {
			names[i] = r.name(r.members[i])
		}
	}
	for _, pr := range pairs {
		for j, l := range wrapLines(pr.Sentence(names), tw-3, "") {
			lead := "   "
			if j == 0 {
				lead = " " + st.Key.Render("•") + " "
			}
			add(lead + st.Text.Render(l))
		}
	}

	add(levelLines(ctx, w)...)

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
		"over 90 days. Stale: rated, but not lately. "+journal.SharedRatingNote, tw, "") {
		add(" " + st.Faint.Render(l))
	}
	return lines
}

// statusSymbol returns the symbol of a verdict and the style it is drawn
// in.
func statusSymbol(st *theme, s journal.Status) (string, func(...string) string) {
	switch s {
	case journal.StatusDrifting:
		return "▼", st.Drifting.Render
	case journal.StatusWatch:
		return "◆", st.Watch.Render
	case journal.StatusImproving:
		return "▲", st.Improving.Render
	case journal.StatusSteady:
		return "●", st.Steady.Render
	case journal.StatusDormant:
		return "–", st.Quiet.Render
	}
	return "few", st.Quiet.Render
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
		if l := r.loading(); l != "" {
			pos += " · " + l
		}
	}
	period := ""
	if f, ok := m.ctx.currentFac(); ok && f.err == nil {
		period = " · " + journal.SafeLine(f.facts.period)
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
