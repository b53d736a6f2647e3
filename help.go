package main

import (
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpWidth is the width fang draws help in: the terminal's, at most 120
// (fang's own rule, and its test variable __FANG_TEST_WIDTH).
func helpWidth() int {
	if s := os.Getenv("__FANG_TEST_WIDTH"); s != "" {
		if w, err := strconv.Atoi(s); err == nil {
			return w
		}
	}
	w, _, err := term.GetSize(os.Stdout.Fd())
	if err != nil {
		return 120
	}
	return min(w, 120)
}

// fitHelp wraps the flag texts and command summaries of every command's
// help to width. fang draws each beside its key without wrapping, so the
// terminal broke a long one mid-word at its edge; a text of several lines
// fang sets under its own column. Only for help: completions show the
// texts as they are.
func fitHelp(root *cobra.Command, width int) {
	root.InitDefaultCompletionCmd() // cobra adds it as it runs: fit it too
	// One flag (--db) shows on every command's help, beside keys of
	// different widths: wrap for the widest key column of all.
	column := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				column = max(column, utf8.RuneCountInString(commandKey(sub)))
			}
			walk(sub)
		}
		c.Flags().VisitAll(func(f *pflag.Flag) { column = max(column, utf8.RuneCountInString(flagKey(f))) })
		c.PersistentFlags().VisitAll(func(f *pflag.Flag) { column = max(column, utf8.RuneCountInString(flagKey(f))) })
	}
	walk(root)
	// fang: 4 columns of indent, the key column, 2 between.
	text := max(30, width-4-(column+2)-1)
	wrapped := map[*pflag.Flag]bool{}
	wrapFlags := func(fs *pflag.FlagSet) {
		fs.VisitAll(func(f *pflag.Flag) {
			if !wrapped[f] {
				wrapped[f] = true
				f.Usage = wrapWords(f.Usage, text, len(f.DefValue)+3)
			}
		})
	}
	var fit func(c *cobra.Command)
	fit = func(c *cobra.Command) {
		c.Short = wrapWords(c.Short, text, 0)
		wrapFlags(c.Flags())
		wrapFlags(c.PersistentFlags())
		for _, sub := range c.Commands() {
			fit(sub)
		}
	}
	fit(root)
}

// commandKey is about what fang shows for c in its parent's list of
// commands: its use line and marks for subcommands and flags.
func commandKey(c *cobra.Command) string {
	key := c.Use
	if c.HasAvailableSubCommands() {
		key += " [command]"
	}
	return key + " [--flags]"
}

// flagKey is what fang shows for f: "--name" or "-s --name".
func flagKey(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + " --" + f.Name
	}
	return "--" + f.Name
}

// wrapWords breaks s into lines of at most width runes at spaces, leaving
// room for tail more runes on the last line (fang's "(default)").
func wrapWords(s string, width, tail int) string {
	var lines []string
	var line string
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		if utf8.RuneCountInString(line)+tail > width && strings.Contains(line, " ") {
			i := strings.LastIndex(line, " ")
			lines = append(lines, line[:i])
			line = line[i+1:]
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// wantsHelp reports whether args ask for help: --help, -h or hone help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--help" || a == "-h" {
			return true
		}
	}
	return len(args) > 0 && args[0] == "help"
}
