// Command hone is a terminal practice journal for Wraparound facilitators.
//
// main.go is the one place that wires the domain (journal), the bbolt store
// (store) and the terminal UI (ui): it parses the command line, opens the
// journal, calls the services, and turns errors into one line on standard
// error and an exit code: 0 on success, 1 on an error, 2 on a usage error.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"filippo.io/age"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"hone/journal"
	"hone/journal/gen"
	"hone/journal/report"
	"hone/store"
	"hone/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes hone with the given arguments and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if slices.Contains(args, "--no-color") {
		// Read by fang's help and by the TUI through the environment, like
		// NO_COLOR itself.
		os.Setenv("NO_COLOR", "1")
	}
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(buildVersion()),
		fang.WithoutManpage(),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			fmt.Fprintln(w, "hone: "+errorLine(err))
		}))
	switch {
	case err == nil:
		return 0
	case isUsageError(err):
		return 2
	}
	return 1
}

// app holds what every command needs: the streams, the clock and the
// journal path from the flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	dbFlag         string
	passphraseFile string
}

// journalPath returns the journal file to use: --db, then HONE_DB, then the
// XDG default.
func (a *app) journalPath() (string, error) {
	if a.dbFlag != "" {
		return a.dbFlag, nil
	}
	if p := os.Getenv("HONE_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// open opens the journal. The caller closes it.
func (a *app) open() (*store.DB, error) {
	path, err := a.journalPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path, store.Options{Now: a.now, Passphrase: func() (string, error) {
		if !a.canAskPassphrase() {
			return "", journal.Errorf(journal.EPASSPHRASE, "%s is encrypted; give its passphrase with --passphrase-file FILE, or run hone in a terminal", path)
		}
		return a.passphrase(false)
	}})
}

// withDB opens the journal, runs f and closes the journal, keeping the
// first error.
func (a *app) withDB(f func(db *store.DB) error) (err error) {
	db, err := a.open()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close journal: %w", cerr)
		}
	}()
	return f(db)
}

func (a *app) today() journal.Day { return journal.DayOf(a.now()) }

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "hone",
		Short: "A practice journal for Wraparound facilitators",
		Long: `hone is a practice journal for Wraparound facilitators. After a family meeting,
write what happened, rate the skills you used and answer a reflection prompt.
hone keeps it all in one file on this machine and shows which skills are
drifting, improving or going unpractised.

Run hone with no command to open the journal in the terminal.`,
		Example: `  hone add --kind team-meeting --family F12 --rate eng.mi=4 "Plan review went well"
  hone list -n 10
  hone show 01m89gn0a3gfn1af`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error { return a.runTUI(db, false) })
		},
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "journal file (default $HONE_DB or ~/.local/share/hone/journal.db)")
	root.PersistentFlags().Bool("no-color", false, "plain output without colour (also NO_COLOR=1)")
	root.PersistentFlags().StringVar(&a.passphraseFile, "passphrase-file", "", "read the passphrase of an encrypted journal or export from this file (or $HONE_PASSPHRASE_FILE)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
	})
	root.AddCommand(a.addCommand(), a.listCommand(), a.showCommand(), a.deleteCommand(),
		a.skillsCommand(), a.promptsCommand(), a.driftCommand(), a.prepCommand(), a.goalsCommand(),
		a.exportCommand(), a.importCommand(), a.reviewCommand(),
		a.configCommand(), a.backupCommand(), a.restoreCommand(), a.doctorCommand(),
		a.encryptCommand(), a.decryptCommand(), a.changePassphraseCommand(),
		a.genCommand(), a.demoCommand())
	return root
}

// runTUI runs the full-screen journal on db until the user quits. It makes
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

func (a *app) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Try hone on a year of generated entries (your journal is not touched)",
		Long: `Open the full-screen journal on a temporary journal holding about a year of
realistic generated entries for one facilitator, with some skills drifting,
some improving and some gone stale. The temporary journal is deleted on exit.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := os.MkdirTemp("", "hone-demo-")
			if err != nil {
				return fmt.Errorf("make a folder for the demo journal: %w", err)
			}
			defer os.RemoveAll(dir)
			db, err := store.Open(filepath.Join(dir, "demo.db"), store.Options{Now: a.now})
			if err != nil {
				return err
			}
			defer db.Close()
			// The open file lives on without its name, so nothing is left
			// behind even if the demo is killed.
			if err := os.RemoveAll(dir); err != nil {
				return fmt.Errorf("remove the demo journal's folder: %w", err)
			}
			entries := gen.Generate(gen.Options{Entries: demoEntries, Seed: gen.DemoSeed, End: a.today()})
			if _, err := store.NewEntryService(db).ImportEntries(nil, entries); err != nil {
				return err
			}
			return a.runTUI(db, true)
		},
	}
}

// demoEntries is about a year of one facilitator's entries.
const demoEntries = 350

func (a *app) addCommand() *cobra.Command {
	var (
		date, kind, phase, family, title string
		rates, tags, reflects            []string
	)
	cmd := &cobra.Command{
		Use:   "add [TEXT]",
		Short: "Capture an entry: notes, ratings, tags and reflections",
		Long: `Capture an entry. TEXT becomes the entry's notes; without TEXT, notes are read
from standard input when it is not a terminal. Prints the new entry's id.`,
		Example: `  hone add --family F12 --rate eng.mi=4 --rate team.facil=3 --tag mi "Plan review; dad led the strengths round"
  hone add --date yesterday --kind check-in --reflect rolfe-what="Grandmother joined for the first time"
  echo "notes from a file" | hone add --kind crisis --phase 3`,
		RunE: func(cmd *cobra.Command, args []string) error {
			notes := strings.Join(args, " ")
			if len(args) == 0 && !isTerminal(a.stdin) {
				b, err := io.ReadAll(io.LimitReader(a.stdin, journal.MaxNotes+1))
				if err != nil {
					return fmt.Errorf("read notes from standard input: %w", err)
				}
				notes = string(b)
			}
			e := &journal.Entry{Family: family, Title: title, Notes: notes}
			var err error
			if e.Date, err = parseDay("date", date, a.today()); err != nil {
				return err
			}
			if e.Kind, err = journal.ParseKind(kind); err != nil {
				return err
			}
			if e.Phase, err = parsePhase(phase); err != nil {
				return err
			}
			if e.Ratings, err = parseRatings(rates); err != nil {
				return err
			}
			e.Tags = tags
			return a.withDB(func(db *store.DB) error {
				prompts, err := store.NewPromptService(db).Prompts()
				if err != nil {
					return err
				}
				if e.Reflections, err = parseReflections(reflects, prompts); err != nil {
					return err
				}
				if strings.TrimSpace(e.Notes+e.Title) == "" && len(e.Ratings) == 0 && len(e.Reflections) == 0 {
					return journal.Invalid("entry", "there is nothing to save; give notes as TEXT, --title, --rate or --reflect")
				}
				if err := a.confirmPrivacy(db, e); err != nil {
					return err
				}
				if err := store.NewEntryService(db).CreateEntry(e); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, e.ID)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&date, "date", "today", "day of the meeting: "+journal.DateForms)
	f.StringVar(&kind, "kind", string(journal.KindTeamMeeting), "what happened: "+journal.KindForms())
	f.StringVar(&phase, "phase", "0", "Wraparound phase 1-4 (0 for none)")
	f.StringVar(&family, "family", "", "family code, never a name (up to 32 characters)")
	f.StringVar(&title, "title", "", "a short title (up to 200 characters)")
	f.StringArrayVar(&rates, "rate", nil, "rate a skill: "+journal.RatingForm+" (repeatable)")
	f.StringArrayVar(&tags, "tag", nil, "a tag of lower-case letters, digits and dashes (repeatable)")
	f.StringArrayVar(&reflects, "reflect", nil, "answer a prompt: PROMPT_ID=ANSWER (repeatable; hone prompts lists them)")
	return cmd
}

