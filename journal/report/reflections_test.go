package report_test

import (
	"strings"
	"testing"

	"hone/journal"
)

// digestJournal has shared reflections over two years: one starred a year
// ago, some in the last 90 days, more before, and a private one.
func digestJournal() []*journal.Entry {
	mk := func(ago int, ratings map[string]int, refls ...journal.Reflection) *journal.Entry {
		return &journal.Entry{ID: "01m89gn0a3gfn" + string(rune('a'+ago%26)) + string(rune('a'+ago/26%26)) + "x",
			Date: end - journal.Day(ago), Kind: journal.KindCheckIn, Ratings: ratings, Reflections: refls}
	}
	return []*journal.Entry{
		mk(700, map[string]int{"eng.mi": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-ONE in 2024", Shared: true}),
		mk(400, map[string]int{"eng.mi": 3, "plan.safety": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-TWO", Shared: true}),
		mk(365, map[string]int{"eng.mi": 5, "plan.safety": 3}, journal.Reflection{Prompt: "Bring this?", Answer: "STARRED-ONE", Shared: true, Starred: true}),
		mk(60, map[string]int{"plan.safety": 4}, journal.Reflection{Prompt: "Went well?", Answer: "RECENT-OLDER", Shared: true},
			journal.Reflection{Prompt: "Private?", Answer: "PRIVATE-STARRED", Starred: true}),
		mk(2, map[string]int{"team.facil": 1}, journal.Reflection{Prompt: "Next?", Answer: "RECENT-NEWEST", Shared: true}),
	}
}

// inOrder reports whether every one of subs is in s, in that order.
func inOrder(s string, subs ...string) bool {
	at := 0
	for _, sub := range subs {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			return false
		}
		at += i + len(sub)
	}
	return true
}

// A coach-safe report shows the starred reflection first, then the last 90
// days in full by month, newest first, each card with the skills and
// ratings of its entry; the earlier ones are counted, not shown.
func TestWriteReflectionDigest(t *testing.T) {
	x := journal.BuildExport(digestJournal(), journal.BuiltinSkills(), journal.ExportOptions{Now: now})
	out := write(t, x)
	checkSelfContained(t, out)
	sec := out[strings.Index(out, `<section id="reflections">`):]
	if !inOrder(sec, "For supervision", "STARRED-ONE", "February 2026", "RECENT-NEWEST", "December 2025", "RECENT-OLDER", "Earlier") {
		t.Errorf("want starred first, then the months newest first:\n%s", sec)
	}
	for _, want := range []string{"MI skills <strong>5</strong>", "Crisis and safety planning <strong>3</strong>",
		"Meeting facilitation <strong>1</strong>", "2 earlier reflections", "<strong>2024</strong>", "<strong>2025</strong>",
		"MI skills 2", "Crisis and safety planning 1"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the section lacks %q:\n%s", want, sec)
		}
	}
	for _, bad := range []string{"OLD-ONE", "OLD-TWO", "PRIVATE-STARRED"} {
		if strings.Contains(out, bad) {
			t.Errorf("the report shows %s in full", bad)
		}
	}
}
