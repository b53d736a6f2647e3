package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"hone/journal"
	"hone/store"
)

// checkOutput is the one rule for every file a command writes (-o): it
// never replaces the journal, a backup or any other hone journal. The
// journal's own path is refused even before the file exists.
func (a *app) checkOutput(out string) error {
	// What is there is looked at without opening it: a named pipe no one
	// reads would hold hone for ever, and a device (/dev/null to root) must
	// not be replaced by a file.
	if fi, err := os.Stat(out); err == nil && !fi.Mode().IsRegular() {
		what := "a device or a socket"
		switch {
		case fi.IsDir():
			what = "a folder"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		}
		return journal.Invalid("output", "%s is %s, not a file; give the name of a file to write", out, what)
	}
	if path, err := a.journalPath(); err == nil && (samePath(out, path) || store.SameFile(out, path)) {
		return journal.Invalid("output", "%s is the journal itself; choose another file", out)
	}
	if store.IsJournalFile(out) {
		return journal.Invalid("output", "%s is a hone journal or a backup of one; choose another file", out)
	}
	return nil
}

// writeOutput writes a command's output file out with write, atomically,
// after checkOutput.
func (a *app) writeOutput(out string, write func(io.Writer) error) error {
	if err := a.checkOutput(out); err != nil {
		return err
	}
	return store.WriteFileAtomic(out, write)
}

// samePath reports whether a and b name the same path once made absolute
// and clean (the files need not exist).
func samePath(a, b string) bool {
	pa, errA := filepath.Abs(a)
	pb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && pa == pb
}
