package ui

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"

	"hone/journal"
	"hone/store"
)

// fixedNow is the clock of every UI test: Wednesday 4 March 2026, evening.
var fixedNow = time.Date(2026, 3, 4, 18, 30, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

var testToday = journal.DayOf(fixedNow)

// seqReader is deterministic entropy for entry ids.
type seqReader struct{ n byte }

func (r *seqReader) Read(p []byte) (int, error) {
	for i := range p {
		r.n++
		p[i] = r.n
	}
	return len(p), nil
}

// testJournal is a real bbolt journal in t.TempDir().
type testJournal struct {
	db   *store.DB
	path string
	svc  Services
}

// openJournal opens a new journal whose ids and times are deterministic.
// Cleanup closes it and checks the file with bbolt's tx.Check.
func openJournal(t testing.TB) *testJournal {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	// Entries are created at successive minutes, so their ids sort in the
	// order they were written.
	var tick time.Duration
	clock := func() time.Time {
		tick += time.Minute
		return fixedNow.Add(-2*time.Hour + tick)
	}
	db, err := store.Open(path, store.Options{Now: clock, Entropy: &seqReader{}})
	if err != nil {
		t.Fatalf("open journal: %v", err)
	}
	j := &testJournal{db: db, path: path, svc: Services{
		Entries: store.NewEntryService(db),
		Skills:  store.NewSkillService(db),
		Prompts: store.NewPromptService(db),
		Ratings: store.NewRatingService(db),
		Goals:   store.NewGoalService(db),
		Drift:   store.NewDriftService(db),
	}}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close journal: %v", err)
		}
		checkBolt(t, path)
	})
	return j
}

// checkBolt runs bbolt's consistency check on a closed journal file.
func checkBolt(t testing.TB, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Errorf("check journal: %v", err)
		return
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("tx.Check: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Errorf("check journal: %v", err)
	}
}

// seedEntries is a deterministic journal of four months: MI skills drift,
// meeting facilitation improves, crisis planning is on watch, meeting
// preparation goes unpractised, documentation goes dormant.
func seedEntries() []*journal.Entry {
	families := []string{"F12", "F07", "G3", "F21"}
	kinds := []journal.Kind{journal.KindTeamMeeting, journal.KindCheckIn, journal.KindTeamMeeting, journal.KindCrisis}
	titles := []string{
		"Plan review with the whole team",
		"Check-in after the school meeting",
		"First meeting with grandmother as a natural support",
		"Crisis call: safety plan used overnight",
		"Transition planning started early",
	}
	var out []*journal.Entry
	n := 0
	for age := 118; age >= 1; age -= 3 {
		day := testToday - journal.Day(age)
		i := n
		n++
		e := &journal.Entry{
			Date:    day,
			Kind:    kinds[i%len(kinds)],
			Phase:   1 + i%4,
			Family:  families[i%len(families)],
			Title:   titles[i%len(titles)],
			Ratings: map[string]int{},
			Tags:    []string{"mi"},
		}
		if i%3 == 0 {
			e.Notes = "## What happened\n\nThe caregiver set the agenda. We reviewed **three** strategies:\n\n" +
				"- morning routine\n- school transport\n- respite on weekends\n\nNext: call the teacher."
			e.Reflections = []journal.Reflection{{
				PromptID: "mi-1",
				Prompt:   "Recall one reflection you offered today. What did the caregiver say next, and did it take the talk deeper?",
				Answer:   "I reflected her worry about mornings; she named a change she wants.",
				Shared:   i%2 == 0,
			}}
		}
		// eng.mi: 4s, then a dip in the last month.
		if age >= 30 {
			e.Ratings["eng.mi"] = 4 + i%2
		} else {
			e.Ratings["eng.mi"] = 2 + i%2
		}
		// team.facil: 3s, then a rise.
		if age >= 30 {
			e.Ratings["team.facil"] = 3
		} else {
			e.Ratings["team.facil"] = 4 + i%2
		}
		// team.prep: regular until six weeks ago.
		if age > 45 {
			e.Ratings["team.prep"] = 3 + i%2
		}
		// self.doc: only at the start.
		if age > 100 {
			e.Ratings["self.doc"] = 3
		}
		// plan.safety: steady 4s, a dip, then back up.
		switch {
		case age >= 30:
			e.Ratings["plan.safety"] = 4
		case age >= 24:
			e.Ratings["plan.safety"] = 2
		default:
			e.Ratings["plan.safety"] = 4 + i%2
		}
		out = append(out, e)
	}
	return out
}

