package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

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
			return a.readDB(func(db *store.DB) error {
				path := out
				if path == "" {
					var err error
					if path, err = db.BackupNew(""); err != nil {
						return err
					}
				} else if err := a.checkOutput(path); err != nil {
					return err
				} else if err := db.BackupFileChecked(path); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, journal.SafeLine(path))
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the copy to this file")
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
