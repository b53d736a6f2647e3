package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportJrnl(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	src := filepath.Join("journal", "testdata", "jrnl.json")
	ok(t, "import", "--db", db, "--from", "jrnl", src)
	entries := listJSON(t, db)
	if len(entries) == 0 {
		t.Fatal("nothing imported")
	}
	var text, tags string
	for _, e := range entries {
		text += *e.Title + " " + *e.Notes
		tags += strings.Join(e.Tags, " ") + " "
	}
	if !strings.Contains(text, "First week with the new caseload") || !strings.Contains(tags, "mi") {
		t.Errorf("the jrnl entries lost text or tags: %q / %q", text, tags)
	}
	if out := ok(t, "import", "--db", db, "--from", "jrnl", src); !strings.Contains(out, "0 new, 0 updated") {
		t.Errorf("importing the jrnl file twice: %s", out)
	}
}

func TestProgressBar(t *testing.T) {
	for _, tt := range []struct {
		done, total int
		want        string
	}{
		{0, 10, "[                              ] 0 of 10 entries"},
		{5, 10, "[###############               ] 5 of 10 entries"},
		{10, 10, "[##############################] 10 of 10 entries"},
	} {
		if got := progressBar(tt.done, tt.total); got != tt.want {
			t.Errorf("progressBar(%d, %d) = %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
}
