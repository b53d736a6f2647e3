package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// TestMissingInputFile: a file that is not there is one line that names it,
// exit 1, for import and for a review report.
func TestMissingInputFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere.json")
	for _, args := range [][]string{
		{"import", "--db", filepath.Join(dir, "j.db"), missing},
		{"review", "--format", "html", "-o", filepath.Join(dir, "r.html"), missing},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "nowhere.json") || !strings.Contains(r.stderr, "cannot be read") ||
			strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("hone %s of a missing file: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "j.db")); err == nil {
		t.Error("a failed import of a missing file made a journal")
	}
}

// TestReadBounded: a file given on the command line is read whole whether
// or not it has a length to size the buffer from, and one larger than
// maxInput is refused in one line naming it, with no journal made.
func TestReadBounded(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("a line of an export\n"), 5000)
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, want, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(small)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, err := readBounded(f, fileSize(f)); err != nil || !bytes.Equal(got, want) {
		t.Errorf("readBounded of a file: %d bytes, %v; want its %d bytes", len(got), err, len(want))
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write(want)
		w.Close()
	}()
	if got, err := readBounded(r, fileSize(r)); err != nil || !bytes.Equal(got, want) {
		t.Errorf("readBounded of a pipe: %d bytes, %v; want its %d bytes", len(got), err, len(want))
	}

	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, maxInput+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	db := filepath.Join(dir, "j.db")
	res := hone(t, "", nil, "import", "--db", db, big)
	if res.code != 1 || !strings.Contains(res.stderr, "big.json") || !strings.Contains(res.stderr, "larger than 512 MiB") ||
		strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
		t.Errorf("import of a file over 512 MiB: exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused import made a journal")
	}
}

// TestExportLoader: review mode's loader refuses a missing file at once,
// naming it, and reads a plain export only when it runs, from the file.
func TestExportLoader(t *testing.T) {
	dir := t.TempDir()
	a := &app{now: time.Now}
	if _, err := a.exportLoader(filepath.Join(dir, "nowhere.json")); err == nil ||
		!strings.Contains(err.Error(), "nowhere.json") || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("exportLoader of a missing file: %v", err)
	}
	db, out := filepath.Join(dir, "a.db"), filepath.Join(dir, "a.json")
	ok(t, "gen", "--db", db, "--entries", "50")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", out)
	load, err := a.exportLoader(out)
	if err != nil {
		t.Fatal(err)
	}
	x, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if x.Facilitator != "Ana" || len(x.Records) != 50 {
		t.Fatalf("the loader read %d entries of %q, want Ana's 50", len(x.Records), x.Facilitator)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	if _, err := load(); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("the loader of a file removed since: %v, want it to say the file cannot be read", err)
	}
}

// TestReadInputChecksTheSizeFirst: a file over maxInput is refused from its
// size, before any of it is read into memory.
func TestReadInputChecksTheSizeFirst(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 600<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	a := &app{now: time.Now}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := a.readInput(big)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(journal.ErrorMessage(err), "larger than 512 MiB") {
		t.Errorf("readInput of a 600 MiB file: %v, want it refused as too large", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("readInput of a 600 MiB file allocated %d MiB before refusing it, want under 1", got>>20)
	}
}

// zeros is a reader that never ends, as /dev/zero or a pipe fed without
// end.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestReadBoundedOfAPipeWithoutEnd: a file of unknown size (a pipe) is read
// up to the bound and no further, in memory about the bound: the buffer is
// never grown past it (a buffer doubled to hold maxInput+1 bytes is twice
// that, and reading /dev/zero took 2.1 GB before).
func TestReadBoundedOfAPipeWithoutEnd(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	data, err := readBounded(zeros{}, 0)
	runtime.ReadMemStats(&after)
	if err != nil || len(data) != maxInput+1 {
		t.Fatalf("read %d bytes (%v), want the bound and one", len(data), err)
	}
	if c := cap(data); c > maxInput+1 {
		t.Errorf("the buffer grew to %d MiB for %d MiB", c>>20, maxInput>>20)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 2*maxInput+(16<<20) {
		t.Errorf("reading %d MiB allocated %d MiB", maxInput>>20, got>>20)
	}
}
