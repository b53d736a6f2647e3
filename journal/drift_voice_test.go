package journal

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// SharedExplanation turns every sentence hone drift writes into the one
// the shared voice writes for the same verdict, in days and in weeks: on
// random histories, at rating days and at days after them (stale,
// dormant), every sentence path.
func TestSharedExplanationIsTheSharedVoice(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	paths := map[string]int{} // the sentences' first words, to see the paths covered
	for c := 0; c < 300; c++ {
		rs := randomHistory(rng, 40+rng.Intn(260))
		for cut := 1; cut <= len(rs); cut += 1 + rng.Intn(10) {
			pre := rs[:cut]
			asOf := pre[len(pre)-1].Date + Day(rng.Intn(3)*rng.Intn(60))
			for _, v := range []voice{ownVoice, weekVoice} {
				own := analyzeDrift(pre, asOf, v).Explanation
				want := analyzeDrift(pre, asOf, v|sharedVoice).Explanation
				if got := SharedExplanation(own); got != want {
					t.Fatalf("history %d, %d ratings, as of %s:\nown    %q\ngot    %q\nwant   %q", c, cut, asOf, own, got, want)
				}
				if strings.Contains(want, "your") || strings.Contains(want, "Your") || strings.Contains(want, " you ") {
					t.Fatalf("the shared voice speaks to the facilitator: %q", want)
				}
				paths[strings.Fields(own)[0]]++
				if strings.Contains(own, "you usually rate it") {
					paths["stale"]++
				}
			}
		}
	}
	t.Logf("sentences by their first words: %v", paths)
	for _, p := range []string{"Your", "Drifting", "Back", "No", "Not", "Only", "stale"} {
		if paths[p] == 0 {
			t.Errorf("no sentence starting %q was checked: the histories need work", p)
		}
	}
}
