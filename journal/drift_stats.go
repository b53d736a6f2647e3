package journal

import (
	"slices"
)

// Number is a float64 that may be undefined, such as the baseline of a
// skill with too few ratings. The zero Number is undefined.
type Number struct {
	Value float64
	Valid bool
}

func num(v float64) Number { return Number{Value: v, Valid: true} }

// tenths is the Number of a whole number of tenths.
func tenths(t int) Number { return num(float64(t) / 10) }

// String formats n for people with at most one decimal, trimmed ("4",
// "2.8"), or "-" when n is undefined.
func (n Number) String() string {
	if !n.Valid {
		return "-"
	}
	return fmtPoints(n.Value)
}

// median2 returns twice the median of vs, which is not empty: a whole
// number even when the median is halfway between two values. vs is not
// modified.
func median2(vs []int) int {
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return 2 * s[n/2]
	}
	return s[n/2-1] + s[n/2]
}

// medianGap2 returns twice the median gap in days between consecutive
// ratings of rs, which are sorted; ratings of the same day are 0 days
// apart. ok is false with fewer than 2 ratings. The gaps are counted by
// length rather than sorted when no gap is longer than their number (the
// usual case: years of ratings a few days apart).
func medianGap2(rs []Rating) (gap2 int, ok bool) {
	n := len(rs) - 1
	if n < 1 {
		return 0, false
	}
	longest := 0
	for i := range n {
		longest = max(longest, int(rs[i+1].Date-rs[i].Date))
	}
	if longest > n {
		gaps := make([]int, n)
		for i := range gaps {
			gaps[i] = int(rs[i+1].Date - rs[i].Date)
		}
		return median2(gaps), true
	}
	counts := make([]int, longest+1)
	for i := range n {
		counts[rs[i+1].Date-rs[i].Date]++
	}
	// The gaps at the middle positions (n-1)/2 and n/2 of their sorted
	// order: one gap, twice, when n is odd.
	low, seen := -1, 0
	for gap, c := range counts {
		seen += c
		if low < 0 && seen > (n-1)/2 {
			low = gap
		}
		if seen > n/2 {
			return low + gap, true
		}
	}
	panic("unreachable: the counts hold n gaps")
}

// theilSen returns the Theil-Sen slope of rs (sorted) in points per 30 days:
// the median of the slopes between every two ratings on different days. It
// is undefined when rs holds fewer than 2 distinct days.
func theilSen(rs []Rating) Number {
	var slopes []float64
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if days := rs[j].Date - rs[i].Date; days != 0 {
				slopes = append(slopes, float64(driftSlopeDays*(rs[j].Value-rs[i].Value))/float64(days))
			}
		}
	}
	if len(slopes) == 0 {
		return Number{}
	}
	slices.Sort(slopes)
	n := len(slopes)
	if n%2 == 1 {
		return num(slopes[n/2])
	}
	return num((slopes[n/2-1] + slopes[n/2]) / 2)
}
