package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

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
since, the latest self-assessment compared with the one before, your coach's
feedback since the period began (observed ratings beside your own), and up to
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
			return a.readDB(func(db *store.DB) error {
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
				feedback, err := store.NewFeedbackService(db).Feedback()
				if err != nil {
					return err
				}
				p := journal.BuildPrep(period, catalog, ratings, goals,
					journal.PrepOptions{Since: start, AsOf: end, SelfAssessments: selfs, Feedback: feedback})
				write := func(w io.Writer) error { return journal.WritePrepMarkdown(w, p) }
				if out == "" {
					return write(a.stdout)
				}
				if err := a.writeOutput(out, write); err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "Wrote %s (it holds private reflections: for you and your supervisor).\n", journal.SafeLine(out))
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
