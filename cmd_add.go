package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) addCommand() *cobra.Command {
	var (
		date, kind, phase, family, title string
		rates, tags, reflects, privates  []string
	)
	cmd := &cobra.Command{
		Use:   "add [TEXT]",
		Short: "Capture an entry: notes, ratings, tags and reflections",
		Long: `Capture an entry. TEXT becomes the entry's notes; without TEXT, notes are read
from standard input when it is not a terminal. Prints the new entry's id.`,
		Example: `  hone add --family F12 --rate eng.mi=4 --rate team.facil=3 --tag mi \
    "Plan review; dad led the strengths round"
  hone add --date yesterday --kind check-in \
    --reflect rolfe-what="Grandmother joined for the first time"
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
			return a.keepNotes(notes, a.addEntry(e, reflects, privates))
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
	f.StringArrayVar(&reflects, "reflect", nil, "answer a prompt: PROMPT_ID=ANSWER, shared with your coach in exports (repeatable; hone prompts lists them)")
	f.StringArrayVar(&privates, "reflect-private", nil, "answer a prompt and keep the answer to yourself: PROMPT_ID=ANSWER, never in a coach-safe export (repeatable)")
	return cmd
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
	if strings.TrimSpace(journal.CleanText(e.Notes+e.Title)) == "" && len(e.Ratings) == 0 && len(e.Reflections) == 0 { // as saving cleans them
		return journal.Invalid("entry", "there is nothing to save; give notes as TEXT, --title, --rate or --reflect")
	}
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

// keepNotes hands the notes of an entry that could not be saved back to
// the user: when the journal could not be opened or written (locked, a
// file error, damage), they go to standard output, so that notes typed on
// the command line or piped in are never lost, and err says where they
// are. A refusal of the input itself (EINVALID) leaves the notes where
// they were typed.
func (a *app) keepNotes(notes string, err error) error {
	code := journal.ErrorCode(err)
	if err == nil || strings.TrimSpace(notes) == "" || code == journal.EINVALID {
		return err
	}
	fmt.Fprintln(a.stdout, journal.SafeText(notes))
	return &journal.Error{Code: code, Message: journal.ErrorMessage(err) + "; nothing was saved, and your notes are printed on standard output (hone add < FILE adds them again)"}
}

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
