package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"hone/journal"
	"hone/ui/internal/textarea"
)

func TestFormFocusOrder(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n")
	if len(m.form.refls) != 1 {
		t.Fatalf("a new entry starts with %d reflections, want 1 suggested", len(m.form.refls))
	}
	forward := []fieldID{fieldNotes, fieldRatings, fieldReflection, fieldTags, fieldDate, fieldKind, fieldPhase,
		fieldFamily, fieldTitle}
	for i, want := range forward {
		m = keys(t, m, "tab")
		if got := m.form.current().field; got != want {
			t.Fatalf("tab %d: focus on %v, want %v", i+1, got, want)
		}
	}
	for i := len(forward) - 2; i >= 0; i-- {
		m = keys(t, m, "shift+tab")
		if got, want := m.form.current().field, forward[i]; got != want {
			t.Fatalf("shift+tab: focus on %v, want %v", got, want)
		}
	}
}

func TestFormBadDateNamesTheField(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n")
	m = typeText(t, m, "Plan review")
	m = keys(t, m, "shift+tab", "shift+tab", "shift+tab", "shift+tab") // family, phase, kind, date
	if got := m.form.current().field; got != fieldDate {
		t.Fatalf("focus on %v, want the date", got)
	}
	m = keys(t, m, "ctrl+u")
	m = typeText(t, m, "2026-13-45")
	m = keys(t, m, "tab", "tab", "tab", "tab", "ctrl+s") // save from the title
	if m.screen != screenForm {
		t.Fatal("the form closed on a bad date")
	}
	if m.form.err == nil || m.form.errStop.field != fieldDate {
		t.Fatalf("error %v at %v, want one at the date", m.form.err, m.form.errStop)
	}
	if got := m.form.current().field; got != fieldDate {
		t.Errorf("focus on %v after the error, want the date", got)
	}
	if got := plain(m); !strings.Contains(got, `date: "2026-13-45" is not a date`) {
		t.Errorf("no inline error naming the date:\n%s", got)
	}
	if n := countEntries(t, j); n != 0 {
		t.Errorf("%d entries saved, want none", n)
	}
	// Fixing the date takes the warning away before the next save.
	m = keys(t, m, "ctrl+u")
	m = typeText(t, m, "2026-03-02")
	if got := plain(m); strings.Contains(got, "is not a date") {
		t.Errorf("the warning stays after the date was fixed:\n%s", got)
	}
}

func TestFormFutureDateRefused(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u")
	m = typeText(t, m, "2026-03-09")
	m = keys(t, m, "ctrl+s")
	if got := plain(m); !strings.Contains(got, "is in the future") {
		t.Errorf("no error for a date in the future:\n%s", got)
	}
}

func TestFormRatingKeys(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n", "tab", "tab") // notes, ratings
	if got := m.form.current().field; got != fieldRatings {
		t.Fatalf("focus on %v, want ratings", got)
	}
	skills := m.form.ratings.skills
	first, second := skills[0].ID, skills[1].ID
	m = keys(t, m, "4", "right", "2")
	if got := m.form.ratings.values; got[first] != 4 || got[second] != 2 {
		t.Fatalf("ratings = %v, want %s=4 %s=2", got, first, second)
	}
	// The focused skill's anchors are on screen while rating.
	if got := plain(m); !strings.Contains(got, firstWords(skills[1].Anchors[0], 5)) {
		t.Errorf("the anchors of %s are not shown:\n%s", second, got)
	}
	m = keys(t, m, "0", "left", "backspace")
	if got := m.form.ratings.values; len(got) != 0 {
		t.Errorf("ratings = %v after clearing, want none", got)
	}
	m = keys(t, m, "9", "5")
	if got := m.form.ratings.values; got[first] != 5 || len(got) != 1 {
		t.Errorf("ratings = %v, want only %s=5", got, first)
	}
}

