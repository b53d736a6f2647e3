package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"hone/journal"
)

// Accessible mode: hone's daily paths as plain prompts, one question a
// line and no redraws, for a screen reader or a slow link. The questions
// are huh's accessible forms; the answers go through the same rules and
// services as the full-screen form's.

// RunAccessible runs the accessible mode on in and out until the user
// quits or the input ends: it reads out Today (new coach feedback, the
// skills that need attention, each with its sentence, and the suggested
// prompt), then asks what to do: write an entry, answer the prompt, hear
// Today again, or quit. Text from the journal is cleaned before it is
// written; out gets no escape sequences.
func RunAccessible(in io.Reader, out io.Writer, svc Services, opts Options) error {
	a := &accessible{
		in:   &lineReader{r: bufio.NewReader(in)},
		out:  &colorprofile.Writer{Forward: out, Profile: colorprofile.NoTTY},
		svc:  svc,
		opts: opts,
	}
	if err := a.load(); err != nil {
		return err
	}
	a.readToday()
	for {
		choice := "write"
		err := a.ask(huh.NewSelect[string]().
			Title("What would you like to do?").
			Options(
				huh.NewOption("Write an entry", "write"),
				huh.NewOption("Answer the suggested prompt", "answer"),
				huh.NewOption("Hear today's summary again", "today"),
				huh.NewOption("Quit", "quit"),
			).Value(&choice))
		if err != nil {
			return nil // the input ended: nothing was half written
		}
		switch choice {
		case "write":
			err = a.writeEntry(nil)
		case "answer":
			err = a.answer()
		case "today":
			if err = a.load(); err == nil {
				a.readToday()
			}
		case "quit":
			return nil
		}
		switch {
		case errors.Is(err, errInputEnded):
			a.say("The input ended before the entry was finished; nothing was saved.")
			return nil
		case err != nil:
			return err
		}
	}
}

// errInputEnded says the input ended in the middle of a question.
var errInputEnded = errors.New("the input ended")

// accessible is the state of one accessible session.
type accessible struct {
	in      *lineReader
	out     io.Writer
	svc     Services
	opts    Options
	data    insights
	prompts []journal.Prompt
	catalog journal.Catalog
	// news is the coach feedback new since the facilitator last saw it,
	// and what came in since, kept for the session as Today keeps it.
	news []journal.Feedback
}

// lineReader hands its reader on one line per Read, so that each of huh's
// questions, which reads through a bufio.Scanner of its own, takes exactly
// one line of piped input and leaves the rest for the next. It notes where
// the input ended.
type lineReader struct {
	r     *bufio.Reader
	ended bool
	rest  []byte
}

// Read implements io.Reader.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.rest) == 0 {
		line, err := l.r.ReadSlice('\n')
		if len(line) == 0 && err != nil {
			if !errors.Is(err, bufio.ErrBufferFull) {
				l.ended = true
				return 0, io.EOF
			}
		}
		l.rest = line
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

// ask runs one question; errInputEnded when the input ended before it was
// answered.
func (a *accessible) ask(fields ...huh.Field) error {
	form := huh.NewForm(huh.NewGroup(fields...)).
		WithAccessible(true).
		WithInput(a.in).
		WithOutput(a.out).
		WithTheme(huh.ThemeFunc(huh.ThemeBase))
	if err := form.Run(); err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	if a.in.ended {
		return errInputEnded
	}
	return nil
}

// say writes a line of hone's own.
func (a *accessible) say(format string, args ...any) {
	fmt.Fprintf(a.out, format+"\n", args...)
}

func (a *accessible) today() journal.Day {
	if a.opts.Now != nil {
		return journal.DayOf(a.opts.Now())
	}
	return journal.DayOf(time.Now())
}

