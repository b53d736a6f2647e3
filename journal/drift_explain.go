package journal

import (
	"math"
	"strconv"
	"strings"
)

// voice says whom a drift explanation speaks to: the facilitator, of their
// own ratings ("Your last 6 ratings average 2.8"), or a reader of what a
// facilitator shared, such as a coach, of the facilitator ("Their last 6
// ratings average 2.8");
// and whether it names days ("12 Jun") or, for a week-dated export, ISO
// weeks ("2026-W24").
type voice uint8

const (
	ownVoice    voice = 0      // the facilitator's own views
	sharedVoice voice = 1 << 0 // views of an export: review, reports
	weekVoice   voice = 1 << 1 // dates as ISO weeks, durations in weeks
)

// your is "your", or "their" in the shared voice; capitalized with upper.
func (v voice) your(upper bool) string {
	switch {
	case v&sharedVoice != 0 && upper:
		return "Their"
	case v&sharedVoice != 0:
		return "their"
	case upper:
		return "Your"
	}
	return "your"
}

// date names the day d in a sentence as of asOf: "12 Jun" (driftDate), or
// its ISO week in the week voice.
func (v voice) date(d, asOf Day) string {
	if v&weekVoice != 0 {
		return d.Week()
	}
	return driftDate(d, asOf)
}

// days says how long from a to b: "12 days", or in the week voice the
// whole weeks from a's ISO week to b's ("2 weeks"), so that no sentence
// is finer than the weeks it names.
func (v voice) days(a, b Day) string {
	if v&weekVoice != 0 {
		return plural(int(mondayOf(b)-mondayOf(a))/7, "week")
	}
	return plural(int(b-a), "day")
}

// mondayOf returns the Monday of d's ISO week.
func mondayOf(d Day) Day { return d - Day((int(d.Time().Weekday())+6)%7) }

// SharedExplanation returns a drift explanation written to the facilitator
// (hone drift's, as an export carries it: "Your last 6 ratings average
// 2.8, below your baseline of 3.5 ...") as a reader of the export reads it,
// about the facilitator ("Their last 6 ratings average 2.8, below their
// baseline of 3.5 ..."): the sentence the shared voice writes for the same
// verdict, word for word. Text that is no such sentence keeps its words
// but for "your" and "you usually rate it".
func SharedExplanation(s string) string {
	return strings.NewReplacer("Your ", "Their ", "your ", "their ", "; you usually rate it ", "; it is usually rated ").Replace(s)
}

// explainDrift writes the sentence that explains d's verdict in voice v
// (SPEC section 4): dd is the working of the newest rating day, nil for a
// dormant skill.
func explainDrift(d *Drift, dd *driftDay, v voice) string {
	var s string
	switch d.Status {
	case StatusDormant:
		s = "Not rated since " + v.date(d.LastRated, d.AsOf) + " (" + v.days(d.LastRated, d.AsOf) +
			" ago), so hone gives no verdict."
	case StatusInsufficient:
		s = "Only " + plural(d.Ratings, "rating") + " over " + v.days(d.FirstRated, d.LastRated) +
			" so far; hone needs at least 8 ratings spread over 28 days."
	default:
		s = dd.sentence(d.AsOf, v)
	}
	if d.Stale {
		s += " Last rated " + v.days(d.LastRated, d.AsOf) + " ago"
		if gap := d.MedianGap.Value; d.MedianGap.Valid && gap >= 1 {
			every := "every " + fmtPoints(gap) + " days"
			if gap == 1 {
				every = "every day"
			}
			usually := "; you usually rate it "
			if v&sharedVoice != 0 {
				usually = "; it is usually rated "
			}
			s += usually + every
		}
		s += "."
	}
	return s
}

