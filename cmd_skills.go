package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) skillsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "skills",
		Short: "The skill catalog, with each skill's drift status",
		Example: `  hone skills
  hone skills --json
  hone skills add family.meals --name "Shared meal planning" \
    --key-element "Natural & Community Supports"
  hone skills archive self.doc`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.readDB(func(db *store.DB) error {
				catalog, drifts, err := analyze(db, a.today())
				if err != nil {
					return err
				}
				bySkill := map[string]journal.Drift{}
				for _, d := range drifts {
					bySkill[d.Skill] = d
				}
				if asJSON {
					return journal.WriteJSON(a.stdout, skillRecords(catalog, bySkill))
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSKILL\tKEY ELEMENT\tSTATUS\tLEVEL\tLAST RATED")
				for _, s := range catalog {
					status, level, last := "archived", "", ""
					if d, ok := bySkill[s.ID]; ok {
						status, level = string(d.Status), d.Level.String()
						if d.Stale {
							status += ", stale"
						}
						if d.Ratings > 0 {
							last = d.LastRated.String()
						}
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", journal.SafeLine(s.ID), journal.SafeLine(s.Name),
						journal.SafeLine(s.KeyElement), status, level, last)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalog as JSON")

	var s journal.Skill
	add := &cobra.Command{
		Use:   "add ID",
		Short: "Add a skill of your own",
		Example: `  hone skills add family.meals --name "Shared meal planning" \
    --group Teamwork --key-element "Natural & Community Supports"`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s.ID = args[0]
			return a.withDB(func(db *store.DB) error {
				if err := store.NewSkillService(db).CreateSkill(&s); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Added %s.\n", s.ID)
				return nil
			})
		},
	}
	af := add.Flags()
	af.StringVar(&s.Name, "name", "", "the skill's name (required)")
	af.StringVar(&s.Group, "group", "Custom", "a group to list it under")
	af.StringVar(&s.KeyElement, "key-element", "", "the key element it supports, e.g. Needs-Based")
	af.StringVar(&s.Description, "description", "", "what the skill is")
	af.StringVar(&s.Anchors[0], "anchor1", "", "what a 1 looks like")
	af.StringVar(&s.Anchors[1], "anchor3", "", "what a 3 looks like")
	af.StringVar(&s.Anchors[2], "anchor5", "", "what a 5 looks like")
	cmd.AddCommand(add, a.archiveCommand("archive", true), a.archiveCommand("unarchive", false))
	return cmd
}

func (a *app) archiveCommand(use string, archived bool) *cobra.Command {
	short, done := "Archive a skill: no longer suggested or analysed; its ratings are kept", "Archived"
	if !archived {
		short, done = "Bring an archived skill back", "Restored"
	}
	return &cobra.Command{
		Use:     use + " ID",
		Short:   short,
		Example: "  hone skills " + use + " self.doc",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(func(db *store.DB) error {
				id := strings.ToLower(strings.TrimSpace(args[0]))
				if err := store.NewSkillService(db).SetSkillArchived(id, archived); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s.\n", done, id)
				return nil
			})
		},
	}
}

// skillRecord is a skill as `hone skills --json` prints it.
type skillRecord struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Group       string            `json:"group"`
	KeyElement  string            `json:"key_element"`
	Description string            `json:"description"`
	Anchors     map[string]string `json:"anchors"`
	Archived    bool              `json:"archived"`
	Builtin     bool              `json:"builtin"`
	Status      journal.Status    `json:"status,omitempty"` // absent for archived skills
	Stale       *bool             `json:"stale,omitempty"`
	Level       *float64          `json:"level"`
}

func skillRecords(c journal.Catalog, drifts map[string]journal.Drift) []skillRecord {
	out := make([]skillRecord, len(c))
	for i, s := range c {
		out[i] = skillRecord{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement,
			Description: s.Description, Archived: s.Archived, Builtin: s.Builtin,
			Anchors: map[string]string{"1": s.Anchors[0], "3": s.Anchors[1], "5": s.Anchors[2]}}
		if d, ok := drifts[s.ID]; ok {
			r := d.Record(s.Name)
			out[i].Status, out[i].Stale, out[i].Level = d.Status, &r.Stale, r.Level
		}
	}
	return out
}
