package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// editorRun opens the form's notes with text typed, runs script as the
// editor the way tea.ExecProcess would, and hands back its exit. It
// returns the model and the editor's file.
func editorRun(t *testing.T, typed, script string) (Model, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "ed.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, Editor: path, EditDir: filepath.Join(dir, ".edit")})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(100, 30))
	m = keys(t, m, "n", "tab")
	m = typeText(t, m, typed)
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(Model)
	file, ok := cmd().(editorFileMsg)
	if !ok || file.err != nil {
		t.Fatalf("ctrl+e gave %#v", file)
	}
	err := runScript(path, file.path)
	m = run(t, m, send(editorExitMsg{path: file.path, target: file.target, sent: file.sent, err: err}))
	return m, file.path
}

// TestEditorFailureKeepsText: an editor that exits with an error loses
// nothing (issue 17, item 8): what it wrote comes back into the field
// below a marked line, with the text that was there; the file goes only
// once its text is in the form, and is kept, and named, when it cannot be.
func TestEditorFailureKeepsText(t *testing.T) {
	t.Run("WroteThenFailed", func(t *testing.T) {
		m, path := editorRun(t, "First line", "echo 'written in the editor' >> \"$1\"\nexit 1\n")
		got := m.form.notes.Value()
		if !strings.HasPrefix(got, "First line\n") || !strings.Contains(got, editorMarker) ||
			!strings.HasSuffix(got, "First line\nwritten in the editor") {
			t.Errorf("notes = %q, want the text typed, the marker and what the editor wrote", got)
		}
		if s := plain(m); !strings.Contains(s, "exited with an error") || !strings.Contains(s, "marked line") {
			t.Errorf("the status does not say what happened:\n%s", s)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("the editor's file was not removed once its text was in the form: %v", err)
		}
	})
	t.Run("ReplacedThenFailed", func(t *testing.T) {
		m, _ := editorRun(t, "draft", "printf 'all new\\nsecond line\\n' > \"$1\"\nexit 3\n")
		if got, want := m.form.notes.Value(), "draft\n\n"+editorMarker+"\nall new\nsecond line"; got != want {
			t.Errorf("notes = %q, want %q", got, want)
		}
	})
	t.Run("KilledAfterWriting", func(t *testing.T) {
		m, _ := editorRun(t, "", "echo 'half a thought' >> \"$1\"\nkill -9 $$\n")
		if got, want := m.form.notes.Value(), editorMarker+"\nhalf a thought"; got != want {
			t.Errorf("notes = %q, want %q", got, want)
		}
	})
	t.Run("EmptiedThenFailed", func(t *testing.T) {
		m, _ := editorRun(t, "First line", ": > \"$1\"\nexit 1\n")
		if got := m.form.notes.Value(); !strings.HasPrefix(got, "First line\n\n"+editorMarker) {
			t.Errorf("notes = %q, want the text typed kept above the marker", got)
		}
	})
	t.Run("FailedUnchanged", func(t *testing.T) {
		m, path := editorRun(t, "First line", "exit 1\n")
		if got := m.form.notes.Value(); got != "First line" {
			t.Errorf("notes = %q, want them unchanged", got)
		}
		if s := plain(m); !strings.Contains(s, "exited with an error") || !strings.Contains(s, "unchanged") {
			t.Errorf("the status does not say what happened:\n%s", s)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("the editor's file was not removed: %v", err)
		}
	})
	t.Run("RemovedTheFile", func(t *testing.T) {
		m, _ := editorRun(t, "First line", "rm \"$1\"\nexit 1\n")
		if got := m.form.notes.Value(); got != "First line" {
			t.Errorf("notes = %q, want them unchanged", got)
		}
		if s := plain(m); !strings.Contains(s, "unchanged") {
			t.Errorf("the status does not say the notes are unchanged:\n%s", s)
		}
	})
	t.Run("RemovedTheFileOK", func(t *testing.T) {
		m, _ := editorRun(t, "First line", "rm \"$1\"\n")
		if got := m.form.notes.Value(); got != "First line" {
			t.Errorf("notes = %q, want them unchanged", got)
		}
		if s := plain(m); !strings.Contains(s, "removed its file") || strings.Contains(s, "exited with an error") {
			t.Errorf("the status does not say what happened:\n%s", s)
		}
	})
	t.Run("TooLongKept", func(t *testing.T) {
		m, path := editorRun(t, "kept", "i=0; while [ $i -lt 10010 ]; do echo line; i=$((i+1)); done >> \"$1\"\n")
		if got := m.form.notes.Value(); got != "kept" {
			t.Errorf("notes = %d bytes, want %q", len(got), "kept")
		}
		b, err := os.ReadFile(path)
		if err != nil || strings.Count(string(b), "\n") < 10_000 {
			t.Fatalf("the editor's text was not kept in its file (%v, %d bytes)", err, len(b))
		}
		if s := strings.NewReplacer("/ ", "/", "- ", "-").Replace(strings.Join(strings.Fields(plain(m)), " ")); !strings.Contains(s, path) {
			t.Errorf("the status does not say where the text is kept:\n%s", s)
		}
	})
}