// seed writes the seed entries into the journal.
func (j *testJournal) seed(t testing.TB) {
	t.Helper()
	if err := store.NewEntryService(j.db).CreateEntries(seedEntries()); err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// seedSupervision adds what supervision preparation looks back on: a
// self-assessment two months ago, one a week ago, a starred reflection and
// a learning goal.
func (j *testJournal) seedSupervision(t testing.TB) {
	t.Helper()
	es := store.NewEntryService(j.db)
	for _, e := range []*journal.Entry{
		{Date: testToday - 60, Kind: journal.KindSelfAssessment, Title: "Self-assessment",
			Ratings: map[string]int{"eng.mi": 4, "team.facil": 3, "plan.safety": 4, "self.doc": 3}},
		{Date: testToday - 7, Kind: journal.KindSelfAssessment, Title: "Self-assessment",
			Ratings: map[string]int{"eng.mi": 3, "team.facil": 4, "plan.safety": 4, "eng.voice": 4}},
		{Date: testToday - 2, Kind: journal.KindSupervision, Title: "Supervision with Sam",
			Reflections: []journal.Reflection{{
				PromptID: "self-1", Prompt: "What did you notice in yourself when the team pushed back?",
				Answer: "I went quiet and let the psychiatrist lead. I want to bring this to supervision.",
				Shared: false, Starred: true,
			}}},
	} {
		if err := es.CreateEntry(e); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	g := &journal.Goal{Text: "Reflect more than I ask in the first ten minutes", Skills: []string{"eng.mi"}, Set: testToday - 40}
	if err := store.NewGoalService(j.db).CreateGoal(g); err != nil {
		t.Fatalf("seed goal: %v", err)
	}
}

// newTestModel builds the UI over j at a size, and runs Init's commands
// and the messages they return until nothing is left, as a program would.
func newTestModel(t testing.TB, svc Services, w, h int) Model {
	t.Helper()
	return newTestModelWith(t, svc, testOptions(), w, h)
}

// testOptions are the options of newTestModel.
func testOptions() Options {
	return Options{Now: fixedClock, JournalPath: "/home/fac/.local/share/hone/journal.db", Editor: "true"}
}

// newTestModelWith is newTestModel with other options.
func newTestModelWith(t testing.TB, svc Services, opts Options, w, h int) Model {
	t.Helper()
	m := New(svc, opts)
	m = run(t, m, m.Init())
	return send1(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// send1 hands msg to the model and runs the commands it returns.
func send1(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	return run(t, next.(Model), cmd)
}

// run executes a command and feeds its messages back into the model, as
// Bubble Tea would, until no command is left. Timers fire at once; the
// terminal's own commands (background colour, quit) are dropped.
func run(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	m, _ = runQuit(t, m, cmd)
	return m
}

// press sends one key and runs what follows; quit reports whether the
// program would have quit.
func press(t testing.TB, m Model, k string) (next Model, quit bool) {
	t.Helper()
	n, cmd := m.Update(keyMsg(k))
	return runQuit(t, n.(Model), cmd)
}

// runQuit is run, reporting whether a command asked to quit.
func runQuit(t testing.TB, m Model, cmd tea.Cmd) (next Model, quit bool) {
	t.Helper()
	quit = drain(t, cmd, func(msg tea.Msg) tea.Cmd {
		next, cmd := m.Update(msg)
		m = next.(Model)
		return cmd
	})
	return m, quit
}

// drain runs cmd and every command that follows from it, one at a time, as
// Bubble Tea would: batches are taken apart, and each message but the
// terminal's own requests goes to handle, whose command runs in turn. It
// reports whether a command asked to quit.
func drain(t testing.TB, cmd tea.Cmd, handle func(tea.Msg) tea.Cmd) (quit bool) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("drain: too many messages")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			quit = true
		default:
			if !strings.HasPrefix(fmt.Sprintf("%T", msg), "tea.") {
				queue = append(queue, handle(msg))
			}
		}
	}
	return quit
}

// cmdMsgs runs cmd and the commands of its batches, and returns their
// messages but the terminal's own.
func cmdMsgs(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	drain(t, cmd, func(msg tea.Msg) tea.Cmd {
		out = append(out, msg)
		return nil
	})
	return out
}

// keys sends key presses: single characters, or names such as "tab",
// "ctrl+s", "enter", "esc", "backspace", "shift+tab".
func keys(t testing.TB, m Model, ks ...string) Model {
	t.Helper()
	for _, k := range ks {
		m = send1(t, m, keyMsg(k))
	}
	return m
}

// typeText types text one character at a time.
func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = send1(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"backspace": {Code: tea.KeyBackspace},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if m, ok := named[k]; ok {
		return m
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// plain is the model's view as plain text, colours and styles removed.
func plain(m Model) string {
	return ansi.Strip(m.View().Content)
}

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func runScript(script string, args ...string) error { return exec.Command(script, args...).Run() }

func asError(err error, target **journal.Error) bool { return errors.As(err, target) }
