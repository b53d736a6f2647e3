package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
	// eng.mi: 4s aged 100, 80, 60 and 40, then 2s aged 20, 15, 10 and 5.
	for _, age := range []int{100, 80, 60, 40} {
		rate(age, "eng.mi", 4)
	}
	for _, age := range []int{20, 15, 10, 5} {
		rate(age, "eng.mi", 2)
	}
	rate(-5, "eng.mi", 1) // after the as-of day: ignored
	rate(3, "team.facil", 4)
	rate(1, "team.facil", 5)
	ok(t, "skills", "archive", "--db", db, "self.doc")

	out := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("drift --json: %v\n%s", err, out)
	}
	if len(got) != 15 {
		t.Fatalf("%d skills, want the 15 that are not archived", len(got))
	}
	bySkill := map[string]map[string]any{}
	for _, d := range got {
		bySkill[d["skill"].(string)] = d
		if d["explanation"] == "" {
			t.Errorf("%s has no explanation", d["skill"])
		}
	}
	if _, ok := bySkill["self.doc"]; ok {
		t.Error("the archived skill self.doc was analysed")
	}

	// By hand, SPEC section 4 version 2, day by day (ages from 30 Jun):
	// up to age 20 no baseline (fewer than 6 ratings, fewer than 4 aged 30
	// or more); age 15: the start-up baseline, which skips that day's 2;
	// age 10: the window (ages 100 to 40, all 30 to 179 days old that day)
	// gives B = 4.0, s2 = 0, and the 2 takes C to min(2.0, 2) - 0.5 = 1.5;
	// age 5: C = 3.0 = H = max(3.0, 0), 8 ratings over 95 days; the level
	// set is the newest 6 (only 4 are under 30 days old): 4 4 2 2 2 2, L =
	// 16/6 = 2.67 <= 3.5. Drifting since 25 Jun, A = 4.0, from the ratings
	// of 22 Mar to 21 May. Gaps 20 20 20 20 5 5 5: median 20, stale after
	// 60 days.
	want := map[string]any{
		"skill": "eng.mi", "name": "MI skills", "status": "drifting", "stale": false,
		"baseline": 4.0, "level": 2.67, "cusum_low": 3.0, "cusum_high": 0.0,
		"ratings": 8.0, "first_rated": "2026-03-22", "last_rated": "2026-06-25", "slope": bySkill["eng.mi"]["slope"],
		"basis": "recent", "reference": 4.0, "drift_since": "2026-06-25", "threshold": 3.0, "evaluated_on": "2026-06-25",
		"explanation": "Drifting since 25 Jun: your last 6 ratings (1 May to 25 Jun) average 2.7, below 4.0, your usual level before the drop (ratings from 22 Mar to 21 May).",
	}
	if !reflect.DeepEqual(bySkill["eng.mi"], want) {
		t.Errorf("eng.mi =\n%v\nwant\n%v", bySkill["eng.mi"], want)
	}

	// team.facil: 2 ratings over 2 days; the verdict comes from the newest.
	want = map[string]any{
		"skill": "team.facil", "name": "Meeting facilitation", "status": "insufficient", "stale": false,
		"baseline": nil, "level": nil, "cusum_low": nil, "cusum_high": nil,
		"ratings": 2.0, "first_rated": "2026-06-27", "last_rated": "2026-06-29", "slope": 15.0,
		"basis": nil, "reference": nil, "drift_since": nil, "threshold": nil, "evaluated_on": "2026-06-29",
		"explanation": "Only 2 ratings over 2 days so far; hone needs at least 8 ratings spread over 28 days.",
	}
	if !reflect.DeepEqual(bySkill["team.facil"], want) {
		t.Errorf("team.facil =\n%v\nwant\n%v", bySkill["team.facil"], want)
	}
	never := bySkill["plan.safety"]
	if never["status"] != "insufficient" || never["stale"] != true || never["ratings"] != 0.0 || never["last_rated"] != nil ||
		never["evaluated_on"] != nil || never["explanation"] != "Not rated yet." {
		t.Errorf("plan.safety (never rated) = %v, want insufficient and stale, never evaluated", never)
	}

	text := ok(t, "drift", "--db", db, "--as-of", asOf.String(), "--skill", "eng.mi")
	if !strings.Contains(text, "eng.mi  MI skills  [drifting since 25 Jun 2026]\n") || !strings.Contains(text, "Drifting since 25 Jun") ||
		!strings.Contains(text, "not a fidelity score") {
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

// TestDriftFromImportedRatings: a year-basis verdict through the binary.
// 171 entries imported from a full export: 4s every 4 days for 300 days
// from 1 Jan 2024, then 2s every 4 days. The drop starts a recent episode
// on day 308 (C = 3.0 = H, L = 3.5 = B - 0.5), which ends after a year on
// day 676 (7 Nov 2025), when the year comparison starts one: the 2s of
// the last 90 days against the 4s (and two 2s) a year earlier. As of day
// 680 (11 Nov 2025): now holds 23 2s, then the 4s of days 228 to 300 and
// the 2s of 304, 308 and 312 (22 ratings, mean 82/22 = 3.73); 10 X =
// 10 (82 x 23 - 46 x 22) = 8740 >= 3 x 23 x 22: still drifting. B = 2.0
// (the 2s of days 504 to 648), C = U = 0 since the reset on day 676.
func TestDriftFromImportedRatings(t *testing.T) {
	dir := t.TempDir()
	base := journal.Date(2024, time.January, 1)
	var es []*journal.Entry
	add := func(day, value int) {
		at := (base + journal.Day(day)).Time().Add(12 * time.Hour)
		id, err := journal.NewID(at, strings.NewReader("\x00\x00\x00\x00"))
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, &journal.Entry{ID: id, Date: base + journal.Day(day), Created: at, Updated: at,
			Kind: journal.KindTeamMeeting, Ratings: map[string]int{"eng.mi": value}})
	}
	for day := 0; day <= 300; day += 4 {
		add(day, 4)
	}
	for day := 304; day <= 680; day += 4 {
		add(day, 2)
	}
	x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, Now: (base + 681).Time()})
	file := filepath.Join(dir, "full.json")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := journal.WriteExportJSON(f, x); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "j.db")
	ok(t, "import", "--db", db, file)

	out := ok(t, "drift", "--db", db, "--as-of", (base + 680).String(), "--skill", "eng.mi", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("drift --json: %v\n%s", err, out)
	}
	want := map[string]any{
		"skill": "eng.mi", "name": "MI skills", "status": "drifting", "stale": false,
		"baseline": 2.0, "level": 2.0, "cusum_low": 0.0, "cusum_high": 0.0,
		"ratings": 171.0, "first_rated": "2024-01-01", "last_rated": "2025-11-11", "slope": 0.0,
		"basis": "year", "reference": 3.73, "drift_since": "2025-11-07", "threshold": 3.0, "evaluated_on": "2025-11-11",
		"explanation": "Drifting since 7 Nov: your ratings over the last 3 months (15 Aug to 11 Nov) average 2.0, down from 3.7 over the same months a year earlier (16 Aug 2024 to 8 Nov 2024).",
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("eng.mi =\n%v\nwant\n%v", got[0], want)
	}
	text := ok(t, "drift", "--db", db, "--as-of", (base + 680).String(), "--skill", "eng.mi")
	if !strings.Contains(text, "[drifting since 7 Nov 2025]") {
		t.Errorf("drift text:\n%s", text)
	}
}

