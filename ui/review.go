package ui

import (
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

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
	cmd := m.update(insightsMsg{in: r.facs[m.ctx.fac].in})
	return tea.Batch(cmd, m.offerFeedbackDraft())
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

// journalWrites reports whether msg starts a write into the journal: on a
// journal that may only be read, it is refused before any form opens (or
// question is asked), so nothing typed is lost.
func journalWrites(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case openFormMsg, openSelfAssessMsg, deleteMsg, archiveSkillMsg:
		return true
	case askMsg:
		return journalWrites(msg.yes)
	}
	return false
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
