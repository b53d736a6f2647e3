package store

import (
	"reflect"
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

func TestWatchListDamaged(t *testing.T) {
	db, path := openTestDB(t)
	if err := NewConfigService(db).AddWatchName("Rosa"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketConfig)).Put([]byte(configWatch), []byte("{"))
	})
	r, err := Doctor(path, 0)
	if err != nil || r.OK() {
		t.Errorf("Doctor = %+v, %v; want a problem with the watch list", r, err)
	}
	db = openTestPath(t, path, testOptions(1))
	_, err = NewConfigService(db).WatchList()
	wantCode(t, err, journal.EDAMAGED)
}
