package journal

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The numbers of supervision preparation (SPEC section 8).
const (
	PrepBeforeDays   = 90 // a goal's skills are compared with the ratings of this many days before it was set
	PrepMaxQuestions = 3  // suggested questions to bring, at most
)

// PrepOptions says what period a supervision preparation covers.
type PrepOptions struct {
	// Since and AsOf are the first and the last day of the period, both
	// included. Drift is analyzed as of AsOf. A Since after AsOf is read as
	// AsOf: a period of one day.
	Since, AsOf Day
	// SelfAssessments holds the journal's entries of kind self-assessment,
	// of any date (EntryFilter{Kind: KindSelfAssessment}). When the period
	// holds a self-assessment, preparation compares the newest on or before
	// AsOf with the one before it, which usually predates the period. The
	// self-assessments among the entries given to BuildPrep count too, so
	// without this field only those of the period are compared.
	SelfAssessments []*Entry
	// Feedback holds the coach feedback the journal keeps, in any order;
	// preparation shows the items on or before AsOf that were received in
	// the period or are about a day in it (Prep.Feedback).
	Feedback []Feedback
}

// Prep is a supervision preparation (SPEC section 8): everything `hone prep`
// writes and the TUI's view shows, computed once by BuildPrep.
//
// Text fields (names, prompts, answers, goals) hold the journal's text as it
// is: WritePrepMarkdown escapes it, and a view must make it safe (SafeText,
// SafeLine) before it reaches a terminal. Questions are already safe single
// lines, not escaped for Markdown.
type Prep struct {
	Since, AsOf Day // the period, both days included

	Entries   int             // entries in the period
	Kinds     []KindCount     // entries by kind, in the order of Kinds; kinds with none left out
	Phases    []PhaseCount    // entries by phase: 1 to 4, then 0 (no phase); phases with none left out
	Ratings   int             // ratings in the period's entries, self-assessments left out
	Practised []SkillPractice // the skills those ratings rate, most rated first

	// Drifts is AnalyzeCatalog(catalog, ratings, AsOf): what `hone drift
	// --as-of AsOf` shows, in catalog order. The groups pick from it:
	// Drifting, Watch and Improving by status, the most clearly below (above)
	// the baseline first; Stale the other stale skills (a stale skill that is
	// drifting, watch or improving is listed under its status, whose
	// explanation says when it was last rated), in catalog order, the skills
	// never rated last.
	Drifts                            []Drift
	Drifting, Watch, Improving, Stale []SkillDrift

	// Reflections are the reflections of the period's entries with an
	// answer, starred ones first, each part by date, then entry, then their
	// order in the entry. The first Starred of them are starred.
	Reflections []PrepReflection
	Starred     int

	// Goals are the open goals set on or before AsOf, then the goals closed
	// in the period (Closed from Since to AsOf), each part in the order
	// given to BuildPrep. A goal closed after AsOf was still open then and
	// is listed as open, its Done and Closed cleared. A goal closed before
	// hone kept the day (Done, Closed zero) counts as closed in the period
	// when it was set in the period or in the period of the same length
	// before it: the goals set "last time".
	Goals []GoalReview

	// SelfAssessment compares the newest self-assessment with the one
	// before it; nil when the period holds none.
	SelfAssessment *SelfAssessmentReview

	// Feedback is the coach feedback since the period began: the items of
	// PrepOptions.Feedback dated on or before AsOf that were received on or
	// after Since or are about a day on or after it, newest day first, each
	// with the facilitator's own ratings of its skill that week beside it.
	Feedback []PrepFeedback

	// Questions are up to PrepMaxQuestions questions to bring, from the
	// data: the most clearly drifting skill, the coach feedback (at most
	// one question: the observed rating furthest from the facilitator's own
	// ratings that week, by a point or more; else an observed rating
	// without own ratings to compare; else the notes), an open goal whose skills were
	// not rated since it was set, the most clearly improving skill, the
	// stale skill rated most often before, the biggest drop since the last
	// self-assessment, a skill worth watching, the starred reflections: the
	// first of each of these that concerns a skill not asked about yet, in
	// this order. With none of them, one general question.
	Questions []string

	names map[string]string // skill id -> name, from the catalog
}

