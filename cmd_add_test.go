package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

func TestAddListShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "try", "j.db")
	out := ok(t, "add", "--db", db, "--date", "2026-03-02", "--kind", "team-meeting", "--family", "F12",
		"--rate", "eng.mi=4", "--rate", "team.facil=3", "--tag", "mi", "notes")
	id := strings.TrimSpace(out)
	if len(id) != journal.IDLength {
		t.Fatalf("add printed %q, want a %d-character id", out, journal.IDLength)
	}

	entries := listJSON(t, db)
	if len(entries) != 1 {
		t.Fatalf("list --json gave %d entries, want 1", len(entries))
	}
	e := entries[0]
	if e.ID != id || e.Date != "2026-03-02" || e.Kind != journal.KindTeamMeeting || e.Family != "F12" {
		t.Errorf("list --json gave %+v", e)
	}
	if got, want := fmt.Sprint(e.Ratings), "map[eng.mi:4 team.facil:3]"; got != want {
		t.Errorf("ratings = %s, want %s", got, want)
	}
	if e.Notes == nil || *e.Notes != "notes" || fmt.Sprint(e.Tags) != "[mi]" {
		t.Errorf("notes/tags = %v/%v", e.Notes, e.Tags)
	}

	var shown journal.EntryRecord
	if err := json.Unmarshal([]byte(ok(t, "show", "--db", db, id, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.ID != id || shown.Ratings["eng.mi"] != 4 || shown.Ratings["team.facil"] != 3 {
		t.Errorf("show --json gave %+v", shown)
	}

	text := ok(t, "show", "--db", db, id[:8])
	for _, want := range []string{id, "Monday 2 March 2026", "F12", "eng.mi", "notes"} {
		if !strings.Contains(text, want) {
			t.Errorf("show output lacks %q:\n%s", want, text)
		}
	}
	if info, err := os.Stat(db); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if info, err := os.Stat(filepath.Dir(db)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("journal directory mode = %v (%v), want 0700", info.Mode().Perm(), err)
	}
}

func TestAddRefusesBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "first")
	before := fileHash(t, db)
	weekAhead := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)

	tests := []struct {
		name  string
		args  []string
		field string // the line must start with "hone: FIELD:"
	}{
		{"ErrRatingOutOfRange", []string{"--rate", "eng.mi=7"}, "rating"},
		{"ErrRatingNotANumber", []string{"--rate", "eng.mi=high"}, "rating"},
		{"ErrUnknownSkill", []string{"--rate", "eng.mx=4"}, "rating"},
		{"ErrDateUnparseable", []string{"--date", "2026-13-40"}, "date"},
		{"ErrDateAWeekAhead", []string{"--date", weekAhead}, "date"},
		{"ErrKind", []string{"--kind", "party"}, "kind"},
		{"ErrPhase", []string{"--phase", "7"}, "phase"},
		{"ErrFamilyTooLong", []string{"--family", strings.Repeat("F", 33)}, "family"},
		{"ErrTag", []string{"--tag", "no spaces"}, "tag"},
		{"ErrUnknownPrompt", []string{"--reflect", "nope=answer"}, "reflect"},
		{"ErrEmpty", []string{}, "entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"add", "--db", db}, tt.args...)
			if tt.name != "ErrEmpty" {
				args = append(args, "some notes")
			}
			r := hone(t, "", nil, args...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1 (stderr %q)", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "hone: "+tt.field+":") {
				t.Errorf("stderr = %q, want one line starting %q", r.stderr, "hone: "+tt.field+":")
			}
			if fileHash(t, db) != before {
				t.Error("the journal file changed")
			}
		})
	}
	if n := len(listJSON(t, db)); n != 1 {
		t.Errorf("journal holds %d entries, want 1", n)
	}
}

func TestUnknownSkillSuggestsNearest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "", nil, "add", "--db", db, "--rate", "eng.mx=4", "x")
	if !strings.Contains(r.stderr, "eng.mi") {
		t.Errorf("stderr = %q, want a suggestion of eng.mi", r.stderr)
	}
}

func TestNotesFromStandardInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := hone(t, "Dad led the strengths round.\nNext: school meeting.\n", nil, "add", "--db", db, "--kind", "check-in")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	e := listJSON(t, db)[0]
	if e.Notes == nil || *e.Notes != "Dad led the strengths round.\nNext: school meeting.\n" || e.Kind != journal.KindCheckIn {
		t.Errorf("entry = %+v", e)
	}
}

