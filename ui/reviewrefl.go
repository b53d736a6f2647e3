package ui

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// The Reflections tab of review mode: every reflection the facilitator
// shared, those starred for supervision first, then newest first; each
// with its date, the kind, the skills and ratings of its entry, its prompt
// and its answer. s and S pick a skill, / filters by words.

// reviewReflection is one shared reflection of an export, with what the
// Reflections tab shows of its entry. It shares no memory with the export,
// and is kept small: review mode holds every shared reflection of every
// export (30 exports of 10,000 entries hold some 165,000).
type reviewReflection struct {
	answer  string
	prompt  string        // one copy per export of each prompt's text
	kind    journal.Kind  // one of journal.Kinds when it is one
	ratings []skillRating // of its entry, by skill id; shared by the entry's reflections
	date    journal.Day
	starred bool
}

// skillRating is one rating of an entry: the skill as its index in the
// facilitator's reflSkillIDs.
type skillRating struct {
	skill  uint16
	rating uint8
}

// sharedReflections returns the reflections of x's entries (all shared:
// a coach-safe export carries no other), starred first, then newest first,
// in the entry's order within an entry, and the ids of the skills their
// ratings name, by index. EINVALID if a date does not parse (never for an
// export from ReadExport).
func sharedReflections(x *journal.Export) ([]reviewReflection, []string, error) {
	week := x.WeekDates()
	var out []reviewReflection
	var ids []string
	index := map[string]uint16{}
	prompts := map[string]string{}
	for i := range x.Records {
		rec := &x.Records[i]
		if len(rec.Reflections) == 0 {
			continue
		}
		day, err := rec.Day(week)
		if err != nil {
			return nil, nil, err
		}
		var ratings []skillRating
		for id, v := range rec.Ratings {
			k, ok := index[id]
			if !ok {
				if len(ids) > math.MaxUint16 {
					continue // never: a catalog holds far fewer skills
				}
				k = uint16(len(ids))
				index[id] = k
				ids = append(ids, strings.Clone(id))
			}
			ratings = append(ratings, skillRating{skill: k, rating: uint8(max(0, min(v, 255)))})
		}
		slices.SortFunc(ratings, func(a, b skillRating) int { return cmp.Compare(ids[a.skill], ids[b.skill]) })
		kind := rec.Kind
		if k := slices.Index(journal.Kinds, kind); k >= 0 {
			kind = journal.Kinds[k]
		} else {
			kind = journal.Kind(strings.Clone(string(kind)))
		}
		for _, r := range rec.Reflections {
			if r.Shared != nil && !*r.Shared || strings.TrimSpace(r.Answer) == "" {
				continue
			}
			prompt, ok := prompts[r.Prompt]
			if !ok {
				prompt = strings.Clone(r.Prompt)
				prompts[prompt] = prompt
			}
			out = append(out, reviewReflection{answer: strings.Clone(r.Answer), prompt: prompt, kind: kind,
				ratings: ratings, date: day, starred: r.Starred != nil && *r.Starred})
		}
	}
	// Records are oldest first; a stable sort keeps an entry's order.
	slices.SortStableFunc(out, func(a, b reviewReflection) int {
		if a.starred != b.starred {
			if a.starred {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.date, a.date)
	})
	return slices.Clip(out), ids, nil
}

// rates reports whether r's entry rates skill k.
func (r *reviewReflection) rates(k int) bool {
	return slices.ContainsFunc(r.ratings, func(s skillRating) bool { return int(s.skill) == k })
}

// holds reports whether r's prompt or answer holds every one of words (in
// lower case), in any case.
func (r *reviewReflection) holds(words []string) bool {
	for _, w := range words {
		if !containsFold(r.answer, w) && !containsFold(r.prompt, w) {
			return false
		}
	}
	return true
}

// containsFold reports whether s holds sub (in lower case) in any case,
// without copying s when both are ASCII.
func containsFold(s, sub string) bool {
	if !isASCII(s) || !isASCII(sub) {
		return strings.Contains(strings.ToLower(s), sub)
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// reflKeys are the Reflections tab's keys.
type reflKeys struct {
	listKeys
	Filter, NextSkill, PrevSkill, Clear, Apply, Cancel key.Binding
}

func newReflKeys() reflKeys {
	return reflKeys{
		listKeys:  newListKeys(),
		Filter:    bind([]string{"/"}, "/", "words"),
		NextSkill: bind([]string{"s"}, "s", "skill"),
		PrevSkill: bind([]string{"S"}, "S", "previous skill"),
		Clear:     bind([]string{"x"}, "x", "all"),
		Apply:     bind([]string{"enter"}, "enter", "keep"),
		Cancel:    bind([]string{"esc"}, "esc", "cancel"),
	}
}

// reflTab is the Reflections tab: the cards that the skill and the words
// chosen leave, under a line that says what is shown. Only the cards on
// the screen are drawn, so that a key costs the same over ten reflections
// or ten thousand; it scrolls by lines, a card taller than the screen
// included.
type reflTab struct {
	rkeys     reflKeys
	filter    textinput.Model
	filtering bool   // the word filter has the keyboard
	before    string // the words when filtering began, for esc
	skill     string // the skill chosen, "" for all
	shown     []int  // indexes in the facilitator's shared reflections that the filters leave
	drawn     reflDrawn
	card      int // the first card on the screen, in shown
	line      int // its first line on the screen
}

// reflDrawn says what shown was chosen for.
type reflDrawn struct {
	data         *reviewData
	fac          int
	skill, words string
}

func newReflTab(st *theme) reflTab {
	ti := textinput.New()
	ti.SetStyles(st.TextInput)
	ti.Prompt = "/ "
	ti.Placeholder = "words in the prompt or the answer"
	ti.CharLimit = 200
	return reflTab{rkeys: newReflKeys(), filter: ti}
}

func (t *reflTab) typing() bool { return t.filtering }

// words returns the word filter as it applies: trimmed, in lower case.
func (t *reflTab) words() string { return strings.ToLower(strings.TrimSpace(t.filter.Value())) }

func (t *reflTab) drawnFor(ctx *shared) reflDrawn {
	return reflDrawn{data: ctx.review, fac: ctx.fac, skill: t.skill, words: t.words()}
}

// sync chooses the cards again when the facilitator, their export or the
// filters changed, going back to the first unless only another export
// arrived; it keeps the input's styles those of the theme.
func (t *reflTab) sync(ctx *shared) {
	t.filter.SetStyles(ctx.styles.TextInput)
	if d := t.drawnFor(ctx); d != t.drawn {
		moved := d.fac != t.drawn.fac || d.skill != t.drawn.skill || d.words != t.drawn.words
		t.shown, t.drawn = chooseReflections(ctx, d.skill, d.words), d
		if moved {
			t.card, t.line = 0, 0
		} else { // another export arrived: the same cards, kept in place
			t.card = max(0, min(t.card, len(t.shown)-1))
		}
	}
}

// chooseReflections returns the indexes of the facilitator's shared
// reflections from entries that rate skill (any, when "") and that hold
// every one of words.
func chooseReflections(ctx *shared, skill, words string) []int {
	f, ok := ctx.currentFac()
	if !ok {
		return nil
	}
	k := -1
	if skill != "" {
		if k = slices.Index(f.reflSkillIDs, skill); k < 0 {
			return nil
		}
	}
	ws := strings.Fields(words)
	out := make([]int, 0, len(f.shared))
	for i := range f.shared {
		r := &f.shared[i]
		if k >= 0 && !r.rates(k) || len(ws) > 0 && !r.holds(ws) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// reflSkills returns the ids of the skills that the shared reflections'
// entries rate, by name.
func reflSkills(f *reviewFac) []string {
	ids := slices.Clone(f.reflSkillIDs)
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(f.in.skillName(a), f.in.skillName(b)), cmp.Compare(a, b))
	})
	return ids
}

// stepSkill picks the skill dir steps after the one chosen, round the
// list with "all" at its start.
func (t *reflTab) stepSkill(ctx *shared, dir int) {
	f, ok := ctx.currentFac()
	if !ok {
		return
	}
	ids := append([]string{""}, reflSkills(f)...)
	i := max(0, slices.Index(ids, t.skill))
	t.skill = ids[(i+dir+len(ids))%len(ids)]
}

// cardLines draws card k of those shown, for a width of w cells.
func (t *reflTab) cardLines(ctx *shared, k, w int) []string {
	f, ok := ctx.currentFac()
	if !ok || k < 0 || k >= len(t.shown) || t.shown[k] >= len(f.shared) {
		return nil
	}
	return reflectionCard(ctx, f, &f.shared[t.shown[k]], w)
}

// clamp scrolls back up as far as the screen of rows lines would show
// blank lines below the last card.
func (t *reflTab) clamp(ctx *shared, w, rows int) {
	left := 0 // lines from the screen's first to the end, up to rows
	for k := t.card; k < len(t.shown) && left < rows; k++ {
		n := len(t.cardLines(ctx, k, w))
		if k == t.card {
			n -= min(t.line, n)
		}
		left += n
	}
	if left < rows {
		t.scroll(ctx, left-rows, w)
	}
}

// scroll moves the screen n lines down (up when n < 0), through the cards.
func (t *reflTab) scroll(ctx *shared, n, w int) {
	for ; n > 0; n-- {
		if t.line+1 < len(t.cardLines(ctx, t.card, w)) {
			t.line++
		} else if t.card+1 < len(t.shown) {
			t.card, t.line = t.card+1, 0
		} else {
			return
		}
	}
	for ; n < 0; n++ {
		if t.line > 0 {
			t.line--
		} else if t.card > 0 {
			t.card--
			t.line = max(0, len(t.cardLines(ctx, t.card, w))-1)
		} else {
			return
		}
	}
}

func (t reflTab) update(msg tea.Msg, ctx *shared, h int) (reflTab, tea.Cmd) {
	var cmd tea.Cmd
	t.sync(ctx)
	k := &t.rkeys
	w, page := ctx.width, max(1, h-reflHead-1)
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case t.filtering && key.Matches(msg, k.Apply):
			t.filtering = false
			t.filter.Blur()
		case t.filtering && key.Matches(msg, k.Cancel):
			t.filtering = false
			t.filter.SetValue(t.before)
			t.filter.Blur()
		case t.filtering:
			t.filter, cmd = t.filter.Update(msg)
		case key.Matches(msg, k.Filter):
			t.filtering, t.before = true, t.filter.Value()
			cmd = t.filter.Focus()
		case key.Matches(msg, k.NextSkill):
			t.stepSkill(ctx, 1)
		case key.Matches(msg, k.PrevSkill):
			t.stepSkill(ctx, -1)
		case key.Matches(msg, k.Clear):
			t.skill = ""
			t.filter.SetValue("")
		case key.Matches(msg, k.Up):
			t.scroll(ctx, -1, w)
		case key.Matches(msg, k.Down):
			t.scroll(ctx, 1, w)
		case key.Matches(msg, k.PageUp):
			t.scroll(ctx, -page, w)
		case key.Matches(msg, k.PageDown):
			t.scroll(ctx, page, w)
		case key.Matches(msg, k.Top):
			t.card, t.line = 0, 0
		case key.Matches(msg, k.Bottom): // the last line; clamp fills the screen
			t.card = max(0, len(t.shown)-1)
			t.line = max(0, len(t.cardLines(ctx, t.card, w))-1)
		}
	case tea.MouseWheelMsg:
		t.scroll(ctx, wheelLines(msg), w)
	default:
		if t.filtering {
			t.filter, cmd = t.filter.Update(msg)
		}
	}
	t.sync(ctx)
	t.clamp(ctx, w, max(1, h-reflHead))
	t.syncKeys()
	return t, cmd
}