func TestFormSavesAndReturns(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "n")
	m = typeText(t, m, "Met with the F12 team")
	m = keys(t, m, "tab")
	m = typeText(t, m, "Grandmother came.")
	m = keys(t, m, "tab", "3", "tab")
	m = typeText(t, m, "I asked more than I reflected.")
	m = keys(t, m, "tab")
	m = typeText(t, m, "mi, Family")
	m = keys(t, m, "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab") // family
	m = typeText(t, m, "F12")
	m = keys(t, m, "ctrl+s")
	if m.screen != screenTabs || m.tab != tabJournal {
		t.Fatalf("after saving: screen %v tab %v (error %v), want the Journal", m.screen, m.tab, m.form.err)
	}
	if !strings.Contains(plain(m), "Saved.") {
		t.Error("no Saved. after saving")
	}
	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 {
		t.Fatalf("entries = %v, %v; want one", es, err)
	}
	e := es[0]
	if e.Title != "Met with the F12 team" || e.Family != "F12" || e.Notes != "Grandmother came." || e.Date != testToday {
		t.Errorf("saved %+v", e)
	}
	if len(e.Ratings) != 1 || len(e.Reflections) != 1 || !e.Reflections[0].Shared {
		t.Errorf("ratings %v, reflections %+v", e.Ratings, e.Reflections)
	}
	if got := strings.Join(e.Tags, " "); got != "mi family" {
		t.Errorf("tags %q, want %q", got, "mi family")
	}
	if len(m.journal.rows) != 1 || m.journal.rows[0].ID != e.ID {
		t.Errorf("the Journal list was not refreshed: %d rows", len(m.journal.rows))
	}

	// Edit it: the form opens on a copy, and saving updates it in place.
	m = keys(t, m, "e")
	if m.screen != screenForm || m.form.title.Value() != e.Title {
		t.Fatal("e did not open the entry in the form")
	}
	m = typeText(t, m, " again")
	m = keys(t, m, "ctrl+s")
	got, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil || got.Title != "Met with the F12 team again" || countEntries(t, j) != 1 {
		t.Errorf("after editing: %+v, %v", got, err)
	}
}

func TestFormPrivacyWarningsAskFirst(t *testing.T) {
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, Warn: func(e *journal.Entry) []string {
		if strings.Contains(e.Notes, "555") {
			return []string{`notes: "555-123-4567" looks like a phone number`}
		}
		return nil
	}})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(80, 24))
	m = keys(t, m, "n")
	m = typeText(t, m, "Call")
	m = keys(t, m, "tab")
	m = typeText(t, m, "Her number is 555-123-4567")
	m = keys(t, m, "ctrl+s")
	if m.question == nil || !strings.Contains(plain(m), "looks like a phone number") {
		t.Fatalf("no warning before saving:\n%s", plain(m))
	}
	m = keys(t, m, "n")
	if countEntries(t, j) != 0 || m.screen != screenForm {
		t.Fatal("n saved anyway or left the form")
	}
	m = keys(t, m, "ctrl+s", "y")
	if countEntries(t, j) != 1 || m.screen == screenForm {
		t.Fatal("y did not save")
	}
}

func TestFormPickPrompt(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n", "tab", "tab", "tab", "ctrl+p")
	if !m.form.picking {
		t.Fatal("ctrl+p did not open the picker")
	}
	m = typeText(t, m, "gibbs")
	m = keys(t, m, "enter")
	if m.form.picking || len(m.form.refls) != 1 {
		t.Fatalf("picking %v, %d reflections", m.form.picking, len(m.form.refls))
	}
	var p journal.Prompt
	for _, x := range journal.BuiltinPrompts() {
		if x.ID == m.form.refls[0].promptID {
			p = x
		}
	}
	if !strings.Contains(strings.Join(p.Tags, " "), "gibbs") {
		t.Errorf("picked %q (%v), want a gibbs prompt", p.ID, p.Tags)
	}
	m = keys(t, m, "ctrl+r", "esc")
	if len(m.form.refls) != 1 {
		t.Errorf("esc in the picker added a reflection")
	}
}

