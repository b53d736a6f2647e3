package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) goalsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "goals",
		Short: "Learning goals for the next supervision period",
		Long: `Set one to three learning goals for a supervision period, each tied to the
skills it is about. hone prep shows how those skills were rated since. Close a
goal when it is met or let go (hone goals done): hone keeps the day, and the
preparation of the period it falls in lists the goal as closed on that day.`,
		Example: `  hone goals add "Reflect more than I ask" --skill eng.mi
  hone goals
  hone goals done 1`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.readDB(func(db *store.DB) error {
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
		Use:   "add TEXT",
		Short: "Set a learning goal",
		Example: `  hone goals add "Plan for transition from the first meeting" \
    --skill plan.transition`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
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
				return a.withExistingDB(func(db *store.DB) error {
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
