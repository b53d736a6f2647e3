package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hone/journal"
	"hone/journal/gen"
	"hone/store"
)

// Key benchmarks (SPEC section 9: a key press in any view handled and drawn
// under 2 ms at 100,000 entries). Each op is one key press handed to Update
// and one full frame drawn with View, in a 120x40 window, on a screen whose
// data is in: the commands of the keys that lead there are run first, as a
// program would. The commands the measured keys return (timers, loads off
// the UI loop) are dropped; the *Cmd benchmarks measure, for the keys that
// start one, the key, its command and the frame once its message is in,
// and the *Msg benchmarks the part of that on the UI loop: the message
// handed to Update, and the frame. Keys alternate (j then k) so that
// nothing runs to an end.
//
//	go test ./ui -run '^$' -bench 'Key' -benchtime 2s -count 3 -benchmem
//	go test ./ui -run '^$' -bench 'Cmd|Msg' -benchtime 2s -count 3 -benchmem

// benchEntries is the size of the journal the key benchmarks share.
const benchEntries = 100_000

// benchJournal is a generated journal the key benchmarks share, built once
// per test binary and size and opened read-only, so that no benchmark
// changes it. Its newest entry has long notes.
type benchJournal struct {
	once sync.Once
	dir  string
	db   *store.DB
	svc  Services
	long string // the id of the newest entry, the one with long notes
	err  error
}

// benchJournals holds the shared journals by size.
var benchJournals struct {
	sync.Mutex
	bySize map[int]*benchJournal
}

// bench100k is the journal of benchEntries entries.
func bench100k() *benchJournal { return benchJournalSized(benchEntries) }

// benchJournalSized returns the shared journal of n entries, not yet
// built.
func benchJournalSized(n int) *benchJournal {
	benchJournals.Lock()
	defer benchJournals.Unlock()
	if benchJournals.bySize == nil {
		benchJournals.bySize = map[int]*benchJournal{}
	}
	j := benchJournals.bySize[n]
	if j == nil {
		j = &benchJournal{}
		benchJournals.bySize[n] = j
	}
	return j
}

// benchJournal100k returns the services over the shared journal of
// benchEntries entries.
func benchJournal100k(b *testing.B) Services { return benchServices(b, benchEntries) }

// benchServices returns the services over the shared journal of n
// entries, built the first time it is asked for.
func benchServices(b *testing.B, n int) Services {
	b.Helper()
	j := benchJournalSized(n)
	j.once.Do(func() { j.err = j.build(n) })
	if j.err != nil {
		b.Fatal(j.err)
	}
	return j.svc
}

// build generates a journal of n entries into a temporary folder, writes
// it in batches of 2,000 as hone gen does, and opens it read-only.
func (j *benchJournal) build(n int) error {
	dir, err := os.MkdirTemp("", "hone-ui-bench-")
	if err != nil {
		return err
	}
	j.dir = dir
	path := filepath.Join(dir, "journal.db")
	db, err := store.Open(path, store.Options{Now: fixedClock})
	if err != nil {
		return err
	}
	es := gen.Generate(gen.Options{Entries: n, Seed: 1, End: testToday})
	newest := es[len(es)-1]
	newest.Notes = longNotes(es[len(es)-41 : len(es)-1])
	svc := store.NewEntryService(db)
	for start := 0; start < len(es); start += 2000 {
		if err := svc.CreateEntries(es[start:min(start+2000, len(es))]); err != nil {
			db.Close()
			return fmt.Errorf("write the benchmark journal: %w", err)
		}
	}
	if err := db.Close(); err != nil {
		return err
	}
	if db, err = store.Open(path, store.Options{Now: fixedClock, ReadOnly: true}); err != nil {
		return err
	}
	j.db, j.long = db, newest.ID
	j.svc = Services{
		Entries: store.NewEntryService(db),
		Skills:  store.NewSkillService(db),
		Prompts: store.NewPromptService(db),
		Ratings: store.NewRatingService(db),
		Goals:   store.NewGoalService(db),
	}
	return nil
}

