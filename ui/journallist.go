package ui

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// journalView is the Journal tab: every entry, newest first, paged from the
// store as the cursor moves, with a filter line.
type journalView struct {
	keys      journalKeys
	filter    *textinput.Model // held by pointer: updateHeldInput
	filtering bool             // the filter line has the keyboard
	query     string           // the applied filter text
	before    string           // the query when filtering began, for esc
	queryErr  error
	parsed    journal.EntryFilter
	seq       int // the current query; pages of older queries are dropped
	typed     int // keystrokes in the filter, for the debounce
	rows      []*journal.Entry
	selectID  string // the entry to put the cursor on when the first page arrives
	loading   bool
	done      bool // the last page has arrived
	loaded    bool // the first page has arrived
	cursor    int
	offset    int // the first row on screen
	height    int // rows on screen at the last resize
}

// listChrome is the lines above the rows: the filter line and the column
// heads.
const listChrome = 2

// filterDelay is how long the filter waits after a keystroke before it asks
// the store.
const filterDelay = 150 * time.Millisecond

func newJournalView(st *theme) journalView {
	ti := textinput.New()
	ti.SetStyles(st.TextInput)
	ti.Prompt = "/ "
	ti.Placeholder = "text, skill:eng.mi tag:mi kind:crisis family:F12 since:-30d until:2026-03-01"
	ti.CharLimit = 500
	v := journalView{keys: newJournalKeys(), filter: &ti, loading: true}
	v.syncKeys()
	return v
}

// initCmd loads the first page.
func (v journalView) initCmd(ctx *shared) tea.Cmd {
	return loadPage(ctx.svc.Entries, v.parsed, v.seq, 0, ctx.opts.Log)
}

// reload asks for the first page again, keeping the rows on screen until it
// arrives; the cursor then goes to the entry with id selectID, when that is
// on the page.
func (v journalView) reload(ctx *shared, selectID string) (journalView, tea.Cmd) {
	v.selectID = selectID
	v.seq++
	v.loading, v.done = true, false
	return v, loadPage(ctx.svc.Entries, v.parsed, v.seq, 0, ctx.opts.Log)
}

func (v journalView) typing() bool { return v.filtering }

// filterTickMsg fires a moment after a keystroke in the filter.
type filterTickMsg struct{ typed int }

func (v journalView) update(msg tea.Msg, ctx *shared) (journalView, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.height = max(1, ctx.bodyHeight()-listChrome)
		v.filter.SetWidth(max(10, msg.Width-26)) // room for the count
		v.scrollToCursor()
	case restyledMsg:
		v.filter.SetStyles(ctx.styles.TextInput)
	case pageMsg:
		cmd = v.gotPage(msg, ctx)
	case filterTickMsg:
		if msg.typed == v.typed {
			v, cmd = v.apply(ctx)
		}
	case tea.KeyPressMsg:
		v, cmd = v.handleKey(msg, ctx)
	case tea.PasteMsg:
		if v.filtering {
			v.filter, cmd = updateHeldInput(v.filter, msg)
			v.typed++
			cmd = tea.Batch(cmd, v.tick())
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			v.move(-3)
		case tea.MouseWheelDown:
			v.move(3)
		}
		cmd = v.more(ctx)
	case tea.MouseClickMsg:
		cmd = v.click(msg, ctx)
	}
	v.syncKeys()
	return v, cmd
}

func (v *journalView) gotPage(msg pageMsg, ctx *shared) tea.Cmd {
	if msg.seq != v.seq {
		return nil
	}
	v.loading = false
	if msg.err != nil {
		v.done = true
		return showError(msg.err)
	}
	if msg.offset == 0 {
		v.rows = msg.entries
		v.loaded = true
		if v.selectID != "" {
			if i := slices.IndexFunc(v.rows, func(e *journal.Entry) bool { return e.ID == v.selectID }); i >= 0 {
				v.cursor = i
			}
			v.selectID = ""
		}
	} else if msg.offset == len(v.rows) {
		v.rows = append(v.rows, msg.entries...)
	}
	v.done = len(msg.entries) < pageSize
	v.cursor = min(v.cursor, max(0, len(v.rows)-1))
	v.scrollToCursor()
	return v.more(ctx)
}

