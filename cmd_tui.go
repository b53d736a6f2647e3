package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
	"hone/store"
	"hone/ui"
)

// runTUI runs the full-screen journal on db until the user quits: db from
// store.OpenShared holds no lock between the TUI's reads and writes, and
// tells the TUI of other processes' writes (Changed). It makes
// the daily automatic backup beside the TUI, shortly after it starts (or as
// it quits), so the first frame never waits for the copy. A demo journal gets no backups and
// writes nothing beside itself: no preparations, exports or log.
func (a *app) runTUI(db *store.DB, demo bool) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return journal.Invalid("terminal", "the full-screen journal needs a terminal; in scripts use hone add, hone list and hone show")
	}
	watch, err := store.NewConfigService(db).WatchList()
	if err != nil {
		return err
	}
	checker := journal.NewPrivacyChecker(watch)
	opts := ui.Options{
		Now:         a.now,
		JournalPath: db.Path(),
		Changed:     db.Changed,
		Editor:      os.Getenv("EDITOR"),
		Warn: func(e *journal.Entry) []string {
			var lines []string
			for _, w := range checker.Check(e) {
				lines = append(lines, w.String())
			}
			return lines
		},
	}
	if db.Encrypted() {
		opts.Lock = &ui.LockOptions{Idle: idleLock, Check: db.CheckPassphrase}
	}
	backupDone, quit := make(chan error, 1), make(chan struct{})
	if demo {
		backupDone <- nil
	} else {
		// Files beside the journal: the demo's journal has no folder.
		dir := filepath.Dir(db.Path())
		opts.PrepDir = filepath.Join(dir, "prep")
		opts.WriteExport = func(x *journal.Export, format string) (string, error) {
			ext := map[string]string{"md": "md", "html": "html", "csv": "csv"}[format]
			if ext == "" {
				ext = "json"
			}
			path := filepath.Join(dir, "exports", "hone-export-"+a.now().Format("2006-01-02-150405")+"."+ext)
			return path, store.WriteFileAtomic(path, exportWriter(x, format, a.today()))
		}
		cfg := store.NewConfigService(db)
		opts.Facilitator, opts.SetFacilitator = cfg.FacilitatorName, cfg.SetFacilitatorName
		log := newLogFile(filepath.Join(dir, "hone.log"))
		defer log.Close()
		opts.Log = log.Print
		go func() {
			// Copying a large journal competes with the first frame and the
			// first keys for the disk and the CPU: wait a little, or until
			// the user quits.
			select {
			case <-time.After(backupDelay):
			case <-quit:
			}
			_, err := db.AutoBackup(24*time.Hour, 7)
			backupDone <- err
		}()
	}
	model := ui.New(ui.Services{
		Entries: store.NewEntryService(db),
		Skills:  store.NewSkillService(db),
		Prompts: store.NewPromptService(db),
		Ratings: store.NewRatingService(db),
		Goals:   store.NewGoalService(db),
		Drift:   store.NewDriftService(db),
	}, opts)
	_, runErr := tea.NewProgram(model, tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run()
	close(quit)
	if err := <-backupDone; err != nil {
		fmt.Fprintln(a.stderr, "hone: the daily backup failed: "+journal.SafeLine(journal.ErrorMessage(err)))
	}
	if runErr != nil {
		return fmt.Errorf("the full-screen journal stopped: %w", runErr)
	}
	return nil
}

// backupDelay is how long the TUI runs before it makes the daily backup.
const backupDelay = 2 * time.Second

// idleLock is how long an encrypted journal's TUI waits for a key before
// it hides the journal behind the passphrase.
const idleLock = 10 * time.Minute

// logFile receives the TUI's internal errors in full, off the UI loop: Print
// hands a line to a goroutine that appends it to the file (0600), opened on
// the first line.
type logFile struct {
	lines chan string
	done  chan struct{}
}

func newLogFile(path string) *logFile {
	l := &logFile{lines: make(chan string, 64), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		var f *os.File
		for line := range l.lines {
			if f == nil {
				var err error
				if f, err = os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err != nil {
					continue // nowhere to log to: the screen has shown the short message
				}
				defer f.Close()
			}
			fmt.Fprintln(f, line)
		}
	}()
	return l
}

// Print logs err with the time; it never blocks the caller.
func (l *logFile) Print(err error) {
	select {
	case l.lines <- time.Now().Format(time.RFC3339) + " " + err.Error():
	default: // the log is behind: drop the line rather than stall the UI
	}
}

// Close flushes the log.
func (l *logFile) Close() {
	close(l.lines)
	<-l.done
}
