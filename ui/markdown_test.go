package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"hone/journal"
)

// plainMarkdown renders md in w cells with the dark palette, as plain text.
func plainMarkdown(md string, w int) []string {
	st := newStyles(true, false)
	lines := renderMarkdown(md, &st.Notes, w)
	for i, l := range lines {
		lines[i] = ansi.Strip(l)
	}
	return lines
}

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name string
		md   string
		w    int // 40 when 0
		want []string
	}{
		{name: "Empty", md: "", want: nil},
		{name: "Paragraph", md: "One two\nthree.", want: []string{"One two three."}},
		{name: "Paragraphs", md: "One.\n\nTwo.", want: []string{"One.", "", "Two."}},
		{name: "HardLineBreak", md: "One two  \nthree\\\nfour", want: []string{"One two", "three", "four"}},
		{name: "Heading", md: "## What happened\n\nText.", want: []string{"## What happened", "", "Text."}},
		{name: "SetextHeading", md: "Plan\n====", want: []string{"# Plan"}},
		{name: "Emphasis", md: "*a* **b** _c_ __d__ ***e***", want: []string{"a b c d e"}},
		{name: "CodeSpan", md: "Run `go test  ./...` now", want: []string{"Run go test  ./... now"}},
		{name: "BulletList", md: "- one\n- two\n* three", want: []string{"• one", "• two", "", "• three"}},
		{name: "NestedList", md: "- a\n  - b\n    - c\n      - d\n- e",
			want: []string{"• a", "  ◦ b", "    ▪ c", "      ▪ d", "• e"}},
		{name: "NumberedList", md: "9. nine\n10. ten\n11. eleven",
			want: []string{" 9. nine", "10. ten", "11. eleven"}},
		{name: "NumberedInBullets", md: "- a\n  1. b\n  2. c", want: []string{"• a", "  1. b", "  2. c"}},
		{name: "LooseList", md: "- one\n\n- two", want: []string{"• one", "", "• two"}},
		{name: "ListItemParagraphs", md: "1. one\n\n   more\n2. two",
			want: []string{"1. one", "", "   more", "", "2. two"}},
		{name: "EmptyListItem", md: "-\n- b", want: []string{"•", "• b"}},
		{name: "Blockquote", md: "> quoted\n> text\n>\n> - item", want: []string{"│ quoted text", "│", "│ • item"}},
		{name: "NestedBlockquote", md: "> a\n>> b", want: []string{"│ a", "│", "│ │ b"}},
		{name: "FencedCode", md: "```go\nfunc f() {\n\treturn\n\n}\n```",
			want: []string{"  func f() {", "      return", "", "  }"}},
		{name: "IndentedCode", md: "Text:\n\n    x := 1\n    y := 2", want: []string{"Text:", "", "  x := 1", "  y := 2"}},
		{name: "CodeNotWrapped", md: "```\naaaa bbbb cccc\n```", w: 10, want: []string{"  aaaa bbb", "  b cccc"}},
		{name: "Link", md: "See [the guide](https://example.org/guide).", w: 50,
			want: []string{"See the guide (https://example.org/guide)."}},
		{name: "LinkIsURL", md: "[https://example.org](https://example.org)", want: []string{"https://example.org"}},
		{name: "ReferenceLink", md: "[guide][g]\n\n[g]: https://example.org", want: []string{"guide (https://example.org)"}},
		{name: "AutoLink", md: "<https://example.org> <ana@example.org>", want: []string{"https://example.org ana@example.org"}},
		{name: "Image", md: "![the chart](chart.png)", want: []string{"the chart (chart.png)"}},
		{name: "ThematicBreak", md: "a\n\n---\n\nb", w: 10, want: []string{"a", "", "──────────", "", "b"}},
		{name: "Entities", md: "Tom &amp; Ana &copy; &#233; \\*not\\*", want: []string{"Tom & Ana © é *not*"}},
		{name: "InlineHTML", md: "a <b>bold</b> <script>x()</script>", want: []string{"a <b>bold</b> <script>x()</script>"}},
		{name: "HTMLBlock", md: "<div>\n<i>hi</i>\n</div>\n\n<!-- a\nnote -->", want: []string{"<div>", "<i>hi</i>", "</div>", "", "<!-- a", "note -->"}},
		{name: "Wrap", md: "the quick brown fox jumps over the lazy dog", w: 15,
			want: []string{"the quick brown", "fox jumps over", "the lazy dog"}},
		{name: "WrapHangsInList", md: "- the quick brown fox jumps", w: 12,
			want: []string{"• the quick", "  brown fox", "  jumps"}},
		{name: "WrapHangsInQuote", md: "> the quick brown fox", w: 12, want: []string{"│ the quick", "│ brown fox"}},
		{name: "WrapHeading", md: "### the quick brown fox", w: 14, want: []string{"### the quick", "    brown fox"}},
		{name: "LongWord", md: "abcdefghijklmnop", w: 10, want: []string{"abcdefghij", "klmnop"}},
		{name: "WideRunes", md: "練習 練習練習 練習練習練習", w: 10, want: []string{"練習", "練習練習", "練習練習練", "習"}},
		{name: "Emoji", md: "👍 done 👍 and 👍", w: 8, want: []string{"👍 done", "👍 and", "👍"}},
		{name: "EscapeSequences", md: "a\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07b \u009b2Jc \xff", want: []string{"ared b c \ufffd"}},
		{name: "EscapeAsReference", md: "&#27;[31mred &#x9b;2Jdone", want: []string{"[31mred done"}},
		{name: "Tabs", md: "a\tb", want: []string{"a b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			if w == 0 {
				w = 40
			}
			got := plainMarkdown(tt.md, w)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "|\n"), strings.Join(tt.want, "|\n"))
			}
			for i, l := range got {
				if n := ansi.StringWidth(l); n > w {
					t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
				}
			}
		})
	}
}

