package ui

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

// Editing notes or an answer in $EDITOR takes three steps, each I/O in a
// command: write the text to a private temporary file, run the editor on it
// with tea.ExecProcess, then read the file back and remove it.

// editorFileMsg reports the temporary file written for the editor.
type editorFileMsg struct {
	path   string
	target stop
	err    error
}

// editorExitMsg reports that the editor exited.
type editorExitMsg struct {
	path   string
	target stop
	err    error
}

// editorDoneMsg carries the edited text.
type editorDoneMsg struct {
	text   string
	target stop
	err    error
}

// openEditor starts editing the focused notes or answer in $EDITOR.
func (f formModel) openEditor(ctx *shared, target stop) tea.Cmd {
	if strings.TrimSpace(ctx.opts.Editor) == "" {
		return showError(journal.Errorf(journal.EINVALID, "set $EDITOR to write in your own editor"))
	}
	text := f.textOf(target)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n" // editors expect a last newline
	}
	return func() tea.Msg {
		path, err := writeTemp(text)
		return editorFileMsg{path: path, target: target, err: err}
	}
}

// writeTemp writes text to a new temporary file, readable by its owner
// only.
func writeTemp(text string) (string, error) {
	file, err := os.CreateTemp("", "hone-*.md")
	if err != nil {
		return "", err
	}
	if err := file.Chmod(0o600); err != nil {
		file.Close()
		os.Remove(file.Name())
		return "", err
	}
	_, err = file.WriteString(text)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file.Name())
		return "", err
	}
	return file.Name(), nil
}

// readBack reads the edited file and removes it.
func readBack(path string, target stop, runErr error) tea.Cmd {
	return func() tea.Msg {
		b, err := os.ReadFile(path)
		rmErr := os.Remove(path)
		switch {
		case runErr != nil:
			return editorDoneMsg{target: target, err: runErr}
		case err != nil:
			return editorDoneMsg{target: target, err: err}
		case rmErr != nil && !errors.Is(rmErr, os.ErrNotExist):
			return editorDoneMsg{target: target, text: string(b), err: rmErr}
		}
		return editorDoneMsg{target: target, text: string(b)}
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
		path, target := msg.path, msg.target
		return f, tea.ExecProcess(c, func(err error) tea.Msg {
			return editorExitMsg{path: path, target: target, err: err}
		})
	case editorExitMsg:
		return f, readBack(msg.path, msg.target, msg.err)
	case editorDoneMsg:
		if msg.err != nil && msg.text == "" {
			return f, showError(editorError(msg.err))
		}
		text := strings.TrimRight(msg.text, "\n")
		if n := strings.Count(text, "\n") + 1; n > formMaxLines {
			return f, showError(journal.Errorf(journal.EINVALID,
				"the edited text has %d lines, more than the form can hold (%d); your text here is unchanged", n, formMaxLines))
		}
		f.setText(msg.target, text)
		if msg.err != nil {
			return f, showError(editorError(msg.err))
		}
		return f, f.focusOn(msg.target)
	}
	return f, nil
}

// editorError words an editor failure for the status line.
func editorError(err error) error {
	return journal.Errorf(journal.EINVALID, "the editor failed (%v); your text is unchanged", err)
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
