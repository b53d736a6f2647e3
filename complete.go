package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

// registerCompletions teaches the shell completions (hone completion bash,
// zsh, fish; each asks hone __complete) what the command line accepts:
// skill ids, kinds, phases, prompt ids, entry ids, formats, dates, and file
// names where a file is asked for. It walks the finished command tree, so a
// command file needs nothing of its own for it; run calls it only for
// `hone __complete`, the one command that asks.
func (a *app) registerCompletions(root *cobra.Command) {
	skills := cobra.CompletionFunc(func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return a.completeSkills(toComplete, ""), cobra.ShellCompDirectiveNoFileComp
	})
	flags := map[string]cobra.CompletionFunc{
		"skill": skills,
		"rate": func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if id, _, ok := strings.Cut(toComplete, "="); ok {
				var out []cobra.Completion
				for n := 1; n <= 5; n++ {
					out = append(out, id+"="+strconv.Itoa(n))
				}
				return out, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeSkills(toComplete, "="), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		},
		"reflect": func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			for _, p := range a.completionPrompts() {
				if !strings.HasPrefix(p.ID, toComplete) || p.Archived {
					continue
				}
				out = append(out, cobra.CompletionWithDesc(p.ID+"=", journal.SafeLine(p.Text)))
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		},
		"kind":   fixed(kindNames()...),
		"phase":  fixed("0", "1", "2", "3", "4"),
		"date":   fixed("today", "yesterday", "tomorrow"),
		"since":  fixed("-7d", "-30d", "-90d", "-365d"),
		"until":  fixed("today", "yesterday"),
		"as-of":  fixed("today", "yesterday"),
		"from":   fixed("hone", "jrnl"),
		"tag":    cobra.NoFileCompletions,
		"family": cobra.NoFileCompletions,
		"title":  cobra.NoFileCompletions,
		"text":   cobra.NoFileCompletions,
		"name":   cobra.NoFileCompletions,
	}
	// hone feedback add
	flags["day"], flags["observed"], flags["coach"] = fixed("today", "yesterday"), fixed("1", "2", "3", "4", "5"), cobra.NoFileCompletions
	formats := map[string][]string{
		"export": {"json", "csv", "md", "html"},
		"review": {"md", "html"},
	}
	args := map[string]cobra.CompletionFunc{
		"show":   a.completeEntries,
		"delete": a.completeEntries,
		"import": files("json", "age"),
		"review": files("json", "age"),
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, f := range flags {
			if c.Flags().Lookup(name) != nil {
				c.RegisterFlagCompletionFunc(name, f)
			}
		}
		if fs, ok := formats[c.Name()]; ok {
			c.RegisterFlagCompletionFunc("format", fixed(fs...))
		}
		switch {
		case args[c.Name()] != nil && c.Parent() == root:
			c.ValidArgsFunction = args[c.Name()]
		case c.Name() == "archive" || c.Name() == "unarchive":
			c.ValidArgsFunction = skills
		case c.Args != nil && c.ValidArgsFunction == nil && !c.HasSubCommands():
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// fixed completes one of choices, never a file name.
func fixed(choices ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(choices, cobra.ShellCompDirectiveNoFileComp)
}

// files completes file names with one of the extensions.
func files(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

func kindNames() []string {
	out := make([]string, len(journal.Kinds))
	for i, k := range journal.Kinds {
		out[i] = string(k)
	}
	return out
}

// completionDB opens the journal for a completion: read-only, without
// waiting long for a lock, never creating a file and never asking for a
// passphrase. Nil when it cannot: completions then offer what every
// journal has.
func (a *app) completionDB() *store.DB {
	path, err := a.journalPath()
	if err != nil {
		return nil
	}
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 200 * time.Millisecond, Now: a.now})
	if err != nil {
		return nil
	}
	return db
}

// completeSkills returns the active skill ids that start with prefix, each
// followed by suffix and described by the skill's name.
func (a *app) completeSkills(prefix, suffix string) []cobra.Completion {
	catalog := journal.BuiltinSkills()
	if db := a.completionDB(); db != nil {
		if c, err := store.NewSkillService(db).Skills(); err == nil {
			catalog = c
		}
		db.Close()
	}
	var out []cobra.Completion
	for _, s := range catalog.Active() {
		if strings.HasPrefix(s.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(s.ID+suffix, journal.SafeLine(s.Name)))
		}
	}
	return out
}

// completionPrompts returns the prompt library: the journal's, or the
// built-in prompts when the journal cannot be read.
func (a *app) completionPrompts() []journal.Prompt {
	if db := a.completionDB(); db != nil {
		defer db.Close()
		if ps, err := store.NewPromptService(db).Prompts(); err == nil {
			return ps
		}
	}
	return journal.BuiltinPrompts()
}

// completeEntries completes the id of one of the 30 newest entries,
// described by its date and kind (titles are private: they stay out of the
// shell's completion list, which others may see on a shared screen).
func (a *app) completeEntries(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	db := a.completionDB()
	if db == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer db.Close()
	es, err := store.NewEntryService(db).FindEntries(journal.EntryFilter{Limit: 30})
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]cobra.Completion, 0, len(es))
	for _, e := range es {
		out = append(out, cobra.CompletionWithDesc(e.ID, e.Date.String()+" "+string(e.Kind)))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}
