package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Files the TUI writes for the user (a supervision preparation, the
// coach's feedback draft in review mode) are written whole or not at all
// (writePrivateFile): to a temporary file beside the file, renamed over it
// once written. A hone killed part-way leaves that temporary file, which
// holds the file's text in plain (even of an encrypted journal); the next
// start that uses the folder removes it (removeUnfinished). Its name says
// what it is and whose: .NAME.unfinished-PID-RANDOM, an unfinished write
// of NAME by the hone with process id PID.

// unfinishedMark sits between the name of the file a temporary file is
// for and the process id of the hone writing it.
const unfinishedMark = ".unfinished-"

// legacyPrepTempPrefix started the name of every such temporary file of
// older hones (.hone-prep-PID-RANDOM.tmp, whatever it was for); theirs
// are removed too.
const legacyPrepTempPrefix = ".hone-prep-"

// writePrivateFile writes a file that only its owner may read, creating
// its folder (0700) if need be, atomically: a temporary file beside it,
// named for it and for this process (.NAME.unfinished-PID-RANDOM), is
// written, synced and renamed over it.
func writePrivateFile(path string, write func(*os.File) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+unfinishedMark+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// unfinishedPID returns the process id of the hone that wrote the
// temporary file named name (writePrivateFile); false when name is not
// one.
func unfinishedPID(name string) (int, bool) {
	if pid, ok := namedPID(name, legacyPrepTempPrefix, ".tmp"); ok {
		return pid, true
	}
	i := strings.LastIndex(name, unfinishedMark)
	if !strings.HasPrefix(name, ".") || i < 1 {
		return 0, false
	}
	digits, random, ok := strings.Cut(name[i+len(unfinishedMark):], "-")
	pid, err := strconv.Atoi(digits)
	if _, rerr := strconv.ParseUint(random, 10, 64); !ok || err != nil || rerr != nil || pid <= 0 {
		return 0, false
	}
	return pid, true
}

// removeUnfinished removes, in a command, the temporary files of
// writePrivateFile in dirs that a hone no longer running left (killed
// while it wrote one). Those of a hone still running (another window, or
// this one) are its own, being written. Failures go to the log.
func removeUnfinished(dirs []string, log func(error)) tea.Cmd {
	dirs = slices.DeleteFunc(slices.Clone(dirs), func(d string) bool { return d == "" })
	if len(dirs) == 0 {
		return nil
	}
	return func() tea.Msg {
		for _, dir := range dirs {
			names, err := os.ReadDir(dir)
			if err != nil {
				if !errors.Is(err, os.ErrNotExist) {
					logged(log, fmt.Errorf("read %s: %w", dir, err))
				}
				continue
			}
			for _, d := range names {
				pid, ok := unfinishedPID(d.Name())
				if !ok || d.IsDir() || pid == os.Getpid() || processRunning(pid) {
					continue
				}
				if err := os.Remove(filepath.Join(dir, d.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
					logged(log, fmt.Errorf("remove a file a stopped hone left unfinished: %w", err))
				}
			}
		}
		return nil
	}
}
