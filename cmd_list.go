package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) listCommand() *cobra.Command {
	var (
		since, until, skill, tag, kind, family, search string
		limit                                          int
		asJSON                                         bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List entries, newest first",
		Example: `  hone list -n 10
  hone list --since -30d --skill eng.mi
  hone list --tag mi --kind team-meeting --json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := journal.EntryFilter{Tag: journal.NormalizeTag(tag), Family: strings.TrimSpace(family), Search: search}
			today := a.today()
			for _, b := range []struct {
				field, value string
				dst          **journal.Day
			}{{"since", since, &f.Since}, {"until", until, &f.Until}} {
				if b.value == "" {
					continue
				}
				d, err := parseDay(b.field, b.value, today)
				if err != nil {
					return err
				}
				*b.dst = &d
			}
			if kind != "" {
				k, err := journal.ParseKind(kind)
				if err != nil {
					return err
				}
				f.Kind = k
			}
			if limit < 0 {
				return journal.Invalid("-n", "%d is not a number of entries; use 0 for all, or a positive number", limit)
			}
			// On a terminal, a plain list stops at 20 entries unless -n says
			// otherwise, and says so.
			more := false
			f.Limit = limit
			if !cmd.Flags().Changed("n") && !asJSON && isTerminal(a.stdout) {
				f.Limit, more = 21, true
			}
			return a.readDB(func(db *store.DB) error {
				if skill != "" {
					catalog, err := store.NewSkillService(db).Skills()
					if err != nil {
						return err
					}
					if f.Skill, err = skillFlag(catalog, skill); err != nil {
						return err
					}
				}
				entries, err := store.NewEntryService(db).FindEntries(f)
				if err != nil {
					return err
				}
				if asJSON {
					records := make([]journal.EntryRecord, len(entries))
					for i, e := range entries {
						records[i] = journal.FullRecord(e)
					}
					return journal.WriteJSON(a.stdout, records)
				}
				if len(entries) == 0 {
					fmt.Fprintln(a.stderr, "No entries match. Add one with: hone add \"what happened\"")
					return nil
				}
				cut := more && len(entries) > 20
				if cut {
					entries = entries[:20]
				}
				if err := journal.WriteEntryList(a.stdout, entries); err != nil {
					return err
				}
				if cut {
					fmt.Fprintln(a.stderr, "Showing the newest 20; use -n N for more, or -n 0 for all.")
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&since, "since", "", "entries on or after this day: "+journal.DateForms)
	fl.StringVar(&until, "until", "", "entries on or before this day")
	fl.StringVar(&skill, "skill", "", "entries that rate this skill")
	fl.StringVar(&tag, "tag", "", "entries with this tag")
	fl.StringVar(&kind, "kind", "", "entries of this kind: "+journal.KindForms())
	fl.StringVar(&family, "family", "", "entries about this family code")
	fl.StringVar(&search, "search", "", "entries whose text contains this")
	fl.IntVarP(&limit, "n", "n", 0, "at most this many entries (0 for all)")
	fl.BoolVar(&asJSON, "json", false, "print a JSON array of entries")
	return cmd
}
