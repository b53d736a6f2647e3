package journal_test

import (
	"bytes"
	"strings"
	"testing"

	"hone/journal"
)

func writeMarkdown(t *testing.T, x *journal.Export) string {
	t.Helper()
	var b bytes.Buffer
	if err := journal.WriteExportMarkdown(&b, x, exportEnd); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExportMarkdownCoachSafe(t *testing.T) {
	es := testJournal(t, 300)
	c := journal.BuiltinSkills()
	c = append(c, journal.Skill{ID: "own.pipe", Name: "Pipes | and <b>tags</b> # here", KeyElement: "# Not a heading"})
	for _, week := range []bool{false, true} {
		x := journal.BuildExport(es, c, journal.ExportOptions{WeekDates: week, Now: exportNow, Facilitator: "Sam | Rivera"})
		md := writeMarkdown(t, x)
		assertNoMarkers(t, "coach-safe Markdown", md, es)
		for _, want := range []string{
			"# Practice report: Sam \\| Rivera\n",
			"## Drift by skill", "## Key elements", "## Shared reflections",
			journal.SharedRatingNote, "Coach-safe export", "Not included: notes, titles",
			"| MI skills (eng.mi) | Strength \\& Family Driven |",
			"Pipes \\| and \\<b\\>tags\\</b\\> \\# here (own.pipe) | \\# Not a heading |",
			"> " + markerShared + " with | pipe and # hash",
			"F1",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("week %t: Markdown lacks %q", week, want)
			}
		}
		if week != strings.Contains(md, "Dates are ISO weeks") {
			t.Errorf("week %t: the week note is wrong", week)
		}
		// Tables keep their columns: every row of the drift table has 8 pipes.
		in := false
		for _, l := range strings.Split(md, "\n") {
			switch {
			case strings.HasPrefix(l, "| Skill |"):
				in = true
			case in && !strings.HasPrefix(l, "|"):
				in = false
			}
			if in && strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 8 {
				t.Errorf("a drift row breaks its columns: %s", l)
			}
		}
		// No heading but the report's own.
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "# Practice report") && !strings.HasPrefix(l, "## ") && !strings.HasPrefix(l, "### ") {
				t.Errorf("stray heading: %s", l)
			}
		}
	}
}

func TestExportMarkdownFull(t *testing.T) {
	es := testJournal(t, 60)
	md := writeMarkdown(t, journal.BuildExport(es, journal.BuiltinSkills(), journal.ExportOptions{Full: true, Now: exportNow}))
	for _, want := range []string{"## Entries", "Full export", markerNote, markerTitle, markerPrivate + " 🙈", "(private)",
		"> \\# Heading", "&lt;script>alert(1)&lt;/script>", "Réunion — équipe 🌱 \\| pipes"} {
		if !strings.Contains(md, want) {
			t.Errorf("full Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "<script>") {
		t.Errorf("raw HTML from notes reached the Markdown")
	}
	if strings.ContainsRune(md, 0x1b) || !strings.Contains(md, "red light") {
		t.Errorf("text was not made safe")
	}
}
