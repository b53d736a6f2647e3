package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"hone/journal"
	"hone/store"

	bolt "go.etcd.io/bbolt"

	"github.com/spf13/cobra"
)

// binary is the hone executable built once for the command tests.
var binary string

func TestMain(m *testing.M) {
	if path := os.Getenv(holdLockEnv); path != "" {
		holdLockChild(path)
		return
	}
	dir, err := os.MkdirTemp("", "hone-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hone")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build hone: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// holdLockEnv tells a run of the test binary to hold the write lock of
// the journal it names, as another hone writing would (holdWriteLock).
const holdLockEnv = "HONE_TEST_HOLD_LOCK"

// holdLockChild opens the journal at path for writing, says "ready" and
// holds it until its standard input closes.
func holdLockChild(path string) {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := db.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// holdWriteLock starts a child process that holds the write lock of the
// plain journal at path; release lets go of it and waits for the child.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdLockEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("the child holding %s did not start: %q %s", path, line, stderr.String())
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("the child holding %s: %v %s", path, err, stderr.String())
			}
		})
	}
	t.Cleanup(release)
	return release
}

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
}

// hone runs the built binary with args and a clean environment whose HOME
// and XDG_DATA_HOME point into a temporary directory, plus env.
func hone(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	return honeIn(t, "", stdin, env, args...)
}

