package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// The export screen (SPEC section 7): before a coach-safe export is
// written, it shows what will leave the machine (counts, the privacy
// statement and a few of the shared reflections) for a period, with day or
// week dates, in a format. enter hands the export to Options.WriteExport.

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
	// exportPreviewMsg carries a preview.
	exportPreviewMsg struct {
		seq     int
		preview *exportPreview
		err     error
	}
	// writeExportMsg asks to write the export previewed.
	writeExportMsg struct {
		x      *journal.Export
		format string
	}
	// exportWrittenMsg reports an export written.
	exportWrittenMsg struct {
		path string
		err  error
	}
)

func newExportModel(ctx *shared) (exportModel, tea.Cmd) {
	e := exportModel{keys: newExportKeys(), period: defaultExportPeriod}
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
	opts := journal.ExportOptions{Since: since, Until: until, WeekDates: e.week, Now: ctx.opts.Now()}
	return loadExportPreview(ctx.svc, opts, e.seq, ctx.opts.Log)
}

// loadExportPreview reads the entries of the period and the catalog, and
// builds the coach-safe export and its preview.
func loadExportPreview(svc Services, opts journal.ExportOptions, seq int, log func(error)) tea.Cmd {
	return func() tea.Msg {
		c, err := svc.Skills.Skills()
		if err != nil {
			return exportPreviewMsg{seq: seq, err: logged(log, err)}
		}
		es, err := svc.Entries.FindEntries(journal.EntryFilter{Since: opts.Since, Until: opts.Until})
		if err != nil {
			return exportPreviewMsg{seq: seq, err: logged(log, err)}
		}
		opts.Full = false // what leaves for a coach is coach-safe, always
		x := journal.BuildExport(es, c, opts)
		return exportPreviewMsg{seq: seq, preview: previewExport(x, es)}
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
		if msg.seq == e.seq {
			e.loading, e.err = false, msg.err
			if msg.err == nil {
				e.preview = msg.preview
			}
		}
	case exportWrittenMsg:
		e.writing = false
	case tea.KeyPressMsg:
		cmd = e.handleKey(msg, ctx)
	}
	e.syncKeys(ctx)
	return e, cmd
}

func (e *exportModel) handleKey(msg tea.KeyPressMsg, ctx *shared) tea.Cmd {
	k := e.keys
	n := len(exportPeriods())
	switch {
	case key.Matches(msg, k.Back):
		return send(closeExportMsg{})
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
		e.writing = true
		return send(writeExportMsg{x: e.preview.x, format: exportFormats()[e.format]})
	}
	return nil
}

func (e *exportModel) syncKeys(ctx *shared) {
	e.keys.Write.SetEnabled(ctx.opts.WriteExport != nil && e.preview != nil && !e.loading && !e.writing)
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
	para(holds+".", st.Text.Render, "")
	out := "Left out: notes (" + itoa(p.notes) + " entries), titles (" + itoa(p.titles) + "), " +
		plural(p.private, "private reflection") + ", family codes, entry times."
	para(out, st.Text.Render, "")
	para(x.PrivacyStatement(), st.Muted.Render, "")
	if ctx.opts.WriteExport == nil {
		para("This hone cannot write exports from here; use hone export on the command line.", st.Faint.Render, "")
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

// exportKeys are the export screen's keys.
type exportKeys struct {
	Longer, Shorter, Week, Format, Write, Back key.Binding
}

func newExportKeys() exportKeys {
	return exportKeys{
		Longer:  bind([]string{"right", "l", "]"}, "←/→", "period"),
		Shorter: bind([]string{"left", "h", "["}, "←", "shorter period"),
		Week:    bind([]string{"w"}, "w", "dates"),
		Format:  bind([]string{"f"}, "f", "format"),
		Write:   bind([]string{"enter"}, "enter", "write"),
		Back:    bind([]string{"esc"}, "esc", "back"),
	}
}

// ShortHelp lists the export screen's keys for the footer.
func (k exportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Write, k.Longer, k.Week, k.Format, k.Back}
}

// FullHelp lists every key of the export screen.
func (k exportKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Longer, k.Shorter, k.Week, k.Format}, {k.Write, k.Back}}
}
