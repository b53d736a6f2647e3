package journal

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// AgendaTopics is how many topics an agenda takes up at most.
const AgendaTopics = 3

// agendaMarker starts the agenda's machine-readable line: an HTML comment
// that Markdown hides, holding AgendaRecord as JSON, so that the next
// agenda can follow its topics up (hone review --since-agenda).
const agendaMarker = "<!-- hone-agenda "

// AgendaRecord is what an agenda remembers of itself for the next one: the
// day it was made and, per topic, the numbers that made it a topic.
type AgendaRecord struct {
	Version int                 `json:"version"`
	AsOf    string              `json:"as_of"` // YYYY-MM-DD
	Topics  []AgendaTopicRecord `json:"topics"`
}

// AgendaTopicRecord is one topic of an earlier agenda: the skill, how many
// facilitators were drifting or on watch in it, of how many, and the
// team's median level ("" when undefined).
type AgendaTopicRecord struct {
	Skill        string `json:"skill"`
	Name         string `json:"name"`
	Flagged      int    `json:"flagged"`
	Facilitators int    `json:"facilitators"`
	Median       string `json:"median,omitempty"`
}

// ReadAgendaRecord reads back the record an agenda written by WriteAgenda
// holds (its hone-agenda comment line). EINVALID, naming the agenda, when
// r holds no such line or a damaged one.
func ReadAgendaRecord(r io.Reader) (AgendaRecord, error) {
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, agendaMarker) {
			continue
		}
		body, ok := strings.CutSuffix(strings.TrimPrefix(line, agendaMarker), "-->")
		var rec AgendaRecord
		if !ok || json.Unmarshal([]byte(body), &rec) != nil || rec.Version != 1 {
			return AgendaRecord{}, Invalid("agenda", "its hone-agenda line is damaged; give an agenda hone review --agenda wrote")
		}
		if _, err := parseExportDate(rec.AsOf, false); err != nil {
			return AgendaRecord{}, Invalid("agenda", "its hone-agenda line has no date; give an agenda hone review --agenda wrote")
		}
		for _, t := range rec.Topics {
			if t.Skill == "" || t.Flagged < 0 || t.Facilitators < 0 {
				return AgendaRecord{}, Invalid("agenda", "its hone-agenda line is damaged; give an agenda hone review --agenda wrote")
			}
		}
		return rec, nil
	}
	if err := sc.Err(); err != nil {
		return AgendaRecord{}, Invalid("agenda", "it is no agenda hone wrote (%v)", err)
	}
	return AgendaRecord{}, Invalid("agenda", "it holds no hone-agenda line; give an agenda hone review --agenda wrote")
}

// TeamPrompts returns the custom prompts the members' exports carry, for
// the agenda's questions: each text once (the same question in two
// exports, compared without regard to case and spacing, counts once),
// in the members' order, each with an id of its own ("team.N") so that
// two journals' ids never meet.
func TeamPrompts(members []*TeamMember) []Prompt {
	var out []Prompt
	seen := map[string]bool{}
	for _, m := range members {
		for _, p := range m.Prompts {
			key := strings.ToLower(strings.Join(strings.Fields(p.Text), " "))
			if p.Archived || key == "" || seen[key] {
				continue
			}
			seen[key] = true
			p.ID = "team." + strconv.Itoa(len(out)+1)
			p.Tags = slices.Clone(p.Tags)
			out = append(out, p)
		}
	}
	return out
}

// AgendaQuestions returns up to three group reflection questions on the
// skill id from prompts: those tagged with the skill, not archived, not in
// used (prompt ids already asked in the agenda), then Rolfe's What? So
// what? Now what? prompts to make at least two.
func AgendaQuestions(prompts []Prompt, id string, used map[string]bool) []Prompt {
	var out []Prompt
	pick := func(ok func(Prompt) bool, limit int) {
		for _, p := range prompts {
			if len(out) >= limit {
				return
			}
			if !p.Archived && !used[p.ID] && ok(p) && !slices.ContainsFunc(out, func(q Prompt) bool { return q.ID == p.ID }) {
				out = append(out, p)
			}
		}
	}
	pick(func(p Prompt) bool { return p.HasTag(id) }, 3)
	pick(func(p Prompt) bool {
		return slices.ContainsFunc(p.Tags, func(t string) bool { return strings.HasPrefix(t, "rolfe:") })
	}, 2)
	return out
}