func TestEditorRoundTrip(t *testing.T) {
	// The "editor" is a shell script that appends a line to the file.
	dir := t.TempDir()
	script := filepath.Join(dir, "ed.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho 'written in the editor' >> \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock, Editor: script})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(80, 24))
	m = keys(t, m, "n", "tab")
	m = typeText(t, m, "First line")
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(Model)
	msg := cmd()
	file, ok := msg.(editorFileMsg)
	if !ok || file.err != nil {
		t.Fatalf("ctrl+e gave %#v", msg)
	}
	if fi, err := os.Stat(file.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("temp file: %v, %v", fi, err)
	}
	// Run the editor as tea.ExecProcess would, then hand back its exit.
	if err := runScript(script, file.path); err != nil {
		t.Fatal(err)
	}
	m = send1(t, m, editorExitMsg{path: file.path, target: file.target})
	if got := m.form.notes.Value(); got != "First line\nwritten in the editor" {
		t.Errorf("notes = %q", got)
	}
	if _, err := os.Stat(file.path); !os.IsNotExist(err) {
		t.Errorf("the temp file was not removed: %v", err)
	}
}

func TestEditorUnsetIsAnError(t *testing.T) {
	j := openJournal(t)
	m := New(j.svc, Options{Now: fixedClock})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(80, 24))
	m = keys(t, m, "n", "tab", "ctrl+e")
	if got := plain(m); !strings.Contains(got, "set $EDITOR") {
		t.Errorf("no error without an editor:\n%s", got)
	}
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

func TestEditFromEntryViewReturnsToIt(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "enter", "e")
	id := m.form.orig.ID
	m = typeText(t, m, " (edited)")
	m = keys(t, m, "ctrl+s")
	if m.screen != screenEntry || m.entry.id() != id {
		t.Fatalf("after saving: screen %v entry %q, want the entry view of %s", m.screen, m.entry.id(), id)
	}
	if got := plain(m); !strings.Contains(got, "Transition planning started early (edited)") || !strings.Contains(got, "Saved.") {
		t.Errorf("the entry view does not show the edit:\n%s", got)
	}
}

// TestLongTextIsNeverCut: the textarea keeps at most 10,000 lines, so the
// form refuses to open an entry with longer notes (saving would cut them)
// and refuses longer text back from the editor.
func TestLongTextIsNeverCut(t *testing.T) {
	j := openJournal(t)
	long := strings.Repeat("line\n", formMaxLines+5)
	e := &journal.Entry{Date: journal.DayOf(fixedNow) - 1, Kind: journal.KindCheckIn, Title: "long notes", Notes: long}
	if err := j.svc.Entries.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	m := New(j.svc, Options{Now: fixedClock})
	m = run(t, m, m.Init())
	m = send1(t, m, teaSize(80, 24))
	m = send1(t, m, openFormMsg{entry: e})
	if m.screen == screenForm {
		t.Fatal("the form opened on notes longer than it can hold")
	}
	if got := plain(m); !strings.Contains(got, "more than the form can edit") {
		t.Errorf("no message about the long notes:\n%s", got)
	}
	stored, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil || stored.Notes != e.Notes {
		t.Errorf("the notes changed (%v)", err)
	}

	// Text back from the editor that is too long leaves the field as it was.
	m = keys(t, m, "n", "tab")
	m = typeText(t, m, "kept")
	m = send1(t, m, editorDoneMsg{target: m.form.stops()[m.form.focus], text: long})
	if got := m.form.notes.Value(); got != "kept" {
		t.Errorf("notes after an overlong edit = %d bytes, want %q", len(got), "kept")
	}
}

// rowsOf is the height a text field of the form should have: the rows the
// text takes in a textarea as wide, soft wrapped, from lo to hi.
func rowsOf(text string, width, lo, hi int) int {
	ta := textarea.New()
	ta.ShowLineNumbers, ta.Prompt, ta.MaxHeight = false, "│ ", 0
	ta.DynamicHeight, ta.MaxContentHeight = true, 0
	ta.SetWidth(width)
	ta.SetValue(text)
	return max(lo, min(ta.Height(), hi))
}

// checkDrawn fails when the form's kept drawing of a text field is not
// what the field draws now.
func checkDrawn(t *testing.T, m Model, step string) {
	t.Helper()
	if m.form.notesDrawn != m.form.notes.View() {
		t.Errorf("%s: the notes on screen are not the notes", step)
	}
	for i, r := range m.form.refls {
		if r.drawn != r.answer.View() {
			t.Errorf("%s: answer %d on screen is not the answer", step, i+1)
		}
	}
}

