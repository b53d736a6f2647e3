package gen

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"hone/journal"
)

// The text of generated entries. It names people only by role ("the
// caregiver", "grandmother", "the youth's teacher") and holds no digits, so
// nothing in it looks like a name, a phone number, an address or a date of
// birth.

// topic is something a family's work is about.
type topic struct {
	tag       string
	short     string   // for titles: "Plan review: school mornings"
	lines     []string // what happened, for notes
	incidents []string // what a crisis followed, for titles and notes
	next      []string // next steps
}

// topicSafety is the index of the safety topic in topicList: every crisis
// is about it.
const topicSafety = 2

var topicList = []topic{
	{
		tag:   "school",
		short: "school mornings",
		lines: []string{
			"The youth's teacher reported better attendance but more conflict at lunch.",
			"We talked through the school day; mornings are still the hardest part for the caregiver.",
			"The school counsellor offered a quiet room for the youth when things build up.",
			"The youth said the new seat away from the door makes class easier.",
			"Homework is a nightly fight; the caregiver wants a plan that does not put her in the middle.",
		},
		incidents: []string{"a school incident", "a suspension from school", "a fight at school"},
		next: []string{
			"The caregiver asks the school for a meeting about the timetable.",
			"I share the updated plan with the school counsellor.",
			"The youth tries the quiet room for two weeks and tells us how it went.",
		},
	},
	{
		tag:   "housing",
		short: "housing",
		lines: []string{
			"The family is worried about keeping their flat; the landlord wants repairs done first.",
			"Grandmother offered the family a room if the move falls through.",
			"We listed options for the housing need: a housing advocate, help from the church and a relative's offer.",
			"The move went ahead and the youth is settling into the new neighbourhood.",
		},
		incidents: []string{"a notice from the landlord", "a sudden move"},
		next: []string{
			"I connect the caregiver with the housing advocate.",
			"The caregiver gathers the papers the housing office asked for.",
		},
	},
	{
		tag:   "safety",
		short: "safety at home",
		lines: []string{
			"We walked through the crisis plan step by step; the caregiver changed who to call first.",
			"The youth named the early warning signs in their own words: going quiet and staying in their room.",
			"The safety plan partly worked: the caregiver stayed calm, but the back-up person could not be reached.",
			"Everyone is safe now; the caregiver is shaken but clear about what helped.",
		},
		incidents: []string{"a fight at home", "a night away from home", "a night in the emergency room", "a hard weekend"},
		next: []string{
			"Update the crisis plan with a new back-up person.",
			"The caregiver and the youth agree a signal for when things start to build up.",
			"I check in with the family tomorrow evening.",
		},
	},
	{
		tag:   "natural-supports",
		short: "support network",
		lines: []string{
			"An uncle came to the meeting for the first time and offered weekend lifts.",
			"The family friend from church agreed to check in on Sunday evenings.",
			"We mapped who the family leans on; the list grew from two people to five.",
			"A neighbour has started walking the youth to the bus in the mornings.",
		},
		next: []string{
			"The caregiver invites the neighbour to the next meeting.",
			"I ask grandmother which part of the plan she would like to carry.",
		},
	},
	{
		tag:   "court",
		short: "court follow-up",
		lines: []string{
			"The probation officer joined by video and was open to the team's plan.",
			"The caregiver is anxious about the coming hearing; we planned who will go with her.",
			"The youth has kept every probation appointment this month.",
		},
		incidents: []string{"a missed probation appointment", "a new charge"},
		next: []string{
			"I send the probation officer a short progress summary, minimum necessary.",
			"An aunt will go with the caregiver to the hearing.",
		},
	},
	{
		tag:   "health",
		short: "health routines",
		lines: []string{
			"The therapist and the caregiver see the medication review differently; we went back to the need behind it.",
			"The youth has been sleeping better since the new evening routine.",
			"The caregiver wants therapy closer to home; the current clinic is a long bus ride away.",
		},
		incidents: []string{"a medication change", "a panic attack at home"},
		next: []string{
			"The caregiver books the follow-up with the doctor.",
			"I ask the therapist whether sessions could move to the school.",
		},
	},
	{
		tag:   "respite",
		short: "respite",
		lines: []string{
			"The caregiver is exhausted; we brainstormed respite options, including a weekend with grandmother.",
			"The first respite weekend went well and the caregiver slept properly for the first time in weeks.",
		},
		next: []string{
			"I check respite places with the agency.",
			"Grandmother and the caregiver agree a weekend for the youth to stay over.",
		},
	},
	{
		tag:   "activities",
		short: "after-school activities",
		lines: []string{
			"The youth wants to rejoin the football team; the coach is willing to help with the fees.",
			"The youth talked about art club with more energy than I have seen in weeks.",
			"The youth's coach came to the meeting and spoke about the youth's patience with younger players.",
		},
		next: []string{
			"The youth visits the youth club with an older cousin.",
			"The coach and the caregiver sort out lifts to practice.",
		},
	},
	{
		tag:   "work",
		short: "work schedule",
		lines: []string{
			"The caregiver started a new job with evening shifts, which changes who covers after school.",
			"The caregiver is looking for work closer to home and asked the team for leads.",
		},
		next: []string{
			"We rework the after-school cover around the caregiver's shifts.",
		},
	},
	{
		tag:   "family-time",
		short: "family visits",
		lines: []string{
			"Visits with the father went well this month; the youth asked for more.",
			"An older sibling has started helping with homework.",
			"The youth and the caregiver cooked together on Sunday, their idea of a good day.",
		},
		incidents: []string{"a hard family visit"},
		next: []string{
			"The caseworker looks into longer visits.",
			"The family plans one outing together before the next meeting.",
		},
	},
}

