package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killAfter runs the built hone with args and kills it with SIGKILL after
// delay unless it has finished. It returns what it printed and whether it
// exited 0 by itself: only then was its write acknowledged.
func killAfter(t *testing.T, delay time.Duration, args ...string) (stdout string, acked bool, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	err := cmd.Wait()
	timer.Stop()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), true, 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		t.Errorf("hone %v exited %d by itself: %s", args, exit.ExitCode(), errOut.String())
		return out.String(), false, exit.ExitCode()
	}
	return out.String(), false, -1 // killed
}

// TestKillDuringWrites kills hone with SIGKILL at random moments while it
// writes: single adds, adds at first use of a new file, and a bulk gen.
// Afterwards doctor finds no damage and every acknowledged entry is there.
func TestKillDuringWrites(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x686f6e65))
	dir := t.TempDir()
	deadline := time.Now().Add(15 * time.Second)

	// Kill at moments spread over how long an add takes on this machine
	// now, so that some adds finish and some die mid-write.
	start := time.Now()
	ok(t, "add", "--db", filepath.Join(dir, "calibrate.db"), "calibration")
	span := int(time.Since(start).Microseconds() * 3 / 2)

	path := filepath.Join(dir, "j.db")
	var acked []string
	killed := 0
	for i := 0; i < 80 && time.Now().Before(deadline); i++ {
		// A new file now and then, so that kills land in the first use too.
		if i%10 == 0 {
			path = filepath.Join(dir, fmt.Sprintf("j%d.db", i))
		}
		delay := time.Duration(rng.IntN(span)) * time.Microsecond
		out, ok, _ := killAfter(t, delay, "add", "--db", path, "--rate", "eng.mi=4", "--tag", "crash", fmt.Sprintf("entry %d", i))
		if ok {
			acked = append(acked, path+" "+strings.TrimSpace(out))
		} else {
			killed++
		}
	}
	t.Logf("%d adds acknowledged, %d killed", len(acked), killed)

	bulk := filepath.Join(dir, "bulk.db")
	ok(t, "gen", "--db", bulk+"-src", "--entries", "20000")
	if _, ok, _ := killAfter(t, time.Duration(50+rng.IntN(400))*time.Millisecond, "gen", "--db", bulk, "--entries", "40000"); !ok {
		t.Log("gen killed")
	}

	// An import killed part-way leaves whole batches; run again, it
	// completes the journal.
	export := filepath.Join(t.TempDir(), "full.json")
	ok(t, "export", "--db", bulk+"-src", "--full", "-o", export)
	imported := filepath.Join(dir, "imported.db")
	if _, ok, _ := killAfter(t, time.Duration(20+rng.IntN(300))*time.Millisecond, "import", "--db", imported, export); !ok {
		t.Log("import killed")
	}

	files, err := filepath.Glob(filepath.Join(dir, "*.db"))
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, f := range files {
		if r := hone(t, "", nil, "doctor", "--db", f); r.code != 0 {
			t.Errorf("doctor on %s after kills: exit %d\n%s%s", filepath.Base(f), r.code, r.stdout, r.stderr)
			continue
		}
		entries := listJSON(t, f)
		for _, e := range entries {
			held[f+" "+e.ID] = true
		}
		if f == bulk && len(entries)%genBatch != 0 {
			t.Errorf("the killed gen left %d entries, not whole batches of %d", len(entries), genBatch)
		}
		if f == imported {
			if len(entries)%importBatch != 0 {
				t.Errorf("the killed import left %d entries, not whole batches of %d", len(entries), importBatch)
			}
			ok(t, "import", "--db", f, export)
			if n := len(listJSON(t, f)); n != 20000 {
				t.Errorf("importing again after the kill gives %d entries, want 20000", n)
			}
		}
		// The journal still takes new entries.
		ok(t, "add", "--db", f, "after the crash")
	}
	for _, a := range acked {
		if !held[a] {
			t.Errorf("acknowledged entry %s is missing", a)
		}
	}
}

