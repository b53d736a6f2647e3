package main

import (
	"os"

	"hone/journal"
	"hone/store"
	"hone/ui"
)

// accessible reports whether hone runs its plain-prompt mode instead of
// the full-screen journal: --accessible, or HONE_ACCESSIBLE set to 1 (or
// true, or yes).
func (a *app) accessible() bool {
	if a.accessibleFlag {
		return true
	}
	switch os.Getenv("HONE_ACCESSIBLE") {
	case "1", "true", "yes":
		return true
	}
	return false
}

// runAccessible runs the daily paths as plain prompts on db: for a screen
// reader or a slow link. Unlike the full-screen journal it needs no
// terminal, so it also reads answers piped in.
func (a *app) runAccessible(db *store.DB) error {
	watch, err := store.NewConfigService(db).WatchList()
	if err != nil {
		return err
	}
	checker := journal.NewPrivacyChecker(watch)
	return ui.RunAccessible(a.stdin, a.stdout, services(db), ui.Options{
		Now: a.now,
		Warn: func(e *journal.Entry) []string {
			var lines []string
			for _, w := range checker.Check(e) {
				lines = append(lines, w.String())
			}
			return lines
		},
	})
}

// services are the journal's services for the UI.
func services(db *store.DB) ui.Services {
	return ui.Services{
		Entries: store.NewEntryService(db),
		Skills:  store.NewSkillService(db),
		Prompts: store.NewPromptService(db),
		Ratings: store.NewRatingService(db),
		Goals:   store.NewGoalService(db),
		Drift:   store.NewDriftService(db),
	}
}
