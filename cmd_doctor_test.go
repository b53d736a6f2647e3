package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
	"hone/store"
)

func TestDamagedJournalAndDoctor(t *testing.T) {
	dir := t.TempDir()
	healthy := filepath.Join(dir, "healthy.db")
	ok(t, "add", "--db", healthy, "--rate", "eng.mi=4", "fine")
	if out := ok(t, "doctor", "--db", healthy); !strings.Contains(out, "All checks passed") {
		t.Errorf("doctor on a healthy journal:\n%s", out)
	}

	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte("not a journal "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, damaged)
	r := hone(t, "", nil, "list", "--db", damaged)
	if r.code != 1 || !strings.Contains(r.stderr, damaged) || !strings.Contains(r.stderr, "hone doctor") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("list on a damaged file: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := hone(t, "", nil, "doctor", "--db", damaged); r.code != 1 {
		t.Errorf("doctor on a damaged file: exit %d, stdout %q", r.code, r.stdout)
	}
	if fileHash(t, damaged) != before {
		t.Error("the damaged file was changed")
	}
}

func TestDoctorNamesBackupAndRestoreFixes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "kept safe"))
	ok(t, "backup", "--db", db)
	if err := os.WriteFile(db, bytes.Repeat([]byte{0xde, 0xad}, 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	r := hone(t, "", nil, "doctor", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "hone restore ") {
		t.Fatalf("doctor on a damaged journal with a backup: exit %d, stderr %q", r.code, r.stderr)
	}
	backup := strings.TrimSpace(r.stderr[strings.Index(r.stderr, "hone restore ")+len("hone restore "):])
	out := ok(t, "restore", "--db", db, backup)
	if !strings.Contains(out, "kept at") {
		t.Errorf("restore printed %q", out)
	}
	if es := listJSON(t, db); len(es) != 1 || es[0].ID != id {
		t.Errorf("after restore the journal holds %+v", es)
	}
}

// TestDoctorSalvage damages one page of a journal's entries and salvages
// it: the new journal is healthy and holds every other entry as it was,
// the custom skill, goal, prompt and watch list, and the lost records are
// named.
func TestDoctorSalvage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "400", "--seed", "5")
	ok(t, "skills", "add", "--db", db, "fam.meals", "--name", "Shared meal planning", "--description", "Meals with supports")
	ok(t, "skills", "archive", "--db", db, "self.doc")
	ok(t, "goals", "add", "--db", db, "Reflect before I advise", "--skill", "eng.mi")
	ok(t, "prompts", "add", "--db", db, "--text", "What did the youth teach me today?", "--tag", "eng.voice")
	ok(t, "config", "watch", "add", "--db", db, "Rosa")
	want := map[string]string{}
	for _, e := range listJSON(t, db) {
		b, _ := json.Marshal(e)
		want[e.ID] = string(b)
	}
	wantSkills := ok(t, "skills", "--db", db, "--json")

	// Break the page that holds an entry in the middle: its page type.
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	ids := slices.Sorted(maps.Keys(want))
	middle := ids[len(ids)/2]
	at := bytes.LastIndex(raw, []byte(`{"id":"`+middle))
	if at < 0 {
		t.Fatal("the entry is not in the file")
	}
	page := at / 4096 * 4096
	raw[page+8], raw[page+9] = 0xff, 0xff
	os.WriteFile(db, raw, 0o600)
	if r := hone(t, "", nil, "doctor", "--db", db); r.code != 1 {
		t.Fatalf("doctor on the damaged journal: exit %d\n%s", r.code, r.stdout)
	}

	out := filepath.Join(dir, "salvaged.db")
	text := ok(t, "doctor", "--db", db, "--salvage", out)
	if !strings.Contains(text, "Salvaged into "+out) || !strings.Contains(text, "Lost ") {
		t.Errorf("salvage says:\n%s", text)
	}
	if r := hone(t, "", nil, "doctor", "--db", out); r.code != 0 {
		t.Errorf("doctor on the salvaged journal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got := listJSON(t, out)
	t.Logf("salvaged %d of %d entries:\n%s", len(got), len(want), text)
	if len(got) == 0 || len(got) >= len(want) {
		t.Errorf("salvaged %d of %d entries, want all but those of the damaged page", len(got), len(want))
	}
	for _, e := range got {
		b, _ := json.Marshal(e)
		if want[e.ID] != string(b) {
			t.Errorf("entry %s changed in the salvage:\n got %s\nwant %s", e.ID, b, want[e.ID])
		}
	}
	if got := ok(t, "skills", "--db", out, "--json"); got != wantSkills {
		t.Errorf("the salvaged skills differ")
	}
	if got := personalState(t, out); !strings.Contains(got, "Reflect before I advise") || !strings.Contains(got, "What did the youth teach me today?") || !strings.Contains(got, "Rosa") {
		t.Errorf("the salvaged goals, prompts or watch list: %s", got)
	}
	// It never writes over a file.
	if r := hone(t, "", nil, "doctor", "--db", db, "--salvage", out); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("salvage over an existing file: exit %d, %q", r.code, r.stderr)
	}
}

// TestAddAfterDoctorFoundDamage: hone add into a journal hone doctor found
// damaged (a flipped byte inside an entry) exits 1 with one line naming the
// file and hone doctor, and leaves the file as it was.
func TestAddAfterDoctorFoundDamage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	ok(t, "gen", "--db", db, "--entries", "40", "--seed", "5")
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(raw, []byte(`{"id":"`))
	if at < 0 {
		t.Fatal("no entry in the file")
	}
	raw[at+2] = 'X'
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := hone(t, "", nil, "doctor", "--db", db); r.code != 1 {
		t.Fatalf("doctor on the damaged journal: exit %d\n%s", r.code, r.stdout)
	}
	before, _ := os.ReadFile(db)
	r := hone(t, "", nil, "add", "--db", db, "Met the family")
	if r.code != 1 || !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "hone doctor") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
		t.Errorf("add into the damaged journal: exit %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the refused add changed the journal")
	}
}