// confirmPrivacy warns about text in e that looks like it identifies a
// family. On a terminal it asks whether to save anyway; otherwise (a script,
// a pipe) it saves and leaves the warnings on standard error, so that
// nothing typed is lost.
func (a *app) confirmPrivacy(db *store.DB, e *journal.Entry) error {
	watch, err := store.NewConfigService(db).WatchList()
	if err != nil {
		return err
	}
	e.Normalize()
	warnings := journal.NewPrivacyChecker(watch).Check(e)
	if len(warnings) == 0 {
		return nil
	}
	for _, w := range warnings {
		fmt.Fprintln(a.stderr, "hone: privacy: "+journal.SafeLine(w.String()))
	}
	if !isTerminal(a.stdin) {
		fmt.Fprintln(a.stderr, "hone: saved anyway; families are safest as codes and roles, without names or contact details")
		return nil
	}
	fmt.Fprint(a.stderr, "Save anyway? [y/N] ")
	answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if ans := strings.ToLower(strings.TrimSpace(answer)); ans != "y" && ans != "yes" {
		return journal.Invalid("privacy", "not saved; take the details out and run the command again")
	}
	return nil
}

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Settings kept in the journal",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	watch := &cobra.Command{
		Use:   "watch",
		Short: "Names hone warns about when they appear in an entry",
		Long: `Keep a list of names (the families you work with, their relatives) that should
never be written into the journal. When an entry you save mentions one, hone
warns you first. The list stays in the journal file, on this machine.`,
		Example: "  hone config watch add Rosa\n  hone config watch list\n  hone config watch remove Rosa",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.listWatch()
		},
	}
	watch.AddCommand(&cobra.Command{
		Use:   "add NAME",
		Short: "Add a name to the watch list",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				name := strings.Join(args, " ")
				if err := store.NewConfigService(db).AddWatchName(name); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, "Watching for "+journal.SafeLine(name)+".")
				return nil
			})
		},
	}, &cobra.Command{
		Use:   "list",
		Short: "List the watched names",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.listWatch()
		},
	}, &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a name from the watch list",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				name := strings.Join(args, " ")
				if err := store.NewConfigService(db).RemoveWatchName(name); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, "No longer watching for "+journal.SafeLine(name)+".")
				return nil
			})
		},
	})
	var clearName bool
	name := &cobra.Command{
		Use:   "name [NAME...]",
		Short: "The name your coach sees on your exports",
		Long: `Keep your name (or initials) in the journal, so that every export you make
carries it and your coach sees whose it is. Without a name, your coach sees
the export's file name. hone export and the export screen (X in the journal)
both use the name kept; hone export --facilitator gives another name for one
export, and --facilitator "" none.

With no NAME, this shows the name kept. --clear forgets it.`,
		Example: "  hone config name Sam Rivera\n  hone config name\n  hone config name --clear",
		Args:    usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if clearName && len(args) > 0 {
				return usageError{errors.New("give a name or --clear, not both (see hone config name --help)")}
			}
			return a.withDB(func(db *store.DB) error {
				cfg := store.NewConfigService(db)
				switch {
				case clearName:
					if err := cfg.SetFacilitatorName(""); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, "Forgot your name: your exports will carry none, and your coach will see their file names.")
					return nil
				case len(args) > 0:
					name, err := journal.NormalizeFacilitator(strings.Join(args, " "))
					if err != nil {
						return err
					}
					if name == "" {
						return journal.Invalid("facilitator", "the name is empty; to forget the name kept, use hone config name --clear")
					}
					if err := cfg.SetFacilitatorName(name); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, "Your exports will carry the name "+journal.SafeLine(name)+".")
					return nil
				}
				name, err := cfg.FacilitatorName()
				if err != nil {
					return err
				}
				if name == "" {
					fmt.Fprintln(a.stderr, "No name is kept: your coach sees each export's file name. Keep one with: hone config name NAME")
					return nil
				}
				fmt.Fprintln(a.stdout, journal.SafeLine(name))
				return nil
			})
		},
	}
	name.Flags().BoolVar(&clearName, "clear", false, "forget the name kept")
	cmd.AddCommand(watch, name)
	return cmd
}

func (a *app) listWatch() error {
	return a.withDB(func(db *store.DB) error {
		names, err := store.NewConfigService(db).WatchList()
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintln(a.stderr, "The watch list is empty. Add a name with: hone config watch add NAME")
		}
		for _, n := range names {
			fmt.Fprintln(a.stdout, journal.SafeLine(n))
		}
		return nil
	})
}

