package main

import (
	"strings"
	"testing"
)

// TestTUIRatingGridByNameAndJump writes an entry at 80x24 rating two
// skills found by typing letters of their names in the grid, which shows
// names, not ids; the journal holds both ratings.
func TestTUIRatingGridByNameAndJump(t *testing.T) {
	db := t.TempDir() + "/j.db"
	u := startTUI(t, 80, 24, nil, "--db", db)
	u.waitFor("Today", "Journal")
	u.keys("n")
	u.waitFor("Title")
	u.typeText("Plan review")
	u.keys("Tab", "Tab")
	screen := u.waitFor("Family and youth voice", "MI skills", "Documentation discipline")
	if strings.Contains(screen, "eng.mi") || strings.Contains(screen, "self.doc") {
		t.Errorf("the grid shows skill ids:\n%s", screen)
	}
	u.typeText("cri")
	u.waitFor("jump: cri")
	u.keys("4")
	u.typeText("doc")
	u.waitFor("jump: doc")
	u.keys("5")
	u.keys("C-s")
	u.waitFor("Saved")
	entries := listJSON(t, db)
	if len(entries) != 1 {
		t.Fatalf("the journal holds %d entries, want 1", len(entries))
	}
	if got := entries[0].Ratings; len(got) != 2 || got["plan.safety"] != 4 || got["self.doc"] != 5 {
		t.Errorf("ratings %v, want plan.safety 4 and self.doc 5", got)
	}
}
