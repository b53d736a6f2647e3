package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSchema1JournalStillReads opens a journal written by the first schema
// (testdata/journal-schema1.db, made once with hone's commands and never to
// be regenerated) and checks that every record comes back as it was: each
// later schema must migrate it forward without losing anything.
func TestSchema1JournalStillReads(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "journal-schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "journal-schema1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ok(t, "list", "--db", db, "--json"); got != string(want) {
		t.Errorf("the first schema's entries read back differently:\n got %s\nwant %s", got, want)
	}
	if out := ok(t, "doctor", "--db", db); !strings.Contains(out, "All checks passed") {
		t.Errorf("doctor:\n%s", out)
	}
	skills := ok(t, "skills", "--db", db)
	for _, want := range []string{"fam.meals", "Shared meal planning"} {
		if !strings.Contains(skills, want) {
			t.Errorf("skills lacks %q:\n%s", want, skills)
		}
	}
	if !strings.Contains(skills, "self.doc") || !strings.Contains(lineWith(skills, "self.doc"), "archived") {
		t.Errorf("self.doc is no longer archived:\n%s", skills)
	}
	if out := ok(t, "prompts", "--db", db, "--skill", "eng.voice"); !strings.Contains(out, "my-1") {
		t.Errorf("the custom prompt is gone:\n%s", out)
	}
	if out := ok(t, "goals", "--db", db); !strings.Contains(out, "Reflect more than I ask") {
		t.Errorf("the goal is gone:\n%s", out)
	}
	if out := ok(t, "config", "watch", "list", "--db", db); strings.TrimSpace(out) != "Rosa" {
		t.Errorf("the watch list reads %q", out)
	}
}

// lineWith returns the first line of text that contains s.
func lineWith(text, s string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