func (a *app) listCommand() *cobra.Command {
	var (
		since, until, skill, tag, kind, family, search string
		limit                                          int
		asJSON                                         bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List entries, newest first",
		Example: `  hone list -n 10
  hone list --since -30d --skill eng.mi
  hone list --tag mi --kind team-meeting --json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := journal.EntryFilter{Tag: journal.NormalizeTag(tag), Family: strings.TrimSpace(family), Search: search}
			today := a.today()
			for _, b := range []struct {
				field, value string
				dst          **journal.Day
			}{{"since", since, &f.Since}, {"until", until, &f.Until}} {
				if b.value == "" {
					continue
				}
				d, err := parseDay(b.field, b.value, today)
				if err != nil {
					return err
				}
				*b.dst = &d
			}
			if kind != "" {
				k, err := journal.ParseKind(kind)
				if err != nil {
					return err
				}
				f.Kind = k
			}
			if limit < 0 {
				return journal.Invalid("-n", "%d is not a number of entries; use 0 for all, or a positive number", limit)
			}
			// On a terminal, a plain list stops at 20 entries unless -n says
			// otherwise, and says so.
			more := false
			f.Limit = limit
			if !cmd.Flags().Changed("n") && !asJSON && isTerminal(a.stdout) {
				f.Limit, more = 21, true
			}
			return a.withDB(func(db *store.DB) error {
				if skill != "" {
					catalog, err := store.NewSkillService(db).Skills()
					if err != nil {
						return err
					}
					f.Skill = strings.ToLower(strings.TrimSpace(skill))
					if err := checkSkill(catalog, f.Skill); err != nil {
						return err
					}
				}
				entries, err := store.NewEntryService(db).FindEntries(f)
				if err != nil {
					return err
				}
				if asJSON {
					records := make([]journal.EntryRecord, len(entries))
					for i, e := range entries {
						records[i] = journal.FullRecord(e)
					}
					return journal.WriteJSON(a.stdout, records)
				}
				if len(entries) == 0 {
					fmt.Fprintln(a.stderr, "No entries match. Add one with: hone add \"what happened\"")
					return nil
				}
				cut := more && len(entries) > 20
				if cut {
					entries = entries[:20]
				}
				if err := journal.WriteEntryList(a.stdout, entries); err != nil {
					return err
				}
				if cut {
					fmt.Fprintln(a.stderr, "Showing the newest 20; use -n N for more, or -n 0 for all.")
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&since, "since", "", "entries on or after this day: "+journal.DateForms)
	fl.StringVar(&until, "until", "", "entries on or before this day")
	fl.StringVar(&skill, "skill", "", "entries that rate this skill")
	fl.StringVar(&tag, "tag", "", "entries with this tag")
	fl.StringVar(&kind, "kind", "", "entries of this kind: "+journal.KindForms())
	fl.StringVar(&family, "family", "", "entries about this family code")
	fl.StringVar(&search, "search", "", "entries whose text contains this")
	fl.IntVarP(&limit, "n", "n", 0, "at most this many entries (0 for all)")
	fl.BoolVar(&asJSON, "json", false, "print a JSON array of entries")
	return cmd
}

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one entry",
		Example: "  hone show 01m89gn0a3gfn1af\n  hone show 01m89gn0 --json",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				e, err := store.NewEntryService(db).FindEntry(args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return journal.WriteJSON(a.stdout, journal.FullRecord(e))
				}
				catalog, err := store.NewSkillService(db).Skills()
				if err != nil {
					return err
				}
				return journal.WriteEntry(a.stdout, e, catalog)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the entry as JSON")
	return cmd
}

func (a *app) deleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "delete ID",
		Short:   "Delete one entry (asks first)",
		Example: "  hone delete 01m89gn0a3gfn1af\n  hone delete 01m89gn0a3gfn1af --yes",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				entries := store.NewEntryService(db)
				e, err := entries.FindEntry(args[0])
				if err != nil {
					return err
				}
				if !yes {
					if !isTerminal(a.stdin) {
						return journal.Invalid("delete", "not deleted; add --yes to delete %s without being asked", e.ID)
					}
					what := journal.SafeLine(e.Title)
					if what == "" {
						what = string(e.Kind)
					}
					fmt.Fprintf(a.stderr, "Delete the entry of %s (%s)? [y/N] ", e.Date.Short(), what)
					answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
					if ans := strings.ToLower(strings.TrimSpace(answer)); ans != "y" && ans != "yes" {
						fmt.Fprintln(a.stderr, "Kept it.")
						return nil
					}
				}
				if err := entries.DeleteEntry(e.ID); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Deleted %s.\n", e.ID)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "delete without asking")
	return cmd
}

func (a *app) skillsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "skills",
		Short: "The skill catalog, with each skill's drift status",
		Example: `  hone skills
  hone skills --json
  hone skills add family.meals --name "Shared meal planning" --key-element "Natural & Community Supports"
  hone skills archive self.doc`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				catalog, drifts, err := analyze(db, a.today())
				if err != nil {
					return err
				}
				bySkill := map[string]journal.Drift{}
				for _, d := range drifts {
					bySkill[d.Skill] = d
				}
				if asJSON {
					return journal.WriteJSON(a.stdout, skillRecords(catalog, bySkill))
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSKILL\tKEY ELEMENT\tSTATUS\tLEVEL\tLAST RATED")
				for _, s := range catalog {
					status, level, last := "archived", "", ""
					if d, ok := bySkill[s.ID]; ok {
						status, level = string(d.Status), d.Level.String()
						if d.Stale {
							status += ", stale"
						}
						if d.Ratings > 0 {
							last = d.LastRated.String()
						}
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", journal.SafeLine(s.ID), journal.SafeLine(s.Name),
						journal.SafeLine(s.KeyElement), status, level, last)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalog as JSON")

	var s journal.Skill
	add := &cobra.Command{
		Use:     "add ID",
		Short:   "Add a skill of your own",
		Example: `  hone skills add family.meals --name "Shared meal planning" --group Teamwork --key-element "Natural & Community Supports"`,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s.ID = args[0]
			return a.withDB(func(db *store.DB) error {
				if err := store.NewSkillService(db).CreateSkill(&s); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Added %s.\n", s.ID)
				return nil
			})
		},
	}
	af := add.Flags()
	af.StringVar(&s.Name, "name", "", "the skill's name (required)")
	af.StringVar(&s.Group, "group", "Custom", "a group to list it under")
	af.StringVar(&s.KeyElement, "key-element", "", "the key element it supports, e.g. Needs-Based")
	af.StringVar(&s.Description, "description", "", "what the skill is")
	af.StringVar(&s.Anchors[0], "anchor1", "", "what a 1 looks like")
	af.StringVar(&s.Anchors[1], "anchor3", "", "what a 3 looks like")
	af.StringVar(&s.Anchors[2], "anchor5", "", "what a 5 looks like")
	cmd.AddCommand(add, a.archiveCommand("archive", true), a.archiveCommand("unarchive", false))
	return cmd
}

func (a *app) archiveCommand(use string, archived bool) *cobra.Command {
	short, done := "Archive a skill: no longer suggested or analysed; its ratings are kept", "Archived"
	if !archived {
		short, done = "Bring an archived skill back", "Restored"
	}
	return &cobra.Command{
		Use:     use + " ID",
		Short:   short,
		Example: "  hone skills " + use + " self.doc",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				id := strings.ToLower(strings.TrimSpace(args[0]))
				if err := store.NewSkillService(db).SetSkillArchived(id, archived); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s.\n", done, id)
				return nil
			})
		},
	}
}

// skillRecord is a skill as `hone skills --json` prints it.
type skillRecord struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Group       string            `json:"group"`
	KeyElement  string            `json:"key_element"`
	Description string            `json:"description"`
	Anchors     map[string]string `json:"anchors"`
	Archived    bool              `json:"archived"`
	Builtin     bool              `json:"builtin"`
	Status      journal.Status    `json:"status,omitempty"` // absent for archived skills
	Stale       *bool             `json:"stale,omitempty"`
	Level       *float64          `json:"level"`
}

func skillRecords(c journal.Catalog, drifts map[string]journal.Drift) []skillRecord {
	out := make([]skillRecord, len(c))
	for i, s := range c {
		out[i] = skillRecord{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement,
			Description: s.Description, Archived: s.Archived, Builtin: s.Builtin,
			Anchors: map[string]string{"1": s.Anchors[0], "3": s.Anchors[1], "5": s.Anchors[2]}}
		if d, ok := drifts[s.ID]; ok {
			r := d.Record(s.Name)
			out[i].Status, out[i].Stale, out[i].Level = d.Status, &r.Stale, r.Level
		}
	}
	return out
}

func (a *app) promptsCommand() *cobra.Command {
	var (
		skill  string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:     "prompts",
		Short:   "The reflection prompt library",
		Example: "  hone prompts --skill eng.mi\n  hone prompts --json\n  hone prompts add --text \"What did the youth teach me today?\" --tag eng.voice",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				prompts, err := store.NewPromptService(db).Prompts()
				if err != nil {
					return err
				}
				if skill != "" {
					catalog, err := store.NewSkillService(db).Skills()
					if err != nil {
						return err
					}
					skill = strings.ToLower(strings.TrimSpace(skill))
					if err := checkSkill(catalog, skill); err != nil {
						return err
					}
					prompts = slices.DeleteFunc(prompts, func(p journal.Prompt) bool { return !p.HasTag(skill) })
				}
				prompts = slices.DeleteFunc(prompts, func(p journal.Prompt) bool { return p.Archived })
				if asJSON {
					return journal.WriteJSON(a.stdout, promptRecords(prompts))
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				for _, p := range prompts {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", journal.SafeLine(p.ID), journal.SafeLine(p.Text), journal.SafeLine(strings.Join(p.Tags, " ")))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&skill, "skill", "", "only prompts for this skill")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the prompts as JSON")

	var p journal.Prompt
	add := &cobra.Command{
		Use:     "add",
		Short:   "Add a prompt of your own",
		Example: `  hone prompts add --text "What did the youth teach me today?" --tag eng.voice --tag phase:3`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				if err := store.NewPromptService(db).CreatePrompt(&p); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, p.ID)
				return nil
			})
		},
	}
	add.Flags().StringVar(&p.Text, "text", "", "the prompt (required)")
	add.Flags().StringArrayVar(&p.Tags, "tag", nil, "a skill id, phase:N or model:step (repeatable)")
	cmd.AddCommand(add)
	return cmd
}

// promptRecord is a prompt as `hone prompts --json` prints it.
type promptRecord struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Tags    []string `json:"tags"`
	Builtin bool     `json:"builtin"`
}

func promptRecords(ps []journal.Prompt) []promptRecord {
	out := make([]promptRecord, len(ps))
	for i, p := range ps {
		tags := p.Tags
		if tags == nil {
			tags = []string{}
		}
		out[i] = promptRecord{ID: p.ID, Text: p.Text, Tags: tags, Builtin: p.Builtin}
	}
	return out
}

func (a *app) backupCommand() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy the journal safely, even while it is in use",
		Long: `Make a consistent copy of the journal. Without -o, the copy goes into the
backups folder beside the journal file. Prints the copy's path.`,
		Example: "  hone backup\n  hone backup -o /media/usb/journal-copy.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				path := out
				if path == "" {
					path = filepath.Join(store.BackupDir(db.Path()), store.BackupName(db.Path(), a.now(), ""))
				}
				if err := db.BackupFile(path); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, path)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the copy to this file")
	return cmd
}

