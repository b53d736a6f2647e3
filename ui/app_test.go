package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
)

func TestTabKeysSwitchViews(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	steps := []struct {
		key  string
		want tab
	}{
		{"2", tabJournal},
		{"tab", tabSkills},
		{"tab", tabPrompts},
		{"tab", tabPrep},
		{"tab", tabToday},
		{"shift+tab", tabPrep},
		{"5", tabPrep},
		{"3", tabSkills},
		{"1", tabToday},
	}
	for _, s := range steps {
		m = keys(t, m, s.key)
		if got := m.tab; got != s.want {
			t.Fatalf("after %q: tab = %v, want %v", s.key, got, s.want)
		}
	}
}

func TestMouseClickSelectsTab(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	x := strings.Index(plain(m), "Skills")
	m = send1(t, m, tea.MouseClickMsg{X: x + 1, Y: 0, Button: tea.MouseLeft})
	if m.tab != tabSkills {
		t.Fatalf("tab = %v after a click on Skills at x=%d, want Skills", m.tab, x)
	}
}

func TestNewEntryKeyOpensFormInTitle(t *testing.T) {
	for _, tb := range []string{"1", "2"} {
		j := openJournal(t)
		m := newTestModel(t, j.svc, 80, 24)
		m = keys(t, m, tb, "n")
		if m.screen != screenForm {
			t.Fatalf("tab %s: n did not open the form", tb)
		}
		if got := m.form.current().field; got != fieldTitle {
			t.Errorf("tab %s: form opened in field %v, want the title", tb, got)
		}
	}
}

func TestKeysGoToFocusedViewOnly(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "3") // Skills
	skillsBefore, journalBefore, pickBefore := m.skills.cursor, m.journal.cursor, m.today.pick
	m = keys(t, m, "j", "j", "s")
	if m.skills.cursor == skillsBefore {
		t.Error("j on the Skills tab did not move its cursor")
	}
	if m.journal.cursor != journalBefore || m.today.pick != pickBefore {
		t.Error("keys on the Skills tab reached other tabs")
	}
	m = keys(t, m, "2", "j")
	if got, want := m.journal.cursor, journalBefore+1; got != want {
		t.Errorf("journal cursor = %d, want %d", got, want)
	}
}

func TestQTypesInTextFields(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)

	m = keys(t, m, "n")
	m, quit := press(t, m, "q")
	if quit {
		t.Fatal("q in the title quit")
	}
	if got := m.form.title.Value(); got != "q" {
		t.Errorf("title = %q, want %q", got, "q")
	}

	m = keys(t, m, "esc", "y", "2", "/")
	if m, quit = press(t, m, "q"); quit {
		t.Fatal("q in the journal filter quit")
	}
	if got := m.journal.filter.Value(); got != "q" {
		t.Errorf("filter = %q, want %q", got, "q")
	}

	m = keys(t, m, "esc")
	if _, quit = press(t, m, "q"); !quit {
		t.Error("q on the Journal list did not quit")
	}
}

func TestCtrlCAsksWhenTextWouldBeLost(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	if _, quit := press(t, m, "ctrl+c"); !quit {
		t.Fatal("ctrl+c with nothing typed did not quit")
	}

	m = keys(t, m, "n")
	if _, quit := press(t, m, "ctrl+c"); !quit {
		t.Fatal("ctrl+c in an untouched form did not quit")
	}
	m = typeText(t, m, "Met the team")
	m = keys(t, m, "ctrl+c")
	if m.question == nil {
		t.Fatal("ctrl+c with unsaved text did not ask")
	}
	if !strings.Contains(plain(m), "Quit? This entry is kept as a draft, offered at the next start. (y/n)") {
		t.Errorf("the question is not on screen:\n%s", plain(m))
	}
	m = keys(t, m, "n")
	if m.question != nil || m.screen != screenForm || m.form.title.Value() != "Met the team" {
		t.Fatal("answering n did not return to the form with its text")
	}
	m = keys(t, m, "ctrl+c")
	// A second ctrl+c does not answer: only y or n do.
	m, quit := press(t, m, "ctrl+c")
	if quit || m.question == nil || m.screen != screenForm {
		t.Fatalf("a second ctrl+c answered the question (quit %v, question %v)", quit, m.question)
	}
	if m, quit := press(t, m, "y"); !quit {
		t.Errorf("y did not quit (question %v)", m.question)
	}
}

