package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hone/journal"
)

func TestExportUsesKeptName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	facilitator := func(args ...string) (string, bool) {
		t.Helper()
		var x struct {
			Facilitator *string `json:"facilitator"`
		}
		out := ok(t, append([]string{"export", "--db", db}, args...)...)
		if err := json.Unmarshal([]byte(out), &x); err != nil {
			t.Fatalf("export %v is not JSON: %v", args, err)
		}
		if x.Facilitator == nil {
			return "", false
		}
		return *x.Facilitator, true
	}
	if name, has := facilitator(); has {
		t.Errorf("with no name kept the export carries %q", name)
	}
	ok(t, "config", "name", "--db", db, "Sam Rivera")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"Kept", nil, "Sam Rivera"},
		{"KeptMarkdown", []string{"--format", "md"}, "Sam Rivera"},
		{"Override", []string{"--facilitator", "Ana"}, "Ana"},
		{"Suppressed", []string{"--facilitator", ""}, ""},
		{"SuppressedEquals", []string{"--facilitator="}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "KeptMarkdown" {
				if out := ok(t, append([]string{"export", "--db", db}, c.args...)...); !strings.Contains(out, c.want) {
					t.Errorf("the Markdown export lacks %q:\n%s", c.want, out)
				}
				return
			}
			name, has := facilitator(c.args...)
			if name != c.want || has != (c.want != "") {
				t.Errorf("export %v carries the name %q (present %v), want %q", c.args, name, has, c.want)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "coach.json")
	ok(t, "export", "--db", db, "-o", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	x, err := journal.ReadExport(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if x.Facilitator != "Sam Rivera" {
		t.Errorf("the file written carries %q", x.Facilitator)
	}
}

// markers are planted in the private fields of a journal; no coach-safe
// export may hold any of them.
var markers = []string{"SECRET-NOTE-1", "SECRET-TITLE-2", "FAMCODE9", "SECRET-GOAL-3", "SECRET-PROMPT-4", "Watchname5"}

func privateJournal(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--date", "-20d", "--family", "FAMCODE9", "--title", "SECRET-TITLE-2",
		"--rate", "eng.mi=4", "--rate", "team.facil=3", "--tag", "mi", "--reflect", "rolfe-what=We agreed on a plan", "SECRET-NOTE-1")
	ok(t, "add", "--db", db, "--date", "-10d", "--family", "FAMCODE9", "--rate", "eng.mi=3", "SECRET-NOTE-1 again")
	ok(t, "add", "--db", db, "--date", "-5d", "--family", "OTHER7", "--kind", "crisis", "--rate", "plan.safety=2", "plain")
	// What the journal keeps besides entries: goals (one closed), a custom
	// prompt no reflection answers, a name on the watch list.
	ok(t, "goals", "add", "--db", db, "SECRET-GOAL-3 reflect before I advise", "--skill", "eng.mi")
	ok(t, "goals", "add", "--db", db, "Prepare the team meeting with the family", "--skill", "team.facil")
	ok(t, "goals", "done", "--db", db, "2")
	ok(t, "prompts", "add", "--db", db, "--text", "SECRET-PROMPT-4 what did I leave unsaid?", "--tag", "eng.mi")
	ok(t, "config", "watch", "add", "--db", db, "Watchname5")
	return db
}

// personalState is what a journal keeps besides entries, as the commands
// print it: goals, the custom prompts, the watch list, the kept name.
func personalState(t *testing.T, db string) string {
	t.Helper()
	var prompts []struct {
		ID   string   `json:"id"`
		Text string   `json:"text"`
		Tags []string `json:"tags"`
	}
	if err := json.Unmarshal([]byte(ok(t, "prompts", "--db", db, "--json")), &prompts); err != nil {
		t.Fatal(err)
	}
	var custom []string
	for _, p := range prompts {
		if strings.HasPrefix(p.ID, "my-") {
			custom = append(custom, p.ID+" "+p.Text+" "+strings.Join(p.Tags, ","))
		}
	}
	return ok(t, "goals", "--db", db) + strings.Join(custom, "\n") + "\n" +
		ok(t, "config", "watch", "list", "--db", db) + ok(t, "config", "name", "--db", db)
}

func TestCoachSafeExports(t *testing.T) {
	db := privateJournal(t)
	dir := t.TempDir()
	for _, format := range []string{"json", "csv", "md", "html"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(dir, "coach."+format)
			ok(t, "export", "--db", db, "--format", format, "-o", out)
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range markers {
				if bytes.Contains(b, []byte(m)) {
					t.Errorf("the coach-safe %s export holds %q", format, m)
				}
			}
			if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
				t.Errorf("export mode = %v, want 0600", info.Mode().Perm())
			}
			if format != "csv" && !bytes.Contains(b, []byte("We agreed on a plan")) {
				t.Errorf("the %s export lost the shared reflection", format)
			}
			if format == "json" && !(bytes.Contains(b, []byte(`"F1"`)) && bytes.Contains(b, []byte(`"F2"`))) {
				t.Errorf("the JSON export lacks the pseudonyms F1 and F2:\n%s", b)
			}
			if format == "csv" {
				if rows := strings.Count(strings.TrimSpace(string(b)), "\n"); rows != 4 {
					t.Errorf("CSV has %d rows after the header, want one per rating (4)", rows)
				}
			}
		})
	}

	week := ok(t, "export", "--db", db, "--week-dates")
	var x struct {
		Entries []struct {
			Date string `json:"date"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(week), &x); err != nil {
		t.Fatal(err)
	}
	for _, e := range x.Entries {
		if !regexp.MustCompile(`^\d{4}-W\d{2}$`).MatchString(e.Date) {
			t.Errorf("--week-dates gave the date %q", e.Date)
		}
	}
	if r := hone(t, "", nil, "export", "--db", db, "--format", "html"); r.code != 1 || !strings.HasPrefix(r.stderr, "hone: output:") {
		t.Errorf("HTML to standard output: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "export", "--db", db, "-o", db); r.code != 1 {
		t.Errorf("exporting over the journal itself: exit %d", r.code)
	}
}

func TestFullExportImportRoundTrip(t *testing.T) {
	db := privateJournal(t)
	ok(t, "config", "name", "--db", db, "Sam Rivera")
	// The catalog: custom skills whole (one rated, one archived), and
	// archived built-in skills.
	ok(t, "skills", "add", "--db", db, "fam.meals", "--name", "Shared meal planning", "--group", "Family",
		"--key-element", "Natural & Community Supports", "--description", "Plans meals with the family's own supports",
		"--anchor1", "Plans for them", "--anchor3", "Plans with them", "--anchor5", "They plan, I listen")
	ok(t, "skills", "add", "--db", db, "fam.rides", "--name", "Rides", "--description", "Who drives whom")
	ok(t, "add", "--db", db, "--date", "-3d", "--rate", "fam.meals=4", "meals")
	ok(t, "skills", "archive", "--db", db, "fam.rides")
	ok(t, "skills", "archive", "--db", db, "self.doc")
	dir := t.TempDir()
	full := filepath.Join(dir, "full.json")
	ok(t, "export", "--db", db, "--full", "-o", full)

	copyDB := filepath.Join(dir, "copy.db")
	out := ok(t, "import", "--db", copyDB, full)
	if !strings.Contains(out, "4 new") || !strings.Contains(out, "Added 2 goals, 1 custom prompt and 1 name on the watch list.") ||
		!strings.Contains(out, `Kept the name "Sam Rivera"`) {
		t.Errorf("first import: %s", out)
	}
	if out := ok(t, "import", "--db", copyDB, full); !strings.Contains(out, "0 new, 0 updated, 4 unchanged") || strings.Contains(out, "Added") {
		t.Errorf("second import: %s", out)
	}
	want, _ := json.Marshal(listJSON(t, db))
	got, _ := json.Marshal(listJSON(t, copyDB))
	if !bytes.Equal(got, want) {
		t.Errorf("the imported journal differs:\n got %s\nwant %s", got, want)
	}
	if got, want := personalState(t, copyDB), personalState(t, db); got != want {
		t.Errorf("the imported journal's goals, prompts, watch list or name differ:\n got %s\nwant %s", got, want)
	}
	if got, want := ok(t, "skills", "--db", copyDB, "--json"), ok(t, "skills", "--db", db, "--json"); got != want {
		t.Errorf("the imported journal's skills differ:\n got %s\nwant %s", got, want)
	}

	before := fileHash(t, copyDB)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format": "hone.export", "version": 1, "entries": [`), 0o600)
	r := hone(t, "", nil, "import", "--db", copyDB, full, bad)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "hone: "+bad) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("import of a malformed file: exit %d, stderr %q", r.code, r.stderr)
	}
	coach := filepath.Join(dir, "coach.json")
	ok(t, "export", "--db", db, "-o", coach)
	if r := hone(t, "", nil, "import", "--db", copyDB, coach); r.code != 1 || !strings.Contains(r.stderr, "coach-safe") {
		t.Errorf("import of a coach-safe export: exit %d, stderr %q", r.code, r.stderr)
	}
	if fileHash(t, copyDB) != before {
		t.Error("refused imports changed the journal")
	}
}

