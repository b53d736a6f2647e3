package journal_test

import (
	"bytes"
	"strings"
	"testing"

	"hone/journal"
)

// A facilitator's star travels with a shared reflection in a coach-safe
// export as "starred": true and reads back starred; a private reflection,
// starred or not, never leaves the journal, and an unstarred shared one
// carries no "starred" at all (SPEC section 7, additions).
func TestExportStarredCoachSafe(t *testing.T) {
	es := []*journal.Entry{{
		ID: "01m89gn0a3gfn1af", Date: exportEnd - 3, Kind: journal.KindCheckIn, Ratings: map[string]int{"eng.mi": 4},
		Reflections: []journal.Reflection{
			{Prompt: "Bring this?", Answer: "the shared star", Shared: true, Starred: true},
			{Prompt: "Plain?", Answer: "shared, no star", Shared: true},
			{Prompt: "Private star?", Answer: "private starred", Starred: true},
		},
	}}
	for _, opts := range []journal.ExportOptions{{Now: exportNow}, {Now: exportNow, WeekDates: true}} {
		data := exportJSON(t, journal.BuildExport(es, journal.BuiltinSkills(), opts))
		s := string(data)
		if got := strings.Count(s, `"starred": true`); got != 1 {
			t.Errorf("week %v: %d \"starred\": true, want 1:\n%s", opts.WeekDates, got, s)
		}
		if strings.Contains(s, `"starred": false`) || strings.Contains(s, "private starred") {
			t.Errorf("week %v: a private reflection or a false star left the journal:\n%s", opts.WeekDates, s)
		}
		x, err := journal.ReadExport(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("week %v: %v", opts.WeekDates, err)
		}
		back, err := x.Entries()
		if err != nil {
			t.Fatal(err)
		}
		rs := back[0].Reflections
		if len(rs) != 2 || !rs[0].Starred || rs[1].Starred || !rs[0].Shared || !rs[1].Shared {
			t.Errorf("week %v: read back %+v; want the starred shared one starred, the other not", opts.WeekDates, rs)
		}
		// And again: the re-export is the same document.
		if again := exportJSON(t, journal.BuildExport(back, x.Catalog(), x.Options())); !bytes.Equal(again, data) {
			t.Errorf("week %v: re-export differs:\n%s\n%s", opts.WeekDates, data, again)
		}
	}
}