func (t *reflTab) syncKeys() {
	k := &t.rkeys
	for _, b := range []*key.Binding{&k.Filter, &k.NextSkill, &k.PrevSkill, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(!t.filtering)
	}
	k.Clear.SetEnabled(!t.filtering && (t.skill != "" || t.words() != ""))
	k.Apply.SetEnabled(t.filtering)
	k.Cancel.SetEnabled(t.filtering)
}

// reflHead is the lines above the cards: what is shown, the word filter.
const reflHead = 2

func (t reflTab) view(ctx *shared, w, h int) string {
	st := &ctx.styles
	if d := t.drawnFor(ctx); d != t.drawn { // a frame before Update caught up
		t.shown, t.card, t.line = chooseReflections(ctx, d.skill, d.words), 0, 0
	}
	head := " " + st.Heading.Render("Reflections")
	var body []string
	f, ok := ctx.currentFac()
	switch {
	case !ok:
		body = []string{" " + st.Muted.Render("Reading the export…")}
	case f.err != nil:
		body = []string{" " + st.StatusError.Render(truncateText(journal.SafeLine("This export cannot be read: "+journal.ErrorMessage(f.err)), w-2))}
	default:
		what := " · " + itoa(len(t.shown)) + " of " + plural(len(f.shared), "shared reflection")
		if t.skill != "" {
			what += " · " + f.in.skillName(t.skill)
		}
		head += st.Muted.Render(what)
		rows := max(1, h-reflHead)
		for k := t.card; k < len(t.shown) && len(body) < rows; k++ {
			ls := t.cardLines(ctx, k, w)
			if k == t.card {
				ls = ls[min(t.line, len(ls)):]
			}
			body = append(body, ls...)
		}
		switch {
		case len(f.shared) == 0:
			body = append(body, " "+st.Muted.Render("This export holds no shared reflections."))
		case len(t.shown) == 0:
			body = append(body, " "+st.Muted.Render("No shared reflection fits the filter; x shows them all."))
		}
	}
	filter := " " + st.Faint.Render("/ words · s skill · x all")
	if t.filtering || t.filter.Value() != "" {
		t.filter.SetWidth(max(10, w-4))
		filter = " " + t.filter.View()
	}
	return fitBlock(truncateText(head, w)+"\n"+fitLine(filter, w)+"\n"+joinLines(body), w, h)
}

