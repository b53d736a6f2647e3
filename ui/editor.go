package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Editing notes or an answer in $EDITOR takes three steps, each I/O in a
// command: write the text to a private temporary file, run the editor on it
// with tea.ExecProcess, then read the file back. The file is removed once
// its text is in the form; when it cannot be (more lines than the form
// holds, a file that cannot be read), it is kept and the status line says
// where. Nothing the editor wrote is lost, even when it exits with an
// error: the text comes back below a marked line (editorMarker).

// editorFileMsg reports the temporary file written for the editor.
type editorFileMsg struct {
	path   string
	target stop
	sent   string // the text written to it
	err    error
}

// editorExitMsg reports that the editor exited.
type editorExitMsg struct {
	path   string
	target stop
	sent   string
	err    error
}

// editorDoneMsg carries the edited text, read back from path.
type editorDoneMsg struct {
	text    string
	target  stop
	path    string
	sent    string
	runErr  error // the editor's own failure (a non-zero exit)
	readErr error
}

// editorRemovedMsg reports the editor's file removed, or not.
type editorRemovedMsg struct{ err error }

// editorMarker is the line above text that comes back from an editor that
// exited with an error: the field keeps what it held, then the marker,
// then the editor's text, and the facilitator keeps what they want.
const editorMarker = "--- from the editor, which exited with an error: keep what you want ---"

// editorConfirmedMsg says the user of an encrypted journal agreed to
// open the editor on target.
type editorConfirmedMsg struct{ target stop }

// The user of an encrypted journal is asked, once a session, whether to
// open the editor, which sees the text in plain.
const (
	editorPlainQuestion = "Open your editor on this text? (y/n)"
	editorPlainDetail   = "This journal is encrypted, but your editor sees the text in plain: hone writes it to a private file beside the journal (readable by you only) and removes it when the editor closes, or at its next start if it is stopped before."
)

// openEditor starts editing the focused notes or answer in $EDITOR.
func (f formModel) openEditor(ctx *shared, target stop) tea.Cmd {
	if strings.TrimSpace(ctx.opts.Editor) == "" {
		return showError(journal.Errorf(journal.EINVALID, "set $EDITOR to write in your own editor"))
	}
	if ctx.opts.Encrypted && !ctx.editorWarned {
		return ask(editorPlainQuestion, editorConfirmedMsg{target: target}, editorPlainDetail)
	}
	text := f.textOf(target)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n" // editors expect a last newline
	}
	dir := ctx.opts.EditDir
	return func() tea.Msg {
		path, err := writeTemp(dir, text)
		return editorFileMsg{path: path, target: target, sent: text, err: err}
	}
}

// editFilePrefix starts the name of every file written for the editor,
// followed by the id of the hone process that wrote it.
const editFilePrefix = "edit-"

// writeTemp writes text to a new file in dir (made private, 0700), or in
// the system's temporary folder when dir is "", readable by its owner
// only. Its name carries hone's process id, for rescueEditFiles.
func writeTemp(dir, text string) (string, error) {
	return writeOwnFile(dir, editFilePrefix, ".md", text)
}

// writeOwnFile writes text to a new file in dir (made private, 0700), or
// in the system's temporary folder (its name then starting "hone-") when
// dir is "", readable by its owner only, named prefix PID-RANDOM suffix
// with this hone's process id: a file a hone no longer running left is
// taken in at the next start (rescueEditFiles).
func writeOwnFile(dir, prefix, suffix, text string) (string, error) {
	pattern := prefix + strconv.Itoa(os.Getpid()) + "-*" + suffix
	if dir == "" {
		pattern = "hone-" + pattern
	} else {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("make the editor's folder: %w", err)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return "", fmt.Errorf("make the editor's folder private: %w", err)
		}
	}
	file, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	if err := file.Chmod(0o600); err != nil {
		file.Close()
		os.Remove(file.Name())
		return "", err
	}
	_, err = file.WriteString(text)
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file.Name())
		return "", err
	}
	return file.Name(), nil
}

// readBack reads the edited file; it leaves the file where it is.
func readBack(msg editorExitMsg) tea.Cmd {
	return func() tea.Msg {
		b, err := os.ReadFile(msg.path)
		return editorDoneMsg{text: string(b), target: msg.target, path: msg.path, sent: msg.sent, runErr: msg.err, readErr: err}
	}
}

// removeEditorFile removes the editor's file, its text in the form.
func removeEditorFile(path string) tea.Cmd {
	return func() tea.Msg {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return editorRemovedMsg{err: fmt.Errorf("remove the editor's file: %w", err)}
		}
		return editorRemovedMsg{}
	}
}

func (f formModel) editorUpdate(msg tea.Msg, ctx *shared) (formModel, tea.Cmd) {
	switch msg := msg.(type) {
	case editorFileMsg:
		if msg.err != nil {
			return f, showError(editorError(msg.err))
		}
		args := strings.Fields(ctx.opts.Editor)
		c := exec.Command(args[0], append(args[1:], msg.path)...)
		exit := editorExitMsg{path: msg.path, target: msg.target, sent: msg.sent}
		return f, tea.ExecProcess(c, func(err error) tea.Msg {
			exit.err = err
			return exit
		})
	case editorExitMsg:
		return f, readBack(msg)
	case editorDoneMsg:
		return f.editorDone(msg)
	case editorRemovedMsg:
		if msg.err != nil {
			return f, showError(msg.err)
		}
	case editorConfirmedMsg:
		ctx.editorWarned = true
		return f, f.openEditor(ctx, msg.target)
	}
	return f, nil
}