func TestEncryptedExport(t *testing.T) {
	db := privateJournal(t)
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("correct horse battery\n"), 0o600)
	sealedPath := filepath.Join(dir, "archive.json.age")
	ok(t, "export", "--db", db, "--full", "--encrypt", "--passphrase-file", pass, "-o", sealedPath)
	b, err := os.ReadFile(sealedPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) {
		t.Errorf("the encrypted export is not an age file: %q", b[:min(40, len(b))])
	}
	for _, m := range append(markers, "eng.mi", "rolfe-what") {
		if bytes.Contains(b, []byte(m)) {
			t.Errorf("the encrypted export holds %q in plain text", m)
		}
	}

	copyDB := filepath.Join(dir, "copy.db")
	ok(t, "import", "--db", copyDB, "--passphrase-file", pass, sealedPath)
	if n := len(listJSON(t, copyDB)); n != 3 {
		t.Errorf("%d entries imported from the encrypted export, want 3", n)
	}

	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(wrong, []byte("not it"), 0o600)
	r := hone(t, "", []string{"HONE_PASSPHRASE_FILE=" + wrong}, "import", "--db", copyDB, sealedPath)
	if r.code != 1 || !strings.Contains(r.stderr, "passphrase") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("a wrong passphrase: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "export", "--db", db, "--encrypt", "-o", filepath.Join(dir, "x.age")); r.code != 1 || !strings.Contains(r.stderr, "--passphrase-file") {
		t.Errorf("--encrypt with no terminal and no passphrase file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestExportSaysItsPeriod holds that hone export says which period it
// wrote, and that without --since it is the whole journal.
func TestExportSaysItsPeriod(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "--db", db, "add", "--date", "2026-01-05", "--rate", "eng.mi=3", "first")
	ok(t, "--db", db, "add", "--date", "2026-03-10", "--rate", "eng.mi=4", "last")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "2 entries (all of the journal, 5 Jan 2026 to 10 Mar 2026)"},
		{[]string{"--format", "csv"}, "2 entries (all of the journal, 5 Jan 2026 to 10 Mar 2026)"},
		{[]string{"--since", "2026-02-01"}, "1 entry (1 Feb 2026 to "},
	} {
		args := append([]string{"--db", db, "export", "-o", filepath.Join(dir, "x.out")}, tt.args...)
		if r := hone(t, "", nil, args...); r.code != 0 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("hone %v: exit %d, stderr %q; want %q in it", args, r.code, r.stderr, tt.want)
		}
	}
}