func (a *app) encryptCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "encrypt",
		Short: "Encrypt the journal with a passphrase",
		Long: `Rewrite the journal so that everything you wrote in it is sealed with a key that
your passphrase unlocks. hone then asks for the passphrase at every start (or
reads --passphrase-file). A forgotten passphrase cannot be recovered. Backups
made before stay plain: hone lists them so that you can remove them.`,
		Example: "  hone encrypt\n  hone encrypt --passphrase-file ~/.config/hone/pass",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			pass, err := a.passphrase(true)
			if err != nil {
				return err
			}
			if err := store.Encrypt(path, pass); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Encrypted %s.\n", journal.SafeLine(path))
			plain, err := store.PlainBackups(path)
			if err != nil {
				return err
			}
			if len(plain) > 0 {
				fmt.Fprintln(a.stdout, "These backups were made before and are not encrypted; remove them once you trust the encrypted journal:")
				for _, p := range plain {
					fmt.Fprintln(a.stdout, "  "+journal.SafeLine(p))
				}
			}
			return nil
		},
	}
}

func (a *app) decryptCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "decrypt",
		Short: "Remove the journal's encryption",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			pass, err := a.passphrase(false)
			if err != nil {
				return err
			}
			if err := store.Decrypt(path, pass); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Decrypted %s; it is no longer protected by a passphrase.\n", journal.SafeLine(path))
			return nil
		},
	}
}

func (a *app) changePassphraseCommand() *cobra.Command {
	var newFile string
	cmd := &cobra.Command{
		Use:   "passphrase",
		Short: "Change the passphrase of an encrypted journal",
		Long: `Change the passphrase of an encrypted journal. The current passphrase comes from
the terminal or --passphrase-file, the new one from the terminal or
--new-passphrase-file.`,
		Example: "  hone passphrase\n  hone passphrase --passphrase-file old.txt --new-passphrase-file new.txt",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			old, err := a.secret("passphrase", a.passphrasePath(), "Current passphrase: ", false)
			if err != nil {
				return err
			}
			next, err := a.secret("new-passphrase", newFile, "New passphrase: ", true)
			if err != nil {
				return err
			}
			if err := store.ChangePassphrase(path, old, next); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "Passphrase changed.")
			return nil
		},
	}
	cmd.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from this file")
	return cmd
}

func (a *app) restoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore BACKUP",
		Short: "Put a backup in place of the journal (the current one is kept aside)",
		Long: `Replace the journal with a backup, after checking the backup is healthy. The
journal it replaces, damaged or not, is moved into the backups folder, never
deleted. hone doctor names the newest backup.`,
		Example: "  hone restore ~/.local/share/hone/backups/journal-20261124-090000-auto.db",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			aside, err := store.Restore(path, args[0], a.now())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Restored %s from %s.\n", journal.SafeLine(path), journal.SafeLine(args[0]))
			if aside != "" {
				fmt.Fprintf(a.stdout, "The journal it replaced is kept at %s.\n", journal.SafeLine(aside))
			}
			return nil
		},
	}
}

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the journal file for damage",
		Long: `Check the journal file without changing it: the file's structure, its schema,
every record, and the indexes. Exits 1 when something is wrong and names the
newest backup to restore.`,
		Example: "  hone doctor\n  hone doctor --db ~/old/journal.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			opts := store.DoctorOptions{Timeout: store.MaxTimeout}
			if a.canAskPassphrase() {
				opts.Passphrase = func() (string, error) { return a.passphrase(false) }
			}
			r, err := store.DoctorWith(path, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Journal  %s\n", journal.SafeLine(r.Path))
			if r.OK() {
				if r.RecordsChecked {
					fmt.Fprintf(a.stdout, "Schema   %d\nEntries  %d\nRatings  %d\n", r.Schema, r.Entries, r.Ratings)
				} else {
					fmt.Fprintln(a.stdout, "Records  not checked: the journal is encrypted (give --passphrase-file to check them)")
				}
				fmt.Fprintln(a.stdout, "All checks passed.")
				return nil
			}
			for _, p := range r.Problems {
				fmt.Fprintf(a.stdout, "Problem  %s\n", journal.SafeLine(p))
			}
			if r.Backup != "" {
				return journal.Errorf(journal.EDAMAGED, "%s is damaged; restore the newest backup with: hone restore %s", journal.SafeLine(r.Path), journal.SafeLine(r.Backup))
			}
			return journal.Errorf(journal.EDAMAGED, "%s is damaged and there is no backup beside it", journal.SafeLine(r.Path))
		},
	}
}