// load reads the catalog, the drift, the prompt library and the coach
// feedback that is new.
func (a *accessible) load() error {
	today := a.today()
	c, err := a.svc.Skills.Skills()
	if err != nil {
		return err
	}
	a.catalog = c
	if a.svc.Feedback != nil {
		fresh, err := a.svc.Feedback.NewFeedback()
		if err != nil {
			return err
		}
		a.news = mergeNews(a.news, fresh)
	}
	if a.svc.Drift != nil {
		drift, err := a.svc.Drift.Drift(today)
		if err != nil {
			return err
		}
		a.data = newInsights(c, drift, today)
	} else {
		rs, err := a.svc.Ratings.Ratings()
		if err != nil {
			return err
		}
		a.data = computeInsights(c, rs, today)
	}
	a.prompts, err = a.svc.Prompts.Prompts()
	return err
}

// readToday reads out what Today shows: the skills that need attention,
// the improving ones, and the suggested prompt.
func (a *accessible) readToday() {
	today := a.today()
	a.say("hone, accessible mode. Today is %s.", today.Time().Format("Monday 2 January 2006"))
	a.readNews()
	need := attention(&a.data)
	need = slices.DeleteFunc(need, func(d journal.Drift) bool { return d.Ratings == 0 })
	if len(need) == 0 {
		a.say("No skill needs attention today.")
	} else {
		a.say("%s need attention:", plural(len(need), "skill"))
		for _, d := range need {
			a.say("- %s, %s. %s", journal.SafeLine(a.data.skillName(d.Skill)), journal.StatusWords(d), journal.SafeLine(d.Explanation))
		}
	}
	for _, d := range a.data.drift {
		if d.Status == journal.StatusImproving {
			a.say("- Improving: %s. %s", journal.SafeLine(a.data.skillName(d.Skill)), journal.SafeLine(d.Explanation))
		}
	}
	if s, ok := a.suggestion(); ok {
		a.say("Suggested prompt: %s (%s)", journal.SafeLine(s.prompt.Text), s.why)
	}
	a.say("")
}

// readNews reads out, whole, the coach feedback that is new (what Today
// shows on the full screen, with the rest of each note), then marks it
// seen, so that the next session does not call it new. A journal that
// cannot be written keeps it new, and says so.
func (a *accessible) readNews() {
	if len(a.news) == 0 {
		return
	}
	a.say("From your coach: %s, new since your last visit.", plural(len(a.news), "item"))
	var ratings map[string][]journal.Rating
	if a.svc.Ratings != nil {
		ratings, _ = a.svc.Ratings.Ratings() // without them, no calibration sentence
	}
	var b strings.Builder // every item is new: no "[new]" to read out at each
	journal.WriteFeedbackList(&b, a.news, nil, a.catalog, ratings, a.today())
	fmt.Fprint(a.out, b.String())
	if err := a.svc.Feedback.MarkFeedbackSeen(journal.LatestFeedback(a.news)); err != nil {
		a.say("The feedback stays marked new: %s", journal.ErrorMessage(err))
	}
	a.say("")
}

// suggestion is Today's suggested prompt.
func (a *accessible) suggestion() (suggestion, bool) {
	ss := suggestions(&a.data, a.prompts, a.today())
	if len(ss) == 0 {
		return suggestion{}, false
	}
	return ss[0], true
}

// answer answers the suggested prompt: into today's entry when there is
// exactly one, otherwise in a new entry.
func (a *accessible) answer() error {
	s, ok := a.suggestion()
	if !ok {
		a.say("There is no prompt to answer: the prompt library is empty.")
		return nil
	}
	today := a.today()
	es, err := a.svc.Entries.FindEntries(journal.EntryFilter{Since: &today, Until: &today})
	if err != nil {
		return err
	}
	es = slices.DeleteFunc(es, func(e *journal.Entry) bool { return e.Kind == journal.KindSelfAssessment })
	if len(es) != 1 {
		a.say("This answer starts a new entry.")
		return a.writeEntry(&s)
	}
	e := es[0]
	a.say("This answer goes into today's entry, %s.", entryWords(e))
	r, err := a.askReflection(s.prompt)
	if err != nil || r == nil {
		return err
	}
	e.Reflections = append(e.Reflections, *r)
	return a.save(e, func(e *journal.Entry) error { return a.svc.Entries.UpdateEntry(e) })
}

