// Package ui is hone's terminal interface: the Today, Journal, Skills,
// Prompts and Prep tabs, the entry view, the entry form, the
// self-assessment, the export preview and the idle lock, built with Bubble
// Tea; and review mode (NewReview), the read-only TUI over coaches' exports.
//
// It reads and writes the journal only through the service interfaces of
// package journal, always in commands off the UI loop, and never imports
// the store.
package ui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"hone/journal"
)

// Services are the journal services the TUI reads and writes through.
type Services struct {
	Entries journal.EntryService
	Skills  journal.SkillService
	Prompts journal.PromptService
	Ratings journal.RatingService
	// Goals keeps learning goals for supervision preparation; nil leaves
	// goals out of the Prep tab.
	Goals journal.GoalService
	// Drift gives the drift analysis, kept by the journal until it changes,
	// so that Today shows without reading every rating first; nil analyses
	// the ratings the TUI reads anyway.
	Drift journal.DriftService
	// Feedback keeps the coach feedback imported into the journal; nil
	// leaves it out of the Prep tab.
	Feedback journal.FeedbackService
}

// Options configure the TUI.
type Options struct {
	// Now is the clock; nil means time.Now. Today is Now's calendar day.
	Now func() time.Time
	// JournalPath is the journal file, shown in the help screen.
	JournalPath string
	// Demo says the journal is hone demo's, deleted on exit: the tab bar
	// says so.
	Demo bool
	// Editor is the command that edits notes on ctrl+e, usually $EDITOR;
	// it may carry arguments ("code -w").
	Editor string
	// EditDir is the private folder (0700, beside the journal) that ctrl+e
	// writes the text for the editor to, one file (0600) an edit, removed
	// once its text is back. At start the files there that a hone no
	// longer running left (killed with the editor open) become drafts and
	// are removed. Empty means the system's temporary folder (the demo
	// journal).
	EditDir string
	// Encrypted says the journal is encrypted: before the editor first
	// opens, the user is told that it sees the text in plain.
	Encrypted bool
	// DraftDelay is how long after a change the entry form's text is kept
	// as a draft in the journal (EntryService.SaveDraft), in a command;
	// 0 keeps it only when hone quits with the form open. Drafts left by
	// a hone that stopped are offered at start either way.
	DraftDelay time.Duration
	// Warn, when set, checks an entry before it is saved and returns one
	// line per privacy warning; the form shows them and asks whether to
	// save anyway.
	Warn func(*journal.Entry) []string
	// Log, when set, receives internal errors in full (for a log file);
	// the screen shows only journal.ErrorMessage.
	Log func(error)
	// PrepDir is the folder the Prep tab writes supervision preparations
	// to (prep-YYYY-MM-DD.md, 0600; the folder is created 0700). Empty
	// turns writing off.
	PrepDir string
	// WriteExport, when set, writes a coach-safe export that the export
	// screen (X on Today and Journal) has shown, in format "json", "html",
	// "md" or "csv", and returns the path of the file written. It is called
	// in a command, off the UI loop. Nil turns writing off: the screen only
	// previews.
	WriteExport func(x *journal.Export, format string) (path string, err error)
	// Facilitator, when set, reads the name exports carry for the coach to
	// see ("" for none). The export screen calls it in a command when it
	// opens, shows the name in its Name row and puts it on the export. Nil
	// hides the row.
	Facilitator func() (string, error)
	// SetFacilitator, when set together with Facilitator, keeps the name
	// that n edits on the export screen ("" forgets it). It is called in a
	// command, off the UI loop, and returns EINVALID for a name it refuses.
	// Nil turns n off.
	SetFacilitator func(name string) error
	// Coach, in review mode, is the name the feedback form starts with
	// (the coach's, as the facilitator will see it); "" for none.
	Coach string
	// KeepCoach, in review mode, when set, keeps the name a coach saved
	// feedback under, for the next review's Coach. It is called in a
	// command, off the UI loop; its error is not shown (the name is still
	// used for the rest of the review).
	KeepCoach func(name string) error
	// Lock, when set, locks the screen after a time without input (an
	// encrypted journal, SPEC section 10).
	Lock *LockOptions
	// Changed, when set, reports whether another process wrote to the
	// journal since it was last called (the TUI's own writes aside). The
	// TUI calls it about once a second, in a command, and loads again what
	// it shows when it says so (refresh.go). It should be cheap.
	Changed func() (bool, error)
}

