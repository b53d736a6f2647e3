package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// End-to-end tests of one journal in many windows: the real binary in
// tmux beside other runs of it, as a facilitator who keeps hone open all
// day would use it.

// waitWithin polls the screen until it contains text, and fails the test
// when that takes longer than d: no key is pressed meanwhile.
func (u *tui) waitWithin(d time.Duration, text string) time.Duration {
	u.t.Helper()
	start := time.Now()
	for !strings.Contains(u.screen(), text) {
		if time.Since(start) > d {
			u.t.Fatalf("the screen did not show %q within %v; it shows:\n%s", text, d, u.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// titlesOf returns the titles of the journal at db, newest first.
func titlesOf(t *testing.T, db string, args ...string) []string {
	t.Helper()
	var out []string
	for _, e := range listJSON(t, db, args...) {
		if e.Title != nil {
			out = append(out, *e.Title)
		}
	}
	return out
}

func TestTUIBesideHoneAdd(t *testing.T) {
	db := t.TempDir() + "/j.db"
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.keys("2")
	u.waitFor("Plan review")

	// A quick hone add from another shell while the TUI is open: saved at
	// once, and the Journal shows it without a key.
	if r := hone(t, "", nil, "add", "--db", db, "--title", "Added from a shell", "after the meeting"); r.code != 0 {
		t.Fatalf("hone add beside the TUI: exit %d, stderr %q", r.code, r.stderr)
	}
	u.waitWithin(2*time.Second, "Added from a shell")

	// Unsaved text in the form while another hone adds an entry.
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed in the form")
	if r := hone(t, "", nil, "add", "--db", db, "--title", "Second from a shell", "more notes"); r.code != 0 {
		t.Fatalf("hone add beside an open form: exit %d, stderr %q", r.code, r.stderr)
	}
	time.Sleep(1500 * time.Millisecond) // a refresh or two go by
	if s := u.screen(); !strings.Contains(s, "Typed in the form") {
		t.Fatalf("the refresh lost the form's text:\n%s", s)
	}
	u.keys("C-s")
	u.waitFor("Saved", "Typed in the form", "Second from a shell", "Added from a shell")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db)
	for _, want := range []string{"Plan review", "Added from a shell", "Second from a shell", "Typed in the form"} {
		if !slices.Contains(got, want) {
			t.Errorf("the journal lacks %q: %q", want, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("the journal holds %d entries, want 4: %q", len(got), got)
	}
}

func TestTUIBesideBackupAndReaders(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/j.db"
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today", "Plan review")
	for _, args := range [][]string{{"backup"}, {"backup", "-o", dir + "/copy.db"}} {
		r := hone(t, "", nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Fatalf("hone %v while the TUI is open: exit %d, stderr %q", args, r.code, r.stderr)
		}
		backup := strings.TrimSpace(r.stdout)
		if got := titlesOf(t, backup); !slices.Equal(got, []string{"Plan review"}) {
			t.Errorf("the backup %s lists %q", backup, got)
		}
	}
	for _, args := range readCommands(db) {
		if args[0] == "show" || args[0] == "backup" {
			continue
		}
		if r := hone(t, "", nil, args...); r.code != 0 {
			t.Errorf("hone %v while the TUI is open: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := hone(t, "", nil, "doctor", "--db", db); r.code != 0 {
		t.Errorf("hone doctor while the TUI is open: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	u.keys("q")
	u.waitExit()
}

func TestTwoTUIsOnOneJournal(t *testing.T) {
	db := t.TempDir() + "/j.db"
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	a := startTUI(t, 100, 30, nil, "--db", db)
	b := startTUI(t, 100, 30, nil, "--db", db)
	for _, u := range []*tui{a, b} {
		u.keys("2")
		u.waitFor("Plan review")
	}
	for i, u := range []*tui{a, b} {
		u.keys("n")
		u.waitFor("New entry")
		u.typeText([]string{"Written in window A", "Written in window B"}[i])
	}
	a.keys("C-s")
	a.waitFor("Saved")
	b.keys("C-s")
	b.waitFor("Saved")
	for _, u := range []*tui{a, b} {
		u.waitWithin(2*time.Second, "Written in window A")
		u.waitWithin(2*time.Second, "Written in window B")
		u.keys("q")
		u.waitExit()
	}
	got := titlesOf(t, db)
	if len(got) != 3 || !slices.Contains(got, "Written in window A") || !slices.Contains(got, "Written in window B") {
		t.Errorf("the journal holds %q", got)
	}
}

func TestEncryptedTUIBesideHoneAdd(t *testing.T) {
	db, pass := sealedJournal(t)
	// The TUI unlocks once; hone add beside it unlocks for itself.
	u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
	u.keys("2")
	u.waitFor("Plan review")
	if r := hone(t, "", nil, "add", "--db", db, "--passphrase-file", pass, "--title", "Sealed from a shell", "notes"); r.code != 0 {
		t.Fatalf("hone add beside the encrypted TUI: exit %d, stderr %q", r.code, r.stderr)
	}
	u.waitWithin(2*time.Second, "Sealed from a shell")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Sealed in the TUI")
	u.keys("C-s")
	u.waitFor("Saved", "Sealed in the TUI")
	u.keys("q")
	u.waitExit()
	if got := titlesOf(t, db, "--passphrase-file", pass); len(got) != 3 || !slices.Contains(got, "Sealed in the TUI") {
		t.Errorf("the encrypted journal holds %q", got)
	}
}

func TestAddAskingAboutPrivacyHoldsNoLock(t *testing.T) {
	db := t.TempDir() + "/j.db"
	ok(t, "add", "--db", db, "--title", "Plan review", "notes")
	// hone add at a terminal asks before saving text that may identify a
	// family; while the user thinks, other hones read and write on.
	u := startTUI(t, 100, 20, nil, "add", "--db", db, "--title", "Call back", "Mum asked us to call 555-123-4567")
	u.waitFor("Save anyway?")
	// The question waits for ever: a lock held meanwhile would make these
	// fail after 2 s.
	if r := hone(t, "", nil, "add", "--db", db, "--title", "Meanwhile", "notes"); r.code != 0 {
		t.Fatalf("hone add beside a privacy question: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := titlesOf(t, db); !slices.Contains(got, "Meanwhile") {
		t.Errorf("the journal lists %q", got)
	}
	u.typeText("y")
	u.keys("Enter")
	u.waitExit()
	if got := titlesOf(t, db); len(got) != 3 || !slices.Contains(got, "Call back") {
		t.Errorf("after answering y the journal lists %q", got)
	}
}

func TestDeleteAskingHoldsNoLock(t *testing.T) {
	db := t.TempDir() + "/j.db"
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", "Plan review", "notes"))
	u := startTUI(t, 100, 20, nil, "delete", "--db", db, id)
	u.waitFor("Delete the entry of")
	if r := hone(t, "", nil, "add", "--db", db, "--title", "Meanwhile", "notes"); r.code != 0 {
		t.Fatalf("hone add beside a delete's question: exit %d, stderr %q", r.code, r.stderr)
	}
	u.typeText("y")
	u.keys("Enter")
	u.waitExit()
	if got := titlesOf(t, db); !slices.Equal(got, []string{"Meanwhile"}) {
		t.Errorf("after the delete the journal lists %q", got)
	}
}

func TestEncryptedTUIBesideANewPassphrase(t *testing.T) {
	dir := t.TempDir()
	db, pass, newPass := dir+"/j.db", dir+"/pass", dir+"/new-pass"
	for file, text := range map[string]string{pass: "correct horse battery staple\n", newPass: "a brand new passphrase\n"} {
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
	u.keys("2")
	u.waitFor("Plan review")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed before the change")
	// The passphrase changes in another window: the key under it stays,
	// so the open TUI reads, shows and saves on.
	ok(t, "passphrase", "--db", db, "--passphrase-file", pass, "--new-passphrase-file", newPass)
	ok(t, "add", "--db", db, "--passphrase-file", newPass, "--title", "Added under the new passphrase", "notes")
	u.keys("C-s")
	u.waitFor("Saved", "Typed before the change")
	u.waitFor("Added under the new passphrase")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db, "--passphrase-file", newPass)
	if len(got) != 3 || !slices.Contains(got, "Typed before the change") {
		t.Errorf("the journal, opened with the new passphrase, holds %q", got)
	}
}

func TestTwentyAddsAtOnceBesideTheTUI(t *testing.T) {
	// A shell loop starts 20 hone add at once while the TUI is open with
	// text in its form: each one saves, or says so and prints its notes
	// back; the TUI shows every one that saved, and its form text stays.
	db := t.TempDir() + "/j.db"
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	u := startTUI(t, 100, 40, nil, "--db", db)
	u.keys("2")
	u.waitFor("Plan review")
	type run struct {
		title, notes string
		r            result
		err          error
	}
	runs := make([]run, 20)
	done := make(chan int)
	for i := range runs {
		runs[i].title, runs[i].notes = fmt.Sprintf("Burst entry %02d", i), fmt.Sprintf("Notes of burst %02d", i)
		go func() {
			cmd := exec.Command(binary, "add", "--db", db, "--title", runs[i].title)
			cmd.Stdin = strings.NewReader(runs[i].notes)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				runs[i].r.code, err = exit.ExitCode(), nil
			}
			runs[i].r.stdout, runs[i].r.stderr, runs[i].err = stdout.String(), stderr.String(), err
			done <- i
		}()
	}
	for range runs {
		<-done
	}
	var saved []string
	for _, r := range runs {
		switch {
		case r.err != nil:
			t.Fatalf("hone add %q did not run: %v", r.title, r.err)
		case r.r.code == 0:
			saved = append(saved, r.title)
		case r.r.code != 1 || !strings.Contains(r.r.stderr, "another hone") || !strings.Contains(r.r.stdout, r.notes):
			t.Errorf("hone add %q: exit %d, stdout %q, stderr %q: neither saved nor its notes kept", r.title, r.r.code, r.r.stdout, r.r.stderr)
		}
	}
	t.Logf("%d of %d saved at once", len(saved), len(runs))
	got := titlesOf(t, db)
	for _, title := range saved {
		if !slices.Contains(got, title) {
			t.Errorf("hone add %q said it saved, but the journal lacks it", title)
		}
		u.waitFor(title)
	}
	if len(got) != len(saved)+1 {
		t.Errorf("the journal holds %d entries, want %d: %q", len(got), len(saved)+1, got)
	}
	u.keys("q")
	u.waitExit()
}

func TestWritersBesideAnOpenForm(t *testing.T) {
	// Every command of the README that writes, run while the TUI has text
	// in its form: each succeeds, the Journal and Skills show what they
	// wrote, and the form's text stays and saves.
	dir := t.TempDir()
	db := dir + "/j.db"
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes"))
	ok(t, "export", "--db", db, "--full", "-o", dir+"/full.json")
	backup := strings.TrimSpace(ok(t, "backup", "--db", db))
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed beside the writers")
	for _, args := range [][]string{
		{"restore", backup}, {"add", "--title", "From the shell", "--rate", "eng.mi=4", "notes"},
		{"skills", "add", "fam.meals", "--name", "Shared meal planning", "--key-element", "Natural & Community Supports"},
		{"skills", "archive", "self.doc"}, {"skills", "unarchive", "self.doc"},
		{"prompts", "add", "--text", "What did the youth teach me today?", "--tag", "eng.voice"},
		{"goals", "add", "Reflect more than I ask", "--skill", "eng.mi"}, {"goals", "done", "1"}, {"goals", "reopen", "1"},
		{"config", "watch", "add", "Rosa"}, {"config", "watch", "remove", "Rosa"}, {"config", "name", "Sam Rivera"},
		{"import", dir + "/full.json"}, {"feedback"}, {"prep", "-o", dir + "/prep.md"}, {"export", "-o", dir + "/ex.json"},
		{"delete", id, "--yes"}, {"add", "--title", "Last from the shell", "notes"},
	} {
		if r := hone(t, "", nil, append(args, "--db", db)...); r.code != 0 {
			t.Errorf("hone %v beside an open form: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	time.Sleep(1500 * time.Millisecond) // a refresh or two go by
	if s := u.screen(); !strings.Contains(s, "Typed beside the writers") {
		t.Fatalf("the form lost its text:\n%s", s)
	}
	u.keys("C-s")
	u.waitFor("Saved", "Typed beside the writers", "Last from the shell")
	u.keys("3")
	u.waitFor("Shared meal planning")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db)
	if !slices.Equal(got, []string{"Typed beside the writers", "Last from the shell", "From the shell"}) {
		t.Errorf("the journal holds %q, want the form's entry and the two from the shell (the delete took Plan review)", got)
	}
}

func TestEncryptedTUIBesideADecrypt(t *testing.T) {
	// Another window decrypts the journal (hone decrypt, or hone restore of
	// a copy from before hone encrypt): the open TUI goes on plain, shows
	// what is added after, and the text in its form saves.
	db, pass := sealedJournal(t)
	u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
	u.keys("2")
	u.waitFor("Plan review")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed before the decrypt")
	ok(t, "decrypt", "--db", db, "--passphrase-file", pass)
	ok(t, "add", "--db", db, "--title", "Added to the plain journal", "notes")
	u.keys("C-s")
	u.waitFor("Saved", "Typed before the decrypt")
	u.waitFor("Added to the plain journal")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db)
	if len(got) != 3 || !slices.Contains(got, "Typed before the decrypt") {
		t.Errorf("the plain journal, read without a passphrase, holds %q", got)
	}
	if r := hone(t, "", nil, "doctor", "--db", db); r.code != 0 {
		t.Errorf("hone doctor after: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestEditOfAnEntryDeletedOrChangedElsewhere(t *testing.T) {
	// The entry open in the form is deleted by hone delete in another
	// shell: the TUI says so within 2 s, keeps the text, and saving asks
	// whether to save it as a new entry. Then another window edits the
	// entry this one edits: saving asks before writing over it.
	db := t.TempDir() + "/j.db"
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", "Plan review", "notes"))
	a := startTUI(t, 100, 30, nil, "--db", db)
	a.keys("2")
	a.waitFor("Plan review")
	a.keys("e")
	a.waitFor("Edit entry")
	a.typeText(" kept")
	ok(t, "delete", "--db", db, id, "--yes")
	a.waitFor("Another hone deleted this entry")
	a.keys("C-s")
	a.waitFor("Save yours as a new entry?")
	a.typeText("y")
	a.waitFor("Saved", "Plan review kept")
	if got := titlesOf(t, db); !slices.Equal(got, []string{"Plan review kept"}) {
		t.Fatalf("after saving as new the journal holds %q", got)
	}

	b := startTUI(t, 100, 30, nil, "--db", db)
	for _, u := range []*tui{a, b} {
		u.keys("2")
		u.waitFor("Plan review kept")
		u.keys("e")
		u.waitFor("Edit entry")
	}
	b.typeText(" by B")
	b.keys("C-s")
	b.waitFor("Saved", "Plan review kept by B")
	a.typeText(" by A")
	a.waitFor("Another hone changed this entry")
	a.keys("C-s")
	a.waitFor("Save yours over it?")
	a.typeText("n")
	if got := titlesOf(t, db); !slices.Equal(got, []string{"Plan review kept by B"}) {
		t.Fatalf("before the answer the journal holds %q", got)
	}
	a.keys("C-s")
	a.waitFor("Save yours over it?")
	a.typeText("y")
	a.waitFor("Saved", "Plan review kept by A")
	if got := titlesOf(t, db); !slices.Equal(got, []string{"Plan review kept by A"}) {
		t.Errorf("after saving over it the journal holds %q", got)
	}
	for _, u := range []*tui{a, b} {
		u.keys("q")
		u.waitExit()
	}
}

func TestPlainTUIBesideAnEncrypt(t *testing.T) {
	// Another window encrypts the journal under an open TUI: the TUI asks
	// for the passphrase (nothing of the journal shows meanwhile), and
	// with it goes on, the text in its form intact, saving sealed.
	dir := t.TempDir()
	db, pass := dir+"/j.db", dir+"/pass"
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.keys("2")
	u.waitFor("Plan review")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed before the encrypt")
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	u.waitFor("Another hone encrypted the journal")
	if s := u.screen(); strings.Contains(s, "Typed before the encrypt") {
		t.Errorf("the passphrase screen shows the form:\n%s", s)
	}
	u.typeText("not the passphrase")
	u.keys("Enter")
	u.waitFor("That passphrase does not open the journal")
	u.typeText("correct horse battery staple")
	u.keys("Enter")
	u.waitFor("New entry", "Typed before the encrypt")
	u.keys("C-s")
	u.waitFor("Saved", "Typed before the encrypt", "Plan review")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db, "--passphrase-file", pass)
	if len(got) != 2 || !slices.Contains(got, "Typed before the encrypt") {
		t.Errorf("the encrypted journal holds %q", got)
	}
	raw, err := os.ReadFile(db)
	if err != nil || strings.Contains(string(raw), "Typed before the encrypt") {
		t.Errorf("the entry saved after the passphrase is not sealed (%v)", err)
	}
}

// sealedJournal makes an encrypted journal holding yesterday's "Plan
// review" and the file of its passphrase.
func sealedJournal(t *testing.T) (db, pass string) {
	t.Helper()
	dir := t.TempDir()
	db, pass = dir+"/j.db", dir+"/pass"
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "notes")
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	return db, pass
}

func TestEncryptedTUIBesideANewKey(t *testing.T) {
	// Another window decrypts the journal and encrypts it again at once
	// (a new data key under the same passphrase): the keys the open TUI
	// holds no longer open it. The TUI asks for the passphrase, showing
	// nothing of the journal meanwhile, and with it goes on, the text in
	// its form intact, saving under the new key.
	db, pass := sealedJournal(t)
	u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
	u.keys("2")
	u.waitFor("Plan review")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed before the new key")
	u.waitFor("Typed before the new key")
	ok(t, "decrypt", "--db", db, "--passphrase-file", pass)
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	s := u.waitFor("Another hone encrypted the journal again")
	if strings.Contains(s, "Typed before the new key") || strings.Contains(s, "Plan review") {
		t.Errorf("the passphrase screen shows the journal:\n%s", s)
	}
	u.typeText("not the passphrase")
	u.keys("Enter")
	u.waitFor("That passphrase does not open the journal")
	u.typeText("correct horse battery staple")
	u.keys("Enter")
	u.waitFor("New entry", "Typed before the new key")
	u.keys("C-s")
	u.waitFor("Saved", "Typed before the new key", "Plan review")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db, "--passphrase-file", pass)
	if len(got) != 2 || !slices.Contains(got, "Typed before the new key") {
		t.Errorf("the journal under its new key holds %q", got)
	}
	raw, err := os.ReadFile(db)
	if err != nil || strings.Contains(string(raw), "Typed before the new key") {
		t.Errorf("the entry saved after the new key is not sealed (%v)", err)
	}
}

func TestEncryptedTUIBesideADecryptThenAnEncrypt(t *testing.T) {
	// Another window decrypts the journal: the open TUI goes on plain and
	// shows what is added to it. Then the journal is encrypted again under
	// another passphrase: the TUI asks for that one (the one it was
	// opened with no longer opens the journal), and with it goes on, the
	// text in its form intact, saving sealed.
	db, pass := sealedJournal(t)
	newPass := filepath.Join(filepath.Dir(pass), "new-pass")
	if err := os.WriteFile(newPass, []byte("a brand new passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
	u.keys("2")
	u.waitFor("Plan review")
	ok(t, "decrypt", "--db", db, "--passphrase-file", pass)
	ok(t, "add", "--db", db, "--title", "Added while plain", "notes")
	u.waitFor("Added while plain")
	u.keys("n")
	u.waitFor("New entry")
	u.typeText("Typed before the encrypt")
	u.waitFor("Typed before the encrypt")
	ok(t, "encrypt", "--db", db, "--passphrase-file", newPass)
	s := u.waitFor("Another hone encrypted the journal again")
	if strings.Contains(s, "Typed before the encrypt") || strings.Contains(s, "Plan review") {
		t.Errorf("the passphrase screen shows the journal:\n%s", s)
	}
	u.typeText("correct horse battery staple")
	u.keys("Enter")
	u.waitFor("That passphrase does not open the journal")
	u.typeText("a brand new passphrase")
	u.keys("Enter")
	u.waitFor("New entry", "Typed before the encrypt")
	u.keys("C-s")
	u.waitFor("Saved", "Typed before the encrypt", "Added while plain")
	u.keys("q")
	u.waitExit()
	got := titlesOf(t, db, "--passphrase-file", newPass)
	if len(got) != 3 || !slices.Contains(got, "Typed before the encrypt") {
		t.Errorf("the journal under its new passphrase holds %q", got)
	}
	raw, err := os.ReadFile(db)
	if err != nil || strings.Contains(string(raw), "Typed before the encrypt") {
		t.Errorf("the entry saved after the encrypt is not sealed (%v)", err)
	}
}

func TestEncryptedTUIQuitAtThePassphraseOfANewKey(t *testing.T) {
	// The passphrase screen after another window encrypted the journal
	// again: quitting there keeps the form's text, sealed beside the
	// journal (never in plain), and the next start offers it, taken in
	// with its passphrase: the same one when only the key changed, or,
	// asked on the terminal, the one from before when the passphrase
	// changed too.
	for _, newPassphrase := range []bool{false, true} {
		t.Run(fmt.Sprint("newPassphrase=", newPassphrase), func(t *testing.T) {
			db, pass := sealedJournal(t)
			next := pass
			if newPassphrase {
				next = filepath.Join(filepath.Dir(pass), "new-pass")
				if err := os.WriteFile(next, []byte("a brand new passphrase\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			u := startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", pass)
			u.keys("2")
			u.waitFor("Plan review")
			u.keys("n")
			u.waitFor("New entry")
			u.typeText("Typed before the new key")
			u.waitFor("Typed before the new key")
			ok(t, "decrypt", "--db", db, "--passphrase-file", pass)
			ok(t, "encrypt", "--db", db, "--passphrase-file", next)
			u.waitFor("Another hone encrypted the journal again")
			u.keys("C-c")
			u.waitExit()
			editDir := filepath.Join(filepath.Dir(db), ".j.db.edit")
			names, err := os.ReadDir(editDir)
			if err != nil || len(names) != 1 || !strings.HasSuffix(names[0].Name(), ".sealed") {
				t.Fatalf("beside the journal after quitting: %v, %v", names, err)
			}
			for _, file := range []string{db, filepath.Join(editDir, names[0].Name())} {
				if raw, err := os.ReadFile(file); err != nil || strings.Contains(string(raw), "Typed before the new key") {
					t.Errorf("%s holds the form's text in plain (%v)", file, err)
				}
			}

			u = startTUI(t, 100, 30, nil, "--db", db, "--passphrase-file", next)
			if newPassphrase {
				u.waitFor("Passphrase from before")
				u.typeText("correct horse battery staple")
				u.keys("Enter")
			}
			u.waitFor("Continue the entry you were writing?")
			u.keys("y")
			u.waitFor("New entry", "Typed before the new key")
			u.keys("C-s")
			u.waitFor("Saved")
			u.keys("q")
			u.waitExit()
			if names, err := os.ReadDir(editDir); err != nil || len(names) != 0 {
				t.Errorf("files stay beside the journal: %v, %v", names, err)
			}
			got := titlesOf(t, db, "--passphrase-file", next)
			if len(got) != 2 || !slices.Contains(got, "Typed before the new key") {
				t.Errorf("the journal holds %q", got)
			}
		})
	}
}