// TestKillDuringRestore kills hone restore with SIGKILL at moments spread
// over how long it takes: every time, the journal is there and healthy,
// and the journal it was replacing is still somewhere, at its place or
// kept in backups/.
func TestKillDuringRestore(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x686f6e65))
	src := t.TempDir()
	journalFile := filepath.Join(src, "j.db")
	ok(t, "add", "--db", journalFile, "in the backup")
	backup := filepath.Join(src, "backup.db")
	ok(t, "backup", "--db", journalFile, "-o", backup)
	ok(t, "add", "--db", journalFile, "only in the journal")
	original, err := os.ReadFile(journalFile)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	calib := filepath.Join(t.TempDir(), "j.db")
	os.WriteFile(calib, original, 0o600)
	ok(t, "restore", "--db", calib, backup)
	span := int(time.Since(start).Microseconds() * 3 / 2)

	killed := 0
	for i := 0; i < 30; i++ {
		path := filepath.Join(t.TempDir(), "j.db")
		os.WriteFile(path, original, 0o600)
		if _, acked, _ := killAfter(t, time.Duration(rng.IntN(span))*time.Microsecond, "restore", "--db", path, backup); !acked {
			killed++
		}
		if r := hone(t, "", nil, "doctor", "--db", path); r.code != 0 {
			t.Fatalf("doctor after a killed restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		kept := false
		files, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "*"))
		for _, f := range append(files, path) {
			if b, err := os.ReadFile(f); err == nil && bytes.Equal(b, original) {
				kept = true
			}
		}
		if !kept {
			t.Fatalf("after restore %d the journal it replaced is nowhere", i)
		}
	}
	t.Logf("%d restores killed of 30", killed)
}

// TestKillDuringDecryptLeavesNothingBehind kills hone decrypt and encrypt
// at moments spread over their run: the next hone that opens the journal
// for writing removes the temporary file the killed one left (after a
// decrypt it holds the journal in plain text), and doctor reports one
// before that.
func TestKillDuringDecryptLeavesNothingBehind(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x686f6e65))
	src := t.TempDir()
	pass := filepath.Join(src, "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	plainFile := filepath.Join(src, "plain.db")
	ok(t, "gen", "--db", plainFile, "--entries", "3000", "--seed", "3")
	plain, _ := os.ReadFile(plainFile)
	sealedFile := filepath.Join(src, "sealed.db")
	os.WriteFile(sealedFile, plain, 0o600)
	ok(t, "encrypt", "--db", sealedFile, "--passphrase-file", pass)
	sealed, _ := os.ReadFile(sealedFile)

	start := time.Now()
	ok(t, "decrypt", "--db", sealedFile, "--passphrase-file", pass)
	span := int(time.Since(start).Microseconds())

	reported, left := 0, 0
	for i := 0; i < 8; i++ {
		cmd, data := "decrypt", sealed
		if i%2 == 1 {
			cmd, data = "encrypt", plain
		}
		path := filepath.Join(t.TempDir(), "j.db")
		os.WriteFile(path, data, 0o600)
		killAfter(t, time.Duration(span/4+rng.IntN(span))*time.Microsecond, cmd, "--db", path, "--passphrase-file", pass)
		leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".j.db.*"))
		if len(leftovers) > 0 {
			left++
			if out := ok(t, "doctor", "--db", path, "--passphrase-file", pass); strings.Contains(out, "Leftover "+leftovers[0]) {
				reported++
			} else {
				t.Errorf("doctor does not report %s:\n%s", leftovers[0], out)
			}
		}
		ok(t, "list", "--db", path, "--passphrase-file", pass, "-n", "1")
		// Read commands open the journal read-only and leave the
		// directory alone; the next open for writing (hone add, or the
		// TUI's start) removes what a killed hone left.
		ok(t, "add", "--db", path, "--passphrase-file", pass, "after the kill")
		if rest, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".j.db.*")); len(rest) > 0 {
			t.Errorf("after %s was killed and the journal opened again, %v remain", cmd, rest)
		}
	}
	t.Logf("%d of 8 kills left a temporary file, %d reported by doctor", left, reported)
}

