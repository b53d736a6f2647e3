package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGen(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	ok(t, "gen", "--db", a, "--entries", "60", "--seed", "3")
	ok(t, "gen", "--db", b, "--entries", "60", "--seed", "3")
	ea, eb := listJSON(t, a), listJSON(t, b)
	if len(ea) != 60 {
		t.Fatalf("gen --entries 60 made %d entries", len(ea))
	}
	ja, _ := json.Marshal(ea)
	jb, _ := json.Marshal(eb)
	if !bytes.Equal(ja, jb) {
		t.Error("the same seed gave different journals")
	}
	if ea[0].Date != time.Now().Format(time.DateOnly) {
		t.Errorf("newest generated entry is dated %s, want today", ea[0].Date)
	}

	before := fileHash(t, a)
	if r := hone(t, "", nil, "gen", "--db", a, "--entries", "5"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: db:") {
		t.Errorf("gen into a journal with entries: exit %d, stderr %q", r.code, r.stderr)
	}
	if fileHash(t, a) != before {
		t.Error("gen changed a journal that held entries")
	}
	if r := hone(t, "", nil, "gen", "--db", filepath.Join(dir, "c.db"), "--entries", "0"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: entries:") {
		t.Errorf("gen --entries 0: exit %d, stderr %q", r.code, r.stderr)
	}
}
