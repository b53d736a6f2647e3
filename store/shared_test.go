package store

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hone/journal"
)

// The tests here hold the journal from another process, as another hone
// would: the test binary runs itself again with childEnv set to what the
// child does (childMain), since bbolt's locks are taken per open file and
// a goroutine of this process would not show what another process sees.

// childEnv tells a run of the test binary to be the child.
const childEnv = "HONE_STORE_TEST_CHILD"

// childMain runs the child's part when childEnv is set and exits; it is
// called first thing by TestMain. "read PATH" opens the journal read-only,
// prints "ready" and holds it until its standard input closes; "add PATH
// TITLE" adds an entry and prints its id.
func childMain() {
	args := strings.SplitN(os.Getenv(childEnv), " ", 3)
	if len(args) < 2 {
		return
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch args[0] {
	case "read":
		db, err := Open(args[1], Options{ReadOnly: true, Passphrase: givePassphrase(testPassphrase)})
		if err != nil {
			fail(err)
		}
		if _, err := NewEntryService(db).FindEntries(journal.EntryFilter{Limit: 1}); err != nil {
			fail(err)
		}
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
		if err := db.Close(); err != nil {
			fail(err)
		}
	case "add":
		db, err := Open(args[1], Options{Passphrase: givePassphrase(testPassphrase)})
		if err != nil {
			fail(err)
		}
		e := newEntry(today(), args[2], nil)
		e.Date = journal.DayOf(time.Now())
		if err := NewEntryService(db).CreateEntry(e); err != nil {
			fail(err)
		}
		if err := db.Close(); err != nil {
			fail(err)
		}
		fmt.Println(e.ID)
	}
	os.Exit(0)
}

// holdRead starts a child process that holds a read of the journal at
// path; release lets go of it and waits for the child.
func holdRead(t *testing.T, path string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=read "+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		_ = cmd.Wait()
		t.Fatalf("the reading child did not start: %q %s", line, stderr.String())
	}
	var once sync.Once // released from a goroutine, and by the cleanup
	release = func() {
		once.Do(func() {
			stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("the reading child: %v %s", err, stderr.String())
			}
		})
	}
	t.Cleanup(release)
	return release
}

// addFromChild adds an entry titled title from another process.
func addFromChild(t *testing.T, path, title string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=add "+path+" "+title)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("add from another process: %v %s", err, out)
	}
}

// newSharedTestDB makes a journal and opens it with OpenShared.
func newSharedTestDB(t *testing.T, encrypted bool) (*DB, string) {
	t.Helper()
	db, path := openTestDBMode(t, encrypted)
	mustCreate(t, db, newEntry(today()-1, "Before", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(2)
	opts.Passphrase = givePassphrase(testPassphrase)
	shared, err := OpenShared(path, opts)
	if err != nil {
		t.Fatalf("OpenShared: %v", err)
	}
	t.Cleanup(func() {
		if err := shared.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return shared, path
}

func TestWriteWhileAnotherProcessReads(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := newSharedTestDB(t, m.encrypted)
			entries := NewEntryService(db)
			release := holdRead(t, path)

			// Reading goes on beside the other reader, at once.
			es, err := entries.FindEntries(journal.EntryFilter{})
			if err != nil || len(es) != 1 {
				t.Fatalf("read beside another process's read: %d entries, %v", len(es), err)
			}
			// A write waits for the reader, and says so in one line when
			// the reader keeps the file past the lock timeout.
			before := fileSum(t, path)
			err = entries.CreateEntry(newEntry(today(), "Refused", nil))
			wantCode(t, err, journal.ELOCKED)
			if msg := journal.ErrorMessage(err); !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
				t.Errorf("the refused write says %q", msg)
			}
			if fileSum(t, path) != before {
				t.Error("a refused write changed the journal")
			}
			// A reader that lets go within the timeout: the write goes in.
			go func() {
				time.Sleep(100 * time.Millisecond)
				release()
			}()
			if err := entries.CreateEntry(newEntry(today(), "After the read", nil)); err != nil {
				t.Fatalf("write once the other process's read ended: %v", err)
			}
			es, err = entries.FindEntries(journal.EntryFilter{})
			if err != nil || len(es) != 2 || es[0].Title != "After the read" {
				t.Fatalf("after the write: %q, %v", titles(es), err)
			}
			checkBolt(t, path)
		})
	}
}

