package store

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hone/journal"
)

func TestDraftKeptAsideAfterANewKey(t *testing.T) {
	// A TUI on an encrypted journal that another hone encrypted again
	// under another key cannot keep its form's draft in the journal as the
	// user quits at the passphrase screen: it is kept aside, sealed with
	// the keys the TUI held, never in plain, and the next start takes it
	// in with the passphrase from before (the same one when only the key
	// changed), leaving it in place for any other.
	const newPass = "a brand new passphrase"
	for _, tc := range []struct{ name, pass string }{
		{"SamePassphrase", testPassphrase},
		{"NewPassphrase", newPass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := newSharedTestDB(t, true)
			entries := NewEntryService(db)
			// The form's timer kept an earlier text of the draft before.
			if err := entries.SaveDraft(testDraft("kept-aside", "earlier")); err != nil {
				t.Fatal(err)
			}
			if err := Decrypt(path, testPassphrase); err != nil {
				t.Fatal(err)
			}
			if err := encryptJournal(path, tc.pass, cheapKDF()); err != nil {
				t.Fatal(err)
			}
			d := testDraft("kept-aside", "kept aside")
			wantCode(t, entries.SaveDraft(d), journal.EPASSPHRASE)
			dir := filepath.Join(filepath.Dir(path), ".journal.db.edit")
			file, err := entries.KeepDraftAside(dir, d)
			if err != nil {
				t.Fatalf("KeepDraftAside: %v", err)
			}
			for p, want := range map[string]os.FileMode{dir: 0o700, file: 0o600} {
				if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
					t.Errorf("%s: %v, %v, want %v", p, fi.Mode().Perm(), err, want)
				}
			}
			raw, err := os.ReadFile(file)
			if err != nil || strings.Contains(string(raw), "kept aside") {
				t.Fatalf("the draft kept aside is not sealed (%v):\n%s", err, raw)
			}

			other := openTestPath(t, path, Options{Passphrase: givePassphrase(tc.pass)})
			otherEntries := NewEntryService(other)
			if tc.pass != testPassphrase {
				if left, err := otherEntries.TakeDraftsAside(dir, tc.pass); err != nil || left != 1 {
					t.Fatalf("TakeDraftsAside with the new passphrase: %d left, %v", left, err)
				}
				if ds, err := otherEntries.Drafts(); err != nil || len(ds) != 1 || ds[0].Title != "Title earlier" {
					t.Fatalf("drafts taken in by a passphrase that does not open them: %v, %v", ds, err)
				}
			}
			if left, err := otherEntries.TakeDraftsAside(dir, testPassphrase); err != nil || left != 0 {
				t.Fatalf("TakeDraftsAside with the passphrase it was kept under: %d left, %v", left, err)
			}
			ds, err := otherEntries.Drafts()
			if err != nil || len(ds) != 1 {
				t.Fatalf("drafts after taking in: %v, %v", ds, err)
			}
			got, want := *ds[0], *d
			want.Saved = got.Saved
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the draft taken in:\n%+v\nwant\n%+v", got, want)
			}
			if names, err := os.ReadDir(dir); err != nil || len(names) != 0 {
				t.Errorf("files left beside the journal: %v, %v", names, err)
			}
			if err := other.Close(); err != nil {
				t.Fatal(err)
			}
			if raw, err := os.ReadFile(path); err != nil || strings.Contains(string(raw), "kept aside") {
				t.Errorf("the draft taken in is not sealed in the journal (%v)", err)
			}
			checkBolt(t, path)
		})
	}
}

func TestDraftKeptAsideOnlySealed(t *testing.T) {
	// A plain journal's TUI has no keys to seal with: nothing is written.
	db, path := newSharedTestDB(t, false)
	dir := filepath.Join(filepath.Dir(path), ".journal.db.edit")
	_, err := NewEntryService(db).KeepDraftAside(dir, testDraft("plain", "plain"))
	wantCode(t, err, journal.EINVALID)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a folder was made for nothing: %v", err)
	}
}
