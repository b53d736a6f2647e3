package ui

import (
	"bytes"
	"image/color"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/exp/golden"

	"hone/journal"
	"hone/journal/gen"
)

// reviewExports are two coach-safe exports of the seed journal: Ana's as
// it is, and Ben's, whose meeting facilitation drifts too and whose name
// carries an escape sequence.
func reviewExports() []Review {
	c := journal.BuiltinSkills()
	opts := journal.ExportOptions{Now: fixedNow, Facilitator: "Ana"}
	a := journal.BuildExport(seedEntries(), c, opts)
	es := seedEntries()
	for _, e := range es {
		if v, ok := e.Ratings["team.facil"]; ok && e.Date >= testToday-30 {
			e.Ratings["team.facil"] = v - 3
		}
		if v, ok := e.Ratings["plan.safety"]; ok && e.Date < testToday-30 {
			e.Ratings["plan.safety"] = v - 1
		}
	}
	opts.Facilitator = "Ben"
	b := journal.BuildExport(es, c, opts)
	return []Review{{Name: "Ana", Export: a}, {Name: "Ben \x1b[31mred\x1b[0m", Export: b}}
}

// newReviewModel builds review mode over reviews at a size and runs its
// loading to the end.
func newReviewModel(t testing.TB, reviews []Review, w, h int) Model {
	t.Helper()
	m := NewReview(reviews, testOptions())
	m = run(t, m, m.Init())
	return send1(t, m, teaSize(w, h))
}

