package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

func TestDriftFromAddedRatings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	asOf := journal.Date(2026, time.June, 30)
	rate := func(age int, skill string, value int) {
		ok(t, "add", "--db", db, "--date", (asOf - journal.Day(age)).String(), "--rate", fmt.Sprintf("%s=%d", skill, value), "meeting")
	}
	// eng.mi: a baseline of 4 from 40 to 100 days back, then 3, 2, 3, 2.
	for _, age := range []int{100, 80, 60, 40} {
		rate(age, "eng.mi", 4)
	}
	for i, v := range []int{3, 2, 3, 2} {
		rate(20-5*i, "eng.mi", v)
	}
	rate(-5, "eng.mi", 1) // after the as-of day: ignored
	rate(3, "team.facil", 4)
	rate(1, "team.facil", 5)
	ok(t, "skills", "archive", "--db", db, "self.doc")

	var got []struct {
		Skill       string   `json:"skill"`
		Status      string   `json:"status"`
		Stale       bool     `json:"stale"`
		Baseline    *float64 `json:"baseline"`
		Level       *float64 `json:"level"`
		CusumLow    *float64 `json:"cusum_low"`
		Ratings     int      `json:"ratings"`
		LastRated   *string  `json:"last_rated"`
		Explanation string   `json:"explanation"`
	}
	out := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("drift --json: %v\n%s", err, out)
	}
	if len(got) != 15 {
		t.Fatalf("%d skills, want the 15 that are not archived", len(got))
	}
	bySkill := map[string]int{}
	for i, d := range got {
		bySkill[d.Skill] = i
		if d.Explanation == "" {
			t.Errorf("%s has no explanation", d.Skill)
		}
	}
	if _, ok := bySkill["self.doc"]; ok {
		t.Error("the archived skill self.doc was analysed")
	}

	// By hand: B = 4; E = 4 → 3.7 → 3.19 → 3.133 → 2.7931; C = 0.5, 2, 2.5, 4.
	mi := got[bySkill["eng.mi"]]
	if mi.Status != "drifting" || mi.Stale || mi.Ratings != 8 {
		t.Errorf("eng.mi = %+v, want drifting, not stale, 8 ratings", mi)
	}
	if mi.Baseline == nil || *mi.Baseline != 4 || mi.Level == nil || *mi.Level != 2.79 || mi.CusumLow == nil || *mi.CusumLow != 4 {
		t.Errorf("eng.mi baseline/level/cusum = %v/%v/%v, want 4/2.79/4", mi.Baseline, mi.Level, mi.CusumLow)
	}
	if mi.LastRated == nil || *mi.LastRated != (asOf-5).String() {
		t.Errorf("eng.mi last rated %v, want %s", mi.LastRated, asOf-5)
	}

	facil := got[bySkill["team.facil"]]
	if facil.Status != "insufficient" || facil.Stale || facil.Ratings != 2 || facil.Baseline != nil {
		t.Errorf("team.facil = %+v, want insufficient, not stale, 2 ratings, no baseline", facil)
	}
	never := got[bySkill["plan.safety"]]
	if never.Status != "insufficient" || !never.Stale || never.Ratings != 0 || never.LastRated != nil {
		t.Errorf("plan.safety (never rated) = %+v, want insufficient and stale", never)
	}

	text := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--skill", "eng.mi")
	if !strings.Contains(text, "drifting") || !strings.Contains(text, "baseline of 4") || !strings.Contains(text, "not a fidelity score") {
		t.Errorf("drift text:\n%s", text)
	}
	// As of today, months later, eng.mi has gone unrated for over 90 days:
	// skills and drift agree.
	today := ok(t, "drift", "--db", db, "--skill", "eng.mi")
	skills := ok(t, "skills", "--db", db)
	if !strings.Contains(today, "[dormant") || !regexp.MustCompile(`eng\.mi .*dormant`).MatchString(skills) {
		t.Errorf("drift and skills disagree as of today:\n%s\n%s", today, skills)
	}
}
