package main

import (
	"os"

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

// runAccessible runs the daily paths as plain prompts on db (from
// openShared, so that other hone processes work beside it): for a screen
// reader or a slow link. Unlike the full-screen journal it needs no
// terminal, so it also reads answers piped in.
func (a *app) runAccessible(db *store.DB) error {
	warn, err := privacyWarnings(db)
	if err != nil {
		return err
	}
	return ui.RunAccessible(a.stdin, a.stdout, services(db), ui.Options{Now: a.now, Warn: warn})
}
