package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/journal/report"
	"hone/store"
)

func (a *app) exportCommand() *cobra.Command {
	var (
		format, since, until, out, facilitator string
		full, weekDates, encrypt, withFeedback bool
		withPrompts                            bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Share your journal with a coach, safely (or move it, with --full)",
		Long: `Export the journal for your coach. By default the export is coach-safe: ratings,
kinds, phases, dates, tags, the reflections you marked as shared, and the skill
catalog. It holds no notes, no titles and no private reflections, and family
codes become pseudonyms (F1, F2, ...) that mean nothing outside this export.
--week-dates blurs dates to the week. --full exports everything, to move or
archive your own journal (hone import reads it back).

The export carries the name kept with hone config name, so that your coach
sees whose it is; --facilitator gives another name for this export, and
--facilitator "" none.

No export carries the feedback your coach sent unless you ask:
--with-feedback adds it to a JSON export, each observed rating beside your
own ratings of that week, so that your coach can see both.

A JSON export carries the prompts of your own (hone prompts add) that a
shared reflection in it answers (their text leaves with the reflection
anyway), with their skill tags, so that your coach's agenda for the team can
ask them; --with-prompts carries every prompt of your own that is not
archived, answered or not. Never an answer you did not share.

JSON, CSV and Markdown go to standard output unless -o is given; HTML and
encrypted exports need -o.`,
		Example: `  hone export --since -90d --format html -o coach-report.html
  hone export --week-dates -o for-coach.json
  hone export --full --encrypt -o journal-archive.json.age`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			switch format {
			case "json", "csv", "md", "markdown", "html":
			default:
				return journal.Invalid("format", "%q is not a format; use json, csv, md or html", format)
			}
			if full && weekDates {
				return journal.Invalid("week-dates", "a full export keeps exact dates; leave out --full or --week-dates")
			}
			if withFeedback && format != "json" {
				return journal.Invalid("with-feedback", "only JSON exports carry coach feedback; leave out --format %s or --with-feedback", format)
			}
			if withPrompts && (format != "json" || full) {
				return journal.Invalid("with-prompts", "only coach-safe JSON exports carry your prompts (a full export always does); leave out --with-prompts")
			}
			if out == "" && (format == "html" || encrypt) {
				return journal.Invalid("output", "HTML and encrypted exports go to a file; add -o FILE")
			}
			opts := journal.ExportOptions{Full: full, WeekDates: weekDates, Facilitator: facilitator, Now: a.now(), AllPrompts: withPrompts}
			today := a.today()
			for _, b := range []struct {
				field, value string
				dst          **journal.Day
			}{{"since", since, &opts.Since}, {"until", until, &opts.Until}} {
				if b.value != "" {
					d, err := parseDay(b.field, b.value, today)
					if err != nil {
						return err
					}
					*b.dst = &d
				}
			}
			if out != "" {
				if err := a.checkOutput(out); err != nil {
					return err
				}
			}
			var pass string
			if encrypt {
				var err error
				if pass, err = a.passphrase(true); err != nil {
					return err
				}
			}
			noID := a.ensureJournalID()
			err := a.readDB(func(db *store.DB) error {
				var err error
				if opts.Journal, err = store.NewConfigService(db).JournalID(); err != nil {
					return err
				}
				if !cmd.Flags().Changed("facilitator") {
					name, err := store.NewConfigService(db).FacilitatorName()
					if err != nil {
						return err
					}
					opts.Facilitator = name
				}
				catalog, err := store.NewSkillService(db).Skills()
				if err != nil {
					return err
				}
				if opts.Drift, err = exportDrift(db, catalog, opts.WeekDates && !full, today); err != nil {
					return err
				}
				opts.DriftAsOf = today
				if withFeedback {
					if opts.Feedback, err = exportFeedback(db, opts.WeekDates && !full); err != nil {
						return err
					}
				}
				if full {
					if opts.Personal, err = db.Personal(); err != nil {
						return err
					}
				} else if opts.Prompts, err = store.NewPromptService(db).Prompts(); err != nil {
					return err
				}
				// JSON is written as the entries are read, never all of them
				// in memory; the other formats render a whole export.
				var (
					x *journal.Export
					n journal.ExportCounts
				)
				write := func(w io.Writer) error {
					return store.NewEntryService(db).ViewEntries(opts.Since, opts.Until, func(src journal.EntrySource) (err error) {
						x, n, err = journal.WriteExportJSONFrom(w, src, catalog, opts)
						return err
					})
				}
				if format != "json" {
					entries, err := store.NewEntryService(db).FindEntries(journal.EntryFilter{Since: opts.Since, Until: opts.Until})
					if err != nil {
						return err
					}
					x = journal.BuildExport(entries, catalog, opts)
					n = x.Counts()
					write = exportWriter(x, format, today)
				}
				if encrypt {
					write = sealed(pass, write)
				}
				if out == "" {
					return write(a.stdout)
				}
				if err := a.writeOutput(out, write); err != nil {
					return err
				}
				summary := exportSummary(x, n)
				if withFeedback {
					summary += "; with " + countItems(len(opts.Feedback)) + " of your coach's feedback"
				}
				fmt.Fprintf(a.stderr, "Wrote %s: %s\n", journal.SafeLine(out), summary)
				return nil
			})
			if err == nil && noID != "" {
				// Said once the export is written: an export that fails
				// has its own one line to say.
				fmt.Fprintln(a.stderr, noID)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "json", "file format: json, csv, md (Markdown) or html")
	f.StringVar(&since, "since", "", "entries on or after this day")
	f.StringVar(&until, "until", "", "entries on or before this day")
	f.BoolVar(&full, "full", false, "everything, notes and family codes included (for your own use, not for sharing)")
	f.BoolVar(&weekDates, "week-dates", false, "dates as ISO weeks (2026-W10) instead of days")
	f.BoolVar(&encrypt, "encrypt", false, "encrypt the file with a passphrase (age)")
	f.StringVar(&facilitator, "facilitator", "", "your name or initials, shown to the coach (default: the name kept with hone config name; \"\" for none)")
	f.BoolVar(&withPrompts, "with-prompts", false, "carry every prompt of your own, not only those a shared reflection answers (JSON only; the questions, never an answer)")
	f.BoolVar(&withFeedback, "with-feedback", false, "carry your coach's feedback back, beside your own ratings (JSON only; never by default)")
	f.StringVarP(&out, "output", "o", "", "write to this file (mode 0600)")
	return cmd
}

// exportDrift returns the facilitator's verdicts as of day over the whole
// journal, for an export to carry (SPEC section 7): those of hone drift,
// or with weeks their sentences naming ISO weeks.
func exportDrift(db *store.DB, catalog journal.Catalog, weeks bool, day journal.Day) ([]journal.Drift, error) {
	if !weeks {
		return store.NewDriftService(db).Drift(day)
	}
	ratings, err := store.NewRatingService(db).Ratings()
	if err != nil {
		return nil, err
	}
	return journal.AnalyzeCatalogWeeks(catalog, ratings, day), nil
}

// exportWriter returns what writes x in format: json, csv, md or html.
func exportWriter(x *journal.Export, format string, today journal.Day) func(io.Writer) error {
	return func(w io.Writer) error {
		switch format {
		case "csv":
			return journal.WriteExportCSV(w, x)
		case "md", "markdown":
			return journal.WriteExportMarkdown(w, x, today)
		case "html":
			return report.Write(w, x, today)
		}
		return journal.WriteExportJSON(w, x)
	}
}

// exportSummary says in one line what an export holds, so the facilitator
// sees what leaves the machine.
func exportSummary(x *journal.Export, n journal.ExportCounts) string {
	period := x.PeriodOf(n)
	if x.Range == nil || x.Range.Since == "" {
		period = "all of the journal, " + period
	}
	what := fmt.Sprintf("%s (%s), %s, %s", count(n.Entries, "entry", "entries"), period,
		count(n.Ratings, "rating", "ratings"), count(n.Reflections, "reflection", "reflections"))
	if x.Full() {
		return what + "; everything, notes and family codes included: keep it to yourself"
	}
	return what + "; " + x.PrivacyStatement()
}

// count says n things: "1 entry", "2 entries".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ensureJournalID makes the journal's id when it has none yet (a journal
// from before hone had ids, never exported): the one write an export may
// need, done before the export reads the journal under the shared lock.
// When the journal cannot be written now (another hone holds it, or the
// file is read-only, or marked damaged), the export goes ahead without the
// id, as hones before ids wrote it, and the line it returns, for standard
// error once the export is written, says what that means; "" when the
// journal has its id.
func (a *app) ensureJournalID() string {
	var id string
	err := a.readDB(func(db *store.DB) (err error) {
		id, err = store.NewConfigService(db).KeptJournalID()
		return err
	})
	if err != nil || id != "" {
		return "" // the export's own read reports a journal it cannot read
	}
	err = a.withDB(func(db *store.DB) error {
		_, err := store.NewConfigService(db).JournalID()
		return err
	})
	if err != nil {
		return "hone: this export carries no journal id, so coach feedback on it cannot be imported (" + journal.SafeLine(journal.ErrorMessage(err)) + ")"
	}
	return ""
}
