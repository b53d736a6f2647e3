package ui

import (
	"os"
	"path/filepath"
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
	m := New(j.svc, Options{Now: fixedClock, Editor: path})
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
	t.Run("TooLongKept", func(t *testing.T) {
		m, path := editorRun(t, "kept", "i=0; while [ $i -lt 10010 ]; do echo line; i=$((i+1)); done >> \"$1\"\n")
		if got := m.form.notes.Value(); got != "kept" {
			t.Errorf("notes = %d bytes, want %q", len(got), "kept")
		}
		b, err := os.ReadFile(path)
		if err != nil || strings.Count(string(b), "\n") < 10_000 {
			t.Fatalf("the editor's text was not kept in its file (%v, %d bytes)", err, len(b))
		}
		if s := plain(m); !strings.Contains(s, filepath.Base(path)) {
			t.Errorf("the status does not say where the text is kept:\n%s", s)
		}
	})
}