// TestDoctorReportsTheDamageMark: doctor lists the damage mark beside a
// damaged journal (the file, what it means, how it goes away); once a
// healthy journal is in place, the mark is gone and not listed. A mark
// that names a journal no longer in place is listed as one that stops
// nothing.
func TestDoctorReportsTheDamageMark(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "40", "--seed", "5")
	ok(t, "backup", "--db", db)
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	healthy := bytes.Clone(raw)
	at := bytes.Index(raw, []byte(`{"id":"`))
	raw[at+2] = 'X'
	os.WriteFile(db, raw, 0o600)
	mark := filepath.Join(dir, ".j.db.damaged")

	r := hone(t, "", nil, "doctor", "--db", db)
	if r.code != 1 {
		t.Fatalf("doctor on the damaged journal: exit %d\n%s", r.code, r.stdout)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Fatalf("no damage mark after doctor: %v", err)
	}
	line := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "Mark ") {
			line = l
		}
	}
	for _, want := range []string{mark, "writes", "hone restore", "healthy"} {
		if !strings.Contains(line, want) {
			t.Errorf("doctor's line on the damage mark lacks %q:\n%s", want, r.stdout)
		}
	}

	// Another file in place (copied back by hand): the mark stops nothing;
	// an encrypted journal checked without its passphrase keeps it.
	pass := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
	os.Remove(db)
	os.WriteFile(db, healthy, 0o600)
	ok(t, "encrypt", "--db", db, "--passphrase-file", pass)
	out := ok(t, "doctor", "--db", db)
	if !strings.Contains(out, "Mark ") || !strings.Contains(out, mark) || !strings.Contains(out, "stops nothing") {
		t.Errorf("doctor does not list the stale damage mark as one that stops nothing:\n%s", out)
	}

	// Checked in full and healthy: the mark goes and is not listed.
	out = ok(t, "doctor", "--db", db, "--passphrase-file", pass)
	if strings.Contains(out, "Mark ") {
		t.Errorf("doctor on a healthy journal lists a mark:\n%s", out)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Error("the damage mark is still there after doctor found the journal healthy")
	}
}

// TestDoctorSalvageKeepsFutureStamps: a journal written on a machine whose
// clock ran ahead holds entries created "later than now"; salvage copies
// the journal's own records as they are (the rule against future stamps
// guards merges into a journal, and the new one is empty), so it salvages
// them instead of refusing everything.
func TestDoctorSalvageKeepsFutureStamps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", path, "--title", "written today", "notes")
	ahead := time.Now().Add(30 * time.Hour)
	db, err := store.Open(path, store.Options{Now: func() time.Time { return ahead }})
	if err != nil {
		t.Fatal(err)
	}
	err = store.NewEntryService(db).CreateEntry(&journal.Entry{Date: journal.DayOf(time.Now()), Title: "written with the clock ahead", Notes: "notes"})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "salvaged.db")
	r := hone(t, "", nil, "doctor", "--db", path, "--salvage", out)
	if r.code != 0 {
		t.Fatalf("salvage of a journal with an entry stamped ahead: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
	if got := titlesOf(t, out); len(got) != 2 {
		t.Errorf("the salvaged journal holds %q", got)
	}
}

// TestDoctorSalvageKeepsAnEntryWithADamagedFieldName: a flipped byte in the
// name of an entry's field ("notes") leaves valid JSON with a field hone
// does not know. doctor calls it damage (read leniently, the notes would
// vanish), and salvage keeps the entry whole: its other fields as they
// were, the text of that field at the end of its notes, and says so.
func TestDoctorSalvageKeepsAnEntryWithADamagedFieldName(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--title", "Plan review", "--rate", "eng.mi=4", "Grandmother joined the meeting")
	ok(t, "add", "--db", db, "other")
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.ReplaceAll(raw, []byte(`"notes":"Grandmother`), []byte("\"\xefotes\":\"Grandmother"))
	if bytes.Equal(flipped, raw) {
		t.Fatal("the notes are not in the file")
	}
	if err := os.WriteFile(db, flipped, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := hone(t, "", nil, "doctor", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "does not decode") {
		t.Fatalf("doctor on an entry with a damaged field name: exit %d\n%s", r.code, r.stdout)
	}
	out := filepath.Join(dir, "salvaged.db")
	text := ok(t, "doctor", "--db", db, "--salvage", out)
	if !strings.Contains(lineWith(text, "otes"), "Mended ") || strings.Contains(text, "Lost ") || !strings.Contains(text, "Salvaged into "+out+": 2 entries") {
		t.Errorf("salvage says:\n%s", text)
	}
	var kept *journal.EntryRecord
	for _, e := range listJSON(t, out) {
		if deref(e.Title) == "Plan review" {
			kept = &e
		}
	}
	if kept == nil {
		t.Fatalf("the entry with the damaged field is not in the salvaged journal:\n%s", text)
	}
	if !strings.Contains(deref(kept.Notes), "Grandmother joined the meeting") || kept.Ratings["eng.mi"] != 4 {
		t.Errorf("salvaged entry: notes %q, ratings %v", deref(kept.Notes), kept.Ratings)
	}
}
