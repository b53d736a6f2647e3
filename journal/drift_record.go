package journal

import (
	"io"
	"math"
)

// DriftRecord is a Drift in the shape of `hone drift --json` (SPEC sections
// 4 and 5). Baseline, tallies and threshold are whole tenths; level,
// reference and slope are rounded half up to 2 decimals; undefined numbers
// and days are null.
type DriftRecord struct {
	Skill       string   `json:"skill"`
	Name        string   `json:"name"`
	Status      Status   `json:"status"`
	Stale       bool     `json:"stale"`
	Baseline    *float64 `json:"baseline"`
	Level       *float64 `json:"level"`
	CusumLow    *float64 `json:"cusum_low"`
	CusumHigh   *float64 `json:"cusum_high"`
	Ratings     int      `json:"ratings"`
	FirstRated  *string  `json:"first_rated"`
	LastRated   *string  `json:"last_rated"`
	Slope       *float64 `json:"slope"`
	Basis       *string  `json:"basis"`
	Reference   *float64 `json:"reference"`
	DriftSince  *string  `json:"drift_since"`
	Threshold   *float64 `json:"threshold"`
	EvaluatedOn *string  `json:"evaluated_on"`
	Explanation string   `json:"explanation"`
}

// Record returns d as a DriftRecord, with name as the skill's name.
func (d Drift) Record(name string) DriftRecord { return d.record(name, Day.String) }

// WeekRecord is Record for a week-dated export: its days are ISO weeks
// (2026-W10). Its explanation is d's: AnalyzeCatalogWeeks gives one that
// names weeks.
func (d Drift) WeekRecord(name string) DriftRecord { return d.record(name, Day.Week) }

// record is Record with days written by date.
func (d Drift) record(name string, date func(Day) string) DriftRecord {
	r := DriftRecord{
		Skill:       d.Skill,
		Name:        name,
		Status:      d.Status,
		Stale:       d.Stale,
		Baseline:    jsonNumber(d.Baseline),
		Level:       jsonMean(d.Level, d.Recent),
		CusumLow:    jsonNumber(d.CusumLow),
		CusumHigh:   jsonNumber(d.CusumHigh),
		Ratings:     d.Ratings,
		Slope:       jsonNumber(d.Slope),
		Threshold:   jsonNumber(d.Threshold),
		Explanation: d.Explanation,
	}
	if d.Ratings > 0 {
		first, last := date(d.FirstRated), date(d.LastRated)
		r.FirstRated, r.LastRated = &first, &last
	}
	if d.Basis != NoBasis {
		basis, since := string(d.Basis), date(d.DriftSince)
		r.Basis, r.DriftSince = &basis, &since
		r.Reference = jsonMean(d.Reference, d.ReferenceRatings)
		if d.Basis == BasisRecent {
			r.Reference = jsonNumber(d.Reference)
		}
	}
	if d.Evaluated {
		on := date(d.EvaluatedOn)
		r.EvaluatedOn = &on
	}
	return r
}

// WriteDriftJSON writes ds as `hone drift --json` does: an array of
// DriftRecords, indented by 2 spaces, with a final newline. Names come from
// c; a skill missing from c gets an empty name.
func WriteDriftJSON(w io.Writer, c Catalog, ds []Drift) error {
	records := make([]DriftRecord, 0, len(ds))
	for _, d := range ds {
		s, _ := c.Find(d.Skill)
		records = append(records, d.Record(s.Name))
	}
	return WriteJSON(w, records)
}

func jsonNumber(n Number) *float64 {
	if !n.Valid {
		return nil
	}
	v := math.Round(n.Value*driftRoundDecimals)/driftRoundDecimals + 0 // +0 turns -0 into 0
	return &v
}

// jsonMean is n, the mean of count ratings, rounded half up to 2 decimals
// exactly: the sum of the ratings is a whole number that n x count gives
// back exactly.
func jsonMean(n Number, count int) *float64 {
	if !n.Valid || count <= 0 {
		return jsonNumber(n)
	}
	sum := int(math.Round(n.Value * float64(count)))
	v := float64((200*sum+count)/(2*count)) / driftRoundDecimals
	return &v
}

// drift turns r, a record carried in an export dated by week or by day,
// back into a Drift as of asOf. The working behind the numbers (the sets'
// days and sizes) is not carried: those fields stay unset.
func (r DriftRecord) drift(asOf Day, week bool) (Drift, error) {
	d := Drift{
		Skill:       r.Skill,
		AsOf:        asOf,
		Status:      r.Status,
		Stale:       r.Stale,
		Baseline:    recordNumber(r.Baseline),
		Level:       recordNumber(r.Level),
		CusumLow:    recordNumber(r.CusumLow),
		CusumHigh:   recordNumber(r.CusumHigh),
		Threshold:   recordNumber(r.Threshold),
		Reference:   recordNumber(r.Reference),
		Slope:       recordNumber(r.Slope),
		Ratings:     r.Ratings,
		Explanation: r.Explanation,
	}
	day := func(field string, s *string, dst *Day) error {
		if s == nil {
			return nil
		}
		v, err := parseExportDate(*s, week)
		if err != nil {
			return Invalid(field, "%s", err.Error())
		}
		*dst = v
		return nil
	}
	if err := cmpErr(
		day("first_rated", r.FirstRated, &d.FirstRated),
		day("last_rated", r.LastRated, &d.LastRated),
		day("drift_since", r.DriftSince, &d.DriftSince),
		day("evaluated_on", r.EvaluatedOn, &d.EvaluatedOn),
	); err != nil {
		return Drift{}, err
	}
	d.Evaluated = r.EvaluatedOn != nil
	if r.LastRated != nil {
		d.DaysSince = int(asOf - d.LastRated)
	}
	if r.Basis != nil {
		d.Basis = Basis(*r.Basis)
	}
	return d, nil
}

// cmpErr returns the first error that is not nil.
func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// recordNumber is the Number of a JSON number, undefined for null.
func recordNumber(p *float64) Number {
	if p == nil {
		return Number{}
	}
	return num(*p)
}
