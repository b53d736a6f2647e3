package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	bolt "go.etcd.io/bbolt"

	"hone/journal"
	"hone/store"
)

// draftsOf returns the drafts the journal holds.
func draftsOf(t *testing.T, j *testJournal) []*journal.Draft {
	t.Helper()
	ds, err := j.svc.Entries.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// fillForm opens a new entry and types into every kind of field: family,
// title, notes, a rating, the suggested reflection's answer and tags.
func fillForm(t *testing.T, m Model) Model {
	t.Helper()
	m = keys(t, m, "n", "shift+tab")
	m = typeText(t, m, "F-12")
	m = keys(t, m, "tab")
	m = typeText(t, m, "Met the family")
	m = keys(t, m, "tab")
	m = typeText(t, m, "Dvořák agreed on a plan.")
	m = keys(t, m, "enter")
	m = typeText(t, m, "Second line of notes")
	m = keys(t, m, "tab", "4", "tab")
	m = typeText(t, m, "I listened more than I spoke.")
	m = keys(t, m, "tab")
	m = typeText(t, m, "urgent school")
	if m.screen != screenForm || m.form.notes.Value() != "Dvořák agreed on a plan.\nSecond line of notes" ||
		len(m.form.ratings.ratings()) != 1 || len(m.form.refls) == 0 || m.form.refls[0].answer.Value() == "" {
		t.Fatalf("the form was not filled as the test expects:\n%s", plain(m))
	}
	return m
}

// tick delivers the form's draft timer.
func tick(t *testing.T, m Model) Model {
	t.Helper()
	return send1(t, m, draftTickMsg{id: m.form.draftID})
}

// TestDraftKeptAndResumed: the form's text is kept as a draft while it is
// written; after hone stops (here: the model dropped, as a kill would) the
// next start asks, y restores every field, and saving writes the entry
// and removes the draft (issue 17, item 9).
func TestDraftKeptAndResumed(t *testing.T) {
	j := openJournal(t)
	m := fillForm(t, newTestModel(t, j.svc, 100, 30))
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Fatalf("a draft was kept before its timer: %+v", ds)
	}
	m = tick(t, m)
	ds := draftsOf(t, j)
	if len(ds) != 1 {
		t.Fatalf("after the timer the journal holds %d drafts, want 1", len(ds))
	}
	want := m.form.draft()
	want.Saved = ds[0].Saved
	if !reflect.DeepEqual(ds[0], want) {
		t.Fatalf("the draft kept:\n%+v\nwant the form's:\n%+v", ds[0], want)
	}
	// More typing, kept at the next tick.
	m = typeText(t, m, " home")
	m = tick(t, m)
	if ds := draftsOf(t, j); len(ds) != 1 || ds[0].Tags != "urgent school home" {
		t.Fatalf("the draft was not kept again after more typing: %+v", ds)
	}

	m2 := newTestModel(t, j.svc, 100, 30)
	if m2.question == nil {
		t.Fatalf("the next start does not offer the draft:\n%s", plain(m2))
	}
	screen := plain(m2)
	for _, text := range []string{"Continue the entry you were writing? (y/n)", "Met the family", "discard"} {
		if !strings.Contains(screen, text) {
			t.Errorf("the offer does not say %q:\n%s", text, screen)
		}
	}
	m2 = keys(t, m2, "y")
	if m2.screen != screenForm {
		t.Fatalf("y did not open the form:\n%s", plain(m2))
	}
	if got, want := m2.form.snapshot(), m.form.snapshot(); got != want {
		t.Errorf("the form restored holds\n%q\nwant\n%q", got, want)
	}
	if got, want := m2.form.draft(), m.form.draft(); !reflect.DeepEqual(got, want) {
		t.Errorf("the form restored:\n%+v\nwant:\n%+v", got, want)
	}
	if !m2.form.dirty() {
		t.Error("the form restored does not count as unsaved")
	}
	m2 = keys(t, m2, "ctrl+s")
	if !strings.Contains(plain(m2), "Saved") {
		t.Fatalf("the restored form did not save:\n%s", plain(m2))
	}
	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 || es[0].Title != "Met the family" || es[0].Family != "F-12" ||
		es[0].Notes != "Dvořák agreed on a plan.\nSecond line of notes" || len(es[0].Ratings) != 1 ||
		len(es[0].Reflections) != 1 || strings.Join(es[0].Tags, " ") != "urgent school home" {
		t.Fatalf("the journal holds %+v (%v)", es, err)
	}
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("saving left the draft: %+v", ds)
	}
	if m3 := newTestModel(t, j.svc, 100, 30); m3.question != nil {
		t.Errorf("a start after the save still asks:\n%s", plain(m3))
	}
}

