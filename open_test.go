package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"hone/store"
)

// oneLine fails the test unless r exited 1 with one line on stderr that
// contains every one of want and blames neither hone itself nor damage.
func oneLine(t *testing.T, what string, r result, want ...string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("%s: exit %d, want 1 (stderr %q)", what, r.code, r.stderr)
	}
	if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 || !strings.HasPrefix(r.stderr, "hone: ") {
		t.Errorf("%s: stderr = %q, want one line", what, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("%s: stderr = %q, want it to say %q", what, r.stderr, w)
		}
	}
	for _, bad := range []string{"inside hone", "hone doctor", "open " + "/"} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("%s: stderr = %q, which should not say %q", what, r.stderr, bad)
		}
	}
}

// readCommands are the commands that only read the journal.
func readCommands(db string) [][]string {
	return [][]string{
		{"list", "--db", db}, {"list", "-n", "10", "--db", db}, {"show", "01m89gn0a3gfn1af", "--db", db},
		{"drift", "--db", db}, {"skills", "--db", db}, {"prompts", "--db", db}, {"prep", "--db", db},
		{"goals", "--db", db}, {"export", "--db", db}, {"backup", "--db", db},
		{"config", "watch", "list", "--db", db}, {"config", "name", "--db", db},
	}
}

// changeCommands are commands that may write but only change what a
// journal already holds (feedback marks what it listed as seen): on a path
// with no journal there is nothing to change, and none makes one.
func changeCommands(db string) [][]string {
	return [][]string{
		{"feedback", "--db", db}, {"feedback", "--new", "--db", db}, {"feedback", "--json", "--db", db},
		{"feedback", "--skill", "eng.mi", "--db", db}, {"goals", "done", "1", "--db", db},
		{"goals", "reopen", "1", "--db", db}, {"config", "watch", "remove", "Rosa", "--db", db},
		{"config", "name", "--clear", "--db", db}, {"delete", "01m89gn0a3gfn1af", "--yes", "--db", db},
	}
}

func TestReadCommandsNeverCreateAJournal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "no", "such", "j.db")
	for _, args := range append(readCommands(db), changeCommands(db)...) {
		r := hone(t, "", nil, args...)
		oneLine(t, "hone "+strings.Join(args, " "), r, "there is no journal at "+db)
	}
	if des, err := os.ReadDir(dir); err != nil || len(des) != 0 {
		t.Errorf("reading a journal that does not exist left %v (%v) behind", des, err)
	}
}

