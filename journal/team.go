package journal

import (
	"cmp"
	"slices"
)

// Team is what the drift of several facilitators says about their team
// (SPEC section 7, the Team view of `hone review` and its team report): per
// skill and per key element, how many facilitators are drifting, on watch or
// improving, the team's median level, and the skills the group could learn
// together. Facilitators are numbered by their place in the input, from 0.
type Team struct {
	Size int // facilitators
	AsOf Day
	// Skills are the union of the facilitators' active skills, in the
	// order they first appear in the catalogs.
	Skills []TeamSkill
	// KeyElements roll the skills up by key element, in the order of
	// KeyElements, then other key elements in the order they first appear,
	// then skills without a key element ("").
	KeyElements []TeamKeyElement
	// Together are the skills the group could learn together (see
	// LearnTogether), most facilitators drifting or on watch first, then
	// most drifting; ties keep the order of Skills.
	Together []TeamSkill
}

// TeamSkill is one skill across a team. A facilitator counts for a skill
// only when the skill is in their catalog and not archived.
type TeamSkill struct {
	ID, Name, KeyElement string
	// Statuses holds each facilitator's verdict, "" where the facilitator
	// does not count for the skill.
	Statuses []Status
	// Stales and Levels hold each facilitator's stale mark (rated, but
	// not lately; see Drift.Stale) and level, beside Statuses.
	Stales       []bool
	Levels       []Number
	Facilitators int // facilitators who count for the skill
	Drifting     int
	Watch        int
	Improving    int
	Steady       int
	Insufficient int
	Dormant      int
	Stale        int    // facilitators who rated the skill, but not lately (dormant included)
	Median       Number // the median of the facilitators' levels, where defined
	Together     bool   // the group could learn it together
}

// NoVerdict counts the facilitators without a verdict on the skill: too few
// ratings, or dormant.
func (s *TeamSkill) NoVerdict() int { return s.Insufficient + s.Dormant }

// TeamKeyElement rolls a key element up across a team: how many
// facilitators have at least one of its skills drifting, on watch or
// improving, and the median of the facilitators' mean levels over its
// skills.
type TeamKeyElement struct {
	KeyElement   string   // "" for skills without one
	Skills       []string // skill ids, in the order of Team.Skills
	Facilitators int      // facilitators who count for at least one of its skills
	Drifting     int
	Watch        int
	Improving    int
	Median       Number
}

// LearnTogether is the rule for the skills a group could learn together:
// drifting or on watch for k of a team of n facilitators, at least 2 of
// them, since learning together needs two who need it. A team of one has
// none.
func LearnTogether(k, n int) bool {
	return n >= 2 && k >= 2
}

// TeamSummary analyzes each export as of asOf with the drift rule (see
// Export.Drift) and sums the team up with SummarizeTeam. EINVALID if an
// export's dates do not parse (never for exports from ReadExport).
func TeamSummary(exports []*Export, asOf Day) (Team, error) {
	catalogs := make([]Catalog, len(exports))
	drifts := make([][]Drift, len(exports))
	for i, x := range exports {
		d, err := x.Drift(asOf)
		if err != nil {
			return Team{}, err
		}
		catalogs[i], drifts[i] = x.Catalog(), d
	}
	return SummarizeTeam(catalogs, drifts, asOf), nil
}

// SummarizeTeam sums up a team from each facilitator's catalog and the drift
// of its active skills (as AnalyzeCatalog gives it), for callers that have
// the drift already. catalogs and drifts are indexed by facilitator.
func SummarizeTeam(catalogs []Catalog, drifts [][]Drift, asOf Day) Team {
	n := len(catalogs)
	t := Team{Size: n, AsOf: asOf}

	var skills Catalog
	seen := map[string]bool{}
	for _, c := range catalogs {
		for _, s := range c {
			if !seen[s.ID] && !s.Archived {
				seen[s.ID] = true
				skills = append(skills, s)
			}
		}
	}
	byFac := make([]map[string]Drift, n)
	for i := range n {
		byFac[i] = map[string]Drift{}
		if i < len(drifts) {
			for _, d := range drifts[i] {
				byFac[i][d.Skill] = d
			}
		}
	}

	for _, s := range skills {
		row := TeamSkill{ID: s.ID, Name: s.Name, KeyElement: s.KeyElement, Statuses: make([]Status, n),
			Stales: make([]bool, n), Levels: make([]Number, n)}
		var levels []float64
		for i := range n {
			d, ok := byFac[i][s.ID]
			if !ok {
				continue
			}
			row.Statuses[i], row.Stales[i], row.Levels[i] = d.Status, Stale(d), d.Level
			row.Facilitators++
			switch d.Status {
			case StatusDrifting:
				row.Drifting++
			case StatusWatch:
				row.Watch++
			case StatusImproving:
				row.Improving++
			case StatusSteady:
				row.Steady++
			case StatusDormant:
				row.Dormant++
			default:
				row.Insufficient++
			}
			if d.Stale && d.Ratings > 0 {
				row.Stale++
			}
			if d.Level.Valid {
				levels = append(levels, d.Level.Value)
			}
		}
		row.Median = medianOf(levels)
		row.Together = LearnTogether(row.Drifting+row.Watch, n)
		t.Skills = append(t.Skills, row)
		if row.Together {
			t.Together = append(t.Together, row)
		}
	}
	slices.SortStableFunc(t.Together, func(a, b TeamSkill) int {
		return cmp.Or(cmp.Compare(b.Drifting+b.Watch, a.Drifting+a.Watch), cmp.Compare(b.Drifting, a.Drifting))
	})

	var keOrder []string
	keSkills := map[string][]string{}
	for _, s := range skills {
		if _, ok := keSkills[s.KeyElement]; !ok {
			keOrder = append(keOrder, s.KeyElement)
		}
		keSkills[s.KeyElement] = append(keSkills[s.KeyElement], s.ID)
	}
	slices.SortStableFunc(keOrder, func(a, b string) int { return cmp.Compare(keyElementRank(a), keyElementRank(b)) })
	for _, ke := range keOrder {
		row := TeamKeyElement{KeyElement: ke, Skills: keSkills[ke]}
		var means []float64
		for i := range n {
			var drifting, watch, improving, has bool
			var sum float64
			var count int
			for _, id := range keSkills[ke] {
				d, ok := byFac[i][id]
				if !ok {
					continue
				}
				has = true
				drifting = drifting || d.Status == StatusDrifting
				watch = watch || d.Status == StatusWatch
				improving = improving || d.Status == StatusImproving
				if d.Level.Valid {
					sum += d.Level.Value
					count++
				}
			}
			if !has {
				continue
			}
			row.Facilitators++
			if drifting {
				row.Drifting++
			}
			if watch {
				row.Watch++
			}
			if improving {
				row.Improving++
			}
			if count > 0 {
				means = append(means, sum/float64(count))
			}
		}
		row.Median = medianOf(means)
		t.KeyElements = append(t.KeyElements, row)
	}
	return t
}

// keyElementRank orders key elements as KeyElements does, others after
// them and "" last.
func keyElementRank(ke string) int {
	if i := slices.Index(KeyElements(), ke); i >= 0 {
		return i
	}
	if ke == "" {
		return 1 << 20
	}
	return 1 << 10
}

// medianOf returns the median of vs (the mean of the two middle values for
// an even count), undefined for none.
func medianOf(vs []float64) Number {
	if len(vs) == 0 {
		return Number{}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return num(m)
}
