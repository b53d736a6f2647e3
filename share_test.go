package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

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
	dir := t.TempDir()
	full := filepath.Join(dir, "full.json")
	ok(t, "export", "--db", db, "--full", "-o", full)

	copyDB := filepath.Join(dir, "copy.db")
	out := ok(t, "import", "--db", copyDB, full)
	if !strings.Contains(out, "3 new") || !strings.Contains(out, "Added 2 goals, 1 custom prompt and 1 name on the watch list.") ||
		!strings.Contains(out, `Kept the name "Sam Rivera"`) {
		t.Errorf("first import: %s", out)
	}
	if out := ok(t, "import", "--db", copyDB, full); !strings.Contains(out, "0 new, 0 updated, 3 unchanged") || strings.Contains(out, "Added") {
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

func TestReviewReports(t *testing.T) {
	dir := t.TempDir()
	var exports []string
	for _, name := range []string{"ana", "ben"} {
		db := filepath.Join(dir, name+".db")
		ok(t, "gen", "--db", db, "--entries", "300", "--seed", map[string]string{"ana": "1", "ben": "2"}[name])
		out := filepath.Join(dir, name+".json")
		ok(t, "export", "--db", db, "--facilitator", name, "-o", out)
		exports = append(exports, out)
	}
	team := filepath.Join(dir, "team.html")
	ok(t, append([]string{"review", "--format", "html", "-o", team}, exports...)...)
	b, err := os.ReadFile(team)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ana", "ben", "<html"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the team report lacks %q", want)
		}
	}
	md := filepath.Join(dir, "ana.md")
	ok(t, "review", "--format", "md", "-o", md, exports[0])
	if b, _ := os.ReadFile(md); !bytes.Contains(b, []byte("drifting")) && !bytes.Contains(b, []byte("steady")) {
		t.Errorf("the Markdown review shows no drift:\n%s", b)
	}
}

func TestEncryptedJournal(t *testing.T) {
	db := privateJournal(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pass, newPass, wrong := write("pass", "a long passphrase"), write("new", "another long one"), write("wrong", "not the one")

	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range append(markers, "OTHER7", "We agreed on a plan") {
		if bytes.Contains(b, []byte(m)) {
			t.Errorf("the encrypted journal holds %q in plain text", m)
		}
	}
	if n := len(listJSON(t, db, "--passphrase-file", pass)); n != 3 {
		t.Errorf("the encrypted journal lists %d entries, want 3", n)
	}
	before := fileHash(t, db)
	for name, args := range map[string][]string{
		"NoPassphrase":    {"list", "--db", db},
		"WrongPassphrase": {"list", "--db", db, "--passphrase-file", wrong},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, db) {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
	}
	if fileHash(t, db) != before {
		t.Error("failed opens changed the encrypted journal")
	}
	if out := ok(t, "doctor", "--db", db); !strings.Contains(out, "not checked") {
		t.Errorf("doctor without the passphrase:\n%s", out)
	}
	if out := ok(t, "doctor", "--db", db, "--passphrase-file", pass); !strings.Contains(out, "Entries  3") {
		t.Errorf("doctor with the passphrase:\n%s", out)
	}

	ok(t, "passphrase", "--db", db, "--passphrase-file", pass, "--new-passphrase-file", newPass)
	if r := hone(t, "", nil, "list", "--db", db, "--passphrase-file", pass); r.code != 1 {
		t.Errorf("the old passphrase still opens the journal")
	}
	ok(t, "decrypt", "--db", db, "--passphrase-file", newPass)
	if n := len(listJSON(t, db)); n != 3 {
		t.Errorf("after decrypt the journal lists %d entries, want 3", n)
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

// TestMissingInputFile: a file that is not there is one line that names it,
// exit 1, for import and for a review report.
func TestMissingInputFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere.json")
	for _, args := range [][]string{
		{"import", "--db", filepath.Join(dir, "j.db"), missing},
		{"review", "--format", "html", "-o", filepath.Join(dir, "r.html"), missing},
	} {
		r := hone(t, "", nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "nowhere.json") || !strings.Contains(r.stderr, "cannot be read") ||
			strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("hone %s of a missing file: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "j.db")); err == nil {
		t.Error("a failed import of a missing file made a journal")
	}
}

// TestReadBounded: a file given on the command line is read whole whether
// or not it has a length to size the buffer from, and one larger than
// maxInput is refused in one line naming it, with no journal made.
func TestReadBounded(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("a line of an export\n"), 5000)
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, want, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(small)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, err := readBounded(f, fileSize(f)); err != nil || !bytes.Equal(got, want) {
		t.Errorf("readBounded of a file: %d bytes, %v; want its %d bytes", len(got), err, len(want))
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write(want)
		w.Close()
	}()
	if got, err := readBounded(r, fileSize(r)); err != nil || !bytes.Equal(got, want) {
		t.Errorf("readBounded of a pipe: %d bytes, %v; want its %d bytes", len(got), err, len(want))
	}

	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, maxInput+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	db := filepath.Join(dir, "j.db")
	res := hone(t, "", nil, "import", "--db", db, big)
	if res.code != 1 || !strings.Contains(res.stderr, "big.json") || !strings.Contains(res.stderr, "larger than 512 MiB") ||
		strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
		t.Errorf("import of a file over 512 MiB: exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused import made a journal")
	}
}

// TestExportLoader: review mode's loader refuses a missing file at once,
// naming it, and reads a plain export only when it runs, from the file.
func TestExportLoader(t *testing.T) {
	dir := t.TempDir()
	a := &app{now: time.Now}
	if _, err := a.exportLoader(filepath.Join(dir, "nowhere.json")); err == nil ||
		!strings.Contains(err.Error(), "nowhere.json") || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("exportLoader of a missing file: %v", err)
	}
	db, out := filepath.Join(dir, "a.db"), filepath.Join(dir, "a.json")
	ok(t, "gen", "--db", db, "--entries", "50")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", out)
	load, err := a.exportLoader(out)
	if err != nil {
		t.Fatal(err)
	}
	x, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if x.Facilitator != "Ana" || len(x.Records) != 50 {
		t.Fatalf("the loader read %d entries of %q, want Ana's 50", len(x.Records), x.Facilitator)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	if _, err := load(); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("the loader of a file removed since: %v, want it to say the file cannot be read", err)
	}
}
