package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Backup writes a consistent copy of the journal to w, as of one read
// transaction, while the journal stays open for reading and writing. It
// returns the number of bytes written.
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		if err != nil {
			return fmt.Errorf("store: back up %s: %w", db.path, err)
		}
		return nil
	})
	return n, err
}

// BackupFile writes a consistent copy of the journal to path, mode 0600,
// creating missing folders 0700. The copy is written to a temporary file in
// the same folder, synced and renamed over path, so path holds either a
// whole copy or what it held before. EINVALID if path is the journal itself
// or a folder.
func (db *DB) BackupFile(path string) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return journal.Errorf(journal.EINVALID, "%s is a folder; give the backup a file name", path)
		}
		if SameFile(path, db.path) {
			return journal.Errorf(journal.EINVALID, "%s is the journal itself; choose another file for the backup", path)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: back up to %s: %w", path, err)
	}
	return db.view(func(tx *bolt.Tx) error {
		return WriteFileAtomic(path, func(w io.Writer) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
}

// BackupFileChecked is BackupFile, then the checks of every record of the
// copy that BackupNew makes: the copy of a damaged journal is kept where it
// was asked for (it may hold what no other copy has), writes stop going into
// the journal, and the EDAMAGED error says that the copy holds the damage,
// so that it is never taken for a good backup.
func (db *DB) BackupFileChecked(path string) error {
	if err := db.BackupFile(path); err != nil {
		return err
	}
	r, err := checkJournal(path, db.copyCheckOptions())
	if err != nil || r.OK() {
		return err
	}
	if fi, err := os.Stat(db.path); err == nil {
		markDamaged(db.path, fi, r.Problems[0]) // and so writes stop
	}
	return journal.Errorf(journal.EDAMAGED, "%s is damaged (%s), so hone writes nothing more into it; its copy %s holds the damage too: keep it, but not as your backup; run `hone doctor --db %s`, then restore the healthy backup it names with hone restore, or save what can still be read with hone doctor --salvage NEW.db",
		db.path, journal.SafeLine(r.Problems[0]), path, journal.ShellQuote(db.path))
}

// BackupDir returns the folder of automatic backups: backups/ beside the
// journal file.
func BackupDir(journalPath string) string {
	return filepath.Join(filepath.Dir(journalPath), "backups")
}

// BackupName returns a file name for a backup of the journal made at t:
// the journal's name, the time and the label, e.g.
// "journal-20260302-141500-pre-migration.db". An empty label is left out.
func BackupName(journalPath string, t time.Time, label string) string {
	base := filepath.Base(journalPath)
	ext := filepath.Ext(base)
	if ext == "" {
		ext = ".db"
	}
	name := strings.TrimSuffix(base, filepath.Ext(base)) + "-" + t.Format("20060102-150405")
	if label != "" {
		name += "-" + label
	}
	return name + ext
}

// NewestBackup returns the most recently written backup of the journal at
// journalPath in its backups folder (BackupDir): a file whose name is the
// journal's own backup name (BackupName, with a number after a collision),
// so that journals sharing a folder never share backups. ok is false when
// there is none.
func NewestBackup(journalPath string) (path string, ok bool) {
	bs := backupsOf(journalPath)
	if len(bs) == 0 {
		return "", false
	}
	return bs[len(bs)-1].path, true
}

// HealthyBackup returns the newest backup of the journal at journalPath
// (as NewestBackup) that Doctor finds healthy: the one to restore. ok is
// false when there is none.
func HealthyBackup(journalPath string) (path string, ok bool) {
	bs := backupsOf(journalPath)
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].healthy() {
			return bs[i].path, true
		}
	}
	return "", false
}

// backup is one backup of a journal in its backups folder.
type backup struct {
	path, label string
	mtime       time.Time
}