// TestKillDuringDamageWork kills hone doctor --salvage, hone backup and
// hone restore with SIGKILL at moments spread over how long each takes on
// a journal of 10,000 entries: the journal still opens with every entry it
// had, no half-written file is left where a journal or a backup is looked
// for (a salvaged journal is whole or absent; every backup is healthy and
// whole, and none is the journal itself), and the next hone that writes
// (or salvages again) leaves nothing of the killed one behind.
func TestKillDuringDamageWork(t *testing.T) {
	src := t.TempDir()
	base := filepath.Join(src, "j.db")
	ok(t, "gen", "--db", base, "--entries", "10000", "--seed", "3")
	older := filepath.Join(src, "older.db")
	ok(t, "backup", "--db", base, "-o", older)
	ok(t, "add", "--db", base, "--rate", "eng.mi=4", "acknowledged before the kills")
	original, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	const n = 10001
	// A damaged copy to salvage: one entry's id broken.
	broken := bytes.Clone(original)
	at := bytes.LastIndex(broken, []byte(`{"id":"`))
	broken[at+2] = 'X'

	fresh := func(data []byte) string {
		p := filepath.Join(t.TempDir(), "j.db")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	span := func(args func(p string) []string, data []byte) time.Duration {
		p := fresh(data)
		start := time.Now()
		ok(t, args(p)...)
		return time.Since(start)
	}
	count := func(p string) int {
		var es []json.RawMessage
		if err := json.Unmarshal([]byte(ok(t, "list", "--db", p, "--json", "-n", "100000")), &es); err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	leftovers := func(p string) []string {
		hidden, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".*"))
		tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", ".hone-*.tmp"))
		return append(hidden, tmp...)
	}
	// backupsHold checks every backup beside p: healthy, whole, not p.
	backupsHold := func(p string, want ...int) {
		t.Helper()
		files, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", "*.db"))
		for _, f := range files {
			if r := hone(t, "", nil, "doctor", "--db", f); r.code != 0 {
				t.Errorf("backup %s after a kill: doctor exit %d\n%s", filepath.Base(f), r.code, r.stdout)
				continue
			}
			if c := count(f); !slices.Contains(want, c) {
				t.Errorf("backup %s after a kill holds %d entries, want one of %v", filepath.Base(f), c, want)
			}
			if fi, err := os.Stat(f); err == nil {
				if pi, err := os.Stat(p); err == nil && os.SameFile(fi, pi) {
					t.Errorf("backup %s after a kill is the journal itself (a second link to it)", filepath.Base(f))
				}
			}
		}
	}
	const points = 6
	at9 := func(d time.Duration, i int) time.Duration { return d * time.Duration(i+1) / (points + 1) }

	// Salvage.
	salvage := func(p string) []string {
		return []string{"doctor", "--db", p, "--salvage", filepath.Join(filepath.Dir(p), "s.db")}
	}
	start := time.Now()
	whole := fresh(broken)
	ok(t, salvage(whole)...)
	d := time.Since(start)
	salvaged := count(filepath.Join(filepath.Dir(whole), "s.db"))
	for i := range points {
		p := fresh(broken)
		out := filepath.Join(filepath.Dir(p), "s.db")
		_, acked, _ := killAfter(t, at9(d, i), salvage(p)...)
		if after, _ := os.ReadFile(p); !bytes.Equal(after, broken) {
			t.Errorf("salvage killed after %v changed the damaged journal", at9(d, i))
		}
		if _, err := os.Stat(out); err == nil {
			if r := hone(t, "", nil, "doctor", "--db", out); r.code != 0 {
				t.Errorf("salvage killed after %v left %s that doctor finds damaged:\n%s", at9(d, i), out, r.stdout)
			} else if c := count(out); c != salvaged {
				t.Errorf("salvage killed after %v (finished: %v) left %s with %d of the %d entries it salvages", at9(d, i), acked, out, c, salvaged)
			}
			continue
		}
		ok(t, salvage(p)...)
		if left := leftovers(out); len(left) > 0 {
			t.Errorf("salvage again after a kill after %v leaves %v", at9(d, i), left)
		}
	}

	// Backup.
	backup := func(p string) []string { return []string{"backup", "--db", p} }
	d = span(backup, original)
	for i := range points {
		p := fresh(original)
		killAfter(t, at9(d, i), backup(p)...)
		if after, _ := os.ReadFile(p); !bytes.Equal(after, original) {
			t.Errorf("backup killed after %v changed the journal", at9(d, i))
		}
		backupsHold(p, n)
		ok(t, "add", "--db", p, "after the kill")
		if left := leftovers(p); len(left) > 0 {
			t.Errorf("after a backup killed after %v and an add, %v remain", at9(d, i), left)
		}
	}

	// Backup and export to a file of one's own, in another folder: a killed
	// one leaves the file whole or absent, and its hidden temporary file
	// (a copy of the journal, or its text) goes with the next write there.
	leftBehind := 0
	for _, cmd := range [][]string{{"backup", "-o"}, {"export", "--full", "-o"}} {
		out := func(p string) []string {
			return append([]string{cmd[0], "--db", p}, append(cmd[1:], filepath.Join(filepath.Dir(p), "out", "copy"))...)
		}
		d = span(out, original)
		for i := range points {
			p := fresh(original)
			dest := filepath.Join(filepath.Dir(p), "out", "copy")
			_, acked, _ := killAfter(t, at9(d, i), out(p)...)
			if _, err := os.Stat(dest); err == nil && cmd[0] == "backup" {
				if r := hone(t, "", nil, "doctor", "--db", dest); r.code != 0 || count(dest) != n {
					t.Errorf("backup -o killed after %v (finished: %v) left a copy that is not whole: doctor exit %d", at9(d, i), acked, r.code)
				}
			}
			if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".hone-*.tmp")); len(tmp) > 0 {
				leftBehind++
			}
			again := out(p)
			again[len(again)-1] += "-again" // never over a backup
			ok(t, again...)
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*")); len(left) > 0 {
				t.Errorf("%s killed after %v, then run again: %v remain beside %s", cmd[0], at9(d, i), left, dest)
			}
		}
	}

	t.Logf("%d of %d killed backups and exports to a file left a temporary file, removed by the next", leftBehind, 2*points)

	// Restore of an older backup (one entry fewer).
	restore := func(p string) []string { return []string{"restore", "--db", p, older} }
	d = span(restore, original)
	for i := range points {
		p := fresh(original)
		killAfter(t, at9(d, i), restore(p)...)
		if r := hone(t, "", nil, "doctor", "--db", p); r.code != 0 {
			t.Errorf("restore killed after %v: doctor exit %d\n%s%s", at9(d, i), r.code, r.stdout, r.stderr)
			continue
		}
		if c := count(p); c != n && c != n-1 {
			t.Errorf("restore killed after %v left a journal of %d entries, want %d or %d", at9(d, i), c, n, n-1)
		}
		kept := false
		files, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", "*.db"))
		for _, f := range append(files, p) {
			if b, err := os.ReadFile(f); err == nil && bytes.Equal(b, original) {
				kept = true
			}
		}
		if !kept {
			t.Errorf("after a restore killed after %v, the journal it replaced is nowhere", at9(d, i))
		}
		ok(t, "add", "--db", p, "after the kill")
		backupsHold(p, n, n-1)
		if left := leftovers(p); len(left) > 0 {
			t.Errorf("after a restore killed after %v and an add, %v remain", at9(d, i), left)
		}
	}
}

