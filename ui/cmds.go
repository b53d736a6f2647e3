package ui

import (
	"cmp"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Every read and write of the journal runs in one of these commands. Each
// captures the values it needs when it is made and returns a message; none
// touches a model.

// insights is what the ratings say about the catalog: the drift of every
// active skill and which skills were rated most recently, and each skill's
// ratings for sparklines and charts. It is loaded in commands and kept
// until the journal changes.
type insights struct {
	catalog journal.Catalog
	drift   []journal.Drift // active skills, in catalog order
	index   map[string]int  // skill id -> position in drift
	recent  []string        // rated skill ids, most recently rated first (one day: catalog order)
	asOf    journal.Day
	// history holds each skill's ratings dated up to asOf, oldest first
	// (same day: by entry creation), as the drift rule reads them: for
	// sparklines and charts. It is nil until histories is set.
	history   map[string][]ratingPoint
	histories bool
	// feedback is the coach feedback the journal keeps (with the
	// histories; nil without a FeedbackService), newest day first.
	feedback []journal.Feedback
	// version counts the insights loaded, so that renders made from older
	// ones are known to be stale.
	version int
}

// newInsights returns the insights of a catalog and its drift as of today,
// without the histories.
func newInsights(c journal.Catalog, drift []journal.Drift, today journal.Day) insights {
	in := insights{catalog: c, asOf: today, drift: drift, index: make(map[string]int, len(drift))}
	for i, d := range drift {
		in.index[d.Skill] = i
	}
	rated := make([]journal.Drift, 0, len(drift))
	for _, d := range drift {
		if d.Ratings > 0 {
			rated = append(rated, d)
		}
	}
	slices.SortStableFunc(rated, func(a, b journal.Drift) int { return cmp.Compare(b.LastRated, a.LastRated) })
	for _, d := range rated {
		in.recent = append(in.recent, d.Skill)
	}
	return in
}

// withHistories returns in with the histories of ratings, every rating
// grouped by skill.
func (in insights) withHistories(ratings map[string][]journal.Rating) insights {
	in.history = make(map[string][]ratingPoint, len(ratings))
	for id, rs := range ratings {
		in.history[id] = ratingHistory(rs, in.asOf)
	}
	in.histories = true
	return in
}

// computeInsights analyzes the catalog's ratings as of today.
func computeInsights(c journal.Catalog, ratings map[string][]journal.Rating, today journal.Day) insights {
	return newInsights(c, journal.AnalyzeCatalog(c, ratings, today), today).withHistories(ratings)
}

// ratingHistory returns the ratings dated up to today, oldest first and
// ratings of one day in the order of their entries.
func ratingHistory(rs []journal.Rating, today journal.Day) []ratingPoint {
	byDate := func(a, b journal.Rating) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.EntryID, b.EntryID))
	}
	if !slices.IsSortedFunc(rs, byDate) {
		rs = slices.Clone(rs)
		slices.SortStableFunc(rs, byDate)
	}
	out := make([]ratingPoint, 0, len(rs))
	for _, r := range rs {
		if r.Date <= today {
			out = append(out, ratingPoint{day: r.Date, value: int32(r.Value)})
		}
	}
	return out
}

// driftOf returns the drift of a skill, if it is active.
func (in *insights) driftOf(id string) (journal.Drift, bool) {
	i, ok := in.index[id]
	if !ok {
		return journal.Drift{}, false
	}
	return in.drift[i], true
}

// skillName returns a skill's name, or its id when the catalog lacks it.
func (in *insights) skillName(id string) string {
	if s, ok := in.catalog.Find(id); ok && s.Name != "" {
		return journal.SafeLine(s.Name)
	}
	return journal.SafeLine(id)
}

// insightsMsg carries freshly loaded insights: the drift alone, with more
// to load the histories, or everything.
type insightsMsg struct {
	in   insights
	seq  int     // the load it belongs to: a message of an older load is dropped
	more tea.Cmd // loads the histories, when in lacks them
	err  error
}