// honeIn is hone run in the folder dir.
func honeIn(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append([]string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	return runHone(t, cmd)
}

// runHone runs cmd, a run of the built binary, and returns what it gave;
// a run that does not start fails the test.
func runHone(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run hone %v: %v", cmd.Args[1:], err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// ok runs hone and fails the test unless it exits 0.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := hone(t, "", nil, args...)
	if r.code != 0 {
		t.Fatalf("hone %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

func listJSON(t *testing.T, db string, args ...string) []journal.EntryRecord {
	t.Helper()
	var got []journal.EntryRecord
	out := ok(t, append([]string{"list", "--db", db, "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, out)
	}
	return got
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestTyposGetSuggestions holds that a mistyped command, flag or prompt id
// is answered with the nearest right one, in the one line of the error.
func TestTyposGetSuggestions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lst", "--db", db}, 2, `did you mean "list"?`},
		{[]string{"exprot", "--db", db}, 2, `did you mean "export"?`},
		{[]string{"add", "--db", db, "--rating", "eng.mi=4", "x"}, 2, "did you mean --rate?"},
		{[]string{"list", "--db", db, "--skil", "eng.mi"}, 2, "did you mean --skill?"},
		{[]string{"add", "--db", db, "--reflect", "rolfe-wat=It went well", "x"}, 1, "did you mean rolfe-what,"},
	} {
		r := hone(t, "", nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("hone %v: exit %d, stderr %q; want exit %d and %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
		if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 {
			t.Errorf("hone %v: stderr = %q, want one line", tt.args, r.stderr)
		}
	}
}

// TestHelpReadsWell holds the flag texts of --help: they start as a
// sentence (fang capitalises the first letter, so "md or html" read "Md
// or html").
func TestHelpReadsWell(t *testing.T) {
	for _, args := range [][]string{{"export", "--help"}, {"review", "--help"}, {"list", "--help"}} {
		r := hone(t, "", []string{"COLUMNS=80"}, args...)
		for _, odd := range []string{"Json,", "Md or", "Csv"} {
			if strings.Contains(r.stdout, odd) {
				t.Errorf("hone %v: help has %q:\n%s", args, odd, r.stdout)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	for _, args := range [][]string{
		{"add", "--db", db, "--bogus"},
		{"list", "--db", db, "extra"},
		{"show", "--db", db},
		{"frobnicate", "--db", db},
		{"list", "--db", db, "-n", "many"},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 2 {
			t.Errorf("hone %v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 || !strings.HasPrefix(r.stderr, "hone: ") {
			t.Errorf("hone %v: stderr = %q, want one line", args, r.stderr)
		}
	}
}

func TestLockedJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", path, "first")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	for _, args := range [][]string{{"add", "second"}, {"list"}, {"backup"}} {
		start := time.Now()
		r := hone(t, "", nil, append(args, "--db", path)...)
		elapsed := time.Since(start)
		if r.code != 1 || !strings.Contains(r.stderr, path) || !strings.Contains(r.stderr, "another hone") {
			t.Errorf("hone %v on a locked journal: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if elapsed > 3*time.Second {
			t.Errorf("hone %v took %v, want under 3s", args, elapsed)
		}
	}
}

func TestJournalLocation(t *testing.T) {
	dir := t.TempDir()
	viaEnv := filepath.Join(dir, "env.db")
	r := hone(t, "", []string{"HONE_DB=" + viaEnv}, "add", "via env")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(viaEnv); err != nil {
		t.Errorf("HONE_DB was not used: %v", err)
	}

	xdg := filepath.Join(dir, "xdg")
	if r := hone(t, "", []string{"XDG_DATA_HOME=" + xdg}, "add", "via xdg"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(filepath.Join(xdg, "hone", "journal.db")); err != nil {
		t.Errorf("XDG_DATA_HOME default was not used: %v", err)
	}
}

func TestOutputIsSafeForTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	hostile := "evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202etitle"
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", hostile, "--family", "F\x1b[31m1", hostile))
	for _, args := range [][]string{{"list"}, {"show", id}} {
		out := ok(t, append(args, "--db", db)...)
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("hone %v printed control characters: %q", args, out)
		}
		// The C1 CSI loses only itself: "31m" after it is text (a C1
		// control is more often a mis-decoded character than a sequence).
		if !strings.Contains(out, "evil31mtitle") {
			t.Errorf("hone %v lost the visible text: %q", args, out)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	if out := ok(t, "--version"); !strings.Contains(out, "hone") {
		t.Errorf("--version printed %q", out)
	}
	for _, cmd := range []string{"add", "list", "show", "delete", "skills", "prompts", "backup", "doctor"} {
		if out := ok(t, cmd, "--help"); !strings.Contains(out, cmd) {
			t.Errorf("%s --help printed %q", cmd, out)
		}
	}
}

// TestHostileTextNeverReachesTheTerminal writes escape and control
// sequences into every field that holds text and reads every command that
// prints one: none of them may come out.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	evil := func(s string) string { return s + "\x1b]0;owned\x07\x1b[2J\u009b31m\u202e\x1bP1$q\x1b\\" }
	ok(t, "skills", "add", "--db", db, "own.x", "--name", evil("Name"), "--group", evil("Group"),
		"--key-element", evil("KE"), "--description", evil("Desc"), "--anchor1", evil("A1"), "--anchor3", evil("A3"), "--anchor5", evil("A5"))
	pid := strings.TrimSpace(ok(t, "prompts", "add", "--db", db, "--text", evil("Prompt"), "--tag", "own.x"))
	ok(t, "goals", "add", "--db", db, evil("Goal"), "--skill", "own.x")
	ok(t, "config", "watch", "add", "--db", db, evil("Watched"))
	ok(t, "config", "name", "--db", db, evil("Facilitator"))
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--title", evil("Title"), "--family", "F1\x1b[31m", "--rate", "own.x=3",
		"--reflect", pid+"="+evil("Answer"), evil("Notes")))

	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"show", id}, {"show", id, "--json"}, {"skills"}, {"skills", "--json"},
		{"prompts"}, {"prompts", "--json"}, {"goals"}, {"config", "watch", "list"}, {"config", "name"}, {"drift"}, {"drift", "--json"},
		{"prep"}, {"export", "--format", "md"}, {"export", "--full", "--format", "md"}, {"export", "--format", "csv"},
	} {
		r := hone(t, "", nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Errorf("hone %v: exit %d: %s", args, r.code, r.stderr)
			continue
		}
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u009b\u202e") {
			t.Errorf("hone %v printed a control sequence: %q", args, r.stdout+r.stderr)
		}
	}
}

// TestHelpFitsEightyColumns holds that every command's --help reads in an
// 80-column terminal: no example cut with "…", no line wider than the
// screen (a flag's text wraps under its own column, not mid-word at the
// edge).
func TestHelpFitsEightyColumns(t *testing.T) {
	a := &app{now: time.Now}
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(a.rootCommand(), nil)
	for _, path := range paths {
		r := hone(t, "", []string{"__FANG_TEST_WIDTH=80", "NO_COLOR=1"}, append(path, "--help")...)
		if r.code != 0 {
			t.Errorf("hone %v --help: exit %d", path, r.code)
			continue
		}
		for line := range strings.Lines(r.stdout) {
			line = strings.TrimRight(line, " \n")
			if strings.Contains(line, "…") || utf8.RuneCountInString(line) > 80 {
				t.Errorf("hone %v --help at 80 columns: %q", path, line)
			}
		}
	}
}

// TestStartUpLinksNoHeavyInit: the binary links none of the modules whose
// package initialisation every command paid before it started (issue 21:
// chroma's styles and lexers, bluemonday's and gorilla/css's regular
// expressions, 13 ms of `hone --version`'s 21). glamour comes from
// third_party/glamour, which leaves them out, and goldmark from
// third_party/goldmark, which compiles its regular expressions on first
// use, and atotto/clipboard from third_party/clipboard, which looks for
// its helper programs on first use instead of in init, and x/net/html from
// third_party/net, which builds its character reference tables on first
// use.
func TestStartUpLinksNoHeavyInit(t *testing.T) {
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	heavy := []string{"github.com/alecthomas/chroma/v2", "github.com/dlclark/regexp2", "github.com/microcosm-cc/bluemonday", "github.com/gorilla/css", "github.com/aymerick/douceur"}
	copies := map[string]string{"charm.land/glamour/v2": "./third_party/glamour", "github.com/yuin/goldmark": "./third_party/goldmark", "github.com/atotto/clipboard": "./third_party/clipboard", "golang.org/x/net": "./third_party/net"}
	for _, m := range info.Deps {
		if slices.Contains(heavy, m.Path) {
			t.Errorf("hone links %s %s", m.Path, m.Version)
		}
		if dir, ok := copies[m.Path]; ok {
			if m.Replace == nil || m.Replace.Path != dir {
				t.Errorf("%s is not hone's copy in %s: %+v", m.Path, dir, m)
			}
			delete(copies, m.Path)
		}
	}
	for path := range copies {
		t.Errorf("hone does not link %s", path)
	}
}

// TestStartUpHoneInitsDoNoWork: no package of hone's own does work at
// package initialisation, which every command pays before main (issue 21):
// a table built at init, a regular expression compiled, a file read. What
// is allowed is what costs nothing: sentinel errors and the sync.OnceValue
// wrappers that put the work off to first use, under 1 KiB in all per
// package (GODEBUG=inittrace=1 reports each package's allocations).
func TestStartUpHoneInitsDoNoWork(t *testing.T) {
	cmd := exec.Command(binary, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("hone --version: %v\n%s", err, stderr.String())
	}
	seen := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init hone/journal/gen @3.3 ms, 0.004 ms clock, 216 bytes, 6 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || (f[1] != "main" && f[1] != "hone" && !strings.HasPrefix(f[1], "hone/")) {
			continue
		}
		seen++
		var bytes, allocs int
		if _, err := fmt.Sscanf(strings.Join(f[7:11], " "), "%d bytes, %d allocs", &bytes, &allocs); err != nil {
			t.Fatalf("cannot read %q: %v", line, err)
		}
		if bytes >= 1024 {
			t.Errorf("%s allocates %d bytes in %d allocations at init: %q", f[1], bytes, allocs, line)
		}
	}
	if seen == 0 {
		t.Logf("no package of hone's own runs an initialiser:\n%s", stderr.String())
	}
}

// putRaw damages the journal at db behind hone's back: it puts value under
// key in its bucket with bbolt itself, as a bad disk or another program
// might.
func putRaw(t *testing.T, db, bucket, key, value string) {
	t.Helper()
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("no bucket %s", bucket)
		}
		return b.Put([]byte(key), []byte(value))
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
