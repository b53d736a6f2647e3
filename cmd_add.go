package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) addCommand() *cobra.Command {
	var in addInput
	cmd := &cobra.Command{
		Use:   "add [TEXT]",
		Short: "Capture an entry: notes, ratings, tags and reflections",
		Long: `Capture an entry. TEXT becomes the entry's notes; without TEXT, notes are read
from standard input when it is not a terminal. Prints the new entry's id.

When the journal cannot be written (another hone is writing to it, a file
error), nothing typed is lost: the whole entry is printed on standard output
as a hone add command for sh, with the date as a date, to run again later.`,
		Example: `  hone add --family F12 --rate eng.mi=4 --rate team.facil=3 --tag mi \
    "Plan review; dad led the strengths round"
  hone add --date yesterday --kind check-in \
    --reflect rolfe-what="Grandmother joined for the first time"
  echo "notes from a file" | hone add --kind crisis --phase 3`,
		RunE: func(cmd *cobra.Command, args []string) error {
			in.notes = strings.Join(args, " ")
			if len(args) == 0 && !isTerminal(a.stdin) {
				b, err := io.ReadAll(io.LimitReader(a.stdin, journal.MaxNotes+1))
				if err != nil {
					return fmt.Errorf("read notes from standard input: %w", err)
				}
				if len(b) > journal.MaxNotes {
					return journal.Invalid("notes", "standard input holds more than %d MiB; use at most %d MiB", journal.MaxNotes>>20, journal.MaxNotes>>20)
				}
				in.notes, in.piped = string(b), true
			}
			e := &journal.Entry{Family: in.family, Title: in.title, Notes: in.notes}
			var err error
			if e.Date, err = parseDay("date", in.date, a.today()); err != nil {
				return err
			}
			if e.Kind, err = journal.ParseKind(in.kind); err != nil {
				return err
			}
			if e.Phase, err = parsePhase(in.phase); err != nil {
				return err
			}
			if e.Ratings, err = parseRatings(in.rates); err != nil {
				return err
			}
			e.Tags = in.tags
			// Refused before the journal is opened: each --reflect is an
			// answer or an error (parseReflections).
			if strings.TrimSpace(journal.CleanText(e.Notes+e.Title)) == "" && len(e.Ratings) == 0 && len(in.reflects)+len(in.privates) == 0 {
				return journal.Invalid("entry", "there is nothing to save; give notes as TEXT, --title, --rate or --reflect")
			}
			return a.keepEntry(in, e, a.addEntry(e, in.reflects, in.privates))
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.date, "date", "today", "day of the meeting: "+journal.DateForms)
	f.StringVar(&in.kind, "kind", string(journal.KindTeamMeeting), "what happened: "+journal.KindForms())
	f.StringVar(&in.phase, "phase", "0", "Wraparound phase 1-4 (0 for none)")
	f.StringVar(&in.family, "family", "", "family code, never a name (up to 32 characters)")
	f.StringVar(&in.title, "title", "", "a short title (up to 200 characters)")
	f.StringArrayVar(&in.rates, "rate", nil, "rate a skill: "+journal.RatingForm+" (repeatable)")
	f.StringArrayVar(&in.tags, "tag", nil, "a tag of lower-case letters, digits and dashes (repeatable)")
	f.StringArrayVar(&in.reflects, "reflect", nil, "answer a prompt: PROMPT_ID=ANSWER, shared with your coach in exports (repeatable; hone prompts lists them)")
	f.StringArrayVar(&in.privates, "reflect-private", nil, "answer a prompt and keep the answer to yourself: PROMPT_ID=ANSWER, never in a coach-safe export (repeatable)")
	return cmd
}

// addInput is what hone add was given: its flags as typed, and its notes,
// typed as TEXT or piped in.
type addInput struct {
	date, kind, phase, family, title string
	rates, tags, reflects, privates  []string
	notes                            string
	piped                            bool // the notes came on standard input
}

// addEntry saves e with the reflections given as flags. What it needs of
// the journal first (the prompts, the watch list) it reads under the
// shared lock, and the privacy question is asked holding no lock at all, so
// that an open TUI reads and writes on while the user answers; only the
// save itself takes the journal for writing.
func (a *app) addEntry(e *journal.Entry, reflects, privates []string) error {
	var (
		prompts []journal.Prompt
		watch   []string
	)
	read := func(db *store.DB) (err error) {
		if prompts, err = store.NewPromptService(db).Prompts(); err != nil {
			return err
		}
		watch, err = store.NewConfigService(db).WatchList()
		return err
	}
	err := a.readDB(read)
	if journal.ErrorCode(err) == journal.ENOTFOUND {
		err = a.withDB(read) // the first entry: the journal is made
	}
	if err != nil {
		return err
	}
	if e.Reflections, err = parseReflections(reflects, prompts, true); err != nil {
		return err
	}
	private, err := parseReflections(privates, prompts, false)
	if err != nil {
		return err
	}
	e.Reflections = append(e.Reflections, private...)
	if err := a.confirmPrivacy(watch, e); err != nil {
		return err
	}
	return a.withDB(func(db *store.DB) error {
		if err := store.NewEntryService(db).CreateEntry(e); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, e.ID)
		return nil
	})
}

