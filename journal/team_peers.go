package journal

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// TeamPair is two facilitators who could learn a skill together (the peer
// rule of issue 19): the learner is drifting or on watch in it, the lead is
// steady or improving in it, not stale, at a level at least one point
// higher. Lead and Learner are facilitators' places in the team, from 0.
type TeamPair struct {
	Skill, Name               string // the skill's id and name
	Lead, Learner             int
	LeadStatus, LearnerStatus Status
	LeadLevel, LearnerLevel   Number
}

// TeamTopic is a skill the team could take up together: the team's median
// level is under 3 (Low), or at least two facilitators are drifting or on
// watch in it (Flagged). Low catches the skills that are low but steady,
// which no verdict flags.
type TeamTopic struct {
	Skill   TeamSkill
	Low     bool
	Flagged bool
}

// hundredths is v in whole hundredths, so that levels compare without
// floating-point noise (4.2 - 3.2 is a full point).
func hundredths(v float64) int { return int(math.Round(v * 100)) }

// TeamPairs returns the pairs of t by the peer rule: for each skill and
// each facilitator drifting or on watch in it with a level, the lead with
// the highest level among those steady or improving in it, not stale, at a
// level at least one point higher (the first such in the team's order for
// a tie). A lead may be paired with several learners. Pairs with a
// drifting learner come first, then those on watch; ties keep the order
// of t.Skills, then of the learners.
func TeamPairs(t Team) []TeamPair {
	var out []TeamPair
	for _, s := range t.Skills {
		for l, ls := range s.Statuses {
			if (ls != StatusDrifting && ls != StatusWatch) || !s.Levels[l].Valid {
				continue
			}
			lead := -1
			for i, st := range s.Statuses {
				if (st != StatusSteady && st != StatusImproving) || s.Stales[i] || !s.Levels[i].Valid {
					continue
				}
				if hundredths(s.Levels[i].Value)-hundredths(s.Levels[l].Value) < 100 {
					continue
				}
				if lead < 0 || hundredths(s.Levels[i].Value) > hundredths(s.Levels[lead].Value) {
					lead = i
				}
			}
			if lead < 0 {
				continue
			}
			out = append(out, TeamPair{Skill: s.ID, Name: s.Name, Lead: lead, Learner: l,
				LeadStatus: s.Statuses[lead], LearnerStatus: ls, LeadLevel: s.Levels[lead], LearnerLevel: s.Levels[l]})
		}
	}
	slices.SortStableFunc(out, func(a, b TeamPair) int {
		return cmp.Compare(pairRank(a.LearnerStatus), pairRank(b.LearnerStatus))
	})
	return out
}

func pairRank(s Status) int {
	if s == StatusDrifting {
		return 0
	}
	return 1
}

// Sentence says p in one plain line with the facilitators' names (names
// indexed by place): "Chloe (steady, 4.1) and Ana (drifting, 3.2) in
// Meeting facilitation".
func (p TeamPair) Sentence(names []string) string {
	name := func(i int) string {
		if i < len(names) && strings.TrimSpace(SafeLine(names[i])) != "" {
			return strings.TrimSpace(SafeLine(names[i]))
		}
		return "Facilitator " + strconv.Itoa(i+1)
	}
	return name(p.Lead) + " (" + string(p.LeadStatus) + ", " + p.LeadLevel.String() + ") and " +
		name(p.Learner) + " (" + string(p.LearnerStatus) + ", " + p.LearnerLevel.String() + ") in " + SafeLine(p.Name)
}

// TeamTopics returns the skills of t the team could take up together: the
// team's median level under 3, or at least two facilitators drifting or on
// watch. Most facilitators drifting or on watch first, then the lowest
// median (an undefined median last); ties keep the order of t.Skills.
func TeamTopics(t Team) []TeamTopic {
	var out []TeamTopic
	for _, s := range t.Skills {
		low := s.Median.Valid && hundredths(s.Median.Value) < 300
		flagged := s.Drifting+s.Watch >= 2
		if low || flagged {
			out = append(out, TeamTopic{Skill: s, Low: low, Flagged: flagged})
		}
	}
	median := func(n Number) int {
		if !n.Valid {
			return math.MaxInt
		}
		return hundredths(n.Value)
	}
	slices.SortStableFunc(out, func(a, b TeamTopic) int {
		return cmp.Or(cmp.Compare(b.Skill.Drifting+b.Skill.Watch, a.Skill.Drifting+a.Skill.Watch),
			cmp.Compare(median(a.Skill.Median), median(b.Skill.Median)))
	})
	return out
}

// Why says in one plain line why t is a topic: "2 of 4 facilitators
// drifting or on watch; the team's median level is 2.5, under 3".
func (t TeamTopic) Why() string {
	var parts []string
	if t.Flagged {
		parts = append(parts, strconv.Itoa(t.Skill.Drifting+t.Skill.Watch)+" of "+strconv.Itoa(t.Skill.Facilitators)+
			" facilitators drifting or on watch")
	}
	if t.Low {
		why := "the team's median level is " + t.Skill.Median.String() + ", under 3"
		if !t.Flagged && t.Skill.Drifting+t.Skill.Watch == 0 {
			why += ", though no verdict flags it"
		}
		parts = append(parts, why)
	}
	return strings.Join(parts, "; ")
}

// PairsIn returns the pairs of pairs in the skill id.
func PairsIn(pairs []TeamPair, id string) []TeamPair {
	var out []TeamPair
	for _, p := range pairs {
		if p.Skill == id {
			out = append(out, p)
		}
	}
	return out
}