// exportJournalID returns the "journal" of the JSON export hone writes
// with args, "" when it has none.
func exportJournalID(t *testing.T, args ...string) string {
	t.Helper()
	var x struct {
		Journal string `json:"journal"`
	}
	out := ok(t, append([]string{"export"}, args...)...)
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("export %v is not JSON: %v", args, err)
	}
	return x.Journal
}

// TestExportJournalID: every export of a journal, coach-safe or full,
// carries the journal's one id; another journal's differs. A full export
// imported into a new journal moves the id with it; imported into a
// journal that has entries of its own, it leaves that journal's id alone.
func TestExportJournalID(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "notes")
	id := exportJournalID(t, "--db", db)
	if err := journal.ValidateJournalID(id); err != nil {
		t.Fatalf("the export's journal id: %v", err)
	}
	for _, args := range [][]string{{"--week-dates"}, {"--full"}, {"--since", "-7d"}} {
		if got := exportJournalID(t, append([]string{"--db", db}, args...)...); got != id {
			t.Errorf("export %v carries the journal id %q, want %q", args, got, id)
		}
	}
	other := filepath.Join(dir, "other.db")
	ok(t, "add", "--db", other, "--rate", "eng.mi=3", "other notes")
	otherID := exportJournalID(t, "--db", other)
	if otherID == id {
		t.Fatalf("two journals share the id %q", id)
	}

	archive := filepath.Join(dir, "archive.json")
	ok(t, "export", "--db", db, "--full", "-o", archive)
	moved := filepath.Join(dir, "moved.db")
	ok(t, "import", "--db", moved, archive)
	if got := exportJournalID(t, "--db", moved); got != id {
		t.Errorf("a journal moved by a full export has the id %q, want the old one %q", got, id)
	}
	ok(t, "import", "--db", other, archive)
	if got := exportJournalID(t, "--db", other); got != otherID {
		t.Errorf("importing another journal's export changed this journal's id from %q to %q", otherID, got)
	}
}

