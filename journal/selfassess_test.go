package journal_test

import (
	"slices"
	"testing"

	"hone/journal"
)

func TestCompareSelfAssessments(t *testing.T) {
	sa := func(ratings map[string]int) *journal.Entry {
		return &journal.Entry{Kind: journal.KindSelfAssessment, Ratings: ratings}
	}
	type sc = journal.SkillChange
	for _, tc := range []struct {
		name      string
		prev, cur *journal.Entry
		want      []sc
		moved     []string
	}{
		{"Down", sa(map[string]int{"a.x": 4}), sa(map[string]int{"a.x": 2}),
			[]sc{{"a.x", 4, 2, -2}}, []string{"moved down"}},
		{"Up", sa(map[string]int{"a.x": 2}), sa(map[string]int{"a.x": 5}),
			[]sc{{"a.x", 2, 5, 3}}, []string{"moved up"}},
		{"Same", sa(map[string]int{"a.x": 3}), sa(map[string]int{"a.x": 3}),
			[]sc{{"a.x", 3, 3, 0}}, []string{"stayed"}},
		{"OnlyInOne", sa(map[string]int{"a.old": 3}), sa(map[string]int{"a.new": 4}),
			[]sc{{"a.new", 0, 4, 0}, {"a.old", 3, 0, 0}}, []string{"rated only now", "not rated this time"}},
		{"NoPrevious", nil, sa(map[string]int{"b": 4, "a": 2}),
			[]sc{{"a", 0, 2, 0}, {"b", 0, 4, 0}}, []string{"rated only now", "rated only now"}},
		{"NoCurrent", sa(map[string]int{"a": 2}), nil,
			[]sc{{"a", 2, 0, 0}}, []string{"not rated this time"}},
		{"Neither", nil, nil, []sc{}, nil},
		{"Order",
			sa(map[string]int{"s.same": 3, "s.up1": 3, "s.up2": 2, "s.down1": 4, "s.down3": 5, "s.downb": 4, "s.gone": 1, "s.same0": 5}),
			sa(map[string]int{"s.same": 3, "s.up1": 4, "s.up2": 4, "s.down1": 3, "s.down3": 2, "s.downb": 3, "s.new": 5, "s.same0": 5}),
			[]sc{
				{"s.down3", 5, 2, -3}, // drops, biggest first
				{"s.down1", 4, 3, -1}, // equal drops by id
				{"s.downb", 4, 3, -1},
				{"s.up2", 2, 4, 2}, // rises, biggest first
				{"s.up1", 3, 4, 1},
				{"s.same", 3, 3, 0}, // unchanged, by id
				{"s.same0", 5, 5, 0},
				{"s.new", 0, 5, 0},  // only in the current one
				{"s.gone", 1, 0, 0}, // only in the previous one
			},
			[]string{"moved down", "moved down", "moved down", "moved up", "moved up", "stayed", "stayed", "rated only now", "not rated this time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := journal.CompareSelfAssessments(tc.prev, tc.cur)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			for i, c := range got {
				if i < len(tc.moved) && c.Moved() != tc.moved[i] {
					t.Errorf("%s moved %q, want %q", c.Skill, c.Moved(), tc.moved[i])
				}
			}
		})
	}
}

func TestLatestSelfAssessments(t *testing.T) {
	asOf := journal.Date(2026, 3, 29)
	e := func(id string, d journal.Day, k journal.Kind) *journal.Entry {
		return &journal.Entry{ID: id, Date: d, Kind: k}
	}
	sa := journal.KindSelfAssessment
	dec := e("01dec", asOf-100, sa)
	jan := e("02jan", asOf-60, sa)
	marA := e("03mar-a", asOf-9, sa)
	marB := e("03mar-b", asOf-9, sa)
	late := e("04apr", asOf+4, sa)
	meeting := e("05meet", asOf, journal.KindTeamMeeting)
	onAsOf := e("06today", asOf, sa)
	for _, tc := range []struct {
		name      string
		entries   []*journal.Entry
		cur, prev *journal.Entry
	}{
		{"ByDate", []*journal.Entry{jan, dec}, jan, dec},
		{"SameDayByID", []*journal.Entry{marB, jan, marA}, marB, marA},
		{"IgnoresAfterAsOf", []*journal.Entry{late, jan, dec}, jan, dec},
		{"OnAsOfCounts", []*journal.Entry{dec, onAsOf, late}, onAsOf, dec},
		{"IgnoresOtherKinds", []*journal.Entry{meeting, dec}, dec, nil},
		{"OnlyOne", []*journal.Entry{dec}, dec, nil},
		{"None", []*journal.Entry{meeting, late, nil}, nil, nil},
		{"GivenTwice", []*journal.Entry{jan, dec, e("02jan", asOf-60, sa)}, jan, dec},
		{"ThreeAnyOrder", []*journal.Entry{marA, dec, jan}, marA, jan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur, prev := journal.LatestSelfAssessments(tc.entries, asOf)
			if cur != tc.cur || prev != tc.prev {
				t.Errorf("got %s and %s, want %s and %s", entryID(cur), entryID(prev), entryID(tc.cur), entryID(tc.prev))
			}
		})
	}
}

func entryID(e *journal.Entry) string {
	if e == nil {
		return "nil"
	}
	return e.ID
}
