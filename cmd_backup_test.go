package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--rate", "eng.mi=4", "kept"))
	copyPath := filepath.Join(dir, "copy.db")
	if out := ok(t, "backup", "--db", db, "-o", copyPath); strings.TrimSpace(out) != copyPath {
		t.Errorf("backup printed %q", out)
	}
	if info, err := os.Stat(copyPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if es := listJSON(t, copyPath); len(es) != 1 || es[0].ID != id {
		t.Errorf("backup holds %+v", es)
	}
	out := strings.TrimSpace(ok(t, "backup", "--db", db))
	if filepath.Dir(out) != filepath.Join(dir, "backups") {
		t.Errorf("default backup went to %q, want the backups folder beside the journal", out)
	}
}