// longNotes joins the notes of es under their titles: about 40 entries'
// worth of Markdown, a few hundred lines on screen.
func longNotes(es []*journal.Entry) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("## " + e.Title + "\n\n" + e.Notes + "\n\n")
	}
	return strings.TrimSpace(b.String())
}

// benchReviewSets caches review mode's exports by their number.
var benchReviewSets struct {
	sync.Mutex
	sets map[int][]Review
}

// benchReviews returns n coach-safe exports of 10,000 generated entries
// each, one seed per facilitator, built with journal.BuildExport.
func benchReviews(n int) []Review {
	benchReviewSets.Lock()
	defer benchReviewSets.Unlock()
	if rs, ok := benchReviewSets.sets[n]; ok {
		return rs
	}
	if benchReviewSets.sets == nil {
		benchReviewSets.sets = map[int][]Review{}
	}
	c := journal.BuiltinSkills()
	rs := make([]Review, n)
	for i := range rs {
		name := "Facilitator " + itoa(i+1)
		es := gen.Generate(gen.Options{Entries: 10_000, Seed: 100 + uint64(i), End: testToday})
		x := journal.BuildExport(es, c, journal.ExportOptions{Now: fixedNow, Facilitator: name})
		rs[i] = Review{Name: name, Export: x}
	}
	benchReviewSets.sets[n] = rs
	return rs
}

// TestMain closes and removes the journal the benchmarks shared.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, j := range benchJournals.bySize {
		if j.db != nil {
			if err := j.db.Close(); err != nil {
				fmt.Fprintln(os.Stderr, "close the benchmark journal:", err)
			}
		}
		if j.dir != "" {
			_ = os.RemoveAll(j.dir) // best effort: a temporary folder
		}
	}
	os.Exit(code)
}

// keyBench is one key benchmark: the keys that lead to the screen (their
// commands run), the keys measured in turn, and what must be on screen.
type keyBench struct {
	setup []string
	keys  []string
	// ready returns what the screen lacks, "" when its data is in.
	ready func(m Model) string
}

// benchModel100k builds the TUI over the shared journal at 120x40 and runs
// its loading to the end.
func benchModel100k(b *testing.B) Model { return benchModelSized(b, benchEntries) }

// benchModelSized is benchModel100k over the shared journal of n entries.
func benchModelSized(b *testing.B, n int) Model {
	b.Helper()
	m := newTestModel(b, benchServices(b, n), 120, 40)
	if !m.ctx.ready || !m.today.loaded || !m.journal.loaded || len(m.ctx.prompts) == 0 {
		b.Fatal("the data did not arrive")
	}
	return m
}

// runKeyBench presses kb.setup on m, then measures kb.keys in turn: one
// op is Update with a key and View.
func runKeyBench(b *testing.B, m Model, kb keyBench) {
	b.Helper()
	m = keys(b, m, kb.setup...)
	if kb.ready != nil {
		if missing := kb.ready(m); missing != "" {
			b.Fatalf("before the keys: %s\n%s", missing, plain(m))
		}
	}
	checkBenchScreen(b, m)
	msgs := make([]tea.KeyPressMsg, len(kb.keys))
	for i, k := range kb.keys {
		msgs[i] = keyMsg(k)
	}
	i := 0
	for b.Loop() {
		next, _ := m.Update(msgs[i%len(msgs)])
		m = next.(Model)
		_ = m.View()
		i++
	}
	for ; i%len(msgs) != 0; i++ { // end where a round of keys ends
		next, _ := m.Update(msgs[i%len(msgs)])
		m = next.(Model)
	}
	if kb.ready != nil {
		if missing := kb.ready(m); missing != "" {
			b.Fatalf("after the keys: %s\n%s", missing, plain(m))
		}
	}
	checkBenchScreen(b, m)
}

