package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPrep(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "gen", "--db", db, "--entries", "350", "--seed", "7")
	ok(t, "goals", "add", "--db", db, "Open every meeting with the family's own words", "--skill", "eng.voice")
	ok(t, "add", "--db", db, "--kind", "self-assessment", "--date", "-40d", "--rate", "eng.mi=3", "--rate", "team.facil=4", "earlier self-assessment")
	ok(t, "add", "--db", db, "--kind", "self-assessment", "--date", "-2d", "--rate", "eng.mi=4", "--rate", "team.facil=2", "latest self-assessment")
	asOf := time.Now().Format(time.DateOnly)

	prep := ok(t, "prep", "--db", db, "--as-of", asOf, "--days", "30")
	var drifts []struct {
		Skill, Status, Explanation string
	}
	if err := json.Unmarshal([]byte(ok(t, "drift", "--db", db, "--as-of", asOf, "--json")), &drifts); err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, d := range drifts {
		if d.Status == "drifting" || d.Status == "watch" || d.Status == "improving" {
			named++
			if !strings.Contains(prep, d.Explanation) {
				t.Errorf("prep lacks the explanation of %s (%s): %q", d.Skill, d.Status, d.Explanation)
			}
		}
	}
	if named == 0 {
		t.Fatal("the generated journal has no drifting, watch or improving skill to check")
	}
	for _, want := range []string{"Reflections", "Open every meeting with the family's own words", "moved up", "moved down"} {
		if !strings.Contains(prep, want) {
			t.Errorf("prep lacks %q", want)
		}
	}
	for _, private := range []string{"earlier self-assessment", "latest self-assessment"} {
		if strings.Contains(prep, private) {
			t.Errorf("prep holds the notes %q", private)
		}
	}

	out := filepath.Join(t.TempDir(), "prep.md")
	ok(t, "prep", "--db", db, "--as-of", asOf, "-o", out)
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("prep file mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if r := hone(t, "", nil, "prep", "--db", db, "--since", "-10d", "--days", "5"); r.code != 2 {
		t.Errorf("--since with --days: exit %d, want 2", r.code)
	}
}
