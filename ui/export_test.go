package ui

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"hone/journal"
	"hone/store"
)

// exportWrites records what the export screen hands to WriteExport.
type exportWrites struct {
	x      []*journal.Export
	format []string
}

func (w *exportWrites) write(x *journal.Export, format string) (string, error) {
	w.x, w.format = append(w.x, x), append(w.format, format)
	return "/home/fac/.local/share/hone/exports/hone-2026-03-04." + format, nil
}

// exportNames records the names the export screen keeps, and keeps them in
// the journal's config, as main does.
type exportNames struct {
	cfg  *store.ConfigService
	kept []string
	fail error // when set, keeping a name fails with it
}

func (n *exportNames) set(name string) error {
	n.kept = append(n.kept, name)
	if n.fail != nil {
		return n.fail
	}
	return n.cfg.SetFacilitatorName(name)
}

// stored returns the name the journal keeps.
func (n *exportNames) stored(t *testing.T) string {
	t.Helper()
	name, err := n.cfg.FacilitatorName()
	if err != nil {
		t.Fatal(err)
	}
	return name
}

func exportTestModel(t *testing.T, w, h int) (Model, *exportWrites) {
	t.Helper()
	m, writes, _ := exportNameModel(t, w, h, "")
	return m, writes
}

// exportNameModel is exportTestModel over a journal that keeps the
// facilitator name kept ("" for none).
func exportNameModel(t *testing.T, w, h int, kept string) (Model, *exportWrites, *exportNames) {
	t.Helper()
	j := openJournal(t)
	j.seed(t)
	names := &exportNames{cfg: store.NewConfigService(j.db)}
	if err := names.cfg.SetFacilitatorName(kept); err != nil {
		t.Fatal(err)
	}
	writes := &exportWrites{}
	opts := testOptions()
	opts.WriteExport = writes.write
	opts.Facilitator = names.cfg.FacilitatorName
	opts.SetFacilitator = names.set
	return newTestModelWith(t, j.svc, opts, w, h), writes, names
}

func TestExportPreview(t *testing.T) {
	m, writes := exportTestModel(t, 100, 40)
	m = keys(t, m, "2", "X")
	if got, want := m.screen, screenExport; got != want {
		t.Fatalf("X on the Journal tab shows screen %v, want %v", got, want)
	}
	// What the seed journal holds in the last 90 days.
	since := testToday - 89
	var entries, ratings, shared, private, notes int
	families := map[string]bool{}
	for _, e := range seedEntries() {
		if e.Date < since || e.Date > testToday {
			continue
		}
		entries++
		ratings += len(e.Ratings)
		families[strings.ToLower(e.Family)] = true
		if e.Notes != "" {
			notes++
		}
		for _, r := range e.Reflections {
			if r.Shared {
				shared++
			} else {
				private++
			}
		}
	}
	out := plain(m)
	for _, want := range []string{
		"the last 90 days",
		itoa(entries) + " entries, " + itoa(ratings) + " ratings, " + itoa(shared) + " shared reflections, " +
			itoa(len(families)) + " families as pseudonyms",
		"notes (" + itoa(notes) + " entries)", itoa(private) + " private reflections",
		"Coach-safe export:", "Not included: notes, titles",
		"What did the caregiver say next",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the preview lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"Plan review with", "F12", "G3", "morning routine"} {
		if strings.Contains(out, secret) {
			t.Errorf("the preview shows %q, which does not leave the machine:\n%s", secret, out)
		}
	}
	if !strings.Contains(lastLine(out), "enter write") {
		t.Errorf("the footer does not offer writing: %s", lastLine(out))
	}

	// enter writes the export previewed: coach-safe, 90 days, JSON.
	m = keys(t, m, "enter")
	if len(writes.x) != 1 {
		t.Fatalf("WriteExport called %d times, want 1", len(writes.x))
	}
	x := writes.x[0]
	if got, want := writes.format[0], "json"; got != want {
		t.Errorf("format %q, want %q", got, want)
	}
	if x.Full() || x.Privacy.Families != journal.FamiliesPseudonyms || x.WeekDates() {
		t.Errorf("the export is not coach-safe by day: %+v", x.Privacy)
	}
	if got, want := len(x.Records), entries; got != want {
		t.Errorf("%d entries, want %d", got, want)
	}
	for _, r := range x.Records {
		if r.Title != nil || r.Notes != nil || r.Created != nil {
			t.Fatalf("entry %s carries a title, notes or times", r.ID)
		}
		if r.Family != "" && !strings.HasPrefix(r.Family, "F") || r.Family == "F12" || r.Family == "G3" {
			t.Fatalf("entry %s carries the family code %q", r.ID, r.Family)
		}
	}
	var b bytes.Buffer
	if err := journal.WriteExportJSON(&b, x); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Plan review with", "morning routine", `"G3"`, `"F21"`} {
		if strings.Contains(b.String(), secret) {
			t.Errorf("the export holds %q", secret)
		}
	}
	if m.screen != screenTabs || !strings.Contains(plain(m), "Wrote /home/fac/.local/share/hone/exports/hone-2026-03-04.json") {
		t.Errorf("after writing: screen %v:\n%s", m.screen, plain(m))
	}

	// From Today: week dates, every entry, HTML.
	m = keys(t, m, "1", "X", "w", "right", "right", "right", "f")
	if out := plain(m); !strings.Contains(out, "every entry") || !strings.Contains(out, "by ISO week") {
		t.Errorf("the options do not show:\n%s", out)
	}
	m = keys(t, m, "enter")
	if len(writes.x) != 2 {
		t.Fatalf("WriteExport called %d times, want 2", len(writes.x))
	}
	x = writes.x[1]
	if got, want := writes.format[1], "html"; got != want {
		t.Errorf("format %q, want %q", got, want)
	}
	if !x.WeekDates() || x.Range == nil || x.Range.Since != "" || len(x.Records) != len(seedEntries()) {
		t.Errorf("every entry by week: week %v, range %+v, %d entries", x.WeekDates(), x.Range, len(x.Records))
	}

	// esc goes back without writing.
	m = keys(t, m, "2", "X", "esc")
	if m.screen != screenTabs || len(writes.x) != 2 {
		t.Errorf("esc: screen %v, %d writes", m.screen, len(writes.x))
	}
}

