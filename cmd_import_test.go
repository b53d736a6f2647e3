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

// TestImportOfAJournalFileSaysWhatItIs: a journal file given where an
// export is read (a facilitator importing an old journal, a coach given a
// backup) is named as a journal, with the command that makes an export
// of it, not called a file that is not UTF-8.
func TestImportOfAJournalFileSaysWhatItIs(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	ok(t, "add", "--db", old, "from the old journal")
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "in the journal")
	for _, args := range [][]string{{"import", "--db", db, old}, {"review", old, "--format", "md", "-o", filepath.Join(dir, "r.md")}} {
		r := hone(t, "", nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "is a hone journal, not an export") || !strings.Contains(r.stderr, "hone export --full --db") || strings.Contains(r.stderr, "UTF-8") {
			t.Errorf("hone %v: exit %d, stderr %q; want one line saying it is a journal and how to export it", args, r.code, r.stderr)
		}
	}
}
