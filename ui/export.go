package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// The export screen (SPEC section 7): before a coach-safe export is
// written, it shows what will leave the machine (counts, the privacy
// statement and a few of the shared reflections) for a period, with day or
// week dates, in a format, with the name the coach sees (Options.Facilitator;
// n edits it in place and Options.SetFacilitator keeps it). enter hands the
// export to Options.WriteExport.

// exportFormats are the formats the screen offers, as WriteExport names them.
func exportFormats() []string { return []string{"json", "html", "md", "csv"} }

// exportPeriods are the periods the screen offers, in days; 0 is every entry.
func exportPeriods() []int { return []int{30, 90, 180, 365, 0} }

// defaultExportPeriod is the index of the 90 days in exportPeriods.
const defaultExportPeriod = 1

// exportSamples is how many shared reflections the preview shows at most.
const exportSamples = 3

// exportModel is the export screen.
type exportModel struct {
	keys    exportKeys
	period  int // index into exportPeriods
	week    bool
	format  int // index into exportFormats
	seq     int // the preview asked for last
	preview *exportPreview
	loading bool
	writing bool
	err     error

	// The name the export carries, as the journal keeps it.
	name       string
	nameKnown  bool             // the name has been read (or there is none to read)
	nameInput  *textinput.Model // held by pointer: updateHeldInput
	naming     bool             // the name input has the keyboard
	savingName bool             // the name typed is being kept
	nameErr    error            // reading or keeping the name failed; cleared by a key
}

// exportPreview is what an export will hold, and what it leaves out.
type exportPreview struct {
	x        *journal.Export
	shared   int // reflections shared
	families int // family codes, as pseudonyms
	// Left out of the export:
	private, notes, titles int
	samples                []exportSample
}

// exportSample is a shared reflection as the export holds it.
type exportSample struct {
	date, prompt, answer string
}

// Messages of the export screen.
type (
	// openExportMsg asks for the export screen.
	openExportMsg struct{}
	// closeExportMsg asks to leave it.
	closeExportMsg struct{}
	// exportPreviewMsg carries a preview and, when it was read with it,
	// the name kept.
	exportPreviewMsg struct {
		seq      int
		preview  *exportPreview
		err      error
		nameRead bool
		name     string
		nameErr  error
	}
	// exportNameSavedMsg reports the name kept, or why not.
	exportNameSavedMsg struct {
		name string
		err  error
	}
	// exportWrittenMsg reports an export written.
	exportWrittenMsg struct {
		path string
		err  error
	}
)

// exportNameLimit is how many characters the name input takes: beyond
// journal.MaxFacilitator, so that a name too long is refused with a message
// rather than cut short.
const exportNameLimit = 4 * journal.MaxFacilitator

// exportNameWidth is the width of the name input on a screen w cells wide:
// what the Name row leaves after its label, in the screen's text width.
func exportNameWidth(w int) int {
	return max(10, min(w-2, 100)-11)
}

func newExportModel(ctx *shared) (exportModel, tea.Cmd) {
	e := exportModel{keys: newExportKeys(), period: defaultExportPeriod, nameKnown: ctx.opts.Facilitator == nil}
	name := newTextInput(ctx, "your name or initials", exportNameLimit)
	e.nameInput = &name
	cmd := e.load(ctx)
	e.syncKeys(ctx)
	return e, cmd
}

// bounds returns the days the period spans: since is nil for every entry.
func (e exportModel) bounds(ctx *shared) (since, until *journal.Day) {
	today := ctx.today()
	if days := exportPeriods()[e.period]; days > 0 {
		s := today - journal.Day(days-1)
		since = &s
	}
	return since, &today
}

// load asks for a preview of the export with the options chosen.
func (e *exportModel) load(ctx *shared) tea.Cmd {
	e.seq++
	e.loading = true
	since, until := e.bounds(ctx)
	opts := journal.ExportOptions{Since: since, Until: until, WeekDates: e.week, Facilitator: e.name, Now: ctx.opts.Now()}
	var readName func() (string, error)
	if !e.nameKnown {
		readName = ctx.opts.Facilitator
	}
	return loadExportPreview(ctx.svc, opts, readName, e.seq, ctx.opts.Log)
}