// more asks for the next page when the cursor comes near the end of the
// rows loaded so far.
func (v *journalView) more(ctx *shared) tea.Cmd {
	if v.loading || v.done || v.cursor+v.height+pageSize/4 < len(v.rows) {
		return nil
	}
	v.loading = true
	return loadPage(ctx.svc.Entries, v.parsed, v.seq, len(v.rows), ctx.opts.Log)
}

func (v journalView) tick() tea.Cmd {
	typed := v.typed
	return tea.Tick(filterDelay, func(time.Time) tea.Msg { return filterTickMsg{typed: typed} })
}

// apply parses the filter text and, when it reads, asks for its first page.
func (v journalView) apply(ctx *shared) (journalView, tea.Cmd) {
	q := v.filter.Value()
	f, err := parseQuery(q, ctx.today(), ctx.data.catalog)
	v.queryErr = err
	if err != nil {
		return v, nil
	}
	v.query, v.parsed = q, f
	v.cursor, v.offset = 0, 0
	v.seq++
	v.loading, v.done = true, false
	return v, loadPage(ctx.svc.Entries, f, v.seq, 0, ctx.opts.Log)
}

func (v journalView) handleKey(msg tea.KeyPressMsg, ctx *shared) (journalView, tea.Cmd) {
	k := v.keys
	if v.filtering {
		switch {
		case key.Matches(msg, k.ApplyFilter):
			v.filtering = false
			v.filter.Blur()
			if v.filter.Value() != v.query || v.queryErr != nil {
				return v.apply(ctx)
			}
			return v, nil
		case key.Matches(msg, k.CancelFilter):
			v.filtering = false
			v.filter.Blur()
			v.filter.SetValue(v.before)
			v.queryErr = nil
			if v.before != v.query {
				return v.apply(ctx)
			}
			return v, nil
		}
		var cmd tea.Cmd
		before := v.filter.Value()
		v.filter, cmd = updateHeldInput(v.filter, msg)
		if v.filter.Value() != before {
			v.typed++
			cmd = tea.Batch(cmd, v.tick())
		}
		return v, cmd
	}
	switch {
	case key.Matches(msg, k.Filter):
		v.filtering = true
		v.before = v.query
		return v, v.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		v.filter.SetValue("")
		v.queryErr = nil
		return v.apply(ctx)
	case key.Matches(msg, k.New):
		return v, ctx.post(openFormMsg{})
	case key.Matches(msg, k.Export):
		return v, ctx.post(openExportMsg{})
	case key.Matches(msg, k.Open):
		if e := v.selected(); e != nil {
			return v, ctx.post(openEntryMsg{entry: e})
		}
	case key.Matches(msg, k.Edit):
		if e := v.selected(); e != nil {
			return v, ctx.post(openFormMsg{entry: e})
		}
	case key.Matches(msg, k.Delete):
		if e := v.selected(); e != nil {
			return v, askDelete(e)
		}
	case key.Matches(msg, k.Up):
		v.move(-1)
	case key.Matches(msg, k.Down):
		v.move(1)
	case key.Matches(msg, k.PageUp):
		v.move(-v.height)
	case key.Matches(msg, k.PageDown):
		v.move(v.height)
	case key.Matches(msg, k.Top):
		v.move(-len(v.rows))
	case key.Matches(msg, k.Bottom):
		v.move(len(v.rows))
	}
	return v, v.more(ctx)
}

// askDelete asks before deleting an entry.
func askDelete(e *journal.Entry) tea.Cmd {
	title, _ := entryTitle(e)
	return ask("Delete the entry of "+e.Date.Short()+", “"+truncateText(title, 40)+"”? (y/n)", deleteMsg{id: e.ID})
}