// TestDraftDiscardedOnNo: n discards the draft; esc leaves it for the
// next start.
func TestDraftDiscardedOnNo(t *testing.T) {
	j := openJournal(t)
	tick(t, fillForm(t, newTestModel(t, j.svc, 100, 30)))
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "esc")
	if m.question != nil || m.screen != screenTabs || len(draftsOf(t, j)) != 1 {
		t.Fatalf("esc did not leave the draft for later: question %v, %d drafts", m.question, len(draftsOf(t, j)))
	}
	m = newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "n")
	if m.question != nil || m.screen != screenTabs {
		t.Fatalf("n did not close the question:\n%s", plain(m))
	}
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("n left the draft: %+v", ds)
	}
}

// TestDraftKeptOnQuit: y to the quit question keeps the text as a draft
// even before its timer; esc and y to discard removes it.
func TestDraftKeptOnQuit(t *testing.T) {
	for _, how := range [][]string{{"ctrl+c", "y"}} {
		t.Run(strings.Join(how, " "), func(t *testing.T) {
			j := openJournal(t)
			m := fillForm(t, newTestModel(t, j.svc, 100, 30))
			m = keys(t, m, how[0])
			if _, quit := press(t, m, how[1]); !quit {
				t.Fatal("hone did not quit")
			}
			if ds := draftsOf(t, j); len(ds) != 1 || ds[0].Title != "Met the family" {
				t.Fatalf("quitting kept %+v", ds)
			}
		})
	}
	t.Run("discard", func(t *testing.T) {
		j := openJournal(t)
		m := tick(t, fillForm(t, newTestModel(t, j.svc, 100, 30)))
		m = keys(t, m, "esc", "y")
		if m.screen != screenTabs {
			t.Fatal("the form did not close")
		}
		if ds := draftsOf(t, j); len(ds) != 0 {
			t.Errorf("discarding the entry left its draft: %+v", ds)
		}
	})
}

// TestDraftTimer: with a delay, typing starts the draft's timer, whose
// tick keeps the draft (the tests run timers at once); typing nothing
// starts none.
func TestDraftTimer(t *testing.T) {
	j := openJournal(t)
	opts := testOptions()
	opts.DraftDelay = time.Nanosecond
	m := newTestModelWith(t, j.svc, opts, 100, 30)
	m = keys(t, m, "n", "tab")
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Fatalf("an untouched form kept a draft: %+v", ds)
	}
	m = typeText(t, m, "typed")
	if ds := draftsOf(t, j); len(ds) != 1 || ds[0].Notes != "typed" {
		t.Fatalf("typing kept %+v", ds)
	}
	// Back as it opened: the draft goes.
	m = keys(t, m, "backspace", "backspace", "backspace", "backspace", "backspace")
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("a form back as it opened kept its draft: %+v", ds)
	}
	_ = m
}

// TestDraftOfAnEdit: a draft of an edit reopens on its entry and saving
// updates it, without a second entry.
func TestDraftOfAnEdit(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	before, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "2", "enter", "e")
	id := m.form.orig.ID
	m = typeText(t, m, " (edited)")
	tick(t, m)
	m2 := newTestModel(t, j.svc, 100, 30)
	m2 = keys(t, m2, "y")
	if m2.screen != screenForm || m2.form.orig == nil || m2.form.orig.ID != id {
		t.Fatalf("the draft of an edit did not reopen on its entry:\n%s", plain(m2))
	}
	m2 = keys(t, m2, "ctrl+s")
	after, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil || len(after) != len(before) {
		t.Fatalf("the journal holds %d entries, was %d (%v)", len(after), len(before), err)
	}
	e, err := j.svc.Entries.FindEntry(id)
	if err != nil || !strings.HasSuffix(e.Title, " (edited)") {
		t.Errorf("the entry was not updated: %+v, %v", e, err)
	}
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("saving left the draft: %+v", ds)
	}
}

