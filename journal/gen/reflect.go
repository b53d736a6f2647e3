package gen

import (
	"strings"
	"sync"

	"hone/journal"
)

// promptIndex finds built-in prompts by skill, phase and reflective model,
// built once per journal.
type promptIndex struct {
	prompts     []journal.Prompt
	answers     [][2]string // per prompt: an answer after a good day, one after a hard day
	phases      []uint8     // per prompt, a bit for each phase:N tag; 0 for none
	bySkill     [][]int     // per skill index, the prompts tagged with it
	byPhase     [5][]int    // per phase, the prompts tagged phase:N
	models      []int       // prompts tagged with a step of a reflective model
	supervision []int       // prompts for supervision and self-assessment
}

func newPromptIndex(ps []journal.Prompt, skills journal.Catalog) promptIndex {
	x := promptIndex{bySkill: make([][]int, len(skills))}
	for _, p := range ps {
		if p.Archived || p.Text == "" {
			continue
		}
		i := len(x.prompts)
		x.prompts = append(x.prompts, p)
		a, ok := promptAnswers()[p.ID]
		if !ok {
			a = genericAnswers
		}
		x.answers = append(x.answers, a)
		x.phases = append(x.phases, 0)
		if strings.Contains(supervisionPrompts, " "+p.ID+" ") {
			x.supervision = append(x.supervision, i)
		}
		model := false
		for _, t := range p.Tags {
			switch {
			case len(t) == len("phase:N") && strings.HasPrefix(t, "phase:") && t[6] >= '1' && t[6] <= '4':
				ph := int(t[6] - '0')
				x.byPhase[ph] = append(x.byPhase[ph], i)
				x.phases[i] |= 1 << ph
			case strings.Contains(t, ":"):
				model = true
			default:
				for s := range skills {
					if skills[s].ID == t {
						x.bySkill[s] = append(x.bySkill[s], i)
					}
				}
			}
		}
		if model {
			x.models = append(x.models, i)
		}
	}
	if len(x.supervision) == 0 {
		x.supervision = x.models
	}
	return x
}

// The prompts a facilitator answers in supervision and self-assessments.
const supervisionPrompts = " reflect-2 rolfe-so-what rolfe-now-what kolb-conceptualise brookfield-colleagues brookfield-self gibbs-conclude "