// TestFormTextFieldsGrow: the notes and the answers grow with their text,
// soft-wrapped rows counted, up to the most the screen allows, then scroll;
// they shrink again when text is deleted.
func TestFormTextFieldsGrow(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "n", "tab")
	f := m.form
	width, hi := f.textWidth(), f.notesH
	if hi < 8 {
		t.Fatalf("notes at most %d rows at 120x40", hi)
	}
	check := func(step string, want int) {
		t.Helper()
		if got := m.form.notes.Height(); got != want {
			t.Errorf("%s: the notes are %d rows high, want %d", step, got, want)
		}
		if got := strings.Count(m.form.notesDrawn, "\n") + 1; got != want {
			t.Errorf("%s: the notes take %d rows on screen, want %d", step, got, want)
		}
		checkDrawn(t, m, step)
	}
	check("empty", notesMinH)
	var lines []string
	for i := range hi + 3 {
		if i > 0 {
			m = keys(t, m, "enter")
		}
		m = typeText(t, m, "line "+strconv.Itoa(i+1))
		lines = append(lines, "line "+strconv.Itoa(i+1))
		check(strconv.Itoa(i+1)+" lines", max(notesMinH, min(i+1, hi)))
	}
	if got := plain(m); !strings.Contains(got, "│ line "+strconv.Itoa(hi+3)) || strings.Contains(got, "│ line 1 ") {
		t.Errorf("the notes did not scroll to the cursor:\n%s", got)
	}
	for range hi + 2 {
		m = keys(t, m, "ctrl+u", "backspace")
	}
	check("one line left", notesMinH)

	// Long lines count the rows they wrap to, wide runes two columns each.
	for _, text := range []string{
		strings.Repeat("a few words ", 30),
		strings.Repeat("日本語のテキスト ", 40),
		strings.Repeat("x", 300) + "\n" + strings.Repeat("🙂 ", 50),
	} {
		m = keys(t, m, "ctrl+u")
		m = send1(t, m, tea.PasteMsg{Content: text})
		check(firstWords(text, 1), rowsOf(text, width, notesMinH, hi))
	}

	// The answers grow in the same way, from two rows.
	m = keys(t, m, "tab", "tab")
	if m.form.current().field != fieldReflection {
		t.Fatalf("focus on %v, want the reflection", m.form.current().field)
	}
	ahi := m.form.answerH
	for i := range ahi + 2 {
		if i > 0 {
			m = keys(t, m, "enter")
		}
		m = typeText(t, m, "answer")
		if got, want := m.form.refls[0].answer.Height(), max(answerMinH, min(i+1, ahi)); got != want {
			t.Errorf("%d lines: the answer is %d rows high, want %d", i+1, got, want)
		}
	}
	checkDrawn(t, m, "answer")
}