// runCmdBench presses kb.setup on m, then measures kb.keys in turn: one op
// is Update with a key, its commands run and their messages handed back,
// and View.
func runCmdBench(b *testing.B, m Model, kb keyBench) {
	b.Helper()
	m = keys(b, m, kb.setup...)
	if missing := kb.ready(m); missing != "" {
		b.Fatalf("before the keys: %s\n%s", missing, plain(m))
	}
	msgs := make([]tea.KeyPressMsg, len(kb.keys))
	for i, k := range kb.keys {
		msgs[i] = keyMsg(k)
	}
	i := 0
	for b.Loop() {
		m = send1(b, m, msgs[i%len(msgs)])
		_ = m.View()
		i++
	}
	for ; i%len(msgs) != 0; i++ {
		m = send1(b, m, msgs[i%len(msgs)])
	}
	if missing := kb.ready(m); missing != "" {
		b.Fatalf("after the keys: %s\n%s", missing, plain(m))
	}
}

// checkBenchScreen fails when the frame is not 40 lines: a benchmark that
// measures an empty or broken screen measures nothing.
func checkBenchScreen(b *testing.B, m Model) {
	b.Helper()
	if n := strings.Count(plain(m), "\n") + 1; n != 40 {
		b.Fatalf("the frame has %d lines, want 40:\n%s", n, plain(m))
	}
}

// benchNeed returns what when ok is false, and "" otherwise.
func benchNeed(ok bool, what string) string {
	if ok {
		return ""
	}
	return what
}

func benchOnTab(t tab) func(Model) string {
	return func(m Model) string {
		return benchNeed(m.screen == screenTabs && m.tab == t, "not on the "+t.String()+" tab")
	}
}

func todayReady(m Model) string {
	return firstMissing(benchOnTab(tabToday)(m), benchNeed(len(m.today.suggest) > 1, "fewer than two suggestions"))
}

func journalReady(m Model) string {
	return firstMissing(benchOnTab(tabJournal)(m), benchNeed(len(m.journal.rows) == pageSize, "no page of entries"))
}

func journalFilterReady(m Model) string {
	return firstMissing(journalReady(m), benchNeed(m.journal.filtering, "the filter line has not the keyboard"))
}

func entryReady(m Model) string {
	return firstMissing(
		benchNeed(m.screen == screenEntry && m.entry.id() == bench100k().long, "the entry with long notes is not open"),
		benchNeed(m.entry.rendered > 0, "the notes are not rendered"),
		benchNeed(m.entry.vp.TotalLineCount() > 200, "the entry is short"),
		benchNeed(m.entry.vp.YOffset() > 0, "the entry is not scrolled"))
}

func skillsReady(m Model) string {
	return firstMissing(benchOnTab(tabSkills)(m), benchNeed(len(m.skills.rows) > 10, "no skills"),
		benchNeed(m.skills.detail == nil, "a skill is open"))
}

func skillDetailReady(m Model) string {
	if r := benchOnTab(tabSkills)(m); r != "" {
		return r
	}
	d := m.skills.detail
	if d == nil {
		return "no skill open"
	}
	return firstMissing(benchNeed(d.chart != "", "no chart"), benchNeed(d.reflsLoaded, "no reflections"),
		benchNeed(d.drift.Ratings > 1000, "the skill has few ratings"))
}

func promptsReady(m Model) string {
	return firstMissing(benchOnTab(tabPrompts)(m), benchNeed(len(m.prompts.rows) > 10, "no prompts"))
}

func promptsFilterReady(m Model) string {
	return firstMissing(benchOnTab(tabPrompts)(m), benchNeed(m.prompts.filtering, "the filter line has not the keyboard"),
		benchNeed(len(m.prompts.rows) > 0, "no prompt matches"))
}

func prepReady(m Model) string {
	return firstMissing(benchOnTab(tabPrep)(m), benchNeed(m.prep.prep != nil && m.prep.err == nil, "no preparation"),
		benchNeed(len(m.prep.lines) > 40, "a short preparation"))
}

func formReady(field fieldID) func(Model) string {
	return func(m Model) string {
		return firstMissing(benchNeed(m.screen == screenForm, "the form is not open"),
			benchNeed(m.form.current().field == field, "the focus is elsewhere"),
			benchNeed(len(m.form.ratings.skills) > 10, "no skills to rate"))
	}
}

func formEditReady(m Model) string {
	return firstMissing(formReady(fieldNotes)(m),
		benchNeed(m.form.orig != nil && m.form.orig.ID != bench100k().long, "not editing an ordinary entry"),
		benchNeed(m.form.notes.LineCount() > 3, "no notes"))
}