// rescueEditFiles takes the files in dir that a hone no longer running
// wrote for its editor (killed with the editor open, the connection lost)
// or for a draft the journal refused as it quit (draftOnQuit) into the
// journal as drafts, offered at start like any other, and removes them:
// nothing written is lost, and no text stays beside the journal in plain.
// A draft's file comes back with every field in its own place; an
// editor's file, or a draft's file that cannot be read as one, comes back
// as the notes of a new entry. A file of a hone still running (another
// window on the journal) is left to it; a file whose text cannot be kept
// stays for the next start. Failures go to the log: the start goes on.
func rescueEditFiles(dir string, entries journal.EntryService, now time.Time, log func(error)) {
	if dir == "" {
		return
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			logged(log, fmt.Errorf("read the editor's folder: %w", err))
		}
		return
	}
	for _, d := range names {
		pid, ok := editFilePID(d.Name())
		if !ok {
			pid, ok = draftFilePID(d.Name())
		}
		if !ok || d.IsDir() || pid != os.Getpid() && processRunning(pid) {
			continue
		}
		path := filepath.Join(dir, d.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			logged(log, fmt.Errorf("read a file left for the editor: %w", err))
			continue
		}
		if draft := leftDraft(d, b, now); draft != nil {
			if logged(log, entries.SaveDraft(draft)) != nil {
				continue
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			logged(log, fmt.Errorf("remove a file left for the editor: %w", err))
		}
	}
}

// leftDraft is the draft the file d left in the editor's folder holds, b
// its bytes: the draft it was written from, or its text as the notes of a
// new entry dated the day it was written; nil when it holds no text.
func leftDraft(d os.DirEntry, b []byte, now time.Time) *journal.Draft {
	if _, ok := draftFilePID(d.Name()); ok {
		if draft, err := journal.ReadDraft(bytes.NewReader(b)); err == nil {
			if draft.ID == "" {
				draft.ID = newDraftID(now)
			}
			return draft
		}
	}
	text := strings.TrimRight(string(b), "\n")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	day := now
	if fi, err := d.Info(); err == nil {
		day = fi.ModTime()
	}
	return &journal.Draft{ID: newDraftID(now), Date: day.Format(time.DateOnly), Kind: journal.Kinds[0], Notes: text}
}

// draftFilePrefix starts the name of the file a draft goes to when the
// journal refuses it as hone quits (draftOnQuit), followed by the id of
// the hone process that wrote it: draft-PID-RANDOM.json.
const draftFilePrefix = "draft-"

// draftFilePID returns the process id in the name of a draft's file.
func draftFilePID(name string) (int, bool) { return namedPID(name, draftFilePrefix, ".json") }

// editFilePID returns the process id in the name of a file written for
// the editor (edit-PID-RANDOM.md).
func editFilePID(name string) (int, bool) { return namedPID(name, editFilePrefix, ".md") }

// namedPID returns the process id in the name of a file a hone wrote for
// itself, PREFIX PID-RANDOM SUFFIX (the editor's files, a preparation's
// temporary file): false when name is not one.
func namedPID(name, prefix, suffix string) (int, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok || !strings.HasSuffix(rest, suffix) {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, ok && err == nil && pid > 0
}

// processRunning reports whether process pid runs; where that cannot be
// told, it says it does, and the file waits.
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH)
}

// editorDone puts the editor's text in the field: in place of the field's
// text when the editor succeeded, below it and editorMarker when it
// failed after writing something. Text that cannot go in stays in the
// editor's file, and the status line says where.
func (f formModel) editorDone(msg editorDoneMsg) (formModel, tea.Cmd) {
	switch {
	case errors.Is(msg.readErr, os.ErrNotExist) && msg.runErr != nil:
		return f, showError(editorError(msg.runErr))
	case errors.Is(msg.readErr, os.ErrNotExist):
		return f, showError(journal.Errorf(journal.EINVALID, "the editor removed its file; your text is unchanged"))
	case msg.readErr != nil:
		return f, showError(journal.Errorf(journal.EINVALID,
			"the editor's text could not be read (%v); it is kept in %s", msg.readErr, msg.path))
	}
	text := strings.TrimRight(msg.text, "\n")
	if msg.runErr != nil {
		if text == strings.TrimRight(msg.sent, "\n") {
			return f, tea.Batch(removeEditorFile(msg.path), showError(editorError(msg.runErr)))
		}
		if cur := f.textOf(msg.target); cur != "" {
			text = cur + "\n\n" + editorMarker + "\n" + text
		} else {
			text = editorMarker + "\n" + text
		}
	}
	if n := strings.Count(text, "\n") + 1; n > formMaxLines {
		return f, showError(journal.Errorf(journal.EINVALID,
			"the editor's text is kept in %s: %d lines, more than the form holds (%d)", msg.path, n, formMaxLines))
	}
	f.setText(msg.target, text)
	cmds := []tea.Cmd{removeEditorFile(msg.path), f.focusOn(msg.target)}
	if msg.runErr != nil {
		cmds = append(cmds, send(statusMsg{text: fmt.Sprintf(
			"The editor exited with an error (%v); what it wrote is below a marked line: keep what you want.", msg.runErr)}))
	}
	return f, tea.Batch(cmds...)
}

// editorError words an editor failure for the status line.
func editorError(err error) error {
	return journal.Errorf(journal.EINVALID, "the editor exited with an error (%v); your text is unchanged", err)
}

func (f formModel) textOf(s stop) string {
	if s.field == fieldReflection && s.refl < len(f.refls) {
		return f.refls[s.refl].answer.Value()
	}
	return f.notes.Value()
}

func (f *formModel) setText(s stop, text string) {
	if s.field == fieldReflection {
		if s.refl < len(f.refls) {
			f.refls[s.refl].answer.SetValue(text)
			f.answerChanged(s.refl)
		}
		return
	}
	f.notes.SetValue(text)
	f.notesChanged()
}
