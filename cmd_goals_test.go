package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

func TestGoalsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	if out := ok(t, "goals", "add", "--db", db, "Reflect more than I ask", "--skill", "eng.mi"); !strings.Contains(out, "Goal 1 set") {
		t.Errorf("goals add printed %q", out)
	}
	before := journal.DayOf(time.Now())
	done := ok(t, "goals", "done", "--db", db, "1")
	list := ok(t, "goals", "--db", db)
	prep := ok(t, "prep", "--db", db)
	after := journal.DayOf(time.Now())
	// The day it was closed: today, or tomorrow if the clock passed midnight.
	if done != "Goal 1 closed on "+before.Short()+".\n" && done != "Goal 1 closed on "+after.Short()+".\n" {
		t.Errorf("goals done printed %q, want the day", done)
	}
	if !strings.Contains(list, "Reflect more than I ask") ||
		!strings.Contains(list, "done "+before.String()) && !strings.Contains(list, "done "+after.String()) {
		t.Errorf("goals listed without the day it was closed:\n%s", list)
	}
	if !strings.Contains(prep, ", closed "+before.Short()+")") && !strings.Contains(prep, ", closed "+after.Short()+")") {
		t.Errorf("prep does not say when the goal was closed:\n%s", prep)
	}
	if out := ok(t, "goals", "reopen", "--db", db, "1"); out != "Goal 1 reopened.\n" {
		t.Errorf("goals reopen printed %q", out)
	}
	if out := ok(t, "goals", "--db", db); !strings.Contains(out, "open") || strings.Contains(out, "done") {
		t.Errorf("goals listed after reopening:\n%s", out)
	}
	if r := hone(t, "", nil, "goals", "add", "--db", db, "No skill"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: skill:") {
		t.Errorf("a goal without a skill: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "goals", "done", "--db", db, "7"); r.code != 1 {
		t.Errorf("closing a goal that does not exist: exit %d", r.code)
	}
}
