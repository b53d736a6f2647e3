package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// feedbackJSON returns what hone feedback --json prints for the journal db.
func feedbackJSON(t *testing.T, db string, args ...string) []journal.FeedbackRecord {
	t.Helper()
	var recs []journal.FeedbackRecord
	out := ok(t, append([]string{"feedback", "--db", db, "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("feedback --json is not JSON: %v\n%s", err, out)
	}
	return recs
}

// refused runs hone, which must exit 1 with one line on stderr holding
// want, and leave every file of files as it was.
func refused(t *testing.T, want string, files []string, args ...string) {
	t.Helper()
	before := make([][32]byte, len(files))
	for i, f := range files {
		before[i] = fileHash(t, f)
	}
	r := hone(t, "", nil, args...)
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("hone %v: exit %d, stderr %q; want exit 1 and %q", args, r.code, r.stderr, want)
	}
	if n := strings.Count(strings.TrimRight(r.stderr, "\n"), "\n"); n != 0 {
		t.Errorf("hone %v: stderr %q is not one line", args, r.stderr)
	}
	for i, f := range files {
		if fileHash(t, f) != before[i] {
			t.Errorf("hone %v changed %s", args, f)
		}
	}
}

// calibrationDay formats a day as the calibration sentence does, as of
// today.
func calibrationDay(d, today journal.Day) string {
	if d.Time().Year() == today.Time().Year() {
		return d.Time().Format("2 Jan")
	}
	return d.Time().Format("2 Jan 2006")
}

// TestFeedbackRoundTrip: a generated journal is exported; a coach, with no
// journal of their own, writes a note and an observed rating with hone
// feedback add; the facilitator imports the file and finds both in hone
// feedback --json (the own ratings of that week computed here by hand), in
// hone feedback and in hone prep with the calibration sentence. Importing
// twice changes nothing, the drift analysis does not move, and no export
// carries the feedback.
func TestFeedbackRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "120", "--seed", "5")
	// A skill of the facilitator's own, so that only the ratings added
	// here are near the day the coach observed.
	ok(t, "skills", "add", "--db", db, "own.listen", "--name", "Listening for the family's voice")
	today := journal.DayOf(time.Now())
	obs := today - 12
	for _, r := range []struct {
		day   journal.Day
		value string
	}{
		{obs - 8, "1"}, // a day before the week: left out
		{obs - 7, "4"},
		{obs, "5"},
		{obs + 7, "4"},
		{obs + 8, "1"}, // a day after it: left out
	} {
		ok(t, "add", "--db", db, "--date", r.day.String(), "--rate", "own.listen="+r.value, "rated")
	}
	const selfMean, selfCount = 4.33, 3 // (4 + 5 + 4) / 3, to 2 decimals

	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", export)
	driftBefore := ok(t, "drift", "--db", db, "--json")

	// The coach's side: no journal is made or needed.
	coachDB := filepath.Join(dir, "coach-has-none.db")
	fb := filepath.Join(dir, "ana-feedback.json")
	add := func(args ...string) string {
		t.Helper()
		r := hone(t, "", []string{"HONE_DB=" + coachDB}, append([]string{"feedback", "add", "--export", export, "-o", fb}, args...)...)
		if r.code != 0 {
			t.Fatalf("feedback add %v: exit %d, %s", args, r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	noteID := add("--coach", "Chloe", "Good to see you with the family, FBNOTE-q7.")
	obsID := add("--skill", "own.listen", "--observed", "3", "--day", obs.String(), "You asked her twice before she answered, FBOBS-k2.")
	if _, err := os.Stat(coachDB); err == nil {
		t.Error("hone feedback add made a journal")
	}
	if noteID == obsID || journal.ValidateFeedbackID(noteID) != nil || journal.ValidateFeedbackID(obsID) != nil {
		t.Errorf("item ids %q and %q", noteID, obsID)
	}
	if fi, err := os.Stat(fb); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the feedback file: %v, %v; want mode 0600", fi, err)
	}
	raw, err := os.ReadFile(fb)
	if err != nil {
		t.Fatal(err)
	}
	file, err := journal.ReadFeedback(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("the feedback file does not read: %v\n%s", err, raw)
	}
	if file.Facilitator != "Ana" || file.Coach != "Chloe" || len(file.Items) != 2 || file.Items[0].ID != noteID {
		t.Errorf("the feedback file: %+v", file)
	}

	// The facilitator's side.
	out := ok(t, "import", "--db", db, fb)
	if !strings.Contains(out, "2 new, 0 updated, 0 unchanged") {
		t.Errorf("import said %q", out)
	}
	before := fileHash(t, db)
	if out := ok(t, "import", "--db", db, fb); !strings.Contains(out, "0 new, 0 updated, 2 unchanged") {
		t.Errorf("the second import said %q", out)
	}
	if fileHash(t, db) != before {
		t.Error("importing the feedback twice changed the journal")
	}

	recs := feedbackJSON(t, db)
	if len(recs) != 2 {
		t.Fatalf("hone feedback --json: %d items, want 2", len(recs))
	}
	byID := map[string]journal.FeedbackRecord{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	o, n := byID[obsID], byID[noteID]
	switch {
	case o.Day != obs.String() || o.Skill == nil || *o.Skill != "own.listen" || o.Observed == nil || *o.Observed != 3:
		t.Errorf("the observed rating: %+v", o)
	case o.Note == nil || *o.Note != "You asked her twice before she answered, FBOBS-k2." || o.Coach == nil || *o.Coach != "Chloe":
		t.Errorf("the observed rating's note and coach: %+v", o)
	case o.Received != today.String():
		t.Errorf("received %s, want today %s", o.Received, today)
	case o.SelfMean == nil || *o.SelfMean != selfMean || o.SelfCount != selfCount:
		t.Errorf("self_mean %v, self_count %d; want %v and %d", o.SelfMean, o.SelfCount, selfMean, selfCount)
	case n.Skill != nil || n.Observed != nil || n.SelfMean != nil || n.SelfCount != 0 || n.Note == nil:
		t.Errorf("the general note: %+v", n)
	}
	if recs[0].Day < recs[1].Day {
		t.Errorf("not newest day first: %s, %s", recs[0].Day, recs[1].Day)
	}
	if got := feedbackJSON(t, db, "--skill", "own.listen"); len(got) != 1 || got[0].ID != obsID {
		t.Errorf("--skill own.listen: %+v", got)
	}

	sentence := "Your coach observed 3 on " + calibrationDay(obs, today) + "; your own ratings that week averaged 4.3."
	if out := ok(t, "feedback", "--db", db); !strings.Contains(out, sentence) || !strings.Contains(out, "Good to see you with the family, FBNOTE-q7.") {
		t.Errorf("hone feedback lacks the sentence %q or the note:\n%s", sentence, out)
	}
	prep := ok(t, "prep", "--db", db, "--since", (obs - 1).String())
	for _, want := range []string{"## From your coach", sentence, "> You asked her twice before she answered, FBOBS-k2.",
		"Your coach saw Listening for the family's voice at 3 on " + obs.Short() + ", lower than your own ratings that week (4.3)"} {
		if !strings.Contains(prep, want) {
			t.Errorf("hone prep lacks %q:\n%s", want, prep)
		}
	}

	// Observed ratings never enter drift.
	if after := ok(t, "drift", "--db", db, "--json"); after != driftBefore {
		t.Error("importing coach feedback changed hone drift --json")
	}
	// Only an export asked to carry the feedback does, coach-safe.
	var x journal.Export
	if err := json.Unmarshal([]byte(ok(t, "export", "--db", db, "--with-feedback")), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Feedback) != 2 || x.Full() || x.Feedback[0].ID != recs[0].ID || x.Feedback[1].ID != recs[1].ID {
		t.Errorf("export --with-feedback: %+v (full %v)", x.Feedback, x.Full())
	} else if f := x.Feedback[0]; f.ID == obsID && (f.SelfMean == nil || *f.SelfMean != selfMean) {
		t.Errorf("export --with-feedback: the observed rating %+v, want the own ratings' mean %v beside it", f, selfMean)
	}
	if err := json.Unmarshal([]byte(ok(t, "export", "--db", db, "--with-feedback", "--week-dates")), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Feedback) != 2 || !strings.Contains(x.Feedback[0].Day, "-W") || !strings.Contains(x.Feedback[0].Received, "-W") {
		t.Errorf("export --with-feedback --week-dates: %+v", x.Feedback)
	}
	refused(t, "with-feedback: only JSON exports carry coach feedback", []string{db}, "export", "--db", db, "--with-feedback", "--format", "md")
	// No other export carries the feedback.
	for _, args := range [][]string{{}, {"--full"}, {"--format", "md"}, {"--format", "csv"}} {
		out := ok(t, append([]string{"export", "--db", db}, args...)...)
		for _, marker := range []string{"FBNOTE-q7", "FBOBS-k2", "feedback", noteID, obsID} {
			if strings.Contains(out, marker) {
				t.Errorf("export %v carries %q", args, marker)
			}
		}
	}
}

// TestFeedbackForAnotherJournal: a feedback file written for another
// journal's export, or for a journal never exported, is refused with one
// line and changes nothing.
func TestFeedbackForAnotherJournal(t *testing.T) {
	dir := t.TempDir()
	ana, ben := filepath.Join(dir, "ana.db"), filepath.Join(dir, "ben.db")
	ok(t, "gen", "--db", ana, "--entries", "30", "--seed", "1")
	ok(t, "gen", "--db", ben, "--entries", "30", "--seed", "1") // the same entries: only the id tells them apart
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", ana, "-o", export)
	fb := filepath.Join(dir, "fb.json")
	ok(t, "feedback", "add", "--export", export, "-o", fb, "--skill", "eng.mi", "--observed", "4", "Well done")

	refused(t, "fb.json: journal: this feedback answers another journal: this one has never been exported", []string{ben, fb},
		"import", "--db", ben, fb)
	ok(t, "export", "--db", ben, "-o", filepath.Join(dir, "ben.json"))
	refused(t, "fb.json: journal: this feedback answers another journal (", []string{ben, fb},
		"import", "--db", ben, fb)
	// With a full export beside it, nothing of that export is written either.
	full := filepath.Join(dir, "ben-full.json")
	ok(t, "export", "--db", ben, "--full", "-o", full)
	other := filepath.Join(dir, "other.db")
	ok(t, "add", "--db", other, "mine")
	refused(t, "answers another journal", []string{other}, "import", "--db", other, full, fb)
	if got := feedbackJSON(t, ben); len(got) != 0 {
		t.Errorf("ben's journal holds feedback: %+v", got)
	}
	// Moved into a new journal with the full export, the feedback finds it.
	anaFull := filepath.Join(dir, "ana-full.json")
	ok(t, "export", "--db", ana, "--full", "-o", anaFull)
	moved := filepath.Join(dir, "moved.db")
	ok(t, "import", "--db", moved, anaFull, fb)
	if got := feedbackJSON(t, moved); len(got) != 1 || got[0].Note == nil || *got[0].Note != "Well done" {
		t.Errorf("the moved journal's feedback: %+v", got)
	}
}

// TestFeedbackMovesWithTheJournal: a full export with --with-feedback
// brings the feedback into the journal it moves to (each item with the
// day it first came), merges into the journal's own archive, and is left
// out of another journal.
func TestFeedbackMovesWithTheJournal(t *testing.T) {
	dir := t.TempDir()
	ana := filepath.Join(dir, "ana.db")
	ok(t, "add", "--db", ana, "--rate", "eng.mi=4", "x")
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", ana, "-o", export)
	fb := filepath.Join(dir, "fb.json")
	ok(t, "feedback", "add", "--export", export, "-o", fb, "--skill", "eng.mi", "--observed", "4", "Well done")
	ok(t, "import", "--db", ana, fb)
	want := feedbackJSON(t, ana)

	archive := filepath.Join(dir, "ana-full.json")
	ok(t, "export", "--db", ana, "--full", "--with-feedback", "-o", archive)
	moved := filepath.Join(dir, "moved.db")
	if out := ok(t, "import", "--db", moved, archive); !strings.Contains(out, "Imported 1 item of coach feedback: 1 new") {
		t.Errorf("import into a new journal said %q", out)
	}
	if got := feedbackJSON(t, moved); !reflect.DeepEqual(got, want) {
		t.Errorf("the moved journal's feedback\n%+v\nwant\n%+v", got, want)
	}
	if out := ok(t, "import", "--db", ana, archive); !strings.Contains(out, "0 new, 0 updated, 1 unchanged") {
		t.Errorf("import of the journal's own archive said %q", out)
	}
	if got := feedbackJSON(t, ana); !reflect.DeepEqual(got, want) {
		t.Errorf("the journal's feedback after importing its own archive\n%+v\nwant\n%+v", got, want)
	}
	ben := filepath.Join(dir, "ben.db")
	ok(t, "add", "--db", ben, "mine")
	if out := ok(t, "import", "--db", ben, archive); !strings.Contains(out, "Left out 1 item of coach feedback") {
		t.Errorf("import into another journal said %q", out)
	}
	if got := feedbackJSON(t, ben); len(got) != 0 {
		t.Errorf("another journal took the feedback: %+v", got)
	}
}

// TestFeedbackAddRefuses: bad input to hone feedback add is one line that
// names the field, exit 1, and the feedback file stays as it was.
func TestFeedbackAddRefuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "team.facil=4", "x")
	export := filepath.Join(dir, "x.json")
	ok(t, "export", "--db", db, "-o", export)
	fb := filepath.Join(dir, "fb.json")
	ok(t, "feedback", "add", "--export", export, "-o", fb, "first")
	add := func(args ...string) []string {
		return append([]string{"feedback", "add", "--export", export, "-o", fb}, args...)
	}
	files := []string{fb, export}
	refused(t, "observed: 7 is outside 1-5", files, add("--skill", "team.facil", "--observed", "7")...)
	refused(t, "observed: 0 is outside 1-5", files, add("--skill", "team.facil", "--observed", "0")...)
	refused(t, "observed: an observed rating needs the skill it rates", files, add("--observed", "3")...)
	refused(t, `skill: unknown skill "team.facl"; did you mean team.facil? (the export's skills list them)`, files, add("--skill", "team.facl", "note")...)
	refused(t, "day: ", files, add("--day", "2026-02-30", "note")...)
	refused(t, "is in the future", files, add("--day", (journal.DayOf(time.Now())+5).String(), "note")...)
	refused(t, "note: an item needs a note, an observed rating, or both", files, add("--skill", "team.facil")...)
	refused(t, "coach: the name runs over more than one line", files, add("--coach", "Chloe\nSmith", "note")...)
	refused(t, "the export itself", files, "feedback", "add", "--export", export, "-o", export, "note")

	// An export of an older hone, without a journal id.
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	var x map[string]any
	if err := json.Unmarshal(raw, &x); err != nil {
		t.Fatal(err)
	}
	delete(x, "journal")
	old := filepath.Join(dir, "old.json")
	b, _ := json.Marshal(x)
	if err := os.WriteFile(old, b, 0o600); err != nil {
		t.Fatal(err)
	}
	refused(t, "old.json: journal: missing: this export was made by an older hone", files,
		"feedback", "add", "--export", old, "-o", fb, "note")

	// A feedback file that answers another journal's export, and a file that
	// is not a feedback file.
	other := filepath.Join(dir, "other.db")
	ok(t, "add", "--db", other, "--rate", "team.facil=4", "x")
	otherExport := filepath.Join(dir, "other.json")
	ok(t, "export", "--db", other, "-o", otherExport)
	refused(t, "fb.json: journal: this feedback file answers another journal's export", append(files, otherExport),
		"feedback", "add", "--export", otherExport, "-o", fb, "note")
	refused(t, "x.json: not a hone feedback file", files, "feedback", "add", "--export", otherExport, "-o", export, "note")
	if r := hone(t, "", nil, "feedback", "add", "-o", fb, "note"); r.code != 2 || !strings.Contains(r.stderr, "--export") {
		t.Errorf("feedback add without --export: exit %d, %q", r.code, r.stderr)
	}
}

