package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// promptsView is the Prompts tab: the library grouped by skill and by
// reflective model, with a filter.
type promptsView struct {
	keys      promptsKeys
	filter    *textinput.Model // held by pointer: updateHeldInput
	filtering bool
	form      *miniForm // the form adding a prompt, while it is open
	selectID  string    // the prompt to put the cursor on when the library arrives

	groupedList[promptRow] // the library's rows, cursor and scroll position
}

// promptRow is a line of the library: a group's heading or a prompt.
type promptRow struct {
	heading string
	skill   string // the skill of a heading, if it names one
	prompt  journal.Prompt
	step    string // the model step, for prompts under a model
}

// isHeading reports whether the row is a group's heading.
func (r promptRow) isHeading() bool { return r.heading != "" }

// Messages of the Prompts tab.
type (
	// promptCreatedMsg reports a prompt added to the library.
	promptCreatedMsg struct {
		prompt journal.Prompt
		err    error
	}
)

func newPromptsView(st *theme) promptsView {
	ti := textinput.New()
	ti.SetStyles(st.TextInput)
	ti.Prompt = "/ "
	ti.Placeholder = "words or tags (eng.mi, phase:2, gibbs)"
	ti.CharLimit = 200
	v := promptsView{keys: newPromptsKeys(), filter: &ti}
	v.syncKeys()
	return v
}

func (v promptsView) typing() bool { return v.filtering || v.form != nil }

// modelName is how the Prompts tab names a reflective model.
func modelName(m string) string {
	switch m {
	case "gibbs":
		return "Gibbs' reflective cycle"
	case "kolb":
		return "Kolb's learning cycle"
	case "rolfe":
		return "Rolfe: What? So what? Now what?"
	case "schon":
		return "Schön: reflection in and on action"
	case "brookfield":
		return "Brookfield's four lenses"
	}
	return m
}

// promptRows groups the prompts that match the filter: by skill in
// catalog order, then by model, then the rest. A prompt tagged with two
// skills shows under both.
func promptRows(in *insights, prompts []journal.Prompt, filter string) []promptRow {
	filter = strings.ToLower(strings.TrimSpace(filter))
	var active []journal.Prompt
	for _, p := range prompts {
		if !p.Archived && matchesPrompt(p, filter) {
			active = append(active, p)
		}
	}
	var rows []promptRow
	placed := map[string]bool{}
	for _, s := range in.catalog.Active() {
		ps := journal.PromptsFor(active, s.ID)
		if len(ps) == 0 {
			continue
		}
		rows = append(rows, promptRow{heading: journal.SafeLine(s.Name) + " (" + journal.SafeLine(s.ID) + ")", skill: s.ID})
		for _, p := range ps {
			rows = append(rows, promptRow{prompt: p})
			placed[p.ID] = true
		}
	}
	for _, m := range journal.PromptModels() {
		var group []promptRow
		for _, p := range active {
			for _, t := range p.Tags {
				if model, step, ok := strings.Cut(t, ":"); ok && model == m {
					group = append(group, promptRow{prompt: p, step: step})
					placed[p.ID] = true
					break
				}
			}
		}
		if len(group) > 0 {
			rows = append(rows, promptRow{heading: modelName(m)})
			rows = append(rows, group...)
		}
	}
	var rest []promptRow
	for _, p := range active {
		if !placed[p.ID] {
			rest = append(rest, promptRow{prompt: p})
		}
	}
	if len(rest) > 0 {
		rows = append(rows, promptRow{heading: "Other prompts"})
		rows = append(rows, rest...)
	}
	return rows
}

func matchesPrompt(p journal.Prompt, filter string) bool {
	if filter == "" {
		return true
	}
	for word := range strings.FieldsSeq(filter) {
		if !strings.Contains(strings.ToLower(p.Text), word) && !strings.Contains(strings.Join(p.Tags, " "), word) {
			return false
		}
	}
	return true
}