// TestExportCarriesCustomPrompts: a coach-safe export carries the custom
// prompts a shared reflection in it answers (id, text, tags), never a
// private answer nor a prompt answered only in private; --with-prompts
// carries every custom prompt, still without the private answer; a full
// export carries them in "personal" only; review reads them back into the
// agenda without complaint.
func TestExportCarriesCustomPrompts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	shared := strings.TrimSpace(ok(t, "--db", db, "prompts", "add", "--text", "Who did I not hear from today? PROMPT-q4", "--tag", "eng.mi"))
	private := strings.TrimSpace(ok(t, "--db", db, "prompts", "add", "--text", "What am I avoiding? PROMPT-p7", "--tag", "team.facil"))
	ok(t, "--db", db, "add", "--rate", "eng.mi=4", "--reflect", shared+"=SHARED-ANSWER-m2", "--reflect-private", private+"=PRIVATE-ANSWER-k8")

	type prompt struct {
		ID   string   `json:"id"`
		Text string   `json:"text"`
		Tags []string `json:"tags"`
	}
	read := func(args ...string) ([]prompt, string) {
		t.Helper()
		out := ok(t, append([]string{"--db", db, "export"}, args...)...)
		var x struct {
			Prompts  []prompt        `json:"prompts"`
			Feedback json.RawMessage `json:"feedback"`
		}
		if err := json.Unmarshal([]byte(out), &x); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "PRIVATE-ANSWER-k8") || !strings.Contains(out, "SHARED-ANSWER-m2") || x.Feedback != nil {
			t.Errorf("export %v carries a private answer or feedback, or lacks the shared one:\n%s", args, out)
		}
		return x.Prompts, out
	}
	ps, out := read()
	if len(ps) != 1 || ps[0].ID != shared || ps[0].Text != "Who did I not hear from today? PROMPT-q4" || !slices.Equal(ps[0].Tags, []string{"eng.mi"}) ||
		strings.Contains(out, "PROMPT-p7") {
		t.Errorf("the coach-safe export's prompts: %+v", ps)
	}
	if ps, _ := read("--with-prompts", "--week-dates"); len(ps) != 2 || ps[1].ID != private || !slices.Equal(ps[1].Tags, []string{"team.facil"}) {
		t.Errorf("--with-prompts: %+v", ps)
	}
	for _, args := range [][]string{{"--with-prompts", "--format", "md"}, {"--with-prompts", "--full"}} {
		if r := hone(t, "", nil, append([]string{"--db", db, "export"}, args...)...); r.code != 1 || !strings.Contains(r.stderr, "with-prompts") {
			t.Errorf("export %v: exit %d, %q", args, r.code, r.stderr)
		}
	}
	full := ok(t, "--db", db, "export", "--full")
	var fx map[string]json.RawMessage
	if err := json.Unmarshal([]byte(full), &fx); err != nil {
		t.Fatal(err)
	}
	if _, ok := fx["prompts"]; ok || !strings.Contains(string(fx["personal"]), "PROMPT-q4") {
		t.Errorf("a full export: prompts %s, personal %s", fx["prompts"], fx["personal"])
	}
	path := filepath.Join(dir, "ana.json")
	os.WriteFile(path, []byte(out), 0o600)
	if r := hone(t, "", nil, "review", "--agenda", path); r.code != 0 {
		t.Errorf("review --agenda of an export with prompts: exit %d, %s", r.code, r.stderr)
	}
}
