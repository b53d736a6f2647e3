package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hangUp closes the tmux window hone runs in, as a lost SSH session or a
// closed terminal does (SIGHUP), and waits until hone has ended.
func (u *tui) hangUp() {
	u.t.Helper()
	pid := u.pid()
	if out, err := exec.Command("tmux", "kill-session", "-t", u.session).CombinedOutput(); err != nil {
		u.t.Fatalf("tmux kill-session: %v\n%s", err, out)
	}
	for deadline := time.Now().Add(20 * time.Second); exec.Command("kill", "-0", pid).Run() == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			u.t.Fatalf("hone (pid %s) did not end after its terminal was closed", pid)
		}
	}
}

// TestTUIHangupKeepsSmallForms: text typed in a small form (a learning
// goal, a prompt, a custom skill) when the terminal is lost comes back at
// the next start, in the same form, and saves from there; in an encrypted
// journal too (sealed as the entry form's drafts are). Before, a hangup
// dropped it: only q asked first.
func TestTUIHangupKeepsSmallForms(t *testing.T) {
	forms := []struct {
		name, tab, open string
		ready           string   // the tab shows it once it can open the form
		typed           []string // typed into the fields, tab between
		back            string   // the form's title, shown again
	}{
		{"goal", "5", "g", "Questions to bring", []string{"Ask the youth first at every meeting"}, "Set a learning goal"},
		{"prompt", "4", "a", "to filter by words or tags", []string{"Whose voice was missing today?", "eng.voice"}, "Add a prompt"},
		// Not the form's placeholders ("e.g. team.debrief"): the screen
		// shows those before a key is typed.
		{"skill", "3", "a", "Last rated", []string{"team.huddle", "Huddles after crisis calls"}, "Add a skill"},
	}
	for _, encrypted := range []bool{false, true} {
		for _, f := range forms {
			name := f.name
			if encrypted {
				name += "/encrypted"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				db := filepath.Join(dir, "j.db")
				ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
				var env []string
				if encrypted {
					env = encryptForTUI(t, db)
				}
				u := startTUI(t, 140, 35, env, "--db", db)
				u.waitFor("Plan review")
				u.keys(f.tab)
				u.waitFor(f.ready)
				u.keys(f.open)
				u.waitFor(f.back)
				for i, text := range f.typed {
					if i > 0 {
						u.keys("Tab")
					}
					u.typeText(text)
				}
				u.waitFor(f.typed...)
				u.hangUp()

				if encrypted {
					raw, err := os.ReadFile(db)
					if err != nil {
						t.Fatal(err)
					}
					for _, text := range f.typed {
						if strings.Contains(string(raw), text) {
							t.Errorf("the encrypted journal holds %q in plain text", text)
						}
					}
				}
				u = startTUI(t, 140, 35, env, "--db", db)
				u.waitFor("Continue", "you were writing? (y/n)")
				u.keys("y")
				u.waitFor(append([]string{f.back, "is back"}, f.typed...)...)
				u.keys("Escape")
				u.waitFor("(y/n)")
				u.keys("y")
				u.keys("q")
				u.waitExit()
			})
		}
	}
}

// TestReviewHangupKeepsFeedback: the coach's feedback typed in review mode
// when the terminal is lost is kept in a private file (0600, in a 0700
// folder beside the feedback file) and offered at the next review of the
// same export; taken back, the file goes.
func TestReviewHangupKeepsFeedback(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	export := filepath.Join(dir, "alex.json")
	ok(t, "export", "--db", db, "-o", export)
	u := startTUI(t, 140, 35, nil, "review", export)
	u.waitFor("f write feedback")
	u.keys("f")
	u.waitFor("Feedback for")
	u.keys("Tab", "Tab", "Tab")
	u.typeText("Strong opening with the family")
	u.waitFor("Strong opening with the family")
	u.hangUp()

	draft := filepath.Join(dir, ".hone-drafts", "alex-feedback.json.draft")
	fi, err := os.Stat(draft)
	if err != nil {
		t.Fatalf("the feedback was not kept: %v", err)
	}
	di, err := os.Stat(filepath.Dir(draft))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Errorf("the kept feedback is %v in a folder %v, want 0600 in 0700", fi.Mode().Perm(), di.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, "alex-feedback.json")); err == nil {
		t.Error("a feedback file was written: nothing was saved")
	}

	u = startTUI(t, 140, 35, nil, "review", export)
	u.waitFor("Continue the feedback you were writing for", "(y/n)")
	u.keys("y")
	u.waitFor("Feedback for", "Strong opening with the family")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(draft); os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the kept feedback's file stays after it was taken back")
		}
	}
	u.keys("C-s")
	u.waitFor("saved to")
	u.keys("q")
	u.waitExit()
	if b, err := os.ReadFile(filepath.Join(dir, "alex-feedback.json")); err != nil || !strings.Contains(string(b), "Strong opening with the family") {
		t.Errorf("the feedback file: %v\n%s", err, b)
	}
}

// TestTUIHangupSmallFormWhileLocked: a small form's text kept on a lost
// terminal while another process holds the journal's write lock goes to
// the private file beside a plain journal, and comes back at the next
// start in its own form, not as the notes of an entry.
func TestTUIHangupSmallFormWhileLocked(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "notes")
	u := startTUI(t, 140, 35, nil, "--db", db)
	u.waitFor("Plan review")
	u.keys("5")
	u.waitFor("Questions to bring")
	u.keys("g")
	u.waitFor("Set a learning goal")
	u.typeText("Ask the youth first at every meeting")
	u.waitFor("Ask the youth first at every meeting")
	release := holdWriteLock(t, db)
	u.hangUp()
	release()
	if names, err := os.ReadDir(filepath.Join(dir, ".j.db.edit")); err != nil || len(names) != 1 {
		t.Fatalf("the folder beside the journal holds %v (%v), want the draft's file", names, err)
	}
	u = startTUI(t, 140, 35, nil, "--db", db)
	u.waitFor("Continue a learning goal you were writing? (y/n)")
	u.keys("y")
	u.waitFor("Set a learning goal", "is back", "Ask the youth first at every meeting")
	u.keys("Escape")
	u.waitFor("(y/n)")
	u.keys("y")
	u.keys("q")
	u.waitExit()
	if names, err := os.ReadDir(filepath.Join(dir, ".j.db.edit")); err == nil && len(names) != 0 {
		t.Errorf("the draft's file stays beside the journal: %v", names)
	}
}