// keepEntry hands an entry that could not be saved back to the user, all
// of it: when the journal could not be opened or written (another hone
// writing, a file error, damage, a passphrase that does not open it), the
// entry goes to standard output as a hone add command for sh, made safe for
// the terminal, with e's date as a date ("yesterday" would be another day
// by then), and err says where it is. Nothing goes to a file: the text of
// an encrypted journal must not lie in plain on disk. A refusal of the
// entry itself (EINVALID) leaves it where it was typed.
func (a *app) keepEntry(in addInput, e *journal.Entry, err error) error {
	code := journal.ErrorCode(err)
	var je *journal.Error
	if err == nil || code == journal.EINVALID && !(errors.As(err, &je) && strings.HasPrefix(je.Field, "passphrase")) {
		return err
	}
	path, perr := a.journalPath()
	if perr == nil {
		path, perr = filepath.Abs(path)
	}
	if perr != nil {
		path = "" // the command then goes to the journal hone finds then
	}
	fmt.Fprintln(a.stdout, addCommandLine(in, e, path, a.passphrasePath()))
	return &journal.Error{Code: code, Message: journal.ErrorMessage(err) +
		"; nothing was saved: the whole entry is printed on standard output as a hone add command for sh; run it once the journal can be written"}
}

// addCommandLine is the hone add command, for a POSIX shell, that adds the
// entry in saves to the journal at path (the one hone finds when path is
// ""): every flag as typed, made safe for
// a terminal and quoted, but the date, e's, as a date. Notes typed as TEXT
// come as TEXT; piped notes are piped in by printf, a shell builtin, which
// no limit on the length of an argument stops; no notes read nothing.
func addCommandLine(in addInput, e *journal.Entry, path, passphraseFile string) string {
	args := []string{"hone", "add"}
	if path != "" {
		args = append(args, "--db", shellQuote(path))
	}
	if passphraseFile != "" {
		if abs, err := filepath.Abs(passphraseFile); err == nil {
			passphraseFile = abs
		}
		args = append(args, "--passphrase-file", shellQuote(passphraseFile))
	}
	args = append(args, "--date", e.Date.String(), "--kind", shellQuote(string(e.Kind)))
	if e.Phase != 0 {
		args = append(args, "--phase", strconv.Itoa(e.Phase))
	}
	flag := func(name string, values ...string) {
		for _, v := range values {
			args = append(args, "--"+name, shellQuote(v))
		}
	}
	if in.family != "" {
		flag("family", in.family)
	}
	if in.title != "" {
		flag("title", in.title)
	}
	flag("rate", in.rates...)
	flag("tag", in.tags...)
	flag("reflect", in.reflects...)
	flag("reflect-private", in.privates...)
	switch {
	case in.piped && in.notes != "":
		return "printf '%s' " + shellQuote(in.notes) + " | " + strings.Join(args, " ")
	case in.notes != "":
		args = append(args, "--", shellQuote(in.notes))
	default:
		args = append(args, "</dev/null")
	}
	return strings.Join(args, " ")
}

// shellQuote returns s made safe for a terminal (journal.SafeText) and
// quoted as one word for a POSIX shell (journal.ShellQuote). Newlines stay
// newlines.
func shellQuote(s string) string { return journal.ShellQuote(journal.SafeText(s)) }

// confirmPrivacy warns about text in e that looks like it identifies a
// family. On a terminal it asks whether to save anyway; otherwise (a script,
// a pipe) it saves and leaves the warnings on standard error, so that
// nothing typed is lost.
func (a *app) confirmPrivacy(watch []string, e *journal.Entry) error {
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