// tab is one of the five tabs.
type tab int

const (
	tabToday tab = iota
	tabJournal
	tabSkills
	tabPrompts
	tabPrep
	// The tabs of review mode (NewReview): a facilitator's overview and the
	// team; review mode shows the Skills tab too.
	tabOverview
	tabTeam
	// tabReflections is review mode's list of the shared reflections.
	tabReflections
)

func (t tab) String() string {
	switch t {
	case tabToday:
		return "Today"
	case tabJournal:
		return "Journal"
	case tabSkills:
		return "Skills"
	case tabPrompts:
		return "Prompts"
	case tabOverview:
		return "Overview"
	case tabTeam:
		return "Team"
	case tabReflections:
		return "Reflections"
	}
	return "Prep"
}

// tabs returns the tabs shown, in the order of the tab bar: the journal's
// five, or in review mode Overview, Skills, (with two or more exports)
// Team, and Reflections.
func (c *shared) tabs() []tab {
	if c.review != nil {
		if len(c.review.reviews) >= 2 {
			return []tab{tabOverview, tabSkills, tabTeam, tabReflections}
		}
		return []tab{tabOverview, tabSkills, tabReflections}
	}
	return []tab{tabToday, tabJournal, tabSkills, tabPrompts, tabPrep}
}

// readOnly reports whether the TUI is in review mode, where nothing is
// written.
func (c *shared) readOnly() bool { return c.review != nil }

// screen is what fills the body: the tabs, an entry, the form or the
// self-assessment.
type screen int

const (
	screenTabs screen = iota
	screenEntry
	screenForm
	screenSelfAssess
	screenExport
)

// Minimum terminal size; below it hone asks for a larger window.
const (
	minWidth  = 60
	minHeight = 16
)

// chromeLines are the lines around the body: tab bar, rule, status, help.
const chromeLines = 4

// bodyTop is the first screen row of the body.
const bodyTop = 2

// shared is the small context every view reads: the services, options,
// size, styles, global keys and the data loaded for all views. Views read it;
// only the root model changes it.
type shared struct {
	svc     Services
	opts    Options
	width   int
	height  int
	styles  theme
	keys    globalKeys
	data    insights
	ready   bool  // data holds loaded insights
	loadErr error // why they could not be loaded
	loadSeq int   // the newest load of insights asked for
	// The histories of ratings are read when a screen that draws them
	// (the Skills tab) is first shown, not at start: until then the load
	// that reads them waits in laterHistories.
	wantHistories  bool
	laterHistories tea.Cmd
	prompts        []journal.Prompt
	// review holds the exports of review mode (nil otherwise), and fac the
	// facilitator shown.
	review *reviewData
	fac    int
	// editorWarned is set once the user of an encrypted journal agreed
	// that the editor sees the text in plain.
	editorWarned bool
	// writes counts the writes under way, for quitting (writes.go).
	writes writes
	// posted holds the messages views posted while handling the message
	// at hand (shared.post), handled right after it.
	posted []tea.Msg
}

// post hands msg to the model right after the message being handled,
// before any other: a key that opens or closes a screen does so at once,
// and the keys typed right after it (in the same burst: a fast typist, a
// slow SSH link) reach the screen it opened. A command that sent msg
// would come after them. Returns nil, to be returned as the command.
func (c *shared) post(msg tea.Msg) tea.Cmd {
	c.posted = append(c.posted, msg)
	return nil
}

