package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEncryptedJournal(t *testing.T) {
	db := privateJournal(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pass, newPass, wrong := write("pass", "a long passphrase"), write("new", "another long one"), write("wrong", "not the one")

	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range append(markers, "OTHER7", "We agreed on a plan") {
		if bytes.Contains(b, []byte(m)) {
			t.Errorf("the encrypted journal holds %q in plain text", m)
		}
	}
	if n := len(listJSON(t, db, "--passphrase-file", pass)); n != 3 {
		t.Errorf("the encrypted journal lists %d entries, want 3", n)
	}
	before := fileHash(t, db)
	for name, args := range map[string][]string{
		"NoPassphrase":    {"list", "--db", db},
		"WrongPassphrase": {"list", "--db", db, "--passphrase-file", wrong},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, db) {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
	}
	if fileHash(t, db) != before {
		t.Error("failed opens changed the encrypted journal")
	}
	if out := ok(t, "doctor", "--db", db); !strings.Contains(out, "not checked") {
		t.Errorf("doctor without the passphrase:\n%s", out)
	}
	if out := ok(t, "doctor", "--db", db, "--passphrase-file", pass); !strings.Contains(out, "Entries  3") {
		t.Errorf("doctor with the passphrase:\n%s", out)
	}

	ok(t, "passphrase", "--db", db, "--passphrase-file", pass, "--new-passphrase-file", newPass)
	if r := hone(t, "", nil, "list", "--db", db, "--passphrase-file", pass); r.code != 1 {
		t.Errorf("the old passphrase still opens the journal")
	}
	ok(t, "decrypt", "--db", db, "--passphrase-file", newPass)
	if n := len(listJSON(t, db)); n != 3 {
		t.Errorf("after decrypt the journal lists %d entries, want 3", n)
	}
}
