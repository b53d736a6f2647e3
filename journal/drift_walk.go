package journal

// The walk of the drift rule (SPEC section 4, version 2) day by day over a
// skill's ratings: episodes, the day's verdict, and the year test.

import (
	"math/big"
)

// episode is a drifting episode of the walk.
type episode struct {
	basis Basis // NoBasis: none running
	start Day
	a     int       // A in tenths, for BasisRecent
	ref   ratingSet // A's baseline set on the start day
	first bool      // the start-up baseline
}

// ending says how an episode ended on a rating day.
type ending int

const (
	notEnded     ending = iota
	endedBack           // a recent episode: the level came back within 0.2 of A
	endedYear           // a recent episode: 365 days passed
	endedYearSet        // a year episode: the year comparison no longer holds
)

// driftDay is the walk's working on one rating day: the verdict and what
// its numbers and its sentence need.
type driftDay struct {
	rs      []Rating // the ratings on or before day
	day     Day
	status  Status
	base    ratingSet
	startup bool
	b       int // B in tenths; with base not empty
	c, u, h int // tallies and the threshold H, in tenths
	level   ratingSet
	ep      episode // the running episode when drifting
	ended   episode // the episode that ended this day, with how
	how     ending
	now     ratingSet // the year comparison's sets, when it was made
	then    ratingSet
}

// meanTenths is sum / n rounded half up to a tenth, in tenths: the rule's
// floor((20 S + m) / (2 m)). sum is not negative and n is positive.
func meanTenths(sum, n int) int { return (20*sum + n) / (2 * n) }

// ceilDiv is a / b rounded up, for a >= 0 and b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// driftWalk is what the walk carries from one rating day to the next
// (SPEC section 4): the tallies, the running episode, whether the previous
// verdict was improving, and the sets it slides forward over rs.
type driftWalk struct {
	rs        []Rating
	pts       []point // rs as points
	c, u      int     // the lower and upper tallies, in tenths
	ep        episode
	improving bool
	bw, lw    ratingSet // the baseline window and the level window
	nw, tw    ratingSet // the year comparison's now and then
}

// walkDrift walks the rating days of rs (sorted, not empty) from the first
// to the newest, SPEC section 4 steps 0 to 11, and returns the working of
// the newest day, whose verdict is the skill's. Each day slides the sets
// it reads forward, so the walk is linear in the number of ratings.
func walkDrift(rs []Rating) *driftDay {
	w := newDriftWalk(rs)
	var dd driftDay
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].Date == rs[i].Date {
			j++
		}
		dd = w.day(i, j)
		i = j
	}
	return &dd
}

// newDriftWalk returns the walk of rs (sorted), before its first day.
func newDriftWalk(rs []Rating) *driftWalk {
	return &driftWalk{rs: rs, pts: pointsOf(rs)}
}

// day walks the rating day of the ratings rs[i:j].
func (w *driftWalk) day(i, j int) driftDay {
	rs, pts := w.rs, w.pts
	d := pts[i].date
	// Step 0: a return after a break.
	if i > 0 && int(d-pts[i-1].date) > driftBreak {
		w.c, w.u, w.ep, w.improving = 0, 0, episode{}, false
	}
	dd := driftDay{rs: rs[:j], day: d}

	// Step 1: the baseline set. bw.hi counts the ratings aged 30 or more.
	w.bw.slide(pts, d-driftWindowUntil, d-driftWindowFrom)
	switch {
	case w.bw.n() >= driftMinWindow:
		dd.base = w.bw
	case w.bw.hi >= driftMinWindow:
		dd.base = setOf(pts, max(0, w.bw.hi-driftStartup), w.bw.hi)
	case j >= driftStartup:
		dd.base, dd.startup = setOf(pts, 0, driftStartup), true
	}

	// Step 2: the tallies, each of the day's ratings in turn.
	if dd.base.n() > 0 {
		dd.b = meanTenths(dd.base.sum, dd.base.n())
		for k := i; k < j; k++ {
			if dd.startup && k < driftStartup {
				continue // in the start-up baseline
			}
			r := 10 * int(pts[k].value)
			w.c = max(0, w.c+min(dd.b-r, driftStepCap)-driftAllowance)
			w.u = max(0, w.u+min(r-dd.b, driftStepCap)-driftAllowance)
		}
	}
	dd.c, dd.u = w.c, w.u

	// Step 3: too few ratings, or over too few days.
	if j < driftMinRatings || int(d-pts[0].date) < driftMinSpan {
		dd.status, w.improving = StatusInsufficient, false
		return dd
	}

	// Step 4: the level set, at least the newest 6.
	w.lw.slide(pts, d-driftLevelDays, d)
	dd.level = w.lw
	if w.lw.n() < driftLevelMin {
		dd.level = setOf(pts, j-driftLevelMin, j)
	}

	// Step 5: the thresholds, from the spread of the baseline set.
	m, s, q := dd.base.n(), dd.base.sum, dd.base.sq
	spread, den := m*q-s*s, m*(m-1)
	dd.h = max(driftMinH, ceilDiv(driftHFactor*spread, den))
	watchAt := max(driftMinW, ceilDiv(driftWFactor*spread, den))

	dd.status = w.verdict(&dd, watchAt)
	dd.c = w.c
	if dd.status == StatusDrifting {
		dd.ep = w.ep
	}
	w.improving = dd.status == StatusImproving
	return dd
}

