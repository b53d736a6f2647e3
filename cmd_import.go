package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) importCommand() *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Merge entries from a full hone export or a jrnl JSON export, or your coach's feedback",
		Long: `Merge entries into the journal from hone's own full exports (hone export --full,
plain or encrypted) or from jrnl's JSON export (jrnl --export json). Entries
are matched by id, so importing the same file twice changes nothing; a newer
version of an entry replaces an older one. A full export's goals, your own
prompts and the watch list come too, each one the journal lacks, and the name
your exports carry when none is kept. A feedback file from your coach (hone
feedback add) is recognised too: its notes and observed ratings are merged by
id, and a file written for another journal is refused. If any file is bad,
nothing is written.`,
		Example: "  hone import journal-archive.json\n  hone import --from jrnl work.json\n  hone import feedback-from-chloe.json",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			from = strings.ToLower(strings.TrimSpace(from))
			if from != "hone" && from != "jrnl" {
				return journal.Invalid("from", "%q is not a source; use hone or jrnl", from)
			}
			today := a.today()
			var (
				skills      []journal.Skill
				entries     []*journal.Entry
				personal    journal.Personal
				facilitator string
				journalID   string // of the first full export that has one
				feedback    []feedbackFile
				carried     []carriedFeedback // by full exports (--with-feedback)
			)
			for _, name := range args {
				data, err := a.readInput(name)
				if err != nil {
					return err
				}
				if from == "hone" && journal.SniffFormat(data) == journal.FeedbackFormat {
					ff, err := readFeedbackFile(name, data)
					if err != nil {
						return err
					}
					feedback = append(feedback, ff)
					continue
				}
				var es []*journal.Entry
				if from == "jrnl" {
					es, err = journal.ReadJrnl(bytes.NewReader(data), today)
				} else {
					var x *journal.Export
					if x, err = journal.ReadExport(bytes.NewReader(data)); err == nil {
						if !x.Full() {
							err = journal.Invalid("export", "this is a coach-safe export, without notes or family codes; import reads full exports (hone export --full)")
						} else {
							skills = append(skills, x.Catalog()...)
							facilitator = cmp.Or(facilitator, x.Facilitator)
							journalID = cmp.Or(journalID, x.Journal)
							// The goals are checked here, against the export's
							// skills, which the import adds where the journal
							// lacks them.
							var p *journal.Personal
							if p, err = x.PersonalData(); err == nil {
								err = p.Normalized().Validate(x.Catalog(), today)
							}
							if err == nil && len(x.Feedback) > 0 {
								var fs []journal.Feedback
								if fs, err = x.FeedbackItems(); err == nil {
									carried = append(carried, carriedFeedback{name, x.Journal, fs})
								}
							}
							if err == nil {
								personal.Goals = append(personal.Goals, p.Goals...)
								personal.Prompts = append(personal.Prompts, p.Prompts...)
								personal.WatchList = append(personal.WatchList, p.WatchList...)
								es, err = x.Entries()
							}
						}
					}
				}
				if err != nil {
					return fileError(name, err)
				}
				entries = append(entries, es...)
			}
			return a.withDB(func(db *store.DB) error {
				// A bar on standard error for imports long enough to wait for,
				// when someone is watching.
				var progress io.Writer
				if len(entries) > 4*importBatch && isTerminal(a.stderr) {
					progress = a.stderr
				}
				// A journal moved into a new one keeps its id (README).
				cfg := store.NewConfigService(db)
				fresh, err := cfg.Fresh()
				if err != nil {
					return err
				}
				if err := checkFeedbackFiles(db, feedback, skills, fresh, journalID, today); err != nil {
					return err
				}
				if len(feedback) > 0 && len(feedback) == len(args) {
					return importFeedbackFiles(a.stdout, db, feedback, today)
				}
				res, err := importAll(db, skills, entries, today, progress)
				if err != nil {
					return err
				}
				if fresh && journalID != "" {
					if err := cfg.MoveJournalID(journalID); err != nil {
						return err
					}
				}
				if err := importCarriedFeedback(a.stdout, db, carried); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Imported %d entries: %d new, %d updated, %d unchanged.\n",
					len(entries), res.Added, res.Updated, res.Unchanged)
				if res.Skills > 0 {
					fmt.Fprintf(a.stdout, "Added %d skills the entries rate.\n", res.Skills)
				}
				pres, err := db.ImportPersonal(&personal, facilitator)
				if err != nil {
					return err
				}
				if line := personalSummary(pres); line != "" {
					fmt.Fprintln(a.stdout, line)
				}
				return importFeedbackFiles(a.stdout, db, feedback, today)
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "hone", "what wrote the file: hone (a hone export) or jrnl (its JSON export)")
	return cmd
}

// personalSummary says in one line what an import added besides entries
// and skills, or "" when it added nothing.
func personalSummary(r store.PersonalResult) string {
	var added []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{r.Goals, "goal", "goals"}, {r.Prompts, "custom prompt", "custom prompts"}, {r.WatchNames, "name on the watch list", "names on the watch list"}} {
		switch {
		case c.n == 1:
			added = append(added, "1 "+c.one)
		case c.n > 1:
			added = append(added, strconv.Itoa(c.n)+" "+c.many)
		}
	}
	var line string
	if n := len(added); n > 0 {
		line = "Added " + strings.Join(added, ", ") + "."
		if n > 1 {
			line = "Added " + strings.Join(added[:n-1], ", ") + " and " + added[n-1] + "."
		}
	}
	if r.Facilitator != "" {
		line = strings.TrimSpace(line + " Kept the name " + strconv.Quote(r.Facilitator) + " for exports (hone config name).")
	}
	return line
}

// importBatch is how many entries one import transaction writes: bbolt
// slows down sharply in one huge transaction of keys in random order.
const importBatch = 2000

// importAll checks every entry against the journal's catalog (with the
// skills the import brings) before it writes anything, so a bad entry
// leaves the journal untouched, then merges the entries in batches.
func importAll(db *store.DB, skills []journal.Skill, entries []*journal.Entry, today journal.Day, progress io.Writer) (store.ImportResult, error) {
	var total store.ImportResult
	catalog, err := store.NewSkillService(db).Skills()
	if err != nil {
		return total, err
	}
	for _, sk := range skills {
		if _, ok := catalog.Find(sk.ID); !ok {
			catalog = append(catalog, sk)
		}
	}
	for i, e := range entries {
		check := *e
		check.Normalize()
		if err := check.Validate(catalog, today); err != nil {
			return total, fileError(fmt.Sprintf("entry %d (%s)", i+1, e.ID), err)
		}
	}
	es := store.NewEntryService(db)
	for start := 0; start < len(entries) || start == 0; start += importBatch {
		batch := entries[start:min(start+importBatch, len(entries))]
		res, err := es.ImportEntries(skills, batch)
		if err != nil {
			return total, err
		}
		skills = nil // added with the first batch
		if progress != nil {
			fmt.Fprintf(progress, "\rImporting: %s", progressBar(start+len(batch), len(entries)))
		}
		total.Added += res.Added
		total.Updated += res.Updated
		total.Unchanged += res.Unchanged
		total.Skills += res.Skills
	}
	if progress != nil {
		fmt.Fprint(progress, "\r\x1b[K")
	}
	return total, nil
}

// progressBar draws done of total as a bar with a count, for one line of a
// terminal.
func progressBar(done, total int) string {
	const width = 30
	filled := width * done / max(total, 1)
	return "[" + strings.Repeat("#", filled) + strings.Repeat(" ", width-filled) + "] " +
		strconv.Itoa(done) + " of " + strconv.Itoa(total) + " entries"
}
