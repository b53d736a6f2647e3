package main

import (
	"path/filepath"
	"strings"
	"testing"

	"hone/journal"
)

func TestWatchListWarns(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "config", "watch", "add", "--db", db, "Rosa")
	if out := ok(t, "config", "watch", "list", "--db", db); strings.TrimSpace(out) != "Rosa" {
		t.Errorf("watch list = %q", out)
	}
	r := hone(t, "", nil, "add", "--db", db, "Rosa called back on 555-201-3344")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"notes", "watch list", "phone number", "saved anyway"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := len(listJSON(t, db)); n != 1 {
		t.Errorf("%d entries, want the one saved despite the warning", n)
	}
	ok(t, "config", "watch", "remove", "--db", db, "rosa")
	if r := hone(t, "", nil, "config", "watch", "remove", "--db", db, "rosa"); r.code != 1 {
		t.Errorf("removing a name not on the list: exit %d", r.code)
	}
}

func TestConfigName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	// Showing the name only reads: the journal must be there (on a path
	// with none it says so and makes none: TestReadCommandsNeverCreateAJournal).
	ok(t, "add", "--db", db, "notes")
	r := hone(t, "", nil, "config", "name", "--db", db)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "hone config name NAME") {
		t.Errorf("no name kept: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if out := ok(t, "config", "name", "--db", db, "Sam", " Rivera "); !strings.Contains(out, "Sam Rivera") {
		t.Errorf("keeping a name printed %q", out)
	}
	if out := ok(t, "config", "name", "--db", db); out != "Sam Rivera\n" {
		t.Errorf("config name printed %q, want the name kept", out)
	}
	for _, bad := range []string{strings.Repeat("x", journal.MaxFacilitator+1), "Sam\nRivera", "  "} {
		r := hone(t, "", nil, "config", "name", "--db", db, bad)
		if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: facilitator: ") {
			t.Errorf("config name %q: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
	if r := hone(t, "", nil, "config", "name", "--db", db, "--clear", "Sam"); r.code != 2 {
		t.Errorf("a name and --clear: exit %d, want 2", r.code)
	}
	if out := ok(t, "config", "name", "--db", db); out != "Sam Rivera\n" {
		t.Errorf("after refused names config name printed %q", out)
	}
	if out := ok(t, "config", "name", "--db", db, "--clear"); !strings.Contains(out, "Forgot") {
		t.Errorf("--clear printed %q", out)
	}
	if r := hone(t, "", nil, "config", "name", "--db", db); r.code != 0 || r.stdout != "" {
		t.Errorf("after --clear: exit %d, stdout %q", r.code, r.stdout)
	}
}
