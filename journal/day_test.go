package journal

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	today := Date(2026, time.March, 2)
	tests := []struct {
		name, in string
		want     Day
	}{
		{"ISO", "2026-02-28", Date(2026, time.February, 28)},
		{"Today", "today", today},
		{"TodayAnyCase", "  Today ", today},
		{"Yesterday", "yesterday", today - 1},
		{"Tomorrow", "tomorrow", today + 1}, // the latest day an entry may have
		{"DaysAgo", "-3d", Date(2026, time.February, 27)},
		{"ZeroDaysAgo", "-0d", today},
		{"LeapDay", "2024-02-29", Date(2024, time.February, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDay(tt.in, today)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseDay(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDayErrors(t *testing.T) {
	today := Date(2026, time.March, 2)
	for name, in := range map[string]string{
		"ErrMonth13":    "2026-13-40",
		"ErrNoLeapDay":  "2026-02-29",
		"ErrEmpty":      "",
		"ErrWords":      "last tuesday",
		"ErrNegativeN":  "--3d",
		"ErrHugeN":      "-99999999999999999999d",
		"ErrYear1800":   "1800-01-01",
		"ErrSlashes":    "2026/03/02",
		"ErrDaysNoSign": "3d",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseDay(in, today)
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseDay(%q) error = %v, want EINVALID", in, err)
			}
		})
	}
}

func TestDayFormats(t *testing.T) {
	d := Date(2026, time.March, 2)
	if got, want := d.String(), "2026-03-02"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got, want := d.Week(), "2026-W10"; got != want {
		t.Errorf("Week = %q, want %q", got, want)
	}
	if got, want := Date(2021, time.January, 1).Week(), "2020-W53"; got != want {
		t.Errorf("Week = %q, want %q", got, want)
	}
	if got, want := d.Short(), "2 Mar 2026"; got != want {
		t.Errorf("Short = %q, want %q", got, want)
	}
	if got := DayOf(time.Date(2026, 3, 2, 23, 59, 0, 0, time.FixedZone("x", -8*3600))); got != d {
		t.Errorf("DayOf uses the time's own zone: got %s", got)
	}
	if Date(1969, time.December, 31) != -1 || Date(1970, time.January, 1) != 0 {
		t.Error("days count from 1970-01-01")
	}
}

// FuzzParseDay checks that no input panics, that every accepted day lies in
// hone's range, and that a day's own formatting parses back to it.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-03-02", "today", "yesterday", "-5d", "2026-13-40", "-d", "", "\x00"} {
		f.Add(s)
	}
	today := Date(2026, time.March, 2)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s, today)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error code %q for %q", ErrorCode(err), s)
			}
			return
		}
		if d < EarliestDay || d > LatestDay {
			t.Fatalf("%q gave %s, outside 1900-2099", s, d)
		}
		back, err := ParseDay(d.String(), today)
		if err == nil && back != d {
			t.Fatalf("%s did not round-trip: %s", d, back)
		}
	})
}
