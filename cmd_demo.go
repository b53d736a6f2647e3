package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"hone/journal/gen"
	"hone/store"
)

func (a *app) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Try hone on a year of generated entries (your journal is not touched)",
		Long: `Open the full-screen journal on a temporary journal holding about a year of
realistic generated entries for one facilitator, with some skills drifting,
some improving and some gone stale. The temporary journal is deleted on exit.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := os.MkdirTemp("", "hone-demo-")
			if err != nil {
				return fmt.Errorf("make a folder for the demo journal: %w", err)
			}
			defer os.RemoveAll(dir)
			db, err := store.Open(filepath.Join(dir, "demo.db"), store.Options{Now: a.now})
			if err != nil {
				return err
			}
			defer db.Close()
			// The open file lives on without its name, so nothing is left
			// behind even if the demo is killed.
			if err := os.RemoveAll(dir); err != nil {
				return fmt.Errorf("remove the demo journal's folder: %w", err)
			}
			entries := gen.Generate(gen.Options{Entries: demoEntries, Seed: gen.DemoSeed, End: a.today(), Now: a.now()})
			if _, err := store.NewEntryService(db).ImportEntries(nil, entries); err != nil {
				return err
			}
			if err := a.runTUI(db, true, ""); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, demoBye)
			return nil
		},
	}
}

// demoBye is printed when the demo ends: what was written there is gone,
// and how to start one's own journal.
const demoBye = "That was the demo: its journal, and anything written in it, is deleted.\n" +
	"Start your own journal with hone (or hone add --title \"...\" --rate eng.mi=4); hone --help lists the rest."

// demoEntries is about a year of one facilitator's entries.
const demoEntries = 350