// loadExportPreview reads the entries of the period and the catalog, and
// builds the coach-safe export and its preview. When readName is set, it
// reads the name kept first, and the export carries it.
func loadExportPreview(svc Services, opts journal.ExportOptions, readName func() (string, error), seq int, log func(error)) tea.Cmd {
	return func() tea.Msg {
		msg := exportPreviewMsg{seq: seq, nameRead: readName != nil}
		if readName != nil {
			name, err := readName()
			if err != nil {
				msg.nameErr = logged(log, err)
			}
			msg.name, opts.Facilitator = name, name
		}
		c, err := svc.Skills.Skills()
		if err != nil {
			msg.err = logged(log, err)
			return msg
		}
		es, err := svc.Entries.FindEntries(journal.EntryFilter{Since: opts.Since, Until: opts.Until})
		if err != nil {
			msg.err = logged(log, err)
			return msg
		}
		opts.Full = false // what leaves for a coach is coach-safe, always
		if svc.Prompts != nil {
			if opts.Prompts, err = svc.Prompts.Prompts(); err != nil {
				msg.err = logged(log, err)
				return msg
			}
		}
		if opts.Drift, err = exportDrift(svc, c, opts.WeekDates, journal.DayOf(opts.Now)); err != nil {
			msg.err = logged(log, err)
			return msg
		}
		opts.DriftAsOf = journal.DayOf(opts.Now)
		x := journal.BuildExport(es, c, opts)
		msg.preview = previewExport(x, es)
		return msg
	}
}

// exportDrift returns the facilitator's verdicts as of day over the whole
// journal, for the export to carry (SPEC section 7): those the Skills tab
// shows, or with weeks their sentences naming ISO weeks. Called from a
// command.
func exportDrift(svc Services, c journal.Catalog, weeks bool, day journal.Day) ([]journal.Drift, error) {
	if !weeks && svc.Drift != nil {
		return svc.Drift.Drift(day)
	}
	ratings, err := svc.Ratings.Ratings()
	if err != nil {
		return nil, err
	}
	if weeks {
		return journal.AnalyzeCatalogWeeks(c, ratings, day), nil
	}
	return journal.AnalyzeCatalog(c, ratings, day), nil
}

// saveFacilitator keeps the name exports carry, in a command.
func saveFacilitator(set func(string) error, name string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		return exportNameSavedMsg{name: name, err: logged(log, set(name))}
	}
}

// previewExport counts what x holds and what the entries es it was made
// of leave out, and picks the newest shared reflections as samples.
func previewExport(x *journal.Export, es []*journal.Entry) *exportPreview {
	p := &exportPreview{x: x}
	families := map[string]bool{}
	for i := len(x.Records) - 1; i >= 0; i-- {
		r := &x.Records[i]
		p.shared += len(r.Reflections)
		if r.Family != "" {
			families[r.Family] = true
		}
		for _, f := range r.Reflections {
			if len(p.samples) < exportSamples && strings.TrimSpace(f.Answer) != "" {
				p.samples = append(p.samples, exportSample{date: r.Date, prompt: f.Prompt, answer: f.Answer})
			}
		}
	}
	p.families = len(families)
	for _, e := range es {
		if strings.TrimSpace(e.Notes) != "" {
			p.notes++
		}
		if strings.TrimSpace(e.Title) != "" {
			p.titles++
		}
		for _, f := range e.Reflections {
			if !f.Shared {
				p.private++
			}
		}
	}
	return p
}

// writeExport hands x to the writer in a command.
func writeExport(write func(*journal.Export, string) (string, error), x *journal.Export, format string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		path, err := write(x, format)
		return exportWrittenMsg{path: path, err: logged(log, err)}
	}
}

func (e exportModel) update(msg tea.Msg, ctx *shared) (exportModel, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case exportPreviewMsg:
		if msg.nameRead && !e.nameKnown {
			e.name, e.nameErr, e.nameKnown = msg.name, msg.nameErr, true
		}
		if msg.seq == e.seq {
			e.loading, e.err = false, msg.err
			if msg.err == nil {
				e.preview = msg.preview
			}
		}
	case exportNameSavedMsg:
		cmd = e.nameSaved(msg, ctx)
	case exportWrittenMsg:
		e.writing = false
	case restyledMsg:
		if e.nameInput != nil { // nil until the screen opens
			e.nameInput.SetStyles(ctx.styles.TextInput)
		}
	case tea.WindowSizeMsg:
		if e.nameInput != nil {
			e.nameInput.SetWidth(exportNameWidth(msg.Width))
		}
	case tea.KeyPressMsg:
		cmd = e.handleKey(msg, ctx)
	case tea.PasteMsg:
		if e.naming && !e.savingName {
			e.nameInput, cmd = updateHeldInput(e.nameInput, msg)
		}
	}
	e.syncKeys(ctx)
	return e, cmd
}

// typing reports whether the name input has the keyboard, so that keys
// type rather than act.
func (e exportModel) typing() bool { return e.naming }

// nameDirty reports whether the name input holds a name not kept yet.
func (e exportModel) nameDirty() bool { return e.naming && e.nameInput.Value() != e.name }