func (a *app) driftCommand() *cobra.Command {
	var (
		asOf, skill string
		asJSON      bool
	)
	cmd := &cobra.Command{
		Use:   "drift",
		Short: "Which skills are drifting, improving or going unpractised",
		Long: `Analyse your ratings of every active skill: drifting, watch, improving, steady,
insufficient (too few ratings yet) or dormant (not rated for over 90 days), and
stale when a skill has gone unrated for longer than usual. Each verdict comes
with a sentence that explains it.

` + journal.SelfRatingNote,
		Example: "  hone drift\n  hone drift --skill eng.mi\n  hone drift --as-of 2026-06-30 --json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			day := a.today()
			if asOf != "" {
				var err error
				if day, err = parseDay("as-of", asOf, a.today()); err != nil {
					return err
				}
			}
			return a.withDB(func(db *store.DB) error {
				catalog, drifts, err := analyze(db, day)
				if err != nil {
					return err
				}
				if skill != "" {
					skill = strings.ToLower(strings.TrimSpace(skill))
					if err := checkSkill(catalog, skill); err != nil {
						return err
					}
					drifts = slices.DeleteFunc(drifts, func(d journal.Drift) bool { return d.Skill != skill })
				}
				if asJSON {
					return journal.WriteDriftJSON(a.stdout, catalog, drifts)
				}
				for _, d := range drifts {
					s, _ := catalog.Find(d.Skill)
					status := string(d.Status)
					if d.Stale {
						status += ", stale"
					}
					fmt.Fprintf(a.stdout, "%s  %s  [%s]\n  %s\n\n", journal.SafeLine(d.Skill), journal.SafeLine(s.Name), status, d.Explanation)
				}
				fmt.Fprintln(a.stdout, journal.SelfRatingNote)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "analyse as of this day (default today)")
	cmd.Flags().StringVar(&skill, "skill", "", "only this skill")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the analysis as JSON")
	return cmd
}

// analyze returns the catalog and the drift of every active skill as of
// day: the journal's kept analysis while nothing was written since it was
// made for that day, else analysed afresh (and kept).
func analyze(db *store.DB, day journal.Day) (journal.Catalog, []journal.Drift, error) {
	catalog, err := store.NewSkillService(db).Skills()
	if err != nil {
		return nil, nil, err
	}
	drift, err := store.NewDriftService(db).Drift(day)
	if err != nil {
		return nil, nil, err
	}
	return catalog, drift, nil
}

func (a *app) genCommand() *cobra.Command {
	var (
		entries int
		seed    uint64
		years   float64
	)
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Fill a new journal with generated entries (for demos, tests and benchmarks)",
		Long: `Fill a new journal file with realistic generated entries: families moving
through the phases, ratings with drifting, improving and stale skills, and
reflections. The same seed gives the same journal. Refuses a journal that
already holds entries.`,
		Example: "  hone gen --entries 10000 --db /tmp/ten-years.db\n  hone gen --entries 350 --seed 7 --years 1 --db /tmp/demo.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if entries < 1 || entries > 1_000_000 {
				return journal.Invalid("entries", "%d is not a number of entries; use 1 to 1000000", entries)
			}
			if years < 0 || years > 100 {
				return journal.Invalid("years", "%g is not a span; use 0 (automatic) up to 100 years", years)
			}
			return a.withDB(func(db *store.DB) error {
				es := store.NewEntryService(db)
				existing, err := es.FindEntries(journal.EntryFilter{Limit: 1})
				if err != nil {
					return err
				}
				if len(existing) > 0 {
					return journal.Invalid("db", "%s already holds entries; gen fills only a new journal", db.Path())
				}
				generated := gen.Generate(gen.Options{Entries: entries, Seed: seed, Years: years, End: a.today()})
				for start := 0; start < len(generated); start += genBatch {
					if err := es.CreateEntries(generated[start:min(start+genBatch, len(generated))]); err != nil {
						return err
					}
				}
				fmt.Fprintf(a.stdout, "Generated %d entries from %s to %s in %s.\n", len(generated),
					generated[0].Date, generated[len(generated)-1].Date, db.Path())
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&entries, "entries", 0, "how many entries (required)")
	f.Uint64Var(&seed, "seed", 1, "the same seed gives the same journal")
	f.Float64Var(&years, "years", 0, "span in years, ending today (0: about 350 entries a year, up to 10)")
	return cmd
}

// genBatch is how many generated entries go into one transaction.
const genBatch = 2000

func (a *app) exportCommand() *cobra.Command {
	var (
		format, since, until, out, facilitator string
		full, weekDates, encrypt               bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Share your journal with a coach, safely (or move it, with --full)",
		Long: `Export the journal for your coach. By default the export is coach-safe: ratings,
kinds, phases, dates, tags, the reflections you marked as shared, and the skill
catalog. It holds no notes, no titles and no private reflections, and family
codes become pseudonyms (F1, F2, ...) that mean nothing outside this export.
--week-dates blurs dates to the week. --full exports everything, to move or
archive your own journal (hone import reads it back).

The export carries the name kept with hone config name, so that your coach
sees whose it is; --facilitator gives another name for this export, and
--facilitator "" none.

JSON, CSV and Markdown go to standard output unless -o is given; HTML and
encrypted exports need -o.`,
		Example: `  hone export --since -90d --format html -o coach-report.html
  hone export --week-dates -o for-coach.json
  hone export --full --encrypt -o journal-archive.json.age`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			switch format {
			case "json", "csv", "md", "markdown", "html":
			default:
				return journal.Invalid("format", "%q is not a format; use json, csv, md or html", format)
			}
			if full && weekDates {
				return journal.Invalid("week-dates", "a full export keeps exact dates; leave out --full or --week-dates")
			}
			if out == "" && (format == "html" || encrypt) {
				return journal.Invalid("output", "HTML and encrypted exports go to a file; add -o FILE")
			}
			opts := journal.ExportOptions{Full: full, WeekDates: weekDates, Facilitator: facilitator, Now: a.now()}
			today := a.today()
			for _, b := range []struct {
				field, value string
				dst          **journal.Day
			}{{"since", since, &opts.Since}, {"until", until, &opts.Until}} {
				if b.value != "" {
					d, err := parseDay(b.field, b.value, today)
					if err != nil {
						return err
					}
					*b.dst = &d
				}
			}
			var pass string
			if encrypt {
				var err error
				if pass, err = a.passphrase(true); err != nil {
					return err
				}
			}
			return a.withDB(func(db *store.DB) error {
				if out != "" && store.SameFile(out, db.Path()) {
					return journal.Invalid("output", "%s is the journal itself; choose another file", out)
				}
				if !cmd.Flags().Changed("facilitator") {
					name, err := store.NewConfigService(db).FacilitatorName()
					if err != nil {
						return err
					}
					opts.Facilitator = name
				}
				catalog, err := store.NewSkillService(db).Skills()
				if err != nil {
					return err
				}
				if full {
					if opts.Personal, err = db.Personal(); err != nil {
						return err
					}
				}
				// JSON is written as the entries are read, never all of them
				// in memory; the other formats render a whole export.
				var (
					x *journal.Export
					n journal.ExportCounts
				)
				write := func(w io.Writer) error {
					return store.NewEntryService(db).ViewEntries(opts.Since, opts.Until, func(src journal.EntrySource) (err error) {
						x, n, err = journal.WriteExportJSONFrom(w, src, catalog, opts)
						return err
					})
				}
				if format != "json" {
					entries, err := store.NewEntryService(db).FindEntries(journal.EntryFilter{Since: opts.Since, Until: opts.Until})
					if err != nil {
						return err
					}
					x = journal.BuildExport(entries, catalog, opts)
					n = x.Counts()
					write = exportWriter(x, format, today)
				}
				if encrypt {
					write = sealed(pass, write)
				}
				if out == "" {
					return write(a.stdout)
				}
				if err := store.WriteFileAtomic(out, write); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "Wrote %s: %s\n", out, exportSummary(x, n))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "json", "json, csv, md or html")
	f.StringVar(&since, "since", "", "entries on or after this day")
	f.StringVar(&until, "until", "", "entries on or before this day")
	f.BoolVar(&full, "full", false, "everything, notes and family codes included (for your own use, not for sharing)")
	f.BoolVar(&weekDates, "week-dates", false, "dates as ISO weeks (2026-W10) instead of days")
	f.BoolVar(&encrypt, "encrypt", false, "encrypt the file with a passphrase (age)")
	f.StringVar(&facilitator, "facilitator", "", "your name or initials, shown to the coach (default: the name kept with hone config name; \"\" for none)")
	f.StringVarP(&out, "output", "o", "", "write to this file (mode 0600)")
	return cmd
}

// exportWriter returns what writes x in format: json, csv, md or html.
func exportWriter(x *journal.Export, format string, today journal.Day) func(io.Writer) error {
	return func(w io.Writer) error {
		switch format {
		case "csv":
			return journal.WriteExportCSV(w, x)
		case "md", "markdown":
			return journal.WriteExportMarkdown(w, x, today)
		case "html":
			return report.Write(w, x, today)
		}
		return journal.WriteExportJSON(w, x)
	}
}

// exportSummary says in one line what an export holds, so the facilitator
// sees what leaves the machine.
func exportSummary(x *journal.Export, n journal.ExportCounts) string {
	what := fmt.Sprintf("%d entries, %d ratings, %d reflections", n.Entries, n.Ratings, n.Reflections)
	if x.Full() {
		return what + "; everything, notes and family codes included: keep it to yourself"
	}
	return what + "; " + x.PrivacyStatement()
}

func (a *app) importCommand() *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Merge entries from a full hone export or a jrnl JSON export",
		Long: `Merge entries into the journal from hone's own full exports (hone export --full,
plain or encrypted) or from jrnl's JSON export (jrnl --export json). Entries
are matched by id, so importing the same file twice changes nothing; a newer
version of an entry replaces an older one. A full export's goals, your own
prompts and the watch list come too, each one the journal lacks, and the name
your exports carry when none is kept. If any file is bad, nothing is written.`,
		Example: "  hone import journal-archive.json\n  hone import --from jrnl work.json",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			from = strings.ToLower(strings.TrimSpace(from))
			if from != "hone" && from != "jrnl" {
				return journal.Invalid("from", "%q is not a source; use hone or jrnl", from)
			}
			today := a.today()
			var (
				skills      []journal.Skill
				entries     []*journal.Entry
				personal    journal.Personal
				facilitator string
			)
			for _, name := range args {
				data, err := a.readInput(name)
				if err != nil {
					return err
				}
				var es []*journal.Entry
				if from == "jrnl" {
					es, err = journal.ReadJrnl(bytes.NewReader(data), today)
				} else {
					var x *journal.Export
					if x, err = journal.ReadExport(bytes.NewReader(data)); err == nil {
						if !x.Full() {
							err = journal.Invalid("export", "this is a coach-safe export, without notes or family codes; import reads full exports (hone export --full)")
						} else {
							skills = append(skills, x.Catalog()...)
							facilitator = cmp.Or(facilitator, x.Facilitator)
							// The goals are checked here, against the export's
							// skills, which the import adds where the journal
							// lacks them.
							var p *journal.Personal
							if p, err = x.PersonalData(); err == nil {
								err = p.Normalized().Validate(x.Catalog(), today)
							}
							if err == nil {
								personal.Goals = append(personal.Goals, p.Goals...)
								personal.Prompts = append(personal.Prompts, p.Prompts...)
								personal.WatchList = append(personal.WatchList, p.WatchList...)
								es, err = x.Entries()
							}
						}
					}
				}
				if err != nil {
					return fileError(name, err)
				}
				entries = append(entries, es...)
			}
			return a.withDB(func(db *store.DB) error {
				// A bar on standard error for imports long enough to wait for,
				// when someone is watching.
				var progress io.Writer
				if len(entries) > 4*importBatch && isTerminal(a.stderr) {
					progress = a.stderr
				}
				res, err := importAll(db, skills, entries, today, progress)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Imported %d entries: %d new, %d updated, %d unchanged.\n",
					len(entries), res.Added, res.Updated, res.Unchanged)
				if res.Skills > 0 {
					fmt.Fprintf(a.stdout, "Added %d skills the entries rate.\n", res.Skills)
				}
				pres, err := db.ImportPersonal(&personal, facilitator)
				if err != nil {
					return err
				}
				if line := personalSummary(pres); line != "" {
					fmt.Fprintln(a.stdout, line)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "hone", "hone (a full hone export) or jrnl (jrnl --export json)")
	return cmd
}

// personalSummary says in one line what an import added besides entries
// and skills, or "" when it added nothing.
func personalSummary(r store.PersonalResult) string {
	var added []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{r.Goals, "goal", "goals"}, {r.Prompts, "custom prompt", "custom prompts"}, {r.WatchNames, "name on the watch list", "names on the watch list"}} {
		switch {
		case c.n == 1:
			added = append(added, "1 "+c.one)
		case c.n > 1:
			added = append(added, strconv.Itoa(c.n)+" "+c.many)
		}
	}
	var line string
	if n := len(added); n > 0 {
		line = "Added " + strings.Join(added, ", ") + "."
		if n > 1 {
			line = "Added " + strings.Join(added[:n-1], ", ") + " and " + added[n-1] + "."
		}
	}
	if r.Facilitator != "" {
		line = strings.TrimSpace(line + " Kept the name " + strconv.Quote(r.Facilitator) + " for exports (hone config name).")
	}
	return line
}

// importBatch is how many entries one import transaction writes: bbolt
// slows down sharply in one huge transaction of keys in random order.
const importBatch = 2000

// importAll checks every entry against the journal's catalog (with the
// skills the import brings) before it writes anything, so a bad entry
// leaves the journal untouched, then merges the entries in batches.
func importAll(db *store.DB, skills []journal.Skill, entries []*journal.Entry, today journal.Day, progress io.Writer) (store.ImportResult, error) {
	var total store.ImportResult
	catalog, err := store.NewSkillService(db).Skills()
	if err != nil {
		return total, err
	}
	for _, sk := range skills {
		if _, ok := catalog.Find(sk.ID); !ok {
			catalog = append(catalog, sk)
		}
	}
	for i, e := range entries {
		check := *e
		check.Normalize()
		if err := check.Validate(catalog, today); err != nil {
			return total, fileError(fmt.Sprintf("entry %d (%s)", i+1, e.ID), err)
		}
	}
	es := store.NewEntryService(db)
	for start := 0; start < len(entries) || start == 0; start += importBatch {
		batch := entries[start:min(start+importBatch, len(entries))]
		res, err := es.ImportEntries(skills, batch)
		if err != nil {
			return total, err
		}
		skills = nil // added with the first batch
		if progress != nil {
			fmt.Fprintf(progress, "\rImporting: %s", progressBar(start+len(batch), len(entries)))
		}
		total.Added += res.Added
		total.Updated += res.Updated
		total.Unchanged += res.Unchanged
		total.Skills += res.Skills
	}
	if progress != nil {
		fmt.Fprint(progress, "\r\x1b[K")
	}
	return total, nil
}

// progressBar draws done of total as a bar with a count, for one line of a
// terminal.
func progressBar(done, total int) string {
	const width = 30
	filled := width * done / max(total, 1)
	return "[" + strings.Repeat("#", filled) + strings.Repeat(" ", width-filled) + "] " +
		strconv.Itoa(done) + " of " + strconv.Itoa(total) + " entries"
}

func (a *app) reviewCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "review FILE...",
		Short: "Coach mode: review one or more shared exports, on screen or as a report",
		Long: `Read one or more exports that facilitators shared (plain or encrypted) and show
them in a read-only screen, or write a report with --format: per facilitator,
the drift of every skill with its chart; for a team, how many are drifting,
watching or improving on each skill and what the group could learn together.
Review mode never writes anything but the report you ask for.`,
		Example: "  hone review ana.json ben.json cho.json\n  hone review ana.json ben.json cho.json --format html -o team.html\n  hone review ana.json --format md -o ana.md",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			switch {
			case format == "":
				if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
					return journal.Invalid("terminal", "the review screen needs a terminal; write a report with --format html -o FILE")
				}
			case format != "md" && format != "markdown" && format != "html":
				return journal.Invalid("format", "%q is not a report format; use md or html", format)
			case out == "":
				return journal.Invalid("output", "a review report goes to a file; add -o FILE")
			case len(args) > 1 && format != "html":
				return journal.Invalid("format", "a team report of several exports is HTML; use --format html")
			}
			if format == "" {
				// The screen reads the exports itself, off its loop, so
				// that it shows before they are all in: each is named by
				// its file until its Facilitator is known.
				reviews := make([]ui.Review, len(args))
				for i, name := range args {
					load, err := a.exportLoader(name)
					if err != nil {
						return err
					}
					reviews[i] = ui.Review{Name: filepath.Base(name), Load: load}
				}
				_, err := tea.NewProgram(ui.NewReview(reviews, ui.Options{Now: a.now}),
					tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run()
				if err != nil {
					return fmt.Errorf("the review screen stopped: %w", err)
				}
				return nil
			}
			// Files are read one by one (an encrypted one may ask for its
			// passphrase), then parsed on every core.
			data := make([][]byte, len(args))
			for i, name := range args {
				var err error
				if data[i], err = a.readInput(name); err != nil {
					return err
				}
			}
			exports, err := parseExports(args, data)
			if err != nil {
				return err
			}
			asOf := a.today()
			err = store.WriteFileAtomic(out, func(w io.Writer) error {
				switch {
				case len(exports) > 1:
					return report.WriteTeam(w, exports, asOf)
				case format == "html":
					return report.Write(w, exports[0], asOf)
				}
				return journal.WriteExportMarkdown(w, exports[0], asOf)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s.\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "md or html")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the report to this file")
	return cmd
}

// parseExports reads the exports in data (named by names) in parallel. The
// error is that of the first bad file in the order given.
func parseExports(names []string, data [][]byte) ([]*journal.Export, error) {
	exports := make([]*journal.Export, len(data))
	errs := make([]error, len(data))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(data)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				exports[i], errs[i] = journal.ReadExport(bytes.NewReader(data[i]))
			}
		}()
	}
	for i := range data {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fileError(names[i], err)
		}
	}
	return exports, nil
}