func TestExportWithoutWriter(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "X")
	if strings.Contains(lastLine(plain(m)), "write") {
		t.Errorf("the footer offers writing without a writer: %s", lastLine(plain(m)))
	}
	m = keys(t, m, "enter")
	if m.screen != screenExport {
		t.Errorf("enter without a writer left the screen")
	}
}

func TestExportGolden(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(itoa(sz.w)+"x"+itoa(sz.h), func(t *testing.T) {
			m, _ := exportTestModel(t, sz.w, sz.h)
			m = keys(t, m, "2", "X")
			out := plain(m)
			checkScreen(t, out, sz.w, sz.h)
			golden.RequireEqual(t, out)
		})
	}
}

func TestExportName(t *testing.T) {
	m, writes, names := exportNameModel(t, 100, 40, "Sam Rivera")
	m = keys(t, m, "2", "X")
	if out := plain(m); !strings.Contains(out, "Name     Sam Rivera  n to change") {
		t.Errorf("the screen does not show the name kept:\n%s", out)
	}

	// n edits the name in place; the screen's letters type.
	m = keys(t, m, "n")
	if !m.typing() {
		t.Fatal("n did not give the name input the keyboard")
	}
	if out := plain(m); !strings.Contains(out, "Name     Sam Rivera") {
		t.Errorf("the input is not filled with the name kept:\n%s", out)
	}
	if footer := lastLine(plain(m)); !strings.Contains(footer, "enter keep name") || !strings.Contains(footer, "esc cancel") ||
		strings.Contains(footer, "format") {
		t.Errorf("the footer while naming: %s", footer)
	}
	m = keys(t, m, "ctrl+u")
	m = typeText(t, m, "Ana f")
	if got, want := exportFormats()[m.exporter.format], "json"; got != want {
		t.Errorf("typing f changed the format to %q", got)
	}
	if len(names.kept) != 0 {
		t.Fatalf("kept %q before enter", names.kept)
	}

	// enter keeps it in the journal, and the export carries it.
	m = keys(t, m, "enter")
	if got, want := strings.Join(names.kept, "|"), "Ana f"; got != want {
		t.Errorf("SetFacilitator got %q, want %q", got, want)
	}
	if got := names.stored(t); got != "Ana f" {
		t.Errorf("the journal keeps %q, want %q", got, "Ana f")
	}
	if m.typing() || m.screen != screenExport || !strings.Contains(plain(m), "Name     Ana f  n to change") {
		t.Errorf("after enter: typing %v, screen %v:\n%s", m.typing(), m.screen, plain(m))
	}
	m = keys(t, m, "enter")
	if len(writes.x) != 1 {
		t.Fatalf("WriteExport called %d times, want 1", len(writes.x))
	}
	if got := writes.x[0].Facilitator; got != "Ana f" {
		t.Errorf("the export written carries the name %q, want %q", got, "Ana f")
	}

	// esc puts the input away and keeps nothing; no key of the screen or
	// of the tabs acts while it types.
	m = keys(t, m, "X", "n")
	m = typeText(t, m, "wlhq1?[]nf")
	if out := plain(m); !strings.Contains(out, "Ana fwlhq1?[]nf") || !strings.Contains(out, "the last 90 days") ||
		!strings.Contains(out, "by day") || m.screen != screenExport || m.tab != tabJournal || m.showHelp {
		t.Errorf("keys acted while typing a name: screen %v, tab %v:\n%s", m.screen, m.tab, out)
	}
	// ctrl+c asks before it loses the name typed.
	m, quit := press(t, m, "ctrl+c")
	if quit || !strings.Contains(plain(m), "Quit and lose the name you typed? (y/n)") {
		t.Fatalf("ctrl+c with a name typed: quit %v:\n%s", quit, plain(m))
	}
	m = keys(t, m, "n")
	if !m.typing() || !strings.Contains(plain(m), "Ana fwlhq1?[]nf") {
		t.Errorf("after declining to quit: typing %v:\n%s", m.typing(), plain(m))
	}
	m = keys(t, m, "esc")
	if m.typing() || m.screen != screenExport || !strings.Contains(plain(m), "Name     Ana f  n to change") {
		t.Errorf("after esc: typing %v, screen %v:\n%s", m.typing(), m.screen, plain(m))
	}
	if len(names.kept) != 1 || names.stored(t) != "Ana f" {
		t.Errorf("esc kept a name: %q, journal %q", names.kept, names.stored(t))
	}

	// A name too long is refused on the screen, and nothing is kept.
	m = keys(t, m, "n", "ctrl+u")
	m = typeText(t, m, strings.Repeat("x", journal.MaxFacilitator+1))
	m = keys(t, m, "enter")
	if out := plain(m); !strings.Contains(out, "101 characters is too long") || !m.typing() {
		t.Errorf("a name too long: typing %v:\n%s", m.typing(), out)
	}
	if len(names.kept) != 1 || names.stored(t) != "Ana f" {
		t.Errorf("a name too long was kept: %q, journal %q", names.kept, names.stored(t))
	}

	// An empty name forgets it.
	m = keys(t, m, "ctrl+u", "enter")
	if got := names.stored(t); got != "" || len(names.kept) != 2 {
		t.Errorf("an empty name: the journal keeps %q, SetFacilitator calls %q", got, names.kept)
	}
	if out := plain(m); !strings.Contains(out, "none: your coach sees the file's name") {
		t.Errorf("no name kept:\n%s", out)
	}
	m = keys(t, m, "enter")
	if len(writes.x) != 2 || writes.x[1].Facilitator != "" {
		t.Errorf("the export written after forgetting the name carries %q", writes.x[len(writes.x)-1].Facilitator)
	}
}