func (e *exportModel) handleKey(msg tea.KeyPressMsg, ctx *shared) tea.Cmd {
	k := e.keys
	e.nameErr = nil
	if e.naming {
		return e.nameKey(msg, ctx)
	}
	n := len(exportPeriods())
	switch {
	case key.Matches(msg, k.Name):
		e.naming = true
		e.nameInput.SetValue(e.name)
		e.nameInput.CursorEnd()
		e.nameInput.SetWidth(exportNameWidth(ctx.width))
		return e.nameInput.Focus()
	case key.Matches(msg, k.Back):
		return ctx.post(closeExportMsg{})
	case key.Matches(msg, k.Longer):
		e.period = (e.period + 1) % n
		return e.load(ctx)
	case key.Matches(msg, k.Shorter):
		e.period = (e.period + n - 1) % n
		return e.load(ctx)
	case key.Matches(msg, k.Week):
		e.week = !e.week
		return e.load(ctx)
	case key.Matches(msg, k.Format):
		e.format = (e.format + 1) % len(exportFormats())
	case key.Matches(msg, k.Write):
		if ctx.opts.WriteExport == nil || e.preview.x == nil {
			return nil
		}
		e.writing = true
		return ctx.write(writeExport(ctx.opts.WriteExport, e.preview.x, exportFormats()[e.format], ctx.opts.Log))
	}
	return nil
}

// nameKey handles a key while the name input has the keyboard: enter keeps
// the name typed, esc puts the input away, any other key types.
func (e *exportModel) nameKey(msg tea.KeyPressMsg, ctx *shared) tea.Cmd {
	k := e.keys
	switch {
	case e.savingName:
		return nil
	case key.Matches(msg, k.KeepName):
		name, err := journal.NormalizeFacilitator(e.nameInput.Value())
		if err != nil {
			e.nameErr = err
			return nil
		}
		e.savingName = true
		return ctx.write(saveFacilitator(ctx.opts.SetFacilitator, name, ctx.opts.Log))
	case key.Matches(msg, k.CancelName):
		e.naming = false
		e.nameInput.Blur()
		return nil
	}
	var cmd tea.Cmd
	e.nameInput, cmd = updateHeldInput(e.nameInput, msg)
	return cmd
}

// nameSaved puts the input away once the name is kept, and previews the
// export again with it; when it was not kept, the input stays, with why.
func (e *exportModel) nameSaved(msg exportNameSavedMsg, ctx *shared) tea.Cmd {
	if !e.savingName {
		return nil
	}
	e.savingName = false
	if msg.err != nil {
		e.nameErr = msg.err
		return nil
	}
	e.naming = false
	e.nameInput.Blur()
	e.name = msg.name
	return e.load(ctx)
}

func (e *exportModel) syncKeys(ctx *shared) {
	k := &e.keys
	k.Write.SetEnabled(!e.naming && ctx.opts.WriteExport != nil && e.preview != nil && !e.loading && !e.writing)
	for _, b := range []*key.Binding{&k.Longer, &k.Shorter, &k.Week, &k.Format, &k.Back} {
		b.SetEnabled(!e.naming)
	}
	k.Name.SetEnabled(!e.naming && e.nameKnown && !e.writing && ctx.opts.Facilitator != nil && ctx.opts.SetFacilitator != nil)
	k.KeepName.SetEnabled(e.naming && !e.savingName)
	k.CancelName.SetEnabled(e.naming && !e.savingName)
}

// periodWords names the period chosen.
func (e exportModel) periodWords() string {
	if days := exportPeriods()[e.period]; days > 0 {
		return "the last " + itoa(days) + " days"
	}
	return "every entry"
}

