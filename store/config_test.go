package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

func TestWatchList(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewConfigService(db)
	if names, err := s.WatchList(); err != nil || len(names) != 0 {
		t.Fatalf("a new journal's watch list = %v, %v", names, err)
	}
	for _, name := range []string{"Rosa", "  Maria   Lopez ", "rosa", "ROSA"} {
		if err := s.AddWatchName(name); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.AddWatchName("  "), journal.EINVALID)
	db = reopen(t, db)
	s = NewConfigService(db)
	names, err := s.WatchList()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Rosa", "Maria Lopez"}; !reflect.DeepEqual(names, want) {
		t.Errorf("WatchList() = %q, want %q", names, want)
	}
	if err := s.RemoveWatchName("maria lopez"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.RemoveWatchName("Maria Lopez"), journal.ENOTFOUND)
	wantCode(t, s.RemoveWatchName(""), journal.EINVALID)
	if names, err := s.WatchList(); err != nil || !reflect.DeepEqual(names, []string{"Rosa"}) {
		t.Errorf("after remove WatchList() = %q, %v", names, err)
	}
}

// TestConfigDamaged: a config value that does not decode is damage that
// doctor reports and reading it says so.
func TestConfigDamaged(t *testing.T) {
	for _, c := range []struct {
		key  string
		set  func(*ConfigService) error
		read func(*ConfigService) error
	}{
		{configWatch, func(s *ConfigService) error { return s.AddWatchName("Rosa") },
			func(s *ConfigService) error { _, err := s.WatchList(); return err }},
		{configFacilitator, func(s *ConfigService) error { return s.SetFacilitatorName("Sam") },
			func(s *ConfigService) error { _, err := s.FacilitatorName(); return err }},
		{configJournal, func(s *ConfigService) error { _, err := s.JournalID(); return err },
			func(s *ConfigService) error { _, err := s.JournalID(); return err }},
	} {
		t.Run(c.key, func(t *testing.T) {
			db, path := openTestDB(t)
			if err := c.set(NewConfigService(db)); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte(bucketConfig)).Put([]byte(c.key), []byte("{"))
			})
			r, err := Doctor(path, 0)
			if err != nil || r.OK() {
				t.Errorf("Doctor = %+v, %v; want a problem with %s", r, err, c.key)
			}
			db = openTestPath(t, path, testOptions(1))
			wantCode(t, c.read(NewConfigService(db)), journal.EDAMAGED)
		})
	}
}

func TestFacilitatorName(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			s := NewConfigService(db)
			if name, err := s.FacilitatorName(); err != nil || name != "" {
				t.Fatalf("a new journal's facilitator name = %q, %v", name, err)
			}
			if err := s.SetFacilitatorName("  Sam \t Riverazq\x1b[31m "); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if found := markersIn(t, path, "Riverazq"); m.encrypted == (len(found) > 0) {
				t.Errorf("encrypted %v, the file holds the name: %v", m.encrypted, found)
			}
			if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)}); err != nil || !r.OK() || !r.RecordsChecked {
				t.Errorf("Doctor: %+v, %v", r, err)
			}
			db = reopen(t, db)
			s = NewConfigService(db)
			if got, err := s.FacilitatorName(); err != nil || got != "Sam Riverazq" {
				t.Errorf("after reopening FacilitatorName() = %q, %v; want %q", got, err, "Sam Riverazq")
			}

			if err := s.SetFacilitatorName(""); err != nil {
				t.Fatal(err)
			}
			db = reopen(t, db)
			s = NewConfigService(db)
			if got, err := s.FacilitatorName(); err != nil || got != "" {
				t.Errorf("after clearing FacilitatorName() = %q, %v", got, err)
			}
			if err := s.SetFacilitatorName(strings.Repeat("é", journal.MaxFacilitator)); err != nil {
				t.Errorf("a name of exactly %d characters: %v", journal.MaxFacilitator, err)
			}
		})
	}
}

func TestFacilitatorNameRefused(t *testing.T) {
	for name, bad := range map[string]string{
		"TooLong":   strings.Repeat("x", journal.MaxFacilitator+1),
		"MultiLine": "Sam\nRivera",
		"Return":    "Sam\rRivera",
		"NotUTF8":   "Sam \xff",
	} {
		t.Run(name, func(t *testing.T) {
			db, path := openTestDB(t)
			s := NewConfigService(db)
			if err := s.SetFacilitatorName("Sam"); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			err := s.SetFacilitatorName(bad)
			wantCode(t, err, journal.EINVALID)
			var je *journal.Error
			if !errors.As(err, &je) || je.Field != "facilitator" {
				t.Errorf("the error %v names no facilitator field", err)
			}
			if name != "NotUTF8" && !strings.Contains(journal.ErrorMessage(err), "one line, at most 100 characters") {
				t.Errorf("the error %q does not say what is accepted", journal.ErrorMessage(err))
			}
			if got, err := s.FacilitatorName(); err != nil || got != "Sam" {
				t.Errorf("after a refused name FacilitatorName() = %q, %v", got, err)
			}
			if fileSum(t, path) != before {
				t.Error("a refused name changed the journal file")
			}
		})
	}
}

func TestFacilitatorNameClearOnNewJournal(t *testing.T) {
	db, _ := openTestDB(t)
	if err := NewConfigService(db).SetFacilitatorName("   "); err != nil {
		t.Fatal(err)
	}
	err := db.view(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bucketConfig)) != nil {
			t.Error("clearing the name of a new journal made the config bucket")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCoachName holds the coach's name review mode keeps: kept, sealed in
// an encrypted journal, the same name again writes nothing, "" forgets it,
// a name of two lines is refused with nothing written.
func TestCoachName(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			s := NewConfigService(db)
			if name, err := s.CoachName(); err != nil || name != "" {
				t.Fatalf("a new journal's coach name %q, %v", name, err)
			}
			if err := s.SetCoachName("  Chloe   Marsh-COACHNAME "); err != nil {
				t.Fatal(err)
			}
			if name, err := s.CoachName(); err != nil || name != "Chloe Marsh-COACHNAME" {
				t.Errorf("coach name %q, %v", name, err)
			}
			if err := s.SetCoachName("Two\nlines"); journal.ErrorCode(err) != journal.EINVALID {
				t.Errorf("a name of two lines: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if found := markersIn(t, path, "COACHNAME"); m.encrypted == (len(found) > 0) {
				t.Errorf("encrypted %v, the file holds the name: %v", m.encrypted, found)
			}
			before := fileSum(t, path)
			db = reopen(t, db)
			s = NewConfigService(db)
			if err := s.SetCoachName("Chloe Marsh-COACHNAME"); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if fileSum(t, path) != before {
				t.Error("keeping the name kept wrote to the journal")
			}
			db = reopen(t, db)
			s = NewConfigService(db)
			if err := s.SetCoachName(""); err != nil {
				t.Fatal(err)
			}
			if name, err := s.CoachName(); err != nil || name != "" {
				t.Errorf("after forgetting it: %q, %v", name, err)
			}
		})
	}
}
