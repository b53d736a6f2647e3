package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

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
			return a.withExistingDB(func(db *store.DB) error {
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
			// Showing the name only reads; forgetting it changes a journal
			// that must be there; keeping one may start the journal.
			with := a.withDB
			switch {
			case clearName:
				with = a.withExistingDB
			case len(args) == 0:
				with = a.readDB
			}
			return with(func(db *store.DB) error {
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
	return a.readDB(func(db *store.DB) error {
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
