package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one entry",
		Example: "  hone show 01m89gn0a3gfn1af\n  hone show 01m89gn0 --json",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.readDB(func(db *store.DB) error {
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
			// The entry is found read-only and the question asked holding
			// no lock, so that an open TUI goes on meanwhile; only the
			// delete opens the journal for writing.
			var e *journal.Entry
			err := a.readDB(func(db *store.DB) (err error) {
				e, err = store.NewEntryService(db).FindEntry(args[0])
				return err
			})
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
			return a.withExistingDB(func(db *store.DB) error {
				if err := store.NewEntryService(db).DeleteEntry(e.ID); err != nil {
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