// maxInput bounds the size of a file hone reads in: far above any real
// export, far below what would exhaust memory.
const maxInput = 512 << 20

// openInput opens a file given on the command line. Errors name the file.
func openInput(name string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unreadable(name, errors.Unwrap(err))
	}
	return f, nil
}

// unreadable is the error of a file that could not be read.
func unreadable(name string, err error) error {
	return fileError(name, journal.Errorf(journal.EINVALID, "cannot be read: %v", err))
}

// tooLarge is the error of a file larger than maxInput.
func tooLarge(name string) error {
	return fileError(name, journal.Errorf(journal.EINVALID, "is larger than %d MiB, more than any hone export", maxInput>>20))
}

// readInput reads a file given on the command line, decrypting it when it
// is an age-encrypted export. Errors name the file.
func (a *app) readInput(name string) ([]byte, error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readBounded(f, fileSize(f))
	if err != nil {
		return nil, unreadable(name, err)
	}
	if len(data) > maxInput {
		return nil, tooLarge(name)
	}
	if !isSealed(data) {
		return data, nil
	}
	pass, err := a.passphrase(false)
	if err != nil {
		return nil, err
	}
	plain, err := unseal(pass, data)
	if err != nil {
		return nil, fileError(name, err)
	}
	return plain, nil
}

