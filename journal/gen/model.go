package gen

import (
	"math"
	"math/rand/v2"
	"slices"

	"hone/journal"
)

// skillModel is one skill's trajectory: the level a rating of it scatters
// around, as a function of the rating's age in days before the journal's
// end.
//
//   - base: the level at the end, before any recent change. Steady skills sit
//     near a whole 3 or 4, so their baseline is stable and one rating
//     off is noise, not a verdict.
//   - learn: mastery takes years, so the level was lower long ago, by up to
//     learn, approaching base with a time constant of 3 years (flat over the
//     last months).
//   - wobble: a slow small wave, so long journals do not look flat.
//   - episodes: dips and lifts of the past (older than 150 days) that came
//     and went, so a long journal's history has its own drifts.
//   - change: over the last months a lasting change of about a point, down
//     for a drifting skill and up for an improving one, starting onset days
//     before the end and complete done days before it (a smoothstep).
//   - stale: the skill is not rated in the last days of the journal.
type skillModel struct {
	base, sigma, learn        float64
	wobAmp, wobFreq, wobPhase float64
	episodes                  []episode
	change                    float64
	onset, done               int
	stale                     bool
	boost                     float64 // how often it is rated, relative to others
}

type episode struct {
	centre, half, mag float64 // in days of age, days, points
}

// learnDays is the time constant of the learning curve.
const learnDays = 3 * 365.25

func (m *skillModel) level(age int) float64 {
	a := float64(age)
	l := m.base - m.learn*(1-math.Exp(-a/learnDays)) + m.wobAmp*math.Sin(a*m.wobFreq+m.wobPhase)
	for _, ep := range m.episodes {
		if d := math.Abs(a - ep.centre); d < ep.half {
			l += ep.mag * 0.5 * (1 + math.Cos(math.Pi*d/ep.half))
		}
	}
	if m.change != 0 && age < m.onset {
		x := min(1, float64(m.onset-age)/float64(m.onset-m.done))
		l += m.change * x * x * (3 - 2*x)
	}
	return l
}

// Which skills may drift, improve or go stale near the end: those a
// facilitator rates often enough for the rule of SPEC section 4 to see it.
var (
	driftPool   = []string{"eng.mi", "plan.outcomes", "team.facil", "eng.voice", "plan.needs", "team.prep"}
	improvePool = []string{"team.natural", "eng.strengths", "eng.culture", "team.options", "plan.safety", "self.reflect"}
	stalePool   = []string{"plan.transition", "self.doc", "self.persist", "team.conflict"}
)

// planSkills gives every skill its trajectory and chooses, by seed, the
// skills that drift, improve and go stale, and the stale cutoff.
func (g *generator) planSkills() {
	r := g.rng
	drifting := chooseN(r, driftPool, 2)
	improving := chooseN(r, improvePool, 2)
	stale := chooseN(r, stalePool, 1+r.IntN(2))
	staleDays := 45 + r.IntN(36)
	g.cutoff = g.end - journal.Day(staleDays)

	span := float64(g.end - g.start)
	learn := 0.4 + 0.3*r.Float64()
	g.models = make([]skillModel, len(g.skills))
	for i, s := range g.skills {
		m := &g.models[i]
		m.base = 4
		if r.IntN(10) < 3 {
			m.base = 3
		}
		m.base += 0.24 * (r.Float64() - 0.5)
		m.sigma = 0.38 + 0.1*r.Float64()
		m.learn = learn * (0.7 + 0.6*r.Float64())
		m.wobAmp = 0.04 + 0.08*r.Float64()
		m.wobFreq = 2 * math.Pi / (150 + 250*r.Float64())
		m.wobPhase = 2 * math.Pi * r.Float64()
		m.boost = 1
		// The past: about one dip or lift every three years, each over by
		// 150 days before the end.
		for age := 150 + 400*r.Float64(); age < span && len(m.episodes) < 64; age += 200 + 1000*r.Float64() {
			half := 25 + 35*r.Float64()
			mag := 0.5 + 0.4*r.Float64()
			if r.IntN(3) > 0 {
				mag = -mag
			}
			m.episodes = append(m.episodes, episode{centre: age + half, half: half, mag: mag})
		}
		switch {
		case slices.Contains(drifting, s.ID):
			m.base = 4 + 0.2*r.Float64() - 0.05
			m.change = -(1.05 + 0.25*r.Float64())
			m.boost = 1.3
		case slices.Contains(improving, s.ID):
			m.base = 3 + 0.15*r.Float64() - 0.1
			m.change = 1.05 + 0.2*r.Float64()
			m.boost = 1.3
		case slices.Contains(stale, s.ID):
			m.stale = true
			m.boost = 1.2
		}
		if m.change != 0 {
			m.onset = 65 + r.IntN(26)
			m.done = 18 + r.IntN(8)
		}
	}
}