func (c *shared) today() journal.Day { return journal.DayOf(c.opts.Now()) }

// bodyHeight is the number of lines views may fill.
func (c *shared) bodyHeight() int { return max(0, c.height-chromeLines) }

// question is a yes/no question waiting for an answer.
type question struct {
	text    string
	details []string
	yes     tea.Msg
	no      tea.Msg // sent on n, when set
}

// Model is the root Bubble Tea model of hone's TUI. It routes messages: global
// keys first, other keys to the focused view only, window sizes and data to
// every view. Build one with New.
type Model struct {
	ctx      *shared          // one for the model's copies: it is large, and Bubble Tea copies the model for every message
	drafts   []*journal.Draft // left by a hone that stopped, not yet answered about
	tab      tab
	screen   screen
	back     screen // where the form returns to
	today    todayView
	journal  journalView
	skills   skillsView
	prompts  promptsView
	prep     prepView
	overview reviewTab   // review mode
	team     reviewTab   // review mode
	refl     reflTab     // review mode
	fromTeam *teamReturn // review mode: the facilitator shown was opened from the Team grid
	entry    entryView
	form     *formModel // replaced, not changed, by its update but for keys typed into the notes (frame.go)
	self     selfAssessModel
	exporter exportModel
	lock     lockState
	question *question
	status   statusMsg
	showHelp bool
	help     help.Model
	confirm  confirmKeys
	dark     bool
	mono     bool
	watchErr string // the error of the last look at the journal, shown once
	damage   error  // the journal is damaged (Damaged): shown while the status is empty
	// frame is the last screen drawn, shared by the model's copies;
	// reuseFrame says it stands for this message (frame.go).
	frame      *frameCache
	reuseFrame bool
}

// New returns the TUI over the given services. Run it with
// tea.NewProgram(ui.New(services, opts)).Run().
func New(s Services, opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	st := newStyles(true, false)
	m := Model{
		ctx: &shared{
			svc:    s,
			opts:   opts,
			styles: st,
			keys:   newGlobalKeys(),
		},
		today:    newTodayView(),
		journal:  newJournalView(&st),
		skills:   newSkillsView(),
		prompts:  newPromptsView(&st),
		prep:     newPrepView(),
		overview: newReviewTab(),
		team:     newReviewTab(),
		refl:     newReflTab(&st),
		help:     help.New(),
		confirm:  newConfirmKeys(),
		dark:     true,
		frame:    &frameCache{},
		form:     &formModel{},
	}
	m.help.Styles = m.ctx.styles.Help
	m.lock = newLockState(m.ctx)
	m.syncKeys()
	return m
}