func formLongNotesReady(m Model) string {
	return firstMissing(formReady(fieldNotes)(m),
		benchNeed(m.form.orig != nil && m.form.orig.ID == bench100k().long, "not editing the entry with long notes"),
		benchNeed(m.form.notes.LineCount() > 200, "short notes"))
}

func selfAssessReady(m Model) string {
	return firstMissing(benchNeed(m.screen == screenSelfAssess, "the self-assessment is not open"),
		benchNeed(m.self.loaded && m.self.prev != nil, "no previous self-assessment"),
		benchNeed(len(m.self.skills) > 10, "no skills"))
}

func exportReady(m Model) string {
	return firstMissing(benchNeed(m.screen == screenExport, "the export screen is not open"),
		benchNeed(m.exporter.preview != nil && m.exporter.err == nil, "no preview"),
		benchNeed(m.exporter.preview != nil && len(m.exporter.preview.x.Records) > 1000, "a small export"))
}

// firstMissing returns the first thing missing.
func firstMissing(missing ...string) string {
	for _, s := range missing {
		if s != "" {
			return s
		}
	}
	return ""
}

// benchDown is n presses of j, to start a list or a page away from its top.
func benchDown(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = "j"
	}
	return ks
}

func benchSetup(groups ...[]string) []string {
	var ks []string
	for _, g := range groups {
		ks = append(ks, g...)
	}
	return ks
}

func BenchmarkTodayKey100k(b *testing.B) {
	// s shows another suggested prompt, round the suggestions.
	runKeyBench(b, benchModel100k(b), keyBench{keys: []string{"s"}, ready: todayReady})
}

// BenchmarkJournalStoreKey100k is BenchmarkJournalKey100k over the
// generated bbolt journal, j and k in turn.
func BenchmarkJournalStoreKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: benchSetup([]string{"2"}, benchDown(50)), keys: []string{"j", "k"}, ready: journalReady})
}

// BenchmarkJournalFilterKey100k types into the filter line: a character,
// then backspace. The query waits for a pause (BenchmarkJournalFilterCmd100k).
func BenchmarkJournalFilterKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"2", "/"}, keys: []string{"m", "backspace"}, ready: journalFilterReady})
}

// BenchmarkJournalFilterOpenKey100k opens the filter line with / and
// leaves it with esc.
func BenchmarkJournalFilterOpenKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"2"}, keys: []string{"/", "esc"}, ready: journalReady})
}

// BenchmarkKeyBySize presses keys in the main views over journals of
// 1,000, 10,000 and 100,000 entries: what a key costs should not grow with
// the journal.
func BenchmarkKeyBySize(b *testing.B) {
	views := []struct {
		name string
		kb   keyBench
	}{
		{"today", keyBench{keys: []string{"s"}, ready: todayReady}},
		{"journal", keyBench{setup: benchSetup([]string{"2"}, benchDown(50)), keys: []string{"j", "k"}, ready: journalReady}},
		{"skills", keyBench{setup: []string{"3", "j", "j"}, keys: []string{"j", "k"}, ready: skillsReady}},
		{"prompts", keyBench{setup: []string{"4", "j", "j"}, keys: []string{"j", "k"}, ready: promptsReady}},
		{"prep", keyBench{setup: benchSetup([]string{"5"}, benchDown(5)), keys: []string{"j", "k"}, ready: prepReady}},
		{"form", keyBench{setup: []string{"n", "tab"}, keys: []string{"x", "backspace"}, ready: formReady(fieldNotes)}},
	}
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, v := range views {
			b.Run(fmt.Sprintf("%s_%d", v.name, n), func(b *testing.B) {
				runKeyBench(b, benchModelSized(b, n), v.kb)
			})
		}
	}
}

// BenchmarkEntryKey100k scrolls the newest entry, whose notes are about 40
// entries' worth of Markdown.
func BenchmarkEntryKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: benchSetup([]string{"2", "enter"}, benchDown(30)), keys: []string{"j", "k"}, ready: entryReady})
}

func BenchmarkSkillsKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"3", "j", "j"}, keys: []string{"j", "k"}, ready: skillsReady})
}

// BenchmarkSkillOpenKey100k opens a skill with enter and closes it with
// esc: the detail's text is drawn on the UI loop, its chart in a command.
func BenchmarkSkillOpenKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"3", "j"}, keys: []string{"enter", "esc"}, ready: skillsReady})
}

func BenchmarkSkillDetailKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: benchSetup([]string{"3", "j", "enter"}, benchDown(3)), keys: []string{"j", "k"}, ready: skillDetailReady})
}

func BenchmarkPromptsKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"4", "j", "j"}, keys: []string{"j", "k"}, ready: promptsReady})
}

// BenchmarkPromptsFilterKey100k types into the prompts' filter, which
// filters as it is typed.
func BenchmarkPromptsFilterKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"4", "/"}, keys: []string{"e", "backspace"}, ready: promptsFilterReady})
}

func BenchmarkPrepKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: benchSetup([]string{"5"}, benchDown(5)), keys: []string{"j", "k"}, ready: prepReady})
}

// BenchmarkPrepPeriodKey100k changes the period with ] and [: the key and
// the frame; the preparation is read again in a command
// (BenchmarkPrepPeriodCmd100k).
func BenchmarkPrepPeriodKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"5"}, keys: []string{"]", "["}, ready: prepReady})
}

// BenchmarkFormNotesKey100k types into the notes of a new entry: a
// character, then backspace.
func BenchmarkFormNotesKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"n", "tab"}, keys: []string{"x", "backspace"}, ready: formReady(fieldNotes)})
}

// BenchmarkFormEditNotesKey100k types into the notes of an entry as the
// generator writes them (a few lines), opened for editing.
func BenchmarkFormEditNotesKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"2", "j", "e", "tab"}, keys: []string{"x", "backspace"}, ready: formEditReady})
}

// BenchmarkFormLongNotesKey100k types into the notes of the entry with
// long notes, opened for editing.
func BenchmarkFormLongNotesKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"2", "e", "tab"}, keys: []string{"x", "backspace"}, ready: formLongNotesReady})
}

// BenchmarkFormOneLineNotesKey_100000Chars types at the end of notes of
// one line of 100,000 characters, words of 7 letters (issue 17, item 13:
// 10,000 characters typed took 829 MB and 38 s).
func BenchmarkFormOneLineNotesKey_100000Chars(b *testing.B) {
	m := keys(b, benchModel100k(b), "n", "tab")
	line := strings.Repeat("abcdefg ", 100_000/8)
	next, _ := m.Update(tea.PasteMsg{Content: line})
	m = next.(Model)
	if got := len(m.form.notes.Value()); got != len(line) {
		b.Fatalf("the notes hold %d characters, want %d", got, len(line))
	}
	b.ReportAllocs()
	runKeyBench(b, m, keyBench{keys: []string{"x", "backspace"}, ready: formReady(fieldNotes)})
}

// BenchmarkFormRatingsKey100k moves between the skills of the ratings.
func BenchmarkFormRatingsKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"n", "tab", "tab", "right"}, keys: []string{"right", "left"}, ready: formReady(fieldRatings)})
}

func BenchmarkSelfAssessKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"S", "j", "j"}, keys: []string{"j", "k"}, ready: selfAssessReady})
}

// BenchmarkExportKey100k changes the format on the export preview (the
// default 90 days): the one key there that starts no command.
func BenchmarkExportKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"X"}, keys: []string{"f"}, ready: exportReady})
}

// BenchmarkExportPeriodKey100k changes the period with → and ←: the key
// and the frame; the preview is built again in a command
// (BenchmarkExportPeriodCmd100k).
func BenchmarkExportPeriodKey100k(b *testing.B) {
	runKeyBench(b, benchModel100k(b), keyBench{setup: []string{"X"}, keys: []string{"right", "left"},
		ready: func(m Model) string { return benchNeed(m.screen == screenExport, "the export screen is not open") }})
}

// The commands some keys start, measured with the key and the frame once
// their messages are in.

