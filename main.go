// Command hone is a terminal practice journal for Wraparound facilitators.
//
// Package main is the one place that wires the domain (journal), the bbolt
// store (store) and the terminal UI (ui): it parses the command line, opens
// the journal, calls the services, and turns errors into one line on
// standard error and an exit code: 0 on success, 1 on an error, 2 on a usage
// error. main.go holds the root command, the opener and the error handling;
// each command lives in cmd_NAME.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"hone/journal"
	"hone/store"
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
	if slices.Contains(args, cobra.ShellCompRequestCmd) || slices.Contains(args, cobra.ShellCompNoDescRequestCmd) {
		// Only the shell's `hone __complete ...` asks for them: walking
		// the tree to register them cost every other start 0.15 ms.
		a.registerCompletions(root)
	}
	if wantsHelp(args) {
		fitHelp(root, helpWidth())
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(buildVersion()),
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
	accessibleFlag bool
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

// open opens the journal for writing, creating it on first use. The caller
// closes it.
func (a *app) open() (*store.DB, error) { return a.openJournal(false) }

// openJournal opens the journal; readOnly takes bbolt's shared lock, so
// that readers never wait on each other, and never creates a file. A
// journal of an older hone is opened for writing once, to upgrade it.
func (a *app) openJournal(readOnly bool) (*store.DB, error) {
	path, opts, err := a.openOptions()
	if err != nil {
		return nil, err
	}
	opts.ReadOnly = readOnly
	db, err := store.Open(path, opts)
	if readOnly && store.NeedsUpgrade(err) {
		opts.ReadOnly = false
		return store.Open(path, opts)
	}
	return db, err
}

// openShared opens the journal for the full-screen journal, which holds
// no lock between its reads and writes (store.OpenShared), and takes in
// the drafts kept aside beside an encrypted one with its passphrase
// (takeDraftsAside), which is not kept after. When mayRead and the journal
// may be read but not written (store.CannotWrite), it is opened for
// reading only (store.Options.ReadOnly: nothing is created, upgraded or
// taken in), with the passphrase already given, and readOnly is the line
// that says why.
func (a *app) openShared(mayRead bool) (db *store.DB, readOnly string, err error) {
	path, opts, err := a.openOptions()
	if err != nil {
		return nil, "", err
	}
	var pass string
	asked := false
	ask := opts.Passphrase
	opts.Passphrase = func() (string, error) {
		if asked {
			return pass, nil // the read-only open after a refused write
		}
		p, err := ask()
		pass, asked = p, err == nil
		return p, err
	}
	db, err = store.OpenShared(path, opts)
	if mayRead && store.CannotWrite(err) {
		readOnly = journal.ErrorMessage(err)
		opts.ReadOnly = true
		db, err = store.OpenShared(path, opts)
	}
	if err == nil && readOnly == "" && pass != "" && db.Encrypted() {
		a.takeDraftsAside(db, pass)
	}
	return db, readOnly, err
}

// openOptions returns the journal's path and the options that open it.
func (a *app) openOptions() (string, store.Options, error) {
	path, err := a.journalPath()
	if err != nil {
		return "", store.Options{}, err
	}
	return path, store.Options{Now: a.now, Passphrase: func() (string, error) {
		if !a.canAskPassphrase() {
			return "", journal.Errorf(journal.EPASSPHRASE, "%s is encrypted; give its passphrase with --passphrase-file FILE, or run hone in a terminal", path)
		}
		return a.passphrase(false)
	}}, nil
}

// withDB opens the journal for writing, runs f and closes the journal,
// keeping the first error.
func (a *app) withDB(f func(db *store.DB) error) error { return a.with(false, f) }

// withExistingDB is withDB for commands that change what a journal
// already holds: where there is no journal, they say so and make none.
func (a *app) withExistingDB(f func(db *store.DB) error) error {
	path, opts, err := a.openOptions()
	if err != nil {
		return err
	}
	opts.Existing = true
	db, err := store.Open(path, opts)
	if err != nil {
		return err
	}
	return a.closeAfter(db, f)
}

// readDB is withDB for commands that only read: the journal is opened
// read-only (see openJournal).
func (a *app) readDB(f func(db *store.DB) error) error { return a.with(true, f) }

func (a *app) with(readOnly bool, f func(db *store.DB) error) error {
	db, err := a.openJournal(readOnly)
	if err != nil {
		return err
	}
	return a.closeAfter(db, f)
}

// closeAfter runs f with db, then closes db, keeping the first error.
func (a *app) closeAfter(db *store.DB, f func(db *store.DB) error) (err error) {
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
		Example: `  hone add --kind team-meeting --family F12 --rate eng.mi=4 "Plan review"
  hone list -n 10
  hone show 01m89gn0a3gfn1af`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", near[0])
			}
			return usageError{fmt.Errorf("%s (see hone --help)", msg)}
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The full-screen journal reads a journal it may not write,
			// and says so on screen.
			db, readOnly, err := a.openShared(!a.accessible())
			if err != nil {
				return err
			}
			if a.accessible() {
				err = a.runAccessible(db)
			} else {
				err = a.runTUI(db, false, readOnly)
			}
			if cerr := db.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close journal: %w", cerr)
			}
			return err
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "journal file (default $HONE_DB or ~/.local/share/hone/journal.db)")
	root.Flags().BoolVar(&a.accessibleFlag, "accessible", false, "plain prompts, one question a line, no full screen: for a screen reader or a slow link (also HONE_ACCESSIBLE=1)")
	root.PersistentFlags().Bool("no-color", false, "plain output without colour (also NO_COLOR=1)")
	root.PersistentFlags().StringVar(&a.passphraseFile, "passphrase-file", "", "read the passphrase of an encrypted journal or export from this file (or $HONE_PASSPHRASE_FILE)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if near := nearestFlag(cmd, err); near != "" {
			return usageError{fmt.Errorf("%w; did you mean --%s? (see %s --help)", err, near, cmd.CommandPath())}
		}
		return usageError{fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
	})
	root.AddCommand(a.addCommand(), a.listCommand(), a.showCommand(), a.deleteCommand(),
		a.skillsCommand(), a.promptsCommand(), a.driftCommand(), a.prepCommand(), a.goalsCommand(), a.feedbackCommand(),
		a.exportCommand(), a.importCommand(), a.reviewCommand(),
		a.configCommand(), a.backupCommand(), a.restoreCommand(), a.doctorCommand(),
		a.encryptCommand(), a.decryptCommand(), a.changePassphraseCommand(),
		a.genCommand(), a.demoCommand())
	return root
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

// nearestFlag returns the flag of cmd nearest to the unknown long flag that
// err names, or "" when err is another error or no flag is near.
func nearestFlag(cmd *cobra.Command, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if near := journal.Nearest(name, names, 1); len(near) > 0 {
		return near[0]
	}
	return ""
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
	if ferr := store.FileSystemError(err); ferr != nil {
		err = ferr // an error of a file the user can set right, not of hone
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