// TestFormLongNotesEdit: in notes of 400 lines, with wrapped lines and wide
// runes, text typed and pasted in the middle is saved where it was typed,
// and a line added at the end past the 99th, where the textarea's default
// MaxHeight would stop the enter key.
func TestFormLongNotesEdit(t *testing.T) {
	var lines []string
	for i := range 400 {
		l := "line " + strconv.Itoa(i+1) + ": ünïcödé 日本語 🙂"
		if i%7 == 0 {
			l += strings.Repeat(" and a longer sentence that wraps", 5)
		}
		lines = append(lines, l)
	}
	j := openJournal(t)
	e := &journal.Entry{Date: testToday - 1, Kind: journal.KindCheckIn, Title: "long notes", Notes: strings.Join(lines, "\n")}
	if err := j.svc.Entries.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 120, 40)
	m = send1(t, m, openFormMsg{entry: e})
	m = keys(t, m, "tab")
	if got, want := m.form.notes.Height(), m.form.notesH; got != want {
		t.Errorf("the notes are %d rows high, want %d", got, want)
	}
	checkDrawn(t, m, "opened")

	// insert puts s into lines where the cursor is, as the textarea does.
	insert := func(s string) {
		row, col := m.form.notes.Line(), m.form.notes.Column()
		l := []rune(lines[row])
		ins := strings.Split(s, "\n")
		ins[0] = string(l[:col]) + ins[0]
		ins[len(ins)-1] += string(l[col:])
		lines = append(lines[:row], append(ins, lines[row+1:]...)...)
	}
	m = send1(t, m, tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
	for range 20 {
		m = send1(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	m = keys(t, m, "down", "right", "right", "right")
	if row := m.form.notes.Line(); row < 100 || row > 300 {
		t.Fatalf("the cursor is on line %d, want one in the middle", row+1)
	}
	insert("¡hola 世界!")
	m = typeText(t, m, "¡hola 世界!")
	if got := plain(m); !strings.Contains(got, "¡hola 世界!") {
		t.Errorf("the typed text is not on screen:\n%s", got)
	}
	m = keys(t, m, "up", "up", "up")
	pasted := "pasted\nover two lines"
	insert(pasted)
	m = send1(t, m, tea.PasteMsg{Content: pasted})
	m = send1(t, m, tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
	insert("\nthe end")
	m = keys(t, m, "enter")
	m = typeText(t, m, "the end")
	checkDrawn(t, m, "edited")
	m = keys(t, m, "ctrl+s")
	got, err := j.svc.Entries.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(lines, "\n"); got.Notes != want {
		t.Errorf("saved notes of %d lines differ from the %d typed", strings.Count(got.Notes, "\n")+1, len(lines))
	}
}

// TestFormNotesScrolledToTheirEnd: deleting lines at the end of long
// notes keeps the field full, the text's end at its bottom row.
func TestFormNotesScrolledToTheirEnd(t *testing.T) {
	var lines []string
	for i := range 30 {
		lines = append(lines, "line "+strconv.Itoa(i+1))
	}
	j := openJournal(t)
	e := &journal.Entry{Date: testToday - 1, Kind: journal.KindCheckIn, Title: "t", Notes: strings.Join(lines, "\n")}
	if err := j.svc.Entries.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, j.svc, 120, 40)
	m = send1(t, m, openFormMsg{entry: e})
	m = keys(t, m, "tab")
	for range 5 {
		m = keys(t, m, "ctrl+u", "backspace")
	}
	rows := strings.Split(ansi.Strip(m.form.notesDrawn), "\n")
	if got, want := len(rows), m.form.notesH; got != want {
		t.Fatalf("the notes take %d rows, want %d", got, want)
	}
	if got := strings.TrimSpace(rows[len(rows)-1]); got != "│ line 25" {
		t.Errorf("the notes' last row is %q, want the last line:\n%s", got, strings.Join(rows, "\n"))
	}
}

// TestFormTextDrawnAfterChanges: the form draws its text fields when they
// change, not on every frame; what it shows is what they hold after every
// kind of change.
func TestFormTextDrawnAfterChanges(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 120, 40)
	m = keys(t, m, "n")
	checkDrawn(t, m, "opened")
	steps := []struct {
		name string
		msgs []tea.Msg
	}{
		{"typed", []tea.Msg{keyMsg("tab"), keyMsg("a"), keyMsg("enter"), keyMsg("b")}},
		{"pasted", []tea.Msg{tea.PasteMsg{Content: "pasted\ntext"}}},
		{"tab away", []tea.Msg{keyMsg("tab")}},
		{"answered", []tea.Msg{keyMsg("tab"), keyMsg("x")}},
		{"another reflection", []tea.Msg{keyMsg("ctrl+r"), keyMsg("enter")}},
		{"reflection removed", []tea.Msg{keyMsg("ctrl+x")}},
		{"narrower", []tea.Msg{teaSize(80, 24)}},
		{"restyled", []tea.Msg{restyledMsg{}}},
		{"from the editor", []tea.Msg{editorDoneMsg{target: stop{field: fieldNotes}, text: "edited\n"}}},
		{"typed after", []tea.Msg{tea.KeyPressMsg{Code: tea.KeyEnd}, keyMsg("z")}},
	}
	for _, s := range steps {
		for _, msg := range s.msgs {
			m = send1(t, m, msg)
		}
		checkDrawn(t, m, s.name)
	}
	if got, want := m.form.notes.Value(), "editedz"; got != want {
		t.Errorf("notes %q, want %q", got, want)
	}
	if got := plain(m); !strings.Contains(got, "│ editedz") {
		t.Errorf("the notes on screen are not the notes:\n%s", got)
	}
}

// TestFormNotesStaleSelection presses in the notes the keys that made
// upstream's textarea panic (an empty selection left on a line that ctrl+u
// then merged away, then shift+up and a letter): the form must go on, the
// letter typed.
func TestFormNotesStaleSelection(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "n", "tab") // the title, then the notes
	if m.form.current().field != fieldNotes {
		t.Fatalf("the notes do not have the focus: %+v", m.form.current())
	}
	m = typeText(t, m, "first line")
	m = keys(t, m, "enter")
	m = send1(t, m, tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift})
	m = keys(t, m, "ctrl+u")
	m = send1(t, m, tea.KeyPressMsg{Code: tea.KeyUp, Mod: tea.ModShift})
	m = typeText(t, m, "x")
	if got := m.form.notes.Value(); !strings.Contains(got, "x") || strings.Contains(got, "\n") {
		t.Errorf("the notes are %q; want one line with the x typed", got)
	}
	if m.screen != screenForm {
		t.Errorf("the form closed")
	}
}