// BenchmarkPrepPeriodCmd100k is ] and [ on the Prep tab with the
// preparation read again for the period (37 days, then 30).
func BenchmarkPrepPeriodCmd100k(b *testing.B) {
	runCmdBench(b, benchModel100k(b), keyBench{setup: []string{"5"}, keys: []string{"]", "["}, ready: prepReady})
}

// BenchmarkExportPeriodCmd100k is → and ← on the export screen with the
// preview built again (180 days, then 90).
func BenchmarkExportPeriodCmd100k(b *testing.B) {
	runCmdBench(b, benchModel100k(b), keyBench{setup: []string{"X"}, keys: []string{"right", "left"}, ready: exportReady})
}

// BenchmarkEntryOpenCmd100k opens the entry with long notes from the
// Journal (its Markdown rendered in a command) and closes it: one op is
// both.
func BenchmarkEntryOpenCmd100k(b *testing.B) {
	m := keys(b, benchModel100k(b), "2")
	open, back := keyMsg("enter"), keyMsg("esc")
	for b.Loop() {
		m = send1(b, m, open)
		_ = m.View()
		m = send1(b, m, back)
		_ = m.View()
	}
	m = send1(b, m, open)
	if m.screen != screenEntry || m.entry.rendered == 0 || m.entry.id() != bench100k().long {
		b.Fatalf("the entry did not open:\n%s", plain(m))
	}
}

// BenchmarkSkillOpenCmd100k opens a skill (chart and reflections read in
// commands) and closes it: one op is both.
func BenchmarkSkillOpenCmd100k(b *testing.B) {
	m := keys(b, benchModel100k(b), "3", "j")
	open, back := keyMsg("enter"), keyMsg("esc")
	for b.Loop() {
		m = send1(b, m, open)
		_ = m.View()
		m = send1(b, m, back)
		_ = m.View()
	}
	m = send1(b, m, open)
	if missing := skillDetailReady(m); missing != "" {
		b.Fatalf("the skill did not open: %s\n%s", missing, plain(m))
	}
}

// BenchmarkJournalFilterCmd100k is the filter's query after the pause that
// follows a keystroke: the key, the debounce's message (sent at once),
// the first page read and the frame. The text alternates between
// "meeting" and "meetin".
func BenchmarkJournalFilterCmd100k(b *testing.B) {
	m := keys(b, benchModel100k(b), "2", "/")
	m = typeText(b, m, "meeting")
	ks := []tea.KeyPressMsg{keyMsg("backspace"), keyMsg("g")}
	i := 0
	for b.Loop() {
		next, _ := m.Update(ks[i%2])
		m = next.(Model)
		m = send1(b, m, filterTickMsg{typed: m.journal.typed})
		_ = m.View()
		i++
	}
	if missing := journalFilterReady(m); missing != "" || m.journal.query == "" {
		b.Fatalf("the filter did not apply: %s\n%s", missing, plain(m))
	}
}

// The messages those commands return, handled on the UI loop: one op is
// Update with the message and View.

// BenchmarkPrepLoadMsg100k is the preparation for 37 days arriving after ]:
// the new period's lines, laid out by the command that loaded them, taken
// in and shown.
func BenchmarkPrepLoadMsg100k(b *testing.B) {
	runMsgBench(b, keys(b, benchModel100k(b), "5"), "]", prepReady)
}

// BenchmarkExportLoadMsg100k is the preview of 180 days arriving after →.
func BenchmarkExportLoadMsg100k(b *testing.B) {
	runMsgBench(b, keys(b, benchModel100k(b), "X"), "right", exportReady)
}

// runMsgBench presses k, runs its commands once, and measures the
// messages they return handed to Update, and View.
func runMsgBench(b *testing.B, m Model, k string, ready func(Model) string) {
	b.Helper()
	next, cmd := m.Update(keyMsg(k))
	m = next.(Model)
	msgs := cmdMsgs(b, cmd)
	if len(msgs) == 0 {
		b.Fatalf("%s starts no command", k)
	}
	for b.Loop() {
		for _, msg := range msgs {
			next, _ := m.Update(msg)
			m = next.(Model)
		}
		_ = m.View()
	}
	if missing := ready(m); missing != "" {
		b.Fatalf("after the messages: %s\n%s", missing, plain(m))
	}
	checkBenchScreen(b, m)
}

