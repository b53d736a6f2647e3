package journal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	text2 "github.com/yuin/goldmark/text"

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
		// No heading but the report's own: sections, months, cards.
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "# Practice report") && !strings.HasPrefix(l, "## ") && !strings.HasPrefix(l, "### ") &&
				!strings.HasPrefix(l, "#### ") {
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

// linkTexts are notes and answers with Markdown links and images, inline,
// by reference, nested, behind a backslash, autolinked and as raw HTML.
var linkTexts = []string{
	"tracked ![logo](https://t.example/pixel.png) here",
	"by reference ![a][r]\n\n[r]: https://t.example/ref.png",
	"[click me](javascript:alert(1)) and [home](https://example.org)",
	`escaped \[x](https://t.example/esc) and \![y](https://t.example/esc.png)`,
	"nested [![in](https://t.example/n.png)](https://t.example/out)",
	"auto <https://t.example/auto> and <img src=https://t.example/raw.png>",
	"![spaced](<https://t.example/a b.png>) [ref link][q]\n\n[q]: <file:///etc/passwd>",
	"&#91;entity](https://t.example/ent) &#33;&#91;e](https://t.example/ent.png)",
	"- [ ] a task\n- [x] done ![](https://t.example/list.png)",
	"``![code](https://t.example/code.png)`` then ![after](https://t.example/after.png)",
}

// TestExportMarkdownNoLiveLinks: a Markdown report read in a viewer loads
// no image and follows no link from a facilitator's text (issue 17, item
// 12): notes and answers keep their words and targets as text. The report
// is parsed as CommonMark with GFM, as a viewer would.
func TestExportMarkdownNoLiveLinks(t *testing.T) {
	es := testJournal(t, 5)
	for i, text := range linkTexts {
		e := *es[0]
		e.Notes = text
		e.Reflections = []journal.Reflection{{Prompt: "What happened?", Answer: text, Shared: true}}
		for _, full := range []bool{false, true} {
			md := writeMarkdown(t, journal.BuildExport([]*journal.Entry{&e}, journal.BuiltinSkills(),
				journal.ExportOptions{Full: full, Now: exportNow}))
			src := []byte(md)
			doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text2.NewReader(src))
			err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.Image:
					t.Errorf("text %d (full %t): the report shows an image from %s", i, full, n.Destination)
				case *ast.Link:
					t.Errorf("text %d (full %t): the report links to %s", i, full, n.Destination)
				case *ast.AutoLink:
					if url := string(n.URL(src)); !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "www.") {
						t.Errorf("text %d (full %t): the report links to %s", i, full, url)
					}
				case *ast.RawHTML, *ast.HTMLBlock:
					t.Errorf("text %d (full %t): raw HTML in the report: %q", i, full, n.Text(src))
				}
				return ast.WalkContinue, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// The targets are still there to read.
			for _, target := range []string{"t.example/pixel.png", "javascript:alert(1)", "t.example/ref.png"} {
				if strings.Contains(text, target) && !strings.Contains(md, target) {
					t.Errorf("text %d (full %t): the report lost %q:\n%s", i, full, target, md)
				}
			}
		}
	}
}