// TestDraftWriteAfterSave: a write of the draft that ends after the entry
// was saved (the timer raced ctrl+s) is removed when it ends.
func TestDraftWriteAfterSave(t *testing.T) {
	j := openJournal(t)
	m := tick(t, fillForm(t, newTestModel(t, j.svc, 100, 30)))
	late := m.form.draft()
	m = keys(t, m, "ctrl+s")
	if m.screen == screenForm || len(draftsOf(t, j)) != 0 {
		t.Fatalf("the save did not close the form and remove the draft")
	}
	if err := j.svc.Entries.SaveDraft(late); err != nil {
		t.Fatal(err)
	}
	send1(t, m, draftSavedMsg{id: late.ID})
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("a draft written after the save stayed: %+v", ds)
	}
}

// TestDraftsOneAfterAnother: two drafts are asked about in turn, newest
// first; n discards one and asks about the next.
func TestDraftsOneAfterAnother(t *testing.T) {
	j := openJournal(t)
	for _, title := range []string{"older draft", "newer draft"} {
		d := &journal.Draft{ID: title, Date: "2026-03-01", Kind: journal.KindCheckIn, Title: title, Notes: title + " notes"}
		if err := j.svc.Entries.SaveDraft(d); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, j.svc, 100, 30)
	if s := plain(m); !strings.Contains(s, "newer draft") || !strings.Contains(s, "1 more kept") {
		t.Fatalf("the first question is not about the newest draft:\n%s", s)
	}
	m = keys(t, m, "n")
	if s := plain(m); m.question == nil || !strings.Contains(s, "older draft") {
		t.Fatalf("n did not ask about the next draft:\n%s", s)
	}
	m = keys(t, m, "y")
	if m.screen != screenForm || m.form.title.Value() != "older draft" || m.form.date.Value() != "2026-03-01" ||
		m.form.notes.Value() != "older draft notes" || journal.Kinds[m.form.kind] != journal.KindCheckIn {
		t.Fatalf("y did not restore the older draft:\n%s", plain(m))
	}
	if ds := draftsOf(t, j); len(ds) != 1 || ds[0].ID != "older draft" {
		t.Errorf("the journal holds %+v, want the older draft only", ds)
	}
}

// TestDraftOfADeletedEntry: a draft of an edit whose entry was deleted
// since opens as a new entry, and says so; a date that does not read is
// kept as typed, and saving shows the error at the date.
func TestDraftOfADeletedEntry(t *testing.T) {
	j := openJournal(t)
	d := &journal.Draft{ID: "d", EntryID: "0000000000000000", Date: "the 31st of Smarch", Kind: journal.KindCrisis,
		Title: "edited, then the entry went", Notes: "kept"}
	if err := j.svc.Entries.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "y")
	if m.screen != screenForm || m.form.orig != nil || m.form.title.Value() != "edited, then the entry went" {
		t.Fatalf("the draft did not open as a new entry:\n%s", plain(m))
	}
	if s := plain(m); !strings.Contains(s, "saves as a new entry") {
		t.Errorf("the form does not say the entry is gone:\n%s", s)
	}
	if m.form.date.Value() != "the 31st of Smarch" {
		t.Errorf("the date typed became %q", m.form.date.Value())
	}
	m = keys(t, m, "ctrl+s")
	if m.screen != screenForm || m.form.err == nil || len(draftsOf(t, j)) != 1 {
		t.Errorf("a bad date saved, or lost the draft: screen %v, err %v", m.screen, m.form.err)
	}
}

// TestDraftUnreadable: a draft that cannot be read is named and can be
// discarded (y), or kept (n) while the next draft is asked about; one
// damaged draft neither stops the start nor hides the others.
func TestDraftUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := store.Open(path, store.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	good := &journal.Draft{ID: "good", Date: "2026-03-01", Kind: journal.KindCheckIn, Title: "the readable one"}
	if err := store.NewEntryService(db).SaveDraft(good); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("drafts")).Put([]byte("broken"), []byte("{not json"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	for _, answer := range []string{"n", "y"} {
		db, err := store.Open(path, store.Options{Now: fixedClock})
		if err != nil {
			t.Fatal(err)
		}
		svc := Services{Entries: store.NewEntryService(db), Skills: store.NewSkillService(db),
			Prompts: store.NewPromptService(db), Ratings: store.NewRatingService(db)}
		m := newTestModel(t, svc, 100, 30)
		if s := plain(m); !strings.Contains(s, "the readable one") {
			t.Fatalf("the readable draft is not asked about first:\n%s", s)
		}
		m = keys(t, m, "esc")
		m = send1(t, m, draftsMsg{drafts: mustDrafts(t, svc)[1:]})
		if s := plain(m); !strings.Contains(s, "cannot be read") {
			t.Fatalf("the damaged draft is not named:\n%s", s)
		}
		m = keys(t, m, answer)
		if m.question != nil {
			t.Errorf("%s did not close the question", answer)
		}
		n := len(mustDrafts(t, svc))
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"n": 2, "y": 1}[answer]; n != want {
			t.Errorf("after %s the journal holds %d drafts, want %d", answer, n, want)
		}
	}
}