// loadInsights loads the insights in two steps when the journal keeps its
// drift analysis (svc.Drift): the catalog and the drift first, all Today
// needs and cheap while the journal has not changed since it was last
// analysed, then (the message's more, run when a screen draws them) every
// rating for the histories. Without svc.Drift, it reads every rating at
// once.
func loadInsights(svc Services, today journal.Day, seq int, log func(error)) tea.Cmd {
	full := func() tea.Msg {
		c, err := svc.Skills.Skills()
		if err != nil {
			return insightsMsg{seq: seq, err: logged(log, err)}
		}
		rs, err := svc.Ratings.Ratings()
		if err != nil {
			return insightsMsg{seq: seq, err: logged(log, err)}
		}
		in := computeInsights(c, rs, today)
		if svc.Feedback != nil {
			if in.feedback, err = svc.Feedback.Feedback(); err != nil {
				return insightsMsg{seq: seq, err: logged(log, err)}
			}
		}
		return insightsMsg{seq: seq, in: in}
	}
	if svc.Drift == nil {
		return full
	}
	return func() tea.Msg {
		c, err := svc.Skills.Skills()
		if err != nil {
			return insightsMsg{seq: seq, err: logged(log, err)}
		}
		drift, err := svc.Drift.Drift(today)
		if err != nil {
			return insightsMsg{seq: seq, err: logged(log, err)}
		}
		return insightsMsg{seq: seq, in: newInsights(c, drift, today), more: full}
	}
}

// promptsMsg carries the prompt library.
type promptsMsg struct {
	prompts []journal.Prompt
	err     error
}

func loadPrompts(prompts journal.PromptService, log func(error)) tea.Cmd {
	return func() tea.Msg {
		ps, err := prompts.Prompts()
		return promptsMsg{prompts: ps, err: logged(log, err)}
	}
}

// todayMsg carries what the Today tab shows of the entries.
type todayMsg struct {
	recent []*journal.Entry
	week   int // entries dated this week (Monday to today)
	// news is the coach feedback that came in since the facilitator last
	// saw it (FeedbackService.NewFeedback), newest day first.
	news   []journal.Feedback
	err    error
	damage error // records skipped as damaged (EDAMAGED); the rest is here
}

// recentEntries is how many entries Today lists.
const recentEntries = 12

// loadToday reads what Today shows of the entries and, with a
// FeedbackService (feedback may be nil), the coach feedback not seen yet:
// feedback that does not read leaves Today without it, logged.
func loadToday(entries journal.EntryService, feedback journal.FeedbackService, today journal.Day, log func(error)) tea.Cmd {
	return func() tea.Msg {
		var news []journal.Feedback
		if feedback != nil {
			var err error
			if news, err = feedback.NewFeedback(); err != nil {
				news = nil
				if log != nil {
					log(err)
				}
			}
		}
		recent, err := entries.FindEntries(journal.EntryFilter{Limit: recentEntries})
		damage, err := partial(err)
		if err != nil {
			return todayMsg{err: logged(log, err)}
		}
		monday := weekStart(today)
		week, err := entries.FindEntries(journal.EntryFilter{Since: &monday, Until: &today})
		if d, rest := partial(err); rest != nil {
			return todayMsg{err: logged(log, rest)}
		} else if damage == nil {
			damage = d
		}
		return todayMsg{recent: recent, week: len(week), news: news, damage: logged(log, damage)}
	}
}

// markFeedbackSeen keeps the mark of the coach feedback seen up to the item
// whose Seq is seq. A journal that cannot be written (read-only, damaged)
// keeps the feedback new: the error is logged, never shown.
func markFeedbackSeen(feedback journal.FeedbackService, seq uint64, log func(error)) tea.Cmd {
	return func() tea.Msg {
		if err := feedback.MarkFeedbackSeen(seq); err != nil && log != nil {
			log(err)
		}
		return nil
	}
}

// weekStart returns the Monday of d's week.
func weekStart(d journal.Day) journal.Day {
	wd := int(d.Time().Weekday()) // Sunday = 0
	return d - journal.Day((wd+6)%7)
}

// pageMsg carries one page of the Journal list.
type pageMsg struct {
	seq     int // the query the page belongs to
	offset  int
	entries []*journal.Entry
	err     error
	damage  error // records skipped as damaged (EDAMAGED); the rest is here
}

// pageSize is how many entries the Journal list asks for at a time.
const pageSize = 200

func loadPage(entries journal.EntryService, f journal.EntryFilter, seq, offset int, log func(error)) tea.Cmd {
	f.Offset, f.Limit = offset, pageSize
	return func() tea.Msg {
		es, err := entries.FindEntries(f)
		damage, err := partial(err)
		return pageMsg{seq: seq, offset: offset, entries: es, err: logged(log, err), damage: logged(log, damage)}
	}
}