func TestEscCancelsForm(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "n", "esc")
	if m.screen != screenTabs || m.tab != tabJournal {
		t.Fatal("esc in an untouched form did not go back to the Journal")
	}
	m = keys(t, m, "n")
	m = typeText(t, m, "x")
	m = keys(t, m, "esc")
	if m.question == nil || m.screen != screenForm {
		t.Fatal("esc with typed text did not ask first")
	}
	m = keys(t, m, "y")
	if m.screen != screenTabs {
		t.Error("agreeing to discard did not close the form")
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2")
	before := len(m.journal.rows)
	first := m.journal.rows[0]
	m = keys(t, m, "d")
	if m.question == nil || !strings.Contains(plain(m), "Delete the entry of") {
		t.Fatalf("d did not ask:\n%s", plain(m))
	}
	m = keys(t, m, "n")
	if got := countEntries(t, j); got != before {
		t.Fatalf("after n: %d entries, want %d", got, before)
	}
	m = keys(t, m, "d", "y")
	if got := countEntries(t, j); got != before-1 {
		t.Fatalf("after y: %d entries, want %d", got, before-1)
	}
	if _, err := j.svc.Entries.FindEntry(first.ID); journal.ErrorCode(err) != journal.ENOTFOUND {
		t.Errorf("the deleted entry is still there: %v", err)
	}
	if !strings.Contains(plain(m), "Deleted.") {
		t.Error("no confirmation after the delete")
	}
	if got := len(m.journal.rows); got != before-1 {
		t.Errorf("the list shows %d entries, want %d", got, before-1)
	}
}

func TestStatusClearsOnNextKey(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = send1(t, m, statusMsg{text: "Saved."})
	if !strings.Contains(plain(m), "Saved.") {
		t.Fatal("status not shown")
	}
	m = keys(t, m, "3")
	if strings.Contains(plain(m), "Saved.") {
		t.Error("status still shown after a key")
	}
}

func TestTooSmall(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 50, 12)
	if got := plain(m); !strings.Contains(got, "Please make the window larger.") {
		t.Errorf("at 50x12:\n%s", got)
	}
	m = send1(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if got := plain(m); strings.Contains(got, "larger") || !strings.Contains(got, "Today") {
		t.Errorf("after growing to 80x24:\n%s", got)
	}
}

func TestHelpShowsAllKeys(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "?")
	got := plain(m)
	for _, want := range []string{"delete", "filter", "next tab", "Journal file:"} {
		if !strings.Contains(got, want) {
			t.Errorf("full help lacks %q:\n%s", want, got)
		}
	}
	m = keys(t, m, "?")
	if strings.Contains(plain(m), "Journal file:") {
		t.Error("? did not close the help")
	}
}