// reflect answers 0 to 2 prompts, chosen for the skills the entry rates
// (g.picked), its phase, or a step of a reflective model. The answer's tone
// follows the ratings.
func (g *generator) reflect(kind journal.Kind, phase int, ratings map[string]int) []journal.Reflection {
	r := g.rng
	x := &g.prompts
	if len(x.prompts) == 0 {
		return nil
	}
	u := r.IntN(100)
	n := 0
	switch kind {
	case journal.KindTeamMeeting, journal.KindTransition:
		n = btoi(u >= 30) + btoi(u >= 85)
	case journal.KindCheckIn:
		n = btoi(u >= 50) + btoi(u >= 95)
	case journal.KindCrisis, journal.KindTraining:
		n = btoi(u >= 25)
	case journal.KindSupervision, journal.KindSelfAssessment:
		n = 1 + btoi(u >= 60)
	default:
		n = btoi(u >= 70)
	}
	if n == 0 {
		return nil
	}
	sum := 0
	for _, v := range ratings {
		sum += v
	}
	mood := 3.0
	if len(ratings) > 0 {
		mood = float64(sum) / float64(len(ratings))
	}
	out := make([]journal.Reflection, 0, n)
	var used [2]int
	for tries := 0; len(out) < n && tries < 8; tries++ {
		p, tone := -1, mood
		switch v := r.IntN(100); {
		case kind == journal.KindSupervision || kind == journal.KindSelfAssessment:
			p = pick(r, x.supervision)
		case v < 60 && len(g.picked) > 0:
			s := g.picked[r.IntN(len(g.picked))]
			// A prompt for the skill, if one fits the phase: "How will the
			// team mark what the family has achieved?" is for transition.
			for ps, try := x.bySkill[s], 0; len(ps) > 0 && try < 3; try++ {
				if q := pick(r, ps); x.fits(q, phase) {
					p, tone = q, float64(ratings[g.skills[s].ID])
					break
				}
			}
		case v < 75 && phase > 0 && len(x.byPhase[phase]) > 0:
			p = pick(r, x.byPhase[phase])
		}
		if p < 0 {
			if len(x.models) == 0 {
				continue
			}
			p = pick(r, x.models)
		}
		dup := false
		for _, q := range used[:len(out)] {
			dup = dup || q == p
		}
		if dup {
			continue
		}
		used[len(out)] = p
		var answer string
		switch {
		case tone >= 3.75:
			answer = x.answers[p][0]
		case tone < 2.75:
			answer = x.answers[p][1]
		default:
			answer = x.answers[p][r.IntN(2)]
		}
		out = append(out, journal.Reflection{
			PromptID: x.prompts[p].ID,
			Prompt:   x.prompts[p].Text,
			Answer:   answer,
			Shared:   r.IntN(100) < 85,
		})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// fits reports whether prompt p suits an entry in the phase: it names that
// phase or none, or the entry has no phase.
func (x *promptIndex) fits(p, phase int) bool {
	return phase == 0 || x.phases[p] == 0 || x.phases[p]&(1<<phase) != 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// genericAnswers answer a prompt hone gen has no answers of its own for.
var genericAnswers = [2]string{
	"Today went better than I expected; I want to understand why, so I can do it again.",
	"I am still thinking about this one; the meeting left me with more questions than answers.",
}

// promptAnswers answers each built-in prompt: after a good day, after a hard
// one.
var promptAnswers = sync.OnceValue(func() map[string][2]string {
	return map[string][2]string{
		"voice-1": {"The caregiver moved the school item ahead of the housing one, and the team followed her lead.",
			"Mostly the professionals' words. The caregiver agreed to things but did not shape them."},
		"voice-2": {"In her words: a calm house and her son back in school. Today we spent most of the time on the school part.",
			"I realised I still describe it in the referral's terms. I need to ask again and write down her answer."},
		"voice-3": {"Once, when the therapist summarised the week. I paused and asked the youth to say it instead, and it came out differently.",
			"I spoke for the caregiver when the teacher pushed back. Next time I will ask her first whether she wants to answer."},
		"voice-4": {"More than usual: the youth led the part about after-school plans. Sitting next to grandmother helped.",
			"Very little. The room was full of adults and the agenda was ours; I could meet the youth alone beforehand."},
		"mi-1": {"I reflected that mornings feel like a battle. The caregiver said it is really about feeling alone, which opened the talk.",
			"I reflected the surface words and she just agreed. A deeper reflection about her worry might have gone further."},
		"mi-2": {"She said she wants to be the one who gets him to school. I reflected it and asked what a first step would look like.",
			"There was a wish to change the evening routine, and I went straight to solutions instead of drawing it out."},
		"mi-3": {"When the caregiver listed everything that went wrong. I noticed the pull and asked what she had already tried instead.",
			"Strongly, when the youth talked about skipping school. I gave advice and the conversation closed down."},
		"mi-4": {"Yes, at the end. The caregiver corrected one point: it is the evenings, not the mornings, that wear her out.",
			"No, we ran out of time. Without a summary, people left with different ideas of what was agreed."},
		"mi-5": {"I affirmed that the caregiver called the school herself before the meeting. She sat up a little.",
			"I said she was doing great, which was general. A specific affirmation would have landed better."},
		"culture-1": {"Sunday church is the family's anchor; they want the youth pastor on the team. It changed when we will meet.",
			"Not much. I did not ask, and the plan still looks like every other plan on my caseload."},
		"culture-2": {"My idea that bedtime should be fixed. In this family, evenings with relatives matter more, and that is fine.",
			"I expected the caregiver to decide alone, but she checks with the elders first. I got impatient with that."},
		"strengths-1": {"The youth is patient with younger cousins. It could become a strategy for the after-school hours.",
			"I noticed the caregiver's persistence with the school, but I did not name it in the meeting."},
		"strengths-2": {"The evening walk rests on grandmother's steadiness and the youth's love of the dog.",
			"The homework strategy does not rest on any strength I can name. That is a sign it may not hold."},
		"prep-1": {"The caregiver, the teacher and grandmother. I did not reach the therapist, and she came in with a different agenda.",
			"Only the caregiver. Two team members were surprised by the agenda, and it showed."},
		"prep-2": {"No. The talk with the school beforehand paid off; the hard news was already known.",
			"The probation officer was surprised by the plan change. A short call the day before would have helped."},
		"facil-1": {"The uncle, who is new. I asked him directly near the end and he offered weekend lifts.",
			"The youth. The adults filled every silence; next time I will plan a moment just for them."},
		"facil-2": {"Yes, all of them. The one I am least sure about is the call to the housing advocate.",
			"Two tasks left without a deadline. I will send a short summary tomorrow to fix that."},
		"natural-1": {"I asked, and a neighbour and the family friend from church came up for the first time.",
			"I did not ask today. The team is still all professionals."},
		"natural-2": {"Grandmother carries the Sunday evenings. She could take on the school pick-ups too, if the caregiver agrees.",
			"None yet. I need to ask the caregiver whom she would trust with a small piece."},
		"conflict-1": {"The teacher and the therapist disagreed about homework. I reflected both and asked the caregiver what she needs; we went with her view.",
			"I let the disagreement pass, and the family left unsure whom to listen to."},
		"conflict-2": {"The caseworker may need to know the safety concerns are taken seriously. I can share the crisis plan with her.",
			"I still find it hard to see it from their side. I will bring it to supervision."},
		"options-1": {"Four options, two of them informal: a neighbour's help and an after-school club.",
			"One. We picked the usual service within minutes."},
		"options-2": {"Grandmother could cover two evenings and the church group could offer lifts. Worth raising at the next meeting.",
			"I struggled to think of anything, which says more about my habits than about the family."},
		"needs-1": {"The running off. Underneath, the youth seems to need a way to get space without being seen as in trouble.",
			"The outbursts at school. I am not sure what the need is yet, and the team jumped to consequences."},
		"needs-2": {"Yes: the need for time to herself, to stay patient, came from her.",
			"It names a service. I will ask her to put the need in her own words next time."},
		"outcomes-1": {"The caregiver will count school mornings without a fight. We looked at last month's count today.",
			"We did not look at it. I am not sure the team would agree on what better means."},
		"outcomes-2": {"The homework chart. The youth ignores it, and the team agreed to drop it and try the study club.",
			"The reward system. Nothing says it is working, but no one wants to be the one to drop it."},
		"safety-1": {"Yes. The caregiver walked me through the first steps without looking at the plan.",
			"I am not sure. The plan is on paper, but we have not practised it."},
		"safety-2": {"That the youth calms down faster with grandmother than with anyone else. She is now the first call.",
			"We have not talked about it yet; the plan is out of date."},
		"transition-1": {"The caregiver now calls the school herself and runs the first part of the meeting. The teacher noticed too.",
			"Less than I hoped. She still waits for me to make the calls."},
		"transition-2": {"Grandmother, and then the family friend from church. They tried it last month and it worked.",
			"They said me. That tells me the transition plan is not ready."},
		"transition-3": {"Writing the agenda. The caregiver could do it next time, with grandmother's help.",
			"Most of it; I still run every part of the meeting."},
		"transition-4": {"The youth wants a cook-out with the whole team. It was their idea, and the caregiver loved it.",
			"We have not talked about it. I should ask the family how they want to mark the end."},
		"persist-1": {"The plan relied on evening calls the caregiver cannot make after her shift. The plan needs to change, not the family.",
			"Missed meetings again. I notice I am starting to read it as the family not caring."},
		"persist-2": {"Not right now, but I was last month. Staying with them meant a short visit every week even when little happened.",
			"After the third missed meeting. Staying with them would look like a short home visit next week, with no agenda."},
		"reflect-1": {"My shoulders tightened when the caseworker raised closing the case. I breathed and asked a question instead of arguing.",
			"Irritation, when the teacher talked over the caregiver. It came out in my tone."},
		"reflect-2": {"How I handle my pull to rescue this caregiver.",
			"The moment I lost patience with the teacher, and what it was about."},
		"doc-1": {"Yes. It says what was decided and why, and nothing she would find judging.",
			"Not fully. One sentence sounds judging; I will rewrite it."},
		"doc-2": {"The details of the argument at home. The record needs the safety step, not the story.",
			"Quite a lot. I wrote down things the record does not need."},
		"gibbs-describe": {"The caregiver, grandmother, the teacher and I met at school. The teacher shared good news about attendance and the caregiver smiled for the first time in weeks.",
			"The caregiver, the therapist and I met at the home. The talk turned to last week's incident and the caregiver went quiet."},
		"gibbs-feelings": {"Hopeful during the meeting, and tired but satisfied now.",
			"Anxious during the meeting, and a bit discouraged now. Writing it down helps."},
		"gibbs-evaluate": {"Went well: the family led the agenda. Did not: we ran over time.",
			"Went well: everyone came. Did not: we never got to the safety plan."},
		"gibbs-analyse": {"The moment the youth spoke up about school. It worked because grandmother sat beside them and I left a real silence.",
			"The argument about homework. I was tired, the teacher was defensive and the family was caught between us."},
		"gibbs-conclude": {"I could have paused sooner. I want to keep opening with what went well.",
			"I could have named the tension instead of moving on. I want to keep preparing the family beforehand."},
		"gibbs-action": {"Name a disagreement early and reflect each side before moving on.",
			"Call the teacher the day before, so there are no surprises."},
		"kolb-experience": {"The youth asked to lead the next meeting.",
			"The caregiver said she wants to stop Wraparound."},
		"kolb-reflect": {"The caregiver relaxed once grandmother arrived; I missed how much that mattered.",
			"I talked much more than the family did."},
		"kolb-conceptualise": {"This family moves when they feel heard first; plans come after.",
			"When I am behind on paperwork I rush meetings, and families notice."},
		"kolb-experiment": {"Start with a reflection instead of the agenda. If the caregiver talks more early on, it helped.",
			"Ask the youth one open question before the adults speak, and see whether they say more."},
		"rolfe-what": {"The team agreed a new evening routine, and I mostly listened.",
			"The meeting turned into a list of problems, and I let it."},
		"rolfe-so-what": {"The family is ready to lead more of the plan than I give them credit for.",
			"My practice slips when I am tired: fewer reflections, more advice."},
		"rolfe-now-what": {"Ask the caregiver to co-chair the next meeting, and bring how that goes to supervision.",
			"Bring this case to supervision and ask for help with my part in the stuck moments."},
		"schon-in-action": {"Yes, when the caregiver went quiet. I stopped the agenda and asked what she was thinking.",
			"I noticed the youth switching off but kept going with the agenda."},
		"schon-on-action": {"Instead of telling her to call the school, I would say: you have thought about calling the school; what would make it easier?",
			"I would say: it sounds like you are tired of being the one who holds it all together."},
		"brookfield-self": {"My own experience of school made me side with the youth quickly. I noticed it and checked with the caregiver.",
			"A past case that ended badly. I was more cautious than this family needed."},
		"brookfield-family": {"Probably that we listened to them for once. The youth might say it was boring but short.",
			"Maybe as another meeting where we talked about them. That is hard to hear."},
		"brookfield-colleagues": {"That I let the silence work. They would ask how I decided when to step in.",
			"That I took over the planning part. They would ask what stopped me from asking the family."},
		"brookfield-theory": {"Natural supports: grandmother's offer turned a service plan into the family's plan.",
			"Family voice: the model says the family leads, and today the professionals did."},
	}
})
