package journal

// PromptModels returns the reflective models the built-in prompts draw on,
// as used in tags ("gibbs:feelings"): Gibbs' cycle, Kolb's cycle, Rolfe's
// What? So what? Now what?, Schön's reflection in and on action, and
// Brookfield's four lenses.
func PromptModels() []string {
	return []string{"gibbs", "kolb", "rolfe", "schon", "brookfield"}
}

// BuiltinPrompts returns the built-in reflection prompts, each tagged with
// skill ids, phases ("phase:1" to "phase:4") or model steps
// ("rolfe:so-what"). Their ids are part of hone's interface: an id is never
// changed or reused. Each call returns a new slice the caller may change.
func BuiltinPrompts() []Prompt {
	ps := []Prompt{
		// Family and youth voice.
		{ID: "voice-1", Tags: []string{"eng.voice", "phase:2"},
			Text: "Whose words ended up in today's decisions? Recall one moment when the caregiver or the youth changed where the team was heading."},
		{ID: "voice-2", Tags: []string{"eng.voice", "phase:1"},
			Text: "What does the family most want from Wraparound, in their words rather than the referral's? How close did today come to it?"},
		{ID: "voice-3", Tags: []string{"eng.voice", "phase:3"},
			Text: "When did you or another professional speak for the family today? What would have made room for them to say it themselves?"},
		{ID: "voice-4", Tags: []string{"eng.voice", "phase:2", "phase:3"},
			Text: "How much of today's talk came from the youth? What helped them speak up, and what got in the way?"},

		// MI skills.
		{ID: "mi-1", Tags: []string{"eng.mi"},
			Text: "Recall one reflection you offered today. What did the caregiver say next, and did it take the talk deeper?"},
		{ID: "mi-2", Tags: []string{"eng.mi", "phase:3"},
			Text: "What change talk did you hear today: a wish, a reason, a need or a small step? How did you respond to it?"},
		{ID: "mi-3", Tags: []string{"eng.mi", "phase:1"},
			Text: "Where did you feel the pull to fix, advise or persuade today? What did you do with it?"},
		{ID: "mi-4", Tags: []string{"eng.mi", "team.facil"},
			Text: "Did you offer a summary today? What did the family add or correct when they heard it?"},
		{ID: "mi-5", Tags: []string{"eng.mi", "eng.strengths"},
			Text: "Which affirmation did you offer today? Was it about something the person actually did, or a general compliment?"},

		// Cultural responsiveness.
		{ID: "culture-1", Tags: []string{"eng.culture", "phase:1"},
			Text: "What did you learn today about how the family sees its own culture, faith or traditions? Where did it show in the meeting?"},
		{ID: "culture-2", Tags: []string{"eng.culture", "brookfield:self"},
			Text: "Which of your own ideas about how a family should do things did today bump against? What did you do with that?"},

		// Strengths discovery.
		{ID: "strengths-1", Tags: []string{"eng.strengths", "phase:1"},
			Text: "Name one strength you noticed today that is not in the plan yet. How could the team build on it?"},
		{ID: "strengths-2", Tags: []string{"eng.strengths", "phase:2"},
			Text: "Pick one strategy in the plan. Which strength of the youth, the caregiver or their people does it rest on?"},

		// Meeting preparation.
		{ID: "prep-1", Tags: []string{"team.prep", "phase:1"},
			Text: "Who did you talk with before today's meeting, and whom did you not reach? How did that show in the room?"},
		{ID: "prep-2", Tags: []string{"team.prep", "phase:3"},
			Text: "Was anyone caught off guard in today's meeting? What conversation beforehand might have prevented it?"},

		// Meeting facilitation.
		{ID: "facil-1", Tags: []string{"team.facil", "phase:2"},
			Text: "Who spoke least today? What might have helped them be heard?"},
		{ID: "facil-2", Tags: []string{"team.facil", "phase:3"},
			Text: "Did every task leave the meeting with a person and a date? Which one are you least sure will happen?"},

		// Natural and community supports.
		{ID: "natural-1", Tags: []string{"team.natural", "phase:1"},
			Text: "Who does the family lean on outside of services? Did you ask today, and did anyone new come up?"},
		{ID: "natural-2", Tags: []string{"team.natural", "phase:3"},
			Text: "Which part of the plan does a natural support carry? What would it take to hand them one more piece?"},

		// Collaboration through disagreement.
		{ID: "conflict-1", Tags: []string{"team.conflict", "phase:3"},
			Text: "Where did team members pull in different directions today? What did you do, and where did it leave the family?"},
		{ID: "conflict-2", Tags: []string{"team.conflict"},
			Text: "Think of the team member you find hardest to work with. What might they need from the team that they are not getting?"},

		// Creative, individualized options.
		{ID: "options-1", Tags: []string{"team.options", "phase:2"},
			Text: "For the need the team worked on today, how many options came up before one was picked? Were any informal or new?"},
		{ID: "options-2", Tags: []string{"team.options", "team.natural"},
			Text: "If no formal services existed, how would the family and their people meet today's main need?"},

		// Needs drive the plan.
		{ID: "needs-1", Tags: []string{"plan.needs", "phase:2"},
			Text: "Take the behaviour that worried the team most today. What need might sit underneath it?"},
		{ID: "needs-2", Tags: []string{"plan.needs", "eng.voice"},
			Text: "Read one need in the plan. Would the caregiver recognise it as their own, or does it name a service?"},

		// Progress monitoring.
		{ID: "outcomes-1", Tags: []string{"plan.outcomes", "phase:3"},
			Text: "How will the team know, a month from now, that things are better? Did today's meeting look at that?"},
		{ID: "outcomes-2", Tags: []string{"plan.outcomes", "phase:3"},
			Text: "Which strategy is not working yet? What has the team seen that says so, and what keeps it in the plan?"},

		// Crisis and safety planning.
		{ID: "safety-1", Tags: []string{"plan.safety", "phase:2"},
			Text: "If a crisis came tonight, does the family know their first steps and whom to call? How do you know?"},
		{ID: "safety-2", Tags: []string{"plan.safety", "phase:3"},
			Text: "After the last hard moment, what did the family learn that belongs in the safety plan?"},

		// Transition planning.
		{ID: "transition-1", Tags: []string{"plan.transition", "phase:4"},
			Text: "What can the family now handle without you that they could not at the start? Who else has noticed?"},
		{ID: "transition-2", Tags: []string{"plan.transition", "phase:4"},
			Text: "When a new problem comes up after Wraparound ends, who will the family call first? Have they tried it yet?"},
		{ID: "transition-3", Tags: []string{"plan.transition", "phase:3"},
			Text: "What did you do today that the family or a natural support could do next time?"},
		{ID: "transition-4", Tags: []string{"plan.transition", "eng.strengths", "phase:4"},
			Text: "How will the team mark what the family has achieved? Whose idea is the way you celebrate?"},

		// Persistence after setbacks.
		{ID: "persist-1", Tags: []string{"self.persist", "phase:3"},
			Text: "What got in the way this week? What does it tell the team about the plan, rather than about the family?"},
		{ID: "persist-2", Tags: []string{"self.persist"},
			Text: "Where are you tempted to give up with this family? What would staying with them look like next week?"},

		// Reflective use of self.
		{ID: "reflect-1", Tags: []string{"self.reflect"},
			Text: "What reaction of yours showed up today, in your body or in your words? What set it off?"},
		{ID: "reflect-2", Tags: []string{"self.reflect"},
			Text: "If you could bring only one thing from today to supervision, what would it be?"},

		// Documentation discipline.
		{ID: "doc-1", Tags: []string{"self.doc"},
			Text: "Read your note for today. Would you be at ease if the caregiver read it over your shoulder?"},
		{ID: "doc-2", Tags: []string{"self.doc"},
			Text: "What detail in today's note could you leave out and still keep what the record needs?"},

		// Gibbs' reflective cycle.
		{ID: "gibbs-describe", Tags: []string{"gibbs:describe"},
			Text: "Describe one moment from today in two or three plain sentences: who was there, by role, what was said and what happened next."},
		{ID: "gibbs-feelings", Tags: []string{"gibbs:feelings", "self.reflect"},
			Text: "What were you feeling during the meeting, and what do you feel now? Both are worth writing down."},
		{ID: "gibbs-evaluate", Tags: []string{"gibbs:evaluate"},
			Text: "What went well today, and what did not? Name one of each."},
		{ID: "gibbs-analyse", Tags: []string{"gibbs:analyse"},
			Text: "Think of the moment that stayed with you most. Why did it go the way it did, and what did you, the family and the team each bring to it?"},
		{ID: "gibbs-conclude", Tags: []string{"gibbs:conclude"},
			Text: "Looking at the hardest moment today, what else could you have done? What do you want to keep doing?"},
		{ID: "gibbs-action", Tags: []string{"gibbs:action"},
			Text: "If something like it happens at the next meeting, what will you do? Make it one concrete step."},

		// Kolb's learning cycle.
		{ID: "kolb-experience", Tags: []string{"kolb:experience"},
			Text: "What happened today that you did not expect?"},
		{ID: "kolb-reflect", Tags: []string{"kolb:reflect"},
			Text: "Looking back on today's meeting, what do you notice now that you missed at the time?"},
		{ID: "kolb-conceptualise", Tags: []string{"kolb:conceptualise"},
			Text: "What does today suggest about what helps this family move, or about your practice more widely?"},
		{ID: "kolb-experiment", Tags: []string{"kolb:experiment"},
			Text: "What small thing will you try differently at the next meeting, and how will you know if it helped?"},

		// Rolfe's What? So what? Now what?
		{ID: "rolfe-what", Tags: []string{"rolfe:what"},
			Text: "What? In a sentence or two, what was the main thing that happened today, and what was your part in it?"},
		{ID: "rolfe-so-what", Tags: []string{"rolfe:so-what"},
			Text: "So what? What does today tell you about the family, the team or your own practice?"},
		{ID: "rolfe-now-what", Tags: []string{"rolfe:now-what"},
			Text: "Now what? What will you do, ask or bring to supervision because of today?"},

		// Schön: reflection in action and on action.
		{ID: "schon-in-action", Tags: []string{"schon:in-action", "self.reflect"},
			Text: "Was there a moment today when you changed course mid-conversation? What did you notice that made you change?"},
		{ID: "schon-on-action", Tags: []string{"schon:on-action", "eng.mi"},
			Text: "Replay a moment you would handle differently. What would you say instead, word for word?"},

		// Brookfield's four lenses.
		{ID: "brookfield-self", Tags: []string{"brookfield:self", "self.reflect"},
			Text: "What from your own life or past cases shaped how you saw this family today?"},
		{ID: "brookfield-family", Tags: []string{"brookfield:family", "eng.voice"},
			Text: "How would the caregiver describe today's meeting to a friend? And the youth?"},
		{ID: "brookfield-colleagues", Tags: []string{"brookfield:colleagues", "team.facil"},
			Text: "What would your coach or a trusted colleague have noticed if they had watched today? What would they ask you?"},
		{ID: "brookfield-theory", Tags: []string{"brookfield:theory"},
			Text: "Which Wraparound principle or MI idea helps you make sense of today? Where did your practice and the model part ways?"},
	}
	for i := range ps {
		ps[i].Builtin = true
	}
	return ps
}

// PromptsFor returns the prompts of ps that carry tag and are not archived,
// in their order.
func PromptsFor(ps []Prompt, tag string) []Prompt {
	var out []Prompt
	for _, p := range ps {
		if !p.Archived && p.HasTag(tag) {
			out = append(out, p)
		}
	}
	return out
}