// TestFormTitleDeleteLastWord presses alt+d with the cursor on the last
// character of the title, where bubbles' textinput reads past its value
// and panics (updateInput): the character goes, the form stays.
func TestFormTitleDeleteLastWord(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "n")
	if m.form.current().field != fieldTitle {
		t.Fatalf("the title does not have the focus: %+v", m.form.current())
	}
	m = typeText(t, m, "Home visit")
	m = keys(t, m, "left")
	m = send1(t, m, tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt})
	if got := m.form.title.Value(); got != "Home visi" {
		t.Errorf("the title is %q after alt+d on its last letter, want %q", got, "Home visi")
	}
	m = typeText(t, m, "t!")
	if got := m.form.title.Value(); got != "Home visit!" || m.screen != screenForm {
		t.Errorf("the title is %q (screen %v) after typing on", got, m.screen)
	}
}

// TestFormTitleSaysWhenFull: a title at its limit says so, rather than
// drop what is typed past it unseen.
func TestFormTitleSaysWhenFull(t *testing.T) {
	j := openJournal(t)
	m := keys(t, newTestModel(t, j.svc, 100, 30), "n")
	m = typeText(t, m, strings.Repeat("a", journal.MaxTitle-1))
	if strings.Contains(plain(m), "the most a title holds") {
		t.Fatal("the title says it is full one character short")
	}
	m = typeText(t, m, "bcdef")
	if got := m.form.title.Value(); len(got) != journal.MaxTitle {
		t.Fatalf("the title holds %d characters", len(got))
	}
	if !strings.Contains(plain(m), "200 characters, the most a title holds") {
		t.Errorf("a full title does not say so:\n%s", plain(m))
	}
}

// TestFormNotesKeysInABurst types into the notes as a terminal without
// bracketed paste delivers a paste: keys one after another, none of the
// draw timers firing between them. The keys held while the draw is due
// land in the notes, in order, before whatever comes next: the draw, a
// tab to the next field, or a save.
func TestFormNotesKeysInABurst(t *testing.T) {
	text := "first line, with words\nsecond: ünïcode ✓\n\nfourth"
	burst := func(m Model) Model {
		for _, r := range text {
			k := tea.KeyPressMsg{Code: r, Text: string(r)}
			if r == '\n' {
				k = keyMsg("enter")
			}
			next, _ := m.Update(k) // the timers it starts never fire
			m = next.(Model)
		}
		return m
	}
	open := func(t *testing.T) (*testJournal, Model) {
		j := openJournal(t)
		m := newTestModel(t, j.svc, 80, 24)
		m = keys(t, m, "n")
		m = typeText(t, m, "Burst")
		m = keys(t, m, "tab")
		if m.form.current().field != fieldNotes {
			t.Fatalf("the notes do not have the focus: %+v", m.form.current())
		}
		return j, burst(m)
	}
	t.Run("drawn", func(t *testing.T) {
		_, m := open(t)
		if len(m.form.notesHeld) == 0 {
			t.Fatal("no key was held: the burst went into the notes one key at a time")
		}
		m = send1(t, m, notesDrawMsg{})
		if got := m.form.notes.Value(); got != text {
			t.Errorf("notes %q, want %q", got, text)
		}
		if got := plain(m); !strings.Contains(got, "│ fourth") {
			t.Errorf("the last line typed is not on screen:\n%s", got)
		}
	})
	t.Run("tab", func(t *testing.T) {
		_, m := open(t)
		m = keys(t, m, "tab")
		if got := m.form.notes.Value(); got != text {
			t.Errorf("notes %q, want %q", got, text)
		}
		if m.form.current().field != fieldRatings {
			t.Errorf("focus on %v after tab, want the ratings", m.form.current().field)
		}
	})
	t.Run("saved", func(t *testing.T) {
		j, m := open(t)
		m = keys(t, m, "ctrl+s")
		es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
		if err != nil || len(es) != 1 {
			t.Fatalf("after the save the journal holds %d entries (%v)", len(es), err)
		}
		if got := es[0].Notes; got != text {
			t.Errorf("saved notes %q, want %q", got, text)
		}
	})
}