// TestFeedbackEncrypted: an encrypted export is answered with an encrypted
// feedback file, extended under the same passphrase, which the
// facilitator imports with it.
func TestFeedbackEncrypted(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "team.facil=4", "x")
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(dir, "x.json.age")
	ok(t, "export", "--db", db, "--encrypt", "--passphrase-file", pass, "-o", export)
	fb := filepath.Join(dir, "fb.json.age")
	ok(t, "feedback", "add", "--passphrase-file", pass, "--export", export, "-o", fb, "--encrypt", "--skill", "team.facil", "--observed", "2", "SEALED-NOTE-1")
	ok(t, "feedback", "add", "--passphrase-file", pass, "--export", export, "-o", fb, "SEALED-NOTE-2")
	raw, err := os.ReadFile(fb)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "age-encryption.org/v1\n") || strings.Contains(string(raw), "SEALED-NOTE") {
		t.Error("the feedback file is not encrypted")
	}
	ok(t, "import", "--db", db, "--passphrase-file", pass, fb)
	if got := feedbackJSON(t, db); len(got) != 2 {
		t.Errorf("imported %d items, want 2", len(got))
	}
}

// TestFeedbackHostileText: escape and control sequences in a coach's name
// and notes never reach the terminal.
func TestFeedbackHostileText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "team.facil=4", "x")
	export := filepath.Join(dir, "x.json")
	ok(t, "export", "--db", db, "-o", export)
	evil := func(s string) string { return s + "\x1b]0;owned\x07\x1b[2J\u009b31m\u202e\x1bP1$q\x1b\\" }
	fb := filepath.Join(dir, "fb.json")
	ok(t, "feedback", "add", "--export", export, "-o", fb, "--coach", evil("Chloe"), "--skill", "team.facil", "--observed", "3", evil("Note"))
	// A file edited by hand, with the sequences in the clear.
	raw, err := os.ReadFile(fb)
	if err != nil {
		t.Fatal(err)
	}
	var x journal.FeedbackFile
	if err := json.Unmarshal(raw, &x); err != nil {
		t.Fatal(err)
	}
	x.Coach = evil("Chloe")
	x.Items[0].Note = evil("Note")
	f, err := os.Create(fb)
	if err != nil {
		t.Fatal(err)
	}
	if err := journal.WriteFeedback(f, &x); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := hone(t, "", nil, "import", "--db", db, fb)
	for _, args := range [][]string{{"feedback"}, {"feedback", "--json"}, {"prep"}} {
		out := ok(t, append(args, "--db", db)...)
		if strings.ContainsAny(out+r.stdout+r.stderr, "\x1b\x07\u009b\u202e") {
			t.Errorf("hone %v printed a control sequence: %q", args, out)
		}
		if !strings.Contains(out, "Note") || !strings.Contains(out, "Chloe") {
			t.Errorf("hone %v lost the visible text: %q", args, out)
		}
	}
}