// Init asks the terminal for its background colour and loads the data every
// tab needs.
func (m Model) Init() tea.Cmd {
	ctx := m.ctx
	today := ctx.today()
	var lock tea.Cmd
	if ctx.lockEnabled() {
		lock = lockTick(ctx.opts.Lock.Idle, m.lock.gen)
	}
	if ctx.review != nil {
		return tea.Batch(tea.RequestBackgroundColor, initReview(ctx.review, today), lock)
	}
	return tea.Batch(
		lock,
		ctx.watchInit(),
		tea.RequestBackgroundColor,
		loadInsights(ctx.svc, today, ctx.loadSeq, ctx.opts.Log),
		loadPrompts(ctx.svc.Prompts, ctx.opts.Log),
		loadToday(ctx.svc.Entries, ctx.svc.Feedback, today, ctx.opts.Log),
		m.journal.initCmd(ctx),
		ctx.write(loadDrafts(ctx.svc.Entries, ctx.opts.EditDir, ctx.opts.Now(), ctx.opts.Log)),
	)
}

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := m.typesIntoNotes(msg); ok {
		cmd := m.typeIntoNotes(k)
		m.reuseFrame = m.form.notesStale
		return m, cmd
	}
	if m.form != nil {
		m.form.flushNotes()
	}
	cmd := m.update(msg)
	for len(m.ctx.posted) > 0 {
		next := m.ctx.posted[0]
		m.ctx.posted = m.ctx.posted[1:]
		cmd = tea.Batch(cmd, m.update(next))
	}
	if seen := m.feedbackShown(); seen != nil {
		cmd = tea.Batch(cmd, seen)
	}
	m.syncKeys()
	m.syncReviewTabs()
	m.reuseFrame = m.reusesFrame(msg)
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lockTickMsg:
		return m.lockTicked(msg)
	case unlockMsg:
		return m.unlocked(msg)
	case tea.KeyPressMsg, tea.MouseMsg, tea.PasteMsg:
		if m.lock.locked {
			return m.lockedInput(msg)
		}
		if m.ctx.lockEnabled() {
			m.lock.lastInput = m.ctx.opts.Now()
		}
	}
	if m.ctx.readOnly() && reviewWrites(msg) {
		return nil // review mode writes nothing, whatever asks
	}
	if err := damageOf(msg); err != nil {
		m.damage = err
	}
	switch msg := msg.(type) {
	case Damaged:
		return nil
	case reviewFacMsg:
		return m.reviewFacLoaded(msg)
	case reviewTeamMsg:
		return m.reviewTeamLoaded(msg)
	case feedbackSavedMsg:
		return m.feedbackSaved(msg)
	case coachKeptMsg:
		return m.coachKept(msg)
	case tea.WindowSizeMsg:
		m.ctx.width, m.ctx.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width - 2)
		return m.broadcast(msg)
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		return m.restyle()
	case tea.ColorProfileMsg:
		m.mono = msg.Profile <= colorprofile.Ascii
		return m.restyle()
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case tea.PasteMsg:
		return m.routeFocused(msg)
	case statusMsg:
		m.status = msg
		return nil
	case askMsg:
		m.question = &question{text: msg.question, details: msg.details, yes: msg.yes, no: msg.no}
		return nil
	case quitMsg:
		return m.draftOnQuit(false)
	case Hangup:
		return m.draftOnQuit(true)
	case draftNotKeptMsg:
		return m.draftNotKept(msg)
	case draftKeptQuitMsg:
		return m.ctx.quit()
	case quitReadyMsg:
		return m.ctx.quitReady()
	case draftsMsg:
		return m.draftsLoaded(msg)
	case draftResumeMsg, draftDiscardMsg, draftSkipMsg:
		return m.draftAnswered(msg)
	case draftSavedMsg:
		if m.draftGone(msg) {
			return nil
		}
	case switchTabMsg:
		return m.setTab(msg.tab)
	case watchTickMsg:
		return watch(m.ctx.opts.Changed, m.ctx.opts.Log)
	case watchedMsg:
		return m.watched(msg)
	case entryReadMsg:
		return m.entryRead(msg)
	case overwriteMsg:
		return m.overwrite(msg)
	case changedMsg:
		m.status = statusMsg{text: msg.status}
		cmd := m.reload(msg.selectID)
		if msg.prompts {
			cmd = tea.Batch(cmd, loadPrompts(m.ctx.svc.Prompts, m.ctx.opts.Log))
		}
		return cmd
	case starredMsg:
		return m.starred(msg)
	case openExportMsg:
		if m.screen != screenTabs {
			return nil
		}
		var cmd tea.Cmd
		m.exporter, cmd = newExportModel(m.ctx)
		m.screen, m.showHelp = screenExport, false
		return cmd
	case closeExportMsg:
		if m.screen == screenExport {
			m.screen = screenTabs
		}
		return nil
	case exportWrittenMsg:
		if msg.err != nil {
			m.status = statusMsg{err: msg.err}
			if m.screen == screenExport {
				m.exporter, _ = m.exporter.update(msg, m.ctx)
			}
			return nil
		}
		if m.screen == screenExport {
			m.screen = screenTabs
		}
		m.status = statusMsg{text: "Wrote " + journal.SafeLine(msg.path)}
		return nil
	case openSelfAssessMsg:
		if m.screen == screenForm || m.screen == screenSelfAssess {
			return nil
		}
		var cmd tea.Cmd
		m.self, cmd = newSelfAssess(m.ctx)
		m.screen, m.showHelp = screenSelfAssess, false
		return cmd
	case closeSelfAssessMsg:
		if m.screen == screenSelfAssess {
			m.screen = screenTabs
		}
		return nil
	case answerMsg:
		return m.answer(msg)
	case openFormMsg:
		return m.openForm(msg)
	case closeFormMsg:
		var cmd tea.Cmd
		if m.screen == screenForm && m.form.draftStored {
			cmd = m.ctx.write(deleteDraft(m.ctx.svc.Entries, m.form.draftID, m.ctx.opts.Log))
		}
		m.screen = m.back
		return tea.Batch(cmd, m.offerDraft())
	case openEntryMsg:
		var cmd tea.Cmd
		m.entry, cmd = newEntryView(msg.entry, m.ctx)
		m.screen = screenEntry
		return cmd
	case closeEntryMsg:
		m.screen = screenTabs
		return nil
	case deleteMsg:
		return m.ctx.write(deleteEntry(m.ctx.svc.Entries, msg.id, m.ctx.opts.Log))
	case savedMsg:
		return m.saved(msg)
	case deletedMsg:
		return m.deleted(msg)
	case insightsMsg:
		if msg.seq < m.ctx.loadSeq {
			return nil // a newer load is on its way
		}
		m.ctx.loadErr = msg.err
		if msg.err != nil {
			m.status = statusMsg{err: msg.err}
			return nil
		}
		msg.in.version = m.ctx.data.version + 1
		m.ctx.data, m.ctx.ready = msg.in, true
		m.ctx.laterHistories = nil
		if msg.more != nil && !m.ctx.wantHistories {
			m.ctx.laterHistories = msg.more
			return m.broadcast(msg)
		}
		return tea.Batch(m.broadcast(msg), msg.more)
	case promptsMsg:
		if msg.err != nil {
			m.status = statusMsg{err: msg.err}
			return nil
		}
		m.ctx.prompts = msg.prompts
	}
	return m.broadcast(msg)
}

