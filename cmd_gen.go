package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/journal/gen"
	"hone/store"
)

func (a *app) genCommand() *cobra.Command {
	var (
		entries int
		seed    uint64
		years   float64
	)
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Fill a new journal with generated entries (for demos, tests and benchmarks)",
		Long: `Fill a new journal file with realistic generated entries: families moving
through the phases, ratings with drifting, improving and stale skills, and
reflections. The same seed gives the same journal. Refuses a journal that
already holds entries.`,
		Example: "  hone gen --entries 10000 --db /tmp/ten-years.db\n  hone gen --entries 350 --seed 7 --years 1 --db /tmp/demo.db",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if entries < 1 || entries > 1_000_000 {
				return journal.Invalid("entries", "%d is not a number of entries; use 1 to 1000000", entries)
			}
			if years < 0 || years > 100 {
				return journal.Invalid("years", "%g is not a span; use 0 (automatic) up to 100 years", years)
			}
			return a.withDB(func(db *store.DB) error {
				es := store.NewEntryService(db)
				existing, err := es.FindEntries(journal.EntryFilter{Limit: 1})
				if err != nil {
					return err
				}
				if len(existing) > 0 {
					return journal.Invalid("db", "%s already holds entries; gen fills only a new journal", db.Path())
				}
				generated := gen.Generate(gen.Options{Entries: entries, Seed: seed, Years: years, End: a.today(), Now: a.now()})
				for start := 0; start < len(generated); start += genBatch {
					if err := es.CreateEntries(generated[start:min(start+genBatch, len(generated))]); err != nil {
						return err
					}
				}
				fmt.Fprintf(a.stdout, "Generated %d entries from %s to %s in %s.\n", len(generated),
					generated[0].Date, generated[len(generated)-1].Date, journal.SafeLine(db.Path()))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&entries, "entries", 0, "how many entries (required)")
	f.Uint64Var(&seed, "seed", 1, "the same seed gives the same journal")
	f.Float64Var(&years, "years", 0, "span in years, ending today (0: about 350 entries a year, up to 10)")
	return cmd
}

// genBatch is how many generated entries go into one transaction.
const genBatch = 2000
