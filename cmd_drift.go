package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) driftCommand() *cobra.Command {
	var (
		asOf, skill string
		asJSON      bool
	)
	cmd := &cobra.Command{
		Use:   "drift",
		Short: "Which skills are drifting, improving or going unpractised",
		Long: `Analyse your ratings of every active skill: drifting, watch, improving, steady,
insufficient (too few ratings yet) or dormant (not rated for over 90 days), and
stale when a skill has gone unrated for longer than usual. Each verdict comes
with a sentence that explains it.

` + journal.SelfRatingNote,
		Example: "  hone drift\n  hone drift --skill eng.mi\n  hone drift --as-of 2026-06-30 --json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			day := a.today()
			if asOf != "" {
				var err error
				if day, err = parseDay("as-of", asOf, a.today()); err != nil {
					return err
				}
			}
			return a.readDB(func(db *store.DB) error {
				catalog, drifts, err := analyze(db, day)
				if err != nil {
					return err
				}
				if skill != "" {
					if skill, err = skillFlag(catalog, skill); err != nil {
						return err
					}
					drifts = slices.DeleteFunc(drifts, func(d journal.Drift) bool { return d.Skill != skill })
				}
				if asJSON {
					return journal.WriteDriftJSON(a.stdout, catalog, drifts)
				}
				for _, d := range drifts {
					s, _ := catalog.Find(d.Skill)
					status := string(d.Status)
					switch {
					case d.Ratings == 0:
						status = "not rated yet" // not "insufficient, stale": nothing to judge
					case d.Status == journal.StatusDrifting && d.Basis != journal.NoBasis:
						status += " since " + d.DriftSince.Short()
					}
					if d.Stale && d.Ratings > 0 {
						status += ", stale"
					}
					fmt.Fprintf(a.stdout, "%s  %s  [%s]\n  %s\n\n", journal.SafeLine(d.Skill), journal.SafeLine(s.Name), status, d.Explanation)
				}
				fmt.Fprintln(a.stdout, journal.SelfRatingNote)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "analyse as of this day (default today)")
	cmd.Flags().StringVar(&skill, "skill", "", "only this skill")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the analysis as JSON")
	return cmd
}

// analyze returns the catalog and the drift of every active skill as of
// day: the journal's kept analysis while nothing was written since it was
// made for that day, else analysed afresh (and kept).
func analyze(db *store.DB, day journal.Day) (journal.Catalog, []journal.Drift, error) {
	catalog, err := store.NewSkillService(db).Skills()
	if err != nil {
		return nil, nil, err
	}
	drift, err := store.NewDriftService(db).Drift(day)
	if err != nil {
		return nil, nil, err
	}
	return catalog, drift, nil
}
