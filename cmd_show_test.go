package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDelete(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "to delete"))
	if r := hone(t, "", nil, "delete", "--db", db, id); r.code != 1 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("delete without --yes and no terminal: exit %d, stderr %q", r.code, r.stderr)
	}
	ok(t, "delete", "--db", db, id, "--yes")
	if n := len(listJSON(t, db)); n != 0 {
		t.Errorf("%d entries after delete, want 0", n)
	}
	if r := hone(t, "", nil, "show", "--db", db, id); r.code != 1 {
		t.Errorf("show of a deleted entry: exit %d, want 1", r.code)
	}
}