// TestFormRatingGridByName: the grid shows the skills by name in the
// catalog's order, the same before and after ratings change what was
// rated last, and says which were rated most recently.
func TestFormRatingGridByName(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 100, 30)
	catalog := m.ctx.data.catalog.Active()
	m = keys(t, m, "n", "tab", "tab")
	var got []string
	for _, s := range m.form.ratings.skills {
		got = append(got, s.ID)
	}
	var want []string
	for _, s := range catalog {
		want = append(want, s.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("grid order %v, want the catalog's %v", got, want)
	}
	screen := plain(m)
	for _, s := range catalog {
		if strings.Contains(screen, s.ID) {
			t.Errorf("the grid shows the id %s:\n%s", s.ID, screen)
		}
	}
	for _, name := range []string{"MI skills", "Strengths discovery", "Crisis and safety planning", "Documentation discipline"} {
		if !strings.Contains(screen, name) {
			t.Errorf("the grid does not show %q:\n%s", name, screen)
		}
	}
	recent := m.ctx.data.recent[0]
	s, _ := m.ctx.data.catalog.Find(recent)
	if !strings.Contains(screen, "recently rated: "+s.Name) {
		t.Errorf("the screen does not say %s was rated most recently:\n%s", s.Name, screen)
	}
	if i := slices.IndexFunc(m.form.ratings.skills, func(x journal.Skill) bool { return x.ID == recent }); i == 0 && catalog[0].ID != recent {
		t.Errorf("the skill rated last moved to the front of the grid")
	}
	// Rating the last skill of the catalog and saving leaves the order.
	m = keys(t, m, "up", "down", "down", "down", "down", "down", "down", "down", "down", "right", "right", "right")
	last := m.form.ratings.skills[m.form.ratings.cursor].ID
	m = keys(t, m, "3", "shift+tab", "shift+tab")
	m = typeText(t, m, "Rated the last skill")
	m = keys(t, m, "ctrl+s")
	if m.screen == screenForm {
		t.Fatalf("the form did not save:\n%s", plain(m))
	}
	if m.ctx.data.recent[0] != last {
		t.Fatalf("%s was rated last, recent says %v", last, m.ctx.data.recent)
	}
	m = keys(t, m, "n", "tab", "tab")
	for i, s := range m.form.ratings.skills {
		if s.ID != want[i] {
			t.Fatalf("after rating %s the grid's skill %d is %s, want %s", last, i, s.ID, want[i])
		}
	}
}

// TestFormRatingGridJump types letters in the grid: the cursor goes to the
// skill whose name, or a word of it, starts with them; a letter again goes
// on to the next; backspace takes a letter back; letters that match no
// skill say so and leave the cursor; digits still rate.
func TestFormRatingGridJump(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "n", "tab", "tab")
	at := func(m Model) string { return m.form.ratings.skills[m.form.ratings.cursor].Name }
	steps := []struct {
		keys []string
		want string
	}{
		{[]string{"c", "r"}, "Creative, individualized options"},
		{[]string{"i"}, "Crisis and safety planning"},
		{[]string{"4"}, "Crisis and safety planning"},
		{[]string{"m", "e", "e", "t", "i", "n", "g", " ", "f"}, "Meeting facilitation"},
		{[]string{"right", "m"}, "MI skills"}, // after the cursor, round the grid
		{[]string{"m"}, "Meeting preparation"},
		{[]string{"m"}, "Meeting facilitation"},
		{[]string{"right", "s", "u", "p"}, "Natural and community supports"}, // a word of the name
		{[]string{"x", "q"}, "Natural and community supports"},
		{[]string{"d", "o", "c", "backspace", "backspace"}, "Documentation discipline"},
		{[]string{"5"}, "Documentation discipline"},
	}
	for _, s := range steps {
		m = keys(t, m, s.keys...)
		if got := at(m); got != s.want {
			t.Fatalf("after %q the cursor is on %q, want %q", s.keys, got, s.want)
		}
	}
	if got := plain(m); strings.Contains(got, "jump:") {
		t.Errorf("the letters typed still show after a digit:\n%s", got)
	}
	m = keys(t, m, "x", "q")
	if got := plain(m); !strings.Contains(got, `no skill's name starts with "xq"`) {
		t.Errorf("letters that match nothing are not said:\n%s", got)
	}
	if got := m.form.ratings.values; got["plan.safety"] != 4 || got["self.doc"] != 5 || len(got) != 2 {
		t.Errorf("ratings %v, want plan.safety 4 and self.doc 5", got)
	}
	if m.screen != screenForm {
		t.Errorf("a letter left the form")
	}
}