// broadcast hands a message that is not input to every view: window sizes,
// data, and the views' own messages (timers, renders, the editor).
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds [9]tea.Cmd
	ctx := m.ctx
	m.today, cmds[0] = m.today.update(msg, ctx)
	m.journal, cmds[1] = m.journal.update(msg, ctx)
	m.skills, cmds[2] = m.skills.update(msg, ctx)
	m.prompts, cmds[3] = m.prompts.update(msg, ctx)
	m.prep, cmds[4] = m.prep.update(msg, ctx)
	if m.screen == screenEntry {
		m.entry, cmds[5] = m.entry.update(msg, ctx)
	}
	if m.screen == screenForm {
		cmds[6] = m.updateForm(msg)
	}
	if m.screen == screenSelfAssess {
		m.self, cmds[7] = m.self.update(msg, ctx)
	}
	if m.screen == screenExport {
		m.exporter, cmds[8] = m.exporter.update(msg, ctx)
	}
	return tea.Batch(cmds[:]...)
}

// routeFocused hands input to the focused view only.
func (m *Model) routeFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	ctx := m.ctx
	switch m.screen {
	case screenForm:
		cmd = m.updateForm(msg)
	case screenEntry:
		m.entry, cmd = m.entry.update(msg, ctx)
	case screenSelfAssess:
		m.self, cmd = m.self.update(msg, ctx)
	case screenExport:
		m.exporter, cmd = m.exporter.update(msg, ctx)
	default:
		switch m.tab {
		case tabToday:
			m.today, cmd = m.today.update(msg, ctx)
		case tabJournal:
			m.journal, cmd = m.journal.update(msg, ctx)
		case tabSkills:
			m.skills, cmd = m.skills.update(msg, ctx)
		case tabPrompts:
			m.prompts, cmd = m.prompts.update(msg, ctx)
		case tabPrep:
			m.prep, cmd = m.prep.update(msg, ctx)
		case tabOverview, tabTeam:
			cmd = m.updateReviewTab(msg)
		case tabReflections:
			m.refl, cmd = m.refl.update(msg, ctx, ctx.bodyHeight())
		}
	}
	return cmd
}