func (v promptsView) update(msg tea.Msg, ctx *shared) (promptsView, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.filter.SetWidth(max(10, msg.Width-4))
		if v.form != nil {
			v.form.resize(msg.Width)
		}
	case restyledMsg:
		v.filter.SetStyles(ctx.styles.TextInput)
		if v.form != nil {
			v.form.restyle(ctx)
		}
	case insightsMsg, promptsMsg:
		v.rebuild(ctx)
		if v.selectID != "" {
			if i := slices.IndexFunc(v.rows, func(r promptRow) bool { return r.heading == "" && r.prompt.ID == v.selectID }); i >= 0 {
				v.cursor = i
			}
		}
		if _, ok := msg.(promptsMsg); ok {
			v.selectID = ""
		}
	case promptCreatedMsg:
		if v.form == nil {
			return v, nil
		}
		if msg.err != nil {
			v.form.setError(msg.err)
			return v, nil
		}
		v.form = nil
		v.filter.SetValue("")
		v.selectID = msg.prompt.ID
		return v, send(changedMsg{status: "Added your prompt to the library.", prompts: true})
	case tea.KeyPressMsg, tea.PasteMsg, closeMiniMsg:
		if v.form != nil {
			v, cmd = v.updateForm(msg, ctx)
			v.syncKeys()
			return v, cmd
		}
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		v, cmd = v.handleKey(msg, ctx)
	case tea.PasteMsg:
		if v.filtering {
			v.filter, cmd = updateHeldInput(v.filter, msg)
			v.rebuild(ctx)
		}
	case tea.MouseWheelMsg, tea.MouseClickMsg:
		v.mouse(msg, bodyTop+1)
	}
	v.scroll(v.listRows(ctx, ctx.bodyHeight()))
	v.syncKeys()
	return v, cmd
}

func (v *promptsView) rebuild(ctx *shared) {
	v.rows = promptRows(&ctx.data, ctx.prompts, v.filter.Value())
	v.cursor = v.step(min(v.cursor, len(v.rows)-1), 1)
}

func (v promptsView) handleKey(msg tea.KeyPressMsg, ctx *shared) (promptsView, tea.Cmd) {
	k := v.keys
	if v.filtering {
		switch {
		case key.Matches(msg, k.ApplyFilter):
			v.filtering = false
			v.filter.Blur()
			return v, nil
		case key.Matches(msg, k.CancelFilter):
			v.filtering = false
			v.filter.Blur()
			v.filter.SetValue("")
			v.rebuild(ctx)
			return v, nil
		}
		var cmd tea.Cmd
		v.filter, cmd = updateHeldInput(v.filter, msg)
		v.rebuild(ctx)
		return v, cmd
	}
	h := ctx.bodyHeight() / 2
	switch {
	case key.Matches(msg, k.Filter):
		v.filtering = true
		return v, v.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		v.filter.SetValue("")
		v.rebuild(ctx)
	case key.Matches(msg, k.Answer):
		if r, ok := v.selected(); ok {
			s := suggestion{prompt: r.prompt, why: "From the prompt library."}
			return v, ctx.write(answerPrompt(ctx.svc.Entries, s, ctx.today(), ctx.opts.Log))
		}
	case key.Matches(msg, k.Add):
		f := newPromptForm(ctx, v.skillAbove())
		v.form = &f
		return v, f.focusCmd()
	default:
		v.moveKey(msg, k.listKeys, h)
	}
	return v, nil
}

func (v *promptsView) syncKeys() {
	k := &v.keys
	has := len(v.rows) > 0
	for _, b := range []*key.Binding{&k.Answer, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(has && !v.filtering)
	}
	k.Add.SetEnabled(!v.filtering)
	k.Filter.SetEnabled(!v.filtering)
	k.ClearFilter.SetEnabled(!v.filtering && v.filter.Value() != "")
	k.ApplyFilter.SetEnabled(v.filtering)
	k.CancelFilter.SetEnabled(v.filtering)
}

// keyMap returns the keys that work now: the form's or the library's.
func (v promptsView) keyMap() keyMap {
	if v.form != nil {
		return v.form.keys
	}
	return v.keys
}

// skillAbove returns the skill whose group holds the cursor, if any.
func (v promptsView) skillAbove() string {
	for i := min(v.cursor, len(v.rows)-1); i >= 0; i-- {
		if v.rows[i].heading != "" {
			return v.rows[i].skill
		}
	}
	return ""
}

// The fields of the form that adds a prompt.
const (
	promptFieldText = iota
	promptFieldTags
)