func TestReadCommandsOpenReadOnly(t *testing.T) {
	// Two readers at once never wait on each other: a reader holds
	// bbolt's shared lock, which another reader takes too.
	path := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", path, "first")
	if got := ok(t, "list", "--db", path); !strings.Contains(got, "first") {
		t.Fatalf("list: %q", got)
	}
	db := openReadOnly(t, path)
	defer db.Close()
	for _, args := range readCommands(path) {
		if args[0] == "show" {
			continue
		}
		if r := hone(t, "", nil, args...); r.code != 0 {
			t.Errorf("hone %v beside a reader: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	// A writer waits for readers, and says so in one line.
	r := hone(t, "", nil, "add", "--db", path, "second")
	oneLine(t, "add beside a reader", r, path, "another hone")
}

func TestJournalFileErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.db")
	loop1, loop2 := filepath.Join(dir, "loop1.db"), filepath.Join(dir, "loop2.db")
	for _, l := range [][2]string{{filepath.Join(dir, "moved", "j.db"), dangling}, {loop2, loop1}, {loop1, loop2}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		path string
		want []string
	}{
		{"DanglingSymlink", dangling, []string{dangling, "symbolic link to " + filepath.Join(dir, "moved", "j.db"), "does not exist"}},
		{"LoopingSymlink", loop1, []string{loop1, "symbolic link that leads back to itself"}},
		{"ParentIsAFile", filepath.Join(file, "j.db"), []string{filepath.Join(file, "j.db"), file + " in its path is a file, not a folder"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, args := range [][]string{{"list"}, {"add", "notes of the meeting"}, {"doctor"}, {"backup"}, {"export"}} {
				r := hone(t, "", nil, append(args, "--db", c.path)...)
				oneLine(t, "hone "+args[0], r, c.want...)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "moved")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a write through a dangling link made its target: %v", err)
	}
}

func TestDoctorOnWhatIsNotAJournalFile(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.db")
	fifo := filepath.Join(dir, "fifo.db")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, kind string }{{folder, "a folder"}, {fifo, "a named pipe (FIFO)"}} {
		for _, cmd := range []string{"doctor", "list", "add"} {
			r := hone(t, "", nil, cmd, "--db", c.path, "x")
			if cmd != "add" {
				r = hone(t, "", nil, cmd, "--db", c.path)
			}
			oneLine(t, cmd+" on "+c.kind, r, c.path+" is "+c.kind+", not a journal file")
			if strings.Contains(r.stdout+r.stderr, "damaged") {
				t.Errorf("%s on %s calls it damaged: %q %q", cmd, c.kind, r.stdout, r.stderr)
			}
		}
	}
}

// nobodyID is the user and group id of nobody, whom a 0400 file stops
// from writing when the tests run as root.
const nobodyID = 65534

// readOnlyJournal makes a journal holding one entry titled title, mode
// 0400, in a folder of its own (removed when the test ends). As root,
// where 0400 stops nothing, the folder and the journal belong to nobody,
// and the folder holds a copy of the binary nobody can run (DIR/hone).
func readOnlyJournal(t *testing.T, title string) (dir, path string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "hone-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path = filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "--title", title, "notes")
	if os.Getuid() == 0 {
		if err := copyFile(binary, filepath.Join(dir, "hone"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{dir, path} {
			if err := os.Chown(p, nobodyID, nobodyID); err != nil {
				t.Skipf("cannot give the journal to nobody: %v", err)
			}
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// honeAs runs the built binary as another user when the tests run as
// root (where permission bits do not stop reads), else as this user.
func honeAs(t *testing.T, uid int, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"HOME=/nonexistent", "PATH=" + os.Getenv("PATH")}
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	return runHone(t, cmd)
}

func TestReadOnlyJournalCanBeReadListedExportedAndBackedUp(t *testing.T) {
	// As root, 0400 does not stop a write, so the commands run as the
	// user nobody, owner of a 0400 journal in a folder of its own.
	dir, path := readOnlyJournal(t, "Plan review")
	before := fileHash(t, path)
	bin := binary
	if os.Getuid() == 0 {
		binary = filepath.Join(dir, "hone")
		defer func() { binary = bin }()
	}
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"export"}, {"export", "--full"}, {"drift"}, {"prep"}, {"skills"}, {"doctor"}} {
		if r := honeAs(t, nobodyID, append(args, "--db", path)...); r.code != 0 || (args[0] == "list" && !strings.Contains(r.stdout, "Plan review")) {
			t.Errorf("hone %v on a 0400 journal: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	r := honeAs(t, nobodyID, "backup", "--db", path)
	if r.code != 0 {
		t.Fatalf("backup of a 0400 journal: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := honeAs(t, nobodyID, "list", "--db", strings.TrimSpace(r.stdout)); got.code != 0 || !strings.Contains(got.stdout, "Plan review") {
		t.Errorf("the backup of a 0400 journal does not list: %+v", got)
	}
	r = honeAs(t, nobodyID, "add", "--db", path, "notes of the meeting")
	oneLine(t, "add to a 0400 journal", r, path, "not write", "chmod u+w")
	if !strings.Contains(r.stderr+r.stdout, "notes of the meeting") {
		t.Errorf("add to a 0400 journal lost its notes: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if fileHash(t, path) != before {
		t.Error("the 0400 journal changed")
	}
}

func copyFile(from, to string, perm os.FileMode) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// openReadOnly holds a read of the journal at path in this process.
func openReadOnly(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestAddThatCannotWriteKeepsItsNotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", path, "first")
	db, err := store.Open(path, store.Options{}) // a writer holds the file
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := fileHash(t, path)
	for _, c := range []struct {
		name, stdin string
		args        []string
	}{
		{"CommandLine", "", []string{"add", "--db", path, "Dvořák family agreed on the plan"}},
		{"Stdin", "Dvořák family agreed on the plan\nsecond line\n", []string{"add", "--db", path, "--title", "Piped"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := hone(t, c.stdin, nil, c.args...)
			oneLine(t, "add on a locked journal", r, path, "another hone", "nothing was saved", "standard output")
			if !strings.Contains(r.stdout, "Dvořák family agreed on the plan") || (c.stdin != "" && !strings.Contains(r.stdout, "second line")) {
				t.Errorf("the notes are not printed back: stdout %q", r.stdout)
			}
		})
	}
	if fileHash(t, path) != before {
		t.Error("the locked journal changed")
	}
}

// TestFullDisk fills a small tmpfs (mounting needs root; skipped otherwise)
// and writes to the journal on it.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small disk: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "--title", "Before the disk filled", "notes")
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	long := strings.Repeat("Notes of a long meeting that no longer fit. ", 400)
	r := hone(t, long, nil, "add", "--db", path, "--title", "After")
	oneLine(t, "add on a full disk", r, "the disk holding "+path+" is full", "nothing was saved")
	if !strings.Contains(r.stdout, "Notes of a long meeting") {
		t.Errorf("the notes are not printed back on a full disk")
	}
	// bbolt may have grown the file or written pages it had free before
	// the commit failed; the journal as committed is what counts.
	if r := hone(t, "", nil, "doctor", "--db", path); r.code != 0 {
		t.Errorf("after the failed write doctor says: %s %s", r.stdout, r.stderr)
	}
	if got := titlesOf(t, path); !slices.Equal(got, []string{"Before the disk filled"}) {
		t.Errorf("after the failed write the journal lists %q", got)
	}
}

// TestFilesHoneMayNotWriteSayWhatIsWrong: a journal in a folder hone may
// not write to (0500), or a 0400 journal, or one in a folder hone may not
// enter, refuses the commands that need to write there in the user's
// words, one line, exit 1, never as a fault inside hone, and changes
// nothing.
func TestFilesHoneMayNotWriteSayWhatIsWrong(t *testing.T) {
	const nobody = 65534
	dir, err := os.MkdirTemp("", "hone-readonly-folder-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { os.Chmod(p, 0o700); return nil })
		os.RemoveAll(dir)
	})
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o644)
	roFolder := filepath.Join(dir, "ro", "j.db")
	roFile := filepath.Join(dir, "file", "j.db")
	closed := filepath.Join(dir, "closed", "j.db")
	other := filepath.Join(dir, "other.db")
	for _, p := range []string{roFolder, roFile, closed, other} {
		ok(t, "add", "--db", p, "--title", "Plan review", "notes")
	}
	bin := binary
	if os.Getuid() == 0 {
		if err := copyFile(binary, filepath.Join(dir, "hone"), 0o755); err != nil {
			t.Fatal(err)
		}
		binary = filepath.Join(dir, "hone")
		defer func() { binary = bin }()
		err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Chown(p, nobody, nobody)
		})
		if err != nil {
			t.Skipf("cannot give the journals to nobody: %v", err)
		}
	}
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(roFolder), 0o500)
	os.Chmod(roFile, 0o400)
	os.Chmod(filepath.Dir(closed), 0o000)
	tests := []struct {
		name string
		path string
		args []string
		want string
	}{
		{"BackupIntoAReadOnlyFolder", roFolder, []string{"backup"}, filepath.Dir(roFolder)},
		{"EncryptInAReadOnlyFolder", roFolder, []string{"encrypt", "--passphrase-file", pass}, filepath.Dir(roFolder)},
		{"RestoreInAReadOnlyFolder", roFolder, []string{"restore", other}, filepath.Dir(roFolder)},
		{"RestoreOverA0400Journal", roFile, []string{"restore", other}, roFile},
		{"SalvageOfAJournalInAClosedFolder", closed, []string{"doctor", "--salvage", filepath.Join(dir, "saved.db")}, closed},
		{"RestoreOfAJournalInAClosedFolder", closed, []string{"restore", other}, "may not read " + closed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Chmod(filepath.Dir(closed), 0o700)
			before := fileHash(t, tt.path)
			os.Chmod(filepath.Dir(closed), 0o000)
			r := honeAs(t, nobodyID, append(tt.args, "--db", tt.path)...)
			oneLine(t, tt.name, r, tt.want, "permission denied")
			if strings.Contains(r.stderr, "inside hone") {
				t.Errorf("%s: %q", tt.name, r.stderr)
			}
			os.Chmod(filepath.Dir(closed), 0o700)
			if fileHash(t, tt.path) != before {
				t.Errorf("%s changed the journal", tt.name)
			}
			os.Chmod(filepath.Dir(closed), 0o000)
		})
	}
}
