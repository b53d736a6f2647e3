package main

import (
	"os"
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
	const nobody = 65534
	dir, err := os.MkdirTemp("", "hone-readonly-tui-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "--title", "Plan review with the Dvořák family", "notes")
	bin, args := binary, []string{"--db", path}
	if os.Getuid() == 0 {
		if _, err := os.Stat("/usr/bin/setpriv"); err != nil {
			t.Skip("running as root without setpriv: cannot run hone as a user a 0400 file stops")
		}
		if err := copyFile(binary, filepath.Join(dir, "hone"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{dir, path} {
			if err := os.Chown(p, nobody, nobody); err != nil {
				t.Skipf("cannot give the journal to nobody: %v", err)
			}
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		binary = "/usr/bin/setpriv"
		defer func() { binary = bin }()
		args = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", filepath.Join(dir, "hone")}, args...)
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
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
	u.waitFor("Plan review with the Dvořák", "Read-only journal", "chmod u+w")
	u.keys("n") // a new entry: refused before the form opens
	u.waitFor("nothing can be added or changed", "chmod u+w")
	u.keys("2") // the Journal tab
	u.waitFor("Plan review with the Dvořák", "Read-only journal")
	for _, k := range []string{"e", "d"} { // edit, delete
		u.keys("k") // any key clears the status line
		u.waitFor("Read-only journal")
		u.keys(k)
		u.waitFor("nothing can be added or changed")
	}
	u.keys("3") // Skills, Prompts, Prep read as usual
	u.waitFor("Skills")
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