// sampleNotes is Markdown with every construct the renderer knows.
const sampleNotes = "# Plan review\n\nThe caregiver set the *agenda*. We reviewed **three** strategies, " +
	"see [the guide](https://example.org/guide) and `safety-plan.md`:\n\n" +
	"1. morning routine\n2. school transport\n   - bus\n   - taxi, paid by the **county**\n\n" +
	"> She said: *we can do mornings*.\n\n```\nnext:  call the teacher\n```\n\n---\n\n" +
	"練習 makes progress. <b>Raw</b> HTML.  \nNext line."

// TestRenderMarkdownWidths checks that no line, styles and all, is wider
// than the width asked for.
func TestRenderMarkdownWidths(t *testing.T) {
	for _, mono := range []bool{false, true} {
		st := newStyles(true, mono)
		for w := minNoteWidth; w <= 80; w++ {
			for i, l := range renderMarkdown(sampleNotes, &st.Notes, w) {
				if n := ansi.StringWidth(l); n > w {
					t.Errorf("mono=%v width %d: line %d is %d cells: %q", mono, w, i+1, n, l)
				}
			}
		}
	}
}

// TestRenderMarkdownMonochrome checks that in monochrome (NO_COLOR) the
// notes carry no escape sequence, and that marks show what styles would.
func TestRenderMarkdownMonochrome(t *testing.T) {
	st := newStyles(false, true)
	out := strings.Join(renderMarkdown(sampleNotes, &st.Notes, 60), "\n")
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Fatalf("an escape at %d: %q", i, out[max(0, i-20):min(len(out), i+20)])
	}
	for _, want := range []string{"*agenda*", "**three**", "`safety-plan.md`", "**county**", "*we can do mornings*"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

// TestRenderMarkdownStylesEachLine checks that a style broken over lines
// starts again on each, so that a line shown alone (the viewport scrolls
// line by line) keeps it, and that every line ends with the styles reset.
func TestRenderMarkdownStylesEachLine(t *testing.T) {
	for _, dark := range []bool{false, true} {
		st := newStyles(dark, false)
		lines := renderMarkdown("**one two three four five six**", &st.Notes, 10)
		if len(lines) < 3 {
			t.Fatalf("dark=%v: %d lines, want 3 or more: %q", dark, len(lines), lines)
		}
		bold := newPainter(st.Notes.strong.Inherit(st.Notes.text)).pre
		for i, l := range lines {
			if !strings.HasPrefix(l, bold) || !strings.HasSuffix(l, "\x1b[m") {
				t.Errorf("dark=%v: line %d is not styled on its own: %q", dark, i+1, l)
			}
		}
	}
}

// sgr matches the style sequences the renderer writes itself.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// TestRenderNotesInert checks that escape sequences and HTML in an entry's
// notes, written raw or as character references, come out as inert text.
func TestRenderNotesInert(t *testing.T) {
	notes := []string{
		"clear \x1b[2J\x1b[H screen",
		"title \x1b]0;owned\x07 and \x1b]52;c;cm0gLXJmIH4=\x1b\\ clipboard",
		"link \x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\",
		"c1 \u009b2J and \u009d0;x\u009c done",
		"ref &#27;[2J &#x1b;]0;t&#7; &#155;2J &#x9d;",
		"`code \x1b[31m` and\n\n```\n\x1b[31mred\n```",
		"<script>alert(1)</script> <img src=x onerror=alert(1)>",
		"<div onclick=\"x()\">\n*hi*\n</div>",
		"[a](javascript:alert(1)) [b](\x1b[31m)",
		"bidi \u202eevil\u202c text",
	}
	for _, dark := range []bool{false, true} {
		for _, mono := range []bool{false, true} {
			st := newStyles(dark, mono)
			for _, n := range notes {
				out := renderNotes(&journal.Entry{Notes: n}, &st, 80)
				rest := sgr.ReplaceAllString(out, "")
				if i := strings.IndexFunc(rest, isUnsafe); i >= 0 {
					t.Errorf("dark=%v mono=%v: %q leaves %q", dark, mono, n, rest)
				}
				if mono && strings.Contains(out, "\x1b") {
					t.Errorf("mono: %q leaves an escape: %q", n, out)
				}
			}
		}
	}
	st := newStyles(true, false)
	out := ansi.Strip(renderNotes(&journal.Entry{Notes: notes[6]}, &st, 80))
	if !strings.Contains(out, "<script>alert(1)</script>") {
		t.Errorf("HTML is not shown as text: %q", out)
	}
}

// isUnsafe reports a control character or a bidirectional override.
func isUnsafe(r rune) bool {
	return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// TestRenderNotes checks the notes' indent under the page's heading and
// that there is nothing for empty notes.
func TestRenderNotes(t *testing.T) {
	st := newStyles(true, false)
	if got := renderNotes(&journal.Entry{Notes: " \n\x1b[2J\n "}, &st, 80); got != "" {
		t.Errorf("empty notes render as %q", got)
	}
	got := ansi.Strip(renderNotes(&journal.Entry{Notes: "One\n\n- two"}, &st, 80))
	if want := "  One\n\n  • two\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRenderMarkdownLarge renders long and deeply nested notes.
func TestRenderMarkdownLarge(t *testing.T) {
	st := newStyles(true, false)
	tests := []struct {
		name     string
		md       string
		minLines int
	}{
		{name: "Lines10000", md: largeNotes(10000), minLines: 10000 * 3 / 4},
		{name: "Paragraph10000", md: strings.Repeat("a line of a long paragraph\n", 10000), minLines: 10000 * 26 / 60},
		{name: "Quotes1000", md: strings.Repeat(">", 1000) + " deep", minLines: 1},
		{name: "Lists300", md: nestedList(300), minLines: 300}, // goldmark's time grows with the cube
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := renderMarkdown(tt.md, &st.Notes, 60)
			if len(lines) < tt.minLines {
				t.Errorf("%d lines, want %d or more", len(lines), tt.minLines)
			}
			for i, l := range lines {
				if n := ansi.StringWidth(l); n > 60 {
					t.Fatalf("line %d is %d cells: %q", i+1, n, l)
				}
			}
		})
	}
}

// largeNotes returns about n lines of notes, every construct repeated.
func largeNotes(n int) string {
	var b strings.Builder
	for i := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < n; i++ {
		b.WriteString("## Meeting " + itoa(i) + "\n\nThe caregiver set the *agenda*; we reviewed **three** strategies " +
			"and [the plan](https://example.org/" + itoa(i) + ").\n\n- morning routine\n- school transport\n  1. bus\n  2. taxi\n\n" +
			"> She said it helps.\n\n```\ncall the teacher\n```\n\n")
	}
	return b.String()
}

// nestedList returns a bullet list nested n deep.
func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- item " + itoa(i) + "\n")
	}
	return b.String()
}

func BenchmarkRenderNotes_100Lines(b *testing.B)   { benchmarkRenderNotes(b, 100) }
func BenchmarkRenderNotes_10000Lines(b *testing.B) { benchmarkRenderNotes(b, 10000) }

func benchmarkRenderNotes(b *testing.B, n int) {
	st := newStyles(true, false)
	e := &journal.Entry{Notes: largeNotes(n)}
	b.SetBytes(int64(len(e.Notes)))
	b.ReportAllocs()
	for b.Loop() {
		renderNotes(e, &st, 100)
	}
}