// newPromptForm returns the form that adds a prompt, its tags starting
// with skill when one is given.
func newPromptForm(ctx *shared, skill string) miniForm {
	text := textField(ctx, "Prompt", "a question worth asking yourself after a meeting", "", journal.MaxPrompt, "text")
	tags := textField(ctx, "Tags", "e.g. eng.mi phase:2 gibbs:feelings",
		"Skill ids tie the prompt to a skill, so hone suggests it when that skill needs attention; also phase:1-4 and model steps. Separate them with spaces.",
		400, "tag")
	tags.input.SetValue(skill)
	f := newMiniForm("prompts", "Add a prompt", "", text, tags)
	f.resize(ctx.width)
	return f
}

// updateForm hands a message to the add form; on save it validates the
// prompt and adds it in a command.
func (v promptsView) updateForm(msg tea.Msg, ctx *shared) (promptsView, tea.Cmd) {
	f, act, cmd := v.form.update(msg)
	v.form = &f
	switch act {
	case miniCancel:
		v.form = nil
	case miniSubmit:
		p := journal.Prompt{Text: f.value(promptFieldText), Tags: splitTags(f.value(promptFieldTags))}
		p.Normalize()
		return v, v.form.submit(ctx, p.Validate(), createPrompt(ctx.svc.Prompts, p, ctx.opts.Log))
	}
	return v, cmd
}

// createPrompt adds a prompt to the library in a command.
func createPrompt(prompts journal.PromptService, p journal.Prompt, log func(error)) tea.Cmd {
	return func() tea.Msg {
		err := prompts.CreatePrompt(&p)
		return promptCreatedMsg{prompt: p, err: logged(log, err)}
	}
}

func (v promptsView) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	if v.form != nil {
		return v.form.view(ctx, w, h)
	}
	var top string
	switch {
	case v.filtering:
		top = " " + v.filter.View()
	case v.filter.Value() != "":
		top = " " + st.Key.Render("/ ") + st.Text.Render(journal.SafeLine(v.filter.Value()))
	default:
		top = " " + st.Faint.Render("/ to filter by words or tags")
	}
	ids := map[string]bool{}
	for _, r := range v.rows {
		if r.heading == "" {
			ids[r.prompt.ID] = true
		}
	}
	lines := []string{spread(top, st.Muted.Render(plural(len(ids), "prompt"))+" ", w)}
	if len(v.rows) == 0 && ctx.prompts != nil {
		lines = append(lines, "  "+st.Muted.Render("No prompt matches the filter."))
	}
	detail := v.detail(ctx, w)
	from, to := v.window(v.listRows(ctx, h))
	for i := from; i < to; i++ {
		r := v.rows[i]
		if r.heading != "" {
			lines = append(lines, " "+st.Heading.Render(r.heading))
			continue
		}
		text := journal.SafeLine(r.prompt.Text)
		step := ""
		if r.step != "" {
			step = journal.SafeLine(r.step) + ": "
		}
		if i == v.cursor {
			lines = append(lines, st.Selected.Render(fitLine("▸ "+step+text, w)))
			continue
		}
		lines = append(lines, fitLine("  "+st.Muted.Render(step)+st.Text.Render(text), w))
	}
	for len(lines) < h-len(detail) {
		lines = append(lines, "")
	}
	return joinLines(append(lines, detail...))
}

// detailLines is the height of the area under the list that shows the
// selected prompt whole.
const detailLines = 5

// listRows is how many rows of the library fit above the detail area.
func (v promptsView) listRows(ctx *shared, h int) int { return max(1, h-1-detailLines) }

// detail shows the selected prompt whole, with its tags.
func (v promptsView) detail(ctx *shared, w int) []string {
	st := &ctx.styles
	lines := []string{st.Rule.Render(strings.Repeat("─", w))}
	r, ok := v.selected()
	if !ok {
		return append(lines, make([]string, detailLines-1)...)
	}
	p := r.prompt
	text := wrapLines(journal.SafeLine(p.Text), w-4, "")
	if len(text) > detailLines-2 {
		text = append(text[:detailLines-3], truncateText(text[detailLines-3], w-5)+"…")
	}
	for _, l := range text {
		lines = append(lines, " "+st.Key.Render("│")+" "+st.Quote.Render(l))
	}
	tags := journal.SafeLine(strings.Join(p.Tags, "  "))
	lines = append(lines, "   "+st.Faint.Render(truncateText("tags: "+tags, w-4)))
	for len(lines) < detailLines {
		lines = append(lines, "")
	}
	return lines
}