// sentence is the sentence of the verdict paths that reach step 4, in
// voice v, with dates as of asOf.
func (dd *driftDay) sentence(asOf Day, v voice) string {
	your, Your := v.your(false), v.your(true)
	date := func(d Day) string { return v.date(d, asOf) }
	rs := dd.rs
	span := func(s ratingSet) (string, string) { return date(rs[s.lo].Date), date(rs[s.hi-1].Date) }

	lv := dd.level
	lFrom, lTo := span(lv)
	lastN := "last " + strconv.Itoa(lv.n()) + " ratings (" + lFrom + " to " + lTo + ") average "
	level := func(threshold int) string { return levelText(lv.sum, lv.n(), threshold) }
	plain := level(-1)

	bFrom, bTo := span(dd.base)
	base := your + " baseline of " + fmtTenths(dd.b) + " (ratings from " + bFrom + " to " + bTo + ")"
	if dd.startup {
		base = your + " starting level of " + fmtTenths(dd.b) + " (" + your + " first 6 ratings, " + bFrom + " to " + bTo + ")"
	}
	nowMean := fmtTenths(meanTenths(dd.now.sum, max(1, dd.now.n())))
	thenMean := fmtTenths(meanTenths(dd.then.sum, max(1, dd.then.n())))

	switch dd.status {
	case StatusDrifting:
		start := date(dd.ep.start)
		if dd.ep.basis == BasisYear {
			nowFrom, _ := span(dd.now)
			thenFrom, thenTo := span(dd.then)
			return "Drifting since " + start + ": " + your + " ratings over the last 3 months (" + nowFrom + " to " +
				date(dd.day) + ") average " + nowMean + ", down from " + thenMean +
				" over the same months a year earlier (" + thenFrom + " to " + thenTo + ")."
		}
		aFrom, aTo := span(dd.ep.ref)
		set := "ratings from " + aFrom + " to " + aTo
		if dd.ep.first {
			set = your + " first 6 ratings, " + aFrom + " to " + aTo
		}
		return "Drifting since " + start + ": " + your + " " + lastN + level(dd.ep.a-driftBack) + ", below " +
			fmtTenths(dd.ep.a) + ", " + your + " usual level before the drop (" + set + ")."
	case StatusImproving:
		return Your + " " + lastN + plain + ", above " + base + "."
	case StatusWatch:
		return Your + " " + lastN + level(dd.b-driftMargin) + ", below " + base + "; not yet a lasting drop, worth watching."
	}
	switch dd.how {
	case endedBack:
		return "Back from drifting: " + your + " " + lastN + level(dd.ended.a-driftBack) + ", within 0.2 of " +
			fmtTenths(dd.ended.a) + ", " + your + " level before the drift that began on " + date(dd.ended.start) + "."
	case endedYear:
		return Your + " ratings have stayed below " + fmtTenths(dd.ended.a) + " for a year since " + date(dd.ended.start) +
			", so hone now compares them with " + base + ": " + your + " " + lastN + plain + "."
	case endedYearSet:
		if dd.now.n() >= driftYearMin && dd.then.n() >= driftYearMin {
			return "No longer drifting: " + your + " ratings over the last 3 months average " + nowMean +
				", no longer clearly below " + thenMean + " over the same months a year earlier; " + your + " " +
				lastN + plain + " against " + base + "."
		}
	}
	return Your + " " + lastN + plain + " against " + base + ": no lasting change."
}

// levelText shows the mean sum / n half up to a tenth; but when that tenth
// is threshold (in tenths; -1 for none) while the mean is strictly on one
// side of it, with two decimals (3.78 below 3.8), and should those land on
// it too, the hundredth on the mean's side.
func levelText(sum, n, threshold int) string {
	t := meanTenths(sum, n)
	if t != threshold || 10*sum == threshold*n {
		return fmtTenths(t)
	}
	h := (200*sum + n) / (2 * n)
	switch {
	case h == 10*threshold && 10*sum < threshold*n:
		h--
	case h == 10*threshold:
		h++
	}
	return strconv.Itoa(h/100) + "." + strconv.Itoa(h/10%10) + strconv.Itoa(h%10)
}

// fmtTenths formats a whole number of tenths with one decimal: "3.5",
// "4.0".
func fmtTenths(t int) string {
	if t < 0 {
		return "-" + fmtTenths(-t)
	}
	return strconv.Itoa(t/10) + "." + strconv.Itoa(t%10)
}

// fmtPoints formats a rating-scale number with at most one decimal: "4",
// "2.8".
func fmtPoints(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10+0, 'f', 1, 64) // +0 turns -0 into 0
	return strings.TrimSuffix(s, ".0")
}

// driftDate formats d as "12 Jun", with the year when it is not asOf's.
// Month names are English whatever the locale, as Go formats them.
func driftDate(d, asOf Day) string {
	t := d.Time()
	if t.Year() == asOf.Time().Year() {
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

// driftSpan formats the days from a to b: "from 12 Jun to 30 Aug", or "on
// 12 Jun" when they are one day.
func driftSpan(a, b, asOf Day) string {
	if a == b {
		return "on " + driftDate(a, asOf)
	}
	return "from " + driftDate(a, asOf) + " to " + driftDate(b, asOf)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