// TestFormFieldsWholeAtTheNarrowest: at 60 columns the form's first
// fields (date, kind, phase, family) stand one a line instead of two,
// each whole: "‹ team-meeting ›" and the family's hint were cut.
func TestFormFieldsWholeAtTheNarrowest(t *testing.T) {
	j := openJournal(t)
	m := keys(t, newTestModel(t, j.svc, minWidth, minHeight), "n")
	screen := plain(m)
	for _, want := range []string{"‹ team-meeting ›", "‹ none ›", "a family code, never a name"} {
		if !strings.Contains(screen, want) {
			t.Errorf("at 60 columns the form lacks %q:\n%s", want, screen)
		}
	}
	for _, l := range strings.Split(screen, "\n")[2:6] {
		if strings.Contains(l, "…") {
			t.Errorf("at 60 columns a field is cut: %q", l)
		}
	}
}

// TestRatingAnchorsWhole: with the rating grid focused, every anchor of
// the skill under the cursor shows whole, at the smallest size hone draws
// (60x16) and at 80x24, for every built-in skill: the anchors are what a
// rating means, and a cut one was rated against half a sentence.
func TestRatingAnchorsWhole(t *testing.T) {
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, sz := range []struct{ w, h int }{{60, 16}, {80, 24}} {
		j := openJournal(t)
		j.seed(t)
		m := newTestModel(t, j.svc, sz.w, sz.h)
		m = keys(t, m, "n", "tab", "tab")
		f := &m.form.ratings
		for i := range f.skills {
			s := f.skills[m.form.ratings.cursor]
			screen := squash(plain(m))
			for _, a := range s.Anchors {
				if a != "" && !strings.Contains(screen, squash(journal.SafeLine(a))) {
					t.Errorf("%dx%d, skill %d (%s): the anchor %q is not whole on screen:\n%s", sz.w, sz.h, i, s.ID, a, plain(m))
				}
			}
			m = keys(t, m, "right")
		}
	}
}

// TestFormPasteShowsCleanText: text pasted into a field is shown as it will
// be saved: the bidirectional overrides and control characters saving
// removes never reach the terminal while the form is open, and the words
// around them stay.
func TestFormPasteShowsCleanText(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "2", "n")
	const hostile = "Met \u202edlrow\u202c the \u2066family\u2069 \u0098agreed\u200f"
	m = send1(t, m, tea.PasteMsg{Content: hostile})
	m = keys(t, m, "tab")
	m = send1(t, m, tea.PasteMsg{Content: hostile + "\nsecond \u202eline"})
	view := m.View().Content
	for _, r := range []rune{0x202e, 0x202c, 0x2066, 0x2069, 0x200f, 0x98} {
		if strings.ContainsRune(view, r) {
			t.Errorf("the form shows %U pasted into it:\n%s", r, plain(m))
		}
	}
	if got := plain(m); !strings.Contains(got, "Met dlrow the family agreed") || !strings.Contains(got, "second line") {
		t.Errorf("the pasted words are not all on screen:\n%s", got)
	}
	m = keys(t, m, "ctrl+s")
	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 {
		t.Fatalf("saved %d entries (%v)", len(es), err)
	}
	if got, want := es[0].Title, "Met dlrow the family agreed"; got != want {
		t.Errorf("saved title %q, want %q", got, want)
	}
}

// TestFormTypedControlsAreNotShown: a key whose text is a character saving
// removes (a bidirectional override typed with a compose key or sent by a
// terminal) is not put into the field, so it never reaches the terminal.
func TestFormTypedControlsAreNotShown(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 30)
	m = keys(t, m, "2", "n")
	m = typeText(t, m, "Met")
	for _, r := range []rune{0x202e, 0x2066, 0x200f, 0x98} {
		m = send1(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	m = typeText(t, m, " the family")
	view := m.View().Content
	for _, r := range []rune{0x202e, 0x2066, 0x200f, 0x98} {
		if strings.ContainsRune(view, r) {
			t.Errorf("the form shows %U typed into it:\n%s", r, plain(m))
		}
	}
	if got := plain(m); !strings.Contains(got, "Met the family") {
		t.Errorf("the typed words are not on screen:\n%s", got)
	}
}
