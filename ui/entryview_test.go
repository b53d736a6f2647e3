package ui

import (
	"regexp"
	"slices"

	"github.com/charmbracelet/x/ansi"
	"strings"
	"testing"

	"hone/journal"
)

// osc is any OSC sequence: ESC ] ... ended by BEL or ESC \.
var osc = regexp.MustCompile("\x1b\\][^\x07\x1b]*(\x07|\x1b\\\\)")

// TestNotesLinksAsText: notes rendered in the entry view show a link as
// its words and its target, as text; no terminal hyperlink (OSC 8), whose
// target could be any scheme behind any label (issue 17, item 12).
func TestNotesLinksAsText(t *testing.T) {
	for _, tc := range []struct {
		name, notes string
		targets     []string // shown as text
	}{
		{"Label", "see [the plan](https://example.org/plan) today", []string{"https://example.org/plan"}},
		{"OtherScheme", "[open](file:///etc/passwd) or [run](javascript:alert(1))", []string{"file:///etc/passwd", "javascript:alert(1)"}},
		{"Image", "![family photo](https://t.example/pixel.png)", []string{"https://t.example/pixel.png"}},
		{"Autolink", "<https://example.org/auto> and <someone@example.org>", []string{"https://example.org/auto", "someone@example.org"}},
		{"Reference", "[ref][r]\n\n[r]: ssh://host/x", []string{"ssh://host/x"}},
		{"Nested", "[![in](https://t.example/n.png)](https://t.example/out)", []string{"https://t.example/n.png", "https://t.example/out"}},
		{"InList", "- [a](https://a.example)\n- [b](mailto:x@example.org)", []string{"https://a.example", "mailto:x@example.org"}},
		{"InTable", "| a | b |\n|---|---|\n| [c](https://c.example) | d |", []string{"https://c.example"}},
		{"Heading", "# [h](https://h.example)", []string{"https://h.example"}},
		{"Spaced", "[x](<https://t.example/a b>) [y](<javascript:a b>)", []string{"https://t.example/a b", "javascript:a b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, dark := range []bool{true, false} {
				for _, mono := range []bool{false, true} {
					st := newStyles(dark, mono)
					got := renderNotes(&journal.Entry{Notes: tc.notes}, &st, 100)
					if m := osc.FindString(got); m != "" {
						t.Errorf("dark %t mono %t: the notes hold an OSC sequence %q:\n%q", dark, mono, m, got)
					}
					if strings.Contains(got, "\x1b]") {
						t.Errorf("dark %t mono %t: the notes hold an OSC introducer:\n%q", dark, mono, got)
					}
					plainText := stripANSI(got)
					for _, target := range tc.targets {
						if !strings.Contains(plainText, target) {
							t.Errorf("dark %t mono %t: the target %q is not shown:\n%s", dark, mono, target, plainText)
						}
					}
				}
			}
		})
	}
}

func TestDropOSC(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"None", "plain \x1b[1mbold\x1b[m", "plain \x1b[1mbold\x1b[m"},
		{"BEL", "a\x1b]8;id=1;https://x\abc\x1b]8;;\ad", "abcd"},
		{"ST", "a\x1b]8;;file:///x\x1b\\b\x1b]8;;\x1b\\c", "abc"},
		{"EndedByCSI", "a\x1b]8;;x\x1b[1mb", "a\x1b[1mb"},
		{"Unended", "a\x1b]8;;https://x", "a"},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dropOSC(tc.in); got != tc.want {
				t.Errorf("dropOSC(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestNotesKeepTheirLines: notes typed on separate lines show on separate
// lines, not run together into one paragraph (Markdown's soft breaks).
func TestNotesKeepTheirLines(t *testing.T) {
	out := ansi.Strip(renderMarkdown("Met the family.\nGrandmother came too.\nNext: the school.", "dark", 80))
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	want := []string{"Met the family.", "Grandmother came too.", "Next: the school."}
	if !slices.Equal(lines, want) {
		t.Errorf("the notes render as %q, want %q", lines, want)
	}
}