// entryWords names an entry for the ear: kind, title or family.
func entryWords(e *journal.Entry) string {
	s := string(e.Kind)
	if e.Title != "" {
		s += ", " + journal.SafeLine(e.Title)
	} else if e.Family != "" {
		s += " with family " + journal.SafeLine(e.Family)
	}
	return s
}

// fieldCheck returns a validator for one field of the entry form: set
// applies the typed value to an otherwise valid entry, which is then
// checked by the rules every way into the journal shares. Empty input is
// the question's default and passes.
func (a *accessible) fieldCheck(set func(e *journal.Entry, s string) error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		today := a.today()
		e := &journal.Entry{Date: today, Kind: journal.KindTeamMeeting}
		if err := set(e, s); err != nil {
			return plainError(err)
		}
		e.Normalize()
		return plainError(e.Validate(a.data.catalog, today))
	}
}

// plainError is err as the one line hone says of it.
func plainError(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(journal.SafeLine(journal.ErrorMessage(err)) + ". Please answer again.")
}

// writeEntry asks for an entry, field by field, and saves it. With s, the
// reflection answers s's prompt.
func (a *accessible) writeEntry(s *suggestion) error {
	today := a.today()
	date, kind, phase := "", journal.KindTeamMeeting, 0
	var family, title, notes, skills, tags string
	kinds := make([]huh.Option[journal.Kind], len(journal.Kinds))
	for i, k := range journal.Kinds {
		kinds[i] = huh.NewOption(string(k), k)
	}
	phases := make([]huh.Option[int], journal.MaxPhase+1)
	for p := range phases {
		phases[p] = huh.NewOption(phaseName(p), p)
	}
	err := a.ask(
		huh.NewInput().Title("Date of the meeting: YYYY-MM-DD, today, yesterday or -Nd. Enter for today.").
			Value(&date).Validate(a.fieldCheck(func(e *journal.Entry, s string) (err error) {
			e.Date, err = journal.ParseDay(s, today)
			return err
		})),
		huh.NewSelect[journal.Kind]().Title("Kind of entry. Enter for team-meeting.").Options(kinds...).Value(&kind),
		huh.NewSelect[int]().Title("Wraparound phase. Enter for none.").Options(phases...).Value(&phase),
		huh.NewInput().Title("Family code, not a name. Enter for none.").Value(&family).
			Validate(a.fieldCheck(func(e *journal.Entry, s string) error { e.Family = s; return nil })),
		huh.NewInput().Title("Title. Enter for none.").Value(&title).
			Validate(a.fieldCheck(func(e *journal.Entry, s string) error { e.Title = s; return nil })),
		huh.NewText().Title("Notes, in one paragraph; Enter ends them.").Value(&notes),
	)
	if err != nil {
		return err
	}
	active := a.data.catalog.Active()
	var list strings.Builder
	for i, sk := range active {
		fmt.Fprintf(&list, "%d. %s (%s)\n", i+1, journal.SafeLine(sk.Name), sk.ID)
	}
	err = a.ask(
		huh.NewNote().Title("Skills").Description(list.String()),
		huh.NewInput().Title("Which skills did you use? Their numbers, separated by spaces. Enter for none.").
			Value(&skills).Validate(func(s string) error {
			_, err := pickSkills(s, len(active))
			return err
		}),
	)
	if err != nil {
		return err
	}
	picked, _ := pickSkills(skills, len(active))
	ratings := map[string]int{}
	for _, i := range picked {
		sk := active[i]
		n := 3
		if err := a.ask(huh.NewSelect[int]().
			Title(fmt.Sprintf("Rate %s. Enter for 3.", journal.SafeLine(sk.Name))).
			Options(ratingOptions(sk)...).Value(&n)); err != nil {
			return err
		}
		ratings[sk.ID] = n
	}
	prompt := journal.Prompt{}
	if s != nil {
		prompt = s.prompt
	} else if sg, ok := a.suggestion(); ok {
		prompt = sg.prompt
	}
	var refl *journal.Reflection
	if prompt.Text != "" {
		if refl, err = a.askReflection(prompt); err != nil {
			return err
		}
	}
	if err := a.ask(huh.NewInput().Title("Tags, separated by spaces. Enter for none.").Value(&tags).
		Validate(a.fieldCheck(func(e *journal.Entry, s string) error { e.Tags = splitTags(s); return nil }))); err != nil {
		return err
	}
	e := &journal.Entry{Kind: kind, Phase: phase, Family: family, Title: title, Notes: notes, Ratings: ratings, Tags: splitTags(tags)}
	if date == "" {
		date = "today"
	}
	if e.Date, err = journal.ParseDay(date, today); err != nil {
		return plainError(err)
	}
	if refl != nil {
		e.Reflections = []journal.Reflection{*refl}
	}
	return a.save(e, func(e *journal.Entry) error { return a.svc.Entries.CreateEntry(e) })
}

