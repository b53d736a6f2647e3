package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// outputCommands are the commands that write a file given with -o, with
// the arguments each needs to get there; review reads export.
var outputCommands = map[string][]string{
	"export":           {"export"},
	"export-md":        {"export", "--format", "md"},
	"export-csv":       {"export", "--format", "csv"},
	"export-html":      {"export", "--format", "html"},
	"export-full":      {"export", "--full"},
	"prep":             {"prep"},
	"review-md":        {"review", "EXPORT", "--format", "md"},
	"review-html":      {"review", "EXPORT", "--format", "html"},
	"backup":           {"backup"},
	"export-encrypted": {"export", "--encrypt"},
	"feedback-add":     {"feedback", "add", "--export", "EXPORT", "A note for the facilitator"},
}

func TestEveryOutputCommandIsInTheTable(t *testing.T) {
	a := &app{now: time.Now}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("output") != nil {
			found := false
			path := strings.TrimPrefix(c.CommandPath(), "hone ") + " "
			for _, args := range outputCommands {
				found = found || strings.HasPrefix(strings.Join(args, " ")+" ", path)
			}
			if !found {
				t.Errorf("%s takes -o but TestOutputNeverReplacesAJournal does not try it", c.CommandPath())
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.rootCommand())
}

func TestOutputNeverReplacesAJournal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	backup := strings.TrimSpace(ok(t, "backup", "--db", db))
	other := filepath.Join(dir, "other.db")
	ok(t, "add", "--db", other, "other notes")
	locked := filepath.Join(dir, "locked.db")
	ok(t, "add", "--db", locked, "secret")
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	ok(t, "encrypt", "--db", locked, "--passphrase-file", pass)
	// A journal whose first page is damaged is still a journal.
	damaged := filepath.Join(dir, "damaged.db")
	ok(t, "add", "--db", damaged, "more notes")
	b, _ := os.ReadFile(damaged)
	copy(b[16:20], "XXXX")
	os.WriteFile(damaged, b, 0o600)
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "c.json")
	ok(t, "export", "--db", db, "-o", export)

	targets := map[string]string{
		"TheJournal":         db,
		"TheJournalRelative": "j.db",
		"ABackup":            backup,
		"AnotherJournal":     other,
		"AnEncryptedJournal": locked,
		"ADamagedJournal":    damaged,
		"ASymlinkToIt":       link,
	}
	for name, args := range outputCommands {
		for tname, target := range targets {
			t.Run(name+"/"+tname, func(t *testing.T) {
				abs := target
				if !filepath.IsAbs(abs) {
					abs = filepath.Join(dir, target)
				}
				before := fileHash(t, abs)
				run := append([]string{}, args...)
				for i, a := range run {
					if a == "EXPORT" {
						run[i] = export
					}
				}
				run = append(run, "-o", target, "--passphrase-file", pass)
				r := honeIn(t, dir, "", []string{"HONE_DB=" + db}, run...)
				if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: output: ") || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("hone %v: exit %d, stderr %q; want exit 1 and one line about the output", run, r.code, r.stderr)
				}
				if fileHash(t, abs) != before {
					t.Errorf("hone %v changed %s", run, target)
				}
			})
		}
	}

	// The journal's path is refused before it exists too.
	fresh := filepath.Join(dir, "new", "fresh.db")
	r := hone(t, "", []string{"HONE_DB=" + fresh}, "review", export, "--format", "md", "-o", fresh)
	if r.code != 1 || !strings.Contains(r.stderr, "the journal itself") {
		t.Errorf("review -o the journal's path: exit %d, stderr %q", r.code, r.stderr)
	}
	// A review never writes over an export it reads.
	before := fileHash(t, export)
	if r := hone(t, "", []string{"HONE_DB=" + db}, "review", export, "--format", "md", "-o", export); r.code != 1 || fileHash(t, export) != before {
		t.Errorf("review -o its own input: exit %d, stderr %q", r.code, r.stderr)
	}
	// Other files are written as before.
	md := filepath.Join(dir, "report.md")
	ok(t, "review", export, "--format", "md", "-o", md)
	if _, err := os.Stat(md); err != nil {
		t.Errorf("review -o a new file: %v", err)
	}
}

// TestOutputNamesAreShownSafely: the name of a file a command writes is
// shown on the terminal the way any text is, without the escape sequences
// and control characters it may hold (a name that came from a glob or a
// download), and the file is still written under its own name.
func TestOutputNamesAreShownSafely(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	export := filepath.Join(dir, "c.json")
	ok(t, "export", "--db", db, "-o", export)
	for name, args := range outputCommands {
		t.Run(name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "out\x1b]0;owned\x07\x1b[2J\u009b1m.x")
			run := append([]string{}, args...)
			for i, a := range run {
				if a == "EXPORT" {
					run[i] = export
				}
			}
			run = append(run, "-o", target, "--passphrase-file", pass)
			r := honeIn(t, dir, "", []string{"HONE_DB=" + db}, run...)
			if r.code != 0 {
				t.Fatalf("hone %q: exit %d, stderr %q", run, r.code, r.stderr)
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("hone %q wrote no file: %v", run, err)
			}
			if out := r.stdout + r.stderr; strings.ContainsAny(out, "\x1b\x07\u009b") {
				t.Errorf("hone %q showed the file's name with its escape sequences: %q", run, out)
			}
		})
	}
}

// TestOutputIsARegularFile: -o names a file. A folder, a named pipe or a
// device there is refused in one line, never waited on (a pipe no one
// reads), never replaced by a file (a device node, /dev/null to root), and
// never "inside hone".
func TestOutputIsARegularFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	export := filepath.Join(dir, "c.json")
	ok(t, "export", "--db", db, "-o", export)
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o700)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{"AFolder": folder, "AFIFO": fifo}
	// A device node of its own (the null device) where the tests may make
	// one, as root: hone must not replace it.
	dev := filepath.Join(dir, "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		targets["ADevice"] = dev
	}
	for name, args := range outputCommands {
		for tname, target := range targets {
			t.Run(name+"/"+tname, func(t *testing.T) {
				run := append([]string{}, args...)
				for i, a := range run {
					if a == "EXPORT" {
						run[i] = export
					}
				}
				run = append(run, "--db", db, "-o", target, "--passphrase-file", pass)
				r, timedOut := runBounded(t, 20*time.Second, run...)
				if timedOut {
					t.Fatalf("hone %v waited on %s without end", run, tname)
				}
				if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: output: ") || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("hone %v: exit %d, stderr %q; want exit 1 and one line about the output", run, r.code, r.stderr)
				}
				fi, err := os.Lstat(target)
				if err != nil || fi.Mode().IsRegular() {
					t.Errorf("hone %v replaced %s by a file: %v, %v", run, tname, fi, err)
				}
			})
		}
	}
}