// typing reports whether a text field has the keyboard, so that keys such
// as q, ? and 1-5 type rather than act. The self-assessment counts: its
// digits rate.
func (m *Model) typing() bool {
	switch m.screen {
	case screenForm, screenSelfAssess:
		return true
	case screenEntry:
		return false
	case screenExport:
		return m.exporter.typing()
	}
	switch m.tab {
	case tabJournal:
		return m.journal.typing()
	case tabSkills:
		return m.skills.typing()
	case tabPrompts:
		return m.prompts.typing()
	case tabPrep:
		return m.prep.typing()
	case tabReflections:
		return m.refl.typing()
	case tabOverview:
		return m.overview.feedback != nil
	}
	return false
}

// syncKeys enables the global keys that work now.
func (m *Model) syncKeys() {
	m.ctx.keys.setTyping(m.typing() || m.question != nil)
	if m.tab == tabTeam && m.screen == screenTabs {
		for _, b := range []*key.Binding{&m.ctx.keys.PrevFac, &m.ctx.keys.NextFac, &m.ctx.keys.Facilitator} {
			b.SetEnabled(false) // the team is everyone
		}
	}
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.status = statusMsg{}
	if q := m.question; q != nil {
		switch {
		// The answer is handled now, not sent: a write it starts is then
		// under way before the next key (a q typed right after y waits
		// for it).
		case key.Matches(msg, m.confirm.Yes):
			m.question = nil
			return m.update(q.yes)
		case key.Matches(msg, m.confirm.No) && q.no != nil && msg.String() != "esc":
			m.question = nil
			return m.update(q.no)
		case key.Matches(msg, m.confirm.No):
			m.question = nil
		}
		// Any other key, a second ctrl+c pressed in a hurry among them,
		// leaves the question open: only the keys it shows answer it.
		return nil
	}
	m.syncKeys()
	g := m.ctx.keys
	switch {
	case key.Matches(msg, g.ForceQuit), key.Matches(msg, g.Quit):
		return m.quit()
	case m.showHelp:
		if key.Matches(msg, g.CloseHelp) {
			m.showHelp = false
		}
		return nil
	case key.Matches(msg, g.Help):
		m.showHelp = true
		return nil
	case m.screen != screenForm && key.Matches(msg, g.Tabs):
		if tabs := m.ctx.tabs(); int(msg.Code-'1') < len(tabs) {
			return m.setTab(tabs[msg.Code-'1'])
		}
		return nil
	case m.screen == screenTabs && key.Matches(msg, g.Next):
		return m.setTab(m.nextTab(1))
	case m.screen == screenTabs && key.Matches(msg, g.Prev):
		return m.setTab(m.nextTab(-1))
	case key.Matches(msg, g.NextFac):
		return m.switchFacilitator(1)
	case key.Matches(msg, g.PrevFac):
		return m.switchFacilitator(-1)
	}
	if cmd, back := m.backToTeam(msg); back {
		return cmd
	}
	return m.routeFocused(msg)
}

