package store

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"hone/journal"
)

// A damage mark is a small file beside a journal, .NAME.damaged, that
// Doctor (and so the TUI's daily check) leaves when it finds the journal
// damaged. Every write reads it first (one failed open when there is
// none), so that writes stop going into a journal known to be damaged
// without each write checking every record. The mark names the file it was
// made for by its inode, size and modification time: a journal put in its
// place (hone restore, a salvaged journal moved there, a backup copied over
// it) is not the damaged one, and its mark no longer counts.

// damageMark is the content of a damage mark.
type damageMark struct {
	Ino     uint64 `json:"ino"`
	Size    int64  `json:"size"`
	MTime   int64  `json:"mtime_ns"`
	Problem string `json:"problem"`
}

// damageMarkPath is the damage mark of the journal at path.
func damageMarkPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".damaged")
}

// markDamaged leaves the damage mark of the journal at path, checked as fi
// (the file as it was while the check held its lock), with the first
// problem found. Best effort: a mark that cannot be written leaves writes
// as they were, and Doctor's report says the same.
func markDamaged(path string, fi fs.FileInfo, problem string) {
	sig := sigOf(fi)
	b, err := json.Marshal(damageMark{Ino: sig.ino, Size: sig.size, MTime: sig.mtime.UnixNano(), Problem: problem})
	if err != nil {
		return
	}
	_ = WriteFileAtomic(damageMarkPath(path), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// clearDamaged removes the damage mark of the journal at path, if any: a
// healthy journal is now in its place.
func clearDamaged(path string) {
	_ = os.Remove(damageMarkPath(path))
}

// knownDamaged returns the EDAMAGED refusal of a write into the journal at
// path when its damage mark names the file now there, and nil otherwise. A
// mark that names another file (the journal was replaced) is stale and
// does not count.
func knownDamaged(path string) error {
	b, err := os.ReadFile(damageMarkPath(path))
	if err != nil {
		return nil // no mark (or none readable): nothing known
	}
	var m damageMark
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil // the write's own open says what is wrong with the file
	}
	sig := sigOf(fi)
	if sig.ino != m.Ino || sig.size != m.Size || sig.mtime.UnixNano() != m.MTime {
		return nil
	}
	return damagedWriteError(path, m.Problem)
}

// DamageMark is a damage mark found beside a journal, for Doctor's report.
type DamageMark struct {
	Path    string // the mark's file
	Problem string // the first problem found when it was left
	// Current says it names the file now at the journal's place: writes
	// into the journal stop while it does. A mark that names another file
	// (the journal was replaced since) stops nothing.
	Current bool
}

// damageMarkOf returns the damage mark beside the journal at path, if
// there is one.
func damageMarkOf(path string) *DamageMark {
	mp := damageMarkPath(path)
	b, err := os.ReadFile(mp)
	if err != nil {
		return nil
	}
	dm := &DamageMark{Path: mp}
	var m damageMark
	if json.Unmarshal(b, &m) != nil {
		return dm // unreadable: it stops nothing
	}
	dm.Problem = m.Problem
	if fi, err := os.Stat(path); err == nil {
		sig := sigOf(fi)
		dm.Current = sig.ino == m.Ino && sig.size == m.Size && sig.mtime.UnixNano() == m.MTime
	}
	return dm
}

// damagedWriteError is the refusal of a write into a journal found
// damaged.
func damagedWriteError(path, problem string) error {
	return journal.Errorf(journal.EDAMAGED, "%s is damaged (%s), so hone writes nothing more into it; run `hone doctor --db %s`, then restore the backup it names with hone restore, or save what can still be read with hone doctor --salvage NEW.db",
		path, journal.SafeLine(problem), journal.ShellQuote(path))
}