// topics are the one or two topics of an entry.
type topics struct {
	n int
	t [2]*topic
}

func (t *topics) list() []*topic { return t.t[:t.n] }

func (t *topics) first() *topic {
	if t.n == 0 {
		return nil
	}
	return t.t[0]
}

// pickTopics picks what an entry about f is about: one of the family's
// topics, sometimes two; a crisis is about safety first.
func (f *family) pickTopics(r *rand.Rand, kind journal.Kind) topics {
	var t topics
	add := func(i int) {
		p := &topicList[i]
		if t.n < len(t.t) && (t.n == 0 || t.t[0] != p) {
			t.t[t.n] = p
			t.n++
		}
	}
	if kind == journal.KindCrisis {
		add(topicSafety)
	}
	add(f.topics[r.IntN(len(f.topics))])
	if r.IntN(10) < 3 {
		add(f.topics[r.IntN(len(f.topics))])
	}
	return t
}

// Titles.
var (
	meetingTitles = [4][]string{
		{"First team meeting", "Family story and strengths", "Getting to know the team", "Strengths, needs and culture discovery", "Engagement visit with the family", "Building the team"},
		{"Plan development meeting", "Writing the family vision", "Needs statements with the family", "Brainstorming options", "Crisis plan draft", "Choosing strategies"},
		{"Plan review", "Monthly team meeting", "Progress review against outcomes", "Adjusting strategies", "Team meeting at school", "Plan review after a hard month"},
		{"Transition planning meeting", "Planning for life after Wraparound", "Reviewing what the family can do on its own", "Handing tasks to natural supports"},
	}
	crisisTitles      = []string{"Crisis call after a hard weekend", "Emergency team huddle", "Safety plan used", "Crisis follow-up visit"}
	transitionTitles  = []string{"Transition meeting", "Celebrating progress with the family", "Final team meeting", "Transition plan review", "Closing celebration", "Handover to natural supports"}
	supervisionTitles = []string{"Supervision", "Reflective supervision", "Case consultation", "Group supervision", "Supervision: a stuck case"}
	trainingTitles    = []string{"MI refresher training", "Coaching session on reflections", "Learning community", "Training: crisis and safety planning", "Peer learning circle", "Workshop: natural supports", "Training: needs statements", "Cultural humility workshop"}
	otherTitles       = []string{"Paperwork catch-up", "Community resource mapping", "Call with the school counsellor", "Coordination with the caseworker", "Team contact list update"}
	saTitles          = []string{"Quarterly self-assessment", "Self-assessment before supervision", "Self-assessment against the anchors"}
)

// Notes.
const checkInFamily, checkInRemote = 3, 2

