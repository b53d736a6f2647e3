package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	bolt "go.etcd.io/bbolt"

	"hone/journal"
	"hone/store"
)

// damagedJournal writes the seed entries into a journal, breaks the record
// of one of them as a bad sector would, and opens it again: the services
// and the id of the entry that can no longer be read.
func damagedJournal(t *testing.T) (*store.DB, Services, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := store.Open(path, store.Options{Now: fixedClock, Entropy: &seqReader{}})
	if err != nil {
		t.Fatal(err)
	}
	es := seedEntries()
	if err := store.NewEntryService(db).CreateEntries(es); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	broken := es[len(es)/2].ID
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("entries")).Put([]byte(broken), []byte(`{"id":"`+broken+`","day":2`))
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	db, err = store.OpenShared(path, store.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, Services{
		Entries: store.NewEntryService(db),
		Skills:  store.NewSkillService(db),
		Prompts: store.NewPromptService(db),
		Ratings: store.NewRatingService(db),
		Goals:   store.NewGoalService(db),
		Drift:   store.NewDriftService(db),
	}, broken
}

// TestTUIShowsTheRestOfADamagedJournal: with one entry record that cannot
// be read, Today and the Journal list show every other entry, and the
// status line says which entry is damaged and what to do, after keys too.
func TestTUIShowsTheRestOfADamagedJournal(t *testing.T) {
	_, svc, broken := damagedJournal(t)
	m := newTestModel(t, svc, 220, 40)
	screen := plain(m)
	if !strings.Contains(screen, "damaged") || !strings.Contains(screen, broken) || !strings.Contains(screen, "hone doctor") {
		t.Errorf("Today does not say where the damage is:\n%s", screen)
	}
	m = keys(t, m, "2")
	screen = plain(m)
	if strings.Contains(screen, "Loading") {
		t.Errorf("the Journal list is still loading:\n%s", screen)
	}
	seen := 0
	for _, e := range seedEntries() {
		if strings.Contains(screen, e.Title) {
			seen++
		}
	}
	if seen == 0 {
		t.Errorf("the Journal list shows no entry:\n%s", screen)
	}
	if !strings.Contains(screen, "hone doctor") {
		t.Errorf("after a key, the damage is no longer said:\n%s", screen)
	}
}

// TestTUISaysTheDailyCheckFoundDamage: the daily check's finding, sent to
// the program, is on screen with what to do.
func TestTUISaysTheDailyCheckFoundDamage(t *testing.T) {
	db, svc, _ := damagedJournal(t)
	err := db.Check()
	if journal.ErrorCode(err) != journal.EDAMAGED {
		t.Fatalf("Check: %v, want EDAMAGED", err)
	}
	m := New(svc, testOptions())
	m = send1(t, m, tea.WindowSizeMsg{Width: 300, Height: 30})
	m = send1(t, m, Damaged{Err: err})
	if screen := plain(m); !strings.Contains(screen, "hone doctor") || !strings.Contains(screen, "restore or salvage") || !strings.Contains(screen, "does not decode") {
		t.Errorf("the check's finding is not on screen:\n%s", screen)
	}
}
