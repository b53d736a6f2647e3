package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestTUIRemovesPrepLeftovers: a hone killed while it wrote a supervision
// preparation leaves its temporary file in the prep folder (plain text,
// even of an encrypted journal). The next start removes it, as it takes in
// the editor's files; a finished preparation and the temporary file of a
// hone still running stay.
func TestTUIRemovesPrepLeftovers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	prep := filepath.Join(dir, "prep")
	if err := os.Mkdir(prep, 0o700); err != nil {
		t.Fatal(err)
	}
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := strconv.Itoa(gone.Process.Pid)
	left := filepath.Join(prep, ".hone-prep-"+dead+"-123.tmp")
	running := filepath.Join(prep, ".hone-prep-"+strconv.Itoa(os.Getpid())+"-456.tmp")
	done := filepath.Join(prep, "prep-2026-12-01.md")
	for _, p := range []string{left, running, done} {
		if err := os.WriteFile(p, []byte("# Supervision preparation\nF42's plan\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	u := startTUI(t, 120, 30, nil, "--db", db)
	u.waitFor("Plan review")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(left); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the preparation a killed hone left is still there: %s", left)
		}
	}
	u.keys("q")
	u.waitExit()
	for _, p := range []string{running, done} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
