package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDamagedJournalAndDoctor(t *testing.T) {
	dir := t.TempDir()
	healthy := filepath.Join(dir, "healthy.db")
	ok(t, "add", "--db", healthy, "--rate", "eng.mi=4", "fine")
	if out := ok(t, "doctor", "--db", healthy); !strings.Contains(out, "All checks passed") {
		t.Errorf("doctor on a healthy journal:\n%s", out)
	}

	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte("not a journal "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, damaged)
	r := hone(t, "", nil, "list", "--db", damaged)
	if r.code != 1 || !strings.Contains(r.stderr, damaged) || !strings.Contains(r.stderr, "hone doctor") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("list on a damaged file: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "doctor", "--db", damaged); r.code != 1 {
		t.Errorf("doctor on a damaged file: exit %d, stdout %q", r.code, r.stdout)
	}
	if fileHash(t, damaged) != before {
		t.Error("the damaged file was changed")
	}
}

func TestDoctorNamesBackupAndRestoreFixes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "kept safe"))
	ok(t, "backup", "--db", db)
	if err := os.WriteFile(db, bytes.Repeat([]byte{0xde, 0xad}, 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, "", nil, "doctor", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "hone restore ") {
		t.Fatalf("doctor on a damaged journal with a backup: exit %d, stderr %q", r.code, r.stderr)
	}
	backup := strings.TrimSpace(r.stderr[strings.Index(r.stderr, "hone restore ")+len("hone restore "):])
	out := ok(t, "restore", "--db", db, backup)
	if !strings.Contains(out, "kept at") {
		t.Errorf("restore printed %q", out)
	}
	if es := listJSON(t, db); len(es) != 1 || es[0].ID != id {
		t.Errorf("after restore the journal holds %+v", es)
	}
}
