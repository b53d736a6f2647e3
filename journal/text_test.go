package journal

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Dad led the round.", "Dad led the round."},
		{"KeepsNewlineAndTab", "a\n\tb", "a\n\tb"},
		{"CRLF", "a\r\nb\rc", "a\nb\nc"},
		{"CSIColour", "red \x1b[31mtext\x1b[0m", "red text"},
		{"CSIClearScreen", "\x1b[2J\x1b[Hhi", "hi"},
		{"OSCTitleBEL", "\x1b]0;owned\x07ok", "ok"},
		{"OSCHyperlinkST", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"DCS", "\x1bPq#0;2;0;0;0\x1b\\after", "after"},
		{"C1CSI", "a\u009b31mb", "ab"},
		{"C1Controls", "a\u0085b\u009cc", "abc"},
		{"Bell", "ding\x07", "ding"},
		{"Null", "a\x00b", "ab"},
		{"Delete", "a\x7fb", "ab"},
		{"BidiOverride", "abc\u202edcba\u202c", "abcdcba"},
		{"BidiIsolate", "\u2066x\u2069", "x"},
		{"LoneEscape", "end\x1b", "end"},
		{"EscapeCharset", "\x1b(Bplain", "plain"},
		{"UnicodeKept", "Grand-mère — 👍", "Grand-mère — 👍"},
		{"InvalidUTF8Kept", "a\xffb", "a\xffb"},
		{"RemovalJoinsBytesIntoAControl", "\xc2\x18\x81", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeLine(t *testing.T) {
	if got, want := SafeLine("a\nb\tc\xff\x1b[1m"), "a b c\uFFFD"; got != want {
		t.Errorf("SafeLine = %q, want %q", got, want)
	}
}

// FuzzCleanText checks that cleaned text holds no control character but
// newline and tab, no escape, and that cleaning twice changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mx", "\x1b]0;t\x07", "\u009b1m", "a\r\nb", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := SafeText(s)
		if !utf8.ValidString(c) {
			t.Fatalf("SafeText(%q) is not UTF-8", s)
		}
		for _, r := range c {
			if r != '\n' && r != '\t' && isControl(r) {
				t.Fatalf("SafeText(%q) = %q keeps %U", s, c, r)
			}
		}
		if strings.ContainsRune(c, 0x1b) {
			t.Fatalf("SafeText(%q) keeps ESC", s)
		}
		if again := SafeText(c); again != c {
			t.Fatalf("SafeText is not idempotent on %q: %q then %q", s, c, again)
		}
	})
}
