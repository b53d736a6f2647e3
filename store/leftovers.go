package store

// Leftovers: the hidden files a killed hone leaves beside a journal (a
// rewrite, a new copy, a temp file), found by doctor and removed by the
// next open that holds the lock.

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Leftovers returns the temporary files of the journal at path that a hone
// stopped part-way (killed, or the machine went down) left behind: the new
// file of an encrypt, decrypt or passphrase change (.NAME.rewrite-*, plain
// text after a decrypt), of a first use (.NAME.new-*) and of a restore
// (.NAME.restore-*) beside the journal, unfinished backups (.hone-*.tmp)
// in its backups folder, unfinished files written beside it (the damage
// mark, an export: .hone-write-*.tmp, locked while written), and a backup that is the journal itself (a second
// link a restore stopped before its rename left: every write into the
// journal would change it too). A file another hone has open (locked) is
// not one.
func Leftovers(path string) []string {
	base := "." + filepath.Base(path) + "."
	var found []string
	patterns := []string{
		filepath.Join(filepath.Dir(path), glob(base)+"rewrite-*"),
		filepath.Join(filepath.Dir(path), glob(base)+"new-*"),
		filepath.Join(filepath.Dir(path), glob(base)+"restore-*"),
		filepath.Join(BackupDir(path), ".hone-*.tmp"),
	}
	if canLock { // otherwise one being written looks the same
		patterns = append(patterns, filepath.Join(filepath.Dir(path), ".hone-write-*.tmp"))
	}
	for _, g := range patterns {
		names, _ := filepath.Glob(g) // the pattern is well-formed
		for _, name := range names {
			if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && !inUse(name) {
				found = append(found, name)
			}
		}
	}
	if fi, err := os.Stat(path); err == nil {
		for _, b := range backupsOf(path) {
			if bi, err := os.Stat(b.path); err == nil && os.SameFile(fi, bi) {
				found = append(found, b.path)
			}
		}
	}
	sort.Strings(found)
	return found
}

// glob escapes the characters filepath.Match treats specially.
func glob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// inUse reports whether another hone holds a lock on the file at path.
func inUse(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return tryLock(f) != nil
}

// removeLeftovers removes the Leftovers of the journal, whose write lock db
// holds: hone writes them only under that lock, or (at first use) before
// the journal exists. An error is returned for the first one that stays.
func (db *DB) removeLeftovers() error {
	var first error
	for _, name := range Leftovers(db.path) {
		if err := os.Remove(name); err != nil && first == nil {
			first = fmt.Errorf("store: remove the leftover %s: %w", name, err)
		}
	}
	return first
}