func TestExportNameNotKept(t *testing.T) {
	m, writes, names := exportNameModel(t, 80, 24, "")
	names.fail = errors.New("disk full")
	m = keys(t, m, "2", "X", "n")
	m = typeText(t, m, "Sam")
	m = keys(t, m, "enter")
	if out := plain(m); !strings.Contains(out, "disk full") || !m.typing() {
		t.Errorf("a failed save: typing %v:\n%s", m.typing(), out)
	}
	m = keys(t, m, "esc", "enter")
	if len(writes.x) != 1 || writes.x[0].Facilitator != "" {
		t.Errorf("the export carries a name that was not kept: %+v", writes.x)
	}
}

func TestExportNameHiddenWithoutJournal(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	m := newTestModel(t, j.svc, 80, 24)
	m = keys(t, m, "2", "X")
	if out := plain(m); strings.Contains(out, "Name ") || strings.Contains(lastLine(out), "name") {
		t.Errorf("a Name row or key without a name to keep:\n%s", out)
	}
	if m = keys(t, m, "n"); m.typing() {
		t.Error("n opened the name input without a name to keep")
	}
}

// TestExportPreviewCustomPrompts: the export screen says that the custom
// prompts a shared reflection answers leave (the questions, not the
// answers), and the export written carries those and no other.
func TestExportPreviewCustomPrompts(t *testing.T) {
	j := openJournal(t)
	j.seed(t)
	ps := []*journal.Prompt{
		{Text: "Who did I not hear from today?", Tags: []string{"eng.mi"}},
		{Text: "What am I avoiding?"},
	}
	for _, p := range ps {
		if err := j.svc.Prompts.CreatePrompt(p); err != nil {
			t.Fatal(err)
		}
	}
	e := &journal.Entry{Date: testToday, Kind: "check-in", Ratings: map[string]int{"eng.mi": 4}, Reflections: []journal.Reflection{
		{PromptID: ps[0].ID, Prompt: ps[0].Text, Answer: "Shared words", Shared: true},
		{PromptID: ps[1].ID, Prompt: ps[1].Text, Answer: "PRIVATE words"},
	}}
	if err := j.svc.Entries.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	writes := &exportWrites{}
	opts := testOptions()
	opts.WriteExport = writes.write
	m := newTestModelWith(t, j.svc, opts, 100, 40)
	m = keys(t, m, "2", "X")
	if out := strings.Join(strings.Fields(plain(m)), " "); !strings.Contains(out, "1 custom prompt (the questions, not your answers)") {
		t.Errorf("the preview does not say the custom prompt leaves:\n%s", out)
	}
	m = keys(t, m, "enter")
	if len(writes.x) != 1 {
		t.Fatalf("WriteExport called %d times", len(writes.x))
	}
	if got := writes.x[0].CustomPrompts(); len(got) != 1 || got[0].ID != ps[0].ID || got[0].Text != "Who did I not hear from today?" {
		t.Errorf("the export's custom prompts: %+v", got)
	}
}