// PrepFeedback is one item of coach feedback with the facilitator's own
// ratings of its skill in the week either side of its day
// (SelfRatingsAround), and the sentence that sets an observed rating
// beside them (CalibrationSentence; "" for a note alone).
type PrepFeedback struct {
	Feedback
	Self     RatingStats
	Sentence string
}

// KindCount is how many entries of one kind a period holds.
type KindCount struct {
	Kind  Kind
	Count int
}

// PhaseCount is how many entries of one Wraparound phase (0: none) a period
// holds.
type PhaseCount struct {
	Phase int
	Count int
}

// RatingStats counts ratings and gives their mean, undefined when there are
// none.
type RatingStats struct {
	Count int
	Mean  Number
}

// SkillPractice is how often one skill was rated in a period.
type SkillPractice struct {
	Skill string // the skill id
	Name  string // its name in the catalog, or the id for a skill not in it
	RatingStats
}

// SkillDrift is a skill's drift analysis with the skill's name.
type SkillDrift struct {
	Name  string
	Drift Drift
}

// PrepReflection is one reflection of the period and the entry it is in:
// its day, id, kind and phase, never its family, title or notes.
type PrepReflection struct {
	Date    Day
	EntryID string
	Kind    Kind
	Phase   int
	Reflection
}

// GoalReview is a learning goal and what happened to its skills since it
// was set.
type GoalReview struct {
	Goal     Goal
	Progress []GoalSkill // one for each of Goal.Skills, in its order
}

// GoalSkill is what happened to one skill of a goal: its ratings in the
// PrepBeforeDays days before the goal was set (Set - 90 to Set - 1), its
// ratings since (Set to AsOf, both included) and its drift as of AsOf.
type GoalSkill struct {
	Skill, Name   string
	Before, Since RatingStats
	Drift         Drift
}

// SelfAssessmentReview compares the newest self-assessment with the previous
// one, if any.
type SelfAssessmentReview struct {
	Current  *Entry
	Previous *Entry        // nil for a first self-assessment
	Changes  []SkillChange // CompareSelfAssessments(Previous, Current)
}

// BuildPrep prepares the period [opts.Since, opts.AsOf] for supervision.
// entries are the period's entries, in any order (entries outside the period
// are ignored); c is the catalog; ratings are all the journal's ratings by
// skill id, for drift as of AsOf and for the goals; goals are all goals. See
// Prep for what it holds, and PrepOptions for the self-assessments. The
// arguments are not modified.
func BuildPrep(entries []*Entry, c Catalog, ratings map[string][]Rating, goals []Goal, opts PrepOptions) *Prep {
	asOf := opts.AsOf
	p := &Prep{Since: min(opts.Since, asOf), AsOf: asOf, names: make(map[string]string, len(c))}
	order := make(map[string]int, len(c))
	for i, s := range c {
		p.names[s.ID] = s.Name
		order[s.ID] = i
	}
	// byCatalog orders skill ids as the catalog does, unknown ids last by id.
	byCatalog := func(a, b string) int {
		ia, oka := order[a]
		ib, okb := order[b]
		switch {
		case oka && okb:
			return cmp.Compare(ia, ib)
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	}

	var period []*Entry
	for _, e := range entries {
		if e != nil && e.Date >= p.Since && e.Date <= asOf {
			period = append(period, e)
		}
	}
	slices.SortStableFunc(period, func(a, b *Entry) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
	})
	p.count(period, byCatalog)
	p.analyze(c, ratings)
	p.reflections(period)
	p.review(goals, ratings)

	sas := append(slices.Clone(opts.SelfAssessments), entries...)
	if cur, prev := LatestSelfAssessments(sas, asOf); cur != nil && cur.Date >= p.Since {
		p.SelfAssessment = &SelfAssessmentReview{Current: cur, Previous: prev, Changes: CompareSelfAssessments(prev, cur)}
	}
	p.feedback(opts.Feedback, ratings)
	p.Questions = p.suggest()
	return p
}

