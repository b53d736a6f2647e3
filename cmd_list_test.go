package main

import (
	"path/filepath"
	"strings"
	"testing"

	"hone/journal"
)

func TestListFilters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--date", "2026-01-10", "--rate", "eng.mi=3", "--tag", "mi", "--family", "F1", "alpha")
	ok(t, "add", "--db", db, "--date", "2026-02-10", "--kind", "crisis", "--rate", "plan.safety=2", "--family", "F2", "bravo safety")
	ok(t, "add", "--db", db, "--date", "2026-03-10", "--rate", "eng.mi=4", "--tag", "mi", "--family", "f1", "charlie")

	ids := func(es []journal.EntryRecord) string {
		var notes []string
		for _, e := range es {
			notes = append(notes, *e.Notes)
		}
		return strings.Join(notes, ",")
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"All", nil, "charlie,bravo safety,alpha"},
		{"Since", []string{"--since", "2026-02-10"}, "charlie,bravo safety"},
		{"Until", []string{"--until", "2026-02-10"}, "bravo safety,alpha"},
		{"Skill", []string{"--skill", "eng.mi"}, "charlie,alpha"},
		{"Tag", []string{"--tag", "#MI"}, "charlie,alpha"},
		{"Kind", []string{"--kind", "crisis"}, "bravo safety"},
		{"Family", []string{"--family", "F1"}, "charlie,alpha"},
		{"Search", []string{"--search", "SAFETY"}, "bravo safety"},
		{"Limit", []string{"-n", "1"}, "charlie"},
		{"Combined", []string{"--skill", "eng.mi", "--since", "2026-02-01"}, "charlie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(listJSON(t, db, tt.args...)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	text := ok(t, "list", "--db", db)
	if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "2026-03-10") {
		t.Errorf("list text =\n%s", text)
	}
	r := hone(t, "", nil, "list", "--db", db, "--skill", "eng.mj")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: skill:") {
		t.Errorf("list --skill eng.mj: exit %d, stderr %q", r.code, r.stderr)
	}
}