// backupsOf returns the backups of the journal at journalPath, oldest
// first by the time they were written, then by name.
func backupsOf(journalPath string) []backup {
	dir := BackupDir(journalPath)
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var bs []backup
	for _, de := range des {
		label, ok := backupLabel(journalPath, de.Name())
		if !ok || !de.Type().IsRegular() {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue // removed since ReadDir
		}
		bs = append(bs, backup{path: filepath.Join(dir, de.Name()), label: label, mtime: fi.ModTime()})
	}
	sort.Slice(bs, func(i, j int) bool {
		if !bs[i].mtime.Equal(bs[j].mtime) {
			return bs[i].mtime.Before(bs[j].mtime)
		}
		return bs[i].path < bs[j].path
	})
	return bs
}

// backupLabel reports whether name is a backup of the journal at
// journalPath, BackupName's form exactly, with a number after an
// underscore when the name was taken ("journal-20260302-141500-auto_2.db"),
// and returns its label.
func backupLabel(journalPath, name string) (label string, ok bool) {
	base := filepath.Base(journalPath)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if ext == "" {
		ext = ".db"
	}
	rest, ok := strings.CutPrefix(name, stem+"-")
	if !ok {
		return "", false
	}
	if rest, ok = strings.CutSuffix(rest, ext); !ok {
		return "", false
	}
	if i := strings.LastIndexByte(rest, '_'); i >= 0 {
		if !allDigits(rest[i+1:]) {
			return "", false
		}
		rest = rest[:i]
	}
	// 20260302-141500, then -label of lowercase words.
	if len(rest) < 15 || !allDigits(rest[:8]) || rest[8] != '-' || !allDigits(rest[9:15]) {
		return "", false
	}
	label = strings.TrimPrefix(rest[15:], "-")
	if len(rest) > 15 && (rest[15] != '-' || label == "") {
		return "", false
	}
	for _, word := range strings.Split(label, "-") {
		if label != "" && (word == "" || strings.Trim(word, "abcdefghijklmnopqrstuvwxyz") != "") {
			return "", false
		}
	}
	return label, true
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// newBackupPath returns a path for a new backup of the journal at
// journalPath, made at t, with label: BackupName, numbered when a file of
// that name exists (two in one second).
func newBackupPath(journalPath string, t time.Time, label string) string {
	name := BackupName(journalPath, t, label)
	ext := filepath.Ext(name)
	p := filepath.Join(BackupDir(journalPath), name)
	for n := 2; ; n++ {
		if _, err := os.Lstat(p); err != nil {
			return p // free, or an error the write will name
		}
		p = filepath.Join(BackupDir(journalPath), fmt.Sprintf("%s_%d%s", strings.TrimSuffix(name, ext), n, ext))
	}
}

// DamagedLabel ends the label of a backup that is a copy of a damaged
// journal: kept, as it may hold what no other copy has, but never counted
// as a healthy backup nor recommended.
const DamagedLabel = "damaged"

// BackupNew writes a backup of the journal into its backups folder under a
// name of its own (newBackupPath), checks every record of the copy as
// Doctor does (without bbolt's page check, whose faults cannot be caught),
// and returns its path. A copy of a damaged journal is renamed with
// DamagedLabel and returned with an EDAMAGED error that says so.
func (db *DB) BackupNew(label string) (string, error) {
	path := newBackupPath(db.path, db.clock(), label)
	if err := db.BackupFile(path); err != nil {
		return "", err
	}
	r, err := checkJournal(path, db.copyCheckOptions())
	if err != nil || r.OK() {
		return path, err
	}
	if fi, err := os.Stat(db.path); err == nil {
		markDamaged(db.path, fi, r.Problems[0]) // and so writes stop
	}
	damagedLabel := DamagedLabel
	if label != "" {
		damagedLabel = label + "-" + DamagedLabel
	}
	named := newBackupPath(db.path, db.clock(), damagedLabel)
	if err := os.Rename(path, named); err != nil {
		return path, fmt.Errorf("store: name the backup of a damaged journal: %w", err)
	}
	return named, journal.Errorf(journal.EDAMAGED, "%s is damaged (%s), so hone writes nothing more into it; its copy %s is named as damaged; run `hone doctor --db %s`, then restore the healthy backup it names with hone restore, or save what can still be read with hone doctor --salvage NEW.db",
		db.path, journal.SafeLine(r.Problems[0]), named, journal.ShellQuote(db.path))
}

// healthy reports whether the backup b is a healthy journal: not named as
// damaged, and Doctor's checks find nothing wrong.
func (b backup) healthy() bool {
	if b.label == DamagedLabel || strings.HasSuffix(b.label, "-"+DamagedLabel) {
		return false
	}
	r, err := checkJournal(b.path, DoctorOptions{})
	return err == nil && r.OK()
}

// WriteFileAtomic writes a file at path (mode 0600, folders created 0700)
// through a temporary file in the same folder that is synced, closed and
// renamed over path; the folder is then synced. So path holds either the
// whole new file or what it held before, and the new file survives a crash
// once WriteFileAtomic returns. Backups and exports are written this way.
//
// The temporary file (.hone-write-*.tmp) is locked while it is written; one
// in the folder that no hone holds was left by a hone stopped part-way (it
// holds a copy of a journal, or an export's text) and is removed first.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("store: create %s: %w", dir, err)
	}
	if canLock {
		old, _ := filepath.Glob(filepath.Join(glob(dir), ".hone-write-*.tmp")) // the pattern is well-formed
		for _, name := range old {
			if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && !inUse(name) {
				_ = os.Remove(name) // best effort: the write goes on
			}
		}
	}
	f, err := os.CreateTemp(dir, ".hone-write-*.tmp")
	if err != nil {
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	_ = tryLock(f) // the file is new: no one else holds it
	tmp, closed := f.Name(), false
	defer func() {
		if err != nil {
			if !closed {
				_ = f.Close() // the write error is the one to report
			}
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	if err := write(f); err != nil {
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("store: sync %s: %w", path, err)
	}
	closed = true
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: write %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries to disk, so that a file just renamed
// into it stays there after a crash. File systems that cannot sync a
// folder are let be.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: sync %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("store: sync %s: %w", dir, err)
	}
	return nil
}

// AutoBackupLabel marks the backups AutoBackup makes, the only ones it
// removes.
const AutoBackupLabel = "auto"

// AutoBackup makes a backup into BackupDir when the newest backup there is
// older than maxAge or there is none, then removes the automatic backups
// older than the newest keep healthy ones (pruneAutoBackups). Backups the
// user made (hone backup) and those made before a migration are never
// removed. It returns the new backup's path, or "" when none was due; with
// EDAMAGED when the journal is damaged (BackupNew).
func (db *DB) AutoBackup(maxAge time.Duration, keep int) (string, error) {
	now := db.clock()
	if newest, ok := NewestBackup(db.path); ok {
		if fi, err := os.Stat(newest); err == nil && now.Sub(fi.ModTime()) < maxAge {
			return "", nil
		}
	}
	path, err := db.BackupNew(AutoBackupLabel)
	if path == "" {
		return "", err
	}
	if perr := pruneAutoBackups(db.path, keep); err == nil {
		err = perr
	}
	return path, err
}

// pruneAutoBackups removes the automatic backups of the journal at
// journalPath (and no other journal's) older than the newest keep healthy
// ones: a copy of a damaged journal never pushes a healthy one out, and the
// last healthy one is never removed.
func pruneAutoBackups(journalPath string, keep int) error {
	keep = max(keep, 1)
	var autos []backup
	for _, b := range backupsOf(journalPath) {
		if b.label == AutoBackupLabel || b.label == AutoBackupLabel+"-"+DamagedLabel {
			autos = append(autos, b)
		}
	}
	healthy := 0
	for i := len(autos) - 1; i >= 0; i-- {
		if healthy < keep {
			if autos[i].healthy() {
				healthy++
			}
			continue
		}
		if err := os.Remove(autos[i].path); err != nil {
			return fmt.Errorf("store: remove an old backup: %w", err)
		}
	}
	return nil
}
