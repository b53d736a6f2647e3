package journal

import (
	"strconv"
	"strings"
	"time"
)

// Day is a calendar day with no time of day and no time zone, counted in days
// since 1970-01-01. Days compare and subtract as integers.
type Day int32

// Earliest and Latest bound the days hone accepts.
const (
	EarliestDay Day = -25567 // 1900-01-01
	LatestDay   Day = 47482  // 2099-12-31
)

// DayOf returns the calendar day of t in t's own location.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// Date returns the Day for a year, month and day of month. Out-of-range
// values are normalised as time.Date does.
func Date(year int, month time.Month, day int) Day {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Day(t.Unix() / 86400)
}

// Time returns midnight UTC at the start of d.
func (d Day) Time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

// String formats d as YYYY-MM-DD.
func (d Day) String() string {
	return d.Time().Format(time.DateOnly)
}

// Week formats d as its ISO week, YYYY-Www.
func (d Day) Week() string {
	y, w := d.Time().ISOWeek()
	return strconv.Itoa(y) + "-W" + twoDigits(w)
}

// Short formats d for people: "2 Mar 2026".
func (d Day) Short() string {
	return d.Time().Format("2 Jan 2006")
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// DateForms is the accepted form of a date, for error messages.
const DateForms = "YYYY-MM-DD, today, yesterday or -Nd (N days ago)"

// ParseDay reads a date as people type it: YYYY-MM-DD, "today",
// "yesterday", or "-Nd" for N days before today. Surrounding space and case
// are forgiven. The error names no field; callers wrap it with theirs.
func ParseDay(s string, today Day) (Day, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "today":
		return today, nil
	case "yesterday":
		return today - 1, nil
	case "tomorrow":
		return today + 1, nil
	case "":
		return 0, Errorf(EINVALID, "a date is needed: use %s", DateForms)
	}
	if strings.HasPrefix(s, "-") && strings.HasSuffix(s, "d") {
		n, err := strconv.Atoi(s[1 : len(s)-1])
		if err != nil || n < 0 || n > 100*366 {
			return 0, Errorf(EINVALID, "%q is not a date: use %s", s, DateForms)
		}
		return today - Day(n), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not a date: use %s", s, DateForms)
	}
	d := DayOf(t)
	if d < EarliestDay || d > LatestDay {
		return 0, Errorf(EINVALID, "%q is outside the years 1900 to 2099", s)
	}
	return d, nil
}