// TestReflectPrivate holds that --reflect-private keeps an answer out of
// coach-safe exports while --reflect shares it, as the help of both says.
func TestReflectPrivate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	id := strings.TrimSpace(ok(t, "--db", db, "add", "--rate", "eng.mi=4",
		"--reflect", "rolfe-what=Shared words about the plan",
		"--reflect-private", "rolfe-so-what=Private doubts about myself"))
	var e journal.EntryRecord
	if err := json.Unmarshal([]byte(ok(t, "--db", db, "show", id, "--json")), &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Reflections) != 2 || e.Reflections[0].Shared == nil || !*e.Reflections[0].Shared ||
		e.Reflections[1].Shared == nil || *e.Reflections[1].Shared {
		t.Fatalf("reflections = %+v, want the first shared and the second private", e.Reflections)
	}
	export := ok(t, "--db", db, "export")
	if !strings.Contains(export, "Shared words about the plan") {
		t.Error("the coach-safe export lacks the shared answer")
	}
	if strings.Contains(export, "Private doubts") {
		t.Error("the coach-safe export carries the private answer")
	}
	for _, h := range []string{"add", "export"} {
		if out := ok(t, h, "--help"); !strings.Contains(out, "shared") {
			t.Errorf("hone %s --help does not say which reflections are shared", h)
		}
	}
}

// TestAddLockedPrintsTheEntryBack: hone add that cannot write (another
// hone holds the journal past the lock's timeout) loses nothing typed on
// the command line or piped in (issues 16 and 17): it prints the whole
// entry back as a hone add command, shell-quoted and made safe for the
// terminal, with the date resolved ("yesterday" would shift by the next
// day), and says so in one line. Run through a shell once the journal is
// free, that command saves the entry the first run would have saved,
// field by field.
func TestAddLockedPrintsTheEntryBack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "first")
	const typed = "Dvořák met the family: dad's \"plan\" costs $5 and `date` ran\n" +
		"second line \\ a backslash, 'single' quotes, $(echo no) ${HOME} \x1b[31mred\x1b[0m\n\n  indented last line\n"
	const saved = "Dvořák met the family: dad's \"plan\" costs $5 and `date` ran\n" +
		"second line \\ a backslash, 'single' quotes, $(echo no) ${HOME} red\n\n  indented last line\n"
	flags := []string{"--date", "yesterday", "--kind", "check-in", "--phase", "2",
		"--family", "F12 'b'", "--title", "Plan review: Mum's \"new\" $plan `x`",
		"--rate", "eng.mi=4", "--rate", "team.facil=3", "--tag", "mi", "--tag", "school-plan",
		"--reflect", "rolfe-what=Grandmother joined; she said \"we're in\" $HOME",
		"--reflect-private", "rolfe-so-what=I doubted `myself`\nand then didn't"}
	big := strings.Repeat("A long line of notes pasted from a report, Dvořák's too. ", 4000) // past an argument's 128 KiB
	for _, tt := range []struct {
		name, stdin string
		args        []string
		notes       string // what is saved
	}{
		{"NotesTyped", "", append(slices.Clone(flags), typed), saved},
		{"NotesPiped", typed, flags, saved},
		{"NotesLookLikeAFlag", "", append(slices.Clone(flags), "--", "--title is how it began"), "--title is how it began"},
		{"NotesPipedPastAnArgument", big, flags, big},
		{"NoNotes", "", flags, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			release := holdWriteLock(t, path)
			r := hone(t, tt.stdin, nil, append([]string{"add", "--db", path}, tt.args...)...)
			release()
			if r.code != 1 || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 ||
				!strings.Contains(r.stderr, "another hone") || !strings.Contains(r.stderr, "standard output") {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if strings.ContainsRune(r.stdout, 0x1b) {
				t.Errorf("what was printed back was not made safe: %q", r.stdout)
			}
			yesterday := (journal.DayOf(time.Now()) - 1).String()
			if strings.Contains(r.stdout, "yesterday") || !strings.Contains(r.stdout, yesterday) {
				t.Errorf("the date printed back is not resolved to %s:\n%.300s", yesterday, r.stdout)
			}
			// The command printed back, run through a shell with nothing
			// to read on its standard input but a decoy. (A command
			// longer than an argument goes to sh in a file.)
			home := t.TempDir()
			sh := exec.Command("sh", "-c", r.stdout)
			if len(r.stdout) > 100<<10 {
				script := filepath.Join(home, "entry.sh")
				if err := os.WriteFile(script, []byte(r.stdout), 0o600); err != nil {
					t.Fatal(err)
				}
				sh = exec.Command("sh", script)
			}
			sh.Env = []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
				"PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")}
			sh.Stdin = strings.NewReader("a decoy the command must not read")
			again := runHone(t, sh)
			if again.code != 0 {
				t.Fatalf("the command printed back: exit %d, stderr %q\n%.500s", again.code, again.stderr, r.stdout)
			}
			var got journal.EntryRecord
			if err := json.Unmarshal([]byte(ok(t, "--db", path, "show", strings.TrimSpace(again.stdout), "--json")), &got); err != nil {
				t.Fatal(err)
			}
			if got.Date != yesterday || got.Kind != journal.KindCheckIn || got.Phase != 2 || got.Family != "F12 'b'" ||
				deref(got.Title) != "Plan review: Mum's \"new\" $plan `x`" || !slices.Equal(got.Tags, []string{"mi", "school-plan"}) ||
				len(got.Ratings) != 2 || got.Ratings["eng.mi"] != 4 || got.Ratings["team.facil"] != 3 {
				t.Errorf("saved from what was printed back: %+v", got)
			}
			if want := tt.notes; strings.TrimPrefix(deref(got.Notes), "<nil>") != want {
				t.Errorf("notes saved %.200q, want %.200q", deref(got.Notes), want)
			}
			if len(got.Reflections) != 2 ||
				got.Reflections[0].PromptID != "rolfe-what" || got.Reflections[0].Answer != "Grandmother joined; she said \"we're in\" $HOME" ||
				got.Reflections[0].Shared == nil || !*got.Reflections[0].Shared ||
				got.Reflections[1].PromptID != "rolfe-so-what" || got.Reflections[1].Answer != "I doubted `myself`\nand then didn't" ||
				got.Reflections[1].Shared == nil || *got.Reflections[1].Shared {
				t.Errorf("reflections saved: %+v", got.Reflections)
			}
			// The same as the first run would have saved, had it written.
			direct := filepath.Join(t.TempDir(), "direct.db")
			if d := hone(t, tt.stdin, nil, append([]string{"add", "--db", direct}, tt.args...)...); d.code != 0 {
				t.Fatalf("hone add on a free journal: exit %d, stderr %q", d.code, d.stderr)
			}
			want := listJSON(t, direct)[0]
			got.ID, got.Created, got.Updated, want.ID, want.Created, want.Updated = "", nil, nil, "", nil, nil
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Errorf("saved from what was printed back:\n%.2000s\nsaved directly:\n%.2000s", g, w)
			}
		})
	}
}

