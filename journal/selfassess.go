package journal

import (
	"cmp"
	"slices"
	"strings"
)

// SkillChange is how the rating of one skill moved between two
// self-assessments. Before and After are the ratings in the earlier and the
// later one, 0 when that one does not rate the skill. Delta is After -
// Before when both rate it, and 0 otherwise.
type SkillChange struct {
	Skill         string
	Before, After int // 0 = not rated
	Delta         int
}

// Moved says in a word or two how c moved: "moved up", "moved down",
// "stayed", "rated only now" or "not rated this time".
func (c SkillChange) Moved() string {
	switch {
	case c.Before == 0:
		return "rated only now"
	case c.After == 0:
		return "not rated this time"
	case c.Delta > 0:
		return "moved up"
	case c.Delta < 0:
		return "moved down"
	}
	return "stayed"
}

// CompareSelfAssessments compares the ratings of two self-assessments: prev,
// the earlier, and cur, the later; either may be nil (no ratings). It returns
// one SkillChange for every skill rated in either, in this order:
//
//  1. the drops, biggest first;
//  2. the rises, biggest first;
//  3. the skills rated the same in both;
//  4. the skills rated only in cur, then those rated only in prev.
//
// Within each of these, skills come in the order of their ids.
func CompareSelfAssessments(prev, cur *Entry) []SkillChange {
	var before, after map[string]int
	if prev != nil {
		before = prev.Ratings
	}
	if cur != nil {
		after = cur.Ratings
	}
	out := make([]SkillChange, 0, max(len(before), len(after)))
	for id, a := range after {
		c := SkillChange{Skill: id, Before: before[id], After: a}
		if c.Before != 0 && c.After != 0 {
			c.Delta = c.After - c.Before
		}
		out = append(out, c)
	}
	for id, b := range before {
		if _, ok := after[id]; !ok {
			out = append(out, SkillChange{Skill: id, Before: b})
		}
	}
	slices.SortFunc(out, func(a, b SkillChange) int {
		return cmp.Or(cmp.Compare(changeRank(a), changeRank(b)),
			cmp.Compare(abs(b.Delta), abs(a.Delta)), strings.Compare(a.Skill, b.Skill))
	})
	return out
}

// changeRank orders the groups of CompareSelfAssessments.
func changeRank(c SkillChange) int {
	switch {
	case c.Before == 0:
		return 3
	case c.After == 0:
		return 4
	case c.Delta < 0:
		return 0
	case c.Delta > 0:
		return 1
	}
	return 2
}

// same reports whether a and b are the same stored entry: one id.
func same(a, b *Entry) bool { return b != nil && a.ID == b.ID }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// LatestSelfAssessments returns the two newest entries of kind
// self-assessment dated on or before asOf: cur, the newest, and prev, the one
// before it. Entries are ordered by date, then by id (creation), so of two
// on one day the one created later counts as the newer. Entries of other
// kinds and those after asOf are ignored, and so is an entry given twice (by
// id); cur and prev are nil when there are not enough. entries may come in
// any order and is not modified.
func LatestSelfAssessments(entries []*Entry, asOf Day) (cur, prev *Entry) {
	newer := func(a, b *Entry) bool {
		return a.Date > b.Date || a.Date == b.Date && a.ID > b.ID
	}
	for _, e := range entries {
		if e == nil || e.Kind != KindSelfAssessment || e.Date > asOf || e.ID != "" && (same(e, cur) || same(e, prev)) {
			continue
		}
		switch {
		case cur == nil || newer(e, cur):
			cur, prev = e, cur
		case prev == nil || newer(e, prev):
			prev = e
		}
	}
	return cur, prev
}