// TestDriftNeverRated holds that a skill never rated reads "not rated
// yet" in hone drift, not "insufficient, stale".
func TestDriftNeverRated(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "--db", db, "add", "--rate", "eng.mi=3", "one rating")
	out := ok(t, "--db", db, "drift")
	if !strings.Contains(out, "eng.voice  Family and youth voice  [not rated yet]") {
		t.Errorf("a never-rated skill is not labelled as such:\n%s", out)
	}
	if !strings.Contains(out, "eng.mi  MI skills  [insufficient]") {
		t.Errorf("a skill rated once is not insufficient:\n%s", out)
	}
}

// TestDriftKeptByAReadCommand: a read command that had to analyse the
// journal (no analysis kept since its last write) keeps its analysis when
// no other hone holds the file, so that the next hone drift, skills or
// Today reads it instead of analysing every rating again: the first run
// changes the file, the second reads what it kept and changes nothing,
// and both say the same. An encrypted journal is left as it is (keeping
// would need its key opened for writing).
func TestDriftKeptByAReadCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "300", "--seed", "5")
	before := fileHash(t, db)
	first := ok(t, "drift", "--db", db, "--json")
	kept := fileHash(t, db)
	if kept == before {
		t.Fatal("the first hone drift kept no analysis")
	}
	second := ok(t, "drift", "--db", db, "--json")
	if fileHash(t, db) != kept {
		t.Error("the second hone drift analysed again and wrote")
	}
	if first != second {
		t.Errorf("the kept analysis says otherwise:\n%s\nthen\n%s", first, second)
	}
	if out := ok(t, "doctor", "--db", db); strings.Contains(out, "damaged") {
		t.Errorf("doctor after a kept analysis:\n%s", out)
	}

	sealed := filepath.Join(dir, "sealed.db")
	ok(t, "gen", "--db", sealed, "--entries", "120", "--seed", "6")
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("a long facilitator passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "encrypt", "--db", sealed, "--passphrase-file", pass)
	before = fileHash(t, sealed)
	ok(t, "drift", "--db", sealed, "--passphrase-file", pass)
	if fileHash(t, sealed) != before {
		t.Error("hone drift wrote into an encrypted journal")
	}
}

// TestDriftSkillThenAll: hone drift --skill, the first read after a write
// (it keeps its analysis), leaves every other skill's verdict in place for
// the next read: it used to keep the filtered list, and every other skill
// read as blank in hone drift, skills and Today until the next write.
func TestDriftSkillThenAll(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "gen", "--db", db, "--entries", "300", "--seed", "5")
	ok(t, "add", "--db", db, "--rate", "eng.mi=3", "--rate", "team.facil=4", "after the gen")
	ok(t, "drift", "--db", db, "--skill", "eng.mi", "--json")
	out := ok(t, "drift", "--db", db, "--json")
	if strings.Contains(out, `"skill": ""`) || strings.Count(out, `"skill": "`) != 16 {
		t.Errorf("hone drift after hone drift --skill:\n%s", out)
	}
	if !strings.Contains(out, `"skill": "team.facil"`) {
		t.Errorf("team.facil is missing after hone drift --skill eng.mi:\n%s", out)
	}
}