// TestRestoreKilledBetweenLinkAndRename: a restore killed after it linked
// the journal into backups/ (to keep it) and before it renamed the backup
// over it leaves a "backup" that is the journal itself, which every later
// write would change with it. The next hone that writes removes that link
// (the journal is in place, so nothing is lost); until then doctor lists it
// as a leftover and never recommends it.
func TestRestoreKilledBetweenLinkAndRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "in the journal")
	ok(t, "backup", "--db", path)
	os.MkdirAll(filepath.Join(dir, "backups"), 0o700)
	aside := filepath.Join(dir, "backups", "j-20261204-120000-before-restore.db")
	if err := os.Link(path, aside); err != nil {
		t.Fatal(err)
	}
	out := ok(t, "doctor", "--db", path)
	if !strings.Contains(out, "Leftover "+aside) {
		t.Errorf("doctor does not list the link a killed restore left:\n%s", out)
	}
	ok(t, "add", "--db", path, "after the kill")
	if fi, err := os.Stat(aside); err == nil {
		if pi, _ := os.Stat(path); os.SameFile(fi, pi) {
			t.Errorf("after an add, %s is still the journal itself", aside)
		}
	}
	if n := len(listJSON(t, path)); n != 2 {
		t.Errorf("the journal holds %d entries, want 2", n)
	}
}

// TestWriteLeftoverBesideTheJournal: a hone killed while it wrote a file
// beside the journal through a temporary file (the damage mark, an export
// into the journal's folder) leaves .hone-write-*.tmp there; doctor lists
// it and the next hone that writes removes it.
func TestWriteLeftoverBesideTheJournal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "in the journal")
	left := filepath.Join(dir, ".hone-write-123456.tmp")
	if err := os.WriteFile(left, []byte("half of an export"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := ok(t, "doctor", "--db", path); !strings.Contains(out, "Leftover "+left) {
		t.Errorf("doctor does not list %s:\n%s", left, out)
	}
	ok(t, "add", "--db", path, "after the kill")
	if _, err := os.Stat(left); err == nil {
		t.Errorf("%s remains after an add", left)
	}
}