// askReflection asks for an answer to p and whether to share it; nil when
// the user skips it.
func (a *accessible) askReflection(p journal.Prompt) (*journal.Reflection, error) {
	var answer string
	title := "Reflection: " + journal.SafeLine(p.Text) + " Enter to skip."
	if err := a.ask(huh.NewText().Title(title).Value(&answer)); err != nil {
		return nil, err
	}
	if strings.TrimSpace(answer) == "" {
		return nil, nil
	}
	shared := true
	if err := a.ask(huh.NewConfirm().Title("Share this answer with your coach?").Value(&shared)); err != nil {
		return nil, err
	}
	return &journal.Reflection{PromptID: p.ID, Prompt: p.Text, Answer: answer, Shared: shared}, nil
}

// save validates e, reads out the privacy warnings and asks before saving
// through write.
func (a *accessible) save(e *journal.Entry, write func(*journal.Entry) error) error {
	e.Normalize()
	if err := e.Validate(a.data.catalog, a.today()); err != nil {
		a.say("Not saved: %s.", journal.SafeLine(journal.ErrorMessage(err)))
		return nil
	}
	if a.opts.Warn != nil {
		if ws := a.opts.Warn(e); len(ws) > 0 {
			a.say("This entry may identify a family:")
			for _, w := range ws {
				a.say("- %s", journal.SafeLine(w))
			}
			yes := false
			if err := a.ask(huh.NewConfirm().Title("Save anyway?").Value(&yes)); err != nil {
				return err
			}
			if !yes {
				a.say("Not saved.")
				return nil
			}
		}
	}
	if err := write(e); err != nil {
		if a.opts.Log != nil {
			a.opts.Log(err)
		}
		a.say("Not saved: %s.", journal.SafeLine(journal.ErrorMessage(err)))
		return nil
	}
	a.say("Saved, entry %s.", e.ID)
	return a.load()
}

// ratingOptions are the ratings 1 to 5 of sk, read with its anchors.
func ratingOptions(sk journal.Skill) []huh.Option[int] {
	labels := [5]string{
		"1: " + journal.SafeLine(sk.Anchors[0]),
		"2: between 1 and 3",
		"3: " + journal.SafeLine(sk.Anchors[1]),
		"4: between 3 and 5",
		"5: " + journal.SafeLine(sk.Anchors[2]),
	}
	out := make([]huh.Option[int], 5)
	for i, l := range labels {
		out[i] = huh.NewOption(l, i+1)
	}
	return out
}

// pickSkills reads skill numbers from 1 to n separated by spaces or commas
// into indexes, in the order typed, each once.
func pickSkills(s string, n int) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		i, err := strconv.Atoi(f)
		if err != nil || i < 1 || i > n {
			return nil, fmt.Errorf("%q is not a skill number; use numbers from 1 to %d, separated by spaces", f, n)
		}
		if !slices.Contains(out, i-1) {
			out = append(out, i-1)
		}
	}
	return out, nil
}
