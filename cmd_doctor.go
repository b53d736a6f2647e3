package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the journal file for damage",
		Long: `Check the journal file without changing it: the file's structure, its schema,
every record, and the indexes. Exits 1 when something is wrong and names the
newest backup to restore.`,
		Example: "  hone doctor\n  hone doctor --db ~/old/journal.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			opts := store.DoctorOptions{Timeout: store.MaxTimeout}
			if a.canAskPassphrase() {
				opts.Passphrase = func() (string, error) { return a.passphrase(false) }
			}
			r, err := store.DoctorWith(path, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Journal  %s\n", journal.SafeLine(r.Path))
			for _, l := range r.Leftovers {
				fmt.Fprintf(a.stdout, "Leftover %s: a temporary file of a hone that was stopped; it may hold the journal in plain text. The next hone that writes removes it, or remove it yourself\n", journal.SafeLine(l))
			}
			if r.OK() {
				if r.RecordsChecked {
					fmt.Fprintf(a.stdout, "Schema   %d\nEntries  %d\nRatings  %d\n", r.Schema, r.Entries, r.Ratings)
				} else {
					fmt.Fprintln(a.stdout, "Records  not checked: the journal is encrypted (give --passphrase-file to check them)")
				}
				fmt.Fprintln(a.stdout, "All checks passed.")
				return nil
			}
			for _, p := range r.Problems {
				fmt.Fprintf(a.stdout, "Problem  %s\n", journal.SafeLine(p))
			}
			if r.Backup != "" {
				return journal.Errorf(journal.EDAMAGED, "%s is damaged; restore the newest backup with: hone restore %s", journal.SafeLine(r.Path), journal.SafeLine(r.Backup))
			}
			return journal.Errorf(journal.EDAMAGED, "%s is damaged and there is no backup beside it", journal.SafeLine(r.Path))
		},
	}
}
