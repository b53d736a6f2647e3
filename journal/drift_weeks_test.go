package journal_test

import (
	"testing"
	"time"

	"hone/journal"
)

// TestDriftSentencesInWeeks holds that AnalyzeCatalogWeeks words the
// sentences of a week-dated export in ISO weeks and whole weeks, with the
// verdicts of AnalyzeCatalog.
func TestDriftSentencesInWeeks(t *testing.T) {
	day := func(m time.Month, d int) journal.Day { return journal.Date(2026, m, d) }
	c := journal.Catalog{{ID: "eng.mi", Name: "MI skills"}}
	for _, tt := range []struct {
		name    string
		days    []journal.Day
		asOf    journal.Day
		inDays  string // AnalyzeCatalog's sentence
		inWeeks string // AnalyzeCatalogWeeks's
	}{
		{"Dormant", []journal.Day{day(1, 5)}, day(4, 15),
			"Not rated since 5 Jan (100 days ago), so hone gives no verdict. Last rated 100 days ago.",
			"Not rated since 2026-W02 (14 weeks ago), so hone gives no verdict. Last rated 14 weeks ago."},
		{"Insufficient", []journal.Day{day(1, 5), day(1, 7), day(1, 20)}, day(1, 25),
			"Only 3 ratings over 15 days so far; hone needs at least 8 ratings spread over 28 days.",
			"Only 3 ratings over 2 weeks so far; hone needs at least 8 ratings spread over 28 days."},
		{"InsufficientStale", []journal.Day{day(1, 5), day(1, 7), day(1, 20)}, day(3, 4),
			"Only 3 ratings over 15 days so far; hone needs at least 8 ratings spread over 28 days. Last rated 43 days ago; you usually rate it every 7.5 days.",
			"Only 3 ratings over 2 weeks so far; hone needs at least 8 ratings spread over 28 days. Last rated 6 weeks ago; you usually rate it every 7.5 days."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rs []journal.Rating
			for i, d := range tt.days {
				rs = append(rs, journal.Rating{Skill: "eng.mi", Date: d, EntryID: string(rune('a' + i)), Value: 3})
			}
			m := map[string][]journal.Rating{"eng.mi": rs}
			byDay, byWeek := journal.AnalyzeCatalog(c, m, tt.asOf)[0], journal.AnalyzeCatalogWeeks(c, m, tt.asOf)[0]
			if byDay.Explanation != tt.inDays {
				t.Errorf("days: %q\nwant %q", byDay.Explanation, tt.inDays)
			}
			if byWeek.Explanation != tt.inWeeks {
				t.Errorf("weeks: %q\nwant %q", byWeek.Explanation, tt.inWeeks)
			}
			if byWeek.Status != byDay.Status || byWeek.Stale != byDay.Stale {
				t.Errorf("weeks: %s stale %t, days: %s stale %t", byWeek.Status, byWeek.Stale, byDay.Status, byDay.Stale)
			}
			r := byWeek.WeekRecord("MI skills")
			if r.LastRated == nil || *r.LastRated != byDay.LastRated.Week() {
				t.Errorf("WeekRecord last_rated %v, want %s", r.LastRated, byDay.LastRated.Week())
			}
		})
	}
}
