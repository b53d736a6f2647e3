package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) feedbackCommand() *cobra.Command {
	var (
		skill           string
		asJSON, onlyNew bool
	)
	cmd := &cobra.Command{
		Use:   "feedback",
		Short: "Your coach's feedback: notes and observed ratings, beside your own ratings",
		Long: `List the feedback your coach sent (hone import FEEDBACK.json brings it in),
newest day first: notes on a skill or in general, and observed ratings of a
meeting your coach saw, each beside your own ratings of that skill in the
week either side of that day. Observed ratings never change your drift.

Feedback that came in since you last saw it is marked new, here and on
hone's Today. Listing it all here counts as seeing it: the next hone no
longer calls it new. --new lists only what is new; --skill and --json
list without marking anything seen (for a look at one skill, and for
scripts).

A coach writes feedback with hone feedback add, answering your export; no
journal is needed for that.`,
		Example: "  hone feedback\n  hone feedback --new\n  hone feedback --skill team.facil --json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			// It may mark what it lists as seen, so it opens the journal
			// for writing; where there is none, it says so and makes none.
			return a.withExistingDB(func(db *store.DB) error {
				fb := store.NewFeedbackService(db)
				items, err := fb.Feedback()
				if err != nil {
					return err
				}
				unseen, err := fb.NewFeedback()
				if err != nil {
					return err
				}
				if onlyNew {
					items = unseen
				}
				catalog, err := store.NewSkillService(db).Skills()
				if err != nil {
					return err
				}
				if skill != "" {
					if skill, err = skillFlag(catalog, skill); err != nil {
						return err
					}
					items = slices.DeleteFunc(items, func(f journal.Feedback) bool { return f.Skill != skill })
				}
				ratings, err := store.NewRatingService(db).Ratings()
				if err != nil {
					return err
				}
				if asJSON {
					recs := make([]journal.FeedbackRecord, len(items))
					for i := range items {
						recs[i] = items[i].Record(ratings)
					}
					return journal.WriteJSON(a.stdout, recs)
				}
				if onlyNew && len(items) == 0 {
					fmt.Fprintln(a.stdout, "Nothing new from your coach since you last looked; hone feedback lists it all.")
					return nil
				}
				isNew := make(map[string]bool, len(unseen))
				for _, f := range unseen {
					isNew[f.ID] = true
				}
				journal.WriteFeedbackList(a.stdout, items, isNew, catalog, ratings, a.today())
				if skill == "" && len(unseen) > 0 {
					// All of it was listed: it has been seen. A journal that
					// cannot be written keeps it new, and says so.
					if err := fb.MarkFeedbackSeen(journal.LatestFeedback(unseen)); err != nil {
						fmt.Fprintf(a.stderr, "hone: the feedback stays marked new: %s\n", journal.ErrorMessage(err))
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&skill, "skill", "", "only feedback on this skill")
	cmd.Flags().BoolVar(&onlyNew, "new", false, "only the feedback that came in since you last saw it")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the feedback as JSON")
	cmd.AddCommand(a.feedbackAddCommand())
	return cmd
}

func (a *app) feedbackAddCommand() *cobra.Command {
	var (
		export, out, skill, day, coach string
		observed                       int
		encrypt                        bool
	)
	cmd := &cobra.Command{
		Use:   "add [NOTE]",
		Short: "Write feedback for a facilitator, answering their export (no journal needed)",
		Long: `Add one item of feedback to a feedback file that answers a facilitator's export:
a note (on a skill with --skill, or in general), an observed rating of a
meeting you saw (--skill, --observed 1-5 on the skill's anchors, --day of the
meeting), or both. The file is created, or extended when it exists; it is
readable by you alone, and --encrypt seals it with a passphrase as exports
are. Prints the new item's id. Send the file back: the facilitator runs
hone import FEEDBACK.json, and it shows in their hone feedback and hone prep.
This needs no journal of your own.`,
		Example: `  hone feedback add --export ana.json -o ana-feedback.json \
    --skill team.facil --observed 3 --day 2026-11-20 "The round worked."
  hone feedback add --export ana.json -o ana-feedback.json --coach Chloe \
    "Good to see you with the grandmother."`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if export == "" {
				return usageError{errors.New("give the export this feedback answers: --export EXPORT.json (see hone feedback add --help)")}
			}
			if out == "" {
				return usageError{errors.New("give the feedback file to write or extend: -o FEEDBACK.json (see hone feedback add --help)")}
			}
			if store.SameFile(out, export) {
				return journal.Invalid("output", "%s is the export itself; choose another file for the feedback", out)
			}
			today := a.today()
			f := journal.Feedback{Skill: skill, Observed: observed, Note: strings.Join(args, " "), Coach: coach}
			if cmd.Flags().Changed("observed") && observed == 0 {
				return journal.Invalid("observed", "0 is outside 1-5; rate on the skill's anchors, 1 to 5")
			}
			f.Day = today
			if day != "" {
				var err error
				if f.Day, err = parseDay("day", day, today); err != nil {
					return err
				}
			}
			if f.Day > today+1 {
				return journal.Invalid("day", "%s is in the future; give the day of the meeting you saw", f.Day)
			}
			// The item first, so that a mistake is named before any
			// passphrase is asked for.
			check := f
			check.ID = "check"
			check.Normalize()
			if err := check.Validate(); err != nil {
				return err
			}
			data, err := a.readInput(export)
			if err != nil {
				return err
			}
			x, err := readExport(export, bytes.NewReader(data))
			if err != nil {
				return err
			}
			if x.Journal == "" {
				return fileError(export, journal.Invalid("journal", "missing: this export was made by an older hone, so feedback could not find its journal; ask for a new export"))
			}
			if f.ID, err = journal.NewID(a.now(), rand.Reader); err != nil {
				return fmt.Errorf("make the item id: %w", err)
			}

			if err := a.checkOutput(out); err != nil {
				return err
			}
			if samePath(out, export) || store.SameFile(out, export) {
				return journal.Invalid("output", "%s is the export read; choose another file", out)
			}
			// The file as it is, when it exists: its items stay as they are.
			var file *journal.FeedbackFile
			var pass string
			raw, err := os.ReadFile(out)
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return unreadable(out, errors.Unwrap(err))
			default:
				if isSealed(raw) {
					if pass, err = a.passphrase(false); err != nil {
						return err
					}
					if raw, err = unseal(pass, raw); err != nil {
						return fileError(out, err)
					}
				}
				if file, err = journal.ReadFeedback(bytes.NewReader(raw)); err != nil {
					return fileError(out, err)
				}
				if file.Journal != x.Journal {
					return fileError(out, journal.Invalid("journal", "this feedback file answers another journal's export (%s), not %s's (%s); write to another file", file.Journal, export, x.Journal))
				}
			}
			if file, err = journal.AddFeedback(file, x, f, a.now()); err != nil {
				if e := (*journal.Error)(nil); errors.As(err, &e) && e.Field == "items" {
					return fileError(out, err) // the file is full
				}
				return err
			}
			if encrypt && pass == "" {
				if pass, err = a.passphrase(true); err != nil {
					return err
				}
			}
			write := func(w io.Writer) error { return journal.WriteFeedback(w, file) }
			if pass != "" {
				write = sealed(pass, write)
			}
			if err := a.writeOutput(out, write); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, f.ID)
			whose := "the facilitator"
			if file.Facilitator != "" {
				whose = journal.SafeLine(file.Facilitator)
			}
			fmt.Fprintf(a.stderr, "Wrote %s (%s). Send it to %s, who runs: hone import %s\n",
				journal.SafeLine(out), countItems(len(file.Items)), whose, journal.SafeLine(shellWord(out)))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&export, "export", "", "the facilitator's export this feedback answers (JSON, plain or encrypted)")
	fl.StringVarP(&out, "output", "o", "", "the feedback file to create or extend (mode 0600)")
	fl.StringVar(&skill, "skill", "", "the skill the note or observed rating is about (an id of the export's skills)")
	fl.IntVar(&observed, "observed", 0, "your rating, 1-5 on the skill's anchors, of a meeting you saw (needs --skill)")
	fl.StringVar(&day, "day", "", "the day of the meeting you saw (default today)")
	fl.StringVar(&coach, "coach", "", "your name, as the facilitator will see it")
	fl.BoolVar(&encrypt, "encrypt", false, "encrypt the feedback file with a passphrase (age)")
	return cmd
}

// countItems says how many items a feedback file holds.
func countItems(n int) string {
	if n == 1 {
		return "1 item"
	}
	return strconv.Itoa(n) + " items"
}

// shellWord quotes a file name for a command line shown to people, when it
// needs quoting.
func shellWord(s string) string {
	s = journal.SafeLine(s)
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./~+=:,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// feedbackFile is a feedback file given to hone import.
type feedbackFile struct {
	name string
	file *journal.FeedbackFile
}

// readFeedbackFile reads the feedback file name, whose content is data.
func readFeedbackFile(name string, data []byte) (feedbackFile, error) {
	x, err := journal.ReadFeedback(bytes.NewReader(data))
	if err != nil {
		return feedbackFile{}, fileError(name, err)
	}
	return feedbackFile{name, x}, nil
}

// checkFeedbackFiles checks, before an import writes anything, that every
// feedback file answers this journal and names only skills it knows. The
// journal's id is the one it keeps, or movedID, the id of the full export
// the import moves into it when fresh (ConfigService.Fresh); its catalog
// gains the skills the import brings. The error names the file.
func checkFeedbackFiles(db *store.DB, files []feedbackFile, skills []journal.Skill, fresh bool, movedID string, today journal.Day) error {
	if len(files) == 0 {
		return nil
	}
	id, err := store.NewConfigService(db).KeptJournalID()
	if err != nil {
		return err
	}
	if fresh && movedID != "" {
		id = movedID
	}
	catalog, err := store.NewSkillService(db).Skills()
	if err != nil {
		return err
	}
	for _, sk := range skills {
		if _, ok := catalog.Find(sk.ID); !ok {
			catalog = append(catalog, sk)
		}
	}
	for _, ff := range files {
		switch {
		case id == "":
			return fileError(ff.name, journal.Invalid("journal", "this feedback answers another journal: this one has never been exported, so no coach has its id; import it into the journal whose export the coach answered"))
		case ff.file.Journal != id:
			return fileError(ff.name, journal.Invalid("journal", "this feedback answers another journal (%s), not this one (%s); import it into the journal whose export the coach answered", ff.file.Journal, id))
		}
		items, err := ff.file.Feedback(today)
		if err != nil {
			return fileError(ff.name, err)
		}
		for i := range items {
			items[i].Normalize()
		}
		if err := journal.CheckFeedback(items, catalog); err != nil {
			return fileError(ff.name, err)
		}
	}
	return nil
}

// importFeedbackFiles merges the feedback files into the journal, each in
// one transaction, received today, and says what each did.
func importFeedbackFiles(w io.Writer, db *store.DB, files []feedbackFile, today journal.Day) error {
	s := store.NewFeedbackService(db)
	for _, ff := range files {
		res, err := s.ImportFeedback(ff.file, today)
		if err != nil {
			return fileError(ff.name, err)
		}
		from := ""
		if ff.file.Coach != "" {
			from = " from " + journal.SafeLine(ff.file.Coach)
		}
		fmt.Fprintf(w, "Imported %s of feedback%s: %d new, %d updated, %d unchanged. hone feedback lists it.\n",
			countItems(res.Added+res.Updated+res.Unchanged), from, res.Added, res.Updated, res.Unchanged)
	}
	return nil
}

// exportFeedback returns the journal's feedback as an export carries it
// (hone export --with-feedback), dated by week when week.
func exportFeedback(db *store.DB, week bool) ([]journal.FeedbackRecord, error) {
	items, err := store.NewFeedbackService(db).Feedback()
	if err != nil {
		return nil, err
	}
	ratings, err := store.NewRatingService(db).Ratings()
	if err != nil {
		return nil, err
	}
	return journal.ExportFeedback(items, ratings, week), nil
}

// carriedFeedback is the coach feedback a full export carries, and the id
// of the journal it answers.
type carriedFeedback struct {
	name, journal string
	items         []journal.Feedback
}

// importCarriedFeedback merges the feedback full exports carry into the
// journal, when they answer it: its own archive, or the journal it was
// moved from, whose id it took. Feedback that answers another journal is
// left out, and the import says so.
func importCarriedFeedback(w io.Writer, db *store.DB, carried []carriedFeedback) error {
	if len(carried) == 0 {
		return nil
	}
	id, err := store.NewConfigService(db).KeptJournalID()
	if err != nil {
		return err
	}
	s := store.NewFeedbackService(db)
	for _, c := range carried {
		if c.journal == "" || c.journal != id {
			fmt.Fprintf(w, "Left out %s of coach feedback in %s: it answers another journal.\n", countItems(len(c.items)), journal.SafeLine(c.name))
			continue
		}
		res, err := s.MergeFeedback(c.journal, c.items)
		if err != nil {
			return fileError(c.name, err)
		}
		fmt.Fprintf(w, "Imported %s of coach feedback: %d new, %d updated, %d unchanged.\n",
			countItems(len(c.items)), res.Added, res.Updated, res.Unchanged)
	}
	return nil
}