func mustDrafts(t *testing.T, svc Services) []*journal.Draft {
	t.Helper()
	ds, err := svc.Entries.Drafts()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestDraftWriteAfterSaveAndQuit: a write of the draft that lands after
// the entry was saved, when hone quit before that write could report back
// (the TUI offered the saved entry again at the next start, in CI), is
// dropped: the save closed the draft.
func TestDraftWriteAfterSaveAndQuit(t *testing.T) {
	j := openJournal(t)
	m := tick(t, fillForm(t, newTestModel(t, j.svc, 100, 30)))
	m = typeText(t, m, " more")
	late := tickCmd(t, m)
	m = keys(t, m, "ctrl+s")
	if m.screen == screenForm {
		t.Fatal("the save did not close the form")
	}
	if _, quit := press(t, m, "q"); !quit {
		t.Fatal("q did not quit")
	}
	cmdMsgs(t, late) // the timer's write, after all
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("a draft written after the save stayed: %+v", ds)
	}
	if m := newTestModel(t, j.svc, 100, 30); m.question != nil {
		t.Errorf("the next start asks: %s", m.question.text)
	}
}

// tickCmd returns the command the form's draft timer starts, not run.
func tickCmd(t *testing.T, m Model) tea.Cmd {
	t.Helper()
	_, cmd := m.Update(draftTickMsg{id: m.form.draftID})
	if cmd == nil {
		t.Fatal("the draft's timer started no write")
	}
	return cmd
}

// TestQuitWaitsForWrites: q right after a write was started (here: the
// discard of a draft left by a killed hone) quits only once the write
// has ended: Bubble Tea does not wait for running commands, and the
// process would end with the write.
func TestQuitWaitsForWrites(t *testing.T) {
	j := openJournal(t)
	tick(t, fillForm(t, newTestModel(t, j.svc, 100, 30)))
	m := newTestModel(t, j.svc, 100, 30)
	if m.question == nil {
		t.Fatal("the draft was not offered")
	}
	next, write := m.Update(keyMsg("n"))
	m = next.(Model)
	if write == nil {
		t.Fatal("discarding the draft started no write")
	}
	next, quit := m.Update(keyMsg("q"))
	done := make(chan tea.Msg, 1)
	go func() { done <- quit() }()
	select {
	case msg := <-done:
		t.Fatalf("hone quit (%T) while the discard was still to run", msg)
	case <-time.After(200 * time.Millisecond):
	}
	cmdMsgs(t, write)
	select {
	case msg := <-done:
		if _, quit := runQuit(t, next.(Model), send(msg)); !quit {
			t.Fatalf("q ended with %T, and no quit", msg)
		}
	case <-time.After(writeWait):
		t.Fatal("hone did not quit once the write had ended")
	}
	if ds := draftsOf(t, j); len(ds) != 0 {
		t.Errorf("the discarded draft stayed: %+v", ds)
	}
}

// refusingDrafts is an EntryService whose journal refuses drafts, as one
// replaced under hone (encrypted by another hone), locked past its
// timeout or on a full disk does.
type refusingDrafts struct{ journal.EntryService }

func (refusingDrafts) SaveDraft(*journal.Draft) error {
	return journal.Errorf(journal.ECONFLICT, "j.db was encrypted by another hone")
}