// TestAddRefusedPrintsNothing: a refusal of the input itself leaves the
// input where it was typed, and prints nothing on standard output.
func TestAddRefusedPrintsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", path, "first")
	for _, args := range [][]string{
		{"--rate", "eng.mi=9", "notes"},
		{"--date", "someday", "notes"},
		{"--reflect", "nope=answer", "notes"},
		{"--title", " "},
	} {
		r := hone(t, "", nil, append([]string{"add", "--db", path}, args...)...)
		if r.code != 1 || r.stdout != "" {
			t.Errorf("hone add %q: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
	// Notes past the limit are refused whole before the journal is
	// opened, not cut at the limit and printed back as if whole.
	release := holdWriteLock(t, path)
	defer release()
	r := hone(t, strings.Repeat("x", journal.MaxNotes+10), nil, "add", "--db", path, "--title", "Too long")
	if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, "hone: notes:") {
		t.Errorf("notes past the limit: exit %d, stdout %.100q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// strayControls are characters and unterminated sequences that cleaning
// removes, each standing in the middle of a sentence whose words must stay.
var strayControls = []struct{ name, s string }{
	{"C1DCS", "\u0090"}, {"C1SOS", "\u0098"}, {"C1CSI", "\u009b"}, {"C1OSC", "\u009d"}, {"C1PM", "\u009e"}, {"C1APC", "\u009f"},
	{"EscOSC", "\x1b]"}, {"EscDCS", "\x1bP"}, {"EscSOS", "\x1bX"}, {"EscPM", "\x1b^"}, {"EscAPC", "\x1b_"},
	{"EscOSCThenNewline", "\x1b]0;\n"}, {"C1OSCWithST", "\u009d0;x\u009c"},
	// An escape whose intermediate byte is followed by a letter of more
	// than one byte is no sequence: cleaning it must not cut the letter.
	{"EscCharsetBeforeAnAccent", "\x1b(é"}, {"EscSpaceBeforeAnEmoji", "\x1b 👍"},
}

func TestTextAroundControlsIsKept(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	const words = "the family and agreed on a plan"
	type jrnlEntry struct {
		Title string   `json:"title"`
		Body  string   `json:"body"`
		Date  string   `json:"date"`
		Time  string   `json:"time"`
		Tags  []string `json:"tags"`
	}
	var jrnl struct {
		Entries []jrnlEntry `json:"entries"`
	}
	for i, c := range strayControls {
		text := "Dvořák met " + c.s + words
		ok(t, "add", "--db", db, "--title", text, "--family", "F"+c.s+"12", text)
		jrnl.Entries = append(jrnl.Entries, jrnlEntry{Title: text, Body: text, Date: fmt.Sprintf("2025-01-%02d", i+1), Time: "10:00", Tags: []string{}})
	}
	check := func(from, db string) {
		t.Helper()
		entries := listJSON(t, db)
		if len(entries) != len(strayControls) {
			t.Fatalf("%s: %d entries, want %d", from, len(entries), len(strayControls))
		}
		for _, e := range entries {
			if e.Title == nil || !strings.HasPrefix(*e.Title, "Dvořák met ") || !strings.HasSuffix(*e.Title, words) ||
				e.Notes == nil || !strings.HasSuffix(*e.Notes, words) {
				t.Errorf("%s: the words after a control were dropped: title %q, notes %q", from, deref(e.Title), deref(e.Notes))
			}
			if from == "add" && (!strings.HasPrefix(e.Family, "F") || !strings.HasSuffix(e.Family, "12")) {
				t.Errorf("%s: family %q, want F...12", from, e.Family)
			}
		}
	}
	check("add", db)

	full := filepath.Join(dir, "full.json")
	ok(t, "export", "--db", db, "--full", "-o", full)
	copyDB := filepath.Join(dir, "copy.db")
	ok(t, "import", "--db", copyDB, full)
	check("import of a full export", copyDB)

	// The export holds clean text already: an export written by hand (or
	// by an older hone) may hold the raw controls.
	raw, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for i, e := range doc["entries"].([]any) {
		text := "Dvořák met " + strayControls[i].s + words
		e.(map[string]any)["title"], e.(map[string]any)["notes"] = text, text
	}
	raw, _ = json.Marshal(doc)
	rawPath := filepath.Join(dir, "raw.json")
	os.WriteFile(rawPath, raw, 0o600)
	rawDB := filepath.Join(dir, "raw.db")
	ok(t, "import", "--db", rawDB, rawPath)
	check("import of an export with raw controls", rawDB)

	b, _ := json.Marshal(jrnl)
	jrnlPath := filepath.Join(dir, "jrnl.json")
	os.WriteFile(jrnlPath, b, 0o600)
	jrnlDB := filepath.Join(dir, "jrnl.db")
	ok(t, "import", "--db", jrnlDB, "--from", "jrnl", jrnlPath)
	check("import --from jrnl", jrnlDB)
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestAddEncryptedNotOpenedPrintsTheEntryBack: an encrypted journal that
// the passphrase given does not open gets the entry back the same way, on
// standard output only: no file beside the journal holds its text.
func TestAddEncryptedNotOpenedPrintsTheEntryBack(t *testing.T) {
	dir := t.TempDir()
	db, pass := filepath.Join(dir, "j.db"), filepath.Join(dir, "pass")
	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	os.WriteFile(wrong, []byte("not the passphrase\n"), 0o600)
	ok(t, "add", "--db", db, "first")
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	before, _ := os.ReadDir(dir)
	r := hone(t, "Sealed notes of F12\n", nil, "add", "--db", db, "--passphrase-file", wrong, "--title", "Sealed title")
	if r.code != 1 || !strings.Contains(r.stderr, "passphrase") || !strings.Contains(r.stdout, "Sealed notes of F12") ||
		!strings.Contains(r.stdout, "'Sealed title'") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("files beside the journal: %v, before %v", after, before)
	}
	// Run with the right passphrase file, it saves.
	home := t.TempDir()
	sh := exec.Command("sh", "-c", strings.ReplaceAll(r.stdout, wrong, pass))
	sh.Env = []string{"HOME=" + home, "PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")}
	if again := runHone(t, sh); again.code != 0 {
		t.Fatalf("exit %d, stderr %q", again.code, again.stderr)
	}
	if got := titlesOf(t, db, "--passphrase-file", pass); !slices.Contains(got, "Sealed title") {
		t.Errorf("the journal holds %q", got)
	}
}

// TestAddOfOnlyControlsIsNothing: notes, a title or an answer made only of
// what cleaning removes (controls, escape sequences, bidi overrides) are
// refused as empty, as empty ones are, not saved as an empty entry or an
// empty answer.
func TestAddOfOnlyControlsIsNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "add", "--db", db, "first")
	const nothing = "\u0098\x1b]0;title\x07\u202e \t"
	for _, args := range [][]string{
		{"add", "--db", db, nothing},
		{"add", "--db", db, "--title", nothing, nothing},
		{"add", "--db", db, "--reflect", "rolfe-what=" + nothing, "notes"},
	} {
		if r := hone(t, "", nil, args...); r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("hone %q: exit %d, stderr %q; want it refused in one line", args, r.code, r.stderr)
		}
	}
	if es := listJSON(t, db); len(es) != 1 {
		t.Errorf("the journal holds %d entries, want the first alone", len(es))
	}
}
