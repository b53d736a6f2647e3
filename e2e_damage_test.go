package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTUIDailyCheckSaysTheJournalIsDamaged: a journal whose damage the
// screens do not read (a stray key in the tag index) opens as usual; the
// daily check in the background finds it, the screen says so with what to
// do, and from then on no write goes into it (hone add refused, the file
// unchanged).
func TestTUIDailyCheckSaysTheJournalIsDamaged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	putRaw(t, db, "idx_tag", "stray", "")
	u := startTUI(t, 140, 24, nil, "--db", db)
	u.waitFor("Today", "Plan review")
	u.waitFor("Damaged journal", "hone doctor")
	before, _ := os.ReadFile(db)
	if r := hone(t, "", nil, "add", "--db", db, "Met the family"); r.code != 1 || !strings.Contains(r.stderr, "hone doctor") {
		t.Errorf("add while the TUI says the journal is damaged: exit %d, %q", r.code, r.stderr)
	}
	u.keys("q")
	u.waitExit()
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a write went into the damaged journal")
	}
}

// TestTUIShowsTheRestOfADamagedJournal: with one entry record that cannot
// be read (a byte flipped inside it), the TUI shows the other entries and
// says which entry is damaged, not "Loading" forever.
func TestTUIShowsTheRestOfADamagedJournal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--title", "First visit", "notes")
	ok(t, "add", "--db", db, "--title", "Second visit", "notes")
	ok(t, "add", "--db", db, "--title", "Third visit", "notes")
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(raw, []byte(`"title":"Second visit"`))
	if at < 0 {
		t.Fatal("the entry is not in the file")
	}
	raw[at-1] = '[' // the record no longer decodes
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	u := startTUI(t, 200, 24, nil, "--db", db)
	u.waitFor("First visit", "Third visit", "cannot be read")
	u.keys("2")
	screen := u.waitFor("First visit", "Third visit")
	if strings.Contains(screen, "Loading") {
		t.Errorf("the Journal list:\n%s", screen)
	}
	u.keys("q")
	u.waitExit()
}