// chooseN returns n different elements of pool in random order.
func chooseN(r *rand.Rand, pool []string, n int) []string {
	p := slices.Clone(pool)
	r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p[:n]
}

// relevance returns how likely each skill (by index in the built-in
// catalog) is to be rated in an entry of this kind and phase, before a base
// weight that lets any skill come up.
func relevance(kind journal.Kind, phase int) *[16]float64 {
	switch kind {
	case journal.KindTeamMeeting:
		return &phaseRelevance[max(1, phase)-1]
	case journal.KindCheckIn:
		return &checkInRelevance
	case journal.KindCrisis:
		return &crisisRelevance
	case journal.KindTransition:
		return &transitionRelevance
	case journal.KindSupervision:
		return &supervisionRelevance
	case journal.KindTraining:
		return &trainingRelevance
	}
	return &otherRelevance
}

// Relevance tables, in the order of journal.BuiltinSkills:
//
//	eng.voice eng.mi eng.culture eng.strengths
//	team.prep team.facil team.natural team.conflict team.options
//	plan.needs plan.outcomes plan.safety plan.transition
//	self.persist self.reflect self.doc
var (
	phaseRelevance = [4][16]float64{
		{3, 3, 3, 3, 2, 2, 2, 0.5, 0.5, 1, 0.3, 1, 0.3, 0.5, 1, 1},   // engagement
		{2.5, 2, 1, 2, 1.5, 3, 1.5, 1, 3, 3, 1.5, 2, 0.5, 0.5, 1, 1}, // plan development
		{1.5, 2, 0.5, 1, 1.5, 3, 2, 2, 1.5, 1, 3, 1, 1.5, 2, 1, 1},   // implementation
		{1.5, 1, 0.5, 2, 1, 2, 3, 1, 1, 0.5, 2, 1, 4, 1, 1, 1},       // transition
	}
	checkInRelevance     = [16]float64{2, 4, 1, 1.5, 2, 0, 1, 0.5, 0.5, 0.5, 1, 1, 0.5, 1.5, 1, 2}
	crisisRelevance      = [16]float64{1, 2, 0.5, 0.5, 0, 1, 1.5, 1, 1, 1, 0, 5, 0, 3, 1.5, 1}
	transitionRelevance  = [16]float64{1.5, 1, 0.5, 2, 0.5, 1.5, 3, 0.5, 0.5, 0.5, 2, 0.5, 5, 1, 1, 1}
	supervisionRelevance = [16]float64{0.5, 1.5, 1, 0.5, 1, 1, 0.5, 1.5, 0.5, 1, 1, 1, 0.5, 2, 4, 2}
	trainingRelevance    = [16]float64{1, 3, 1.5, 1, 0.5, 1.5, 1, 0.5, 1, 1, 0.5, 1, 0.5, 0.5, 2, 0.5}
	otherRelevance       = [16]float64{0.5, 0.5, 0.5, 0.5, 2.5, 0.5, 1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 1, 0.5, 3}
)