func (v *journalView) move(n int) {
	v.cursor = max(0, min(v.cursor+n, len(v.rows)-1))
	v.scrollToCursor()
}

func (v *journalView) scrollToCursor() {
	h := max(1, v.height)
	switch {
	case v.cursor < v.offset:
		v.offset = v.cursor
	case v.cursor >= v.offset+h:
		v.offset = v.cursor - h + 1
	}
	v.offset = max(0, min(v.offset, len(v.rows)-h))
}

func (v *journalView) click(msg tea.MouseClickMsg, ctx *shared) tea.Cmd {
	if msg.Button != tea.MouseLeft {
		return nil
	}
	row := msg.Y - bodyTop - listChrome
	if row < 0 || v.offset+row >= len(v.rows) || row >= v.height {
		return nil
	}
	i := v.offset + row
	if i == v.cursor {
		return ctx.post(openEntryMsg{entry: v.rows[i]})
	}
	v.cursor = i
	return v.more(ctx)
}

func (v journalView) selected() *journal.Entry {
	if v.cursor < len(v.rows) {
		return v.rows[v.cursor]
	}
	return nil
}

func (v *journalView) syncKeys() {
	k := &v.keys
	has := len(v.rows) > 0
	for _, b := range []*key.Binding{&k.Open, &k.Edit, &k.Delete, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has && !v.filtering)
	}
	k.New.SetEnabled(!v.filtering)
	k.Filter.SetEnabled(!v.filtering)
	k.Export.SetEnabled(!v.filtering)
	k.ClearFilter.SetEnabled(!v.filtering && v.query != "")
	k.ApplyFilter.SetEnabled(v.filtering)
	k.CancelFilter.SetEnabled(v.filtering)
}

// view draws the filter line, the column heads and the rows on screen; it
// costs the same at 100 entries and at 100,000.
func (v journalView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	lines := make([]string, 0, h)
	lines = append(lines, v.filterLine(ctx, w))
	rows := h - listChrome
	visible := v.rows[min(v.offset, len(v.rows)):min(v.offset+rows, len(v.rows))]
	cols := columnsFor(w, visible)
	lines = append(lines, entryHeader(w, cols, st))
	switch {
	case len(v.rows) == 0 && !v.loaded:
		lines = append(lines, "  "+st.Muted.Render("Loading…"))
	case len(v.rows) == 0 && v.query != "":
		lines = append(lines, "  "+st.Muted.Render("No entries match this filter. Press esc to clear it."))
	case len(v.rows) == 0:
		lines = append(lines, "  "+st.Text.Render("No entries yet. Press ")+st.Key.Render("n")+
			st.Text.Render(" to write your first."))
	}
	for i, e := range visible {
		lines = append(lines, entryRow(e, w, cols, st, v.offset+i == v.cursor))
	}
	return joinLines(lines)
}

func (v journalView) filterLine(ctx *shared, w int) string {
	st := &ctx.styles
	count := itoa(len(v.rows))
	if !v.done {
		count += "+"
	}
	count += " entries"
	if len(v.rows) == 1 && v.done {
		count = "1 entry"
	}
	if len(v.rows) > 0 {
		count = itoa(v.cursor+1) + " of " + count
	}
	right := st.Muted.Render(count) + " "
	var left string
	switch {
	case v.filtering:
		left = " " + v.filter.View()
	case v.query != "":
		left = " " + st.Key.Render("/ ") + st.Text.Render(journal.SafeLine(v.query))
	default:
		left = " " + st.Faint.Render("/ to filter: words, skill: tag: kind: family: since: until:")
	}
	if v.queryErr != nil {
		msg := journal.SafeLine(journal.ErrorMessage(v.queryErr))
		right = st.StatusError.Render(truncateText(msg, w*3/5)) + " "
	}
	return spread(left, right, w)
}