// feedbackShown marks the coach feedback Today shows as seen, once Today
// is on screen with it: the next start of hone no longer calls it new
// (this one keeps showing it). Nil when there is nothing to mark.
func (m *Model) feedbackShown() tea.Cmd {
	svc := m.ctx.svc.Feedback
	ctx := m.ctx
	switch {
	case svc == nil || ctx.review != nil || m.screen != screenTabs || m.tab != tabToday || m.lock.locked:
		return nil
	case ctx.width < minWidth || ctx.height < minHeight: // not drawn yet, or too small to draw
		return nil
	}
	seq := journal.LatestFeedback(m.today.news)
	if seq <= m.today.marked {
		return nil
	}
	m.today.marked = seq
	return ctx.write(markFeedbackSeen(svc, seq, ctx.opts.Log))
}

// nextTab returns the tab dir tabs after the one shown, round the bar.
func (m *Model) nextTab(dir int) tab {
	tabs := m.ctx.tabs()
	i := max(0, slices.Index(tabs, m.tab))
	return tabs[(i+dir+len(tabs))%len(tabs)]
}

// setTab shows a tab; the Prep tab loads the first time it is shown, and
// the Skills tab has the histories of ratings read.
func (m *Model) setTab(t tab) tea.Cmd {
	m.screen, m.tab = screenTabs, t
	if t == tabTeam {
		m.fromTeam = nil
	}
	switch t {
	case tabPrep:
		return m.prep.ensure(m.ctx)
	case tabSkills:
		m.ctx.wantHistories = true
		cmd := m.ctx.laterHistories
		m.ctx.laterHistories = nil
		return cmd
	}
	return nil
}

// quit quits, asking first when the form, the self-assessment, a small
// form or the export screen's name holds something unsaved.
func (m *Model) quit() tea.Cmd {
	switch {
	case m.screen == screenForm && m.form.dirty() && m.form.draftRefused:
		return ask("Quit and lose this entry? It could not be kept as a draft. (y/n)", quitMsg{})
	case m.screen == screenForm && m.form.dirty():
		return ask("Quit? This entry is kept as a draft, offered at the next start. (y/n)", quitMsg{})
	case m.screen == screenSelfAssess && m.self.dirty():
		return ask("Quit and lose this self-assessment? (y/n)", quitMsg{})
	case m.miniFormOpen() && m.miniFormDirty():
		return ask("Quit and lose what you typed? (y/n)", quitMsg{})
	case m.screen == screenExport && m.exporter.nameDirty():
		return ask("Quit and lose the name you typed? (y/n)", quitMsg{})
	}
	return m.ctx.quit()
}

// miniFormOpen reports whether a small form (a skill, a prompt, a goal) is
// open on the tab shown.
func (m *Model) miniFormOpen() bool {
	if m.screen != screenTabs {
		return false
	}
	switch m.tab {
	case tabSkills:
		return m.skills.form != nil
	case tabPrompts:
		return m.prompts.form != nil
	case tabPrep:
		return m.prep.form != nil
	case tabOverview:
		return m.overview.feedback != nil
	}
	return false
}

// miniFormDirty reports whether the open small form holds typed text.
func (m *Model) miniFormDirty() bool {
	for _, f := range []*miniForm{m.skills.form, m.prompts.form, m.prep.form, m.overview.feedback} {
		if f != nil && f.dirty() {
			return true
		}
	}
	return false
}

func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	mouse := msg.Mouse()
	if m.question != nil {
		return nil
	}
	if click, ok := msg.(tea.MouseClickMsg); ok && click.Button == tea.MouseLeft && mouse.Y == 0 {
		if m.screen == screenForm || m.screen == screenSelfAssess || m.miniFormOpen() {
			return nil
		}
		if t, ok := m.tabAt(mouse.X); ok {
			m.showHelp = false
			return m.setTab(t)
		}
		return nil
	}
	if m.showHelp {
		return nil
	}
	return m.routeFocused(msg)
}

