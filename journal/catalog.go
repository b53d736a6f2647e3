package journal

// Key elements: the five of the WFI-EZ, which coach exports roll ratings up
// to, and one for the skills of the professional self, which the WFI-EZ does
// not cover.
const (
	KeyStrengthFamily   = "Strength & Family Driven"
	KeyTeamwork         = "Effective Teamwork"
	KeyNaturalSupports  = "Natural & Community Supports"
	KeyNeedsBased       = "Needs-Based"
	KeyOutcomesBased    = "Outcomes-Based"
	KeyProfessionalSelf = "Professional self"
)

// Groups of the built-in skills, one for each id prefix.
const (
	groupEngagement   = "Engagement"        // eng.
	groupTeamwork     = "Teamwork"          // team.
	groupPlanning     = "Planning"          // plan.
	groupProfessional = "Professional self" // self.
)

// KeyElements returns the key elements in display order: the order in which
// the built-in catalog first uses them.
func KeyElements() []string {
	return []string{
		KeyStrengthFamily,
		KeyTeamwork,
		KeyNaturalSupports,
		KeyNeedsBased,
		KeyOutcomesBased,
		KeyProfessionalSelf,
	}
}

// BuiltinSkills returns the 16 built-in skills in their fixed order. Their
// ids are part of hone's interface and never change. Anchors describe a 1,
// a 3 and a 5: a 5 is consistent, skilled practice that others would notice,
// not a good day. Each call returns a new catalog the caller may change.
func BuiltinSkills() Catalog {
	c := Catalog{
		{
			ID:          "eng.voice",
			Name:        "Family and youth voice",
			Group:       groupEngagement,
			KeyElement:  KeyStrengthFamily,
			Description: "Making room for the caregiver and the youth to set the agenda, choose the priorities and decide among options, so the plan reads in their words, not the team's.",
			Anchors: [3]string{
				"I set the agenda and made the calls; the family's view came late, if at all, or was overruled.",
				"I asked the family's view on most decisions, but professionals' priorities still led parts of the meeting.",
				"The family set the agenda and chose among options, the youth spoke for themselves, and I held to that when others pushed back.",
			},
		},
		{
			ID:          "eng.mi",
			Name:        "MI skills",
			Group:       groupEngagement,
			KeyElement:  KeyStrengthFamily,
			Description: "Using open questions, affirmations, reflections and summaries (OARS) to understand the family, and hearing and strengthening change talk instead of arguing for change.",
			Anchors: [3]string{
				"I mostly gave advice, asked closed questions or argued for change; change talk went by unnoticed.",
				"I used open questions and simple reflections, but missed change talk at times and slipped into advising.",
				"I reflected more than I asked, often going past the words, and drew out change talk even when the caregiver pushed back.",
			},
		},
		{
			ID:          "eng.culture",
			Name:        "Cultural responsiveness",
			Group:       groupEngagement,
			KeyElement:  KeyStrengthFamily,
			Description: "Learning how the family understands its own culture, language, faith and traditions, and letting that shape how the team works and what the plan holds.",
			Anchors: [3]string{
				"I assumed what mattered to the family; their language, faith, traditions or way of deciding had no place in the plan.",
				"I asked about culture and preferences early on, but it changed little of how meetings run or what the plan holds.",
				"The family's culture visibly shapes who comes, when and how we meet, and the options, and I check my assumptions out loud.",
			},
		},
		{
			ID:          "eng.strengths",
			Name:        "Strengths discovery",
			Group:       groupEngagement,
			KeyElement:  KeyStrengthFamily,
			Description: "Finding the real, specific strengths of the youth, the caregiver and the people around them, and building the plan on them.",
			Anchors: [3]string{
				"Strengths were skipped, generic (\"a loving family\") or listed once and forgotten; the talk was about problems.",
				"We have a list of strengths, but few are specific and fewer are used when the team picks strategies.",
				"Strengths are specific, come from the family and those who know them, and each strategy builds on one; the family hears them as true.",
			},
		},
		{
			ID:          "team.prep",
			Name:        "Meeting preparation",
			Group:       groupTeamwork,
			KeyElement:  KeyTeamwork,
			Description: "Talking with the family and team members before each meeting, agreeing its purpose and agenda, and heading off surprises so the meeting can do its work.",
			Anchors: [3]string{
				"I came in without having talked to the family or team members; the purpose and agenda were unclear.",
				"I checked in with the family beforehand, but some team members arrived unprepared or were caught off guard.",
				"Everyone, the family first, knew the purpose, the agenda and their part before we met, and nothing hard came as a surprise.",
			},
		},
		{
			ID:          "team.facil",
			Name:        "Meeting facilitation",
			Group:       groupTeamwork,
			KeyElement:  KeyTeamwork,
			Description: "Keeping the team on purpose and on time, drawing out every voice, summarising, and closing with clear decisions and who does what by when.",
			Anchors: [3]string{
				"The meeting drifted or ran over, a few voices took over, and people left unsure what was decided or who does what.",
				"We got through the agenda and made decisions, but some voices stayed quiet and a few tasks left without an owner.",
				"We kept to purpose and time, every member was heard, I summarised each decision, and every task left with a name and a date.",
			},
		},
		{
			ID:          "team.natural",
			Name:        "Natural and community supports",
			Group:       groupTeamwork,
			KeyElement:  KeyNaturalSupports,
			Description: "Helping the family find and bring in people from their own life and community, such as relatives, friends, neighbours and faith groups, who will stay after services end.",
			Anchors: [3]string{
				"The team is all paid professionals, and I have not asked who else the family leans on.",
				"Natural supports are named in the plan, but few come to meetings or hold real tasks.",
				"Natural supports come, speak up and carry real parts of the plan, and the family counts on them to stay after services end.",
			},
		},
		{
			ID:          "team.conflict",
			Name:        "Collaboration through disagreement",
			Group:       groupTeamwork,
			KeyElement:  KeyTeamwork,
			Description: "When team members disagree, bringing it into the open, reflecting each view fairly and steering back to the family's needs, without taking sides or smoothing it over.",
			Anchors: [3]string{
				"Disagreement was dodged, settled by whoever held the most power, or turned personal, with the family caught in the middle.",
				"I named the disagreement and let each side speak, but we settled it by splitting the difference, not by the family's needs.",
				"I named the conflict calmly, reflected each view fairly, and we decided by the family's needs; everyone stayed at the table.",
			},
		},
		{
			ID:          "team.options",
			Name:        "Creative, individualized options",
			Group:       groupTeamwork,
			KeyElement:  KeyNeedsBased,
			Description: "Brainstorming several options for each need, informal and community ones among them, and fitting them to this family rather than to the services on hand.",
			Anchors: [3]string{
				"Strategies were the usual services on offer, picked before the need was clear.",
				"We brainstormed a few options, but most still came from the standard menu of services.",
				"For each need the team raised several options, some informal or new, the family chose, and the plan would fit no other family.",
			},
		},
		{
			ID:          "plan.needs",
			Name:        "Needs drive the plan",
			Group:       groupPlanning,
			KeyElement:  KeyNeedsBased,
			Description: "Looking past behaviours and services to the underlying need, the reason things happen, and building every strategy around those needs.",
			Anchors: [3]string{
				"The plan lists behaviours to stop or services to attend; no underlying need is named.",
				"Needs are named, but some are services in disguise (\"needs counselling\") or not in the family's words.",
				"Each need explains why things happen in words the family owns, every strategy traces back to one, and the team uses them.",
			},
		},
		{
			ID:          "plan.outcomes",
			Name:        "Progress monitoring",
			Group:       groupPlanning,
			KeyElement:  KeyOutcomesBased,
			Description: "Agreeing how the team will know things are better, checking that at every meeting, and changing strategies that are not working.",
			Anchors: [3]string{
				"There is no measurable outcome; progress is a matter of impressions, and strategies stay whether they work or not.",
				"Outcomes are written down and sometimes reviewed, but tracking is patchy and strategies change slowly.",
				"Every meeting reviews what was tracked against outcomes the family chose, and strategies that are not working get changed.",
			},
		},
		{
			ID:          "plan.safety",
			Name:        "Crisis and safety planning",
			Group:       groupPlanning,
			KeyElement:  KeyOutcomesBased,
			Description: "With the family, foreseeing what could go wrong, naming early warning signs, and writing a practical plan to prevent and respond to crises that draws on their own people.",
			Anchors: [3]string{
				"There is no crisis plan, or a generic one that says to call the crisis line and nothing about this family.",
				"There is a crisis plan with triggers and steps, but it leans on professionals and has not been revisited.",
				"The family helped write a plan of triggers, early signs and who does what, day or night, and we revise it after every crisis.",
			},
		},
		{
			ID:          "plan.transition",
			Name:        "Transition planning",
			Group:       groupPlanning,
			KeyElement:  KeyOutcomesBased,
			Description: "Planning with the family from early on for the end of formal Wraparound: what they keep doing, who supports them, and how they will meet new problems.",
			Anchors: [3]string{
				"Transition came up only at the end, or the family left without a plan for what comes next.",
				"We made a transition plan, but late, and it rests mostly on services rather than the family's own people.",
				"Transition has been on the agenda from early on; the family can say how they will meet new problems and whom they will call.",
			},
		},
		{
			ID:          "self.persist",
			Name:        "Persistence after setbacks",
			Group:       groupProfessional,
			KeyElement:  KeyOutcomesBased,
			Description: "When a plan fails, a crisis hits or the family pulls away, staying with them, treating what happened as information, and changing the plan rather than blaming or closing.",
			Anchors: [3]string{
				"After a setback I pulled back, blamed the family or spoke of closing the case.",
				"I stayed involved after setbacks, but kept the same plan instead of asking what the setback taught us.",
				"After setbacks I keep steady contact and rework the plan with the family; they would say the team never gave up on them.",
			},
		},
		{
			ID:          "self.reflect",
			Name:        "Reflective use of self",
			Group:       groupProfessional,
			KeyElement:  KeyProfessionalSelf,
			Description: "Noticing your own reactions, assumptions and values during and after the work, bringing them to supervision, and changing how you practise because of what you learn.",
			Anchors: [3]string{
				"I did not notice my reactions until they spilled over, and I keep hard moments out of supervision.",
				"I reflect after meetings and in supervision, but my reactions in the moment still steer me at times.",
				"I catch my reactions in the moment and adjust, bring my hardest cases to supervision, and can show what I changed because of it.",
			},
		},
		{
			ID:          "self.doc",
			Name:        "Documentation discipline",
			Group:       groupProfessional,
			KeyElement:  KeyProfessionalSelf,
			Description: "Writing timely, accurate notes that hold the minimum necessary: what was decided and why, in respectful words the family could read, with no identifying detail beyond what the record needs.",
			Anchors: [3]string{
				"Notes are late, vague or judging, or hold details about the family that the record does not need.",
				"Notes are accurate and mostly on time, but at times wordy, with extra detail or professional labels.",
				"Notes are done within a day, hold only what is needed, and read so the family could see them without feeling judged.",
			},
		},
	}
	for i := range c {
		c[i].Builtin = true
	}
	return c
}
