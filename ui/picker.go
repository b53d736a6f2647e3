package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// promptPicker chooses a reflection prompt from the library: the suggested
// prompts first, with why, then the rest; typing filters.
type promptPicker struct {
	filter  textinput.Model
	all     []suggestion
	matches []int
	cursor  int
	target  int // the reflection to fill; len(reflections) adds one
}

func newPromptPicker(ctx *shared, target int) (promptPicker, tea.Cmd) {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "filter by words or tags"
	ti.CharLimit = 200
	ti.SetStyles(ctx.styles.TextInput)
	ti.SetWidth(max(10, ctx.width-6))
	p := promptPicker{filter: ti, target: target}
	seen := map[string]bool{}
	for _, s := range suggestions(&ctx.data, ctx.prompts, ctx.today()) {
		p.all = append(p.all, s)
		seen[s.prompt.ID] = true
	}
	for _, pr := range ctx.prompts {
		if !pr.Archived && !seen[pr.ID] {
			p.all = append(p.all, suggestion{prompt: pr})
		}
	}
	p.refilter()
	return p, p.filter.Focus()
}

func (p *promptPicker) refilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.matches = p.matches[:0]
	for i, s := range p.all {
		if matchesPrompt(s.prompt, q) {
			p.matches = append(p.matches, i)
		}
	}
	p.cursor = min(p.cursor, max(0, len(p.matches)-1))
}

// update handles a key; chosen is set when the user picked a prompt, done
// when the picker should close.
func (p promptPicker) update(msg tea.Msg, keys formKeys) (picker promptPicker, chosen *suggestion, done bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.PickerCancel):
			return p, nil, true, nil
		case key.Matches(k, keys.PickerChoose):
			if len(p.matches) == 0 {
				return p, nil, false, nil
			}
			s := p.all[p.matches[p.cursor]]
			return p, &s, true, nil
		case key.Matches(k, keys.PickerUp):
			p.cursor = max(0, p.cursor-1)
			return p, nil, false, nil
		case key.Matches(k, keys.PickerDown):
			p.cursor = min(max(0, len(p.matches)-1), p.cursor+1)
			return p, nil, false, nil
		}
	}
	before := p.filter.Value()
	p.filter, cmd = updateInput(p.filter, msg)
	if p.filter.Value() != before {
		p.refilter()
	}
	return p, nil, false, cmd
}

func (p promptPicker) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	lines := []string{
		" " + st.Heading.Render("Choose a reflection prompt") + "  " + st.Faint.Render(itoa(len(p.matches))+" of "+
			itoa(len(p.all))+"   ") + st.Key.Render("•") + st.Faint.Render(" suggested for a skill that needs attention"),
		" " + p.filter.View(),
		"",
	}
	rows := h - len(lines)
	// Each prompt takes one line; the one under the cursor shows why.
	start := max(0, min(p.cursor-rows/2, len(p.matches)-rows+1))
	for i := start; i < len(p.matches) && len(lines) < h; i++ {
		s := p.all[p.matches[i]]
		text := journal.SafeLine(s.prompt.Text)
		if i == p.cursor {
			lines = append(lines, st.Selected.Render(fitLine("▸ "+text, w)))
			if s.why != "" && len(lines) < h {
				lines = append(lines, "   "+st.Muted.Render(truncateText(journal.SafeLine(s.why), w-4)))
			}
			continue
		}
		mark := "  "
		if s.why != "" {
			mark = st.Key.Render("• ")
		}
		lines = append(lines, fitLine(mark+st.Text.Render(text), w))
	}
	if len(p.matches) == 0 {
		lines = append(lines, "  "+st.Muted.Render("No prompt matches."))
	}
	return joinLines(lines)
}