// ShortHelp lists the tab's keys for the footer.
func (t reflTab) ShortHelp() []key.Binding {
	k := t.rkeys
	if t.filtering {
		return []key.Binding{k.Apply, k.Cancel}
	}
	return []key.Binding{k.Down, k.Filter, k.NextSkill, k.Clear}
}

// FullHelp lists every key of the tab.
func (t reflTab) FullHelp() [][]key.Binding {
	k := t.rkeys
	return [][]key.Binding{k.all(), {k.Filter, k.NextSkill, k.PrevSkill, k.Clear, k.Apply, k.Cancel}}
}

// reflectionCard draws one shared reflection of f for a width of w cells:
// its date and kind (a star when the facilitator starred it for
// supervision), the skills and ratings of its entry, the prompt and the
// answer, and a blank line.
func reflectionCard(ctx *shared, f *reviewFac, r *reviewReflection, w int) []string {
	st := &ctx.styles
	tw := min(w-2, 100)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	date := r.date.Time().Format("2 Jan 2006")
	if f.facts != nil && f.facts.weekDates {
		date = "week " + r.date.Week()
	}
	meta := date + " · " + journal.SafeLine(string(r.kind))
	if r.starred {
		add(" " + st.Star.Render("★ ") + st.Muted.Render(meta) + st.Star.Render("  for supervision"))
	} else {
		add(" " + st.Muted.Render(meta))
	}
	if len(r.ratings) > 0 {
		parts := make([]string, len(r.ratings))
		for j, sr := range r.ratings {
			parts[j] = f.in.skillName(f.reflSkillIDs[sr.skill]) + " " + itoa(int(sr.rating))
		}
		for _, l := range wrapLines(strings.Join(parts, " · "), tw-2, "") {
			add("   " + st.Text.Render(l))
		}
	} else {
		add("   " + st.Faint.Render("no ratings in this entry"))
	}
	for _, l := range wrapLines(journal.SafeLine(r.prompt), tw-2, "") {
		add(" " + st.Key.Render("│ ") + st.Quote.Render(l))
	}
	for _, l := range wrapLines(journal.SafeLine(r.answer), tw-2, "") {
		add("   " + st.Text.Render(l))
	}
	return append(lines, "")
}
