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
	dead := deadPID(t)
	left := filepath.Join(prep, ".prep-2026-12-01.md.unfinished-"+dead+"-123")
	legacy := filepath.Join(prep, ".hone-prep-"+dead+"-124.tmp") // the name older hones gave it
	running := filepath.Join(prep, ".prep-2026-12-01.md.unfinished-"+strconv.Itoa(os.Getpid())+"-456")
	done := filepath.Join(prep, "prep-2026-12-01.md")
	for _, p := range []string{left, legacy, running, done} {
		if err := os.WriteFile(p, []byte("# Supervision preparation\nF42's plan\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	u := startTUI(t, 120, 30, nil, "--db", db)
	u.waitFor("Plan review")
	waitGone(t, left, legacy)
	u.keys("q")
	u.waitExit()
	for _, p := range []string{running, done} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// deadPID returns the process id of a process that has ended.
func deadPID(t *testing.T) string {
	t.Helper()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(gone.Process.Pid)
}

// waitGone waits until none of paths exists.
func waitGone(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if _, err := os.Stat(p); os.IsNotExist(err) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("what a killed hone left is still there: %s", p)
			}
		}
	}
}

// TestReviewRemovesUnfinishedFeedbackDrafts: a hone killed in review
// mode while it kept the coach's feedback draft leaves the temporary file
// of that draft (the coach's feedback in plain text) in .hone-drafts beside
// the feedback file. The next review that uses the folder removes it; the
// temporary file of a hone still running stays.
func TestReviewRemovesUnfinishedFeedbackDrafts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	export := filepath.Join(dir, "alex.json")
	ok(t, "export", "--db", db, "-o", export)
	drafts := filepath.Join(dir, ".hone-drafts")
	if err := os.Mkdir(drafts, 0o700); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(drafts, ".alex-feedback.json.draft.unfinished-"+deadPID(t)+"-123")
	running := filepath.Join(drafts, ".alex-feedback.json.draft.unfinished-"+strconv.Itoa(os.Getpid())+"-456")
	for _, p := range []string{left, running} {
		if err := os.WriteFile(p, []byte(`{"fields":["Strong opening with F42"]}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	u := startTUI(t, 140, 35, nil, "review", export)
	u.waitFor("f write feedback")
	waitGone(t, left)
	u.keys("q")
	u.waitExit()
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the temporary file of a hone still running: %v", err)
	}
}