// TestDraftRefusedOnQuit: when the journal refuses the draft as hone
// quits, nothing typed is lost. A plain journal's draft goes to a file in
// the private editor folder, which the next start takes in as a draft;
// with no such folder (or an encrypted journal, whose text never goes to
// a plain file unasked), hone stays with the form open and says so, and
// quitting again leaves without it; a lost terminal quits all the same.
func TestDraftRefusedOnQuit(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		j := openJournal(t)
		svc := j.svc
		svc.Entries = refusingDrafts{j.svc.Entries}
		opts := testOptions()
		opts.EditDir = filepath.Join(t.TempDir(), ".journal.db.edit")
		m := fillForm(t, newTestModelWith(t, svc, opts, 100, 30))
		wantSnap, wantDraft := m.form.snapshot(), m.form.draft()
		m = keys(t, m, "ctrl+c")
		if _, quit := press(t, m, "y"); !quit {
			t.Fatal("hone did not quit though the text went to a file")
		}
		if ds := draftsOf(t, j); len(ds) != 0 {
			t.Fatalf("the refused draft is in the journal: %+v", ds)
		}
		// The next start (another process: the file's is not running).
		names, err := os.ReadDir(opts.EditDir)
		if err != nil || len(names) != 1 {
			t.Fatalf("the editor's folder holds %v (%v)", names, err)
		}
		if fi, err := names[0].Info(); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("the draft's file: %v (%v), want mode 0600", fi.Mode(), err)
		}
		old := filepath.Join(opts.EditDir, names[0].Name())
		renamed := filepath.Join(opts.EditDir, draftFilePrefix+"999999999-1.json")
		if err := os.Rename(old, renamed); err != nil {
			t.Fatal(err)
		}
		next := newTestModelWith(t, j.svc, opts, 100, 30)
		if next.question == nil {
			t.Fatal("the next start did not offer the kept text")
		}
		next = keys(t, next, "y")
		// Every field back in its own field: the title in the title, not
		// in the notes.
		if got := next.form.title.Value(); got != "Met the family" {
			t.Errorf("the title came back as %q", got)
		}
		if got := next.form.notes.Value(); got != "Dvořák agreed on a plan.\nSecond line of notes" {
			t.Errorf("the notes came back as %q", got)
		}
		if got := next.form.snapshot(); got != wantSnap {
			t.Errorf("the form came back holding\n%q\nwant\n%q", got, wantSnap)
		}
		if got := next.form.draft(); !reflect.DeepEqual(got, wantDraft) {
			t.Errorf("the form came back:\n%+v\nwant:\n%+v", got, wantDraft)
		}
		if names, _ := os.ReadDir(opts.EditDir); len(names) != 0 {
			t.Errorf("the draft's file stays beside the journal: %v", names)
		}
	})
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("stays, encrypted %v", encrypted), func(t *testing.T) {
			j := openJournal(t)
			svc := j.svc
			svc.Entries = refusingDrafts{j.svc.Entries}
			opts := testOptions()
			if encrypted {
				opts.EditDir, opts.Encrypted = filepath.Join(t.TempDir(), ".journal.db.edit"), true
			}
			m := fillForm(t, newTestModelWith(t, svc, opts, 100, 30))
			m = keys(t, m, "ctrl+c")
			m, quit := press(t, m, "y")
			if quit {
				t.Fatal("hone quit and lost the entry it could not keep")
			}
			if s := plain(m); m.screen != screenForm || !strings.Contains(s, "could not be kept") {
				t.Fatalf("the form is not open with the reason:\n%s", s)
			}
			if opts.EditDir != "" {
				if names, _ := os.ReadDir(opts.EditDir); len(names) != 0 {
					t.Errorf("an encrypted journal's entry went to a plain file: %v", names)
				}
			}
			m = keys(t, m, "ctrl+c")
			if s := plain(m); !strings.Contains(s, "lose") {
				t.Errorf("the second quit does not say the entry is lost:\n%s", s)
			}
			if _, quit := press(t, m, "y"); !quit {
				t.Fatal("quitting again did not quit")
			}
		})
	}
	t.Run("hangup", func(t *testing.T) {
		j := openJournal(t)
		svc := j.svc
		svc.Entries = refusingDrafts{j.svc.Entries}
		m := fillForm(t, newTestModel(t, svc, 100, 30))
		if _, quit := runQuit(t, m, send(Hangup{})); !quit {
			t.Fatal("a lost terminal did not quit")
		}
	})
}