func TestSharedDBHoldsNothingBetweenOperations(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := newSharedTestDB(t, m.encrypted)
			entries := NewEntryService(db)
			mustCreate(t, db, newEntry(today(), "Mine", nil))
			if changed, err := db.Changed(); err != nil || changed {
				t.Errorf("after its own write Changed() = %v, %v; want false", changed, err)
			}
			// Another process writes while this DB is open: at once.
			addFromChild(t, path, "From another hone")
			changed, err := db.Changed()
			if err != nil || !changed {
				t.Errorf("after another process wrote Changed() = %v, %v; want true", changed, err)
			}
			if changed, _ := db.Changed(); changed {
				t.Error("Changed() says true twice for one write")
			}
			es, err := entries.FindEntries(journal.EntryFilter{})
			if err != nil || !strings.Contains(strings.Join(titles(es), ","), "From another hone") {
				t.Errorf("the other process's entry is not read: %q %v", titles(es), err)
			}
			// Its write after another process's counts as news too.
			addFromChild(t, path, "Another one")
			mustCreate(t, db, newEntry(today(), "Mine again", nil))
			if changed, _ := db.Changed(); !changed {
				t.Error("a write of its own hid another process's write from Changed()")
			}
			checkBolt(t, path)
		})
	}
}

func TestSharedDBUnlocksOnce(t *testing.T) {
	db, path := openTestDBMode(t, true)
	mustCreate(t, db, newEntry(today(), "Sealed", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	asked := 0
	opts := testOptions(3)
	opts.Passphrase = func() (string, error) { asked++; return testPassphrase, nil }
	shared, err := OpenShared(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	entries := NewEntryService(shared)
	for i := range 3 {
		mustCreate(t, shared, newEntry(today(), fmt.Sprint("Entry ", i), nil))
		if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2+i {
			t.Fatalf("read %d: %d entries, %v", i, len(es), err)
		}
	}
	if asked != 1 {
		t.Errorf("the passphrase was asked %d times, want once", asked)
	}
	if err := shared.CheckPassphrase(testPassphrase); err != nil {
		t.Errorf("CheckPassphrase: %v", err)
	}
}

func TestSharedDBGoesOnAfterADecrypt(t *testing.T) {
	// A TUI open on an encrypted journal while another hone decrypts it
	// (or restores a plain copy): the journal is plain now, so the TUI
	// reads and writes it plain, and nothing it writes after is sealed
	// with keys the journal no longer has. Its locked screen still takes
	// the passphrase it was unlocked with.
	db, path := newSharedTestDB(t, true)
	entries := NewEntryService(db)
	if err := Decrypt(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Fatalf("read after another hone decrypted the journal: %q, %v", titles(es), err)
	}
	mustCreate(t, db, newEntry(today(), "Written after the decrypt", nil))
	if err := entries.SaveDraft(testDraft("draft-after", "after the decrypt")); err != nil {
		t.Fatalf("a draft after the decrypt: %v", err)
	}
	if err := db.CheckPassphrase(testPassphrase); err != nil {
		t.Errorf("the locked screen's check of the passphrase it was unlocked with: %v", err)
	}
	wantCode(t, db.CheckPassphrase("not the passphrase"), journal.EPASSPHRASE)
	plain := openTestPath(t, path, Options{ReadOnly: true})
	if plain.Encrypted() {
		t.Fatal("the journal is encrypted again")
	}
	es, err := NewEntryService(plain).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 2 || es[0].Title != "Written after the decrypt" {
		t.Fatalf("the plain journal, opened without a passphrase: %q, %v", titles(es), err)
	}
	if ds, err := NewEntryService(plain).Drafts(); err != nil || len(ds) != 1 || ds[0].Title != "Title after the decrypt" {
		t.Fatalf("the draft, read without a passphrase: %v, %v", ds, err)
	}
	if err := plain.Close(); err != nil {
		t.Fatal(err)
	}
	checkBolt(t, path)
}

func TestSharedDBBacksUpWhileAnotherProcessReads(t *testing.T) {
	db, path := newSharedTestDB(t, false)
	holdRead(t, path)
	out := path + ".copy"
	if err := db.BackupFile(out); err != nil {
		t.Fatalf("backup beside a reader: %v", err)
	}
	copyDB := openTestPath(t, out, Options{ReadOnly: true})
	if es, err := NewEntryService(copyDB).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Fatalf("the backup reads %d entries, %v", len(es), err)
	}
}

func TestUpdateEntryRefusesAStaleCopy(t *testing.T) {
	db, path := newSharedTestDB(t, false)
	entries := NewEntryService(db)
	es, err := entries.FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 {
		t.Fatal(len(es), err)
	}
	mine := *es[0]
	// Another hone changes the entry after this copy was read.
	other, err := OpenShared(path, testOptions(4))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	theirs := mine
	theirs.Notes = "their notes"
	if err := NewEntryService(other).UpdateEntry(&theirs); err != nil {
		t.Fatal(err)
	}
	mine.Notes = "my notes"
	wantCode(t, entries.UpdateEntry(&mine), journal.ECONFLICT)
	if got, _ := entries.FindEntry(mine.ID); got.Notes != "their notes" {
		t.Errorf("a stale copy overwrote the entry: notes %q", got.Notes)
	}
	// The user chose to save over it: a zero Updated.
	mine.Updated = time.Time{}
	if err := entries.UpdateEntry(&mine); err != nil {
		t.Fatal(err)
	}
	if got, _ := entries.FindEntry(mine.ID); got.Notes != "my notes" {
		t.Errorf("saving over it kept notes %q", got.Notes)
	}
}

func TestPassphraseIsAskedHoldingNoLock(t *testing.T) {
	for _, readOnly := range []bool{true, false} {
		t.Run(fmt.Sprint("ReadOnly ", readOnly), func(t *testing.T) {
			db, path := openTestDBMode(t, true)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			// While the passphrase is typed, another hone writes (bbolt's
			// locks are per open file, so a second open here is another
			// hone as far as the lock goes).
			ask := func() (string, error) {
				w, err := Open(path, Options{Timeout: 100 * time.Millisecond, Passphrase: givePassphrase(testPassphrase)})
				if err != nil {
					return "", fmt.Errorf("a write while the passphrase was asked: %w", err)
				}
				defer w.Close()
				return testPassphrase, NewEntryService(w).CreateEntry(newEntry(today(), "Written meanwhile", nil))
			}
			r, err := Open(path, Options{ReadOnly: readOnly, Passphrase: ask})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			es, err := NewEntryService(r).FindEntries(journal.EntryFilter{})
			if err != nil || len(es) != 1 || es[0].Title != "Written meanwhile" {
				t.Fatalf("after the passphrase: %q, %v", titles(es), err)
			}
		})
	}
}

func TestDoctorAsksThePassphraseHoldingNoLock(t *testing.T) {
	db, path := openTestDBMode(t, true)
	mustCreate(t, db, newEntry(today(), "Sealed", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ask := func() (string, error) {
		w, err := Open(path, Options{Timeout: 100 * time.Millisecond, Passphrase: givePassphrase(testPassphrase)})
		if err != nil {
			return "", fmt.Errorf("a write while doctor asked the passphrase: %w", err)
		}
		defer w.Close()
		return testPassphrase, NewEntryService(w).CreateEntry(newEntry(today(), "Written meanwhile", nil))
	}
	r, err := DoctorWith(path, DoctorOptions{Passphrase: ask})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || !r.RecordsChecked || r.Entries != 2 {
		t.Errorf("doctor: ok %v, records checked %v, %d entries, problems %q", r.OK(), r.RecordsChecked, r.Entries, r.Problems)
	}
}

func TestSharedDBFollowsANewPassphrase(t *testing.T) {
	// A TUI open on an encrypted journal while another hone changes its
	// passphrase: the data key under it stays, so the TUI reads and writes
	// on with the keys it holds, and the new passphrase opens what it wrote.
	db, path := newSharedTestDB(t, true)
	entries := NewEntryService(db)
	const newPass = "a brand new passphrase"
	if err := changePassphrase(path, testPassphrase, newPass, cheapKDF()); err != nil {
		t.Fatal(err)
	}
	if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Fatalf("read after another hone changed the passphrase: %q, %v", titles(es), err)
	}
	mustCreate(t, db, newEntry(today(), "Written after the change", nil))
	if err := db.CheckPassphrase(newPass); err != nil {
		t.Errorf("the locked screen's check of the new passphrase: %v", err)
	}
	wantCode(t, db.CheckPassphrase(testPassphrase), journal.EPASSPHRASE)
	other := openTestPath(t, path, Options{ReadOnly: true, Passphrase: givePassphrase(newPass)})
	es, err := NewEntryService(other).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 2 || es[0].Title != "Written after the change" {
		t.Fatalf("the journal opened with the new passphrase: %q, %v", titles(es), err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	checkBolt(t, path)

	// Another encrypted journal (another data key) put in its place, even
	// under the same passphrase: these keys do not fit, nothing is read or
	// written with them, and the passphrase is asked for again (Unlock),
	// as after hone decrypt and hone encrypt (TestSharedDBAsksAgainAfterANewKey).
	elsewhere, otherPath := openTestDBMode(t, true)
	mustCreate(t, elsewhere, newEntry(today(), "Someone else's", nil))
	if err := elsewhere.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(otherPath)
	if err == nil {
		err = os.WriteFile(path+".new", raw, 0o600)
	}
	if err == nil {
		err = os.Rename(path+".new", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	_, err = entries.FindEntries(journal.EntryFilter{})
	wantCode(t, err, journal.EPASSPHRASE)
	wantCode(t, entries.CreateEntry(newEntry(today(), "Lost?", nil)), journal.EPASSPHRASE)
	if fileSum(t, path) != before {
		t.Error("a write with keys that do not fit changed the journal")
	}
	if err := db.Unlock(testPassphrase); err != nil {
		t.Fatalf("Unlock of the journal put in its place: %v", err)
	}
	if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 || es[0].Title != "Someone else's" {
		t.Fatalf("after the unlock: %q, %v", titles(es), err)
	}
}

func TestSharedDBDecryptedWhileBusy(t *testing.T) {
	// Reads and writes of an open TUI run on while another hone decrypts
	// the journal: each either waits its turn or goes on plain after, and
	// every write that said it saved is in the plain journal, readable.
	db, path := newSharedTestDB(t, true)
	entries := NewEntryService(db)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var saved []string
	var decrypted atomic.Bool
	savedAfter := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			title := fmt.Sprint("Busy ", i)
			after := decrypted.Load()
			if err := entries.CreateEntry(newEntry(today(), title, nil)); err == nil {
				saved = append(saved, title)
				if after {
					savedAfter++
				}
			} else if journal.ErrorCode(err) != journal.ELOCKED {
				t.Errorf("a write beside the decrypt: %v", err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := entries.FindEntries(journal.EntryFilter{Limit: 5}); err != nil && journal.ErrorCode(err) != journal.ELOCKED {
					t.Errorf("a read beside the decrypt: %v", err)
				}
				// A TUI reads now and then, not back to back: readers
				// that always overlap would keep every writer out.
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := Decrypt(path, testPassphrase); err != nil {
		t.Errorf("decrypt beside a busy TUI: %v", err)
	}
	decrypted.Store(true)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if savedAfter == 0 {
		t.Error("no write went in after the decrypt")
	}
	plain := openTestPath(t, path, Options{ReadOnly: true})
	es, err := NewEntryService(plain).FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatalf("the plain journal: %v", err)
	}
	got := titles(es)
	for _, title := range saved {
		if !slices.Contains(got, title) {
			t.Errorf("%q was saved but the plain journal lacks it", title)
		}
	}
	if len(got) != len(saved)+1 {
		t.Errorf("the plain journal holds %d entries, want %d", len(got), len(saved)+1)
	}
	t.Logf("%d entries saved around the decrypt", len(saved))
	if err := plain.Close(); err != nil {
		t.Fatal(err)
	}
	checkBolt(t, path)
}

func TestSharedDBUnlocksAfterAnotherHoneEncrypts(t *testing.T) {
	// A TUI open on a plain journal while another hone encrypts it: the
	// next look says a passphrase is needed, reads and writes refuse with
	// the same error and write nothing, and once the passphrase is given
	// the TUI reads and writes the encrypted journal, sealed.
	db, path := newSharedTestDB(t, false)
	entries := NewEntryService(db)
	encryptTest(t, path)
	changed, err := db.Changed()
	wantCode(t, err, journal.EPASSPHRASE)
	if !changed || !strings.Contains(journal.ErrorMessage(err), "passphrase") {
		t.Errorf("Changed() after another hone encrypted the journal: %v, %q", changed, journal.ErrorMessage(err))
	}
	before := fileSum(t, path)
	_, err = entries.FindEntries(journal.EntryFilter{})
	wantCode(t, err, journal.EPASSPHRASE)
	wantCode(t, entries.CreateEntry(newEntry(today(), "Lost?", nil)), journal.EPASSPHRASE)
	wantCode(t, db.Unlock("not the passphrase"), journal.EPASSPHRASE)
	if fileSum(t, path) != before {
		t.Error("the journal changed before the passphrase was given")
	}
	if err := db.Unlock(testPassphrase); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	mustCreate(t, db, newEntry(today(), "Sealed after the unlock", nil))
	if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
		t.Fatalf("after the unlock: %q, %v", titles(es), err)
	}
	if err := db.CheckPassphrase(testPassphrase); err != nil {
		t.Errorf("CheckPassphrase after the unlock: %v", err)
	}
	if err := db.Unlock(testPassphrase); err != nil {
		t.Errorf("Unlock again (a locked screen): %v", err)
	}
	wantCode(t, db.Unlock("not the passphrase"), journal.EPASSPHRASE)
	other := openTestPath(t, path, Options{ReadOnly: true, Passphrase: givePassphrase(testPassphrase)})
	es, err := NewEntryService(other).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 2 || es[0].Title != "Sealed after the unlock" {
		t.Fatalf("the encrypted journal: %q, %v", titles(es), err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if raw, err := os.ReadFile(path); err != nil || strings.Contains(string(raw), "Sealed after the unlock") {
		t.Errorf("the entry written after the unlock is not sealed (%v)", err)
	}
	checkBolt(t, path)
}

func TestSharedDBAsksAgainAfterANewKey(t *testing.T) {
	// A TUI open on an encrypted journal while another hone decrypts it
	// and encrypts it again (a new data key, under the same passphrase or
	// another), before or after the TUI looked in between: the keys it
	// holds no longer fit. The next look says a passphrase is needed, reads
	// and writes refuse with the same error and write nothing (neither
	// with the old keys nor plain), only the journal's passphrase as it is
	// now unlocks it, on the first try, from a locked screen too, and from
	// then on the TUI reads and writes the journal under its new key, its
	// locked screen taking that passphrase.
	const newPass = "a brand new passphrase"
	for _, tc := range []struct {
		name      string
		pass      string // the passphrase of the journal encrypted again
		lookFirst bool   // the TUI looked at the journal between the two
		via       string // what sees the new key first: changed, read or unlock
	}{
		{"SamePassphrase", testPassphrase, false, "changed"},
		{"NewPassphrase", newPass, false, "changed"},
		{"NewPassphraseSeenByARead", newPass, false, "read"},
		{"NewPassphraseAtALockedScreen", newPass, false, "unlock"},
		{"NewPassphraseAfterTheDecryptWasSeen", newPass, true, "changed"},
		{"NewPassphraseAfterTheDecryptWasSeenAtALockedScreen", newPass, true, "unlock"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := newSharedTestDB(t, true)
			entries := NewEntryService(db)
			if err := Decrypt(path, testPassphrase); err != nil {
				t.Fatal(err)
			}
			if tc.lookFirst {
				if changed, err := db.Changed(); err != nil || !changed {
					t.Fatalf("Changed() after the decrypt: %v, %v", changed, err)
				}
				if db.Encrypted() {
					t.Fatal("the DB kept its keys after the decrypt")
				}
			}
			if err := encryptJournal(path, tc.pass, cheapKDF()); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			switch tc.via {
			case "changed":
				changed, err := db.Changed()
				wantCode(t, err, journal.EPASSPHRASE)
				if !changed {
					t.Error("Changed() says nothing changed")
				}
			case "read":
				_, err := entries.FindEntries(journal.EntryFilter{})
				wantCode(t, err, journal.EPASSPHRASE)
			}
			if tc.via != "unlock" {
				_, err := entries.FindEntries(journal.EntryFilter{})
				wantCode(t, err, journal.EPASSPHRASE)
				wantCode(t, entries.CreateEntry(newEntry(today(), "Lost?", nil)), journal.EPASSPHRASE)
				wantCode(t, entries.SaveDraft(testDraft("lost", "lost")), journal.EPASSPHRASE)
				if db.Encrypted() {
					t.Error("the DB kept keys that do not open the journal")
				}
			}
			if tc.pass != testPassphrase {
				wantCode(t, db.Unlock(testPassphrase), journal.EPASSPHRASE)
			}
			wantCode(t, db.Unlock("not the passphrase"), journal.EPASSPHRASE)
			if fileSum(t, path) != before {
				t.Error("the journal changed before its passphrase was given")
			}
			if err := db.Unlock(tc.pass); err != nil {
				t.Fatalf("Unlock with the journal's passphrase: %v", err)
			}
			mustCreate(t, db, newEntry(today(), "Sealed under the new key", nil))
			if es, err := entries.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
				t.Fatalf("after the unlock: %q, %v", titles(es), err)
			}
			if changed, err := db.Changed(); err != nil {
				t.Errorf("Changed() after the unlock: %v, %v", changed, err)
			}
			if err := db.CheckPassphrase(tc.pass); err != nil {
				t.Errorf("the locked screen's check of the journal's passphrase: %v", err)
			}
			if tc.pass != testPassphrase {
				wantCode(t, db.CheckPassphrase(testPassphrase), journal.EPASSPHRASE)
				wantCode(t, db.Unlock(testPassphrase), journal.EPASSPHRASE)
			}
			other := openTestPath(t, path, Options{ReadOnly: true, Passphrase: givePassphrase(tc.pass)})
			es, err := NewEntryService(other).FindEntries(journal.EntryFilter{})
			if err != nil || len(es) != 2 || es[0].Title != "Sealed under the new key" {
				t.Fatalf("the journal opened with its passphrase: %q, %v", titles(es), err)
			}
			if err := other.Close(); err != nil {
				t.Fatal(err)
			}
			if raw, err := os.ReadFile(path); err != nil || strings.Contains(string(raw), "Sealed under the new key") || strings.Contains(string(raw), "Lost?") {
				t.Errorf("the journal holds text in plain (%v)", err)
			}
			checkBolt(t, path)
		})
	}
}
