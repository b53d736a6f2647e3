package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tui is the real hone binary running in a tmux session, driven as a person
// would: keys in, screen text out.
type tui struct {
	t       *testing.T
	session string
}

// startTUI runs hone with args in a new detached tmux session of the given
// size. The session is killed when the test ends.
func startTUI(t *testing.T, width, height int, env []string, args ...string) *tui {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing; .ci/run installs it")
		}
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	session := fmt.Sprintf("hone-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())
	home := t.TempDir()
	command := append([]string{"env", "-i", "HOME=" + home, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}, env...)
	command = append(command, binary)
	command = append(command, args...)
	tmux := append([]string{"new-session", "-d", "-s", session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}, command...)
	// tmux's server exits with its last session: a session made while
	// another test's cleanup ends the last one can meet a server on its
	// way out ("server exited unexpectedly"), and a new one is started by
	// trying again.
	for try := 1; ; try++ {
		out, err := exec.Command("tmux", tmux...).CombinedOutput()
		if err == nil {
			break
		}
		if try == 5 || !strings.Contains(string(out), "server exited unexpectedly") {
			t.Fatalf("tmux new-session: %v\n%s", err, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Keep the pane after hone exits, so the test can read its last screen.
	exec.Command("tmux", "set-option", "-t", session, "remain-on-exit", "on").Run()
	u := &tui{t: t, session: session}
	t.Cleanup(func() {
		// A hone still running is hung up on and given time to finish
		// what it writes as it quits (a draft, the daily backup), so that
		// nothing is written into a test folder being removed.
		if !u.exited() {
			if out, err := exec.Command("tmux", "display-message", "-p", "-t", session, "#{pane_pid}").Output(); err == nil {
				exec.Command("kill", "-HUP", strings.TrimSpace(string(out))).Run()
				for deadline := time.Now().Add(10 * time.Second); !u.exited() && time.Now().Before(deadline); {
					time.Sleep(50 * time.Millisecond)
				}
			}
		}
		exec.Command("tmux", "kill-session", "-t", session).Run()
	})
	return u
}

// send types keys: tmux key names such as "Enter", "Tab", "C-s", or
// literal text when literal is true.
func (u *tui) send(literal bool, keys ...string) {
	u.t.Helper()
	args := []string{"send-keys", "-t", u.session}
	if literal {
		args = append(args, "-l")
	}
	if out, err := exec.Command("tmux", append(args, keys...)...).CombinedOutput(); err != nil {
		u.t.Fatalf("tmux send-keys %v: %v\n%s", keys, err, out)
	}
}

// keys sends tmux key names.
func (u *tui) keys(keys ...string) { u.t.Helper(); u.send(false, keys...) }

// typeText types text literally.
func (u *tui) typeText(text string) { u.t.Helper(); u.send(true, text) }

// screen returns the pane's current text.
func (u *tui) screen() string {
	u.t.Helper()
	args := []string{"capture-pane", "-p", "-t", u.session}
	if u.exited() {
		// tmux scrolls a dead pane's screen up a line to write "Pane is
		// dead" at the bottom: the line it scrolled off is the first of
		// the history (what hone printed last on row 0, e.g. the demo's
		// goodbye, was lost about one run in two under load).
		args = append(args, "-S", "-1")
	}
	out, err := exec.Command("tmux", args...).Output()
	if err != nil {
		u.t.Fatalf("tmux capture-pane: %v", err)
	}
	return string(out)
}

// waitFor polls the screen until it contains every one of texts, and fails
// the test with the last screen after a generous timeout. The screen it
// returns is a settled one: a second look a moment later saw the same, so
// that a frame read while hone was still drawing it (the new tab's first
// lines above the old tab's last ones) is never taken for the screen.
func (u *tui) waitFor(texts ...string) string {
	u.t.Helper()
	return u.waitForWithin(20*time.Second, texts...)
}

// waitForWithin is waitFor with a timeout of d.
func (u *tui) waitForWithin(d time.Duration, texts ...string) string {
	u.t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := u.screen()
		missing := ""
		for _, text := range texts {
			if !strings.Contains(s, text) {
				missing = text
				break
			}
		}
		if missing == "" {
			time.Sleep(20 * time.Millisecond)
			if u.screen() == s || time.Now().After(deadline) {
				return s
			}
			continue
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("the screen never showed %q; it shows:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pid is the process id of hone (the pane's process: env execs hone).
func (u *tui) pid() string {
	u.t.Helper()
	out, err := exec.Command("tmux", "display-message", "-p", "-t", u.session, "#{pane_pid}").Output()
	if err != nil {
		u.t.Fatalf("tmux display-message: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// kill9 kills hone with SIGKILL, as a crash or the OOM killer would.
func (u *tui) kill9() {
	u.t.Helper()
	pid := u.pid()
	if out, err := exec.Command("kill", "-9", pid).CombinedOutput(); err != nil {
		u.t.Fatalf("kill -9 %s: %v\n%s", pid, err, out)
	}
	u.waitExit()
}

// signal sends sig (a kill(1) name) to hone.
func (u *tui) signal(sig string) {
	u.t.Helper()
	pid := u.pid()
	if out, err := exec.Command("kill", "-"+sig, pid).CombinedOutput(); err != nil {
		u.t.Fatalf("kill -%s %s: %v\n%s", sig, pid, err, out)
	}
}

// exited reports whether hone has exited (the pane is dead).
func (u *tui) exited() bool {
	out, err := exec.Command("tmux", "display-message", "-p", "-t", u.session, "#{pane_dead}").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

// waitExit waits until hone has exited, for up to 20 s: a loaded CI
// machine can take seconds over a write that takes milliseconds here.
func (u *tui) waitExit() {
	u.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !u.exited() {
		if time.Now().After(deadline) {
			u.t.Fatalf("hone did not exit; the screen shows:\n%s", u.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestTUIWriteAnEntry(t *testing.T) {
	db := t.TempDir() + "/j.db"
	ok(t, "add", "--db", db, "--date", "yesterday", "--title", "Plan review", "--rate", "eng.mi=4", "notes")

	u := startTUI(t, 80, 24, nil, "--db", db)
	u.waitFor("Today", "Journal", "Skills", "Prompts")
	u.keys("2")
	u.waitFor("Plan review")

	u.keys("n")
	u.waitFor("Title")
	u.typeText("Safety plan check-in")
	u.keys("C-s")
	u.waitFor("Saved")
	u.keys("q")
	u.waitExit()

	entries := listJSON(t, db)
	if len(entries) != 2 || entries[0].Title == nil || *entries[0].Title != "Safety plan check-in" {
		var titles []string
		for _, e := range entries {
			titles = append(titles, *e.Title)
		}
		t.Fatalf("after saving in the TUI the journal holds %q", titles)
	}
	if entries[0].Date != time.Now().Format(time.DateOnly) {
		t.Errorf("the new entry is dated %s, want today", entries[0].Date)
	}
}

func TestTUIDemoShowsDrift(t *testing.T) {
	tmp := t.TempDir()
	u := startTUI(t, 80, 24, []string{"TMPDIR=" + tmp}, "demo")
	screen := u.waitFor("Today", "is drifting")
	if !strings.Contains(screen, "improving") {
		t.Errorf("the demo's Today shows no improving skill:\n%s", screen)
	}
	if !strings.HasPrefix(strings.TrimSpace(screen), "hone demo") {
		t.Errorf("the demo's header does not say it is the demo:\n%s", screen)
	}
	u.keys("X")
	u.waitFor("This is the demo: it writes no files.")
	u.keys("Escape")
	u.waitFor("Needs attention")
	u.keys("q")
	// On quit: what was written is gone, and how to start one's own.
	u.waitFor("That was the demo", "Start your own journal with hone")
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the demo left %d files behind in TMPDIR", len(left))
	}
}

func TestTUINeedsATerminal(t *testing.T) {
	r := hone(t, "", nil, "--db", t.TempDir()+"/j.db")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: terminal:") {
		t.Errorf("hone without a terminal: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestTUISkillsMatchDriftAndAnswerAPrompt(t *testing.T) {
	db := t.TempDir() + "/j.db"
	ok(t, "gen", "--db", db, "--entries", "350", "--seed", "7")
	var drifts []struct {
		Skill, Name, Status, Explanation string
	}
	if err := json.Unmarshal([]byte(ok(t, "drift", "--db", db, "--json")), &drifts); err != nil {
		t.Fatal(err)
	}

	u := startTUI(t, 120, 40, nil, "--db", db)
	u.waitFor("Today")
	u.keys("3")
	// The Skills table's own heading: "Skill" and "Status" alone were
	// found on Today (the tab bar, a sentence) before the tab drew.
	screen := u.waitFor("Skill", "Status", "Base", "Last rated")
	for _, d := range drifts {
		line := lineWith(screen, d.Name)
		if line == "" {
			t.Errorf("the Skills tab does not list %s", d.Name)
			continue
		}
		if !strings.Contains(line, d.Status) {
			t.Errorf("the Skills tab shows %q for %s; hone drift says %s", strings.TrimSpace(line), d.Skill, d.Status)
		}
	}

	// The first skill's detail: a chart, its baseline and its explanation
	// (g: the cursor starts on the first drifting skill).
	u.keys("g", "Enter")
	first := drifts[0]
	detail := u.waitFor("baseline", first.Explanation[:30])
	if !strings.ContainsAny(detail, "⠁⠂⠄⡀⠈⠐⠠⢀⣀⣿") {
		t.Errorf("the skill's detail shows no chart:\n%s", detail)
	}
	u.keys("Escape")
	u.waitFor("Last rated") // back on the list (a key right after ESC would read as alt+key)

	// Answer the first prompt of the library; the reflection is saved.
	u.keys("4")
	u.waitFor("Prompts")
	u.keys("Enter")
	u.waitFor("Your answer")
	u.typeText("The caregiver chose the first goal herself.")
	u.keys("C-s")
	u.waitFor("Saved")
	u.keys("q")
	u.waitExit()

	found := false
	for _, e := range listJSON(t, db, "--search", "chose the first goal herself") {
		for _, r := range e.Reflections {
			if r.Answer == "The caregiver chose the first goal herself." && r.PromptID != "" {
				found = true
			}
		}
	}
	if !found {
		t.Error("the answered prompt is not in the journal")
	}
}

// TestTUIReviewTwoExports reviews a plain export and an encrypted one
// (its passphrase from a file) and changes no file.
func TestTUIReviewTwoExports(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("a long coach passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var files []string
	for i, name := range []string{"Ana", "Ben"} {
		db := filepath.Join(dir, name+".db")
		ok(t, "gen", "--db", db, "--entries", "300", "--seed", fmt.Sprint(i+1))
		if name == "Ana" {
			out := filepath.Join(dir, name+".json")
			ok(t, "export", "--db", db, "--facilitator", name, "-o", out)
			files = append(files, out)
		} else {
			out := filepath.Join(dir, name+".age")
			ok(t, "export", "--db", db, "--facilitator", name, "--encrypt", "--passphrase-file", pass, "-o", out)
			files = append(files, out)
		}
	}
	before := dirState(t, dir)

	u := startTUI(t, 100, 30, nil, append([]string{"review", "--passphrase-file", pass}, files...)...)
	u.waitFor("Overview", "Team", "Ana", "Coach-safe export")
	u.keys("]")
	u.waitFor("Ben", "Coach-safe export")
	u.keys("3")
	u.waitFor("The team", "2 facilitators", "Skills the group could learn together")
	u.keys("q")
	u.waitExit()
	if after := dirState(t, dir); after != before {
		t.Errorf("review mode changed files:\nbefore %s\nafter  %s", before, after)
	}
}

func TestTUIExportShowsWhatLeaves(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--date", "-3d", "--family", "FAMCODE9", "--title", "SECRET-TITLE-2",
		"--rate", "eng.mi=4", "--reflect", "rolfe-what=We agreed on a plan", "SECRET-NOTE-1")

	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today")
	u.keys("X")
	screen := u.waitFor("Coach-safe export", "1 entr")
	if strings.Contains(screen, "SECRET") || strings.Contains(screen, "FAMCODE9") {
		t.Errorf("the export preview shows private text:\n%s", screen)
	}
	u.keys("Enter")
	u.waitFor("Wrote")
	u.keys("q")
	u.waitExit()

	b := writtenExport(t, dir)
	for _, m := range markers {
		if strings.Contains(string(b), m) {
			t.Errorf("the export written from the TUI holds %q", m)
		}
	}
	if !strings.Contains(string(b), "We agreed on a plan") {
		t.Error("the export lost the shared reflection")
	}
}

// TestTUIExportKeepsTheName changes the name kept with hone config name on
// the export screen: the journal keeps the new name and the file written
// carries it.
func TestTUIExportKeepsTheName(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--date", "-3d", "--rate", "eng.mi=4", "notes")
	ok(t, "config", "name", "--db", db, "Sam Rivera")

	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today")
	u.keys("X")
	u.waitFor("Sam Rivera  n to change", "Coach-safe export")
	u.keys("n", "C-u")
	u.typeText("Ana f")
	u.keys("Enter")
	u.waitFor("Ana f  n to change", "JSON", "Coach-safe export")
	u.keys("Enter")
	u.waitFor("Wrote")
	u.keys("q")
	u.waitExit()

	b := writtenExport(t, dir)
	if !strings.Contains(string(b), `"facilitator": "Ana f"`) {
		t.Errorf("the export written from the TUI does not carry the name:\n%s", b)
	}
	if out := ok(t, "config", "name", "--db", db); out != "Ana f\n" {
		t.Errorf("config name printed %q after the TUI kept a name", out)
	}
	// The TUI's export carries the journal's id, as hone export does.
	if id := exportJournalID(t, "--db", db); !strings.Contains(string(b), `"journal": "`+id+`"`) {
		t.Errorf("the export written from the TUI does not carry the journal id %q:\n%s", id, b)
	}
}

// writtenExport returns the one JSON export the TUI wrote into exports/
// beside the journal in dir.
func writtenExport(t *testing.T, dir string) []byte {
	t.Helper()
	written, err := filepath.Glob(filepath.Join(dir, "exports", "*.json"))
	if err != nil || len(written) != 1 {
		t.Fatalf("exports written: %v (%v)", written, err)
	}
	b, err := os.ReadFile(written[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirState lists a folder's files with their sizes and times.
func dirState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			fmt.Fprintf(&b, "%s:%d:%d ", p, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}

// TestTUIDailyBackup: the TUI makes the daily backup beside the journal
// while it runs, and also when the user quits before it was due; the copy
// is private and reads as the journal does.
func TestTUIDailyBackup(t *testing.T) {
	for _, quitAtOnce := range []bool{false, true} {
		t.Run(fmt.Sprintf("quit at once %v", quitAtOnce), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "j.db")
			ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
			u := startTUI(t, 80, 24, nil, "--db", db)
			u.waitFor("Today", "Plan review")
			backups := func() []string {
				names, _ := filepath.Glob(filepath.Join(dir, "backups", "*auto*"))
				return names
			}
			if !quitAtOnce {
				deadline := time.Now().Add(10 * time.Second)
				for len(backups()) == 0 && time.Now().Before(deadline) {
					time.Sleep(50 * time.Millisecond)
				}
				if len(backups()) == 0 {
					t.Fatal("no automatic backup while the TUI runs")
				}
			}
			u.keys("q")
			u.waitExit()
			got := backups()
			if len(got) != 1 {
				t.Fatalf("automatic backups after quitting: %q, want one", got)
			}
			fi, err := os.Stat(got[0])
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("the backup's mode is %v, want 0600", fi.Mode().Perm())
			}
			entries := listJSON(t, got[0])
			if len(entries) != 1 || entries[0].Title == nil || *entries[0].Title != "Plan review" {
				t.Errorf("the backup holds %d entries, want the one written", len(entries))
			}
		})
	}
}

// TestTUIEditorFileRemovedAfterKill: ctrl+e writes the notes to a private
// folder beside the journal; hone killed with the editor open leaves the
// file, and the next start takes its text in as a draft, offers it and
// removes the file (issue 17, items 11 and 9).
func TestTUIEditorFileRemovedAfterKill(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "notes")
	seen := filepath.Join(dir, "editor-saw")
	editor := filepath.Join(dir, "ed.sh")
	script := "#!/bin/sh\necho \"$1\" > " + seen + "\nexec sleep 60\n"
	if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	u := startTUI(t, 100, 30, []string{"EDITOR=" + editor, "TMPDIR=" + tmp}, "--db", db)
	u.waitFor("Today", "Plan review")
	u.keys("n")
	u.waitFor("Title")
	u.keys("Tab")
	u.typeText("words the editor sees")
	u.keys("C-e")
	var path string
	deadline := time.Now().Add(10 * time.Second)
	for path == "" && time.Now().Before(deadline) {
		b, _ := os.ReadFile(seen)
		path = strings.TrimSpace(string(b))
		time.Sleep(50 * time.Millisecond)
	}
	if path == "" {
		t.Fatal("the editor never ran")
	}
	if got, want := filepath.Dir(path), filepath.Join(dir, ".j.db.edit"); got != want {
		t.Errorf("the editor's file is in %s, want %s", got, want)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "words the editor sees") {
		t.Fatalf("the editor's file: %q, %v", b, err)
	}
	u.kill9()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the editor's file is gone before the next start (%v): the test proves nothing", err)
	}
	u = startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Continue the entry you were writing?", "words the editor sees")
	deadline = time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the next start left the killed hone's editor file")
		}
		time.Sleep(50 * time.Millisecond)
	}
	u.keys("y")
	u.waitFor("New entry", "words the editor sees")
	u.keys("C-s")
	u.waitFor("Saved")
	u.keys("q")
	u.waitExit()
	if entries := listJSON(t, db); len(entries) != 2 || entries[0].Notes == nil || *entries[0].Notes != "words the editor sees" {
		t.Errorf("the journal holds %+v", entries)
	}
}

// encryptForTUI encrypts the journal db with a passphrase kept in a file
// beside it, and returns the environment that unlocks it for the TUI.
func encryptForTUI(t *testing.T, db string) []string {
	t.Helper()
	pass := filepath.Join(filepath.Dir(db), "pass")
	if err := os.WriteFile(pass, []byte("a long facilitator passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	return []string{"HONE_PASSPHRASE_FILE=" + pass}
}

// TestTUIDraftAfterKill: text typed into the form is kept as a draft as it
// is typed; hone killed with SIGKILL, the next start offers it, y restores
// it, and saving writes the entry and removes the draft (issue 17, item
// 9).
func TestTUIDraftAfterKill(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted %v", encrypted), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "j.db")
			ok(t, "add", "--db", db, "--title", "Plan review", "notes")
			var env []string
			if encrypted {
				env = encryptForTUI(t, db)
			}
			u := startTUI(t, 100, 30, env, "--db", db)
			u.waitFor("Today", "Plan review")
			u.keys("n")
			u.waitFor("Title")
			u.typeText("Killed mid-sentence")
			u.keys("Tab")
			u.typeText("Notes that must survive a kill")
			u.waitFor("Notes that must survive a kill")
			time.Sleep(3 * draftDelay / 2) // the draft's timer, and its write
			u.kill9()

			u = startTUI(t, 100, 30, env, "--db", db)
			u.waitFor("Continue the entry you were writing?", "Killed mid-sentence")
			u.keys("y")
			u.waitFor("Killed mid-sentence", "Notes that must survive a kill", "New entry")
			u.keys("C-s")
			u.waitFor("Saved")
			u.keys("q")
			u.waitExit()

			u = startTUI(t, 100, 30, env, "--db", db)
			screen := u.waitFor("Today", "Killed mid-sentence")
			if strings.Contains(screen, "Continue the entry") {
				t.Errorf("after the save the draft is offered again:\n%s", screen)
			}
			u.keys("q")
			u.waitExit()
			if !encrypted {
				entries := listJSON(t, db)
				if len(entries) != 2 || entries[0].Title == nil || *entries[0].Title != "Killed mid-sentence" ||
					entries[0].Notes == nil || *entries[0].Notes != "Notes that must survive a kill" {
					t.Fatalf("the journal holds %+v", entries)
				}
			}
		})
	}
}

// TestTUIDraftAfterHangup: a lost terminal (SIGHUP), or a stop asked by
// the system (SIGTERM: a shutdown, kill) or by kill -INT, right after
// typing, before the draft's timer, keeps the text as a draft all the
// same.
func TestTUIDraftAfterHangup(t *testing.T) {
	for _, sig := range []string{"HUP", "TERM", "INT"} {
		t.Run(sig, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "j.db")
			ok(t, "add", "--db", db, "--title", "Plan review", "notes")
			u := startTUI(t, 100, 30, nil, "--db", db)
			u.waitFor("Today", "Plan review")
			u.keys("n")
			u.waitFor("Title")
			u.typeText("Typed just before the line dropped")
			u.waitFor("Typed just before the line dropped")
			u.signal(sig)
			u.waitExit()
			u = startTUI(t, 100, 30, nil, "--db", db)
			u.waitFor("Continue the entry you were writing?", "Typed just before the line")
			u.keys("y")
			u.waitFor("New entry", "Typed just before the line dropped")
		})
	}
}

// TestTUIWriteThenQuitAtOnce: a write asked for and q pressed in the same
// instant (the keys arrive together) ends with the write in the journal:
// hone waits for its writes before it quits. Starring a reflection and
// deleting an entry, on a plain and an encrypted journal.
func TestTUIWriteThenQuitAtOnce(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted %v", encrypted), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "j.db")
			ok(t, "add", "--db", db, "--title", "To be deleted", "notes")
			ok(t, "add", "--db", db, "--title", "Starred at once", "--reflect", "rolfe-what=Grandmother joined", "notes")
			var env []string
			if encrypted {
				env = encryptForTUI(t, db)
			}
			u := startTUI(t, 100, 30, env, "--db", db)
			u.waitFor("Today", "Starred at once")
			u.keys("2")
			u.waitFor("To be deleted")
			u.keys("Enter")
			u.waitFor("Grandmother joined")
			u.keys("*", "q")
			u.waitExit()

			u = startTUI(t, 100, 30, env, "--db", db)
			u.waitFor("Today", "Starred at once")
			u.keys("2")
			u.waitFor("To be deleted")
			u.keys("Down", "d")
			u.waitFor("(y/n)")
			u.keys("y", "q")
			u.waitExit()

			u = startTUI(t, 100, 30, env, "--db", db)
			u.waitFor("Today", "Starred at once")
			u.keys("2")
			screen := u.waitFor("Starred at once")
			if strings.Contains(screen, "To be deleted") {
				t.Errorf("the entry deleted just before q is back:\n%s", screen)
			}
			u.keys("Enter")
			screen = u.waitFor("Grandmother joined")
			if !strings.Contains(screen, "★") {
				t.Errorf("the star given just before q is gone:\n%s", screen)
			}
			u.keys("q")
			u.waitExit()
		})
	}
}

// TestTUIDraftOfAnotherOpenHone: a draft being written in a hone that is
// still open is not offered by a second hone opened on the same journal
// (answering it there would save the entry twice, or discard the draft
// that keeps the first hone's text); once the first hone has stopped,
// the next start offers it.
func TestTUIDraftOfAnotherOpenHone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "notes")
	a := startTUI(t, 100, 30, nil, "--db", db)
	a.waitFor("Today", "Plan review")
	a.keys("n")
	a.waitFor("Title")
	a.typeText("Still being written")
	a.waitFor("Still being written")
	time.Sleep(3 * draftDelay / 2) // the draft's timer, and its write

	b := startTUI(t, 100, 30, nil, "--db", db)
	screen := b.waitFor("Today", "Plan review")
	// The drafts are read after the first frame: give them time to be
	// offered (a slow machine can only make this test miss, not fail).
	time.Sleep(3 * time.Second)
	if screen = b.screen(); strings.Contains(screen, "Continue the entry") {
		t.Errorf("a second hone offers the draft the first is still writing:\n%s", screen)
	}
	b.keys("q")
	b.waitExit()

	// The first hone's terminal goes (it keeps its draft as it quits,
	// whatever its timer did): the next start offers the draft.
	a.signal("HUP")
	a.waitExit()
	c := startTUI(t, 100, 30, nil, "--db", db)
	c.waitFor("Continue the entry you were writing?", "Still being written")
}

// TestTUIDraftWhenTheJournalWasEncryptedUnderIt: another hone encrypts the
// journal while the TUI is open on it with text in the form; the TUI asks
// for the passphrase, and quitting there keeps the text (in the private
// folder beside the journal when the journal refuses it), offered as a
// draft at the next start (it was lost once: the quit said "kept as a
// draft").
func TestTUIDraftWhenTheJournalWasEncryptedUnderIt(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "notes")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today", "Plan review")
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("a long facilitator passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The form open, another window encrypts the journal: the TUI asks
	// for its passphrase (keys typed from then on go into the passphrase),
	// and quitting there keeps the form's text, in the encrypted journal
	// once hone opens it again, never left in plain beside it.
	u.keys("n")
	u.waitFor("Title")
	u.typeText("Typed when it was encrypted")
	u.waitFor("Typed when it was encrypted")
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	u.waitFor("Another hone encrypted the journal")
	u.keys("C-c")
	u.waitExit()

	env := []string{"HONE_PASSPHRASE_FILE=" + pass}
	u = startTUI(t, 100, 30, env, "--db", db)
	u.waitFor("Continue the entry you were writing?")
	u.keys("y")
	u.waitFor("New entry", "Typed when it was encrypted")
	u.keys("C-s")
	u.waitFor("Saved")
	u.keys("q")
	u.waitExit()
	if names, err := os.ReadDir(filepath.Join(dir, ".j.db.edit")); err == nil && len(names) != 0 {
		t.Errorf("plain text stays beside the encrypted journal: %v", names)
	}
	if got := titlesOf(t, db, "--passphrase-file", pass); len(got) != 2 {
		t.Errorf("the encrypted journal holds %q", got)
	}
}

// TestTUIDraftInAFileComesBackFieldByField: when a plain journal refuses
// the entry form's draft as hone quits (another process holds its write
// lock past the timeout), the draft goes to a private file beside it, and
// the next start offers it back with every field in its own field: the
// title in the title, the notes in the notes.
func TestTUIDraftInAFileComesBackFieldByField(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "notes")
	u := startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Today", "Plan review")
	u.keys("n")
	u.waitFor("Title")
	u.typeText("Kept title")
	u.keys("Tab")
	u.typeText("Kept notes, Dvořák")
	u.waitFor("Kept notes")
	release := holdWriteLock(t, db)
	u.keys("C-c")
	u.waitFor("Quit?")
	u.keys("y")
	u.waitExit()
	release()
	edit := filepath.Join(dir, ".j.db.edit")
	if names, err := os.ReadDir(edit); err != nil || len(names) != 1 {
		t.Fatalf("the folder beside the journal holds %v (%v), want the draft's file", names, err)
	}

	u = startTUI(t, 100, 30, nil, "--db", db)
	u.waitFor("Continue the entry you were writing?")
	u.keys("y")
	screen := u.waitFor("New entry", "Kept title", "Kept notes")
	if strings.Contains(screen, "Title:") {
		t.Errorf("the form shows the draft's text labelled in its notes:\n%s", screen)
	}
	u.keys("C-s")
	u.waitFor("Saved")
	u.keys("q")
	u.waitExit()
	entries := listJSON(t, db)
	if len(entries) != 2 || deref(entries[0].Title) != "Kept title" ||
		deref(entries[0].Notes) != "Kept notes, Dvořák" {
		t.Errorf("the journal holds %+v", entries)
	}
	if names, err := os.ReadDir(edit); err == nil && len(names) != 0 {
		t.Errorf("the draft's file stays beside the journal: %v", names)
	}
}