func (m *Model) openForm(msg openFormMsg) tea.Cmd {
	if err := formCanHold(msg.entry); err != nil {
		m.status = statusMsg{err: err}
		return nil
	}
	if m.screen != screenForm {
		m.back = m.screen
	}
	f, cmd := newForm(msg, m.ctx)
	m.form = &f
	m.screen = screenForm
	m.showHelp = false
	if msg.draftNote != "" {
		m.status = statusMsg{text: msg.draftNote}
	}
	return cmd
}

// answer opens the form on the answer to a suggested prompt, from Today or
// the Prompts tab: today's entry with a new reflection for the prompt,
// focused, or a new entry. An answer that arrives after another screen
// opened is dropped.
func (m *Model) answer(msg answerMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return nil
	}
	if m.screen != screenTabs {
		return nil
	}
	s := msg.suggestion
	if msg.entry != nil {
		// First, so that a narrow form, which cuts the line, still says it.
		s.why = strings.TrimSpace("Added to today's entry. " + s.why)
	}
	return m.ctx.post(openFormMsg{entry: msg.entry, suggestion: &s, focusAnswer: true, addReflection: msg.entry != nil})
}

// saved closes the form after a save, or hands the form the error.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	if cmd, ok := m.conflict(msg); ok {
		return cmd
	}
	if msg.err != nil {
		if m.screen == screenForm {
			return m.updateForm(msg)
		}
		m.status = statusMsg{err: msg.err}
		return nil
	}
	// The save removed the form's draft, in its own write (saveEntry).
	cmds := []tea.Cmd{m.reload(msg.entry.ID)}
	m.screen = m.back
	m.status = statusMsg{text: "Saved."}
	if m.screen == screenEntry {
		sel := m.entry.sel
		var cmd tea.Cmd
		m.entry, cmd = newEntryView(msg.entry, m.ctx)
		m.entry.sel = min(sel, max(0, len(msg.entry.Reflections)-1))
		m.entry.syncKeys()
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return nil
	}
	if m.screen == screenEntry && m.entry.id() == msg.id {
		m.screen = screenTabs
	}
	m.status = statusMsg{text: "Deleted."}
	return m.reload("")
}

// reload loads again what a change to the journal may have changed: the
// insights (drift), Today and the Journal list, whose cursor goes to the
// entry selectID.
func (m *Model) reload(selectID string) tea.Cmd {
	ctx := m.ctx
	today := ctx.today()
	var cmd tea.Cmd
	m.journal, cmd = m.journal.reload(ctx, selectID)
	ctx.loadSeq++
	return tea.Batch(
		loadInsights(ctx.svc, today, ctx.loadSeq, ctx.opts.Log),
		loadToday(ctx.svc.Entries, ctx.svc.Feedback, today, ctx.opts.Log),
		cmd,
		m.prep.reload(ctx),
	)
}

// starred reports a reflection starred or unstarred, and reloads what the
// star changes (the Prep tab lists starred reflections first).
func (m *Model) starred(msg starredMsg) tea.Cmd {
	var cmd tea.Cmd
	if m.screen == screenEntry {
		m.entry, cmd = m.entry.update(msg, m.ctx)
	}
	if msg.err != nil {
		m.status = statusMsg{err: msg.err}
		return cmd
	}
	m.status = statusMsg{text: "Starred for supervision: the Prep tab lists it first."}
	if !msg.entry.Reflections[msg.refl].Starred {
		m.status = statusMsg{text: "Star removed."}
	}
	return tea.Batch(cmd, m.reload(msg.entry.ID))
}

// restyle rebuilds the styles after the background or colour profile
// became known.
func (m *Model) restyle() tea.Cmd {
	m.ctx.styles = newStyles(m.dark, m.mono)
	m.help.Styles = m.ctx.styles.Help
	m.lock.input.SetStyles(m.ctx.styles.TextInput)
	return m.broadcast(restyledMsg{})
}

// restyledMsg tells views that the styles changed, so that cached renders
// are made again.
type restyledMsg struct{}