// TestEditorFileIsPrivateBesideJournal: ctrl+e writes the text in the
// private folder beside the journal (0700, the file 0600), not in the
// system's temporary folder (issue 17, item 11), and makes a folder that
// is not private private.
func TestEditorFileIsPrivateBesideJournal(t *testing.T) {
	editDir := filepath.Join(t.TempDir(), ".journal.db.edit")
	if err := os.Mkdir(editDir, 0o755); err != nil {
		t.Fatal(err)
	}
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, Editor: "true", EditDir: editDir})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(100, 30))
	m = keys(t, m, "n", "tab")
	m = typeText(t, m, "private words")
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(Model)
	file, ok := cmd().(editorFileMsg)
	if !ok || file.err != nil {
		t.Fatalf("ctrl+e gave %#v", file)
	}
	if got := filepath.Dir(file.path); got != editDir {
		t.Errorf("the editor's file is in %s, want %s", got, editDir)
	}
	if fi, err := os.Stat(editDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the editor's folder: %v, %v; want 0700", fi, err)
	}
	if fi, err := os.Stat(file.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the editor's file: %v, %v; want 0600", fi, err)
	}
	m = run(t, m, send(editorExitMsg{path: file.path, target: file.target, sent: file.sent}))
	if _, err := os.Stat(file.path); !os.IsNotExist(err) {
		t.Errorf("the editor's file stayed: %v", err)
	}
	if got := m.form.notes.Value(); got != "private words" {
		t.Errorf("notes = %q", got)
	}
}

// TestEditorLeftoversRemovedAtStart: a hone killed with the editor open
// leaves its file; the next start takes its text in as a draft, offered
// like any other, and removes the file; it leaves the file of a hone
// still running and files not hone's, and removes an empty one.
func TestEditorLeftoversRemovedAtStart(t *testing.T) {
	editDir := filepath.Join(t.TempDir(), ".journal.db.edit")
	if err := os.Mkdir(editDir, 0o700); err != nil {
		t.Fatal(err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	alive := exec.Command("sleep", "60")
	if err := alive.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { alive.Process.Kill(); alive.Wait() })
	files := map[string]bool{ // name: removed at start
		fmt.Sprintf("edit-%d-123.md", dead.Process.Pid):  true,
		fmt.Sprintf("edit-%d-456.md", os.Getpid()):       true, // this process has no editor open yet
		fmt.Sprintf("edit-%d-789.md", alive.Process.Pid): false,
		"notes.txt":     false,
		"edit-abc-1.md": false,
		"edit-12-1.txt": false,
	}
	for name := range files {
		text := "plain text of a family, " + name + "\n"
		if err := os.WriteFile(filepath.Join(editDir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	empty := fmt.Sprintf("edit-%d-0.md", dead.Process.Pid)
	if err := os.WriteFile(filepath.Join(editDir, empty), []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	files[empty] = true
	j := openJournal(t)
	m := newTestModelWith(t, j.svc, Options{Now: fixedClock, Editor: "true", EditDir: editDir}, 100, 30)
	ds, err := j.svc.Entries.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, d := range ds {
		notes = append(notes, d.Notes)
	}
	slices.Sort(notes)
	want := []string{
		fmt.Sprintf("plain text of a family, edit-%d-123.md", dead.Process.Pid),
		fmt.Sprintf("plain text of a family, edit-%d-456.md", os.Getpid()),
	}
	slices.Sort(want)
	if !slices.Equal(notes, want) {
		t.Errorf("the drafts taken in hold %q, want %q", notes, want)
	}
	if m.question == nil || !strings.Contains(plain(m), "plain text of a family") {
		t.Errorf("the start does not offer the editor's text:\n%s", plain(m))
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(editDir, name))
		if got := os.IsNotExist(err); got != removed {
			t.Errorf("%s: removed %t, want %t (%v)", name, got, removed, err)
		}
	}
}

// TestEditorEncryptedAsksFirst: in an encrypted journal ctrl+e first says
// that the editor sees the text in plain; no leaves the text where it is,
// yes opens the editor, and the question is not asked again.
func TestEditorEncryptedAsksFirst(t *testing.T) {
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, Editor: "true", EditDir: filepath.Join(t.TempDir(), ".j.edit"), Encrypted: true})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(100, 30))
	m = keys(t, m, "n", "tab")
	m = typeText(t, m, "secret")
	m = keys(t, m, "ctrl+e")
	if s := plain(m); !strings.Contains(s, "encrypted") || !strings.Contains(s, "in plain") {
		t.Fatalf("ctrl+e in an encrypted journal does not say the editor sees plain text:\n%s", s)
	}
	next, cmd := m.Update(keyMsg("n"))
	m = next.(Model)
	if cmd != nil {
		if _, ok := cmd().(editorFileMsg); ok {
			t.Fatal("no opened the editor")
		}
	}
	m = keys(t, m, "ctrl+e")
	next, cmd = m.Update(keyMsg("y"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("yes did nothing")
	}
	file, ok := cmd().(editorFileMsg)
	if !ok || file.err != nil || file.sent != "secret\n" {
		t.Fatalf("yes gave %#v", file)
	}
	os.Remove(file.path)
	next, cmd = m.Update(keyMsg("ctrl+e"))
	m = next.(Model)
	if file, ok := cmd().(editorFileMsg); !ok {
		t.Fatalf("the second ctrl+e asked again or did not open the editor: %#v\n%s", file, plain(m))
	} else {
		os.Remove(file.path)
	}
}
