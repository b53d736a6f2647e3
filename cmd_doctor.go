package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) doctorCommand() *cobra.Command {
	var salvage string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the journal file for damage",
		Long: `Check the journal file without changing it: the file's structure, its schema,
every record, and the indexes. Exits 1 when something is wrong and names the
newest backup to restore. With --salvage FILE, it writes every record of a
damaged journal that can still be read into a new journal FILE, and says what
it could not read.`,
		Example: "  hone doctor\n  hone doctor --db ~/old/journal.db\n  hone doctor --salvage ~/salvaged.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			if salvage != "" {
				return a.salvage(path, salvage)
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
			if m := r.Mark; m != nil {
				if m.Current {
					fmt.Fprintf(a.stdout, "Mark     %s: hone found this journal damaged, so it writes nothing more into it. The mark goes when hone doctor finds the journal healthy, or when another journal takes its place (hone restore of a backup, or a journal saved with --salvage moved there)\n", journal.SafeLine(m.Path))
				} else {
					fmt.Fprintf(a.stdout, "Mark     %s: a damage mark left for a journal that is no longer in place; it stops nothing. hone doctor removes it once it checks this journal in full and finds it healthy, or remove it yourself\n", journal.SafeLine(m.Path))
				}
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
	cmd.Flags().StringVar(&salvage, "salvage", "", "write every record that can still be read into this new journal file")
	return cmd
}

// salvage writes what store.Salvage reads of the journal at path into a new
// journal at out, and prints what it wrote and what it could not read.
func (a *app) salvage(path, out string) error {
	if _, err := os.Lstat(out); err == nil {
		return journal.Invalid("salvage", "%s exists; give the name of a new file for the salvaged journal", out)
	}
	if err := a.checkOutput(out); err != nil {
		return err
	}
	s, err := store.Salvage(path, a.today())
	if err != nil {
		return err
	}
	// Built beside out and linked into place whole: a salvage stopped
	// part-way leaves no journal at out that looks complete.
	err = store.BuildJournal(out, store.Options{Now: a.now}, func(db *store.DB) error {
		skills := s.Catalog
		es := store.NewEntryService(db)
		for start := 0; start < len(s.Entries) || start == 0; start += importBatch {
			if _, err := es.SalvageEntries(skills, s.Entries[start:min(start+importBatch, len(s.Entries))]); err != nil {
				return err
			}
			skills = nil // added with the first batch
		}
		_, err := db.ImportPersonal(&s.Personal, s.Facilitator)
		return err
	})
	if err != nil {
		return err
	}
	custom := 0
	for _, sk := range s.Catalog {
		if !sk.Builtin {
			custom++
		}
	}
	fmt.Fprintf(a.stdout, "Salvaged into %s: %d entries, %d custom skills, %d goals, %d custom prompts, %d names on the watch list.\n",
		journal.SafeLine(out), len(s.Entries), custom, len(s.Personal.Goals), len(s.Personal.Prompts), len(s.Personal.WatchList))
	for _, l := range s.Mended {
		fmt.Fprintf(a.stdout, "Mended   %s\n", journal.SafeLine(l))
	}
	for _, l := range s.Lost {
		fmt.Fprintf(a.stdout, "Lost     %s\n", journal.SafeLine(l))
	}
	if len(s.Lost)+len(s.Mended) == 0 {
		fmt.Fprintln(a.stdout, "Every record could be read.")
	}
	return nil
}