// family is one family on the caseload: opened, moved through the phases,
// closed (after transition, or early when they left).
type family struct {
	code        string
	open, close journal.Day
	phaseEnd    [4]journal.Day // phase p+1 runs until phaseEnd[p]
	topics      []int          // indexes into topicList: what the family's work is about
}

func (f *family) phase(d journal.Day) int {
	for p, end := range f.phaseEnd {
		if d < end {
			return p + 1
		}
	}
	return 4
}

// planFamilies lays out the caseload: slots of 8 to 12 families at a time
// (more for journals far denser than one facilitator's, so that the codes
// stay varied), each slot running one family after another with a short
// gap. Codes count up in the order the families opened: F1, F2, ...
func (g *generator) planFamilies(years float64) {
	r := g.rng
	k := 8 + r.IntN(5)
	if perYear := float64(g.n) / years; perYear > 400 {
		k = min(120, int(math.Round(float64(k)*perYear/400)))
	}
	var all []*family
	g.slots = make([][]*family, k)
	for s := range g.slots {
		first := true
		var d journal.Day
		for {
			f := &family{}
			d1, d2 := 25+r.IntN(36), 25+r.IntN(36)
			d3, d4 := 120+r.IntN(181), 40+r.IntN(51)
			total := d1 + d2 + d3 + d4
			if first {
				d = g.start - journal.Day(r.IntN(total))
				first = false
			}
			f.open = d
			f.phaseEnd = [4]journal.Day{
				d + journal.Day(d1),
				d + journal.Day(d1+d2),
				d + journal.Day(d1+d2+d3),
				d + journal.Day(total),
			}
			f.close = f.phaseEnd[3]
			if r.IntN(100) < 12 { // the family left before transition
				f.close = f.phaseEnd[0] + journal.Day(r.IntN(d2+d3))
			}
			nt := 2 + r.IntN(2)
			f.topics = make([]int, 0, nt)
			for len(f.topics) < nt {
				if t := r.IntN(len(topicList)); !slices.Contains(f.topics, t) {
					f.topics = append(f.topics, t)
				}
			}
			g.slots[s] = append(g.slots[s], f)
			all = append(all, f)
			if f.open > g.end {
				break
			}
			d = f.close + journal.Day(5+r.IntN(26))
		}
	}
	slices.SortStableFunc(all, func(a, b *family) int { return int(a.open - b.open) })
	for i, f := range all {
		f.code = "F" + itoa(i+1)
	}
	g.slotAt = make([]int, k)
	g.active = make([]*family, 0, k)
}

// openFamilies sets g.active to the families open on d. Days must come in
// order.
func (g *generator) openFamilies(d journal.Day) {
	g.day = d
	g.active = g.active[:0]
	for s, fams := range g.slots {
		i := g.slotAt[s]
		for i < len(fams)-1 && fams[i].close <= d {
			i++
		}
		g.slotAt[s] = i
		if f := fams[i]; f.open <= d && d < f.close {
			g.active = append(g.active, f)
		}
	}
}

// pickFamily picks one of the open families for an entry of the kind:
// families early in Wraparound see more of the facilitator, crises come
// mostly while plans are made and carried out, and transition entries only
// for families in phase 4. It returns nil when no family fits.
func (g *generator) pickFamily(kind journal.Kind) *family {
	var w [4]float64
	switch kind {
	case journal.KindTransition:
		w = [4]float64{0, 0, 0, 1}
	case journal.KindCrisis:
		w = [4]float64{0.5, 1.2, 1, 0.4}
	default:
		w = [4]float64{1.2, 1.3, 1, 0.9}
	}
	d := g.day
	total := 0.0
	for _, f := range g.active {
		total += w[f.phase(d)-1]
	}
	if total == 0 {
		return nil
	}
	u := g.rng.Float64() * total
	for _, f := range g.active {
		v := w[f.phase(d)-1]
		if u < v {
			return f
		}
		u -= v
	}
	for i := len(g.active) - 1; i >= 0; i-- {
		if w[g.active[i].phase(d)-1] > 0 {
			return g.active[i]
		}
	}
	return nil
}
