package journal

// What an export says of itself for its reader: its verdicts (carried or
// analysed), its period and span, and its privacy statement.

import (
	"strconv"
)

// Drift returns the verdicts of x's skills: those x carries (Verdicts, the
// facilitator's own, as of DriftAsOf over the whole journal) when it
// carries them, in their order, their sentences spoken about the
// facilitator for the export's reader (SharedExplanation); otherwise the analysis of x's ratings as of
// asOf with the drift rule (SPEC section 4) for every skill of x that is
// not archived, in x's order, explained for a reader of the export
// (AnalyzeShared). In a week-dated export each rating counts on the Monday
// of its week, and so do the carried days. EINVALID if a date does not
// parse (never for an export from ReadExport).
func (x *Export) Drift(asOf Day) ([]Drift, error) {
	if x.DriftAsOf != "" {
		ds, err := x.carriedDrift()
		if err != nil {
			return nil, err
		}
		var ratings map[string][]Rating
		if !x.WeekDates() {
			if ratings, err = x.Ratings(); err != nil {
				return nil, err
			}
		}
		for i := range ds {
			ds[i].Explanation = SharedExplanation(ds[i].Explanation)
			ds[i].findLevelSet(ratings[ds[i].Skill])
		}
		return ds, nil
	}
	ratings, err := x.Ratings()
	if err != nil {
		return nil, err
	}
	return AnalyzeShared(x.Catalog(), ratings, asOf), nil
}

// Carried reports whether x carries the facilitator's verdicts, and the
// day they are as of (a week's Monday in a week-dated export).
func (x *Export) Carried() (Day, bool) {
	if x.DriftAsOf == "" {
		return 0, false
	}
	d, err := parseExportDate(x.DriftAsOf, x.WeekDates())
	return d, err == nil
}

// VerdictNote says where x's verdicts come from, for a coach: when x
// carries the facilitator's verdicts and its own ratings start less than
// the 455 days before them that the drift rule reads (its baseline window
// and its year comparison), that they come from the facilitator's full
// history; "" otherwise.
func (x *Export) VerdictNote() string {
	asOf, ok := x.Carried()
	if !ok {
		return ""
	}
	if first, _, any := x.Span(); any && first <= asOf-driftThenUntil {
		return ""
	}
	return "The verdicts are the facilitator's own, as of " + x.FormatDay(asOf) +
		", from their full history: this export's ratings cover less than the 15 months the drift rule reads."
}

// carriedDrift turns x's carried records back into Drifts.
func (x *Export) carriedDrift() ([]Drift, error) {
	week := x.WeekDates()
	asOf, err := parseExportDate(x.DriftAsOf, week)
	if err != nil {
		return nil, Invalid("drift_as_of", "%s", err.Error())
	}
	out := make([]Drift, len(x.Verdicts))
	for i, r := range x.Verdicts {
		d, err := r.drift(asOf, week)
		if err != nil {
			return nil, &Error{Code: EINVALID, Field: "drift " + strconv.Itoa(i+1), Message: ErrorMessage(err)}
		}
		out[i] = d
	}
	return out, nil
}

// FormatDay formats d for people in x's date form: "2 Mar 2026", or the ISO
// week "2026-W10" in a week-dated export.
func (x *Export) FormatDay(d Day) string {
	if x.WeekDates() {
		return d.Week()
	}
	return d.Short()
}

// Span returns the days of x's oldest and newest entries; ok is false when x
// has none (or a date does not parse).
func (x *Export) Span() (first, last Day, ok bool) {
	week := x.WeekDates()
	for i := range x.Records {
		d, err := x.Records[i].Day(week)
		if err != nil {
			return 0, 0, false
		}
		if !ok || d < first {
			first = d
		}
		if !ok || d > last {
			last = d
		}
		ok = true
	}
	return first, last, ok
}

// Period describes the period x covers for people: its range where a bound
// was set, otherwise its first and last entries ("3 Mar 2025 to 27 Feb
// 2026", "2025-W10 to 2026-W09"), or "no entries".
func (x *Export) Period() string {
	first, last, ok := x.Span()
	return x.period(first, last, ok)
}

// PeriodOf is Period for an export written as a stream, whose entries are
// not kept: n, from WriteExportJSONFrom, has their span.
func (x *Export) PeriodOf(n ExportCounts) string {
	return x.period(n.First, n.Last, n.Entries > 0)
}

// period says the period from first to last (when ok), or the export's
// range where it has one.
func (x *Export) period(first, last Day, ok bool) string {
	var from, to string
	if ok {
		from, to = x.FormatDay(first), x.FormatDay(last)
	}
	week := x.WeekDates()
	if x.Range != nil {
		if d, err := parseExportDate(x.Range.Since, week); err == nil {
			from = x.FormatDay(d)
		}
		if d, err := parseExportDate(x.Range.Until, week); err == nil {
			to = x.FormatDay(d)
		}
	}
	switch {
	case from == "" && to == "":
		return "no entries"
	case from == "":
		return "until " + to
	case to == "":
		return "since " + from
	case from == to:
		return from
	}
	return from + " to " + to
}

// PrivacyStatement says in plain words what x holds and what it leaves out.
func (x *Export) PrivacyStatement() string {
	if x.Full() {
		return "Full export: it holds everything, notes, titles, family codes and private reflections included. It is for the facilitator's own records; do not share it."
	}
	dates := "Dates are days."
	if x.WeekDates() {
		dates = "Dates are coarsened to ISO weeks."
	}
	return "Coach-safe export: ratings, kinds, phases, dates, tags, the reflections the facilitator chose to share, and the skill catalog. " +
		"Not included: notes, titles, private reflections and timestamps. Families appear as pseudonyms (F1, F2, ...) that hold only within this export. " + dates
}

// RatingCount returns how many ratings x holds.
func (x *Export) RatingCount() int {
	n := 0
	for i := range x.Records {
		n += len(x.Records[i].Ratings)
	}
	return n
}

// findLevelSet sets Recent and LevelFrom of d, a verdict carried in a
// day-dated export, which names its level but not the ratings it is the
// mean of, from rs, the export's ratings of d's skill (sorted): the level
// set of SPEC section 4 on the day d was evaluated on, when rs holds all of
// it (the export reaches back before it, or to d's first rating) and it
// gives d's level. Otherwise d is left as it is: a chart draws no level
// line rather than one over the wrong ratings.
func (d *Drift) findLevelSet(rs []Rating) {
	if !d.Level.Valid || !d.Evaluated || d.Recent > 0 {
		return
	}
	upto := rs[:0:0]
	for i, r := range rs {
		if r.Date > d.EvaluatedOn {
			break
		}
		upto = rs[:i+1]
	}
	if len(upto) < driftLevelMin || upto[len(upto)-1].Date != d.EvaluatedOn {
		return
	}
	lo := len(upto)
	for lo > 0 && int(d.EvaluatedOn-upto[lo-1].Date) < driftLevelDays {
		lo--
	}
	lo = min(lo, len(upto)-driftLevelMin)
	// Whole: an older rating than the set's first, outside it, or the
	// skill's first rating of all.
	if lo == 0 && upto[0].Date != d.FirstRated {
		return
	}
	sum := 0
	for _, r := range upto[lo:] {
		sum += r.Value
	}
	n := len(upto) - lo
	if got := jsonMean(num(float64(sum)/float64(n)), n); got == nil || *got != *jsonNumber(d.Level) {
		return
	}
	d.Recent, d.LevelFrom = n, upto[lo].Date
}
