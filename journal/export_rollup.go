package journal

import (
	"math"
)

// RollUpKeyElements computes the key-element roll-ups of entries, whose
// ratings name skills of skills (see KeyElementRecord). Ratings of skills
// that skills does not list are left out.
func RollUpKeyElements(skills []SkillRecord, entries []EntryRecord) []KeyElementRecord {
	var t RatingTally
	for i := range entries {
		t.Add(entries[i].Ratings)
	}
	return rollUpKeyElements(skills, &t)
}

// rollUpKeyElements computes the key-element roll-ups of the ratings t
// counted, of skills of skills.
func rollUpKeyElements(skills []SkillRecord, t *RatingTally) []KeyElementRecord {
	var order []string
	index := map[string]int{}
	add := func(ke string) {
		if _, ok := index[ke]; !ok {
			index[ke] = len(order)
			order = append(order, ke)
		}
	}
	present := map[string]bool{}
	for _, s := range skills {
		present[s.KeyElement] = true
	}
	for _, ke := range KeyElements() {
		if present[ke] {
			add(ke)
		}
	}
	for _, s := range skills {
		if s.KeyElement != "" {
			add(s.KeyElement)
		}
	}
	if present[""] {
		add("")
	}
	out := make([]KeyElementRecord, len(order))
	skillKE := make(map[string]int, len(skills))
	for i, ke := range order {
		out[i] = KeyElementRecord{KeyElement: ke, Skills: []string{}}
	}
	for _, s := range skills {
		if _, dup := skillKE[s.ID]; dup {
			continue
		}
		i := index[s.KeyElement]
		skillKE[s.ID] = i
		out[i].Skills = append(out[i].Skills, s.ID)
		if c := t.bySkill[s.ID]; c != nil {
			for v, n := range c {
				out[i].Counts[v] += n
			}
		}
	}
	for i := range out {
		k := &out[i]
		sum := 0
		for v, n := range k.Counts {
			k.Ratings += n
			sum += (v + 1) * n
		}
		if k.Ratings == 0 {
			continue
		}
		mean := math.Round(float64(sum)/float64(k.Ratings)*100) / 100
		median := countsMedian(k.Counts, k.Ratings)
		k.Mean, k.Median = &mean, &median
	}
	return out
}

// RatingTally counts entries and their ratings by skill and value: what an
// export must know of its entries before it writes the first of them (its
// skills and key-element roll-ups come first). The zero value counts
// nothing yet.
type RatingTally struct {
	entries int
	bySkill map[string]*[5]int // every rated skill: how many of its ratings are 1, 2, 3, 4 and 5
}

// Add counts an entry with these ratings.
func (t *RatingTally) Add(ratings map[string]int) {
	t.entries++
	if t.bySkill == nil {
		t.bySkill = map[string]*[5]int{}
	}
	for id, v := range ratings {
		c := t.bySkill[id]
		if c == nil {
			c = new([5]int)
			t.bySkill[id] = c
		}
		if v >= 1 && v <= 5 {
			c[v-1]++
		}
	}
}

// Entries returns how many entries t counted.
func (t *RatingTally) Entries() int { return t.entries }

// countsMedian returns the median of n ratings counted by value in counts:
// the mean of the two middle ratings when n is even.
func countsMedian(counts [5]int, n int) float64 {
	nth := func(i int) int { // the i-th rating (from 0) in ascending order
		for v, c := range counts {
			if i < c {
				return v + 1
			}
			i -= c
		}
		return 5
	}
	if n%2 == 1 {
		return float64(nth(n / 2))
	}
	return float64(nth(n/2-1)+nth(n/2)) / 2
}