// readBounded reads r whole, or maxInput+1 bytes of it when it is longer,
// into one buffer made for about size bytes: a buffer grown as it fills
// copies a large export many times over.
func readBounded(r io.Reader, size int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(size, maxInput)+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(r, maxInput+1))
	return buf.Bytes(), err
}

// fileSize is the length of f when it is a regular file, and 0 when it
// has none (a pipe) or cannot tell.
func fileSize(f *os.File) int64 {
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		return st.Size()
	}
	return 0
}

// exportLoader checks that the export file name can be read and returns
// what reads it for review mode. A plain file is read when the loader runs,
// as a stream, with no copy of it kept; an encrypted one is read and
// opened now, as its passphrase is asked before the screen starts.
func (a *app) exportLoader(name string) (func() (*journal.Export, error), error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(sealedHeader))
	n, err := io.ReadFull(f, head)
	fi, statErr := f.Stat()
	f.Close()
	switch {
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		return nil, unreadable(name, err)
	case statErr == nil && fi.Size() > maxInput:
		return nil, tooLarge(name)
	case isSealed(head[:n]):
		data, err := a.readInput(name)
		if err != nil {
			return nil, err
		}
		return func() (*journal.Export, error) { return readExport(name, bytes.NewReader(data)) }, nil
	}
	return func() (*journal.Export, error) {
		f, err := openInput(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readExport(name, f)
	}, nil
}

// readExport reads the export in r, from the file name, which its errors
// name.
func readExport(name string, r io.Reader) (*journal.Export, error) {
	x, err := journal.ReadExport(r)
	if err != nil {
		return nil, fileError(name, err)
	}
	return x, nil
}

// passphrase returns the passphrase of an encrypted journal or export:
// from --passphrase-file or $HONE_PASSPHRASE_FILE, or asked on the terminal
// (twice when confirm is set, for something new).
func (a *app) passphrase(confirm bool) (string, error) {
	return a.secret("passphrase", a.passphrasePath(), "Passphrase: ", confirm)
}

// passphrasePath is the passphrase file named by --passphrase-file or
// $HONE_PASSPHRASE_FILE, or "" for none.
func (a *app) passphrasePath() string {
	if a.passphraseFile != "" {
		return a.passphraseFile
	}
	return os.Getenv("HONE_PASSPHRASE_FILE")
}

// canAskPassphrase reports whether a passphrase can be had without failing:
// from a file, or on the terminal.
func (a *app) canAskPassphrase() bool {
	return a.passphrasePath() != "" || isTerminal(a.stdin)
}

// secret reads a passphrase from file when one is named, else asks on the
// terminal with prompt. field names the flag or input in errors.
func (a *app) secret(field, file, prompt string, confirm bool) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", journal.Invalid(field+"-file", "%s cannot be read: %v", file, errors.Unwrap(err))
		}
		pass := strings.TrimRight(string(b), "\r\n")
		if pass == "" {
			return "", journal.Invalid(field+"-file", "%s is empty", file)
		}
		return pass, nil
	}
	f, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return "", journal.Invalid(field, "a passphrase is needed and there is no terminal to ask; use --%s-file FILE", field)
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.stderr, prompt)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		return string(b), nil
	}
	pass, err := ask(prompt)
	if err != nil {
		return "", err
	}
	if pass == "" {
		return "", journal.Invalid(field, "an empty passphrase protects nothing; type one")
	}
	if confirm {
		again, err := ask("The same again: ")
		if err != nil {
			return "", err
		}
		if again != pass {
			return "", journal.Invalid(field, "the two passphrases differ; nothing was changed")
		}
	}
	return pass, nil
}

// sealed wraps write so that what it writes is encrypted with an age
// passphrase (scrypt) recipient.
func sealed(pass string, write func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		r, err := age.NewScryptRecipient(pass)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		enc, err := age.Encrypt(w, r)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		if err := write(enc); err != nil {
			return err
		}
		return enc.Close()
	}
}

// isSealed reports whether data is an age-encrypted file.
func isSealed(data []byte) bool {
	return bytes.HasPrefix(data, []byte(sealedHeader))
}

// sealedHeader begins every age file.
const sealedHeader = "age-encryption.org/v1\n"

// unseal decrypts an age file encrypted with a passphrase.
func unseal(pass string, data []byte) ([]byte, error) {
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return nil, journal.Invalid("passphrase", "the passphrase does not open this file (or it is not a passphrase-encrypted hone export)")
	}
	plain, err := readBounded(r, int64(len(data))) // a little shorter than the sealed text
	if err != nil {
		return nil, journal.Invalid("file", "the encrypted file is damaged: %v", err)
	}
	return plain, nil
}

// fileError names the file an error is about.
func fileError(name string, err error) error {
	var e *journal.Error
	if errors.As(err, &e) {
		field := name
		if e.Field != "" {
			field += ": " + e.Field
		}
		return &journal.Error{Code: e.Code, Field: field, Message: e.Message}
	}
	return fmt.Errorf("%s: %w", name, err)
}