// savedMsg reports a saved entry.
type savedMsg struct {
	entry   *journal.Entry
	created bool
	err     error
}

// saveEntry saves e, written in the form whose draft is draftID: the
// entry and the removal of its draft are one write (CommitDraft), so that
// a saved entry is never offered again as a draft.
func saveEntry(entries journal.EntryService, e *journal.Entry, draftID string, log func(error)) tea.Cmd {
	create := e.ID == ""
	return func() tea.Msg {
		return savedMsg{entry: e, created: create, err: logged(log, entries.CommitDraft(e, draftID))}
	}
}

// deletedMsg reports a deleted entry.
type deletedMsg struct {
	id  string
	err error
}

func deleteEntry(entries journal.EntryService, id string, log func(error)) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{id: id, err: logged(log, entries.DeleteEntry(id))}
	}
}

// answerMsg says where the answer to a suggested prompt goes: into entry,
// today's one entry, or into a new entry when entry is nil.
type answerMsg struct {
	suggestion suggestion
	entry      *journal.Entry
	err        error
}

// answerPrompt finds out in a command where the answer to a suggested
// prompt goes (Today's prompt, or one from the Prompts tab): into today's
// entry when there is exactly one (self-assessments aside), otherwise into
// a new entry.
func answerPrompt(entries journal.EntryService, s suggestion, today journal.Day, log func(error)) tea.Cmd {
	return func() tea.Msg {
		es, err := entries.FindEntries(journal.EntryFilter{Since: &today, Until: &today})
		if err != nil {
			return answerMsg{suggestion: s, err: logged(log, err)}
		}
		es = slices.DeleteFunc(es, func(e *journal.Entry) bool { return e.Kind == journal.KindSelfAssessment })
		if len(es) == 1 {
			return answerMsg{suggestion: s, entry: es[0]}
		}
		return answerMsg{suggestion: s}
	}
}

// logged hands internal errors to the log (never to the screen in full)
// and returns err.
func logged(log func(error), err error) error {
	if err != nil && log != nil && journal.ErrorCode(err) == journal.EINTERNAL {
		log(err)
	}
	return err
}

// Messages between the views and the root model. Views ask for things the
// root does (open the form, ask a question, switch screens) by returning a
// command that yields one of these.

// openFormMsg asks for the entry form: a new entry when entry is nil,
// otherwise a copy of entry to edit. suggestion, when set, is the
// reflection prompt a new entry starts with; focusAnswer puts the cursor in
// its answer rather than the title.
type openFormMsg struct {
	entry       *journal.Entry
	suggestion  *suggestion
	focusAnswer bool
	// addReflection, with entry set, adds a reflection for suggestion to
	// the entry and focuses it.
	addReflection bool
	// draft, when set, fills every field as it was left (draft.go), and
	// draftNote is said on the status line.
	draft     *journal.Draft
	draftNote string
}

// openEntryMsg asks for the entry view.
type openEntryMsg struct{ entry *journal.Entry }

// closeEntryMsg asks to leave the entry view.
type closeEntryMsg struct{}

// closeFormMsg asks to leave the form without saving.
type closeFormMsg struct{}

// askMsg asks the user a yes/no question; yes is sent when they agree,
// no, when set, when they answer n (esc only closes the question).
type askMsg struct {
	question string
	details  []string
	yes      tea.Msg
	no       tea.Msg
}

// deleteMsg asks to delete an entry (after the user agreed).
type deleteMsg struct{ id string }

// switchTabMsg asks for a tab.
type switchTabMsg struct{ tab tab }

// statusMsg shows a line in the status bar.
type statusMsg struct {
	text string
	err  error
}

// changedMsg says the journal changed (a skill, a prompt, a goal, a star, a
// self-assessment): the status line shows status and the data every view
// reads is loaded again; prompts reloads the prompt library too, and
// selectID is the entry the Journal list keeps its cursor on.
type changedMsg struct {
	status   string
	selectID string
	prompts  bool
}

// quitMsg quits after the user agreed to lose unsaved text.
type quitMsg struct{}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func ask(question string, yes tea.Msg, details ...string) tea.Cmd {
	return send(askMsg{question: question, details: details, yes: yes})
}

func showError(err error) tea.Cmd { return send(statusMsg{err: err}) }
