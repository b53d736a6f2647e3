package journal

// Feedback in the journal and back out: the stored record of an item
// (FeedbackRecord), the calibration sentence that sets an observed rating
// beside the facilitator's own, and feedback carried in exports.

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SelfRatingsAround returns the count and the mean (rounded to 2 decimals;
// undefined when there are none) of ratings, a facilitator's own ratings
// of one skill, dated within CalibrationDays days before or after day,
// both ends included.
func SelfRatingsAround(ratings []Rating, day Day) RatingStats {
	var sum, n int
	for _, r := range ratings {
		if r.Date >= day-CalibrationDays && r.Date <= day+CalibrationDays {
			sum += r.Value
			n++
		}
	}
	if n == 0 {
		return RatingStats{}
	}
	return RatingStats{Count: n, Mean: num(math.Round(float64(sum)/float64(n)*100) / 100)}
}

// FeedbackRecord is one item of feedback as `hone feedback --json` prints
// it (SPEC section 11): absent values are null. SelfMean and SelfCount
// are SelfRatingsAround the item's day for its skill: the count whenever
// it has a skill, the mean only with an observed rating and at least one
// own rating.
type FeedbackRecord struct {
	ID        string   `json:"id"`
	Day       string   `json:"day"`
	Skill     *string  `json:"skill"`
	Observed  *int     `json:"observed"`
	Note      *string  `json:"note"`
	Coach     *string  `json:"coach"`
	Received  string   `json:"received"`
	SelfMean  *float64 `json:"self_mean"`
	SelfCount int      `json:"self_count"`
}

// Record returns f as `hone feedback --json` prints it, with ratings, the
// journal's own ratings grouped by skill id, beside it.
func (f *Feedback) Record(ratings map[string][]Rating) FeedbackRecord {
	r := FeedbackRecord{ID: f.ID, Day: f.Day.String(), Received: f.Received.String()}
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	r.Skill, r.Note, r.Coach = str(f.Skill), str(f.Note), str(f.Coach)
	if f.Observed != 0 {
		v := f.Observed
		r.Observed = &v
	}
	if f.Skill != "" {
		self := SelfRatingsAround(ratings[f.Skill], f.Day)
		r.SelfCount = self.Count
		if f.Observed != 0 && self.Mean.Valid {
			m := self.Mean.Value
			r.SelfMean = &m
		}
	}
	return r
}

// CalibrationSentence sets an observed rating beside the facilitator's own
// ratings of the same skill that week (self, from SelfRatingsAround), in
// one plain sentence:
//
//	Your coach observed 3 on 20 Nov; your own ratings that week averaged 4.
//	Your coach observed 3 on 20 Nov; your own rating that week was 4.
//	Your coach observed 3 on 20 Nov; you did not rate it yourself that week.
//
// The day has its year when it is not asOf's. "" for an item without an
// observed rating. The sentence holds no text from the coach: it is safe.
func CalibrationSentence(f *Feedback, self RatingStats, asOf Day) string {
	if f.Observed == 0 {
		return ""
	}
	s := "Your coach observed " + strconv.Itoa(f.Observed) + " on " + feedbackDate(f.Day, asOf) + "; "
	switch {
	case self.Count == 0 || !self.Mean.Valid:
		return s + "you did not rate it yourself that week."
	case self.Count == 1:
		return s + "your own rating that week was " + fmtPoints(self.Mean.Value) + "."
	}
	return s + "your own ratings that week averaged " + fmtPoints(self.Mean.Value) + "."
}

// feedbackDate formats d as "20 Nov", with the year when it is not asOf's
// ("20 Nov 2025").
func feedbackDate(d, asOf Day) string {
	if d.Time().Year() == asOf.Time().Year() {
		return d.Time().Format("2 Jan")
	}
	return d.Time().Format("2 Jan 2006")
}

// CheckFeedback checks items (normalized and validated as the file gives
// them) against the journal's catalog: every skill named must be one the
// catalog holds (archived ones too). EINVALID names the item and suggests
// the nearest skill ids.
func CheckFeedback(items []Feedback, c Catalog) error {
	for i := range items {
		f := &items[i]
		if err := f.Validate(); err != nil {
			return itemError(i, f.ID, err)
		}
		if f.Skill == "" {
			continue
		}
		if _, ok := c.Find(f.Skill); !ok {
			msg := "unknown skill " + strconv.Quote(f.Skill) + " (hone skills lists them)"
			if near := c.Nearest(f.Skill, 3); len(near) > 0 {
				msg = "unknown skill " + strconv.Quote(f.Skill) + "; did you mean " + strings.Join(near, ", ") + "? (hone skills lists them)"
			}
			return itemError(i, f.ID, Invalid("skill", "%s", msg))
		}
	}
	return nil
}

// SameFeedback reports whether a and b say the same: every field but the
// day they were received.
func SameFeedback(a, b *Feedback) bool {
	x, y := *a, *b
	x.Received, y.Received = 0, 0
	x.Seq, y.Seq = 0, 0
	return x == y
}

// ExportFeedback returns fs as an export carries them back to a coach
// (`hone export --with-feedback`): the records of `hone feedback --json`,
// newest day first, with ratings, the journal's own ratings grouped by
// skill id, beside them; in a week-dated export (week) the day and the
// day received are ISO weeks. With none, the export has no "feedback", as
// one not asked to carry it.
func ExportFeedback(fs []Feedback, ratings map[string][]Rating, week bool) []FeedbackRecord {
	fs = slices.Clone(fs)
	SortFeedback(fs)
	out := make([]FeedbackRecord, len(fs))
	for i := range fs {
		out[i] = fs[i].Record(ratings)
		if week {
			out[i].Day, out[i].Received = fs[i].Day.Week(), fs[i].Received.Week()
		}
	}
	return out
}

// checkExportFeedback checks the feedback an export carries: each record
// as ReadFeedback checks an item, its day and day received in the export's
// date form, its skill one the export lists, its self_count not negative
// and its self_mean within 1-5 and present only beside an observed rating
// and own ratings; ids unique.
func checkExportFeedback(recs []FeedbackRecord, c Catalog, week bool) error {
	ids := make(map[string]int, len(recs))
	for i := range recs {
		place := itemPlace("feedback", i, recs[i].ID)
		if err := recs[i].check(c, week); err != nil {
			return &Error{Code: EINVALID, Field: place, Message: ErrorMessage(err)}
		}
		if j, dup := ids[recs[i].ID]; dup {
			return Invalid(place, "id: feedback %d has the same id; ids are unique", j+1)
		}
		ids[recs[i].ID] = i
	}
	return nil
}

// feedback returns r as the journal keeps an item: its days parsed in the
// export's date form (week: a week gives its Monday), its texts and
// observed rating as they are. EINVALID naming "day" or "received" when a
// date does not parse.
func (r *FeedbackRecord) feedback(week bool) (Feedback, error) {
	f := Feedback{ID: r.ID}
	var err error
	if f.Day, err = parseExportDate(r.Day, week); err != nil {
		return f, Invalid("day", "%s", ErrorMessage(err))
	}
	if f.Received, err = parseExportDate(r.Received, week); err != nil {
		return f, Invalid("received", "%s", ErrorMessage(err))
	}
	for _, p := range []struct {
		dst *string
		v   *string
	}{{&f.Skill, r.Skill}, {&f.Note, r.Note}, {&f.Coach, r.Coach}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
	if r.Observed != nil {
		f.Observed = *r.Observed
	}
	return f, nil
}

func (r *FeedbackRecord) check(c Catalog, week bool) error {
	f, err := r.feedback(week)
	if err != nil {
		return err
	}
	if r.Observed != nil && f.Observed == 0 {
		return Invalid("observed", "0 is outside 1-5; null for an item without a rating")
	}
	if err := f.Validate(); err != nil {
		return err
	}
	if f.Skill != "" {
		if _, ok := c.Find(f.Skill); !ok {
			return Invalid("skill", "unknown skill %q (the export's skills list them)", f.Skill)
		}
	}
	switch {
	case r.SelfCount < 0:
		return Invalid("self_count", "%d is not a count", r.SelfCount)
	case r.SelfMean == nil:
	case f.Observed == 0 || r.SelfCount == 0:
		return Invalid("self_mean", "present without an observed rating and own ratings to compare")
	case !(*r.SelfMean >= 1 && *r.SelfMean <= 5):
		return Invalid("self_mean", "%v is outside 1-5", *r.SelfMean)
	}
	return nil
}

// FeedbackItems returns the coach feedback x carries (ExportFeedback) as
// the journal keeps it, each with its coach and day received; in a
// week-dated export a week gives its Monday. EINVALID if a date does not
// parse (never for an export from ReadExport).
func (x *Export) FeedbackItems() ([]Feedback, error) {
	week := x.WeekDates()
	out := make([]Feedback, len(x.Feedback))
	for i := range x.Feedback {
		f, err := x.Feedback[i].feedback(week)
		if err != nil {
			return nil, Invalid(itemPlace("feedback", i, f.ID), "%s", ErrorMessage(err))
		}
		out[i] = f
	}
	return out, nil
}

// AddFeedback adds f, a new item that answers the export x, to file, the
// feedback file as it is (nil for a new one), and returns the file to
// write: f normalized and validated, its skill one of x's skills, the
// file's facilitator x's, its coach f's when f names one, written at now.
// f needs its ID (NewID) and Day; file is not modified. What `hone
// feedback add` and review mode do, without the files. EINVALID, naming
// the field, for an item that is not valid, an export without a journal
// id, a file that answers another journal, or a full file.
func AddFeedback(file *FeedbackFile, x *Export, f Feedback, now time.Time) (*FeedbackFile, error) {
	if x.Journal == "" {
		return nil, Invalid("journal", "missing: this export was made by an older hone, so feedback could not find its journal; ask for a new export")
	}
	out := &FeedbackFile{Format: FeedbackFormat, Version: FeedbackVersion, Journal: x.Journal}
	if file != nil {
		out = &FeedbackFile{Format: FeedbackFormat, Version: FeedbackVersion, Journal: file.Journal,
			Facilitator: file.Facilitator, Coach: file.Coach, Items: slices.Clone(file.Items)}
	}
	switch {
	case out.Journal != x.Journal:
		return nil, Invalid("journal", "this feedback file answers another journal's export (%s), not this export's (%s); write to another file", out.Journal, x.Journal)
	case len(out.Items) >= MaxFeedbackItems:
		return nil, Invalid("items", "the file holds %d items, as many as one file holds; start another file", len(out.Items))
	}
	f.Normalize()
	f.Received = 0
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.Skill != "" {
		if _, ok := x.Catalog().Find(f.Skill); !ok {
			msg := "unknown skill " + strconv.Quote(f.Skill)
			if near := x.Catalog().Nearest(f.Skill, 3); len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, ", ") + "?"
			}
			return nil, Invalid("skill", "%s (the export's skills list them)", msg)
		}
	}
	for _, it := range out.Items {
		if it.ID == f.ID {
			return nil, Invalid("id", "%s is taken in the file; ids are unique", f.ID)
		}
	}
	if x.Facilitator != "" {
		out.Facilitator = x.Facilitator
	}
	if f.Coach != "" {
		out.Coach = f.Coach
	}
	out.WrittenAt = now.UTC().Truncate(time.Second)
	out.Items = append(out.Items, f.Item())
	return out, nil
}