// feedback picks the coach feedback of the period; see Prep.Feedback.
func (p *Prep) feedback(fs []Feedback, ratings map[string][]Rating) {
	for _, f := range fs {
		if f.Day > p.AsOf || (f.Day < p.Since && f.Received < p.Since) {
			continue
		}
		pf := PrepFeedback{Feedback: f}
		if f.Skill != "" {
			pf.Self = SelfRatingsAround(ratings[f.Skill], f.Day)
		}
		pf.Sentence = CalibrationSentence(&pf.Feedback, pf.Self, p.AsOf)
		p.Feedback = append(p.Feedback, pf)
	}
	slices.SortStableFunc(p.Feedback, func(a, b PrepFeedback) int {
		return cmp.Or(cmp.Compare(b.Day, a.Day), strings.Compare(a.ID, b.ID))
	})
}

// feedbackQuestion is the one question the period's coach feedback raises,
// and the skill it is about ("" for none); "" when there is no feedback.
func (p *Prep) feedbackQuestion() (skill, text string) {
	var far *PrepFeedback // the observed rating furthest from the own ratings
	var unrated *PrepFeedback
	notes := 0
	for i := range p.Feedback {
		f := &p.Feedback[i]
		if f.Note != "" {
			notes++
		}
		switch {
		case f.Observed == 0:
		case !f.Self.Mean.Valid:
			if unrated == nil {
				unrated = f
			}
		case math.Abs(float64(f.Observed)-f.Self.Mean.Value) >= 1 &&
			(far == nil || math.Abs(float64(f.Observed)-f.Self.Mean.Value) > math.Abs(float64(far.Observed)-far.Self.Mean.Value)):
			far = f
		}
	}
	switch {
	case far != nil:
		name := SafeLine(p.SkillName(far.Skill))
		if float64(far.Observed) < far.Self.Mean.Value {
			return far.Skill, "Your coach saw " + name + " at " + strconv.Itoa(far.Observed) + " on " + far.Day.Short() +
				", lower than your own ratings that week (" + fmtPoints(far.Self.Mean.Value) + "): what might your coach have seen that you did not?"
		}
		return far.Skill, "Your coach saw " + name + " at " + strconv.Itoa(far.Observed) + " on " + far.Day.Short() +
			", higher than your own ratings that week (" + fmtPoints(far.Self.Mean.Value) + "): what are you doing well that you do not give yourself credit for?"
	case unrated != nil:
		return unrated.Skill, "Your coach rated " + SafeLine(p.SkillName(unrated.Skill)) + " " + strconv.Itoa(unrated.Observed) +
			" on " + unrated.Day.Short() + " and you did not rate it that week: how would you have rated that meeting?"
	case notes == 1:
		return "", "What do you take from your coach's note, and what will you try because of it?"
	case notes > 1:
		return "", "What do you take from your coach's notes, and what will you try because of them?"
	}
	return "", ""
}

// SkillName returns the catalog's name for the skill id, or the id itself
// for a skill the catalog does not hold.
func (p *Prep) SkillName(id string) string {
	if n := p.names[id]; n != "" {
		return n
	}
	return id
}

// Days returns the length of the period in days.
func (p *Prep) Days() int { return int(p.AsOf-p.Since) + 1 }

// Period describes the period in words: "Monday 2 March to Sunday 29 March
// 2026", or one day, "Sunday 29 March 2026".
func (p *Prep) Period() string {
	from, to := p.Since.Time(), p.AsOf.Time()
	switch {
	case p.Since == p.AsOf:
		return to.Format("Monday 2 January 2006")
	case from.Year() == to.Year():
		return from.Format("Monday 2 January") + " to " + to.Format("Monday 2 January 2006")
	}
	return from.Format("Monday 2 January 2006") + " to " + to.Format("Monday 2 January 2006")
}