// TestFeedbackNew: hone feedback marks the items that came in since the
// facilitator last looked "[new]" and, listing them all, marks them seen;
// --new lists only those; --json and --skill list without marking (for
// scripts and a look at one skill); an item imported later is new again.
func TestFeedbackNew(t *testing.T) {
	db, fb, add := coachedJournal(t, "")
	first := add("--skill", "team.facil", "--observed", "3")
	second := add("General note NOTE-a1.")
	ok(t, "import", "--db", db, fb)
	ids := func(recs []journal.FeedbackRecord) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.ID)
		}
		slices.Sort(out)
		return out
	}
	both := []string{first, second}
	slices.Sort(both)
	for range 2 { // --json and --skill mark nothing
		if got := ids(feedbackJSON(t, db, "--new")); !slices.Equal(got, both) {
			t.Fatalf("--new --json: %v, want %v", got, both)
		}
		ok(t, "feedback", "--db", db, "--skill", "team.facil")
	}
	if got := ok(t, "feedback", "--db", db, "--new"); strings.Count(got, "[new]") != 2 || !strings.Contains(got, "NOTE-a1") {
		t.Errorf("hone feedback --new:\n%s", got)
	}
	if got := ids(feedbackJSON(t, db, "--new")); got != nil {
		t.Errorf("after hone feedback --new, new: %v", got)
	}
	if got := ok(t, "feedback", "--db", db); strings.Contains(got, "[new]") || !strings.Contains(got, "NOTE-a1") {
		t.Errorf("hone feedback after seeing it:\n%s", got)
	}
	if got := ok(t, "feedback", "--db", db, "--new"); !strings.HasPrefix(got, "Nothing new from your coach") {
		t.Errorf("hone feedback --new with nothing new:\n%s", got)
	}
	third := add("--skill", "team.facil", "A later note NOTE-b2.")
	ok(t, "import", "--db", db, fb)
	if got := ids(feedbackJSON(t, db, "--new")); !slices.Equal(got, []string{third}) {
		t.Errorf("after a later import, new: %v, want %v", got, third)
	}
	got := ok(t, "feedback", "--db", db)
	if strings.Count(got, "[new]") != 1 || !strings.Contains(got, "[new]\n  A later note NOTE-b2.") {
		t.Errorf("hone feedback with one new:\n%s", got)
	}
	if got := ids(feedbackJSON(t, db, "--new")); got != nil {
		t.Errorf("after hone feedback, new: %v", got)
	}
}

// coachedJournal makes a generated journal of 60 entries and its coach's
// feedback file; add adds an item to the file, dated three days ago and
// signed by coach (none when ""), and returns its id. Import fb into db
// to bring the items in.
func coachedJournal(t *testing.T, coach string) (db, fb string, add func(args ...string) string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "j.db")
	ok(t, "gen", "--db", db, "--entries", "60", "--seed", "5")
	export := filepath.Join(dir, "ana.json")
	ok(t, "export", "--db", db, "--facilitator", "Ana", "-o", export)
	fb = filepath.Join(dir, "ana-feedback.json")
	day := journal.DayOf(time.Now()) - 3
	return db, fb, func(args ...string) string {
		t.Helper()
		base := []string{"feedback", "add", "--export", export, "-o", fb, "--day", day.String()}
		if coach != "" {
			base = append(base, "--coach", coach)
		}
		return strings.TrimSpace(ok(t, append(base, args...)...))
	}
}