// WriteAgenda writes a one-page agenda, in Markdown, for the team's next
// learning session as of asOf: up to AgendaTopics team topics (TeamTopics)
// with why, who could lead each (the leads of TeamPairs in the skill, with
// whom), two or three group reflection questions per topic
// (AgendaQuestions over prompts), and, when prev is given, how the topics
// of the previous agenda stand now. Its first line records the topics for
// the next agenda (ReadAgendaRecord).
func WriteAgenda(w io.Writer, members []*TeamMember, asOf Day, prompts []Prompt, prev *AgendaRecord) error {
	catalogs := make([]Catalog, len(members))
	drifts := make([][]Drift, len(members))
	names := make([]string, len(members))
	for i, m := range members {
		catalogs[i], drifts[i], names[i] = m.Catalog, m.Drift, m.Label
	}
	t := SummarizeTeam(catalogs, drifts, asOf)
	topics := TeamTopics(t)
	if len(topics) > AgendaTopics {
		topics = topics[:AgendaTopics]
	}
	pairs := TeamPairs(t)

	rec := AgendaRecord{Version: 1, AsOf: asOf.String(), Topics: []AgendaTopicRecord{}}
	for _, tp := range topics {
		rec.Topics = append(rec.Topics, AgendaTopicRecord{Skill: tp.Skill.ID, Name: SafeLine(tp.Skill.Name),
			Flagged: tp.Skill.Drifting + tp.Skill.Watch, Facilitators: tp.Skill.Facilitators, Median: medianText(tp.Skill.Median)})
	}
	js, err := json.Marshal(rec) // escapes < and >: no "-->" inside
	if err != nil {
		return err
	}

	bw := bufio.NewWriter(w)
	p := func(lines ...string) {
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	p(agendaMarker+string(js)+" -->", "# Learning session agenda", "",
		"- **Team:** "+strconv.Itoa(len(members))+" "+pluralWord(len(members), "facilitator", "facilitators"),
		"- **Made:** "+asOf.Short(), "",
		"> Each topic comes from the team's own self-ratings: a place to start a conversation, not a verdict on anyone.", "")

	if prev != nil {
		since, _ := parseExportDate(prev.AsOf, false)
		p("## Since the last session", "", "The topics of the agenda of "+since.Short()+", then and now.", "")
		if len(prev.Topics) == 0 {
			p("That agenda had no topics.")
		}
		bySkill := map[string]TeamSkill{}
		for _, s := range t.Skills {
			bySkill[s.ID] = s
		}
		for _, pt := range prev.Topics {
			then := strconv.Itoa(pt.Flagged) + " of " + strconv.Itoa(pt.Facilitators) + " drifting or on watch, median " + mdInline(orText(pt.Median, "-"))
			line := "- **" + mdInline(orText(pt.Name, pt.Skill)) + "**: then " + then
			s, ok := bySkill[pt.Skill]
			switch {
			case !ok:
				line += "; now in no one's catalog."
			default:
				line += "; now " + strconv.Itoa(s.Drifting+s.Watch) + " of " + strconv.Itoa(s.Facilitators) +
					", median " + s.Median.String()
				if slices.ContainsFunc(TeamTopics(t), func(x TeamTopic) bool { return x.Skill.ID == pt.Skill }) {
					line += ": still a topic."
				} else {
					line += ": no longer a topic."
				}
			}
			p(line)
		}
		p("")
	}

	if len(topics) == 0 {
		p("## Topics", "", "No skill has a team median under 3 or two or more drifting or on watch: choose a topic the team brings.", "")
	}
	used := map[string]bool{}
	for i, tp := range topics {
		p("## "+strconv.Itoa(i+1)+". "+mdInline(tp.Skill.Name), "", "**Why:** "+mdInline(tp.Why())+".", "")
		byLead := map[int][]string{}
		var leads []int
		for _, pr := range PairsIn(pairs, tp.Skill.ID) {
			if _, ok := byLead[pr.Lead]; !ok {
				leads = append(leads, pr.Lead)
			}
			byLead[pr.Lead] = append(byLead[pr.Lead], mdInline(names[pr.Learner]))
		}
		if len(leads) == 0 {
			p("**Who could lead:** no pair by the peer rule (one drifting or on watch beside another steady or improving a point higher); the group works it out together, or invites a coach.", "")
		} else {
			var who []string
			for _, l := range leads {
				who = append(who, mdInline(names[l])+" ("+string(tp.Skill.Statuses[l])+", "+tp.Skill.Levels[l].String()+"), with "+
					joinAnd(byLead[l]))
			}
			p("**Who could lead:** "+strings.Join(who, "; ")+".", "")
		}
		p("**Questions for the group:**", "")
		for j, q := range AgendaQuestions(prompts, tp.Skill.ID, used) {
			used[q.ID] = true
			p(strconv.Itoa(j+1) + ". " + mdInline(q.Text))
		}
		p("")
	}
	p("## To close", "", "- One thing each of us will try before the next session.", "- Topics for next time.")
	return bw.Flush()
}

// medianText is a median for the agenda record, "" when undefined.
func medianText(n Number) string {
	if !n.Valid || math.IsNaN(n.Value) {
		return ""
	}
	return n.String()
}

// orText is s as one safe line, or alt when it is empty.
func orText(s, alt string) string {
	if s = strings.TrimSpace(SafeLine(s)); s != "" {
		return s
	}
	return alt
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinAnd joins names as people write them: "Ana", "Ana and Dan", "Ana,
// Ben and Dan".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
