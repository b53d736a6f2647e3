package journal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hone/journal"
)

// peerMembers are the members of peerTeam for the team's reports.
func peerMembers(t *testing.T) []*journal.TeamMember {
	t.Helper()
	var members []*journal.TeamMember
	for _, x := range peerExports() {
		m, err := journal.NewTeamMember(x, "", teamEnd)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, m)
	}
	return members
}

// TestAgendaGolden checks the agenda of the hand-built team of peerTeam:
// three topics (facilitation and MI, 2 drifting or on watch each; the low
// skill, steady but at a median of 2), who could lead each by the peer
// rule, questions from the built-in prompts (Rolfe's for the low skill,
// which has none of its own), and the follow-up of a hand-written earlier
// agenda.
func TestAgendaGolden(t *testing.T) {
	prev := &journal.AgendaRecord{Version: 1, AsOf: (teamEnd - 28).String(), Topics: []journal.AgendaTopicRecord{
		{Skill: "own.shared", Name: "Shared skill", Flagged: 2, Facilitators: 4, Median: "2.5"},
		{Skill: "eng.mi", Name: "MI skills", Flagged: 1, Facilitators: 4, Median: "3"},
		{Skill: "gone.skill", Name: "A skill since archived", Flagged: 2, Facilitators: 3},
	}}
	for _, tc := range []struct {
		name, golden string
		prev         *journal.AgendaRecord
	}{
		{"First", "agenda.golden", nil},
		{"Since", "agenda_since.golden", prev},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := journal.WriteAgenda(&b, peerMembers(t), teamEnd, journal.BuiltinPrompts(), tc.prev); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./journal -run Agenda -update)", err)
			}
			if got != string(want) {
				t.Errorf("agenda differs from %s (run go test ./journal -run Agenda -update and review the diff):\n%s", path, got)
			}
		})
	}
}

// TestAgendaRecordRoundTrip reads back what an agenda records of itself.
func TestAgendaRecordRoundTrip(t *testing.T) {
	var b strings.Builder
	if err := journal.WriteAgenda(&b, peerMembers(t), teamEnd, journal.BuiltinPrompts(), nil); err != nil {
		t.Fatal(err)
	}
	// A person may edit the agenda around the line: it is found anyway.
	edited := "Notes from the session\n\n" + b.String() + "\nWe ran out of time.\n"
	rec, err := journal.ReadAgendaRecord(strings.NewReader(edited))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tp := range rec.Topics {
		got = append(got, tp.Skill+" "+tp.Median)
	}
	if rec.AsOf != teamEnd.String() || strings.Join(got, ", ") != "team.facil 3, eng.mi 3.8, own.low 2" {
		t.Errorf("record %s %v", rec.AsOf, got)
	}
}

func TestAgendaRecordRefused(t *testing.T) {
	for name, text := range map[string]string{
		"no line":  "# Learning session agenda\n",
		"damaged":  "<!-- hone-agenda {\"version\":1,\"as_of\": -->\n",
		"no date":  "<!-- hone-agenda {\"version\":1,\"as_of\":\"soon\",\"topics\":[]} -->\n",
		"version":  "<!-- hone-agenda {\"version\":9,\"as_of\":\"2026-03-01\",\"topics\":[]} -->\n",
		"no skill": "<!-- hone-agenda {\"version\":1,\"as_of\":\"2026-03-01\",\"topics\":[{\"skill\":\"\"}]} -->\n",
		"binary":   strings.Repeat("\x00", 100),
	} {
		_, err := journal.ReadAgendaRecord(strings.NewReader(text))
		if err == nil || !strings.Contains(err.Error(), "agenda") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line naming the agenda", name, err)
		}
	}
}