var (
	places = []string{"at the family's home", "at the school", "at the community centre", "at the agency office", "in the library meeting room", "in the church hall", "over video"}
	roles  = []string{"the youth", "grandmother", "grandfather", "an aunt", "an uncle", "an older sibling", "the youth's teacher", "the school counsellor",
		"the therapist", "the probation officer", "the caseworker", "a neighbour", "a family friend", "the youth pastor", "the family support partner", "the youth's coach"}
	// checkInWho lists the family first (checkInFamily of them), then
	// professionals, who are met only the first checkInRemote ways of
	// checkInHow.
	checkInWho = []string{"the caregiver", "the youth", "grandmother", "the youth's teacher", "the therapist", "the family support partner"}
	checkInHow = []struct{ how, title string }{
		{"by phone", "Check-in call"},
		{"over video", "Video check-in"},
		{"at the home", "Home visit"},
		{"after school", "Quick check-in after school"},
		{"at the park", "Walk and talk at the park"},
		{"in the car on the way to an appointment", "Check-in on the way to an appointment"},
	}
	phaseLines = [4][]string{
		{"We spent most of the time on the family's story, in their words.", "The caregiver talked about what has and has not helped before.", "We started a list of strengths and of the people the family trusts."},
		{"We worked on the family vision and the needs statements.", "The team brainstormed options for the top need before choosing.", "We drafted the crisis plan together."},
		{"We reviewed each strategy against what the family has tracked.", "Most tasks from last time are done; two are stuck.", "The team agreed to keep the strategies that work and change one that does not."},
		{"We talked about what the family does now without the team.", "The caregiver led part of the meeting.", "We agreed who stays involved after formal Wraparound ends."},
	}
	transitionLines = []string{"The caregiver led the first half of the meeting.", "We listed what the family now does without the team.",
		"Natural supports agreed who stays involved after Wraparound ends.", "The youth talked about what they are proud of."}
	supervisionOpen = []string{"Supervision with my supervisor.", "Reflective supervision; I chose the case I feel most stuck with.",
		"Group supervision with two colleagues.", "Case consultation with my supervisor and the clinical lead."}
	supervisionThemes = []string{"my pull to fix things for caregivers", "balancing paperwork and time with families", "bringing natural supports into a team of professionals",
		"a team member who keeps missing meetings", "how tired I have been lately", "holding hope for a family after a setback", "saying less and reflecting more"}
	trainingTopics = []string{"motivational interviewing", "crisis and safety planning", "natural supports", "writing needs statements",
		"cultural humility", "trauma-informed practice", "documentation that holds the minimum necessary"}
	trainingTakeaways = []string{"The part I want to try: a complex reflection before any question.", "The part I want to try: asking the family who else should be at the table.",
		"The part I want to try: writing the need before anyone names a service.", "Good practice with real examples; I want to watch a recording of my own meeting.",
		"The role plays were awkward but useful."}
	otherOpen = []string{"Coordination day: calls to the school and the caseworker, and the team contact list brought up to date.",
		"Mapped community resources near the families on my caseload: youth clubs, food banks and faith groups.",
		"Caught up on notes and meeting summaries."}
	genericNext = []string{"Send the meeting summary to the team.", "Set the next team meeting at a time that suits the family.",
		"Check in with the caregiver before the next meeting.", "Bring this case to supervision."}
)

