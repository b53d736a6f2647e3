package ui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"hone/journal"
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

func exportTestModel(t *testing.T, w, h int) (Model, *exportWrites) {
	t.Helper()
	j := openJournal(t)
	j.seed(t)
	writes := &exportWrites{}
	opts := testOptions()
	opts.WriteExport = writes.write
	return newTestModelWith(t, j.svc, opts, w, h), writes
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
