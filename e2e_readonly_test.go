package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestTUIReadsAReadOnlyJournal: the full-screen journal opens a journal
// hone may read but not write (0400): it shows the entries with a line
// saying the journal is read-only and how to make it writable, a write
// (the entry form) says read-only in one line, and neither the file nor
// its folder changes. As root, 0400 does not stop a write, so hone runs
// as the user nobody, owner of the journal, from a copy of the binary it
// can reach.
func TestTUIReadsAReadOnlyJournal(t *testing.T) {
	dir, path := readOnlyJournal(t, "Plan review with the Dvořák family")
	bin, args := binary, []string{"--db", path}
	if os.Getuid() == 0 {
		if _, err := os.Stat("/usr/bin/setpriv"); err != nil {
			t.Skip("running as root without setpriv: cannot run hone as a user a 0400 file stops")
		}
		binary = "/usr/bin/setpriv"
		defer func() { binary = bin }()
		args = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", filepath.Join(dir, "hone")}, args...)
	}
	readOnlyTUI(t, path, "chmod u+w", args...)
}

// TestTUIReadsAJournalOnAReadOnlyDisk is TestTUIReadsAReadOnlyJournal on
// a read-only disk (a small tmpfs mounted read-only: mounting needs root;
// skipped otherwise).
func TestTUIReadsAJournalOnAReadOnlyDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small disk: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "--title", "Plan review with the Dvořák family", "notes")
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot make the disk read-only: %v %s", err, out)
	}
	readOnlyTUI(t, path, "read-only disk", "--db", path)
}

// readOnlyTUI runs the full-screen journal with args on the journal at
// path, which hone may read but not write, holding one entry titled "Plan
// review with the Dvořák family": the entry and a line saying read-only
// show with why (what stops the write), writes are refused in one line (a new entry, an edit and a
// deletion before anything opens; a skill's form keeps its text), and
// neither the file nor its folder changes.
func readOnlyTUI(t *testing.T, path, why string, args ...string) {
	t.Helper()
	dir := filepath.Dir(path)
	before := fileHash(t, path)
	names := func() []string {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, e := range es {
			n = append(n, e.Name())
		}
		return n
	}
	beside := names()

	u := startTUI(t, 120, 30, []string{"HOME=" + dir}, args...)
	u.waitFor("Plan review with the Dvořák", "Read-only journal", why)
	u.keys("n") // a new entry: refused before the form opens
	u.waitFor("nothing can be added or changed", why)
	u.keys("2") // the Journal tab
	u.waitFor("Plan review with the Dvořák", "Read-only journal")
	for _, k := range []string{"e", "d"} { // edit, delete
		u.keys("k") // any key clears the status line
		u.waitFor("Read-only journal")
		u.keys(k)
		u.waitFor("nothing can be added or changed")
	}
	u.keys("3") // Skills, Prompts, Prep read as usual
	u.waitFor("Skills", "Family and youth voice")
	u.keys("a") // a skill's form opens; saving it is refused, its text kept
	u.waitFor("Add a skill")
	u.typeText("debriefing")
	u.keys("Tab")
	u.typeText("Debriefing after hard meetings")
	u.keys("C-s")
	u.waitFor("open read-only, so nothing was written", "debriefing", "Debriefing after hard meetings")
	u.keys("Escape")
	u.waitFor("Discard what you typed?")
	u.keys("y")
	u.waitFor("Read-only journal")
	u.keys("4")
	u.waitFor("Prompts")
	u.keys("5")
	u.waitFor("Prep")
	u.keys("q")
	u.waitExit()
	if fileHash(t, path) != before {
		t.Error("the 0400 journal changed")
	}
	if got := names(); !slices.Equal(got, beside) {
		t.Errorf("beside the 0400 journal: %q, before %q", got, beside)
	}
}