func (e exportModel) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	tw := min(w-2, 100)
	t := textLines{width: tw}
	add, para := t.add, t.para
	label := func(s string) string { return st.Label.Render(pad(s, 9)) }
	period := st.ValueFocused.Render("◂ "+e.periodWords()+" ▸") + "  " + st.Faint.Render("←/→")
	if p := e.preview; p != nil && !e.loading {
		period = st.ValueFocused.Render("◂ "+e.periodWords()+" ▸") + st.Muted.Render("  "+journal.SafeLine(p.x.Period())) +
			"  " + st.Faint.Render("←/→")
	}
	dates := "by day"
	if e.week {
		dates = "by ISO week (2026-W10)"
	}
	var formats []string
	for i, f := range exportFormats() {
		if i == e.format {
			formats = append(formats, st.ValueFocused.Render(strings.ToUpper(f)))
		} else {
			formats = append(formats, st.Muted.Render(f))
		}
	}
	add(" "+label("Period")+period,
		" "+label("Dates")+st.Value.Render(dates)+"  "+st.Faint.Render("w to change"),
		" "+label("Format")+strings.Join(formats, " ")+"  "+st.Faint.Render("f to change"))
	if ctx.opts.Facilitator != nil {
		add(" " + label("Name") + e.nameRow(ctx))
		if e.nameErr != nil {
			para(journal.SafeLine(journal.ErrorMessage(e.nameErr)), st.StatusError.Render, "")
		}
	}

	add("", " "+st.Heading.Render("What will leave this machine"))
	switch {
	case e.err != nil:
		add(" " + st.StatusError.Render(truncateText(journal.SafeLine("Could not read your journal: "+journal.ErrorMessage(e.err)), tw)))
		return fitBlock(joinLines(t.lines), w, h)
	case e.preview == nil || e.loading:
		add(" " + st.Muted.Render("Counting…"))
		return fitBlock(joinLines(t.lines), w, h)
	}
	p := e.preview
	x := p.x
	holds := countWords(len(x.Records), "entry", "entries") + ", " + plural(x.RatingCount(), "rating") + ", " +
		plural(p.shared, "shared reflection") + ", " + countWords(p.families, "family", "families") + " as pseudonyms"
	switch {
	case p.families == 1:
		holds += " (F1)"
	case p.families > 1:
		holds += " (F1–F" + itoa(p.families) + ")"
	}
	if n := len(x.Prompts); n > 0 {
		holds += "; " + plural(n, "custom prompt") + " (the questions, not your answers)"
	}
	para(holds+".", st.Text.Render, "")
	out := "Left out: notes (" + itoa(p.notes) + " entries), titles (" + itoa(p.titles) + "), " +
		plural(p.private, "private reflection") + ", family codes, entry times."
	para(out, st.Text.Render, "")
	para(x.PrivacyStatement(), st.Muted.Render, "")
	if ctx.opts.WriteExport == nil {
		if ctx.opts.Demo {
			para("This is the demo: it writes no files. In your own journal this screen writes the export beside it.", st.Faint.Render, "")
		} else {
			para("Exports are not written from here: use hone export on the command line.", st.Faint.Render, "")
		}
	}

	if len(p.samples) > 0 {
		add("", " "+st.Heading.Render("Shared reflections, as your coach will read them"))
	}
	for _, s := range p.samples {
		add(" " + st.Muted.Render(journal.SafeLine(s.date)) + " " + st.Quote.Render(truncateText(journal.SafeLine(s.prompt), max(10, tw-12))))
		answer := wrapLines(journal.SafeLine(s.answer), tw-3, "")
		if len(answer) > 2 {
			answer = []string{answer[0], truncateText(answer[1]+" "+answer[2], tw-3)}
		}
		for _, l := range answer {
			add("   " + st.Text.Render(l))
		}
	}
	return fitBlock(joinLines(t.lines), w, h)
}

// nameRow shows the name the coach will see, or the input that edits it.
func (e exportModel) nameRow(ctx *shared) string {
	st := &ctx.styles
	switch {
	case e.naming && e.savingName:
		return e.nameInput.View() + st.Muted.Render(" keeping…")
	case e.naming:
		return e.nameInput.View()
	case !e.nameKnown:
		return st.Muted.Render("…")
	}
	row := st.Muted.Render("none: your coach sees the file's name")
	if e.name != "" {
		row = st.Value.Render(journal.SafeLine(e.name))
	}
	if e.keys.Name.Enabled() {
		row += "  " + st.Faint.Render("n to change")
	}
	return row
}

// exportKeys are the export screen's keys.
type exportKeys struct {
	Longer, Shorter, Week, Format, Name, Write, Back key.Binding
	// While the name input has the keyboard:
	KeepName, CancelName key.Binding
}

func newExportKeys() exportKeys {
	return exportKeys{
		Longer:  bind([]string{"right", "l", "]"}, "←/→", "period"),
		Shorter: bind([]string{"left", "h", "["}, "←", "shorter period"),
		Week:    bind([]string{"w"}, "w", "dates"),
		Format:  bind([]string{"f"}, "f", "format"),
		Name:    bind([]string{"n"}, "n", "name"),
		Write:   bind([]string{"enter"}, "enter", "write"),
		Back:    bind([]string{"esc"}, "esc", "back"),

		KeepName:   bind([]string{"enter"}, "enter", "keep name"),
		CancelName: bind([]string{"esc"}, "esc", "cancel"),
	}
}

// ShortHelp lists the export screen's keys for the footer: the rows name
// the keys that change them (←/→, w to change...), so the footer keeps to
// the others and fits 80 columns.
func (k exportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Write, k.Back, k.KeepName, k.CancelName}
}

// FullHelp lists every key of the export screen.
func (k exportKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Longer, k.Shorter, k.Week, k.Format, k.Name}, {k.Write, k.Back}, {k.KeepName, k.CancelName}}
}