// Review mode over n exports of 10,000 entries each.

func BenchmarkReviewKey3x10k(b *testing.B)  { benchReviewKeys(b, 3) }
func BenchmarkReviewKey30x10k(b *testing.B) { benchReviewKeys(b, 30) }

// reflectionsReady says what is missing for the Reflections tab to show
// cards.
func reflectionsReady(m Model) string {
	return firstMissing(benchNeed(m.tab == tabReflections, "not on the Reflections tab"), benchNeed(len(m.refl.shown) > 100, "few reflections"))
}

func benchReviewKeys(b *testing.B, n int) {
	overview := func(m Model) string {
		return firstMissing(benchNeed(m.tab == tabOverview, "not on the Overview"), benchNeed(m.ctx.ready, "no insights"),
			benchNeed(m.ctx.review.done == n && m.ctx.review.teamDone, "not every export is in"))
	}
	tests := []struct {
		name string
		kb   keyBench
	}{
		{"overview", keyBench{setup: []string{"j"}, keys: []string{"j", "k"}, ready: overview}},
		{"facilitator", keyBench{keys: []string{"]", "["}, ready: overview}},
		{"skills", keyBench{setup: []string{"2", "j", "j"}, keys: []string{"j", "k"}, ready: func(m Model) string {
			return firstMissing(benchNeed(m.tab == tabSkills && m.skills.detail == nil, "not on the Skills tab"), benchNeed(len(m.skills.rows) > 10, "no skills"))
		}}},
		{"skill_detail", keyBench{setup: []string{"2", "j", "enter", "j", "j"}, keys: []string{"j", "k"}, ready: skillDetailReady}},
		{"team", keyBench{setup: []string{"3", "j"}, keys: []string{"j", "k"}, ready: func(m Model) string {
			return firstMissing(benchNeed(m.tab == tabTeam, "not on the Team tab"), benchNeed(m.ctx.review.teamDone, "no team"))
		}}},
		{"reflections", keyBench{setup: []string{"4", "j"}, keys: []string{"j", "k"}, ready: reflectionsReady}},
		{"reflections_words", keyBench{setup: []string{"4", "/"}, keys: []string{"a", "backspace"}, ready: reflectionsReady}},
	}
	reviews := benchReviews(n)
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			m := newReviewModel(b, reviews, 120, 40)
			runKeyBench(b, m, tt.kb)
		})
	}
}

// BenchmarkFormPasteKeys_500Lines pastes 500 lines (27,000 characters)
// into the notes of a new entry the way a terminal without bracketed paste
// delivers them: one key message each, enter ending a line, with the
// notes' draw due every 100 keys and a frame drawn then (the program draws
// at most one frame per 16 ms; the draw timer fires every 15 ms). One op
// is the whole paste, into a form opened for it.
//
//	go test ./ui -run '^$' -bench 'PasteKeys' -benchtime 20x -count 3
func BenchmarkFormPasteKeys_500Lines(b *testing.B) {
	j := openJournal(b)
	j.seed(b)
	m := newTestModel(b, j.svc, 80, 24)
	var msgs []tea.Msg
	for i := 1; i <= 500; i++ {
		for _, r := range fmt.Sprintf("line %03d of the pasted notes, words enough to fill it", i) {
			msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		if i < 500 {
			msgs = append(msgs, keyMsg("enter"))
		}
	}
	for b.Loop() {
		m = keys(b, m, "n", "tab")
		for i, msg := range msgs {
			next, _ := m.Update(msg)
			m = next.(Model)
			if i%100 == 99 {
				next, _ = m.Update(notesDrawMsg{})
				m = next.(Model)
				_ = m.View()
			}
		}
		m = send1(b, m, notesDrawMsg{})
		if got := m.form.notes.LineCount(); got != 500 {
			b.Fatalf("the notes hold %d lines, want 500", got)
		}
		m = send1(b, m, closeFormMsg{})
	}
}
