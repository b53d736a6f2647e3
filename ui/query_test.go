package ui

import (
	"testing"

	"hone/journal"
)

func TestParseQuery(t *testing.T) {
	c := journal.BuiltinSkills()
	day := func(s string) journal.Day {
		d, err := journal.ParseDay(s, testToday)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name  string
		query string
		want  journal.EntryFilter
	}{
		{"Empty", "", journal.EntryFilter{}},
		{"Words", "grandmother  school", journal.EntryFilter{Search: "grandmother school"}},
		{"Skill", "skill:eng.mi", journal.EntryFilter{Skill: "eng.mi"}},
		{"SkillByTail", "skill:facil", journal.EntryFilter{Skill: "team.facil"}},
		{"Tag", "tag:#MI", journal.EntryFilter{Tag: "mi"}},
		{"KindPrefix", "kind:cri", journal.EntryFilter{Kind: journal.KindCrisis}},
		{"Family", "family:F12", journal.EntryFilter{Family: "F12"}},
		{"Dates", "since:-30d until:2026-03-01", journal.EntryFilter{Since: ptr(day("-30d")), Until: ptr(day("2026-03-01"))}},
		{"Mixed", "respite skill:eng.mi tag:mi kind:crisis family:F12 plan",
			journal.EntryFilter{Search: "respite plan", Skill: "eng.mi", Tag: "mi", Kind: journal.KindCrisis, Family: "F12"}},
		{"UnknownFieldIsText", "note:this", journal.EntryFilter{Search: "note:this"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseQuery(tt.query, testToday, c)
			if err != nil {
				t.Fatal(err)
			}
			if !sameFilter(got, tt.want) {
				t.Errorf("parseQuery(%q) = %+v, want %+v", tt.query, got, tt.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	c := journal.BuiltinSkills()
	tests := []struct {
		name, query, field string
	}{
		{"ErrUnknownSkill", "skill:eng.mx", "skill"},
		{"ErrKind", "kind:party", "kind"},
		{"ErrSince", "since:yesteryear", "since"},
		{"ErrUntil", "until:2026-02-30", "until"},
		{"ErrTag", "tag:a_b", "tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseQuery(tt.query, testToday, c)
			var je *journal.Error
			if !asError(err, &je) || je.Field != tt.field {
				t.Errorf("parseQuery(%q) error = %v, want one naming %q", tt.query, err, tt.field)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func sameFilter(a, b journal.EntryFilter) bool {
	day := func(d *journal.Day) journal.Day {
		if d == nil {
			return -1 << 30
		}
		return *d
	}
	return a.Search == b.Search && a.Skill == b.Skill && a.Tag == b.Tag && a.Kind == b.Kind &&
		a.Family == b.Family && day(a.Since) == day(b.Since) && day(a.Until) == day(b.Until)
}