func (a *app) prepCommand() *cobra.Command {
	var (
		since, asOf, out string
		days             int
	)
	cmd := &cobra.Command{
		Use:   "prep",
		Short: "Prepare for supervision: the period's drift, reflections, goals and questions",
		Long: `Write a supervision preparation in Markdown for a period (the last 30 days by
default): entries by kind and phase, skills practised, every drifting, watch,
improving and stale skill with its explanation, the period's reflections
(starred ones first), your learning goals and how their skills were rated
since, the latest self-assessment compared with the one before, and up to
three questions to bring. It holds private reflections: it is for you and your
supervisor. No notes, titles or family codes.`,
		Example: "  hone prep\n  hone prep --days 14 -o prep.md\n  hone prep --since 2026-10-01 --as-of 2026-10-31",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("since") && cmd.Flags().Changed("days") {
				return usageError{errors.New("give --since or --days, not both (see hone prep --help)")}
			}
			end := a.today()
			if asOf != "" {
				var err error
				if end, err = parseDay("as-of", asOf, a.today()); err != nil {
					return err
				}
			}
			if days < 1 || days > 3660 {
				return journal.Invalid("days", "%d is not a number of days; use 1 to 3660", days)
			}
			start := end - journal.Day(days-1)
			if since != "" {
				var err error
				if start, err = parseDay("since", since, a.today()); err != nil {
					return err
				}
				if start > end {
					return journal.Invalid("since", "%s is after the as-of day %s", start, end)
				}
			}
			return a.withDB(func(db *store.DB) error {
				entries := store.NewEntryService(db)
				period, err := entries.FindEntries(journal.EntryFilter{Since: &start, Until: &end})
				if err != nil {
					return err
				}
				selfs, err := entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
				if err != nil {
					return err
				}
				catalog, err := store.NewSkillService(db).Skills()
				if err != nil {
					return err
				}
				ratings, err := store.NewRatingService(db).Ratings()
				if err != nil {
					return err
				}
				goals, err := store.NewGoalService(db).Goals()
				if err != nil {
					return err
				}
				p := journal.BuildPrep(period, catalog, ratings, goals,
					journal.PrepOptions{Since: start, AsOf: end, SelfAssessments: selfs})
				write := func(w io.Writer) error { return journal.WritePrepMarkdown(w, p) }
				if out == "" {
					return write(a.stdout)
				}
				if store.SameFile(out, db.Path()) {
					return journal.Invalid("output", "%s is the journal itself; choose another file", out)
				}
				if err := store.WriteFileAtomic(out, write); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "Wrote %s (it holds private reflections: for you and your supervisor).\n", out)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", "the period starts on this day")
	f.IntVar(&days, "days", 30, "the period is this many days up to the as-of day")
	f.StringVar(&asOf, "as-of", "", "the period ends on this day (default today)")
	f.StringVarP(&out, "output", "o", "", "write the preparation to this file (mode 0600)")
	return cmd
}

func (a *app) goalsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "goals",
		Short: "Learning goals for the next supervision period",
		Long: `Set one to three learning goals for a supervision period, each tied to the
skills it is about. hone prep shows how those skills were rated since. Close a
goal when it is met or let go (hone goals done): hone keeps the day, and the
preparation of the period it falls in lists the goal as closed on that day.`,
		Example: `  hone goals add "Reflect more than I ask in the first ten minutes" --skill eng.mi
  hone goals
  hone goals done 1`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				goals, err := store.NewGoalService(db).Goals()
				if err != nil {
					return err
				}
				if len(goals) == 0 {
					fmt.Fprintln(a.stderr, "No goals yet. Set one with: hone goals add \"...\" --skill eng.mi")
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				for _, g := range goals {
					state := "open"
					switch {
					case g.Done && g.Closed != 0:
						state = "done " + g.Closed.String()
					case g.Done:
						state = "done"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", g.ID, g.Set, state, journal.SafeLine(g.Text), journal.SafeLine(strings.Join(g.Skills, " ")))
				}
				return tw.Flush()
			})
		},
	}
	var skills []string
	add := &cobra.Command{
		Use:     "add TEXT",
		Short:   "Set a learning goal",
		Example: `  hone goals add "Plan for transition from the first meeting" --skill plan.transition`,
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				g := &journal.Goal{Text: strings.Join(args, " "), Skills: skills, Set: a.today()}
				if err := store.NewGoalService(db).CreateGoal(g); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Goal %s set.\n", g.ID)
				return nil
			})
		},
	}
	add.Flags().StringArrayVar(&skills, "skill", nil, "a skill the goal is about (repeatable)")
	for _, c := range []struct {
		use, short, done string
		value            bool
	}{{"done", "Close a goal: met, or let go", "closed", true}, {"reopen", "Open a closed goal again", "reopened", false}} {
		add := &cobra.Command{
			Use:   c.use + " ID",
			Short: c.short,
			Args:  usageArgs(cobra.ExactArgs(1)),
			RunE: func(cmd *cobra.Command, args []string) error {
				return a.withDB(func(db *store.DB) error {
					g, err := store.NewGoalService(db).SetGoalDone(args[0], c.value)
					if err != nil {
						return err
					}
					if g.Done && g.Closed != 0 {
						fmt.Fprintf(a.stdout, "Goal %s closed on %s.\n", g.ID, g.Closed.Short())
						return nil
					}
					fmt.Fprintf(a.stdout, "Goal %s %s.\n", g.ID, c.done)
					return nil
				})
			},
		}
		cmd.AddCommand(add)
	}
	cmd.AddCommand(add)
	return cmd
}

// parseDay parses a date flag and names the flag in its error.
func parseDay(field, s string, today journal.Day) (journal.Day, error) {
	d, err := journal.ParseDay(s, today)
	if err != nil {
		return 0, journal.Invalid(field, "%s", journal.ErrorMessage(err))
	}
	return d, nil
}

func parsePhase(s string) (int, error) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "phase")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > journal.MaxPhase {
		return 0, journal.Invalid("phase", "%q is not a phase; use 1, 2, 3 or 4, or 0 for none", s)
	}
	return n, nil
}

func parseRatings(values []string) (map[string]int, error) {
	ratings := map[string]int{}
	for _, v := range values {
		id, n, err := journal.ParseRating(v)
		if err != nil {
			return nil, err
		}
		if _, dup := ratings[id]; dup {
			return nil, journal.Invalid("rating", "%s is rated twice; rate each skill once", id)
		}
		ratings[id] = n
	}
	return ratings, nil
}

// parseReflections reads --reflect PROMPT_ID=ANSWER values against the
// prompt library.
func parseReflections(values []string, prompts []journal.Prompt) ([]journal.Reflection, error) {
	var out []journal.Reflection
	for _, v := range values {
		id, answer, ok := strings.Cut(v, "=")
		id = strings.ToLower(strings.TrimSpace(id))
		if !ok || id == "" || strings.TrimSpace(answer) == "" {
			return nil, journal.Invalid("reflect", "%q is not a reflection; use PROMPT_ID=ANSWER, e.g. rolfe-what=\"...\"", v)
		}
		i := slices.IndexFunc(prompts, func(p journal.Prompt) bool { return p.ID == id })
		if i < 0 {
			return nil, journal.Invalid("reflect", "unknown prompt %q (hone prompts lists them)", id)
		}
		out = append(out, journal.Reflection{PromptID: id, Prompt: prompts[i].Text, Answer: answer, Shared: true})
	}
	return out, nil
}

// checkSkill refuses a skill id the catalog does not know, suggesting the
// nearest ones.
func checkSkill(c journal.Catalog, id string) error {
	if err := c.CheckRating(id, 1); err != nil {
		var e *journal.Error
		if errors.As(err, &e) {
			e.Field = "skill"
		}
		return err
	}
	return nil
}

// usageError marks a command-line usage error: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// usageArgs wraps a cobra argument check so that its errors are usage
// errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
		}
		return nil
	}
}

func isUsageError(err error) bool {
	var u usageError
	return errors.As(err, &u) || strings.HasPrefix(err.Error(), "unknown command")
}

// errorLine returns the one line hone prints for err.
func errorLine(err error) string {
	var u usageError
	if errors.As(err, &u) {
		return journal.SafeLine(u.Error())
	}
	if strings.HasPrefix(err.Error(), "unknown command") {
		return journal.SafeLine(err.Error()) + " (see hone --help)"
	}
	return journal.SafeLine(journal.ErrorMessage(err))
}

func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(f.Fd())
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