// TestSelfAssessmentKeptOnQuit: ratings given in the self-assessment are
// not lost when hone quits or its terminal goes: they are kept as a draft
// of a self-assessment entry, offered at the next start, and saved from
// the entry form as the self-assessment they were.
func TestSelfAssessmentKeptOnQuit(t *testing.T) {
	for _, how := range []string{"quit", "hangup"} {
		t.Run(how, func(t *testing.T) {
			j := openJournal(t)
			m := newTestModel(t, j.svc, 100, 30)
			m = keys(t, m, "3", "S", "2", "5", "3")
			if m.screen != screenSelfAssess || len(m.self.values) != 3 {
				t.Fatalf("the self-assessment holds %v:\n%s", m.self.values, plain(m))
			}
			var quit bool
			if how == "quit" {
				m = keys(t, m, "ctrl+c")
				if s := plain(m); !strings.Contains(s, "kept as a draft") {
					t.Errorf("the quit question does not say the ratings are kept:\n%s", s)
				}
				_, quit = press(t, m, "y")
			} else {
				_, quit = runQuit(t, m, send(Hangup{}))
			}
			if !quit {
				t.Fatal("hone did not quit")
			}
			next := newTestModel(t, j.svc, 100, 30)
			if next.question == nil {
				t.Fatal("the next start did not offer the self-assessment")
			}
			next = keys(t, next, "y", "ctrl+s")
			selfs, err := j.svc.Entries.FindEntries(journal.EntryFilter{Kind: journal.KindSelfAssessment})
			if err != nil || len(selfs) != 1 {
				t.Fatalf("self-assessments saved: %v, %v\n%s", selfs, err, plain(next))
			}
			want := map[string]int{"eng.voice": 2, "eng.mi": 5, "eng.culture": 3}
			if !reflect.DeepEqual(selfs[0].Ratings, want) || selfs[0].Date != testToday {
				t.Errorf("saved %+v, want ratings %v on %v", selfs[0], want, testToday)
			}
			if ds := draftsOf(t, j); len(ds) != 0 {
				t.Errorf("the draft stayed: %+v", ds)
			}
		})
	}
}

// TestMiniFormFieldValuesRoundTrip: what a small form's draft keeps of
// each kind of field (text, choice, pick) puts the form back as it was.
func TestMiniFormFieldValuesRoundTrip(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 30)
	ctx := m.ctx
	f := newMiniForm("t", "T", "",
		textField(ctx, "Text", "", "", 100, "text"),
		choiceField("Choice", "", []string{"a", "b", "c"}, "choice"),
		pickField("Pick", "", []pickItem{{id: "x"}, {id: "y"}, {id: "z"}}, "pick"))
	f.fields[0].input.SetValue("Whose voice was missing?")
	f.fields[1].choice = 2
	f.fields[2].items[0].on, f.fields[2].items[2].on = true, true
	g := newMiniForm("t", "T", "",
		textField(ctx, "Text", "", "", 100, "text"),
		choiceField("Choice", "", []string{"a", "b", "c"}, "choice"),
		pickField("Pick", "", []pickItem{{id: "x"}, {id: "y"}, {id: "z"}}, "pick"))
	g.setFieldValues(f.fieldValues())
	if g.snapshot() != f.snapshot() {
		t.Errorf("put back: %q, want %q", g.snapshot(), f.snapshot())
	}
	g.setFieldValues([]string{"", "7", "gone"}) // a choice or item gone since
	if g.fields[1].choice != 2 || g.picked(2) != nil {
		t.Errorf("values that no longer fit: choice %d, picked %v", g.fields[1].choice, g.picked(2))
	}
}

// TestDraftFileUnreadable: a draft's file that cannot be read as one (cut
// short, edited by hand) is not lost: its text comes back as the notes of
// a new entry, and the file is removed.
func TestDraftFileUnreadable(t *testing.T) {
	j := openJournal(t)
	opts := testOptions()
	opts.EditDir = filepath.Join(t.TempDir(), ".journal.db.edit")
	if err := os.MkdirAll(opts.EditDir, 0o700); err != nil {
		t.Fatal(err)
	}
	text := `{"format":"hone draft 1","title":"Cut short","notes":"Dvořák agreed`
	if err := os.WriteFile(filepath.Join(opts.EditDir, draftFilePrefix+"999999999-1.json"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModelWith(t, j.svc, opts, 100, 30)
	if m.question == nil {
		t.Fatal("the start did not offer the file's text")
	}
	m = keys(t, m, "y")
	if got := m.form.notes.Value(); got != text {
		t.Errorf("the notes came back as %q, want the file's text", got)
	}
	if names, _ := os.ReadDir(opts.EditDir); len(names) != 0 {
		t.Errorf("the file stays: %v", names)
	}
}
