package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPrivateFileNames: the temporary file writePrivateFile writes is
// named for the file it is for and for this hone (.NAME.unfinished-PID-
// RANDOM), is private while written, and is gone once the file is in
// place.
func TestPrivateFileNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".hone-drafts")
	path := filepath.Join(dir, "ana-feedback.json.draft")
	var during string
	err := writePrivateFile(path, func(f *os.File) error {
		during = f.Name()
		fi, err := f.Stat()
		if err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("the temporary file is %v while written, want 0600", fi.Mode().Perm())
		}
		_, err = f.WriteString("the coach's feedback")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	prefix := ".ana-feedback.json.draft.unfinished-" + strconv.Itoa(os.Getpid()) + "-"
	if name := filepath.Base(during); !strings.HasPrefix(name, prefix) {
		t.Errorf("the temporary file is named %q, want %q...", name, prefix)
	}
	if pid, ok := unfinishedPID(filepath.Base(during)); !ok || pid != os.Getpid() {
		t.Errorf("unfinishedPID(%q) = %d, %v", filepath.Base(during), pid, ok)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 1 || names[0].Name() != "ana-feedback.json.draft" {
		t.Errorf("the folder holds %v, want the file alone", names)
	}
}

// TestRemoveUnfinished: in every folder given, the temporary files of a
// hone no longer running are removed; those of a running hone, files
// that only look alike and everything else stay.
func TestRemoveUnfinished(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead, live := strconv.Itoa(gone.Process.Pid), strconv.Itoa(os.Getpid())
	prep, drafts := filepath.Join(t.TempDir(), "prep"), filepath.Join(t.TempDir(), ".hone-drafts")
	removed := []string{
		filepath.Join(prep, ".prep-2026-12-01.md.unfinished-"+dead+"-123"),
		filepath.Join(prep, ".hone-prep-"+dead+"-124.tmp"), // older hones' name
		filepath.Join(drafts, ".ana-feedback.json.draft.unfinished-"+dead+"-125"),
	}
	kept := []string{
		filepath.Join(prep, ".prep-2026-12-01.md.unfinished-"+live+"-126"),
		filepath.Join(drafts, ".ana-feedback.json.draft.unfinished-"+live+"-127"),
		filepath.Join(drafts, "ana-feedback.json.draft"),
		filepath.Join(drafts, "notes.unfinished-"+dead+"-128"),      // not hidden: not hone's
		filepath.Join(drafts, ".notes.unfinished-"+dead+"-x"),       // not hone's random part
		filepath.Join(prep, ".prep-2026-12-01.md.unfinished-"+dead), // no random part
	}
	for _, p := range append(append([]string{}, removed...), kept...) {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("F42's plan"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var logged []error
	cmd := removeUnfinished([]string{prep, "", drafts, filepath.Join(t.TempDir(), "none")}, func(err error) { logged = append(logged, err) })
	cmd()
	for _, p := range removed {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s stays (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if len(logged) != 0 {
		t.Errorf("logged %v", logged)
	}
}