// skillLines says, per skill, how practice went: well (a 4 or 5) or not (a 1
// or 2).
var skillLines = sync.OnceValue(func() map[string][2]string {
	return map[string][2]string{
		"eng.voice":       {"The caregiver set the agenda and the youth spoke for themselves about school.", "I noticed I was speaking for the family more than I wanted; the professionals' agenda led."},
		"eng.mi":          {"I kept to open questions and reflections; the caregiver moved from nothing works to naming one small step.", "I slipped into giving advice when the caregiver was frustrated and missed some change talk."},
		"eng.culture":     {"We talked about how the family's faith shapes who they turn to, and the plan now reflects it.", "I assumed a morning meeting would suit the family and did not ask about their customs."},
		"eng.strengths":   {"Each strategy we chose builds on a strength the family named, like the youth's humour with younger children.", "Strengths came up briefly at the start, and then the talk was all about problems."},
		"team.prep":       {"I talked with the caregiver and most team members beforehand, so nothing came as a surprise.", "I did not reach the school before the meeting and the teacher was caught off guard."},
		"team.facil":      {"We kept to time, everyone was heard, and each task left with a person and a deadline.", "The meeting ran over and a few voices took over; two tasks left without an owner."},
		"team.natural":    {"Grandmother carried her part of the plan and offered to take on more.", "The team is still mostly paid professionals; I have not asked who else the family leans on."},
		"team.conflict":   {"When the therapist and the teacher disagreed, I reflected both views and we went back to the family's need.", "I smoothed over a disagreement between the caseworker and the caregiver instead of naming it."},
		"team.options":    {"We brainstormed several options for the evening need, including two informal ones the family liked.", "We picked the usual service before the need was clear."},
		"plan.needs":      {"We reworded the need in the caregiver's words: the youth needs to feel safe at home after school.", "The plan still lists behaviours to stop rather than the need underneath."},
		"plan.outcomes":   {"We reviewed what the family tracked this month; one strategy is not working, so we changed it.", "We did not look at the outcomes today; progress was a matter of impressions."},
		"plan.safety":     {"The family revised the crisis plan themselves and added a neighbour as a back-up.", "The crisis plan still leans on the crisis line; we did not revisit it after the last incident."},
		"plan.transition": {"We talked about life after Wraparound: the caregiver can name who she will call first.", "Transition planning slipped off the agenda again."},
		"self.persist":    {"After the setback I kept steady contact and we reworked the plan together.", "I caught myself wondering whether the family is ready for Wraparound at all."},
		"self.reflect":    {"I noticed my frustration in the moment, slowed down, and wrote it down for supervision.", "My reaction to the caregiver's tone steered me more than I liked."},
		"self.doc":        {"Notes written the same day, minimum necessary, in words the family could read.", "My notes are behind and too long; I need to cut the detail."},
	}
})

// writer writes the text of entries. Its buffer is reused from entry to
// entry, so each text costs one allocation of its own size.
type writer struct {
	rng      *rand.Rand
	skills   journal.Catalog
	b        []byte
	who, how int // a check-in's person and way, shared by title and notes
}

func (w *writer) add(s string)   { w.b = append(w.b, s...) }
func (w *writer) addByte(c byte) { w.b = append(w.b, c) }
func (w *writer) text() string   { return strings.TrimRight(string(w.b), "\n") }
func (w *writer) reset()         { w.b = w.b[:0] }
func (w *writer) endsLine() bool { return len(w.b) == 0 || w.b[len(w.b)-1] == '\n' }

func (w *writer) title(kind journal.Kind, phase int, t topics) string {
	r := w.rng
	tp := t.first()
	switch kind {
	case journal.KindTeamMeeting:
		if tp != nil && phase >= 2 && phase <= 3 && r.IntN(10) < 3 {
			return pick(r, []string{"Plan review: ", "Team meeting: "}) + tp.short
		}
		return pick(r, meetingTitles[max(1, phase)-1])
	case journal.KindCheckIn:
		w.who, w.how = r.IntN(len(checkInWho)), r.IntN(len(checkInHow))
		if w.who >= checkInFamily {
			w.how = r.IntN(checkInRemote)
		}
		switch v := r.IntN(10); {
		case v < 3 && tp != nil:
			return "Check-in about " + tp.short
		case v < 6:
			return "Check-in with " + checkInWho[w.who]
		}
		return checkInHow[w.how].title
	case journal.KindCrisis:
		if in := incident(r, t); in != "" && r.IntN(10) < 7 {
			return pick(r, []string{"Crisis plan update after ", "Crisis follow-up after ", "Safety planning after "}) + in
		}
		return pick(r, crisisTitles)
	case journal.KindTransition:
		return pick(r, transitionTitles)
	case journal.KindSupervision:
		return pick(r, supervisionTitles)
	case journal.KindTraining:
		return pick(r, trainingTitles)
	}
	return pick(r, otherTitles)
}

// incident returns something a crisis about t followed, or "".
func incident(r *rand.Rand, t topics) string {
	for i := t.n - 1; i >= 0; i-- {
		if in := t.t[i].incidents; len(in) > 0 && (i == 0 || r.IntN(2) == 0) {
			return pick(r, in)
		}
	}
	return ""
}

