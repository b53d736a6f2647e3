package journal_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

func writeCSV(t *testing.T, x *journal.Export) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := journal.WriteExportCSV(&b, x); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	return rows
}

func TestExportCSV(t *testing.T) {
	es := testJournal(t, 300)
	c := journal.BuiltinSkills()
	for _, week := range []bool{false, true} {
		x := journal.BuildExport(es, c, journal.ExportOptions{WeekDates: week, Now: exportNow})
		rows := writeCSV(t, x)
		if got, want := strings.Join(rows[0], ","), "date,entry_id,kind,phase,skill_id,skill_name,key_element,rating"; got != want {
			t.Errorf("header %q, want %q", got, want)
		}
		if got, want := len(rows)-1, x.RatingCount(); got != want {
			t.Errorf("%d rows, want one per rating: %d", got, want)
		}
		total := 0
		for _, e := range es {
			total += len(e.Ratings)
		}
		if x.RatingCount() != total {
			t.Errorf("the export holds %d ratings, the journal %d", x.RatingCount(), total)
		}
		// Ordered by date, entry id and skill id.
		keys := make([]string, 0, len(rows)-1)
		for _, r := range rows[1:] {
			keys = append(keys, r[0]+" "+r[1]+" "+r[4])
			if v, err := strconv.Atoi(r[7]); err != nil || v < 1 || v > 5 {
				t.Fatalf("rating %q", r[7])
			}
		}
		if !slices.IsSorted(keys) {
			t.Errorf("rows are not ordered by date, entry id, skill id")
		}
		var b bytes.Buffer
		journal.WriteExportCSV(&b, x)
		assertNoMarkers(t, "coach-safe CSV", b.String(), es)
		if !strings.Contains(b.String(), "eng.mi,MI skills,Strength & Family Driven,") {
			t.Errorf("skill names and key elements are missing")
		}
	}
}

func TestExportCSVFormulaInjection(t *testing.T) {
	c := journal.Catalog{
		{ID: "own.eq", Name: "=HYPERLINK(\"x\")", KeyElement: "+cmd"},
		{ID: "own.at", Name: "@SUM(A1)", KeyElement: "-2+3"},
		{ID: "own.ok", Name: "Plain, with \"quotes\"\nand a newline", KeyElement: "Fine"},
	}
	e := &journal.Entry{ID: "01kfd3n3e3dbk7gf", Date: journal.Date(2026, time.February, 3), Kind: journal.KindCheckIn,
		Ratings: map[string]int{"own.eq": 1, "own.at": 2, "own.ok": 3}}
	rows := writeCSV(t, journal.BuildExport([]*journal.Entry{e}, c, journal.ExportOptions{Now: exportNow}))
	want := [][]string{
		{"2026-02-03", "e0001", "check-in", "0", "own.at", "'@SUM(A1)", "'-2+3", "2"},
		{"2026-02-03", "e0001", "check-in", "0", "own.eq", "'=HYPERLINK(\"x\")", "'+cmd", "1"},
		{"2026-02-03", "e0001", "check-in", "0", "own.ok", "Plain, with \"quotes\" and a newline", "Fine", "3"},
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i+1], w)
		}
	}
}
