package journal_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"hone/journal"
)

// reflectionJournal has shared reflections over two years: one starred a
// year before exportEnd, two in the last 90 days, two before, and a
// private starred one.
func reflectionJournal() []*journal.Entry {
	mk := func(id string, ago int, ratings map[string]int, refls ...journal.Reflection) *journal.Entry {
		return &journal.Entry{ID: id, Date: exportEnd - journal.Day(ago), Kind: journal.KindCheckIn, Ratings: ratings, Reflections: refls}
	}
	return []*journal.Entry{
		mk("01m89gn0a3gfn1aa", 700, map[string]int{"eng.mi": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-ONE", Shared: true}),
		mk("01m89gn0a3gfn1ab", 400, map[string]int{"eng.mi": 3, "plan.safety": 2}, journal.Reflection{Prompt: "Old?", Answer: "OLD-TWO", Shared: true}),
		mk("01m89gn0a3gfn1ac", 365, map[string]int{"eng.mi": 5, "plan.safety": 3}, journal.Reflection{Prompt: "Bring this?", Answer: "STARRED-ONE", Shared: true, Starred: true}),
		mk("01m89gn0a3gfn1ad", 60, map[string]int{"plan.safety": 4}, journal.Reflection{Prompt: "Went well?", Answer: "RECENT-OLDER", Shared: true},
			journal.Reflection{Prompt: "Private?", Answer: "PRIVATE-STARRED", Starred: true}),
		mk("01m89gn0a3gfn1ae", 2, map[string]int{"team.facil": 1}, journal.Reflection{Prompt: "Next?", Answer: "RECENT-NEWEST", Shared: true}),
	}
}

func TestDigestReflections(t *testing.T) {
	x := journal.BuildExport(reflectionJournal(), journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow})
	g, err := journal.DigestReflections(x)
	if err != nil {
		t.Fatal(err)
	}
	if g.Total != 5 || len(g.Starred) != 1 || g.Starred[0].Answer != "STARRED-ONE" || g.Earlier != 2 {
		t.Fatalf("digest %+v", g)
	}
	if got, want := g.Since, exportEnd-2-journal.RecentReflectionDays+1; got != want {
		t.Errorf("since %v, want %v (90 days up to the newest)", got, want)
	}
	var recent []string
	for _, m := range g.Recent {
		for _, r := range m.Reflections {
			recent = append(recent, m.Label()+": "+r.Answer)
		}
	}
	if got, want := strings.Join(recent, ", "), "February 2026: RECENT-NEWEST, December 2025: RECENT-OLDER"; got != want {
		t.Errorf("recent %q, want %q", got, want)
	}
	if len(g.EarlierYears) != 2 || g.EarlierYears[0].Year != 2025 || g.EarlierYears[0].Total != 1 || g.EarlierYears[1].Year != 2024 {
		t.Errorf("earlier years %+v", g.EarlierYears)
	}
	if len(g.EarlierSkills) != 2 || g.EarlierSkills[0] != (journal.SkillCount{Skill: "eng.mi", N: 2}) ||
		g.EarlierSkills[1] != (journal.SkillCount{Skill: "plan.safety", N: 1}) {
		t.Errorf("earlier skills %+v", g.EarlierSkills)
	}
	if r := g.Starred[0]; len(r.Ratings) != 2 || r.Ratings[0] != (journal.SkillRating{Skill: "eng.mi", Rating: 5}) {
		t.Errorf("the starred one's ratings %+v", r.Ratings)
	}
}

// The Markdown report reads as the HTML one: starred first, then the 90
// days by month, newest first, each with its entry's skills and ratings;
// the rest counted.
func TestExportMarkdownReflectionDigest(t *testing.T) {
	for _, week := range []bool{false, true} {
		md := writeMarkdown(t, journal.BuildExport(reflectionJournal(), journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow, WeekDates: week}))
		sec := md[strings.Index(md, "## Shared reflections"):]
		if !inOrder(sec, "### ★ For supervision", "#### ★", "STARRED-ONE", "### February 2026", "RECENT-NEWEST", "### December 2025", "RECENT-OLDER", "### Earlier") {
			t.Errorf("week %t: want starred first, then the months newest first:\n%s", week, sec)
		}
		for _, want := range []string{"Rated: MI skills **5** · Crisis and safety planning **3**", "Rated: Meeting facilitation **1**",
			"2 earlier reflections", "- **2025** (1): Jan: 1", "- **2024** (1): Mar: 1", "By skill of their entries: MI skills 2 · Crisis and safety planning 1."} {
			if !strings.Contains(sec, want) {
				t.Errorf("week %t: the section lacks %q:\n%s", week, want, sec)
			}
		}
		for _, bad := range []string{"OLD-ONE", "OLD-TWO", "PRIVATE-STARRED"} {
			if strings.Contains(md, bad) {
				t.Errorf("week %t: the report shows %s", week, bad)
			}
		}
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

// A period with more reflections than a report shows in full is shortened
// to the days of the newest RecentReflectionMax; every one is shown or
// counted, and the starred ones are shown whatever their number.
func TestDigestReflectionsCap(t *testing.T) {
	var es []*journal.Entry
	for i := range 100 { // two a day over 50 days, the oldest starred
		es = append(es, &journal.Entry{ID: "01m89gn0a3gf" + fmt.Sprintf("%04d", i), Date: exportEnd - journal.Day(i/2), Kind: journal.KindCheckIn,
			Ratings: map[string]int{"eng.mi": 3}, Reflections: []journal.Reflection{{Prompt: "P", Answer: "A" + strconv.Itoa(i), Shared: true, Starred: i == 99}}})
	}
	g, err := journal.DigestReflections(journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow}))
	if err != nil {
		t.Fatal(err)
	}
	recent := 0
	for _, m := range g.Recent {
		for _, r := range m.Reflections {
			recent++
			if r.Day < g.Since {
				t.Errorf("a reflection of %v shown in a period from %v", r.Day, g.Since)
			}
		}
	}
	if recent > journal.RecentReflectionMax || recent < journal.RecentReflectionMax-1 || len(g.Starred) != 1 || recent+g.Earlier+len(g.Starred) != 100 {
		t.Errorf("%d shown, %d counted, %d starred; want at most %d shown and all 100 in one place", recent, g.Earlier, len(g.Starred), journal.RecentReflectionMax)
	}
	if want := exportEnd - journal.Day(journal.RecentReflectionMax/2) + 1; g.Since != want {
		t.Errorf("the period starts on %v, want %v (the days of the newest %d)", g.Since, want, journal.RecentReflectionMax)
	}
}