func TestReviewGolden(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{name: "overview"},
		{name: "skills", keys: []string{"2"}},
		{name: "skill_detail", keys: []string{"2", "enter"}}, // the drifting skill, where the cursor starts
		{name: "team", keys: []string{"3"}},
		{name: "skills_ben", keys: []string{"2", "]"}},
		{name: "reflections", keys: []string{"4"}},
	}
	for _, sc := range screens {
		for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			t.Run(sc.name+"_"+itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
				m := newReviewModel(t, reviewExports(), sz.w, sz.h)
				m = keys(t, m, sc.keys...)
				out := plain(m)
				checkScreen(t, out, sz.w, sz.h)
				if strings.Contains(m.View().Content, "\x1b[31m") {
					t.Error("an escape sequence from an export reached the screen")
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestReviewSwitchesFacilitatorsAndTabs(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	if got, want := m.tab, tabOverview; got != want {
		t.Fatalf("first tab %v, want %v", got, want)
	}
	if !strings.Contains(plain(m), "Ana") || !strings.Contains(plain(m), "Coach-safe export") {
		t.Fatalf("the overview lacks the name or the privacy statement:\n%s", plain(m))
	}
	m = keys(t, m, "]")
	if got, want := m.ctx.fac, 1; got != want {
		t.Fatalf("] shows facilitator %d, want %d", got, want)
	}
	if !strings.Contains(plain(m), "Ben red") {
		t.Errorf("] does not show Ben:\n%s", plain(m))
	}
	m = keys(t, m, "]")
	if got := m.ctx.fac; got != 0 {
		t.Errorf("] goes round to facilitator %d, want 0", got)
	}
	m = keys(t, m, "[")
	if got := m.ctx.fac; got != 1 {
		t.Errorf("[ shows facilitator %d, want 1", got)
	}

	// The Skills tab shows the facilitator's own drift: Ben's facilitation
	// drifts, Ana's improves.
	m = keys(t, m, "2")
	if got, want := m.tab, tabSkills; got != want {
		t.Fatalf("2 shows %v, want %v", got, want)
	}
	row := func(m Model, name string) string {
		for _, l := range strings.Split(plain(m), "\n") {
			if strings.Contains(l, name) {
				return l
			}
		}
		return ""
	}
	if r := row(m, "Meeting facilitation"); !strings.Contains(r, "drifting") {
		t.Errorf("Ben's facilitation: %q", r)
	}
	// An open skill follows the switch to the other facilitator.
	m = keys(t, m, "enter")
	if m.skills.detail == nil {
		t.Fatal("enter opens no skill")
	}
	id := m.skills.detail.skill.ID
	m = keys(t, m, "[")
	if m.skills.detail == nil || m.skills.detail.skill.ID != id {
		t.Fatalf("the open skill closed on a switch")
	}
	if got, want := m.skills.detail.drift, m.ctx.review.facs[0].in.drift[m.ctx.review.facs[0].in.index[id]]; got.Status != want.Status ||
		got.Ratings != want.Ratings {
		t.Errorf("after [ the detail shows %v, want Ana's %v", got.Status, want.Status)
	}
	m = keys(t, m, "esc", "]")
	if r := row(m, "Meeting facilitation"); !strings.Contains(r, "drifting") {
		t.Errorf("Ben's facilitation after switching back: %q", r)
	}

	m = keys(t, m, "tab")
	if got, want := m.tab, tabTeam; got != want {
		t.Errorf("tab shows %v, want %v", got, want)
	}
	if !strings.Contains(plain(m), "learn together") {
		t.Errorf("the Team tab:\n%s", plain(m))
	}
	m = keys(t, m, "tab")
	if got, want := m.tab, tabReflections; got != want {
		t.Errorf("tab after Team shows %v, want %v", got, want)
	}
	m = keys(t, m, "tab")
	if got, want := m.tab, tabOverview; got != want {
		t.Errorf("tab goes round to %v, want %v", got, want)
	}
	m = keys(t, m, "5")
	if got, want := m.tab, tabOverview; got != want {
		t.Errorf("5 shows %v in review mode, want %v", got, want)
	}
}

func TestReviewOneExportHasNoTeamTab(t *testing.T) {
	m := newReviewModel(t, reviewExports()[:1], 80, 24)
	out := plain(m)
	if strings.Contains(out, "Team") || strings.Contains(out, "facilitator") && strings.Contains(out, "[/]") {
		t.Errorf("one export shows a Team tab or the switcher:\n%s", out)
	}
	m = keys(t, m, "4", "]")
	if m.tab != tabOverview || m.ctx.fac != 0 {
		t.Errorf("4 or ] did something with one export: tab %v, facilitator %d", m.tab, m.ctx.fac)
	}
	if m = keys(t, m, "3"); m.tab != tabReflections {
		t.Errorf("3 shows %v with one export, want the Reflections", m.tab)
	}
}

// TestReviewWriteKeysAreInert presses every key that writes in the journal
// TUI: none does anything in review mode, none is offered, and nothing
// reaches the (absent) services, which would panic.
func TestReviewWriteKeysAreInert(t *testing.T) {
	m := newReviewModel(t, reviewExports(), 100, 30)
	writes := []string{"n", "e", "d", "a", "x", "S", "X", "w", "g", "*", "ctrl+s", "ctrl+e", "y"}
	// g, a write key elsewhere (a goal), moves the Skills table to its top:
	// it starts there.
	for _, where := range [][]string{{"1"}, {"2", "g"}, {"2", "enter"}, {"3"}} {
		m = keys(t, m, "esc")
		m = keys(t, m, where...)
		before := plain(m)
		for _, k := range writes {
			m = keys(t, m, k)
			if m.screen != screenTabs || m.question != nil || m.skills.form != nil {
				t.Fatalf("%v then %s: screen %v, question %v, form %v", where, k, m.screen, m.question, m.skills.form != nil)
			}
		}
		if got := plain(m); got != before {
			t.Errorf("%v: the write keys changed the screen:\n%s\nwas:\n%s", where, got, before)
		}
		footer := lastLine(plain(m))
		for _, absent := range []string{"add", "archive", "self-assessment", "new", "edit", "delete", "export", "write"} {
			if strings.Contains(footer, absent) {
				t.Errorf("%v: the footer offers %q: %s", where, absent, footer)
			}
		}
	}
	// Nor does the full help list them.
	for _, where := range [][]string{{"2"}, {"2", "enter"}, {"1"}, {"3"}} {
		m = keys(t, m, "esc")
		m = keys(t, m, where...)
		m = keys(t, m, "?")
		help := plain(m)
		if !strings.Contains(help, "Review mode: read-only") {
			t.Errorf("%v: the help does not say review mode is read-only:\n%s", where, help)
		}
		for _, absent := range []string{"add", "archive", "self-assessment", "export", "Journal file"} {
			if strings.Contains(help, absent) {
				t.Errorf("%v: the help lists %q:\n%s", where, absent, help)
			}
		}
		m = keys(t, m, "esc")
	}
	// Messages that write are dropped whatever sends them.
	for _, msg := range []any{openFormMsg{}, openSelfAssessMsg{}, deleteMsg{id: "x"}, archiveSkillMsg{id: "eng.mi"}, openExportMsg{}} {
		next, cmd := m.Update(msg)
		if cmd != nil || next.(Model).screen != screenTabs {
			t.Errorf("%T is not dropped", msg)
		}
	}
}

// reviewStep hands msg to m, runs what follows except the review mode's
// own loads, and returns those unsent, in the order the commands made them.
func reviewStep(t *testing.T, m Model, msg tea.Msg) (Model, []tea.Msg) {
	t.Helper()
	next, cmd := m.Update(msg)
	return reviewRun(t, next.(Model), cmd)
}

// reviewRun is reviewStep for a command.
func reviewRun(t *testing.T, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var held []tea.Msg
	drain(t, cmd, func(msg tea.Msg) tea.Cmd {
		switch msg.(type) {
		case reviewFacMsg, reviewTeamMsg:
			held = append(held, msg)
			return nil
		}
		next, cmd := m.Update(msg)
		m = next.(Model)
		return cmd
	})
	return m, held
}

// loadedIndexes lists the facilitators whose exports msgs carry.
func loadedIndexes(msgs []tea.Msg) []int {
	var is []int
	for _, msg := range msgs {
		if f, ok := msg.(reviewFacMsg); ok {
			is = append(is, f.i)
		}
	}
	return is
}

// TestReviewLoadsExportsAsTheyArrive reads three exports lazily, two at a
// time, and delivers them out of order, one failing: the screen shows at
// once, each facilitator as their export arrives, the failing one as its
// error, and the Team tab once all are in.
func TestReviewLoadsExportsAsTheyArrive(t *testing.T) {
	xs := reviewExports()
	bad := &journal.Error{Code: journal.EINVALID, Field: "bad.json", Message: "is not a hone export"}
	calls := make([]int, 3)
	load := func(i int, x *journal.Export, err error) func() (*journal.Export, error) {
		return func() (*journal.Export, error) { calls[i]++; return x, err }
	}
	reviews := []Review{
		{Name: "ana.json", Load: load(0, xs[0].Export, nil)},
		{Name: "bad.json", Load: load(1, nil, bad)},
		{Name: "cho.json", Load: load(2, xs[1].Export, nil)},
	}
	m := newReview(reviews, testOptions(), 2)
	m, _ = reviewStep(t, m, teaSize(100, 30))
	m, first := reviewRun(t, m, m.Init())
	if got, want := loadedIndexes(first), []int{0, 1}; !slices.Equal(got, want) {
		t.Fatalf("Init reads exports %v, want %v (two at a time, the one shown first)", got, want)
	}
	screen := plain(m)
	for _, want := range []string{"ana.json", "loading 0 of 3", "Reading the export"} {
		if !strings.Contains(screen, want) {
			t.Errorf("before any export is in, the screen lacks %q:\n%s", want, screen)
		}
	}
	if s := plain(keys(t, m, "3")); !strings.Contains(s, "loading 0 of 3") {
		t.Errorf("the Team tab does not say it is loading:\n%s", s)
	}
	if s := plain(keys(t, m, "2")); !strings.Contains(s, "Loading skills") {
		t.Errorf("the Skills tab of a facilitator not in yet:\n%s", s)
	}

	// The failing export arrives first: the next one is read.
	m, more := reviewStep(t, m, first[1])
	if got, want := loadedIndexes(more), []int{2}; !slices.Equal(got, want) {
		t.Fatalf("after one export, reads %v, want %v", got, want)
	}
	if s := plain(m); !strings.Contains(s, "ana.json") || !strings.Contains(s, "loading 1 of 3") {
		t.Errorf("after the failing export:\n%s", s)
	}
	m = keys(t, m, "]")
	if s := plain(m); !strings.Contains(s, "bad.json") || !strings.Contains(s, "This export cannot be read: bad.json: is not a hone export") {
		t.Errorf("the failing export does not show its error:\n%s", s)
	}
	m = keys(t, m, "[")

	// The third before the first; then the first, which shows at once, by
	// the export's name.
	m, rest := reviewStep(t, m, more[0])
	if len(rest) != 0 {
		t.Errorf("all are started, yet more is read: %v", loadedIndexes(rest))
	}
	if s := plain(m); !strings.Contains(s, "loading 2 of 3") || strings.Contains(s, "Coach-safe export") {
		t.Errorf("with Ana's export still out:\n%s", s)
	}
	m, team := reviewStep(t, m, first[0])
	screen = plain(m)
	if !strings.Contains(screen, "Ana") || strings.Contains(screen, "ana.json") || !strings.Contains(screen, "Coach-safe export") {
		t.Errorf("Ana's export arrived, the overview:\n%s", screen)
	}
	if len(team) != 1 {
		t.Fatalf("once all are in, %d messages, want the team's", len(team))
	}
	if _, ok := team[0].(reviewTeamMsg); !ok {
		t.Fatalf("once all are in, %T, want reviewTeamMsg", team[0])
	}
	if s := plain(keys(t, m, "3")); !strings.Contains(s, "Reading the exports") {
		t.Errorf("the Team tab before the team is summarized:\n%s", s)
	}
	// A message twice changes nothing.
	if again, cmd := m.Update(first[0]); cmd != nil || plain(again.(Model)) != screen {
		t.Error("a second copy of an export's message changed the screen")
	}
	m, _ = reviewStep(t, m, team[0])
	if s := plain(m); strings.Contains(s, "loading") {
		t.Errorf("all in, the screen still says loading:\n%s", s)
	}
	if s := plain(keys(t, m, "3")); !strings.Contains(s, "learn together") || !strings.Contains(s, "3 facilitators") {
		t.Errorf("the Team tab once all are in:\n%s", s)
	}
	m = keys(t, m, "]", "]")
	if s := plain(m); !strings.Contains(s, "Ben") || !strings.Contains(s, "Coach-safe export") {
		t.Errorf("the third facilitator, by the export's name:\n%s", s)
	}
	if !slices.Equal(calls, []int{1, 1, 1}) {
		t.Errorf("Load called %v times, want once each", calls)
	}
}

// TestReviewSwitchToFacilitatorNotInYet switches, with a skill open, to a
// facilitator whose export is still being read, and back.
func TestReviewSwitchToFacilitatorNotInYet(t *testing.T) {
	xs := reviewExports()
	reviews := []Review{xs[0], {Name: "ben.json", Load: func() (*journal.Export, error) { return xs[1].Export, nil }}}
	m := newReview(reviews, testOptions(), 1)
	m, _ = reviewStep(t, m, teaSize(100, 30))
	m, first := reviewRun(t, m, m.Init())
	m, second := reviewStep(t, m, first[0])
	if got, want := loadedIndexes(second), []int{1}; !slices.Equal(got, want) {
		t.Fatalf("one at a time: after the first, reads %v, want %v", got, want)
	}
	m = keys(t, m, "2", "enter")
	if m.skills.detail == nil {
		t.Fatal("enter opens no skill")
	}
	m = keys(t, m, "]")
	if s := plain(m); !strings.Contains(s, "Loading skills") || !strings.Contains(s, "ben.json") {
		t.Errorf("a facilitator not in yet:\n%s", s)
	}
	m, _ = reviewStep(t, m, second[0])
	if s := plain(m); strings.Contains(s, "Loading skills") || !strings.Contains(s, "Ben") {
		t.Errorf("Ben's export arrived:\n%s", s)
	}
	m = keys(t, m, "[")
	if s := plain(m); strings.Contains(s, "Loading skills") || !strings.Contains(s, "Ana") {
		t.Errorf("back to Ana:\n%s", s)
	}
}

func TestReviewName(t *testing.T) {
	named := &journal.Export{Facilitator: "Ana"}
	anonymous := &journal.Export{}
	load := func() (*journal.Export, error) { return nil, nil }
	tests := []struct {
		name   string
		review Review
		x      *journal.Export // read by Load
		want   string
	}{
		{"Given", Review{Name: "Ana B", Export: named}, nil, "Ana B"},
		{"GivenNoName", Review{Export: named}, nil, "Ana"},
		{"LazyNotYetRead", Review{Name: "ana.json", Load: load}, nil, "ana.json"},
		{"LazyRead", Review{Name: "ana.json", Load: load}, named, "Ana"},
		{"LazyReadNoFacilitator", Review{Name: "ana.json", Load: load}, anonymous, "ana.json"},
		{"Nothing", Review{}, nil, "Facilitator 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reviewName(tt.review, tt.x, 2); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkReviewLoad_30x10000 reads 30 coach-safe exports of 10,000
// entries each, as `hone review` does (each Load parses the file's bytes),
// runs review mode until all are in and the team is summarized, and
// reports the heap that review mode keeps (kept-MB, after a collection).
func BenchmarkReviewLoad_30x10000(b *testing.B) {
	const exports, entries = 30, 10000
	files := make([][]byte, exports)
	for i := range files {
		es := gen.Generate(gen.Options{Entries: entries, Seed: uint64(i + 1), End: testToday})
		x := journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: fixedNow, Facilitator: "F" + itoa(i+1)})
		var buf bytes.Buffer
		if err := journal.WriteExportJSON(&buf, x); err != nil {
			b.Fatal(err)
		}
		files[i] = buf.Bytes()
	}
	var ms runtime.MemStats
	heap := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var kept int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		before := heap() // the files
		b.StartTimer()
		reviews := make([]Review, exports)
		for i, data := range files {
			reviews[i] = Review{Name: "f" + itoa(i) + ".json", Load: func() (*journal.Export, error) {
				return journal.ReadExport(bytes.NewReader(data))
			}}
		}
		m := NewReview(reviews, testOptions())
		m = run(b, m, m.Init())
		if !m.ctx.review.teamDone {
			b.Fatal("the team is not summarized")
		}
		b.StopTimer()
		kept = int64(heap()) - int64(before)
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "kept-MB")
}

// TestReviewRecentReflections checks the reflections a skill's detail
// shows in review mode, found once as the export is analysed, against
// what the detail shows from a journal: the answered reflections of the
// newest reflectionEntries entries that rate the skill, at most
// detailReflections.
func TestReviewRecentReflections(t *testing.T) {
	es := gen.Generate(gen.Options{Entries: 800, Seed: 4, End: testToday})
	// eng.mi: the newest entries that rate it have no reflections, older
	// ones do; one of those is among the newest reflectionEntries.
	n := 0
	for i := len(es) - 1; i >= 0; i-- {
		if _, ok := es[i].Ratings["eng.mi"]; !ok {
			continue
		}
		if n++; n < reflectionEntries {
			es[i].Reflections = nil
		}
	}
	for _, opts := range []journal.ExportOptions{{Now: fixedNow}, {Now: fixedNow, WeekDates: true}, {Now: fixedNow, Full: true}} {
		x := journal.BuildExport(es, journal.BuiltinSkills(), opts)
		got, err := recentReflections(x)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := x.Entries()
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(entries)
		some := 0
		for _, s := range x.Skills {
			var rating []*journal.Entry
			for _, e := range entries {
				if _, ok := e.Ratings[s.ID]; ok && len(rating) < reflectionEntries {
					rating = append(rating, e)
				}
			}
			want := reflectionsOn(rating, s.ID)
			if !reflect.DeepEqual(got[s.ID], want) {
				t.Errorf("%+v: %s: got %+v\nwant %+v", opts, s.ID, got[s.ID], want)
			}
			if len(want) > 0 {
				some++
			}
		}
		if some < 5 {
			t.Errorf("%+v: only %d skills have reflections to show", opts, some)
		}
		if got, want := len(got["eng.mi"]), 1; got != want && !opts.Full {
			t.Errorf("%+v: eng.mi shows %d reflections, want %d", opts, got, want)
		}
	}
}

// TestReviewLetsGoOfExports checks that, once loaded, review mode keeps
// nothing of an export: neither its file's bytes (held by Load) nor its
// entries, though the program keeps the model it started with until it
// ends.
func TestReviewLetsGoOfExports(t *testing.T) {
	var files []weak.Pointer[byte]
	var records []weak.Pointer[journal.EntryRecord]
	reviews := make([]Review, 2)
	for i := range reviews {
		es := gen.Generate(gen.Options{Entries: 300, Seed: uint64(i + 1), End: testToday})
		var b bytes.Buffer
		if err := journal.WriteExportJSON(&b, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Now: fixedNow})); err != nil {
			t.Fatal(err)
		}
		data := b.Bytes()
		files = append(files, weak.Make(&data[0]))
		reviews[i] = Review{Name: "f.json", Load: func() (*journal.Export, error) {
			x, err := journal.ReadExport(bytes.NewReader(data))
			if err == nil {
				records = append(records, weak.Make(&x.Records[0]))
			}
			return x, err
		}}
	}
	initial := NewReview(reviews, testOptions())
	reviews = nil
	m := run(t, initial, initial.Init())
	if !m.ctx.review.teamDone || !strings.Contains(plain(send1(t, m, teaSize(100, 30))), "Coach-safe export") {
		t.Fatal("the exports are not in")
	}
	runtime.GC()
	runtime.GC()
	for i, p := range files {
		if p.Value() != nil {
			t.Errorf("the bytes of file %d are kept", i)
		}
	}
	if len(records) != 2 {
		t.Fatalf("%d exports read, want 2", len(records))
	}
	for i, p := range records {
		if p.Value() != nil {
			t.Errorf("the entries of export %d are kept", i)
		}
	}
	runtime.KeepAlive(initial)
	runtime.KeepAlive(m)
}

// TestReviewTabLinesDrawnOnce checks that the Overview and the Team tab
// draw their lines when what they show changes, not for a key: the same
// lines before and after a key, new ones after a resize, for the new
// width, and after a restyle.
func TestReviewTabLinesDrawnOnce(t *testing.T) {
	tests := []struct {
		name string
		tab  string
		t    func(m *Model) *reviewTab
		draw func(m *Model, w int) []string
		key  string // a key that scrolls a line (j moves the Team grid's cursor)
	}{
		{"Overview", "1", func(m *Model) *reviewTab { return &m.overview }, func(m *Model, w int) []string { return overviewLines(m.ctx, w) }, "j"},
		{"Team", "3", func(m *Model) *reviewTab { return &m.team }, func(m *Model, w int) []string { return teamLinesAt(m.ctx, w, m.team.grid) }, "down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := keys(t, newReviewModel(t, reviewExports(), 100, 16), tt.tab)
			lines := tt.t(&m).lines
			if len(lines) <= m.ctx.bodyHeight() {
				t.Fatalf("%d lines, too few to scroll", len(lines))
			}
			if want := tt.draw(&m, 100); !slices.Equal(lines, want) {
				t.Fatal("the lines differ from those drawn for 100 cells")
			}
			if tt.name == "Team" {
				m = keys(t, m, "j") // the grid's cursor to the last row: then down scrolls
			}
			lines = tt.t(&m).lines
			m = keys(t, m, tt.key)
			if got := tt.t(&m); &got.lines[0] != &lines[0] || got.offset != 1 {
				t.Errorf("after %s: lines drawn again %v, offset %d (want 1)", tt.key, &got.lines[0] != &lines[0], got.offset)
			}

			m = send1(t, m, teaSize(80, 16))
			got := tt.t(&m)
			if want := tt.draw(&m, 80); got.drawn.w != 80 || !slices.Equal(got.lines, want) {
				t.Errorf("after a resize, lines for %d cells, want those for 80", got.drawn.w)
			}
			if slices.Equal(got.lines, lines) {
				t.Error("the lines did not change with the width")
			}

			m = send1(t, m, tea.BackgroundColorMsg{Color: color.White})
			got = tt.t(&m)
			if want := tt.draw(&m, 80); got.drawn.dark || !slices.Equal(got.lines, want) {
				t.Error("after a light background, the lines are not drawn with its styles")
			}
		})
	}
}

// TestReviewTeamLinesFollowTheData checks that the Team tab's lines follow
// the exports as they arrive: reading, then the team.
func TestReviewTeamLinesFollowTheData(t *testing.T) {
	m := NewReview(reviewExports(), testOptions())
	m = send1(t, m, teaSize(100, 30))
	m = keys(t, m, "3")
	if text := stripANSI(strings.Join(m.team.lines, "\n")); !strings.Contains(text, "Reading the exports") {
		t.Fatalf("before the exports, the Team tab says:\n%s", text)
	}
	m = run(t, m, m.Init())
	if !m.ctx.review.teamDone {
		t.Fatal("the team did not arrive")
	}
	if want := teamLinesAt(m.ctx, 100, m.team.grid); !slices.Equal(m.team.lines, want) {
		t.Errorf("the Team tab's lines are not those of the team:\n%s", stripANSI(strings.Join(m.team.lines, "\n")))
	}
}
