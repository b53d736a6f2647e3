package store

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// TestRandomRoundTrip creates, updates and deletes entries at random and
// checks FindEntries and Ratings against a model kept in memory, reopening
// the journal now and then. The seed is logged; set it here to replay a
// failure.
func TestRandomRoundTrip(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) { testRandomRoundTrip(t, m.encrypted) })
	}
}

func testRandomRoundTrip(t *testing.T, encrypted bool) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))

	db, _ := openTestDBMode(t, encrypted)
	s := NewEntryService(db)
	model := map[string]*journal.Entry{}
	var order []string // ids in creation order

	skills := []string{"eng.mi", "eng.voice", "team.facil", "plan.safety", "self.reflect"}
	tags := []string{"a", "b", "c"}
	families := []string{"", "F1", "f1", "F2"}
	kinds := []journal.Kind{journal.KindTeamMeeting, journal.KindCheckIn, journal.KindCrisis}
	words := []string{"alpha", "Beta", "gamma", "DELTA"}
	randomEntry := func() *journal.Entry {
		e := &journal.Entry{
			Date:    today() - journal.Day(rng.IntN(60)),
			Kind:    kinds[rng.IntN(len(kinds))],
			Family:  families[rng.IntN(len(families))],
			Title:   words[rng.IntN(len(words))],
			Ratings: map[string]int{},
		}
		for _, sk := range skills {
			if rng.IntN(3) == 0 {
				e.Ratings[sk] = 1 + rng.IntN(5)
			}
		}
		for _, tg := range tags {
			if rng.IntN(3) == 0 {
				e.Tags = append(e.Tags, tg)
			}
		}
		return e
	}
	copyEntry := func(e *journal.Entry) *journal.Entry {
		c := *e
		c.Ratings = map[string]int{}
		for k, v := range e.Ratings {
			c.Ratings[k] = v
		}
		c.Tags = slices.Clone(e.Tags)
		return &c
	}

	check := func(step int) {
		t.Helper()
		// A random filter against the model.
		f := journal.EntryFilter{Limit: rng.IntN(4) * 3, Offset: rng.IntN(3)}
		if rng.IntN(2) == 0 {
			f.Skill = skills[rng.IntN(len(skills))]
		}
		if rng.IntN(3) == 0 {
			f.Tag = tags[rng.IntN(len(tags))]
		}
		if rng.IntN(3) == 0 {
			f.Family = families[1+rng.IntN(len(families)-1)]
		}
		if rng.IntN(4) == 0 {
			f.Kind = kinds[rng.IntN(len(kinds))]
		}
		if rng.IntN(4) == 0 {
			f.Search = strings.ToLower(words[rng.IntN(len(words))][:3])
		}
		if rng.IntN(2) == 0 {
			f.Since = day(today() - journal.Day(rng.IntN(60)))
		}
		if rng.IntN(2) == 0 {
			f.Until = day(today() - journal.Day(rng.IntN(60)))
		}
		var want []string
		for i := len(order) - 1; i >= 0; i-- {
			e := model[order[i]]
			if e == nil || !modelMatch(e, f) {
				continue
			}
			want = append(want, e.ID)
		}
		slices.SortStableFunc(want, func(a, b string) int {
			if da, db := model[a].Date, model[b].Date; da != db {
				return int(db - da)
			}
			return strings.Compare(b, a)
		})
		want = want[min(f.Offset, len(want)):]
		if f.Limit > 0 && len(want) > f.Limit {
			want = want[:f.Limit]
		}
		got, err := s.FindEntries(f)
		if err != nil {
			t.Fatalf("step %d: FindEntries: %v", step, err)
		}
		gotIDs := make([]string, len(got))
		for i, e := range got {
			gotIDs[i] = e.ID
			sameEntry(t, e, model[e.ID])
		}
		if !reflect.DeepEqual(gotIDs, want) && (len(want) > 0 || len(gotIDs) > 0) {
			t.Fatalf("step %d: FindEntries(%+v) = %v, want %v", step, f, gotIDs, want)
		}

		ratings, err := NewRatingService(db).Ratings()
		if err != nil {
			t.Fatal(err)
		}
		wantRatings := map[string][]journal.Rating{}
		for _, id := range order {
			e := model[id]
			if e == nil {
				continue
			}
			for sk, v := range e.Ratings {
				wantRatings[sk] = append(wantRatings[sk], journal.Rating{Skill: sk, Date: e.Date, EntryID: id, Value: v})
			}
		}
		for _, rs := range wantRatings {
			slices.SortStableFunc(rs, func(a, b journal.Rating) int { return int(a.Date - b.Date) })
		}
		if !reflect.DeepEqual(ratings, wantRatings) {
			for _, sk := range sortedKeys(wantRatings) {
				if !reflect.DeepEqual(ratings[sk], wantRatings[sk]) {
					t.Errorf("%s:\n got  %v\n want %v", sk, ratings[sk], wantRatings[sk])
				}
			}
			t.Fatalf("step %d: Ratings differ from the model", step)
		}
	}

	live := func() []string {
		var ids []string
		for _, id := range order {
			if model[id] != nil {
				ids = append(ids, id)
			}
		}
		return ids
	}
	for step := range 800 {
		switch ids := live(); {
		case len(ids) == 0 || rng.IntN(10) < 5:
			e := randomEntry()
			if err := s.CreateEntry(e); err != nil {
				t.Fatalf("step %d: CreateEntry: %v", step, err)
			}
			model[e.ID] = copyEntry(e)
			order = append(order, e.ID)
		case rng.IntN(10) < 6:
			id := ids[rng.IntN(len(ids))]
			e := randomEntry()
			e.ID = id
			if err := s.UpdateEntry(e); err != nil {
				t.Fatalf("step %d: UpdateEntry: %v", step, err)
			}
			model[id] = copyEntry(e)
		default:
			id := ids[rng.IntN(len(ids))]
			if err := s.DeleteEntry(id); err != nil {
				t.Fatalf("step %d: DeleteEntry: %v", step, err)
			}
			model[id] = nil
		}
		check(step)
		if step%200 == 199 {
			db = reopen(t, db)
			db.now = newTestClock().Now // the clock steps back
			s = NewEntryService(db)
			check(step)
		}
	}
}

// modelMatch is FindEntries' filter, written plainly.
func modelMatch(e *journal.Entry, f journal.EntryFilter) bool {
	if f.Since != nil && e.Date < *f.Since || f.Until != nil && e.Date > *f.Until {
		return false
	}
	if _, ok := e.Ratings[f.Skill]; f.Skill != "" && !ok {
		return false
	}
	if f.Tag != "" && !slices.Contains(e.Tags, f.Tag) {
		return false
	}
	if f.Kind != "" && e.Kind != f.Kind {
		return false
	}
	if f.Family != "" && !strings.EqualFold(e.Family, f.Family) {
		return false
	}
	if f.Search != "" {
		text := strings.ToLower(strings.Join(append([]string{e.Title, e.Notes, e.Family}, e.Tags...), "\n"))
		if !strings.Contains(text, f.Search) {
			return false
		}
	}
	return true
}
