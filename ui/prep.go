package ui

import (
	"os"
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// prepView is the Prep tab: supervision preparation (SPEC section 8) for
// the last days up to today, the same content as `hone prep`. [ and ]
// change the period by a week, w writes the Markdown of `hone prep` to a
// file in Options.PrepDir, g sets a learning goal. It loads the first time
// it is shown, and again when the journal changes.
type prepView struct {
	keys    prepKeys
	days    int           // the period: this many days up to today
	prep    *journal.Prep // nil until loaded
	prepSeq int           // the load prep came from
	err     error
	seq     int  // the load the view waits for
	loading bool // a load is on its way
	// lines are the preparation laid out, off the UI loop: by the command
	// that loads it, and again in a command when the width or the styles
	// change. Until new lines arrive the old ones show.
	lines    []string
	linesFor prepLayout // what lines were laid out for
	want     prepLayout // what lines should be laid out for: the current ones, or on their way
	layoutSt *theme     // a copy of the styles for the layout commands, made once per restyle
	offset   int
	form     *miniForm // the form setting a goal, while it is open
	writing  bool
}

// prepLayout says what the lines of a preparation are laid out for: the
// load it came from, the width and the styles.
type prepLayout struct {
	seq, w     int
	dark, mono bool
}

// prepLayouter lays out a preparation in a command, with the width and
// the styles captured when the command was made.
type prepLayouter struct {
	key prepLayout
	st  *theme // no one changes it
}

// prepLayoutFor is the layout of the preparation of load seq for the
// current width and styles.
func prepLayoutFor(ctx *shared, seq int) prepLayout {
	return prepLayout{seq: seq, w: ctx.width, dark: ctx.styles.Dark, mono: ctx.styles.Mono}
}

// layouter returns what lays out the preparation of load seq for the
// current width and styles. The styles it captures are a copy kept until
// they change: the theme is large, and a command must not read the
// model's.
func (v *prepView) layouter(ctx *shared, seq int) prepLayouter {
	if st := v.layoutSt; st == nil || st.Dark != ctx.styles.Dark || st.Mono != ctx.styles.Mono {
		cp := ctx.styles
		v.layoutSt = &cp
	}
	return prepLayouter{key: prepLayoutFor(ctx, seq), st: v.layoutSt}
}

// layout lays out p: renderPrep, for the command that calls it.
func (l prepLayouter) layout(p *journal.Prep) []string { return renderPrep(p, l.st, l.key.w) }

// layoutPrep lays out p again in a command, for another width or styles.
func layoutPrep(p *journal.Prep, l prepLayouter) tea.Cmd {
	return func() tea.Msg {
		return prepLinesMsg{layout: l.key, lines: l.layout(p)}
	}
}

// The period's length: 30 days at first, changed by a week at a time.
const (
	prepDefaultDays = 30
	prepStepDays    = 7
	prepMaxDays     = 3660
)

// Messages of the Prep tab.
type (
	// prepMsg carries a supervision preparation and its lines, laid out
	// for the width and styles of when the load began.
	prepMsg struct {
		seq    int
		prep   *journal.Prep
		err    error
		layout prepLayout
		lines  []string
	}
	// prepLinesMsg carries a preparation laid out again.
	prepLinesMsg struct {
		layout prepLayout
		lines  []string
	}
	// prepWrittenMsg reports the preparation written to a file.
	prepWrittenMsg struct {
		path string
		err  error
	}
	// goalCreatedMsg reports a learning goal set.
	goalCreatedMsg struct {
		goal journal.Goal
		err  error
	}
)

func newPrepView() prepView {
	v := prepView{keys: newPrepKeys(), days: prepDefaultDays}
	v.syncKeys(nil)
	return v
}

// typing reports whether the goal form has the keyboard.
func (v prepView) typing() bool { return v.form != nil }

// period returns the first and last day of the period.
func (v prepView) period(ctx *shared) (since, asOf journal.Day) {
	asOf = ctx.today()
	return asOf - journal.Day(v.days-1), asOf
}

// load reads the preparation again in a command.
func (v *prepView) load(ctx *shared) tea.Cmd {
	v.seq++
	v.loading = true
	since, asOf := v.period(ctx)
	return loadPrep(ctx.svc, since, asOf, v.seq, v.layouter(ctx, v.seq), ctx.opts.Log)
}

// ensure loads the preparation when the tab is first shown.
func (v *prepView) ensure(ctx *shared) tea.Cmd {
	if v.prep != nil || v.loading {
		return nil
	}
	return v.load(ctx)
}

// reload loads the preparation again after the journal changed, if it was
// ever shown.
func (v *prepView) reload(ctx *shared) tea.Cmd {
	if v.prep == nil && !v.loading {
		return nil
	}
	return v.load(ctx)
}

// loadPrep builds the preparation for [since, asOf] in a command, from the
// same reads as `hone prep`, and lays it out with lay.
func loadPrep(svc Services, since, asOf journal.Day, seq int, lay prepLayouter, log func(error)) tea.Cmd {
	return func() tea.Msg {
		fail := func(err error) tea.Msg { return prepMsg{seq: seq, err: logged(log, err)} }
		period, err := svc.Entries.FindEntries(journal.EntryFilter{Since: &since, Until: &asOf})
		if err != nil {
			return fail(err)
		}
		selfs, err := svc.Entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
		if err != nil {
			return fail(err)
		}
		catalog, err := svc.Skills.Skills()
		if err != nil {
			return fail(err)
		}
		ratings, err := svc.Ratings.Ratings()
		if err != nil {
			return fail(err)
		}
		var goals []journal.Goal
		if svc.Goals != nil {
			if goals, err = svc.Goals.Goals(); err != nil {
				return fail(err)
			}
		}
		var feedback []journal.Feedback
		if svc.Feedback != nil {
			if feedback, err = svc.Feedback.Feedback(); err != nil {
				return fail(err)
			}
		}
		p := journal.BuildPrep(period, catalog, ratings, goals,
			journal.PrepOptions{Since: since, AsOf: asOf, SelfAssessments: selfs, Feedback: feedback})
		return prepMsg{seq: seq, prep: p, layout: lay.key, lines: lay.layout(p)}
	}
}

func (v prepView) update(msg tea.Msg, ctx *shared) (prepView, tea.Cmd) {
	v, cmd := v.handle(msg, ctx)
	if v.prep != nil {
		if want := prepLayoutFor(ctx, v.prepSeq); want != v.want {
			v.want = want // the old lines show until these arrive
			cmd = tea.Batch(cmd, layoutPrep(v.prep, v.layouter(ctx, v.prepSeq)))
		}
	}
	v.offset = max(0, min(v.offset, len(v.lines)-v.rows(ctx)))
	v.syncKeys(ctx)
	return v, cmd
}

func (v prepView) handle(msg tea.Msg, ctx *shared) (prepView, tea.Cmd) {
	switch msg := msg.(type) {
	case prepMsg:
		if msg.seq != v.seq {
			return v, nil
		}
		v.loading = false
		if msg.err != nil {
			v.err = msg.err
			return v, nil
		}
		v.prep, v.prepSeq, v.err = msg.prep, msg.seq, nil
		if msg.layout == prepLayoutFor(ctx, msg.seq) {
			v.lines, v.linesFor, v.want = msg.lines, msg.layout, msg.layout
		} else {
			v.want = prepLayout{} // laid out for another width or styles: update lays it out again
		}
		return v, nil
	case prepLinesMsg:
		if msg.layout == v.want {
			v.lines, v.linesFor = msg.lines, msg.layout
		}
		return v, nil
	case prepWrittenMsg:
		v.writing = false
		if msg.err != nil {
			return v, showError(msg.err)
		}
		return v, send(statusMsg{text: "Wrote " + journal.SafeLine(msg.path) + " (private reflections: for you and your supervisor)."})
	case goalCreatedMsg:
		if v.form == nil {
			return v, nil
		}
		if msg.err != nil {
			v.form.setError(msg.err)
			return v, nil
		}
		v.form = nil
		return v, send(changedMsg{status: "Goal set: the next preparation shows how its skills were rated since."})
	case tea.WindowSizeMsg:
		if v.form != nil {
			v.form.resize(msg.Width)
		}
	case restyledMsg:
		if v.form != nil {
			v.form.restyle(ctx)
		}
	case tea.MouseWheelMsg:
		v.offset += wheelLines(msg)
	}
	if v.form != nil {
		switch msg.(type) {
		case tea.KeyPressMsg, tea.PasteMsg, closeMiniMsg:
			return v.updateForm(msg, ctx)
		}
		return v, nil
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return v.handleKey(msg, ctx)
	}
	return v, nil
}

func (v prepView) handleKey(msg tea.KeyPressMsg, ctx *shared) (prepView, tea.Cmd) {
	k := v.keys
	page := max(1, v.rows(ctx)-1)
	switch {
	case key.Matches(msg, k.Shorter):
		v.days = max(prepStepDays, v.days-prepStepDays)
		return v, v.load(ctx)
	case key.Matches(msg, k.Longer):
		v.days = min(prepMaxDays, v.days+prepStepDays)
		return v, v.load(ctx)
	case key.Matches(msg, k.Write):
		v.writing = true
		return v, ctx.write(writePrep(ctx.opts.PrepDir, v.prep, ctx.opts.Log))
	case key.Matches(msg, k.SelfAssess):
		return v, ctx.post(openSelfAssessMsg{})
	case key.Matches(msg, k.Goal):
		f := newGoalForm(ctx)
		v.form = &f
		return v, f.focusCmd()
	default:
		v.offset, _ = k.scrollLines(msg, v.offset, page, len(v.lines))
	}
	return v, nil
}

// rows is how many lines of the preparation fit under its heading.
func (v prepView) rows(ctx *shared) int { return scrollRows(len(v.lines), max(1, ctx.bodyHeight()-1)) }

func (v *prepView) syncKeys(ctx *shared) {
	k := &v.keys
	ready := v.prep != nil && v.form == nil
	for _, b := range k.all() {
		b.SetEnabled(ready)
	}
	k.Shorter.SetEnabled(ready && v.days > prepStepDays)
	k.Longer.SetEnabled(ready && v.days < prepMaxDays)
	k.Write.SetEnabled(ready && !v.writing && !v.loading && ctx != nil && ctx.opts.PrepDir != "")
	k.Goal.SetEnabled(ready && ctx != nil && ctx.svc.Goals != nil)
	k.SelfAssess.SetEnabled(ready && ctx != nil && !ctx.readOnly())
}

// keyMap returns the keys that work now: the goal form's or the tab's.
func (v prepView) keyMap() keyMap {
	if v.form != nil {
		return v.form.keys
	}
	return v.keys
}

// prepFileName is the name of the file the preparation as of a day is
// written to.
func prepFileName(asOf journal.Day) string { return "prep-" + asOf.String() + ".md" }

// writePrep writes the Markdown of `hone prep` for p to a file in dir
// (created 0700), readable by its owner only, in a command. The file is
// written whole or not at all: to a temporary file, synced, then renamed.
func writePrep(dir string, p *journal.Prep, log func(error)) tea.Cmd {
	return func() tea.Msg {
		if dir == "" {
			return prepWrittenMsg{err: journal.Errorf(journal.EINVALID, "there is no folder to write preparations to")}
		}
		path := filepath.Join(dir, prepFileName(p.AsOf))
		err := writePrivateFile(path, func(f *os.File) error { return journal.WritePrepMarkdown(f, p) })
		if err != nil {
			return prepWrittenMsg{err: logged(log, journal.Errorf(journal.EINTERNAL, "could not write %s: %v", path, err))}
		}
		return prepWrittenMsg{path: path}
	}
}

// The fields of the goal form.
const (
	goalFieldText = iota
	goalFieldSkills
)

// newGoalForm returns the form that sets a learning goal: a sentence and
// the skills it is about, those that need attention first.
func newGoalForm(ctx *shared) miniForm {
	in := &ctx.data
	var items []pickItem
	seen := map[string]bool{}
	add := func(id string) {
		s, ok := in.catalog.Find(id)
		if !ok || s.Archived || seen[id] {
			return
		}
		seen[id] = true
		mark := " "
		if d, ok := in.driftOf(id); ok {
			mark = driftMark(d)
		}
		items = append(items, pickItem{id: id, label: s.Name + " (" + id + ")", mark: mark})
	}
	for _, d := range attention(in) {
		if d.Ratings > 0 {
			add(d.Skill)
		}
	}
	for _, s := range in.catalog.Active() {
		add(s.ID)
	}
	f := newMiniForm("prep", "Set a learning goal",
		"One sentence in your own words, tied to the skills it is about. The next preparation shows how they were rated since.",
		textField(ctx, "Goal", "e.g. Reflect more than I ask in the first ten minutes", "", journal.MaxGoalText, "goal"),
		pickField("Skills", "space chooses a skill; ▼ drifting, ~ watch, ○ not practised lately.", items, "skill"),
	)
	f.resize(ctx.width)
	return f
}

// updateForm hands a message to the goal form; on save it validates the
// goal and creates it in a command.
func (v prepView) updateForm(msg tea.Msg, ctx *shared) (prepView, tea.Cmd) {
	f, act, cmd := v.form.update(msg)
	v.form = &f
	switch act {
	case miniCancel:
		v.form = nil
	case miniSubmit:
		today := ctx.today()
		g := journal.Goal{Text: f.value(goalFieldText), Skills: f.picked(goalFieldSkills), Set: today}
		g.Normalize()
		return v, v.form.submit(ctx, g.Validate(ctx.data.catalog, today), createGoal(ctx.svc.Goals, g, ctx.opts.Log))
	}
	return v, cmd
}

// createGoal sets a learning goal in a command.
func createGoal(goals journal.GoalService, g journal.Goal, log func(error)) tea.Cmd {
	return func() tea.Msg {
		err := goals.CreateGoal(&g)
		return goalCreatedMsg{goal: g, err: logged(log, err)}
	}
}
