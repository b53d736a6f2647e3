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
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
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
	// ReadOnly, when not empty, says the journal may be read but not
	// written (a 0400 file, a read-only disk), in the line shown: the
	// status line shows it while it has nothing else to say, a write
	// (the entry form, a deletion, ...) is refused with it, and nothing
	// is written at start or in the background (drafts, the mark of the
	// coach feedback seen, leftovers removed).
	ReadOnly string
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
	// KeepDraftAside, when set, keeps a draft sealed in a file beside an
	// encrypted journal that refuses it as hone quits (its keys no longer
	// open the journal: another hone encrypted it again under another
	// key), for the next start to take in.
	KeepDraftAside func(*journal.Draft) error
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

// journalReadOnly reports whether the journal may be read but not written
// (Options.ReadOnly).
func (c *shared) journalReadOnly() bool { return c.opts.ReadOnly != "" }

// readOnlyRefusal is the status of a write refused on a journal that may
// be read but not written.
func (c *shared) readOnlyRefusal() statusMsg {
	return statusMsg{err: journal.Errorf(journal.EFILE, "The journal is read-only: nothing can be added or changed. %s", c.opts.ReadOnly)}
}

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
	ctx    *shared          // one for the model's copies: it is large, and Bubble Tea copies the model for every message
	drafts []*journal.Draft // left by a hone that stopped, not yet answered about
	// fbDrafts are review mode's feedback forms a lost terminal left
	// (keepFeedbackDraft), by facilitator, not yet offered.
	fbDrafts map[int][]string
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
		return tea.Batch(tea.RequestBackgroundColor, initReview(ctx.review, today), lock, loadFeedbackDrafts(ctx.review.reviews),
			ctx.write(removeUnfinished(feedbackDraftDirs(ctx.review.reviews), ctx.opts.Log)))
	}
	cmds := []tea.Cmd{
		lock,
		ctx.watchInit(),
		tea.RequestBackgroundColor,
		loadInsights(ctx.svc, today, ctx.loadSeq, ctx.opts.Log),
		loadPrompts(ctx.svc.Prompts, ctx.opts.Log),
		loadToday(ctx.svc.Entries, ctx.svc.Feedback, today, ctx.opts.Log),
		m.journal.initCmd(ctx),
	}
	if !ctx.journalReadOnly() {
		// Both may write: drafts' leftovers go, unfinished preparations too.
		cmds = append(cmds,
			ctx.write(loadDrafts(ctx.svc.Entries, ctx.opts.EditDir, ctx.opts.Now(), ctx.opts.Log)),
			ctx.write(removeUnfinished([]string{ctx.opts.PrepDir}, ctx.opts.Log)))
	}
	return tea.Batch(cmds...)
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
	if m.ctx.journalReadOnly() && journalWrites(msg) {
		m.status = m.ctx.readOnlyRefusal()
		return nil
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
		// A key whose text is only what saving removes (a bidirectional
		// override typed with a compose key) goes nowhere: no field shows it.
		if msg.Text != "" {
			if clean := journal.CleanText(msg.Text); clean != strings.ReplaceAll(msg.Text, "\r", "\n") {
				if clean == "" {
					return nil
				}
				msg.Text = clean
			}
		}
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case tea.PasteMsg:
		// Shown as it will be saved: what saving removes (controls,
		// bidirectional overrides) never reaches the terminal from a field.
		return m.routeFocused(tea.PasteMsg{Content: journal.CleanText(msg.Content)})
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
	case openMiniDraftMsg:
		return m.openMiniDraft(msg.draft)
	case feedbackDraftsMsg:
		m.fbDrafts = msg.drafts
		return m.offerFeedbackDraft()
	case feedbackDraftAnswerMsg:
		return m.feedbackDraftAnswered(msg)
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
