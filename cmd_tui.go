package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
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
// writes nothing beside itself: no preparations, exports or log. A
// journal hone may read but not write (db opened read-only) is shown with
// readOnly, the line saying so and how to make it writable: it gets no
// daily backup or check (which may write a mark beside it) and no log.
func (a *app) runTUI(db *store.DB, demo bool, readOnly string) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return journal.Invalid("terminal", "the full-screen journal needs a terminal; in scripts use hone add, hone list and hone show")
	}
	warn, err := privacyWarnings(db)
	if err != nil {
		return err
	}
	opts := ui.Options{
		Now:         a.now,
		JournalPath: db.Path(),
		Changed:     db.Changed,
		Editor:      os.Getenv("EDITOR"),
		DraftDelay:  draftDelay,
		Warn:        warn,
		Demo:        demo,
		ReadOnly:    readOnly,
	}
	// A plain journal's TUI asks for the passphrase too, when another hone
	// encrypts the journal under it (db.Unlock then takes its keys).
	opts.Lock = &ui.LockOptions{Idle: idleLock, Check: db.Unlock, Plain: !db.Encrypted()}
	opts.Encrypted = db.Encrypted()
	backupDone, quit := make(chan error, 1), make(chan struct{})
	if demo || readOnly != "" {
		backupDone <- nil
	}
	if !demo {
		// Files beside the journal: the demo's journal has no folder.
		dir := filepath.Dir(db.Path())
		opts.PrepDir = filepath.Join(dir, "prep")
		opts.EditDir = editDir(db.Path())
		opts.KeepDraftAside = func(d *journal.Draft) error {
			_, err := store.NewEntryService(db).KeepDraftAside(opts.EditDir, d)
			return err
		}
		opts.WriteExport = func(x *journal.Export, format string) (string, error) {
			ext := map[string]string{"md": "md", "html": "html", "csv": "csv"}[format]
			if ext == "" {
				ext = "json"
			}
			var err error
			if x.Journal, err = store.NewConfigService(db).JournalID(); err != nil {
				return "", err
			}
			path := filepath.Join(dir, "exports", "hone-export-"+a.now().Format("2006-01-02-150405")+"."+ext)
			return path, a.writeOutput(path, exportWriter(x, format, a.today()))
		}
		cfg := store.NewConfigService(db)
		opts.Facilitator, opts.SetFacilitator = cfg.FacilitatorName, cfg.SetFacilitatorName
		if readOnly == "" {
			log := newLogFile(filepath.Join(dir, "hone.log"))
			defer log.Close()
			opts.Log = log.Print
		}
	}
	model := ui.New(services(db), opts)
	// hone handles the signals that stop it (below), not Bubble Tea, whose
	// handler quits at once and drops what the form holds.
	p := tea.NewProgram(model, tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithoutSignalHandler())
	if !demo && readOnly == "" {
		go func() {
			// Copying a large journal competes with the first frame and the
			// first keys for the disk and the CPU: wait a little, or until
			// the user quits.
			select {
			case <-time.After(backupDelay):
			case <-quit:
			}
			backupDone <- dailyCheck(db, func(err error) { p.Send(ui.Damaged{Err: err}) })
		}()
	}
	runErr := runUntilHangup(p)
	close(quit)
	if err := <-backupDone; err != nil {
		fmt.Fprintln(a.stderr, "hone: the daily backup failed: "+journal.SafeLine(journal.ErrorMessage(err)))
	}
	if runErr != nil {
		return fmt.Errorf("the full-screen journal stopped: %w", runErr)
	}
	return nil
}

// runUntilHangup runs the TUI p, made with tea.WithoutSignalHandler. A lost
// terminal (SIGHUP), a system stopping (SIGTERM) or kill -INT would end
// hone at once: the TUI is sent ui.Hangup, keeps what its forms hold and
// ends its writes first. (ctrl+c in the terminal is a key, not a signal.)
func runUntilHangup(p *tea.Program) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		if _, ok := <-hup; ok {
			signal.Stop(hup) // a second signal stops hone as it would any program
			p.Send(ui.Hangup{})
		}
	}()
	_, err := p.Run()
	signal.Stop(hup)
	close(hup)
	return err
}

// dailyCheck makes the daily backup of db, which checks every record of its
// copy, or, when none is due, checks every record of a copy of the journal
// (store.DB.Check): damage found is handed to damaged (the TUI's screen
// says it, with what to do) and, as after hone doctor, stops the writes. It
// returns the error the TUI prints as it quits.
func dailyCheck(db *store.DB, damaged func(error)) error {
	path, err := db.AutoBackup(24*time.Hour, 7)
	if path == "" && err == nil {
		err = db.Check()
	}
	if journal.ErrorCode(err) == journal.EDAMAGED {
		damaged(err)
	}
	return err
}

// takeDraftsAside takes into db the drafts a TUI kept aside, sealed, as
// the user quit at its passphrase screen after another hone encrypted the
// journal again under another key (store.EntryService.KeepDraftAside):
// with pass, the passphrase that just opened the journal, and, for those
// it does not open (kept under the passphrase the journal had before),
// with the one from before, asked on the terminal (an empty answer leaves
// them for the next start). A failure is one line on stderr; the start
// goes on.
func (a *app) takeDraftsAside(db *store.DB, pass string) {
	entries := store.NewEntryService(db)
	dir := editDir(db.Path())
	left, err := entries.TakeDraftsAside(dir, pass)
	for left > 0 && err == nil && isTerminal(a.stdin) {
		fmt.Fprintf(a.stderr, "hone: %d draft(s) were kept aside when another hone encrypted the journal again; they open with the passphrase it had before.\n", left)
		old, aerr := a.secret("passphrase", "", "Passphrase from before (enter alone: ask at the next start): ", false)
		if aerr != nil {
			return
		}
		if left, err = entries.TakeDraftsAside(dir, old); err == nil && left > 0 {
			fmt.Fprintln(a.stderr, "hone: that passphrase does not open them either.")
		}
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "hone: the drafts kept aside were not taken in: "+journal.SafeLine(journal.ErrorMessage(err)))
	}
}

// editDir is the private folder beside the journal at path where the TUI
// writes text for $EDITOR: .NAME.edit, one a journal.
func editDir(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".edit")
}

// draftDelay is how long after a change the entry form keeps its text as
// a draft in the journal.
const draftDelay = 2 * time.Second

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

// services are the journal's services for the UI.
func services(db *store.DB) ui.Services {
	return ui.Services{
		Entries:  store.NewEntryService(db),
		Skills:   store.NewSkillService(db),
		Prompts:  store.NewPromptService(db),
		Ratings:  store.NewRatingService(db),
		Goals:    store.NewGoalService(db),
		Drift:    store.NewDriftService(db),
		Feedback: store.NewFeedbackService(db),
	}
}

// privacyWarnings returns the check the UI runs on an entry before it is
// saved: one line per privacy warning, with the journal's watch list.
func privacyWarnings(db *store.DB) (func(*journal.Entry) []string, error) {
	watch, err := store.NewConfigService(db).WatchList()
	if err != nil {
		return nil, err
	}
	checker := journal.NewPrivacyChecker(watch)
	return func(e *journal.Entry) []string {
		var lines []string
		for _, w := range checker.Check(e) {
			lines = append(lines, w.String())
		}
		return lines
	}, nil
}