// notes writes a few sentences of Markdown: who met and where, what
// happened, how some of the rated skills went, and next steps. picked
// holds the indexes of the rated skills.
func (w *writer) notes(kind journal.Kind, phase int, t topics, ratings map[string]int, picked []int) string {
	r := w.rng
	w.reset()
	switch kind {
	case journal.KindTeamMeeting, journal.KindTransition:
		if kind == journal.KindTransition {
			w.add("Transition meeting ")
		} else {
			w.add("Team meeting ")
		}
		w.add(pick(r, places))
		w.add(" with the caregiver")
		w.people(1 + r.IntN(3))
		w.add(".\n\n")
		if kind == journal.KindTransition {
			w.add(pick(r, transitionLines))
		} else {
			w.add(pick(r, phaseLines[max(1, phase)-1]))
		}
		w.topicLines(t)
	case journal.KindCheckIn:
		w.add("Short check-in with ")
		w.add(checkInWho[w.who])
		w.addByte(' ')
		w.add(checkInHow[w.how].how)
		w.add(".\n\n")
		w.topicLines(t)
	case journal.KindCrisis:
		in := incident(r, t)
		if in == "" {
			in = "a hard weekend"
		}
		w.add(pick(r, []string{"The caregiver called after ", "Unplanned visit after ", "Grandmother reached out after "}))
		w.add(in)
		w.add(".\n\n")
		w.topicLines(t)
	case journal.KindSupervision:
		w.add(pick(r, supervisionOpen))
		w.add(" We talked about ")
		w.add(pick(r, supervisionThemes))
		w.add(".")
	case journal.KindTraining:
		w.add("Training on ")
		w.add(pick(r, trainingTopics))
		w.add(" with colleagues from the agency.\n\n")
		w.add(pick(r, trainingTakeaways))
	default:
		w.add(pick(r, otherOpen))
		w.topicLines(t)
	}

	// How practice went, for one or two of the skills rated.
	said := 0
	for _, i := range picked {
		if said == 2 {
			break
		}
		id := w.skills[i].ID
		lines, ok := skillLines()[id]
		if !ok {
			continue
		}
		var line string
		switch v := ratings[id]; {
		case v >= 4 && r.IntN(3) > 0:
			line = lines[0]
		case v <= 2:
			line = lines[1]
		case v == 3 && r.IntN(4) == 0:
			line = lines[r.IntN(2)]
		}
		if line == "" {
			continue
		}
		if said == 0 {
			w.add("\n\n")
		} else {
			w.addByte(' ')
		}
		w.add(line)
		said++
	}

	// Next steps, as a list.
	if kind != journal.KindTraining && r.IntN(10) < 7 {
		w.add("\n\n**Next steps**\n")
		var pool []string
		if tp := t.first(); tp != nil {
			pool = tp.next
		}
		prev := ""
		for j := range 1 + r.IntN(2) {
			step := pick(r, genericNext)
			if j == 0 && len(pool) > 0 {
				step = pick(r, pool)
			}
			if step == prev {
				continue
			}
			prev = step
			w.add("- ")
			w.add(step)
			w.addByte('\n')
		}
	}
	return w.text()
}

// people writes n different roles after a first person: ", A, B and C".
func (w *writer) people(n int) {
	var chosen [3]int
	for k := 0; k < n; {
		i := w.rng.IntN(len(roles))
		if slices.Contains(chosen[:k], i) {
			continue
		}
		chosen[k] = i
		if k == n-1 {
			w.add(" and ")
		} else {
			w.add(", ")
		}
		w.add(roles[i])
		k++
	}
}

// topicLines writes a line about each topic, after what came before.
func (w *writer) topicLines(t topics) {
	for _, tp := range t.list() {
		if !w.endsLine() {
			w.addByte(' ')
		}
		w.add(pick(w.rng, tp.lines))
	}
}

func (w *writer) selfAssessmentNotes(best, worst string) string {
	w.reset()
	w.add("Self-assessment against the anchors of every skill, before supervision.\n\n")
	w.add("Strongest right now: **")
	w.add(best)
	w.add("**. Most room to grow: **")
	w.add(worst)
	w.add("**.\n\nThese are self-ratings: material for the conversation with my supervisor, not a score.")
	return w.text()
}