// TestFooterListsKeysThatWork checks that keys that do nothing now are
// left out of the footer.
func TestFooterListsKeysThatWork(t *testing.T) {
	j := openJournal(t)
	m := newTestModel(t, j.svc, 100, 24)
	m = keys(t, m, "2")
	footer := lastLine(plain(m))
	for _, absent := range []string{"edit", "delete", "open"} {
		if strings.Contains(footer, absent) {
			t.Errorf("empty journal: footer offers %q: %s", absent, footer)
		}
	}
	m = keys(t, m, "/")
	footer = lastLine(plain(m))
	if strings.Contains(footer, "quit") && !strings.Contains(footer, "ctrl+c") || strings.Contains(footer, "q quit") {
		t.Errorf("while filtering the footer offers q: %s", footer)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func countEntries(t testing.TB, j *testJournal) int {
	t.Helper()
	es, err := j.svc.Entries.FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestMouseScrollsAndSelectsRows(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2")
	m = send1(t, m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if got := m.journal.cursor; got != 3 {
		t.Errorf("wheel down: cursor %d, want 3", got)
	}
	m = send1(t, m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelUp})
	if got := m.journal.cursor; got != 0 {
		t.Errorf("wheel up: cursor %d, want 0", got)
	}
	row := bodyTop + listChrome + 4
	m = send1(t, m, tea.MouseClickMsg{X: 20, Y: row, Button: tea.MouseLeft})
	if got := m.journal.cursor; got != 4 {
		t.Fatalf("click on screen row %d: cursor %d, want 4", row, got)
	}
	m = send1(t, m, tea.MouseClickMsg{X: 20, Y: row, Button: tea.MouseLeft})
	if m.screen != screenEntry || m.entry.id() != m.journal.rows[4].ID {
		t.Error("a click on the selected row did not open it")
	}
}

// TestResize checks every tab at several sizes, growing and shrinking: the
// screen always fills the terminal exactly.
func TestResize(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	sizes := [][2]int{{120, 40}, {60, 16}, {100, 30}, {80, 24}, {200, 60}}
	for _, screen := range [][]string{{"1"}, {"2"}, {"3"}, {"4"}, {"2", "enter"}, {"n"}} {
		m = keys(t, m, "esc", "esc")
		m = keys(t, m, screen...)
		for _, sz := range sizes {
			m = send1(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkScreen(t, plain(m), sz[0], sz[1])
		}
	}
}

// failingRatings is a RatingService that cannot read.
type failingRatings struct{}

func (failingRatings) Ratings() (map[string][]journal.Rating, error) {
	return nil, errors.New("disk on fire")
}

// failingSaves is an EntryService whose writes fail inside the store.
type failingSaves struct{ journal.EntryService }

func (failingSaves) CreateEntry(*journal.Entry) error {
	return errors.New("store: put entry: disk full")
}

func (failingSaves) CommitDraft(*journal.Entry, string) error {
	return errors.New("store: put entry: disk full")
}

// failingDrift is a DriftService that cannot read.
type failingDrift struct{}

func (failingDrift) Drift(journal.Day) ([]journal.Drift, error) {
	return nil, errors.New("disk on fire")
}

// TestLoadErrorIsShownAndLogged: a journal that cannot be analysed says so
// on Today, whether the drift or (when the Skills tab reads them) the
// histories fail, and logs the error in full.
func TestLoadErrorIsShownAndLogged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		broken func(*Services)
		keys   []string
	}{
		{"drift", func(s *Services) { s.Drift = failingDrift{} }, nil},
		{"histories", func(s *Services) { s.Ratings = failingRatings{} }, []string{"3", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := openJournal(t)
			svc := j.svc
			tc.broken(&svc)
			var logged []error
			m := New(svc, Options{Now: fixedClock, Log: func(err error) { logged = append(logged, err) }})
			m = run(t, m, m.Init())
			m = send1(t, m, teaSize(80, 24))
			m = keys(t, m, tc.keys...)
			if got := plain(m); !strings.Contains(got, "Could not read your ratings") {
				t.Errorf("Today does not say what failed:\n%s", got)
			}
			if len(logged) != 1 || !strings.Contains(logged[0].Error(), "disk on fire") {
				t.Errorf("logged %v, want the error in full", logged)
			}
		})
	}
}

func TestSaveErrorKeepsTheForm(t *testing.T) {
	j := openJournal(t)
	svc := j.svc
	svc.Entries = failingSaves{j.svc.Entries}
	m := newTestModel(t, svc, 80, 24)
	m = keys(t, m, "n")
	m = typeText(t, m, "Plan review")
	m = keys(t, m, "ctrl+s")
	if m.screen != screenForm || m.form.title.Value() != "Plan review" {
		t.Fatal("a failed save lost the form")
	}
	if got := plain(m); !strings.Contains(got, "disk full") {
		t.Errorf("the error is not shown:\n%s", got)
	}
	if m.form.saving {
		t.Error("the form still says it is saving")
	}
}

// TestLongStatusIsShownWhole: a message wider than the screen (here the
// path where the editor's text is kept, an error naming a file) wraps
// onto more lines instead of being cut: the words cut off are often the
// ones that say where or what. The screen keeps its size.
func TestLongStatusIsShownWhole(t *testing.T) {
	j := openJournal(t)
	path := "/home/facilitator/.local/share/hone/.journal.db.edit/edit-123456-7890123456.md"
	msg := "the editor's text is kept in " + path + ": 10010 lines, more than the form holds (10000)"
	for _, w := range []int{60, 80, 100} {
		m := newTestModel(t, j.svc, w, 24)
		before := strings.Split(plain(m), "\n")
		m = send1(t, m, statusMsg{text: msg})
		screen := plain(m)
		// A wrap breaks at spaces, slashes and hyphens: joined again,
		// the message must be whole.
		flat := strings.Join(strings.Fields(screen), " ")
		flat = strings.NewReplacer("/ ", "/", "- ", "-").Replace(flat)
		for _, part := range []string{"the editor's text is kept in " + path, "more than the form holds (10000)"} {
			if !strings.Contains(flat, part) {
				t.Errorf("at %d columns the status lost %q:\n%s", w, part, screen)
			}
		}
		if lines := strings.Split(screen, "\n"); len(lines) != 24 {
			t.Errorf("at %d columns the screen has %d lines, want 24", w, len(lines))
		}
		if lines := strings.Split(screen, "\n"); lines[len(lines)-1] != before[len(before)-1] {
			t.Errorf("at %d columns the footer is gone:\n%s", w, screen)
		}
	}
}

// TestKeysRightAfterAScreenKeyGoToTheNewScreen: keys that arrive in the
// same burst as the key that opens a screen (a fast typist, a slow SSH
// link, a paste) go to the screen it opens: n then "Hello" is a new entry
// titled Hello, not an empty form after Today took the letters as its own
// keys (e opened nothing, l, o...). Bubble Tea hands the keys over before
// any message a command sends, so opening a screen cannot wait for one.
func TestKeysRightAfterAScreenKeyGoToTheNewScreen(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 100, 30)
	var held []tea.Cmd
	burst := func(ks ...string) {
		for _, k := range ks {
			next, cmd := m.Update(keyMsg(k))
			m = next.(Model)
			held = append(held, cmd)
		}
	}
	burst("n", "H", "e", "l", "l", "o")
	for _, c := range held {
		m = run(t, m, c)
	}
	if m.screen != screenForm || m.form.title.Value() != "Hello" {
		t.Fatalf("n then Hello in one burst: screen %v, title %q\n%s", m.screen, m.form.title.Value(), plain(m))
	}

	// The Journal tab: 2, then enter on the first entry, then e edits it.
	m = newTestModel(t, j.svc, 100, 30)
	held = nil
	burst("2", "enter", "e")
	for _, c := range held {
		m = run(t, m, c)
	}
	if m.screen != screenForm || m.form.orig == nil {
		t.Fatalf("2, enter, e in one burst did not open the entry's edit:\n%s", plain(m))
	}
}

// TestTabBarFitsTheNarrowestScreen: at the smallest size hone draws
// (60 columns), the tab bar is never cut: the brand (which says when the
// journal is the demo's), every tab's number, the tab shown by name, and
// the heading of an open screen ("New entry") all fit.
func TestTabBarFitsTheNarrowestScreen(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	for _, demo := range []bool{false, true} {
		opts := testOptions()
		opts.Demo = demo
		m := newTestModelWith(t, j.svc, opts, minWidth, minHeight)
		for _, step := range []struct {
			keys []string
			want []string
		}{
			{nil, []string{"1 Today", "2", "3", "4", "5"}},
			{[]string{"5"}, []string{"5 Prep", "1", "4"}},
			{[]string{"1", "n"}, []string{"New entry", "1", "5"}},
		} {
			m = keys(t, m, step.keys...)
			bar := strings.SplitN(plain(m), "\n", 2)[0]
			want := append([]string{strings.TrimSpace(brandOf(m.ctx))}, step.want...)
			for _, w := range want {
				if !strings.Contains(bar, w) {
					t.Errorf("demo %v, after %v: the tab bar lacks %q: %q", demo, step.keys, w, bar)
				}
			}
			if strings.Contains(bar, "…") {
				t.Errorf("demo %v, after %v: the tab bar is cut: %q", demo, step.keys, bar)
			}
		}
	}
}