// below reports L <= ref - margin and above L >= ref + margin, exactly:
// 10 SL <= (ref - margin) nL. ref and margin are in tenths.
func (dd *driftDay) below(ref, margin int) bool {
	return 10*dd.level.sum <= (ref-margin)*dd.level.n()
}

func (dd *driftDay) above(ref, margin int) bool {
	return 10*dd.level.sum >= (ref+margin)*dd.level.n()
}

// verdict is steps 6 to 11 of the rating day dd, watchAt being W: it ends,
// continues or starts the running episode, and resets the lower tally as
// the rule says.
func (w *driftWalk) verdict(dd *driftDay, watchAt int) Status {
	d := dd.day
	// Step 6: a running recent episode ends when the level is back, or
	// after a year (both: back).
	if w.ep.basis == BasisRecent {
		back := dd.above(w.ep.a, -driftBack)
		if !back && int(d-w.ep.start) < driftEpisodeDays {
			return StatusDrifting
		}
		dd.ended, dd.how = w.ep, endedYear
		if back {
			dd.how = endedBack
		}
		w.ep, w.c = episode{}, 0
	}

	// Step 7: a new recent episode (it replaces a running year episode).
	if w.c >= dd.h && dd.below(dd.b, driftMargin) {
		w.ep = episode{basis: BasisRecent, start: d, a: dd.b, ref: dd.base, first: dd.startup}
		return StatusDrifting
	}

	// Step 8: the same months a year earlier.
	w.nw.slide(w.pts, d-driftNowDays, d)
	w.tw.slide(w.pts, d-driftThenUntil, d-driftThenFrom)
	dd.now, dd.then = w.nw, w.tw
	nn, np := w.nw.n(), w.tw.n()
	both := nn >= driftYearMin && np >= driftYearMin
	x := w.tw.sum*nn - w.nw.sum*np // D nn np
	if w.ep.basis == BasisYear {
		if both && 10*x >= 3*nn*np {
			return StatusDrifting
		}
		dd.ended, dd.how = w.ep, endedYearSet
		w.ep = episode{}
	} else if both && 2*x >= nn*np && dd.below(meanTenths(w.tw.sum, np), driftMargin) && yearTest(x, w.nw, w.tw) {
		w.ep = episode{basis: BasisYear, start: d}
		return StatusDrifting
	}

	// Steps 9 to 11.
	switch {
	case w.u >= dd.h && dd.above(dd.b, driftMargin), w.improving && dd.above(dd.b, driftStillUp):
		return StatusImproving
	case w.c >= watchAt && dd.below(dd.b, driftMargin):
		return StatusWatch
	}
	return StatusSteady
}

// yearTest is the year comparison's t condition, D / sqrt(v_then / n_then
// + v_now / n_now + 0.01) >= 3.5, in big integers (SPEC section 4,
// Exactness): x is D nn np.
func yearTest(x int, now, then ratingSet) bool {
	bi := func(v int) *big.Int { return big.NewInt(int64(v)) }
	mul := func(vs ...*big.Int) *big.Int {
		p := big.NewInt(1)
		for _, v := range vs {
			p.Mul(p, v)
		}
		return p
	}
	nn, np := bi(now.n()), bi(then.n())
	nn1, np1 := bi(now.n()-1), bi(then.n()-1)
	spreadNow := bi(now.n()*now.sq - now.sum*now.sum)
	spreadThen := bi(then.n()*then.sq - then.sum*then.sum)
	left := mul(bi(400), bi(x), bi(x), nn1, np1)
	right := mul(bi(100), spreadNow, np, np, np1)
	right.Add(right, mul(bi(100), spreadThen, nn, nn, nn1))
	right.Add(right, mul(nn, nn, np, np, nn1, np1))
	right.Mul(right, bi(49))
	return left.Cmp(right) >= 0
}

// fill copies the working of the newest rating day into d.
func (dd *driftDay) fill(d *Drift) {
	d.Status = dd.status
	d.EvaluatedOn, d.Evaluated = dd.day, true
	if dd.status == StatusInsufficient {
		return
	}
	rs := dd.rs
	d.Baseline = tenths(dd.b)
	d.Level = num(float64(dd.level.sum) / float64(dd.level.n()))
	d.CusumLow, d.CusumHigh, d.Threshold = tenths(dd.c), tenths(dd.u), tenths(dd.h)
	d.BaselineFrom, d.BaselineTo = rs[dd.base.lo].Date, rs[dd.base.hi-1].Date
	d.BaselineRatings, d.BaselineFirst = dd.base.n(), dd.startup
	d.Recent, d.LevelFrom = dd.level.n(), rs[dd.level.lo].Date
	if dd.status != StatusDrifting {
		return
	}
	d.Basis, d.DriftSince = dd.ep.basis, dd.ep.start
	ref := dd.ep.ref
	switch dd.ep.basis {
	case BasisRecent:
		d.Reference, d.ReferenceFirst = tenths(dd.ep.a), dd.ep.first
	case BasisYear:
		ref = dd.then
		d.Reference = num(float64(ref.sum) / float64(ref.n()))
	}
	d.ReferenceFrom, d.ReferenceTo, d.ReferenceRatings = rs[ref.lo].Date, rs[ref.hi-1].Date, ref.n()
}
