package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"hone/journal"
	"hone/journal/report"
	"hone/store"
	"hone/ui"
)

func (a *app) reviewCommand() *cobra.Command {
	var format, out, sinceAgenda, asOfFlag string
	var agenda bool
	cmd := &cobra.Command{
		Use:   "review FILE...",
		Short: "Coach mode: review one or more shared exports, on screen or as a report",
		Long: `Read one or more exports that facilitators shared (plain or encrypted) and show
them in a read-only screen, or write a report with --format: per facilitator,
the drift of every skill with its chart; for a team, how many are drifting,
watching or improving on each skill and what the group could learn together.
Review mode writes nothing but the report you ask for and, on the screen,
the feedback you write for the facilitator shown (f on the Overview: a note,
an observed rating of a meeting you saw, or both), added to NAME-feedback.json
beside their export (mode 0600) for them to import. The form asks your
name, as the facilitator will see it; when you keep a journal of your own
(--db, HONE_DB or the default, not encrypted), the name is kept in it for
the next review.

A team counts each facilitator once: of several exports of one journal (or
the same file given twice), the newest. --format csv writes the table an
agency's fidelity reporting reads: one row per facilitator, skill and month
(ratings, mean, verdict at the month's end, key element).

The verdicts are each facilitator's own, as their export carries them (hone
export adds the verdicts of their whole journal); an export of an older hone
is judged by its own ratings.

--agenda writes a one-page agenda for the team's next learning session (to
standard output, or to the file of -o): up to three topics from the team's
data with why, who could lead each (a peer steady or improving a point
higher than one drifting or on watch), two or three questions for the
group: the team's own custom prompts on the skill that the exports carry
first, then the prompt library's; and, with --since-agenda, how the topics of
the previous agenda stand now.

--as-of DAY judges the exports as of that day instead of today (stale
skills, the day an agenda or report says it was made), as hone drift and
hone prep do; it goes with --agenda or --format.`,
		Example: "  hone review ana.json ben.json cho.json\n  hone review ana.json ben.json cho.json --format html -o team.html\n  hone review ana.json ben.json --format md -o team.md\n  hone review *.json --format csv -o team.csv\n  hone review ana.json --format md -o ana.md\n  hone review *.json --agenda -o agenda.md\n  hone review *.json --agenda --since-agenda last-agenda.md -o agenda.md",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			asOf := a.today()
			if asOfFlag != "" {
				if !agenda && format == "" {
					return usageError{journal.Invalid("as-of", "--as-of goes with --agenda or --format; the screen shows today")}
				}
				var err error
				if asOf, err = parseDay("as-of", asOfFlag, a.today()); err != nil {
					return err
				}
			}
			if agenda || sinceAgenda != "" {
				if !agenda {
					return usageError{journal.Invalid("since-agenda", "--since-agenda goes with --agenda")}
				}
				if format != "" {
					return usageError{journal.Invalid("format", "an agenda is Markdown; leave out --format")}
				}
				return a.writeAgenda(distinctFiles(args), out, sinceAgenda, asOf)
			}
			switch {
			case format == "":
			case format != "md" && format != "markdown" && format != "html" && format != "csv":
				return journal.Invalid("format", "%q is not a report format; use md, html or csv", format)
			case out == "":
				return usageError{journal.Invalid("output", "a review report goes to a file; add -o FILE")}
			}
			args = distinctFiles(args)
			if format == "" {
				// The screen reads the exports itself, off its loop, so
				// that it shows before they are all in: each is named by
				// its file until its Facilitator is known.
				// A file that is missing or no export is named before
				// the screen opens.
				reviews := make([]ui.Review, len(args))
				for i, name := range args {
					load, err := a.exportLoader(name)
					if err != nil {
						return err
					}
					reviews[i] = a.reviewWithFeedback(name, load)
				}
				if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
					return journal.Invalid("terminal", "the review screen needs a terminal; write a report with --format html -o FILE")
				}
				coach, keep := a.coachConfig()
				// hone handles the signals that stop it, not Bubble Tea: the
				// feedback form's text is kept on a lost terminal.
				err := runUntilHangup(tea.NewProgram(ui.NewReview(reviews, ui.Options{Now: a.now, Coach: coach, KeepCoach: keep}),
					tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithoutSignalHandler()))
				if err != nil {
					return fmt.Errorf("the review screen stopped: %w", err)
				}
				return nil
			}
			if err := a.checkOutput(out); err != nil {
				return err
			}
			for _, name := range args {
				if samePath(out, name) || store.SameFile(out, name) {
					return journal.Invalid("output", "%s is one of the exports read; choose another file", out)
				}
			}
			if len(args) > 1 || format == "csv" {
				// A team report keeps of each export only what it shows:
				// the exports are read as the report needs them (an
				// encrypted one asks for its passphrase first).
				loads := make([]func() (*journal.Export, error), len(args))
				for i, name := range args {
					var err error
					if loads[i], err = a.exportLoader(name); err != nil {
						return err
					}
				}
				load := func(i int) (*journal.Export, error) { return loads[i]() }
				err := a.writeOutput(out, func(w io.Writer) error {
					if format == "html" {
						return report.WriteTeamFrom(w, len(loads), load, asOf)
					}
					members, err := journal.LoadTeam(len(loads), load, asOf)
					if err != nil {
						return err
					}
					if format == "csv" {
						return journal.WriteTeamCSV(w, members)
					}
					return journal.WriteTeamMarkdown(w, members, asOf)
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote %s.\n", journal.SafeLine(out))
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
			err = a.writeOutput(out, func(w io.Writer) error {
				switch {
				case format == "html":
					return report.Write(w, exports[0], asOf)
				}
				return journal.WriteExportMarkdown(w, exports[0], asOf)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s.\n", journal.SafeLine(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "report format: md, html or csv (with -o)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the report to this file")
	cmd.Flags().BoolVar(&agenda, "agenda", false, "write an agenda for the team's next learning session (Markdown)")
	cmd.Flags().StringVar(&sinceAgenda, "since-agenda", "", "with --agenda: follow up the topics of this earlier agenda")
	cmd.Flags().StringVar(&asOfFlag, "as-of", "", "with --agenda or --format: judge the exports as of this day (default today)")
	return cmd
}

// coachConfig returns the coach's name kept in the coach's own journal
// (the one --db, HONE_DB or the default names) and a way to keep another,
// for review mode's feedback form to start with. Review needs no journal:
// when there is none there, or it does not open without asking (an
// encrypted one: review asks for no passphrase but the exports'), the
// form starts empty and the name is kept for the session only. No journal
// is made for it.
func (a *app) coachConfig() (string, func(string) error) {
	path, err := a.journalPath()
	if err != nil || !store.IsJournalFile(path) {
		return "", nil
	}
	db, err := store.Open(path, store.Options{ReadOnly: true, Now: a.now})
	if err != nil {
		return "", nil
	}
	name, err := store.NewConfigService(db).CoachName()
	if cerr := db.Close(); err != nil || cerr != nil {
		return "", nil
	}
	return name, func(name string) error {
		if !store.IsJournalFile(path) {
			return journal.Errorf(journal.ENOTFOUND, "there is no journal at %s", path)
		}
		db, err := store.Open(path, store.Options{Now: a.now})
		if err != nil {
			return err
		}
		err = store.NewConfigService(db).SetCoachName(name)
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close journal: %w", cerr)
		}
		return err
	}
}

// feedbackPath is the feedback file review mode writes for the export
// name: NAME-feedback.json beside it.
func feedbackPath(name string) string {
	base := filepath.Base(name)
	for _, ext := range []string{".age", ".json"} {
		base = strings.TrimSuffix(base, ext)
	}
	return filepath.Join(filepath.Dir(name), base+"-feedback.json")
}

// reviewWithFeedback is the review of the export name, read by load, with
// the feedback the coach writes for it saved to feedbackPath(name). What
// feedback needs of the export (its journal id, facilitator and skills) is
// kept when the screen reads it; the rest is let go of.
func (a *app) reviewWithFeedback(name string, load func() (*journal.Export, error)) ui.Review {
	var mu sync.Mutex
	var head *journal.Export
	out := feedbackPath(name)
	return ui.Review{Name: filepath.Base(name), FeedbackFile: out,
		Load: func() (*journal.Export, error) {
			x, err := load()
			if err == nil {
				mu.Lock()
				head = &journal.Export{Journal: x.Journal, Facilitator: x.Facilitator, Skills: x.Skills}
				mu.Unlock()
			}
			return x, err
		},
		SaveFeedback: func(f journal.Feedback) (string, error) {
			mu.Lock()
			x := head
			mu.Unlock()
			if x == nil {
				return "", journal.Invalid("export", "%s is not read yet", name)
			}
			return out, a.appendReviewFeedback(out, name, x, f)
		},
	}
}

// appendReviewFeedback adds f, a new item answering the export x (read
// from export), to the feedback file out, creating it (0600). An encrypted
// file is not opened here: the screen has the terminal.
func (a *app) appendReviewFeedback(out, export string, x *journal.Export, f journal.Feedback) error {
	if err := a.checkOutput(out); err != nil {
		return err
	}
	if samePath(out, export) || store.SameFile(out, export) {
		return journal.Invalid("output", "%s is the export read; choose another file", out)
	}
	var file *journal.FeedbackFile
	raw, err := os.ReadFile(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return unreadable(out, errors.Unwrap(err))
	case isSealed(raw):
		return fileError(out, journal.Invalid("file", "it is encrypted; add to it with hone feedback add"))
	default:
		if file, err = journal.ReadFeedback(bytes.NewReader(raw)); err != nil {
			return fileError(out, err)
		}
	}
	if f.ID, err = journal.NewID(a.now(), rand.Reader); err != nil {
		return fmt.Errorf("make the item id: %w", err)
	}
	if file, err = journal.AddFeedback(file, x, f, a.now()); err != nil {
		return fileError(out, err)
	}
	return a.writeOutput(out, func(w io.Writer) error { return journal.WriteFeedback(w, file) })
}

// writeAgenda writes the agenda of the team's next learning session from
// the exports in names to out (standard output when ""), following up the
// agenda in since when given, as of the day asOf.
func (a *app) writeAgenda(names []string, out, since string, asOf journal.Day) error {
	var prev *journal.AgendaRecord
	if since != "" {
		data, err := a.readInput(since)
		if err != nil {
			return err
		}
		rec, err := journal.ReadAgendaRecord(bytes.NewReader(data))
		if err != nil {
			return fileError(since, err)
		}
		prev = &rec
	}
	if out != "" {
		if err := a.checkOutput(out); err != nil {
			return err
		}
		for _, name := range names {
			if samePath(out, name) || store.SameFile(out, name) {
				return journal.Invalid("output", "%s is one of the exports read; choose another file", out)
			}
		}
	}
	loads := make([]func() (*journal.Export, error), len(names))
	for i, name := range names {
		var err error
		if loads[i], err = a.exportLoader(name); err != nil {
			return err
		}
	}
	members, err := journal.LoadTeam(len(loads), func(i int) (*journal.Export, error) { return loads[i]() }, asOf)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		// The team's own questions on a topic come first, then the library's.
		prompts := append(journal.TeamPrompts(members), journal.BuiltinPrompts()...)
		return journal.WriteAgenda(w, members, asOf, prompts, prev)
	}
	if out == "" {
		return write(a.stdout)
	}
	if err := a.writeOutput(out, write); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s.\n", journal.SafeLine(out))
	return nil
}

// distinctFiles returns names without the files given twice (by another
// name too), in their order: a team counts a file once.
func distinctFiles(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.ContainsFunc(out, func(o string) bool { return o == n || store.SameFile(o, n) }) {
			out = append(out, n)
		}
	}
	return out
}

// parseExports reads the exports in data (named by names) in parallel. The
// error is that of the first bad file in the order given.
func parseExports(names []string, data [][]byte) ([]*journal.Export, error) {
	exports := make([]*journal.Export, len(data))
	err := journal.Parallel(len(data), func(i int) (err error) {
		if exports[i], err = journal.ReadExport(bytes.NewReader(data[i])); err != nil {
			return fileError(names[i], err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return exports, nil
}
