package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) promptsCommand() *cobra.Command {
	var (
		skill  string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:     "prompts",
		Short:   "The reflection prompt library",
		Example: "  hone prompts --skill eng.mi\n  hone prompts --json\n  hone prompts add --text \"What did the youth teach me?\" --tag eng.voice",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.readDB(func(db *store.DB) error {
				prompts, err := store.NewPromptService(db).Prompts()
				if err != nil {
					return err
				}
				if skill != "" {
					catalog, err := store.NewSkillService(db).Skills()
					if err != nil {
						return err
					}
					if skill, err = skillFlag(catalog, skill); err != nil {
						return err
					}
					prompts = slices.DeleteFunc(prompts, func(p journal.Prompt) bool { return !p.HasTag(skill) })
				}
				prompts = slices.DeleteFunc(prompts, func(p journal.Prompt) bool { return p.Archived })
				if asJSON {
					return journal.WriteJSON(a.stdout, promptRecords(prompts))
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				for _, p := range prompts {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", journal.SafeLine(p.ID), journal.SafeLine(p.Text), journal.SafeLine(strings.Join(p.Tags, " ")))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&skill, "skill", "", "only prompts for this skill")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the prompts as JSON")

	var p journal.Prompt
	add := &cobra.Command{
		Use:   "add",
		Short: "Add a prompt of your own",
		Example: `  hone prompts add --text "What did the youth teach me today?" \
    --tag eng.voice --tag phase:3`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withDB(func(db *store.DB) error {
				if err := store.NewPromptService(db).CreatePrompt(&p); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, p.ID)
				return nil
			})
		},
	}
	add.Flags().StringVar(&p.Text, "text", "", "the prompt (required)")
	add.Flags().StringArrayVar(&p.Tags, "tag", nil, "a skill id, phase:N or model:step (repeatable)")
	cmd.AddCommand(add)
	return cmd
}

// promptRecord is a prompt as `hone prompts --json` prints it.
type promptRecord struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Tags    []string `json:"tags"`
	Builtin bool     `json:"builtin"`
}

func promptRecords(ps []journal.Prompt) []promptRecord {
	out := make([]promptRecord, len(ps))
	for i, p := range ps {
		tags := p.Tags
		if tags == nil {
			tags = []string{}
		}
		out[i] = promptRecord{ID: p.ID, Text: p.Text, Tags: tags, Builtin: p.Builtin}
	}
	return out
}