// count fills in the counts of the period's entries and ratings.
func (p *Prep) count(period []*Entry, byCatalog func(a, b string) int) {
	p.Entries = len(period)
	kinds := map[Kind]int{}
	phases := map[int]int{}
	sums := map[string]*SkillPractice{}
	values := map[string]int{}
	for _, e := range period {
		kinds[e.Kind]++
		phases[e.Phase]++
		if e.Kind == KindSelfAssessment {
			continue
		}
		for id, v := range e.Ratings {
			s := sums[id]
			if s == nil {
				s = &SkillPractice{Skill: id, Name: p.SkillName(id)}
				sums[id] = s
			}
			s.Count++
			values[id] += v
			p.Ratings++
		}
	}
	for _, k := range Kinds {
		if n := kinds[k]; n > 0 {
			p.Kinds = append(p.Kinds, KindCount{k, n})
		}
		delete(kinds, k)
	}
	var odd []Kind // kinds hone does not know: last, by name
	for k := range kinds {
		odd = append(odd, k)
	}
	slices.Sort(odd)
	for _, k := range odd {
		p.Kinds = append(p.Kinds, KindCount{k, kinds[k]})
	}
	var ps []int
	for ph := range phases {
		ps = append(ps, ph)
	}
	slices.SortFunc(ps, func(a, b int) int { return cmp.Or(falseFirst(a == 0, b == 0), cmp.Compare(a, b)) })
	for _, ph := range ps {
		p.Phases = append(p.Phases, PhaseCount{ph, phases[ph]})
	}
	for id, s := range sums {
		s.Mean = num(float64(values[id]) / float64(s.Count))
		p.Practised = append(p.Practised, *s)
	}
	slices.SortFunc(p.Practised, func(a, b SkillPractice) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), byCatalog(a.Skill, b.Skill))
	})
}

// analyze runs the drift rule as `hone drift` does and sorts the skills
// into the groups.
func (p *Prep) analyze(c Catalog, ratings map[string][]Rating) {
	p.Drifts = AnalyzeCatalog(c, ratings, p.AsOf)
	var never []SkillDrift
	for _, d := range p.Drifts {
		sd := SkillDrift{Name: p.SkillName(d.Skill), Drift: d}
		switch {
		case d.Status == StatusDrifting:
			p.Drifting = append(p.Drifting, sd)
		case d.Status == StatusWatch:
			p.Watch = append(p.Watch, sd)
		case d.Status == StatusImproving:
			p.Improving = append(p.Improving, sd)
		case d.Stale && d.Ratings == 0:
			never = append(never, sd)
		case d.Stale:
			p.Stale = append(p.Stale, sd)
		}
	}
	p.Stale = append(p.Stale, never...)
	// The gap between level and baseline, the most clearly moved first;
	// the sort is stable, so ties keep catalog order.
	below := func(a, b SkillDrift) int { return cmp.Compare(gap(b.Drift), gap(a.Drift)) }
	above := func(a, b SkillDrift) int { return cmp.Compare(gap(a.Drift), gap(b.Drift)) }
	slices.SortStableFunc(p.Drifting, below)
	slices.SortStableFunc(p.Watch, below)
	slices.SortStableFunc(p.Improving, above)
}

// gap is how far d's level lies below its baseline (negative: above it).
func gap(d Drift) float64 { return d.Baseline.Value - d.Level.Value }

// reflections collects the period's answered reflections, starred first.
func (p *Prep) reflections(period []*Entry) {
	for _, e := range period {
		for _, r := range e.Reflections {
			if strings.TrimSpace(r.Answer) == "" {
				continue
			}
			p.Reflections = append(p.Reflections, PrepReflection{Date: e.Date, EntryID: e.ID, Kind: e.Kind, Phase: e.Phase, Reflection: r})
			if r.Starred {
				p.Starred++
			}
		}
	}
	slices.SortStableFunc(p.Reflections, func(a, b PrepReflection) int { return falseFirst(!a.Starred, !b.Starred) })
}

// review looks at what happened to the skills of the goals.
func (p *Prep) review(goals []Goal, ratings map[string][]Rating) {
	drifts := make(map[string]Drift, len(p.Drifts))
	for _, d := range p.Drifts {
		drifts[d.Skill] = d
	}
	lastTime := p.Since - Day(p.Days())
	for _, g := range goals {
		if g.Done && g.Closed > p.AsOf { // still open as of AsOf
			g.Done, g.Closed = false, 0
		}
		switch {
		case g.Set > p.AsOf:
			continue
		case g.Done && g.Closed != 0 && g.Closed < p.Since:
			continue
		case g.Done && g.Closed == 0 && g.Set < lastTime:
			continue
		}
		gr := GoalReview{Goal: g}
		for _, id := range g.Skills {
			var before, since []int
			for _, r := range ratings[id] {
				switch {
				case r.Date >= g.Set-PrepBeforeDays && r.Date < g.Set:
					before = append(before, r.Value)
				case r.Date >= g.Set && r.Date <= p.AsOf:
					since = append(since, r.Value)
				}
			}
			d, ok := drifts[id]
			if !ok { // archived, or not in the catalog
				d = AnalyzeDrift(ratings[id], p.AsOf)
				d.Skill = id
			}
			gr.Progress = append(gr.Progress, GoalSkill{Skill: id, Name: p.SkillName(id),
				Before: statsOf(before), Since: statsOf(since), Drift: d})
		}
		p.Goals = append(p.Goals, gr)
	}
	slices.SortStableFunc(p.Goals, func(a, b GoalReview) int { return falseFirst(a.Goal.Done, b.Goal.Done) })
}

// falseFirst orders false before true.
func falseFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func statsOf(vs []int) RatingStats {
	if len(vs) == 0 {
		return RatingStats{}
	}
	sum := 0
	for _, v := range vs {
		sum += v
	}
	return RatingStats{Count: len(vs), Mean: num(float64(sum) / float64(len(vs)))}
}

// suggest picks the questions to bring; see Prep.Questions.
func (p *Prep) suggest() []string {
	type question struct {
		skills []string
		text   string
	}
	one := func(sd SkillDrift, text string) question { return question{[]string{sd.Drift.Skill}, text} }
	var drifting, goals, improving, stale, drops, watch, starred []question
	for _, sd := range p.Drifting {
		drifting = append(drifting, one(sd, "What has been getting in the way of "+SafeLine(sd.Name)+
			" lately, and what would help you get back to your usual?"))
	}
	for _, g := range p.Goals {
		if g.Goal.Done || len(g.Progress) == 0 || slices.ContainsFunc(g.Progress, func(s GoalSkill) bool { return s.Since.Count > 0 }) {
			continue
		}
		var names []string
		for _, s := range g.Progress {
			names = append(names, SafeLine(s.Name))
		}
		goals = append(goals, question{slices.Clone(g.Goal.Skills), "You set the goal “" + strings.TrimSpace(SafeLine(g.Goal.Text)) +
			"” on " + g.Goal.Set.Short() + " and have not rated " + strings.Join(names, " or ") +
			" since: is it still the right goal, and what kept it off the table?"})
	}
	for _, sd := range p.Improving {
		improving = append(improving, one(sd, "Your ratings of "+SafeLine(sd.Name)+
			" have been rising: what made the difference, and how can you keep it going?"))
	}
	byUse := slices.Clone(p.Stale)
	slices.SortStableFunc(byUse, func(a, b SkillDrift) int { return cmp.Compare(b.Drift.Ratings, a.Drift.Ratings) })
	for _, sd := range byUse {
		if sd.Drift.Ratings > 0 {
			stale = append(stale, one(sd, "You have not rated "+SafeLine(sd.Name)+" for "+plural(sd.Drift.DaysSince, "day")+
				": has it had no place in your meetings, or has it slipped out of view?"))
		}
	}
	if sa := p.SelfAssessment; sa != nil {
		for _, c := range sa.Changes {
			if c.Delta < 0 {
				drops = append(drops, question{[]string{c.Skill}, "In your self-assessment you rated " + SafeLine(p.SkillName(c.Skill)) +
					" lower than last time (" + strconv.Itoa(c.After) + ", down from " + strconv.Itoa(c.Before) + "): what changed?"})
			}
		}
	}
	for _, sd := range p.Watch {
		watch = append(watch, one(sd, "Your ratings of "+SafeLine(sd.Name)+
			" lean low lately: what do you notice in the meetings where it slips?"))
	}
	if p.Starred > 0 {
		starred = append(starred, question{nil, "Which of the reflections you starred do you most want to think through together?"})
	}
	var coach []question
	if skill, text := p.feedbackQuestion(); text != "" {
		q := question{text: text}
		if skill != "" {
			q.skills = []string{skill}
		}
		coach = append(coach, q)
	}

	var out []string
	asked := map[string]bool{}
	for _, group := range [][]question{drifting, coach, goals, improving, stale, drops, watch, starred} {
		if len(out) == PrepMaxQuestions {
			break
		}
		for _, q := range group {
			if slices.ContainsFunc(q.skills, func(id string) bool { return asked[id] }) {
				continue
			}
			for _, id := range q.skills {
				asked[id] = true
			}
			out = append(out, q.text)
			break
		}
	}
	if len(out) == 0 {
		out = append(out, "What felt hardest in your work this period, and what would you most like to get better at next?")
	}
	return out
}
